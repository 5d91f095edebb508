"""Opening a page of the built site in Chromium, for the browser tests (fixtures in conftest.py)."""

from __future__ import annotations

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


def visit(browser, base, path, viewport="desktop", scheme="light", js=True, **options):
    """Open ``base + path`` in a new context; return ``(page, context, report)``.

    ``report["errors"]`` collects console errors and uncaught exceptions, ``report["foreign"]``
    every request to another host (each is aborted, so a page must work without them).
    """
    from urllib.parse import urlsplit

    host = urlsplit(base).netloc
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme, java_script_enabled=js, **options)
    report = {"errors": [], "foreign": []}

    def route(r):
        if urlsplit(r.request.url).netloc not in (host, ""):
            report["foreign"].append(r.request.url)
            return r.abort()
        return r.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and report["errors"].append(m.text))
    page.on("pageerror", lambda e: report["errors"].append(str(e)))
    # "load": scripts run, widgets mounted, images above the fold loaded. ("networkidle" waited a further
    # 0.5-1 s per page for quiet, mostly for the search index.)
    page.goto(base + path, wait_until="load")
    return page, context, report
