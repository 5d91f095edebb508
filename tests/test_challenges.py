"""Practice challenges and quick checks: their code really does what the page says, and the page
really checks it.

Without a browser (always): every challenge's solution prints the expected output, and its starter
(the buggy, unfinished, blanked or shuffled version) does not; a fill-in starter is its solution
with blanks, an order starter is its solution's lines shuffled; everything is plain Python, which
the page can run with Pyodide. Every quick check names its right option (``answer-N``).

In Chromium (skipped with a message when it is missing): every challenge on every page accepts a
right answer and rejects a wrong one, and the editable exercise runs in Pyodide, which the site
serves itself and loads only when the reader presses Run, with the network to other hosts off.
The authoring format is in CONTRIBUTING.md ("Interactive quick checks and challenges") and in
tools/challenges.py, which also checks a page from the command line.
"""

from __future__ import annotations

import json

import pytest

from book import DOCS, ROOT
from tools import challenges as ch

PAGES = sorted(DOCS.rglob("*.md"))
CHALLENGES = [c for page in PAGES for c in ch.challenges(page)]
QUICK_CHECKS = [q for page in PAGES for q in ch.quick_checks(page)]
UPDATE_RULE = "/chapters/update-rule/"


def test_the_book_has_every_kind_of_challenge():
    assert {c.kind for c in CHALLENGES} >= {"predict", "fix", "fill", "order"}


@pytest.mark.parametrize("challenge", CHALLENGES, ids=[c.where for c in CHALLENGES])
def test_challenge_code(challenge):
    problems = ch.problems(challenge)
    assert not problems, f"{challenge.where} ({challenge.kind}): " + "; ".join(problems)


def test_every_starter_fence_belongs_to_a_challenge():
    """The fence guard (test_fences.py) lets ```{.python .starter} through; this is its other half."""
    counted = {}
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        n = sum(1 for line in text.splitlines() if line.strip() == "```" + ch.STARTER_INFO)
        if n:
            counted[page] = n
    assert counted, "the book has no challenge starter (```{.python .starter}) at all"
    for page, n in counted.items():
        mine = sum(1 for c in CHALLENGES if c.path == page and c.kind != "predict")
        assert n == mine, f"{page.relative_to(ROOT)}: {n} starter blocks but {mine} challenges with a starter"


@pytest.mark.parametrize("quick", QUICK_CHECKS, ids=[q.where for q in QUICK_CHECKS])
def test_quick_check_names_its_answer(quick):
    assert quick.answer is not None, (
        f"{quick.where}: say which option is right, so the page can check a reader's pick at once: "
        f'write the answer as `??? success answer-N "Answer"` (N = the right option\'s number)'
    )
    assert 1 <= quick.answer <= quick.options, f"{quick.where}: answer-{quick.answer}, but there are {quick.options} options"
    assert quick.reasons == quick.options, (
        f"{quick.where}: the answer's last numbered list has {quick.reasons} items; give every option its reason "
        f"(one item per option, {quick.options}), so a wrong pick says why it is wrong"
    )


def test_parser_reports_malformed_challenges(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('!!! practice fix "No starter"\n\n    Text.\n\n??? success "Solution"\n\n    ```python\n    print(1)\n    ```\n')
    with pytest.raises(ValueError, match="needs exactly one"):
        ch.challenges(page)
    page.write_text('!!! practice guess "Unknown kind"\n\n    Text.\n')
    with pytest.raises(ValueError, match="KIND one of"):
        ch.challenges(page)


def test_problems_catches_a_starter_that_already_works(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        '!!! practice fix "Nothing to fix"\n\n    ```{.python .starter}\n    print(2)\n    ```\n\n'
        '??? success "Solution"\n\n    ```python\n    print(2)\n    ```\n\n'
        "    <!--pytest-codeblocks:expected-output-->\n    ```text\n    2\n    ```\n"
    )
    (c,) = ch.challenges(page)
    assert any("nothing to do" in p for p in ch.problems(c))


def test_pyodide_is_served_by_the_site(built_site):
    site, _ = built_site
    folder = site / "assets" / "vendor" / "pyodide"
    missing = [f for f in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
               if not (folder / f).exists()]
    assert not missing, f"the site lacks Pyodide's {missing}: run `make setup` (it copies them from npm's pyodide)"
    assert (site / "assets" / "js" / "widgets" / "python-worker.js").exists()


# ---- in the browser --------------------------------------------------------------------------------------


def _url(page_path):
    rel = page_path.relative_to(DOCS).with_suffix("").as_posix()
    return "/" if rel == "index" else "/" + (rel[: -len("/index")] if rel.endswith("/index") else rel) + "/"


def _verdict(box):
    """The verdict once there is one (the status line also says "Running…" or "Line moved…" meanwhile)."""
    fb = box.locator(".gd-feedback")
    fb.wait_for(state="visible", timeout=90000)
    box.page.wait_for_function("el => ['right', 'wrong'].includes(el.dataset.verdict)", arg=fb.element_handle(), timeout=90000)
    return fb.get_attribute("data-verdict")


def _check(box):
    box.get_by_role("button", name="Check").click()
    return _verdict(box)


def _put_in_order(page, box, want):
    """Sort the lines with the ↑ buttons, from the keyboard, as a reader without a mouse would."""
    for i, line in enumerate(want):
        items = box.locator("ol.gd-order > li")
        lines = [items.nth(k).get_attribute("data-line") for k in range(items.count())]
        j = lines.index(line, i)
        if j > i:
            items.nth(j).locator(".gd-up").focus()
            for _ in range(j - i):
                page.keyboard.press("Enter")


@pytest.mark.parametrize("page_path", sorted({c.path for c in CHALLENGES}), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_challenges_accept_right_and_reject_wrong(open_page, page_path):
    page, report = open_page(_url(page_path))
    mine = [c for c in CHALLENGES if c.path == page_path]
    boxes = page.locator(".admonition.practice")
    assert boxes.count() == len(mine)
    for n, c in enumerate(mine):
        box = boxes.nth(n)
        assert c.kind in box.get_attribute("class").split()
        where = f"{c.where} ({c.kind})"
        if c.kind == "predict":
            answer = box.locator(".gd-answer")
            answer.fill("something else")
            assert _check(box) == "wrong", where
            answer.fill(c.expected)
            assert _check(box) == "right", where
        elif c.kind == "fill":
            inputs = box.locator(".gd-blank")
            answers = ch.blanks(c.code, c.solution)
            assert inputs.count() == len(answers), where
            for k in range(inputs.count()):
                inputs.nth(k).fill("nope")
            assert _check(box) == "wrong", where
            for k, a in enumerate(answers):
                inputs.nth(k).fill(a)
            assert _check(box) == "right", where
        elif c.kind == "order":
            assert _check(box) == "wrong", where  # as shuffled
            _put_in_order(page, box, ch.lines_of(c.solution))
            assert _check(box) == "right", where
        else:  # fix, write: run it
            editor = box.locator("textarea.gd-editor")
            box.get_by_role("button", name="Run").click()
            assert _verdict(box) == "wrong", where  # the starter as given
            editor.fill(c.solution)
            box.get_by_role("button", name="Run").click()
            page.wait_for_function("el => el.querySelector('button').getAttribute('aria-disabled') !== 'true'", arg=box.element_handle())
            assert _verdict(box) == "right", f"{where}: {box.locator('.gd-output').inner_text()}"
    assert not report["errors"], report["errors"]
    assert not report["foreign"], report["foreign"]


def test_order_challenge_by_pointer(open_page):
    page, _ = open_page(UPDATE_RULE)
    box = page.locator(".admonition.practice.order")
    items = box.locator("ol.gd-order > li")
    first = items.nth(0).get_attribute("data-line")
    grip = items.nth(0).locator(".gd-grip")
    grip.scroll_into_view_if_needed()
    last = items.nth(items.count() - 1).bounding_box()
    g = grip.bounding_box()
    page.mouse.move(g["x"] + g["width"] / 2, g["y"] + g["height"] / 2)
    page.mouse.down()
    page.mouse.move(g["x"] + g["width"] / 2, last["y"] + last["height"] - 2, steps=8)
    page.mouse.up()
    assert items.nth(items.count() - 1).get_attribute("data-line") == first


def test_python_runs_in_the_page_offline_and_only_on_demand(open_page, server):
    """The editable exercises of chapter 3 on one page, so Pyodide is loaded once (5-10 s a time):
    nothing is fetched before Run; Run keeps the focus and only the verdict is a live region; the fixed
    code passes; errors show with the reader's line numbers; a fill-in is judged by running it; a loop
    that never ends is stopped and Python starts afresh."""
    server.served.clear()
    page, report = open_page(UPDATE_RULE, fresh=True)  # a first visit: what it fetches, and when, is the test
    loaded = list(server.served)
    assert not [p for p in loaded if "pyodide" in p or "python-worker" in p], "Python was fetched before Run"
    box = page.locator(".admonition.practice.fix")
    editor = box.locator("textarea.gd-editor")
    starter = editor.input_value()
    assert "x = x + lr" in starter
    # Run, from the keyboard, keeps the focus; the output is not a live region, the verdict is.
    run = box.get_by_role("button", name="Run")
    run.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("el => el.getAttribute('aria-disabled') === 'true'", arg=run.element_handle())
    assert page.evaluate("document.activeElement.textContent") == "Run"
    assert _verdict(box) == "wrong"  # the starter as given
    assert page.evaluate("document.activeElement.textContent") == "Run"
    live = box.locator("[aria-live], [role=status], output")
    assert live.count() == 1 and "gd-feedback" in live.first.get_attribute("class")
    fetched = [p for p in server.served if "pyodide" in p]
    assert any(p.endswith("pyodide.asm.wasm") for p in fetched) and any(p.endswith("python_stdlib.zip") for p in fetched)
    assert all(p.startswith("/assets/vendor/pyodide/") for p in fetched), fetched
    # The reader edits the code (one character) and runs it with Ctrl+Enter.
    editor.fill(starter.replace("x = x + lr", "x = x - lr"))
    editor.focus()
    page.keyboard.press("Control+Enter")
    page.wait_for_function("el => el.querySelector('.gd-feedback').dataset.verdict === 'right'", arg=box.element_handle(), timeout=90000)
    assert box.locator(".gd-output").inner_text().strip().endswith("x = 2.9654")
    # Errors show under the editor, with the reader's line numbers; Reset brings the starter back.
    editor.fill("x = 1\nprint(x / 0)\n")
    box.get_by_role("button", name="Run").click()
    page.wait_for_function("el => el.querySelector('.gd-output').textContent.includes('Error')", arg=box.element_handle())
    out = box.locator(".gd-output").inner_text()
    assert 'File "exercise.py", line 2' in out and "ZeroDivisionError" in out and "_pyodide" not in out
    assert _verdict(box) == "wrong"
    # numpy is not part of Pyodide's core: importing it fails here, and fetches nothing from anywhere.
    editor.fill("import numpy\n")
    box.get_by_role("button", name="Run").click()
    page.wait_for_function("el => el.querySelector('.gd-output').textContent.includes('numpy')", arg=box.element_handle())
    assert "ModuleNotFoundError" in box.locator(".gd-output").inner_text()
    box.get_by_role("button", name="Reset").click()
    assert editor.input_value() == starter
    # A fill-in is judged by running the program, as fix-the-bug is: `2.0` for `2` and `0.1` for `lr`
    # print the expected output, so they are right; `3` prints something else; the focus stays on Check.
    (c,) = [c for c in CHALLENGES if c.path.name == "update-rule.md" and c.kind == "fill"]
    assert ch.blanks(c.code, c.solution) == ["2", "lr"], "this test was written for the update rule's fill-in"
    fill = page.locator(".admonition.practice.fill")
    inputs = fill.locator(".gd-blank")
    inputs.nth(0).fill("2.0")
    inputs.nth(1).fill("0.1")
    check = fill.get_by_role("button", name="Check")
    check.focus()
    page.keyboard.press("Enter")
    assert _verdict(fill) == "right", fill.locator(".gd-output").inner_text()
    assert page.evaluate("document.activeElement.textContent") == "Check"
    assert c.expected.strip() in fill.locator(".gd-output").inner_text()
    inputs.nth(0).fill("3")
    check.click()
    page.wait_for_function("el => el.querySelector('.gd-feedback').dataset.verdict === 'wrong'", arg=fill.element_handle(), timeout=90000)
    assert "3.5369" not in fill.locator(".gd-output").inner_text()
    # A loop that never ends is stopped, and Python starts afresh for the next run.
    page.evaluate("window.gdbook.python.timeout = 1500")
    editor.fill("while True:\n    pass\n")
    box.get_by_role("button", name="Run").click()
    page.wait_for_function("el => el.querySelector('.gd-output').textContent.includes('Stopped after')", arg=box.element_handle(), timeout=60000)
    editor.fill("print(sum(range(10)))\n")
    box.get_by_role("button", name="Run").click()
    page.wait_for_function("el => el.querySelector('.gd-output').textContent.includes('45')", arg=box.element_handle(), timeout=60000)
    assert not report["foreign"], report["foreign"]
    assert not report["errors"], report["errors"]
    # What Run costs: the files fetched, once (the browser caches them).
    site = server[1]
    sizes = {p: (site / p.lstrip("/")).stat().st_size for p in sorted(set(fetched))}
    _record_sizes(site, sizes)


def _record_sizes(site, pyodide):
    import gzip

    def size(paths):
        raw = sum((site / p).stat().st_size for p in paths)
        gz = sum(len(gzip.compress((site / p).read_bytes(), 9)) for p in paths)
        return {"files": paths, "bytes": raw, "gzip_bytes": gz}

    every = ["assets/js/widgets/core.js", "assets/js/widgets/quickcheck.js", "assets/css/widgets.css"]  # mkdocs.yml
    js = sorted(p.relative_to(site).as_posix() for p in (site / "assets/js/widgets").glob("*.js") if p.name != "python-worker.js")
    out = {
        "every page (mkdocs.yml's extra_javascript and widgets.css)": size(every),
        "where used (each widget's script, gdmath.js, the exercises' scripts)": size([p for p in js if p not in every]),
        "on Run only (the worker)": size(["assets/js/widgets/python-worker.js"]),
        "on Run only (Pyodide core, from this site)": {"files": pyodide, "bytes": sum(pyodide.values())},
    }
    path = ROOT / "build" / "widget-sizes.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
