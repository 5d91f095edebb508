"""Fenced code blocks in the book's Markdown, as pytest-codeblocks sees them: each fence with its
info string, body and the marker comments (``<!--pytest-codeblocks:...-->``, ``<!--pytest.mark...-->``)
just above it. Used by the fence guard (tests/test_fences.py), tools.outputs and tools.challenges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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
        path = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{path}:{self.line}"


def fences(path: Path) -> list[Fence]:
    """Every fenced block of a Markdown file, with the marker comments that precede it."""
    return fences_in(path.read_text(encoding="utf-8").splitlines(), path)


def fences_in(lines: list[str], path: Path, first_line: int = 1) -> list[Fence]:
    """The fenced blocks of ``lines``, which start at line ``first_line`` of ``path``."""
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
        found.append(Fence(path, first_line + start, mark, fence["info"], body, markers, fence["indent"]))
        markers = []
        i += 1
    return found


# ---- the fence guard: every Python-looking fence really runs -----------------------------------------

PYTHONISH = ("py", "python", "python3", "pycon", "ipython", "ipython3")
STARTER_INFO = "{.python .starter}"  # a practice challenge's starter (run by tests/test_challenges.py)


def language(info: str) -> str:
    """The language of an info string: ``python`` for ``python title="x"`` and ``{ .python }``."""
    info = info.strip()
    if info.startswith("{"):  # ``` { .python title="x" }
        info = info.strip("{} ").lstrip(".")
    return info.split()[0].lower() if info else ""


def problems(fence: Fence) -> list[str]:
    """Why ``fence`` looks tested but would not be run by pytest-codeblocks (empty: it is fine).

    Allowed: ```python exactly (a skip needs a reason); a titled fence whose only line is a
    ``--8<--`` include; an expected-output block; a challenge starter ```{.python .starter}.
    """
    info, lang = fence.info, language(fence.info)
    expected_output = any("expected-output" in m for m in fence.markers)
    included = bool(fence.body) and all(SNIPPET.match(l) or not l.strip() for l in fence.body)
    found: list[str] = []
    if expected_output or info.strip() == STARTER_INFO:
        return found
    if lang in ("sh", "bash") and info.strip() == lang and not any("skip" in m for m in fence.markers):
        found.append(
            f"a ```{lang} fence is executed by the tests; fence shell examples as ```console "
            "or mark them <!--pytest.mark.skip(reason=\"...\")-->"
        )
    if lang not in PYTHONISH:
        return found
    if included:
        if info.strip() == "python":
            found.append('an included file must be fenced ```python title="path", not run')
        return found
    if fence.mark.startswith("~"):
        found.append("~~~ fences are not run by pytest-codeblocks; use ```python")
    elif info != "python":
        found.append(
            f"fence info string {info!r} is not run by pytest-codeblocks; write exactly "
            "```python (no title, no space, not py/pycon)"
        )
    for marker in fence.markers:
        if "skip" in marker and "reason=" not in marker:
            found.append(f"skipped block needs a reason: <!--{marker}-->")
    return found


def guard(path: Path) -> list[str]:
    """Every fence problem of one Markdown file, each as ``path:line: problem``."""
    return [f"{fence.where}: " + "; ".join(p) for fence in fences(path) if (p := problems(fence))]
