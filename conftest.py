"""Repo-wide pytest setup: run the book's code blocks the way a reader would, and report
a failing block with its file, its line in the page and the real traceback.

pytest-codeblocks (``pytest --codeblocks``) collects every fence whose info string is exactly
``python``; on failure it prints only ``str(exc)``. Here a python block is compiled so that
tracebacks point at the Markdown file and line, it runs with ``__name__ == "__main__"`` (as a
file a reader copies would), a block that prints without an expected-output block under it
fails (every printed number on a page is checked), and an output mismatch shows a diff.

Each Markdown file collected also gets a fence guard, ``PAGE.md::fences``: a ```` ```py ````,
titled or ``~~~`` fence, which pytest-codeblocks silently does not run, fails it with the file and
line (so ``pytest docs/chapters/x.md`` never just says "no tests ran"). ``--page PAGE.md`` keeps, of
the tests of the book, only those about that page: its figures, challenges and quick checks
(``make check PAGE=...``).
"""

from __future__ import annotations

import difflib
import linecache
import os
import re
import traceback
from pathlib import Path

import pytest
import pytest_codeblocks.plugin as codeblocks
from pytest_codeblocks.main import stdout_io

from tools.fences import guard

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


# ---- the fence guard, for every Markdown file pytest-codeblocks collects ---------------------------------


class FenceProblem(Exception):
    """A fence of the page looks tested but is not run; the message is the whole report."""


class FenceGuard(pytest.Item):
    def runtest(self) -> None:
        found = guard(self.path)
        if found:
            raise FenceProblem(
                "fences that pytest-codeblocks would silently not run (see CONTRIBUTING.md, Code blocks):\n"
                + "\n".join(f"  {line}" for line in found)
            )

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, FenceProblem):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, 0, f"fence guard for {self.path.name}"


class GuardedPage(pytest.File):
    def collect(self):
        yield FenceGuard.from_parent(self, name="fences")


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".md" and parent.config.getoption("codeblocks", False):
        return GuardedPage.from_parent(parent, path=file_path)
    return None


# ---- --page: the tests of one page (make check PAGE=docs/chapters/x.md) -----------------------------------

FIGURE_REF = re.compile(r"assets/figures/([\w-]+?)(?:\.dark)?\.svg")
FIGURE_SCRIPTS = Path(__file__).resolve().parent / "docs" / "figures"


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--page", action="append", default=[], metavar="PAGE.md",
        help="keep only the tests about this Markdown page: its code blocks and fences (pass the page "
        "too), the figures it embeds, its challenges and quick checks (make check PAGE=...)",
    )


def _concerns(value, pages: set[Path], figures: set[str]) -> bool:
    path = getattr(value, "path", value)  # a Challenge or QuickCheck has .path
    if not isinstance(path, Path):
        return False
    path = path.resolve()
    return path in pages or (path.parent == FIGURE_SCRIPTS and path.stem in figures)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items) -> None:
    pages = {Path(p).resolve() for p in config.getoption("page")}
    if not pages:
        return
    for page in pages:
        if not page.is_file():
            raise pytest.UsageError(f"--page {page}: no such file")
    figures = {name for page in pages for name in FIGURE_REF.findall(page.read_text(encoding="utf-8"))}
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        about = item.path.resolve() in pages or any(_concerns(v, pages, figures) for v in params.values())
        (keep if about else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
