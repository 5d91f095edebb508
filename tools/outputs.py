"""Fill or refresh the expected-output blocks of a page from a real run of its code blocks.

    python -m tools.outputs docs/chapters/update-rule.md [more.md ...]

Each ```python block is run the way the tests run it (fresh namespace, continuations joined);
the block after its ``<!--pytest-codeblocks:expected-output-->`` marker is replaced with what it
printed. Read the diff before committing: this writes what the code prints, right or wrong.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.fences import fences  # noqa: E402


def refresh(path: Path) -> int:
    """Rewrite the expected outputs of one Markdown file; return how many blocks changed."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    code, edits = "", []
    for fence in fences(path):
        if any("expected-output" in m for m in fence.markers):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(code, f"{path}:{fence.line}", "exec"), {"__name__": "__main__"})
            indent = lines[fence.line - 1][: len(lines[fence.line - 1]) - len(lines[fence.line - 1].lstrip())]
            new = [indent + l if l.strip() else l for l in out.getvalue().splitlines(keepends=True)]
            edits.append((fence.line, fence.line + len(fence.body), new))
        elif fence.info == "python":
            if any(m.strip() == "pytest-codeblocks:cont" for m in fence.markers):
                code += fence.code
            else:
                code = fence.code
    changed = 0
    for start, end, new in reversed(edits):
        if lines[start:end] != new:
            lines[start:end] = new
            changed += 1
    path.write_text("".join(lines), encoding="utf-8")
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {refresh(Path(name))} expected-output blocks updated")
