"""A light first load: what was taken off it still works when it is needed. A widget's files load on
the page that has the widget, also after Material's instant navigation; the search index on first
use of the search box; the lightbox on the first click on a figure; the exercises' scripts only
where there is a challenge. (That a first visit to any page transfers at most 200 KB is checked by
the browser pass, tests/test_browser.py, on the load it makes anyway.)"""

from __future__ import annotations

import re

from book import DOCS
from browsing import VIEWPORTS
from tools import widget_data


# Whether the page has a stylesheet whose URL ends with the argument.
HAS_STYLESHEET = "(name) => [...document.styleSheets].some(s => (s.href || '').endsWith(name))"
WIDGET_FILES = re.compile(r"/assets/(data/widgets\.js|js/widgets/(gdmath|momentum)\.js|css/momentum\.css)$")


def test_instant_navigation_loads_and_mounts_a_widget(browser, server):
    """From a page without widgets (none of their files requested), a click on the nav goes to chapter
    10 without a reload (navigation.instant); its widget's files are requested, once, and it mounts."""
    base, site = server
    # Material navigates instantly only to the URLs of sitemap.xml, taking their path and port as
    # they are (it replaces only protocol and host), so the sitemap is moved to this server.
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    home = re.search(r"<loc>(.*?)</loc>", sitemap).group(1)
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    context.route("**/sitemap.xml", lambda r: r.fulfill(body=sitemap.replace(home, base + "/"), content_type="application/xml"))
    page = context.new_page()
    errors, requested = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: WIDGET_FILES.search(r.url) and requested.append(WIDGET_FILES.search(r.url).group(1)))
    try:
        page.goto(base + "/chapters/gradients/", wait_until="networkidle")
        page.evaluate("window.gdStillHere = true")
        assert requested == [], "a page without widgets loaded widget files"
        page.locator("a.glightbox:visible").first.click()  # GLightbox made on this page
        page.locator(".glightbox-container .gslide.current img").wait_for(state="visible", timeout=10000)
        page.keyboard.press("Escape")
        page.locator(".glightbox-container").wait_for(state="detached", timeout=10000)
        page.click('.md-sidebar--primary a.md-nav__link[href$="momentum/"]')
        page.wait_for_selector('[data-widget="momentum"][data-gd-ready]', timeout=15000)
        assert page.evaluate("window.gdStillHere === true"), "the click reloaded the page: instant navigation did not happen"
        assert sorted(requested) == ["css/momentum.css", "data/widgets.js", "js/widgets/gdmath.js", "js/widgets/momentum.js"]
        # Mounted: its static fallback ("An interactive version belongs here") replaced by its controls.
        widget = page.locator('[data-widget="momentum"]')
        assert widget.locator("input, button").count() > 0
        assert "interactive version belongs here" not in widget.inner_text()
        # The lightbox, made on the first page, works on the page swapped in (core.js reloads it).
        page.locator("a.glightbox:visible").first.click()
        slide = page.locator(".glightbox-container .gslide.current img")
        slide.wait_for(state="visible", timeout=10000)
        assert "momentum" in slide.get_attribute("src")
        page.keyboard.press("Escape")
        page.locator(".glightbox-container").wait_for(state="detached", timeout=10000)
        # Away to a page without widgets and back, both by instant navigation: Material takes the widget's
        # stylesheet out of <head> on the way (the new page's <head> does not list it); it must be back.
        page.click('.md-sidebar--primary a.md-nav__link[href$="gradients/"]')
        page.wait_for_function("() => !document.querySelector('[data-widget=momentum]')")
        page.click('.md-sidebar--primary a.md-nav__link[href$="momentum/"]')
        page.wait_for_selector('[data-widget="momentum"][data-gd-ready]', timeout=15000)
        assert page.evaluate("window.gdStillHere === true"), "instant navigation did not happen"
        styled = lambda name: page.evaluate(HAS_STYLESHEET, name)  # noqa: E731
        assert styled("/css/momentum.css"), "back on chapter 10 by instant navigation, its widget's stylesheet is gone"
        # mkdocstrings' stylesheet is only in the <head> of the API reference's pages; Material adds it on the way there.
        assert not styled("/_mkdocstrings.css"), "a chapter has mkdocstrings' stylesheet"
        page.click('.md-sidebar--primary a.md-nav__link[href*="reference/optim/"]')
        page.wait_for_selector(".doc-heading", timeout=15000)
        page.wait_for_function(HAS_STYLESHEET, arg="/_mkdocstrings.css", timeout=10000)
        assert page.evaluate("window.gdStillHere === true"), "instant navigation did not happen"
        assert not errors, errors
    finally:
        context.close()


def test_search_index_loads_on_first_use_of_the_search_box(server, open_page):
    """A page load requests neither search/search_index.json nor the search worker (overrides/main.html
    holds them back); the S shortcut focuses the search box, which requests both, and typing finds the
    momentum chapter."""
    before = len(server.served)
    page, report = open_page("/chapters/gradients/", fresh=True)
    page.wait_for_load_state("networkidle")
    search = re.compile(r"/search/search_index\.json$|/workers/search\.[^/]*\.js$")
    index = lambda: [p for p in server.served[before:] if search.search(p)]  # noqa: E731
    assert index() == [], "the page requested the search index or worker before the search box was used"
    page.keyboard.press("s")
    page.keyboard.type("momentum")
    result = page.locator('.md-search-result__list a[href*="chapters/momentum/"]').first
    result.wait_for(timeout=15000)
    assert len(index()) == 2
    assert "Momentum" in result.inner_text()
    assert not report["errors"], report["errors"]


def test_core_js_knows_which_widgets_have_a_stylesheet_or_data_of_their_own():
    """core.js loads assets/css/X.css for the widgets in its STYLESHEETS list: exactly those with one;
    and assets/data/X.js for those in its OWN_DATA list: exactly those tools/widget_data.py writes,
    each widget reading (gd.data.KEY) no other widget's own data."""
    core = (DOCS / "assets/js/widgets/core.js").read_text(encoding="utf-8")
    listed_list = lambda name: set(re.findall(r'"([a-z-]+)"', re.search(rf"const {name} = \[(.*?)\];", core, re.S).group(1)))  # noqa: E731
    assert listed_list("OWN_DATA") == set(widget_data.OWN_DATA)
    for script in (DOCS / "assets/js/widgets").glob("*.js"):
        reads = set(re.findall(r"\bgd\.data\.([a-z]+)\b", script.read_text(encoding="utf-8")))
        others = {key for widget, key in widget_data.OWN_DATA.items() if widget != script.stem}
        assert not reads & others, f"{script.name} reads {sorted(reads & others)}, the data of another widget (OWN_DATA)"
    listed = listed_list("STYLESHEETS")
    used = set(re.findall(r'data-widget="([a-z-]+)"', "".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md"))))
    have = {name for name in used if (DOCS / "assets/css" / f"{name}.css").exists()}
    assert listed == have, f"core.js STYLESHEETS should be {sorted(have)}"
    for name in used:
        assert (DOCS / "assets/js/widgets" / f"{name}.js").exists(), f"widget {name} has no script assets/js/widgets/{name}.js"


def test_the_lightbox_loads_on_the_first_click_on_a_figure_and_works_by_keyboard(browser, server):
    """GLightbox (15 + 2.5 KB) is not requested when a chapter opens; a click on a figure loads it and
    opens the figure full size, Escape closes it; Enter on a figure link opens it too."""
    base, site = server
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    requested, errors = [], []
    page.on("request", lambda r: "glightbox" in r.url and requested.append(r.url.rsplit("/", 1)[-1]))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(base + "/chapters/batches/", wait_until="networkidle")
        assert requested == [], "the page loaded glightbox before any figure was clicked"
        figure = page.locator("a.glightbox:visible").first
        figure.click()
        slide = page.locator(".glightbox-container .gslide.current img")
        slide.wait_for(state="visible", timeout=10000)
        assert sorted(requested) == ["glightbox.min.css", "glightbox.min.js"]
        assert slide.get_attribute("src").split("/")[-1] == figure.get_attribute("href").split("/")[-1]
        page.keyboard.press("Escape")
        page.locator(".glightbox-container").wait_for(state="detached", timeout=10000)
        figure.focus()  # now GLightbox's own handler, by keyboard
        page.keyboard.press("Enter")
        slide.wait_for(state="visible", timeout=10000)
        page.keyboard.press("Escape")
        page.locator(".glightbox-container").wait_for(state="detached", timeout=10000)
        assert sorted(requested) == ["glightbox.min.css", "glightbox.min.js"], "glightbox was loaded twice"
        assert not errors, errors
    finally:
        page.close()


def test_the_exercises_scripts_load_only_on_a_page_with_a_challenge(browser, server):
    """practice.js and python.js (6 KB) are requested on chapter 3, which has challenges (and its
    first challenge is enhanced), not on chapter 9, which has none."""
    base, site = server
    page = browser.new_page()
    requested = []
    scripts = re.compile(r"/assets/js/widgets/(practice|python)\.js$")
    page.on("request", lambda r: scripts.search(r.url) and requested.append(scripts.search(r.url).group(1)))
    try:
        page.goto(base + "/chapters/batches/", wait_until="networkidle")
        assert page.locator(".admonition.practice").count() == 0 and requested == []
        page.goto(base + "/chapters/update-rule/", wait_until="load")
        # core.js loads them after the page: wait for the first challenge to be enhanced, not for quiet
        # on the network (a busy machine can be quiet for 0.5 s before they are asked for).
        page.locator(".admonition.practice[data-gd-ready]").first.wait_for(state="attached", timeout=10000)
        assert requested == ["python", "practice"]
    finally:
        page.close()

