"""The built site in a real browser: Debian's Chromium driven by Playwright.

Every page loads with no console error and no request to another host, its maths is rendered
by the self-hosted KaTeX, its figures load, and nothing overflows a 375-px phone screen (figures
with panels side by side keep a readable width there and scroll sideways inside the column).
Screenshots at desktop and phone width, light and dark, are saved to build/screenshots/ (JPEG).
Each page, viewport and scheme is a test of its own, so xdist spreads the visits over its workers.

Without Chromium these tests are skipped, saying how to get it (``.ci/run`` installs it); under
``CI=true`` they fail instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from book import DOCS, ROOT
from browsing import VIEWPORTS, visit

SHOTS = ROOT / "build" / "screenshots"

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
VISITS = [(path, viewport, scheme) for path in PAGES for viewport in VIEWPORTS for scheme in ("light", "dark")]


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


def _visit(browser, base: str, path: str, viewport: str, scheme: str):
    """Open a page (see conftest.visit) with every image loaded and decoded."""
    page, context, report = visit(browser, base, path, viewport, scheme)
    # Lazy images below the fold: load them all, so they are checked and in the screenshot.
    page.evaluate("""() => Promise.all([...document.images].map(i => {
        i.loading = 'eager';
        const loaded = i.complete ? Promise.resolve() : new Promise(r => { i.onload = i.onerror = r; });
        return loaded.then(() => i.decode ? i.decode().catch(() => null) : null);
    }))""")
    return page, context, report


@pytest.mark.parametrize(("path", "viewport", "scheme"), VISITS, ids=[f"{p.strip('/') or 'home'}-{v}-{s}" for p, v, s in VISITS])
def test_page_in_the_browser(server, browser, path, viewport, scheme):
    base, _ = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    name = path.strip("/").replace("/", "_") or "home"
    page, context, report = _visit(browser, base, path, viewport, scheme)
    where = f"{path} [{viewport}, {scheme}]"
    problems += [f"{where}: console error: {e}" for e in report["errors"]]
    problems += [f"{where}: request to another host: {u}" for u in report["foreign"]]
    state = page.evaluate(
        """() => ({
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
    )
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
    # JPEG: encoding a full-page PNG of a long chapter takes seconds, a JPEG a third of that.
    page.screenshot(path=str(SHOTS / f"{name}-{viewport}-{scheme}.jpg"), full_page=True, type="jpeg", quality=85)
    context.close()
    assert not problems, "\n".join(problems)
