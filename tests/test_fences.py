"""Every Python fence in the book really runs.

pytest-codeblocks runs only fences whose info string is exactly ``python`` (or sh/bash). A
```` ```py ````, a titled ```` ```python title="x.py" ```` or a ``~~~`` fence looks tested and is
silently not. The guard (``tools.fences.problems``) allows, for Python-looking fences, only:

* ```` ```python ```` exactly: run by the tests (a skip needs a written reason);
* an included source file (``--8<-- "path"`` and nothing else): what it shows is a file the
  tests run or import elsewhere (a figure script, the engine);
* an output block right after ``<!--pytest-codeblocks:expected-output-->``;
* a practice challenge's starter, fenced exactly ```` ```{.python .starter} ````: the buggy, unfinished
  or shuffled code a reader starts from, which must *not* print the solution's output.
  tests/test_challenges.py runs every one of them (and requires each to sit in a
  ``!!! practice`` challenge whose solution is a ```` ```python ```` block with its output).

The guard runs on every Markdown file pytest collects with ``--codeblocks``, as the item
``PAGE.md::fences`` (conftest.py), so ``pytest docs/chapters/x.md`` checks that page's fences too.
This file tests the guard itself.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid

from book import ROOT, RUN_MARKDOWN, fences
from tools.fences import problems


def test_the_book_has_runnable_blocks():
    assert sum(1 for f in RUN_MARKDOWN if f.exists() for fence in fences(f) if fence.info == "python") >= 5


def test_guard_catches_silent_fences(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "```py\nprint(1)\n```\n\n```python title=\"a.py\"\nprint(2)\n```\n\n"
        "~~~python\nprint(3)\n~~~\n\n```python\nprint(4)\n```\n\n"
        "<!--pytest-codeblocks:expected-output-->\n```\n4\n```\n\n"
        '```python title="f.py"\n--8<-- "docs/figures/f.py"\n```\n\n'
        "<!--pytest.mark.skip-->\n```python\nprint(5)\n```\n\n```sh\nmake serve\n```\n"
    )
    verdicts = [bool(problems(f)) for f in fences(page)]
    assert verdicts == [True, True, True, False, False, False, True, True]


def test_guard_lets_challenge_starters_through(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```{.python .starter}\nx = 1 +\n```\n\n```{.python .other}\nprint(1)\n```\n")
    assert [bool(problems(f)) for f in fences(page)] == [False, True]


def test_pytest_on_a_page_with_only_a_silent_fence_names_it():
    """``pytest docs/chapters/x.md`` on a page whose only fence is ```py fails at that line."""
    folder = ROOT / "build" / f"fence-guard-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    try:
        page = folder / "page.md"
        page.write_text("# A page\n\nSome prose.\n\n```py\nprint(1)\n```\n", encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", str(page.relative_to(ROOT))],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        out = result.stdout + result.stderr
        assert result.returncode == 1, out
        assert f"{page.relative_to(ROOT)}:5" in out and "'py' is not run by pytest-codeblocks" in out, out
    finally:
        shutil.rmtree(folder)
