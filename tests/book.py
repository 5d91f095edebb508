"""Helpers shared by the tests of the book (not of the engine): where the pages are, their fences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Markdown whose code blocks pytest-codeblocks runs (see `testpaths` in pyproject.toml).
RUN_MARKDOWN = sorted(DOCS.rglob("*.md")) + [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    *sorted((ROOT / "templates").glob("*.md")),
]

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})(?P<info>.*)$")
MARKER = re.compile(r"^\s*<!--\s*(?P<body>pytest[-.].*?)\s*-->\s*$")
SNIPPET = re.compile(r"""^\s*--8<--\s+["'][^"']+["']\s*$""")


@dataclass
class Fence:
    path: Path
    line: int  # 1-based line of the opening fence
    mark: str  # ``` or ~~~ (any length)
    info: str  # the info string, as written after the fence mark
    body: list[str]
    markers: list[str]  # pytest-codeblocks / pytest.mark comments just above the fence
    indent: str = ""  # the fence's indentation (inside an admonition or a tab)

    @property
    def code(self) -> str:
        """The body as pytest-codeblocks runs it: the fence's indentation removed."""
        n = len(self.indent)
        return "".join(l[min(n, len(l) - len(l.lstrip())):] + "\n" for l in self.body)

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def fences(path: Path) -> list[Fence]:
    """Every fenced block of a Markdown file, with the marker comments that precede it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Fence] = []
    markers: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        marker = MARKER.match(line)
        if marker:
            markers.append(marker["body"])
            i += 1
            continue
        fence = FENCE.match(line)
        if not fence:
            if line.strip():
                markers = []
            i += 1
            continue
        mark, start = fence["mark"], i
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(mark):
            body.append(lines[i])
            i += 1
        found.append(Fence(path, start + 1, mark, fence["info"], body, markers, fence["indent"]))
        markers = []
        i += 1
    return found
