"""The built site in a real browser: Debian's Chromium driven by Playwright.

Every page is opened as on a reader's first visit (a new context, empty cache, phone-sized): it
transfers at most 200 KB (compressed as a static host serves it, counted by benchmarks/first_load.py),
with no console error, no request to another host and none for a file the site lacks. Then, in
place, at desktop and phone width, light and dark: its maths is rendered by the self-hosted KaTeX,
its figures load, nothing overflows a 375-px phone screen (figures with panels side by side keep a
readable width there and scroll sideways inside the column), and axe-core finds nothing serious.
With GDBOOK_SCREENSHOTS=1 (``make screenshots``; the GitHub workflow sets it) a full-page screenshot
of each page at desktop and phone width, light and dark, is saved to build/screenshots/ (JPEG): they
are for people to look at, and cost about a third of this pass, so ``make test`` checks without them.
Each page is a test of its own (loaded once, then looked at in each viewport and scheme), so xdist
spreads the pages over its workers.

Without Chromium these tests are skipped, saying how to get it (``.ci/run`` installs it); under
``CI=true`` they fail instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from a11y import COLOUR_RULES, axe_problems
from benchmarks.first_load import BUDGET, MOUNTED, load_of
from book import DOCS
from browsing import NO_TRANSITIONS, STATES, look, screenshot, settle, visit


# The fixtures `server` (the built site on a local port) and `browser` (Chromium driven by
# Playwright; it skips, saying how to get Chromium, when it is missing) are in tests/conftest.py,
# shared with test_widgets.py and test_challenges.py.


def _url(source: Path) -> str:
    """The URL path of the page built from ``docs/<source>`` (``chapters/x.md`` -> ``/chapters/x/``)."""
    rel = source.relative_to(DOCS).with_suffix("").as_posix()
    if rel == "index":
        return "/"
    return "/" + (rel[: -len("/index")] if rel.endswith("/index") else rel) + "/"


# Every page of the book, from its source, so each visit is a test of its own (xdist spreads them).
PAGES = sorted({_url(p) for p in [*DOCS.rglob("*.md"), *DOCS.rglob("*.ipynb")] if "assets" not in p.parts})


def _built_pages(site: Path) -> list[str]:
    paths = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        paths.append("/" if rel == "." else f"/{rel}/")
    return paths


def test_the_browser_visits_every_built_page(built_site):
    site, _ = built_site
    built = _built_pages(site)
    assert len(built) >= 3
    assert sorted(built) == PAGES, (
        f"pages built but not visited: {sorted(set(built) - set(PAGES))}; "
        f"visited but not built: {sorted(set(PAGES) - set(built))}"
    )


# What the browser pass checks in each state; one load per page, then every state in place
# (browsing.look: a reload per state cost three more page loads of 1.5-3 s each).
PAGE_STATE = """() => ({
    scheme: document.body.getAttribute('data-md-color-scheme'),
    mathErrors: document.querySelectorAll('.katex-error').length,
    unrendered: [...document.querySelectorAll('.arithmatex')]
        .filter(e => !e.querySelector('.katex')).length,
    brokenImages: [...document.images]
        .filter(i => i.complete && i.naturalWidth === 0 && i.getClientRects().length)
        .map(i => i.src),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    // panels side by side: readable width, scrolling inside the column
    wide: [...document.querySelectorAll('figure img.wide')]
        .filter(i => i.getClientRects().length)
        .map(i => ({src: i.src.split('/').pop(), width: i.getBoundingClientRect().width,
                    scrolls: i.parentElement.scrollWidth > i.parentElement.clientWidth})),
})"""

LOAD_EVERY_IMAGE = """() => Promise.all([...document.images].map(i => {
    i.loading = 'eager';
    const loaded = i.complete ? Promise.resolve() : new Promise(r => { i.onload = i.onerror = r; });
    return loaded.then(() => i.decode ? i.decode().catch(() => null) : null);
}))"""


def _state_problems(state: dict, where: str, viewport: str, scheme: str) -> list[str]:
    problems = []
    expected_scheme = "slate" if scheme == "dark" else "default"
    if state["scheme"] != expected_scheme:
        problems.append(f"{where}: colour scheme is {state['scheme']}, expected {expected_scheme}")
    if state["mathErrors"] or state["unrendered"]:
        problems.append(f"{where}: {state['mathErrors']} KaTeX errors, {state['unrendered']} unrendered formulas")
    if state["brokenImages"]:
        problems.append(f"{where}: images that did not load: {state['brokenImages']}")
    if state["overflow"] > 1:
        problems.append(f"{where}: page is {state['overflow']} px wider than the screen")
    for img in state["wide"]:
        if viewport == "phone" and not (img["width"] >= 560 and img["scrolls"]):
            problems.append(f"{where}: wide figure {img['src']} is {img['width']:.0f} px wide "
                            f"(scrolls sideways: {img['scrolls']}); on a phone it should keep 600 px and scroll")
    return problems


def _first_load_problems(page, report, base, site, path) -> list[str]:
    """What the first visit transferred, once every widget and challenge is mounted and the network is
    quiet (their files load after the page's): over BUDGET, or asking for files the site lacks."""
    page.wait_for_function(MOUNTED, timeout=30000)
    settle(page, report)
    load = load_of(path, site, base, report["requested"])
    problems = []
    if load.compressed > BUDGET:
        largest = ", ".join(f"{i.path} {i.compressed / 1024:.1f} KB" for i in load.largest(5))
        problems.append(f"{load.summary()}; over {BUDGET // 1024} KB on a first visit. Largest: {largest}")
    strays = [i.path for i in load.items if i.note == "missing"]
    if strays:
        problems.append(f"{path}: requests for files the site does not have: {strays}")
    return problems


@pytest.mark.parametrize("path", PAGES, ids=[p.strip("/") or "home" for p in PAGES])
def test_page_in_the_browser(server, browser, path):
    """A first visit to the page at phone size (what it transfers), then the page at desktop and phone
    width, light and dark (and, with GDBOOK_SCREENSHOTS=1, a full-page screenshot of each)."""
    base, site = server
    name = path.strip("/").replace("/", "_") or "home"
    page, context, report = visit(browser, base, path, "phone", "light")
    problems = _first_load_problems(page, report, base, site, path)
    page.add_style_tag(content=NO_TRANSITIONS)
    # Lazy images below the fold (light and dark variants): load them all, so they are checked and in the screenshots.
    page.evaluate(LOAD_EVERY_IMAGE)
    for viewport, scheme in STATES:
        where = f"{path} [{viewport}, {scheme}]"
        look(page, viewport, scheme)
        problems += _state_problems(page.evaluate(PAGE_STATE), where, viewport, scheme)
        # JPEG: encoding a full-page PNG of a long chapter takes seconds, a JPEG a third of that.
        screenshot(page, f"{name}-{viewport}-{scheme}.jpg", full_page=True, type="jpeg", quality=85)
        if viewport == "desktop":  # axe-core in each scheme: every rule, then the rules that depend on the colours
            problems += axe_problems(page, where, rules=None if scheme == STATES[0][1] else COLOUR_RULES)
    problems += [f"{path}: console error: {e}" for e in report["errors"]]
    problems += [f"{path}: request to another host: {u}" for u in report["foreign"]]
    context.close()
    assert not problems, "\n".join(problems)
