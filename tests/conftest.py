"""Fixtures for the tests of the book: the built site, once per session, its server and a real browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from book import ROOT
from browsing import visit

SITE = ROOT / "build" / "test-site"


@pytest.fixture(scope="session")
def built_site():
    """Build the site with ``mkdocs build --strict`` into build/test-site and return its path and log."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(SITE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    log = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{log}", pytrace=False)
    return SITE, log


# ---- the built site in a real browser (test_browser.py, test_widgets.py, test_challenges.py) ----

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NO_CHROMIUM = (
    "browser tests need Chromium: install Debian's package with "
    "`sudo apt-get install chromium` (or set up the machine with `bash .ci/run`)"
)
BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # The network is off for the pages: no host but this machine resolves. (The tests also abort,
    # and report, every request to another host.)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


class Site(tuple):
    """``(base URL, site directory)``; ``.served`` lists the paths the server was asked for."""

    served: list[str]


@pytest.fixture(scope="session")
def server(built_site):
    """The built site on http://127.0.0.1:PORT, for the whole session."""
    site, _ = built_site
    served: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            served.append(self.path)
            super().do_GET()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    result = Site((f"http://127.0.0.1:{httpd.server_address[1]}", site))
    result.served = served
    yield result
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright; skipped, saying how to get it, when missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (make setup does)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield b
        b.close()



@pytest.fixture
def open_page(browser, server):
    """``open_page(path, viewport="desktop", scheme="light", js=True, **context_options) -> (page, report)``.

    ``report["errors"]`` collects console errors and uncaught exceptions, ``report["foreign"]``
    every request to another host (each is aborted). The contexts close after the test.
    """
    base, _ = server
    contexts = []

    def _open(path, viewport="desktop", scheme="light", js=True, **options):
        page, context, report = visit(browser, base, path, viewport, scheme, js=js, **options)
        contexts.append(context)
        return page, report

    yield _open
    for context in contexts:
        context.close()
