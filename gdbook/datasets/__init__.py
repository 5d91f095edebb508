"""Data files shipped with gdbook (see README.md here for sources and licences)."""
