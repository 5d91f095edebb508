"""Fill or refresh the expected-output blocks of a page from a real run of its code blocks.

    python -m tools.outputs docs/chapters/update-rule.md [more.md ...]

Each ```python block is run the way the tests run it (fresh namespace, continuations joined);
the block after its ``<!--pytest-codeblocks:expected-output-->`` marker is replaced with what it
printed, and a block (or chain of continued blocks) that prints but has no expected-output block
gets one, inserted right under it. Read the diff before committing: this writes what the code
prints, right or wrong.

An expected-output marker must follow a ```python block: pytest-codeblocks attaches the output to
the last ```python block *before* the marker, whatever lies between, so a marker under a
```text block or a challenge's starter would silently check another block's output. Such a page
is refused, naming the line, and nothing is written.
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.fences import Fence, fences  # noqa: E402

MARKER = "<!--pytest-codeblocks:expected-output-->"


class OutputError(ValueError):
    """The page's expected-output blocks cannot be filled as written."""


def _is_output(fence: Fence) -> bool:
    return any("expected-output" in m for m in fence.markers)


def _continues(fence: Fence) -> bool:
    return any(m.strip() == "pytest-codeblocks:cont" for m in fence.markers)


def _skipped(fence: Fence) -> bool:
    return any("skip" in m and "importorskip" not in m for m in fence.markers)


def _run(path: Path, fence: Fence, code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"{path}:{fence.line}", "exec"), {"__name__": "__main__"})
    return out.getvalue()


def _indented(indent: str, text: str) -> list[str]:
    return [indent + l if l.strip() else l for l in text.splitlines(keepends=True)]


def refresh(path: Path, insert: bool = True) -> int:
    """Rewrite (and, with ``insert``, add) the expected outputs of one Markdown file.

    Returns how many blocks changed or were added. Raises OutputError, writing nothing, when an
    expected-output marker does not follow a ```python block.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    edits: list[tuple[int, int, list[str]]] = []  # replace lines[start:end] with the new lines
    code, last, checked, previous = "", None, False, None

    def close_chain() -> None:  # the chain of blocks ending at `last` has no output block: add one
        if not insert or last is None or checked or _skipped(last):
            return
        printed = _run(path, last, code)
        if printed:
            end = last.line + len(last.body) + 1  # the line after the closing fence
            block = ["\n", last.indent + MARKER + "\n", last.indent + "```text\n",
                     *_indented(last.indent, printed), last.indent + "```\n"]
            edits.append((end, end, block))

    for fence in fences(path):
        if _is_output(fence):
            if previous is None or previous.info != "python":
                what = f"a ```{previous.info.strip()} block (line {previous.line})" if previous else "no block at all"
                raise OutputError(
                    f"{fence.where}: this expected-output block follows {what}, not a ```python block. "
                    "pytest-codeblocks would check it against the output of the last ```python block above "
                    "it; put the marker right under the block whose output it shows."
                )
            edits.append((fence.line, fence.line + len(fence.body), _indented(fence.indent, _run(path, fence, code))))
            checked = True
        elif fence.info == "python":
            if _continues(fence):
                code += fence.code
            else:
                close_chain()
                code, checked = fence.code, False
            last = fence
        previous = fence
    close_chain()
    changed = 0
    for start, end, new in sorted(edits, reverse=True):
        if lines[start:end] != new:
            lines[start:end] = new
            changed += 1
    if changed:
        path.write_text("".join(lines), encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    insert = "--no-insert" not in argv
    for name in (a for a in argv if a != "--no-insert"):
        try:
            print(f"{name}: {refresh(Path(name), insert=insert)} expected-output blocks updated or added")
        except OutputError as exc:
            print(exc, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
