"""Every lab notebook is committed without outputs and runs from top to bottom in the build.

The site build executes each lab once (tools/notebooks.py, errors not allowed: a cell that raises
fails the build, and the build log shows the cell and its traceback); mkdocs-jupyter renders that
executed copy and offers it for download (tests/test_notebooks.py checks the download). These tests
check that build's pages instead of executing the notebooks a second time.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from book import DOCS, ROOT

NOTEBOOKS = sorted((DOCS / "labs").glob("*.ipynb"))
PROMPT = re.compile(r'jp-InputPrompt jp-InputArea-prompt">In&nbsp;\[(\d*)\]:<')


def test_there_are_labs():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lab_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, f"{path.relative_to(ROOT)} has no code cell"
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), (
        f"{path.relative_to(ROOT)} is committed with outputs; clear them "
        f"(jupyter nbconvert --clear-output --inplace {path.relative_to(ROOT)}): the build executes the notebook"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lab_ran_in_the_build(built_site, path):
    site, _ = built_site
    page = site / path.relative_to(DOCS).with_suffix("") / "index.html"
    assert page.exists(), f"the build made no page for {path.relative_to(ROOT)} (is it in nav: in mkdocs.yml?)"
    html = page.read_text(encoding="utf-8")
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    counts = PROMPT.findall(html)
    assert len(counts) == len(code), f"{page.relative_to(site)}: {len(counts)} code cells shown, {len(code)} in the notebook"
    assert all(counts), f"{page.relative_to(site)}: cells the build did not execute (In [ ]): {counts}"
    assert [int(n) for n in counts] == list(range(1, len(code) + 1)), f"cells ran out of order: {counts}"
    assert "jp-OutputArea-output" in html, f"{page.relative_to(site)}: the executed lab shows no output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lab_page_is_light(built_site, path):
    """tools/lab_pages.py: one stylesheet of the rules the page uses (not JupyterLab's 560 KB), the
    figures as files beside the page (not base64 in it), loading lazily, each with its alt text."""
    site, _ = built_site
    folder = site / path.relative_to(DOCS).with_suffix("")
    html = (folder / "index.html").read_text(encoding="utf-8")
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    assert len(styles) == 2, f"{len(styles)} <style> elements: GLightbox's and the lab's expected"
    lab_css = max(styles, key=len)
    assert ".jp-OutputArea" in lab_css and "[data-md-color-scheme=slate]" in lab_css  # the dark scheme's rules stay
    assert len(lab_css) < 40_000, f"the lab's stylesheet is {len(lab_css)} characters: not cut down?"
    assert "data:image/png" not in html.replace(lab_css, ""), "an image is still inline"
    images = re.findall(r"<img [^>]*>", html)
    figures = [i for i in images if 'src="figure-' in i]
    assert figures, "the lab shows no figure"
    for img in figures:
        name = re.search(r'src="(figure-[0-9a-f]{12}\.png)"', img).group(1)
        assert (folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{name}: not the PNG the page names"
        assert 'loading="lazy"' in img and re.search(r'alt="[^"]{20,}"', img), img[:200]
        assert f'href="{name}"' in html, f"{name}: no lightbox link to it"
