"""Opening a page of the built site in Chromium, for the browser tests (fixtures in conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

# Screenshots are for people to look at (``make screenshots``; the GitHub workflow uploads them), not
# checks: they are taken only with GDBOOK_SCREENSHOTS=1, into build/screenshots/.
SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
SCREENSHOTS = os.environ.get("GDBOOK_SCREENSHOTS", "") not in ("", "0")
# Material's header and back-to-top button hidden, off an element's screenshot.
HIDE_CHROME = ".md-header, .md-top, .md-tabs { visibility: hidden !important; }"

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
# The four looks of a page, in an order that changes one thing at a time (see ``look``).
STATES = [("desktop", "light"), ("desktop", "dark"), ("phone", "dark"), ("phone", "light")]

# Colour transitions off (page.add_style_tag), so each state's colours are final at once instead of 0.1-0.25 s later.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"

# Material follows the system's scheme (the palette's first entry is "automatic") a moment after it changes.
_WAIT_FOR_SCHEME = """async (scheme) => {
    for (let i = 0; i < 60 && document.body.getAttribute('data-md-color-scheme') !== scheme; i++)
        await new Promise(r => setTimeout(r, 50));
}"""


def look(page, viewport: str, scheme: str) -> None:
    """Show an open page at another viewport and colour scheme, in place: no reload (a page load
    costs 0.5-3 s), and the page must re-lay itself out as a phone turned sideways would.
    The scheme attribute is left for the caller to check; this waits (up to 3 s) for it to follow."""
    page.set_viewport_size(VIEWPORTS[viewport])
    page.emulate_media(color_scheme=scheme)
    page.evaluate(_WAIT_FOR_SCHEME, "slate" if scheme == "dark" else "default")


def visit(browser, base, path, viewport="desktop", scheme="light", js=True, context=None, **options):
    """Open ``base + path`` in a new page; return ``(page, context, report)``.

    The page is in a new context of ``browser`` (empty cache: a reader's first visit), or, given
    ``context``, in that one (warm: its cache and processes make a load about half the work; the
    viewport, the colour scheme and ``reduced_motion`` are then set on the page).
    ``report["errors"]`` collects console errors and uncaught exceptions, ``report["foreign"]``
    every request to another host (no host but this machine resolves, see conftest.BROWSER_ARGS,
    so a page must work without them), ``report["requested"]`` every URL the page asked for.
    """
    from urllib.parse import urlsplit

    host = urlsplit(base).netloc
    if context is None:
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme, java_script_enabled=js, **options)
        page = context.new_page()
    else:
        page = context.new_page()
        page.set_viewport_size(VIEWPORTS[viewport])
        page.emulate_media(color_scheme=scheme, reduced_motion=options.get("reduced_motion", "no-preference"))
    report = {"errors": [], "foreign": [], "requested": [], "pending": set()}

    # Listened to, not intercepted: Playwright's request interception (route) turns the cache off.
    def requested(request):
        report["requested"].append(request.url)
        report["pending"].add(request)
        if urlsplit(request.url).netloc not in (host, ""):
            report["foreign"].append(request.url)

    page.on("request", requested)
    page.on("requestfinished", lambda r: report["pending"].discard(r))
    page.on("requestfailed", lambda r: report["pending"].discard(r))
    page.on("console", lambda m: m.type == "error" and report["errors"].append(m.text))
    page.on("pageerror", lambda e: report["errors"].append(str(e)))
    # "load": scripts run, widgets mounted, images above the fold loaded. ("networkidle" waited a further
    # 0.5-1 s per page for quiet, mostly for the search index.)
    page.goto(base + path, wait_until="load")
    return page, context, report


def settle(page, report, quiet_ms: int = 100, timeout_ms: int = 15000) -> None:
    """Wait until no request of the page opened by ``visit`` has been pending for ``quiet_ms``
    (Playwright's "networkidle" waits for 500 ms of quiet, most of a light page's load)."""
    quiet = waited = 0
    while quiet < quiet_ms:
        if waited > timeout_ms:
            raise TimeoutError(f"requests still pending after {timeout_ms} ms: {[r.url for r in report['pending']]}")
        page.wait_for_timeout(25)
        waited += 25
        quiet = quiet + 25 if not report["pending"] else 0


def screenshot(target, name: str, **options) -> None:
    """With GDBOOK_SCREENSHOTS=1, save ``target`` (a Playwright page or locator) as build/screenshots/NAME."""
    if SCREENSHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(SHOTS / name), **options)
