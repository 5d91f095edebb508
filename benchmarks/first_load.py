"""What a first visit to a page of the built site transfers, compressed as a static host serves it.

It serves a built site on a local port, opens each page in a fresh Chromium context (empty cache,
phone-sized, 375 x 740), records every request the page makes until the network is quiet, and
counts each distinct file once: text types (HTML, JS, CSS, JSON, SVG, ...) as gzip -6 compresses
them (what GitHub Pages and most static hosts send), binary files (fonts, images) as they are.
A request to another host, or for a file the site does not have, is listed with 0 bytes.

    .venv/bin/mkdocs build --strict -d /tmp/site
    .venv/bin/python benchmarks/first_load.py /tmp/site /chapters/gradients/ /chapters/momentum/
    .venv/bin/python benchmarks/first_load.py /tmp/site --all     # home, every chapter, every lab
    .venv/bin/python benchmarks/first_load.py /tmp/site --table   # one line per page

tests/test_browser.py imports this module: a first visit to every page must stay within BUDGET.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

BUDGET = 200 * 1024  # bytes, compressed, for the first visit to any page of the book
PHONE = {"width": 375, "height": 740}
TEXT = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".xml", ".map"}


@dataclass(frozen=True)
class Item:
    path: str  # the URL path requested
    compressed: int  # bytes as sent: gzip -6 for text, as-is for binary, 0 if not a file of the site
    raw: int
    note: str = ""  # "missing", "another host"


@dataclass(frozen=True)
class Load:
    page: str
    items: tuple[Item, ...]

    @property
    def compressed(self) -> int:
        return sum(i.compressed for i in self.items)

    @property
    def raw(self) -> int:
        return sum(i.raw for i in self.items)

    def largest(self, n: int = 5) -> list[Item]:
        return sorted(self.items, key=lambda i: (-i.compressed, i.path))[:n]

    def summary(self) -> str:
        return f"{self.page}: {len(self.items)} requests, {self.compressed / 1024:.1f} KB compressed, {self.raw / 1024:.0f} KB raw"

    def report(self, n: int = 40) -> str:
        lines = [self.summary()]
        for i in self.largest(n):
            lines.append(f"   {i.compressed / 1024:6.1f} {i.raw / 1024:7.1f}  {i.path}{f' ({i.note})' if i.note else ''}")
        return "\n".join(lines)


def size(file: Path) -> tuple[int, int]:
    """(compressed, raw) bytes of one file as a static host serves it."""
    raw = file.read_bytes()
    return (len(gzip.compress(raw, 6)) if file.suffix.lower() in TEXT else len(raw)), len(raw)


def item(site: Path, base: str, url: str) -> Item:
    """The file of ``site`` that ``url`` (requested by a page served from ``base``) is, and its size."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != base:
        return Item(url, 0, 0, "another host")
    rel = unquote(parts.path)
    file = site / rel.lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    if not file.is_file():
        return Item(rel, 0, 0, "missing")
    return Item(rel, *size(file))


def load_of(page: str, site: Path, base: str, urls: list[str]) -> Load:
    """What a visit to ``page`` that requested ``urls`` (in order, repeats allowed) transferred."""
    return Load(page, tuple(item(site, base, u) for u in dict.fromkeys(urls) if not u.startswith(("data:", "blob:"))))


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:PORT (yields that base URL)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


MOUNTED = """() => [...document.querySelectorAll('[data-widget], .admonition.practice')]
    .every(el => el.dataset.gdReady)"""


def first_loads(browser, base: str, site: Path, paths: list[str], settle_ms: int = 500) -> list[Load]:
    """Open each of ``paths`` (URL paths such as ``/chapters/gradients/``) on ``base`` in a fresh
    phone-sized context of the Playwright ``browser``, all at once (each in its own context, so
    nothing is shared or cached between them), wait for each to be quiet on the network (and
    ``settle_ms`` more, once for all of them, for what scripts load late), and return what each
    first visit transferred."""
    visits = []
    try:
        for path in paths:
            context = browser.new_context(viewport=PHONE)
            page = context.new_page()
            urls: list[str] = []
            page.on("request", lambda r, urls=urls: urls.append(r.url))
            page.goto(base + path, wait_until="commit")
            visits.append((path, context, page, urls))
        for path, _, page, urls in visits:
            page.wait_for_load_state("networkidle")
            # What a reader gets: every widget and challenge mounted (their files load after the page's),
            # so a busy machine cannot make a page look lighter than it is.
            page.wait_for_function(MOUNTED, timeout=30000)
        if visits:
            visits[-1][2].wait_for_timeout(settle_ms)
        return [load_of(path, site, base, urls) for path, _, _, urls in visits]
    finally:
        for _, context, _, _ in visits:
            context.close()


def book_pages(site: Path) -> list[str]:
    """Home, every chapter and every lab of a built site, as URL paths."""
    pages = ["/"]
    for part in ("chapters", "labs"):
        pages += sorted(f"/{part}/{p.parent.name}/" for p in (site / part).glob("*/index.html"))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (mkdocs build -d SITE)")
    parser.add_argument("paths", nargs="*", help="URL paths to open, e.g. /chapters/gradients/")
    parser.add_argument("--all", action="store_true", help="home, every chapter and every lab")
    parser.add_argument("--table", action="store_true", help="one line per page, no item list")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    paths = args.paths + (book_pages(args.site) if args.all else [])
    if not paths:
        parser.error("give URL paths or --all")
    from playwright.sync_api import sync_playwright

    with serve(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        loads = first_loads(browser, base, args.site, paths, settle_ms=1500)
        browser.close()
    if args.table:
        print(f"{'page':40} {'requests':>8} {'KB compressed':>14} {'KB raw':>8}")
        for load in loads:
            print(f"{load.page:40} {len(load.items):8} {load.compressed / 1024:14.1f} {load.raw / 1024:8.0f}")
    else:
        for load in loads:
            print(load.report())
    over = [load.page for load in loads if load.page.startswith("/chapters/") and load.compressed > BUDGET]
    if over:
        print(f"over the {BUDGET // 1024} KB budget: {', '.join(over)}")


if __name__ == "__main__":
    main()
