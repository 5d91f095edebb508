"""Fixtures for the tests of the book: the built site, once per session, its server and a real browser."""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from filelock import FileLock

from book import ROOT
from browsing import visit

# GDBOOK_TEST_SITE: another directory, for two test runs on one checkout at once.
SITE = Path(os.environ.get("GDBOOK_TEST_SITE") or ROOT / "build" / "test-site").resolve()


def _build(log_file: Path) -> tuple[int, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(SITE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="session")
def run_id(request) -> str:
    """The same id in every xdist worker of one run (a new one per run, with or without xdist)."""
    workerinput = getattr(request.config, "workerinput", None)
    return workerinput["testrunuid"] if workerinput else uuid.uuid4().hex


@pytest.fixture(scope="session")
def built_site(run_id):
    """Build the site with ``mkdocs build --strict`` into build/test-site and return its path and log.

    Built once per test run, however many xdist workers ask: the first one builds under a file
    lock and records the outcome for this run (build/test-site.json); the others wait and reuse it.
    """
    SITE.parent.mkdir(parents=True, exist_ok=True)
    record = SITE.with_suffix(".json")
    with FileLock(str(SITE.with_suffix(".lock"))):
        done = json.loads(record.read_text()) if record.exists() else {}
        if done.get("run") != run_id:
            start = time.perf_counter()
            code, log = _build(SITE)
            done = {"run": run_id, "returncode": code, "log": log, "seconds": round(time.perf_counter() - start, 1)}
            record.write_text(json.dumps(done))
    if done["returncode"] != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{done['log']}", pytrace=False)
    return SITE, done["log"]


# ---- the built site in a real browser (test_browser.py, test_widgets.py, test_challenges.py) ----

# The browser: GDBOOK_CHROMIUM names it (CI points it at Playwright's own Chromium), else Debian's.
CHROMIUM = os.environ.get("GDBOOK_CHROMIUM") or "/usr/bin/chromium"
HOW_TO_GET_CHROMIUM = (
    "install Debian's package with `sudo apt-get install chromium` (or set up the machine with "
    "`bash .ci/run`), or point GDBOOK_CHROMIUM at a Chromium binary (e.g. the one "
    "`python -m playwright install --with-deps chromium` installs)"
)
# In CI a run that never opened a browser must not pass: missing Chromium fails there.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def no_browser(reason: str):
    """Skip (on a contributor's machine) or fail (under CI=true), saying how to get a browser."""
    message = f"browser tests need Chromium: {reason}; {HOW_TO_GET_CHROMIUM}"
    if IN_CI:
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # The network is off for the pages: no host but this machine resolves. (The tests also report
    # every request to another host: browsing.visit.)
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
    """Chromium, headless, driven by Playwright; when missing, a skip saying how to get it (a failure in CI)."""
    if not Path(CHROMIUM).exists():
        no_browser(f"{CHROMIUM} does not exist")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        no_browser("the playwright package is not installed (`make setup` installs it)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        except Error as exc:
            no_browser(f"{CHROMIUM} did not start ({str(exc).splitlines()[0]})")
        yield b
        b.close()


# What a page can change for itself (browsing.visit); the other context options need a context of their own.
PAGE_OPTIONS = {"reduced_motion"}
# Cleared when a test's page closes, so a warm context carries nothing from one test to the next but its cache.
FORGET = "() => { localStorage.clear(); sessionStorage.clear(); }"


@pytest.fixture(scope="session")
def warm_contexts(browser):
    """Browser contexts kept for the whole session, one per set of context options (JavaScript on or
    off, touch, ...): a page opened in one loads with a warm cache, about half the work of a first visit."""
    contexts: dict = {}
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.fixture
def open_page(browser, server, warm_contexts):
    """``open_page(path, viewport="desktop", scheme="light", js=True, fresh=False, **context_options) -> (page, report)``.

    The page opens in a warm context shared with the other tests of this worker (its storage and cookies
    are cleared when the test ends), or with ``fresh=True`` in a new one, as on a reader's first visit
    (for a test of what is fetched). ``report["errors"]`` collects console errors and uncaught
    exceptions, ``report["foreign"]`` every request to another host. The pages close after the test.
    """
    base, _ = server
    opened = []

    def _open(path, viewport="desktop", scheme="light", js=True, fresh=False, **options):
        context = None
        if not fresh:
            own = {k: v for k, v in options.items() if k not in PAGE_OPTIONS}
            key = (js, *sorted(own.items()))
            if key not in warm_contexts:
                warm_contexts[key] = browser.new_context(java_script_enabled=js, **own)
            context = warm_contexts[key]
        page, context, report = visit(browser, base, path, viewport, scheme, js=js, context=context, **options)
        opened.append((page, context, fresh, js))
        return page, report

    yield _open
    for page, context, fresh, js in opened:
        if fresh:
            context.close()
            continue
        if not page.is_closed():
            if js:
                page.evaluate(FORGET)
            page.close()
        context.clear_cookies()


# ---- scheduling: the tests that need the built site are marked `site` and collected first --------------


def pytest_collection_modifyitems(config, items):
    """Mark every test that needs the built site (it uses ``built_site``) ``site``, and put them first.

    ``make test-fast`` runs ``-m "not site"``. Under xdist's ``--dist worksteal`` each worker starts
    with a contiguous half of the run: with the site tests first, one worker builds the site (once,
    see ``built_site``) and opens the browser while the other runs the engine, the code blocks and
    the figures, then steals what is left.
    """
    site = pytest.mark.site
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(site)
    items.sort(key=lambda item: 0 if item.get_closest_marker("site") else 1)


# ---- a reminder: the figure record changed (tests/test_figures.py) -------------------------------------

FIGURE_RECORD = ROOT / "tests" / "fixtures" / "figures-repeatable.json"
_SESSION_START = time.time()


def pytest_terminal_summary(terminalreporter):
    """Say so when this run rewrote the figure record: a change to gdbook, tools/figures.py or a figure
    changes every figure's inputs, and until the record is committed a fresh clone draws them all twice."""
    if FIGURE_RECORD.exists() and FIGURE_RECORD.stat().st_mtime > _SESSION_START:
        terminalreporter.write_line(
            f"{FIGURE_RECORD.relative_to(ROOT)} was updated by this run: commit it with your change "
            "(otherwise a fresh clone, CI's, draws every changed figure a second time)", yellow=True)
