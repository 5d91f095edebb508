"""Every chapter is offered as an executed notebook, and every lab's download carries its outputs.

The build (tools/mkdocs_hooks.py, tools/notebooks.py) turns each chapter into a notebook, executes
it with errors not allowed and writes it beside the page; it executes the labs the same way and
renders and offers the executed copy. These tests check the built site's notebooks against the
pages: the code cells are the page's runnable blocks, in order, each executed, and each output the
page checks is the notebook's output. One notebook is executed again, standalone, in a fresh
kernel started in a temporary folder, as a reader who downloads it would run it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

# The book's toolchain (MkDocs, requirements/dev.txt); `make test-fast PIN=floor` tests the engine's floor without it.
pytest.importorskip("mkdocs", reason="needs the book's toolchain (requirements/dev.txt), not installed by PIN=floor")

from mkdocs.exceptions import PluginError  # noqa: E402
from nbclient.exceptions import CellExecutionError

from book import DOCS, fences
from tools import mkdocs_hooks, notebooks

CHAPTERS = sorted((DOCS / "chapters").glob("*.md"))
LABS = sorted((DOCS / "labs").glob("*.ipynb"))


DOWNLOAD = re.compile(r'<a [^>]*data-gdbook="download-notebook"[^>]*>')
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def _skipped(fence) -> bool:
    return any("skip" in m and "importorskip" not in m for m in fence.markers)


def page_blocks(path: Path) -> list[tuple[str, str | None, bool]]:
    """The blocks pytest-codeblocks runs on a page, in order, each with the output the page checks
    (None: it checks none) and whether spacing is ignored. An expected-output block belongs to the
    last ```python block above it."""
    blocks: list[list] = []
    last_python = None
    for fence in fences(path):
        marker = next((m for m in fence.markers if "expected-output" in m), None)
        if marker:
            if last_python is not None and not _skipped(last_python):
                blocks[-1][1:] = [fence.code, "ignore-whitespace" in marker]
        elif fence.info == "python":
            last_python = fence
            if not _skipped(fence):
                blocks.append([fence.code, None, False])
    return [tuple(b) for b in blocks]


def stdout(cell) -> str:
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def site_notebook(site: Path, source: Path) -> Path:
    rel = source.relative_to(DOCS).with_suffix("")
    return site / rel / f"{rel.name}.ipynb"


# ---- the conversion, on a page made for the test (no site) ---------------------------------------------

PAGE = '''---
description: A page.
---

# A page { #top }

See [the other page](other.md#there) and [this one](#top).[^note]

<!--pytest.mark.skip(reason="needs PyTorch")-->
```python
import torch
```

```python
print("one")
```

<!--pytest-codeblocks:expected-output-->
```
one
```

<figure markdown="span">
  ![A curve.](../assets/figures/c.svg#only-light){ loading=lazy }
  ![A curve.](../assets/figures/c.dark.svg#only-dark){ loading=lazy }
  <figcaption>The caption, with $x$.</figcaption>
</figure>

??? note "Going deeper: a proof"

    First, $a +
    b$ on two lines, and `$` in code:

    ```text
    $ one dollar
    ```

    $$
    a = b
    + c
    $$

    ```python
    print("two")
    ```

    ```python title="docs/figures/c.py"
    shown = True
    ```

!!! practice fix "Fix it"

    ```{.python .starter}
    print("bug"
    ```

<div class="gd-widget" data-widget="roll-downhill" markdown>

**An interactive plot belongs here.** It needs JavaScript.

</div>

<div class="grid" markdown>

<div markdown>

```python
print("three")
```

</div>

</div>

=== "Tab"

    Tab text.

[^note]: A note.
'''


def _resolve(target: str) -> str | None:
    known = {"other.md#there": "https://site/other/#there", "#top": "https://site/page/#top",
             "../assets/figures/c.svg": "https://site/assets/figures/c.svg"}
    return known.get(target)


def test_a_page_becomes_cells_in_order():
    nb = notebooks.chapter_notebook(PAGE, source="docs/chapters/page.md", page_url="https://site/page/",
                                    repo_url="https://github.com/gdbook/gdbook", resolve=_resolve)
    nbformat.validate(nb)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code == ['print("one")', 'print("two")', 'print("three")']
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert 'gdbook @ git+https://github.com/gdbook/gdbook' in nb.cells[0].source
    assert "https://site/page/" in nb.cells[0].source
    assert "description:" not in text and "{ #top }" not in text and "# A page" in text
    assert "[the other page](https://site/other/#there)" in text and "[this one](https://site/page/#top)" in text
    assert "<sup>1</sup> A note." in text and "[^note]" not in text
    # a skipped block is shown with its reason, not run; the expected output is not repeated
    assert "needs PyTorch" in text and "```py\nimport torch\n```" in text
    assert "\none\n" not in text
    # the figure: the light image at its site URL, and the caption
    assert "![A curve.](https://site/assets/figures/c.svg)" in text and "c.dark.svg" not in text
    assert "*The caption, with $x$.*" in text and "<figure" not in text
    # the box: a quote with its title; display maths on one line (Jupyter reads it before the quote)
    assert "> **Going deeper: a proof**" in text and "> $$ a = b + c $$" in text
    assert "> First, $a + b$ on two lines" in text and "> ```text\n> $ one dollar\n> ```" in text
    assert '> `docs/figures/c.py`:' in text and "> ```py\n> shown = True\n> ```" in text
    # the challenge's starter is shown, not a cell; the widget is a link to the page; no HTML left
    assert "> **Practice (fix): Fix it**" in text and '> print("bug"' in text
    assert "roll-downhill" in text and "JavaScript" not in text and "<div" not in text and "</div>" not in text
    assert "**Tab**\n\nTab text." in text
    assert [c.id for c in nb.cells] == [f"cell-{n}" for n in range(len(nb.cells))]


def test_a_page_the_conversion_cannot_read_says_where():
    with pytest.raises(notebooks.NotebookError, match="page.md: a fence opened"):
        notebooks.chapter_notebook("# T\n\n```python\nprint(1)\n", source="page.md", page_url="u",
                                   repo_url="r", resolve=_resolve)


def test_snippets_are_expanded_with_the_sites_settings():
    text = notebooks.expand_snippets('```python title="gdbook/optim.py"\n--8<-- "gdbook/optim.py:sgd"\n```', {
        "base_path": ["."], "check_paths": True, "dedent_subsections": True})
    assert "--8<--" not in text and "p = p - lr * g" in text, "the engine's SGD section, from the file"
    assert text.splitlines()[1] == "if weight_decay != 0:", "dedent_subsections: the section starts at column 0"


def test_runs_execute_cache_and_report_a_failing_cell(tmp_path, monkeypatch):
    good = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os\nprint(os.getcwd(), os.environ['OPENBLAS_NUM_THREADS'])")])
    bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    runs = notebooks.Runs(tmp_path, "engine", cache=tmp_path / "cache")
    runs.submit("good", good)
    runs.submit("bad", bad)
    done, cached = runs.result("good")
    assert not cached and stdout(done.cells[0]) == f"{tmp_path} 1\n" and done.cells[0].execution_count == 1
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        runs.result("bad")
    # the build fails naming the page and the error; under `mkdocs serve` it is logged instead
    monkeypatch.setattr(mkdocs_hooks, "RUNS", runs)
    with pytest.raises(PluginError, match=r"(?s)docs/bad: its notebook failed when executed.*ZeroDivisionError"):
        mkdocs_hooks._executed("bad")
    monkeypatch.setenv(mkdocs_hooks.SERVING, "1")
    assert mkdocs_hooks._executed("bad") is None and mkdocs_hooks._executed("good") == (done, False)
    runs.close()
    again = notebooks.Runs(tmp_path, "engine", cache=tmp_path / "cache")
    again.submit("good", good)
    assert again.result("good") == (done, True)
    again.close()
    other = notebooks.Runs(tmp_path, "another engine", cache=tmp_path / "cache")
    assert notebooks.digest(good, "another engine") != notebooks.digest(good, "engine")
    other.close()  # nothing submitted: the entry no build used is removed
    assert not list((tmp_path / "cache").glob("*.ipynb"))


# ---- the built site ------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", CHAPTERS + LABS, ids=[p.stem for p in CHAPTERS + LABS])
def test_page_links_its_notebook(built_site, source):
    site, _ = built_site
    page = site / source.relative_to(DOCS).with_suffix("") / "index.html"
    tag = DOWNLOAD.search(page.read_text(encoding="utf-8"))  # (a regex: parsing the page costs 0.5 s)
    assert tag, f"{page.relative_to(site)} has no download button"
    link = dict(ATTRIBUTE.findall(tag[0]))
    what = "chapter" if source.suffix == ".md" else "lab"
    assert link["aria-label"] == f"Download this {what} as a notebook" and link.get("title")
    assert link["href"] == site_notebook(site, source).name, "a relative link, beside the page (works offline)"
    assert re.search(r"\sdownload[\s=>]", tag[0]) and (page.parent / link["href"]).is_file()


@pytest.mark.parametrize("source", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_notebook_is_the_page_executed(built_site, source):
    site, _ = built_site
    nb = nbformat.read(site_notebook(site, source), as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    blocks = page_blocks(source)
    assert [c.source.strip() for c in code] == [b.strip() for b, _, _ in blocks], "the page's runnable blocks, in order"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "every cell executed, in order"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, f"error outputs: {errors}"
    for n, (cell, (_, expected, loose)) in enumerate(zip(code, blocks), 1):
        if expected is not None:
            got = stdout(cell)
            if loose:
                got, expected = " ".join(got.split()), " ".join(expected.split())
            assert got == expected, f"{source.name}, code cell {n}: the notebook prints\n{got}\nthe page shows\n{expected}"
    assert any(e is not None for _, e, _ in blocks), f"{source.name}: no output checked"


@pytest.mark.parametrize("source", LABS, ids=[p.stem for p in LABS])
def test_lab_download_carries_its_outputs(built_site, source):
    site, _ = built_site
    executed = nbformat.read(site_notebook(site, source), as_version=4)
    nbformat.validate(executed)
    lab = nbformat.read(source, as_version=4)
    page = (site / "labs" / source.stem / "index.html").read_text(encoding="utf-8")
    page_url = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)  # site_url + the page
    assert [c.source for c in executed.cells] == [c.source for c in notebooks.absolute_links(lab, page_url).cells], (
        "the download is the lab itself, its links made absolute")
    for cell in executed.cells:
        if cell.cell_type == "markdown":
            assert not notebooks.RELATIVE_TARGET.search(cell.source), f"a relative link in the download: {cell.source[:200]}"
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert any(c.outputs for c in code) and not any(o.output_type == "error" for c in code for o in c.outputs)
    drawn = [n for n, c in enumerate(code, 1) if any("image/png" in o.get("data", {}) for o in c.outputs)]
    declared = [n for n, c in enumerate(code, 1) if c.metadata.get("alt")]
    assert drawn == declared, f"code cells with a figure {drawn}, cells whose metadata has its alt text {declared}"


def test_a_downloaded_notebook_runs_standalone(built_site, tmp_path):
    """The smallest chapter notebook, executed again in a fresh kernel started in an empty folder
    (not the repository: gdbook comes from the installed package), prints the same."""
    site, _ = built_site
    path = site_notebook(site, DOCS / "chapters" / "update-rule.md")
    downloaded = nbformat.read(path, as_version=4)
    again = notebooks.execute(downloaded, tmp_path)
    assert [stdout(c) for c in again.cells if c.cell_type == "code"] == [
        stdout(c) for c in downloaded.cells if c.cell_type == "code"]
    assert not list(tmp_path.iterdir()), "running the notebook wrote files"

