"""Build tooling for the book (figures, MkDocs hooks, checks of the built site). Not part of the gdbook package."""
