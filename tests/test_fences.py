"""Every Python fence in the book really runs.

pytest-codeblocks runs only fences whose info string is exactly ``python`` (or sh/bash). A
```` ```py ````, a titled ```` ```python title="x.py" ```` or a ``~~~`` fence looks tested and is
silently not. This guard allows, for Python-looking fences, only:

* ```` ```python ```` exactly: run by the tests (a skip needs a written reason);
* an included source file (``--8<-- "path"`` and nothing else): what it shows is a file the
  tests run or import elsewhere (a figure script, the engine);
* an output block right after ``<!--pytest-codeblocks:expected-output-->``;
* a practice challenge's starter, fenced exactly ```` ```{.python .starter} ````: the buggy, unfinished
  or shuffled code a reader starts from, which must *not* print the solution's output.
  tests/test_challenges.py runs every one of them (and requires each to sit in a
  ``!!! practice`` challenge whose solution is a ```` ```python ```` block with its output).
"""

from __future__ import annotations

import pytest

from book import RUN_MARKDOWN, SNIPPET, fences
from tools.challenges import STARTER_INFO

PYTHONISH = ("py", "python", "python3", "pycon", "ipython", "ipython3")


def _language(info: str) -> str:
    info = info.strip()
    if info.startswith("{"):  # ``` { .python title="x" }
        info = info.strip("{} ").lstrip(".")
    return info.split()[0].lower() if info else ""


def _problems(fence) -> list[str]:
    info, lang = fence.info, _language(fence.info)
    expected_output = any("expected-output" in m for m in fence.markers)
    included = bool(fence.body) and all(SNIPPET.match(l) or not l.strip() for l in fence.body)
    problems = []
    if expected_output or info.strip() == STARTER_INFO:  # a starter is run by tests/test_challenges.py
        return problems
    if lang in ("sh", "bash") and info.strip() == lang and not any("skip" in m for m in fence.markers):
        problems.append(
            f"a ```{lang} fence is executed by the tests; fence shell examples as ```console "
            "or mark them <!--pytest.mark.skip(reason=\"...\")-->"
        )
    if lang not in PYTHONISH:
        return problems
    if included:
        if info.strip() == "python":
            problems.append('an included file must be fenced ```python title="path", not run')
        return problems
    if fence.mark.startswith("~"):
        problems.append("~~~ fences are not run by pytest-codeblocks; use ```python")
    elif info != "python":
        problems.append(
            f"fence info string {info!r} is not run by pytest-codeblocks; write exactly "
            "```python (no title, no space, not py/pycon)"
        )
    for marker in fence.markers:
        if "skip" in marker and "reason=" not in marker:
            problems.append(f"skipped block needs a reason: <!--{marker}-->")
    return problems


CASES = [(f, fence) for f in RUN_MARKDOWN if f.exists() for fence in fences(f)]


def test_the_book_has_runnable_blocks():
    assert sum(1 for _, fence in CASES if fence.info == "python") >= 5


@pytest.mark.parametrize("fence", [c[1] for c in CASES], ids=[c[1].where for c in CASES])
def test_every_python_fence_runs(fence):
    problems = _problems(fence)
    assert not problems, f"{fence.where}: " + "; ".join(problems)


def test_guard_catches_silent_fences(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "```py\nprint(1)\n```\n\n```python title=\"a.py\"\nprint(2)\n```\n\n"
        "~~~python\nprint(3)\n~~~\n\n```python\nprint(4)\n```\n\n"
        "<!--pytest-codeblocks:expected-output-->\n```\n4\n```\n\n"
        '```python title="f.py"\n--8<-- "docs/figures/f.py"\n```\n'
    )
    verdicts = [bool(_problems(f)) for f in fences(page)]
    assert verdicts == [True, True, True, False, False, False]


def test_guard_lets_challenge_starters_through(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```{.python .starter}\nx = 1 +\n```\n\n```{.python .other}\nprint(1)\n```\n")
    assert [bool(_problems(f)) for f in fences(page)] == [False, True]
