"""The built site: a clean strict build (which validates nav, links and anchors, see ``validation:``
in mkdocs.yml), every link of the built pages points at a file the site has, and no page loads
anything from another host (the book works offline and tells no one what you read)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from book import DOCS, ROOT

# Elements that make the browser fetch something when the page loads.
LOADING = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
}
LOADING_LINK_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "manifest", "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)""")
SITE_URL = "https://gdbook.github.io/gdbook/"


def _is_external(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url)) and not url.startswith("data:")


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def parsed(built_site):
    site, _ = built_site
    return site, {page: BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser") for page in _pages(site)}


def test_strict_build_is_clean(built_site):
    _, log = built_site
    warnings = [l for l in log.splitlines() if l.startswith("WARNING") or "WARNING -" in l]
    assert not warnings, "\n".join(warnings)
    assert "Documentation built in" in log, log[-2000:]


def test_site_has_the_pages(parsed):
    site, pages = parsed
    names = {p.relative_to(site).as_posix() for p in pages}
    for expected in ["index.html", "chapters/update-rule/index.html", "labs/first-descent/index.html", "404.html"]:
        assert expected in names


def _source(site: Path, page: Path) -> str:
    """The docs/ file a built page comes from (``chapters/x/index.html`` -> ``docs/chapters/x.md``)."""
    rel = page.parent.relative_to(site) if page.name == "index.html" else page.with_suffix("").relative_to(site)
    for candidate in (DOCS / rel).with_suffix(".md"), DOCS / rel / "index.md", (DOCS / rel).with_suffix(".ipynb"):
        if rel.as_posix() != "." and candidate.exists():
            return candidate.relative_to(ROOT).as_posix()
    return "docs/index.md" if rel.as_posix() == "." else f"{page.relative_to(site)} (theme)"


def _target(site: Path, page: Path, url: str) -> Path | None:
    """The file a same-site URL points at (None if it leaves the site)."""
    if url.startswith(SITE_URL):
        url = "/" + url[len(SITE_URL) :]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page
    target = site / path.lstrip("/") if path.startswith("/") else (page.parent / path).resolve()
    return target / "index.html" if target.is_dir() or path.endswith("/") else target


def test_every_page_links_to_files_that_exist(parsed):
    """Links written in Markdown, and their #anchors, are checked by the build itself (``validation:``
    in mkdocs.yml, with --strict), which names the .md file. This is the backstop for what that
    cannot see: raw HTML in a page, the notebooks' HTML, the theme's own links and assets."""
    site, pages = parsed
    broken = []
    for page, soup in pages.items():
        if page.name == "404.html":
            continue  # its links are absolute to site_url's path, made for any depth
        for tag in soup.find_all(["a", "link", "img", "script", "source"]):
            for attr in ("href", "src"):
                url = tag.get(attr)
                if not url or url.startswith(("mailto:", "data:", "javascript:", "#")):
                    continue
                target = _target(site, page, url)
                if target is not None and not target.exists():
                    broken.append(f"{_source(site, page)}: <{tag.name} {attr}={url!r}> points at a file the site does not have")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_no_page_loads_from_another_host(parsed):
    site, pages = parsed
    offenders = []
    for page, soup in pages.items():
        where = page.relative_to(site)
        for name, attrs in LOADING.items():
            for tag in soup.find_all(name):
                for attr in attrs:
                    for url in re.split(r",\s*", tag.get(attr, "")):
                        if url and _is_external(url.split()[0]):
                            offenders.append(f"{where}: <{name} {attr}={url!r}>")
        for tag in soup.find_all("link"):
            rels = set(tag.get("rel") or [])
            if rels & LOADING_LINK_RELS and _is_external(tag.get("href", "")):
                offenders.append(f"{where}: <link rel={sorted(rels)} href={tag.get('href')!r}>")
        for tag in soup.find_all(style=True):
            offenders += [f"{where}: style url {u!r}" for u in CSS_URL.findall(tag["style"]) if _is_external(u)]
        for tag in soup.find_all("style"):
            text = tag.get_text()
            offenders += [f"{where}: <style> {u!r}" for u in CSS_URL.findall(text) + CSS_IMPORT.findall(text) if _is_external(u)]
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{css.relative_to(site)}: {u!r}" for u in CSS_URL.findall(text) + CSS_IMPORT.findall(text) if _is_external(u)]
    assert not offenders, "resources loaded from another host:\n" + "\n".join(offenders)


def test_every_image_has_alt_text(parsed):
    site, pages = parsed
    assert sum(len(soup.find_all("img")) for soup in pages.values()) >= 10, "the site should have figures"
    missing = [
        f"{page.relative_to(site)}: {(img.get('src') or '')[:60]}"
        for page, soup in pages.items()
        for img in soup.find_all("img")
        if len((img.get("alt") or "").strip()) < 10 or "No description has been provided" in img["alt"]
    ]
    assert not missing, "images without alt text:\n" + "\n".join(missing)


# Maths still in its TeX source: \( \[ $$ anywhere, or $...$ (a dollar, something that is not a space, a dollar).
UNRENDERED = re.compile(r"\\\(|\\\[|\$\$|\$[^\s$][^$]*\$")
NOT_TEXT = ["pre", "code", "script", "style", "textarea", "annotation"]


def test_maths_is_rendered_at_build_time(parsed):
    """KaTeX renders every formula during the build (tools/katex.py): no page loads KaTeX's JavaScript,
    each arithmatex element holds KaTeX's HTML and MathML, and no TeX is left in the text of any page
    (the labs' Markdown cells, captions, tables of contents). The CSS and fonts are served by the site."""
    site, pages = parsed
    assert (site / "assets/vendor/katex/katex.min.css").exists()
    assert list((site / "assets/vendor/katex/fonts").glob("*.woff2"))
    problems = []
    for page, soup in pages.items():
        where = page.relative_to(site)
        problems += [f"{where} loads {s['src']}" for s in soup.find_all("script", src=True) if "katex" in s["src"].lower()]
        for element in soup.select(".arithmatex"):
            if not element.select_one(".katex .katex-mathml math") or not element.select_one(".katex-html"):
                problems.append(f"{where}: not rendered to HTML and MathML: {str(element)[:100]}")
        for text in soup.body.find_all(string=UNRENDERED) if soup.body else []:
            if not text.find_parent(NOT_TEXT):
                problems.append(f"{where}: TeX left in the text: {UNRENDERED.search(text).group()!r} in {text.strip()[:80]!r}")
    assert not problems, "\n".join(problems)
    chapter = pages[site / "chapters/update-rule/index.html"]
    assert len(chapter.select(".arithmatex .katex")) > 50, "the chapter should contain maths"
    lab = pages[site / "labs/backprop-by-hand/index.html"]
    assert lab.select(".jp-MarkdownCell .katex-display .katex-mathml"), "the lab's $$ display maths should be rendered"
    toc = pages[site / "chapters/learning-rate/index.html"].select(".md-nav__link .katex")
    assert toc, "a heading's maths should be rendered in the table of contents too"


def test_labs_offer_their_notebook_for_download(parsed):
    site, pages = parsed
    labs = [p for p in pages if "labs/" in p.relative_to(site).as_posix() and p.name == "index.html"]
    assert labs, "the site has no lab page"
    for page in labs:
        link = pages[page].select_one('a[data-gdbook="download-notebook"]')
        assert link is not None, f"{page.relative_to(site)} has no download button"
        assert (page.parent / link["href"]).exists()
