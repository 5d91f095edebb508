"""Repo-wide pytest setup: run the book's code blocks the way a reader would, and report
a failing block with its file, its line in the page and the real traceback.

pytest-codeblocks (``pytest --codeblocks``) collects every fence whose info string is exactly
``python``; on failure it prints only ``str(exc)``. Here a python block is compiled so that
tracebacks point at the Markdown file and line, it runs with ``__name__ == "__main__"`` (as a
file a reader copies would), a block that prints without an expected-output block under it
fails (every printed number on a page is checked), and an output mismatch shows a diff.
"""

from __future__ import annotations

import difflib
import linecache
import os
import traceback
from pathlib import Path

import pytest
import pytest_codeblocks.plugin as codeblocks
from pytest_codeblocks.main import stdout_io

os.environ.setdefault("MPLBACKEND", "Agg")


class CodeBlockFailure(Exception):
    """A code block in the book failed; the message is the whole report."""


def _compile_block(path: Path, lineno: int, code: str):
    """Compile so that traceback lines name ``path`` and the block's own lines in it.

    When the block's lines are the file's lines after the fence (no continuation blocks were
    appended), pad with newlines so line numbers are the file's; otherwise register the code
    under a descriptive name so the traceback still shows the source.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    code_lines = code.splitlines()
    in_file = [line.strip() for line in lines[lineno : lineno + len(code_lines)]]
    if in_file == [line.strip() for line in code_lines]:
        return compile("\n" * lineno + code, str(path), "exec")
    name = f"{path} (block at line {lineno}, with its continuations)"
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    return compile(code, name, "exec")


def _runtest(self: codeblocks.TestBlock) -> None:
    block = self.obj
    if block.syntax != "python":
        return _original_runtest(self)
    if block.importorskip is not None:
        pytest.importorskip(block.importorskip)
    where = f"{self.path.relative_to(self.config.rootpath)}, block at line {block.lineno}"
    code = _compile_block(self.path, block.lineno, block.code)
    with stdout_io() as out:
        try:
            exec(code, {"__name__": "__main__"})
        except BaseException as exc:  # SystemExit too: report it instead of crashing xdist
            printed = out.getvalue()
            tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__.tb_next))
            raise CodeBlockFailure(
                f"{where} raised {type(exc).__name__}.\n\n{tb}"
                + (f"\nIt printed before failing:\n{printed}" if printed else "")
            ) from None
    printed = out.getvalue()
    expected = block.expected_output
    if expected is None:
        if printed:
            raise CodeBlockFailure(
                f"{where} prints output, but the page shows none to check it against.\n"
                "Put the printed output right under the block, after the line\n"
                "<!--pytest-codeblocks:expected-output-->\n\nIt printed:\n" + printed
            )
        return
    a, b = expected, printed
    if block.expected_output_ignore_whitespace:
        a, b = "".join(a.split()), "".join(b.split())
    if a != b:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True),
                printed.splitlines(True),
                "output shown in the page",
                "output printed by the code",
            )
        )
        raise CodeBlockFailure(f"{where}: the printed output differs from the page.\n\n{diff}")


def _repr_failure(self, excinfo):
    if isinstance(excinfo.value, CodeBlockFailure):
        return str(excinfo.value)
    # Always a string: with xdist an int here crashes the run (INTERNALERROR).
    return str(excinfo.value.args[0] if excinfo.value.args else excinfo.value)


def _reportinfo(self):
    return self.path, self.obj.lineno - 1, f"code block at {self.path.name}:{self.obj.lineno}"


_original_runtest = codeblocks.TestBlock.runtest
codeblocks.TestBlock.reportinfo = _reportinfo
codeblocks.TestBlock.runtest = _runtest
codeblocks.TestBlock.repr_failure = _repr_failure
