"""Helpers shared by the tests of the book (not of the engine): where the pages are, their fences."""

from __future__ import annotations

from pathlib import Path

from tools.fences import SNIPPET, Fence, fences  # noqa: F401  (re-exported for the tests)

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Markdown whose code blocks pytest-codeblocks runs (see `testpaths` in pyproject.toml).
RUN_MARKDOWN = sorted(DOCS.rglob("*.md")) + [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    *sorted((ROOT / "templates").glob("*.md")),
]
