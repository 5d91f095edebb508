"""tools/katex.py: the maths rendered at build time by KaTeX in Node (needs node_modules/katex, so
marked ``site`` like the other tests that need npm; ``make test-fast`` deselects them)."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

# The book's toolchain (MkDocs, requirements/dev.txt); `make test-fast PIN=floor` tests the engine's floor without it.
pytest.importorskip("mkdocs", reason="needs the book's toolchain (requirements/dev.txt), not installed by PIN=floor")

from tools import katex, mkdocs_hooks  # noqa: E402

pytestmark = pytest.mark.site


def test_arithmatex_output_is_rendered_in_place():
    page = (
        '<p>A slope <span class="arithmatex">\\(f\'(x) &lt; 0\\)</span> here.</p>\n'
        '<div class="arithmatex">\\[\nx_{k+1} = x_k - \\eta\\, f\'(x_k)\n\\]</div>'
    )
    out, problems, count = katex.render_page(page, "chapters/x.md")
    assert (problems, count) == ([], 2)
    assert out.startswith('<p>A slope <span class="arithmatex"><span class="katex"><span class="katex-mathml"><math')
    assert out.endswith("</span></div>") and " here.</p>\n" in out
    assert '<annotation encoding="application/x-tex">f&#x27;(x) &lt; 0</annotation>' in out  # TeX unescaped, then KaTeX's
    assert '<div class="arithmatex"><span class="katex-display">' in out


def test_maths_in_text_is_rendered_and_everything_else_kept_byte_for_byte():
    page = (
        '<head><title>$a$</title></head><body><p title="$b$">Both $x^2$ and $$\\sum_i x_i$$, '
        "and \\(y\\), cost $5 (no closing dollar)</p>"
        "<pre><code>echo $HOME $PATH</code></pre><code>$c$</code><!-- $d$ --><script>s='$e$'</script>"
        '<svg><text>$f$</text></svg><img alt="x"><br></body>'
    )
    out, problems, count = katex.render_page(page, "labs/x.ipynb")
    assert (problems, count) == ([], 3)
    untouched = [
        '<head><title>$a$</title></head><body><p title="$b$">Both ',
        ", cost $5 (no closing dollar)</p><pre><code>echo $HOME $PATH</code></pre><code>$c$</code>"
        "<!-- $d$ --><script>s='$e$'</script><svg><text>$f$</text></svg><img alt=\"x\"><br></body>",
    ]
    assert all(part in out for part in untouched)
    assert out.count('<span class="katex-display">') == 1 and out.count('<span class="katex">') == 3


def test_a_brace_or_escaped_dollar_does_not_end_a_formula():
    out, problems, count = katex.render_page("<p>$\\text{if $x$ is}$ and $\\$5$, ${1$</p>", "p.md")
    assert (problems, count) == ([], 2)
    assert ">\\text{if $x$ is}</annotation>" in out and ">\\$5</annotation>" in out
    assert out.endswith(", ${1$</p>")  # an open brace never closed: no formula (as auto-render)


def test_a_formula_katex_cannot_parse_names_the_page_and_the_tex():
    out, problems, _ = katex.render_page('<p><span class="arithmatex">\\(\\frac{1\\)</span></p>', "chapters/bad.md")
    assert len(problems) == 1
    assert problems[0].startswith("chapters/bad.md: KaTeX cannot render '\\\\frac{1': KaTeX parse error")
    assert 'class="katex-error"' in out  # shown in red under mkdocs serve


def test_the_hook_logs_each_problem_as_a_warning_so_a_strict_build_fails(caplog):
    page = SimpleNamespace(file=SimpleNamespace(src_uri="chapters/bad.md"))
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.gdbook"):
        out = mkdocs_hooks.on_post_page('<span class="arithmatex">\\(\\frac{1\\)</span> $\\text{é}$ $é$', page, {})
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(messages) == 2, messages
    assert messages[0].startswith("chapters/bad.md: KaTeX cannot render '\\\\frac{1'")
    assert messages[1].startswith("chapters/bad.md: KaTeX warns about 'é'")
    assert out.count('class="katex"') == 2  # the two it could render are rendered


def test_the_node_process_is_started_once_and_reused():
    katex.RENDERER.render("x", False)
    process = katex.RENDERER.process
    katex.RENDERER.memo.clear()
    katex.RENDERER.render("y + 1", True)
    assert katex.RENDERER.process is process and process.poll() is None


# ---- KaTeX's fonts subset to the characters the maths uses (tools/fonts.py) ----------------------

NPM_FONTS = katex.ROOT / "docs" / "assets" / "vendor" / "katex" / "fonts"


def _cmap(path) -> set[str]:
    from fontTools.ttLib import TTFont

    return {chr(u) for u in TTFont(path).getBestCmap()}


def test_the_katex_html_text_is_recorded_while_rendering():
    katex.USED.clear()
    katex.render_page('<p><span class="arithmatex">\\(\\nabla f \\le \\mathbb{R}\\)</span></p>', "p.md")
    assert {"∇", "f", "≤", "R"} <= katex.USED
    assert "\\" not in katex.USED and "<" not in katex.USED  # not the TeX annotation, not the tags


def test_subset_fonts_keep_the_characters_asked_for_and_drop_the_rest(tmp_path):
    from tools import fonts

    site = tmp_path / "fonts"
    site.mkdir()
    for name in ("KaTeX_Main-Regular.woff2", "KaTeX_AMS-Regular.woff2"):
        (site / name).write_bytes((NPM_FONTS / name).read_bytes())
    chars = {"∇", "≤", "η", "⊊", "⊆"}  # η is in neither (KaTeX draws it with Math-Italic)
    before, after, cached = fonts.subset_fonts(site, chars, cache=tmp_path / "cache")
    assert not cached and after < before / 2
    for name in ("KaTeX_Main-Regular.woff2", "KaTeX_AMS-Regular.woff2"):
        full, cut = _cmap(NPM_FONTS / name), _cmap(site / name)
        # (fontTools adds the glyphs the layout features reach, e.g. ≥ with ≤: a few more than asked)
        assert (chars | fonts.MARGIN) & full <= cut and len(cut - chars - fonts.MARGIN) <= 5
    assert "∇" in _cmap(site / "KaTeX_Main-Regular.woff2") and "⊊" in _cmap(site / "KaTeX_AMS-Regular.woff2")
    assert "∞" in _cmap(NPM_FONTS / "KaTeX_Main-Regular.woff2") and "∞" not in _cmap(site / "KaTeX_Main-Regular.woff2")
    cut_bytes = (site / "KaTeX_Main-Regular.woff2").read_bytes()
    (site / "KaTeX_Main-Regular.woff2").write_bytes((NPM_FONTS / "KaTeX_Main-Regular.woff2").read_bytes())
    (site / "KaTeX_AMS-Regular.woff2").write_bytes((NPM_FONTS / "KaTeX_AMS-Regular.woff2").read_bytes())
    assert fonts.subset_fonts(site, chars, cache=tmp_path / "cache")[2]  # the same characters: from the cache
    assert (site / "KaTeX_Main-Regular.woff2").read_bytes() == cut_bytes  # and the same bytes
    with pytest.raises(ValueError, match="no .woff2 fonts"):
        fonts.subset_fonts(tmp_path / "cache", chars, cache=tmp_path / "other")


def test_every_character_of_the_sites_maths_is_in_the_subset_fonts(built_site):
    """Each character of every page's .katex-html that a KaTeX font has is still in that font in
    the built site, and the fonts were cut (the site's copies are smaller than npm's)."""
    from bs4 import BeautifulSoup, SoupStrainer

    site, _ = built_site
    used = set()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "katex-html" in text:  # only KaTeX's HTML is kept by the parser: a third of the time
            soup = BeautifulSoup(text, "html.parser", parse_only=SoupStrainer(class_="katex-html"))
            for node in soup.find_all(class_="katex-html"):
                used |= set(node.get_text())
    assert {"∇", "η", "x"} <= used
    served = sorted((site / "assets" / "vendor" / "katex" / "fonts").glob("*.woff2"))
    assert len(served) == len(list(NPM_FONTS.glob("*.woff2"))) == 20
    missing = {}
    for font in served:
        lost = (used & _cmap(NPM_FONTS / font.name)) - _cmap(font)
        if lost:
            missing[font.name] = "".join(sorted(lost))
    assert not missing, f"characters of the maths missing from the subset fonts: {missing}"
    main = "KaTeX_Main-Regular.woff2"
    assert (site / "assets/vendor/katex/fonts" / main).stat().st_size < 0.7 * (NPM_FONTS / main).stat().st_size


def test_a_pages_formulas_are_drawn_with_the_subset_katex_fonts_only(server, browser):
    """Chapter 9 in Chromium: every glyph of its .katex-html is drawn with a KaTeX web font (as
    Chromium's DevTools reports the fonts it used for each node), none with a system fallback,
    which a glyph cut from a subset font would get; and each KaTeX font it loads loads."""
    base, site = server
    page = browser.new_page()
    try:
        page.goto(base + "/chapters/batches/", wait_until="networkidle")
        statuses = page.evaluate(
            "document.fonts.ready.then(() => [...document.fonts].filter(f => f.family.startsWith('KaTeX_')"
            " && f.status !== 'unloaded').map(f => f.family + ' ' + f.status))"
        )
        assert statuses and all(s.endswith(" loaded") for s in statuses), statuses
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        # The fonts of a node's own text: ask for the elements with text of their own (a quarter of them).
        page.evaluate("""() => { for (const el of document.querySelectorAll('.katex-html, .katex-html *'))
            if ([...el.childNodes].some(n => n.nodeType === 3 && n.data.trim())) el.dataset.gdText = ''; }""")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-gd-text]"})["nodeIds"]
        glyphs: dict[str, int] = {}
        for node in nodes:
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                name = font["familyName"] if font["isCustomFont"] else f"{font['familyName']} (system)"
                glyphs[name] = glyphs.get(name, 0) + font["glyphCount"]
        assert glyphs.get("KaTeX_Main", 0) > 100 and glyphs.get("KaTeX_Math", 0) > 100, glyphs
        assert all(name.startswith("KaTeX_") and not name.endswith("(system)") for name in glyphs), glyphs
    finally:
        page.close()
