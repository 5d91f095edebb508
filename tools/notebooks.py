"""Every chapter as a Jupyter notebook, and every notebook executed once, in the background.

``chapter_notebook`` turns a chapter's Markdown into a notebook: its ``python`` blocks (the ones the
tests run, pytest-codeblocks' way) become code cells, in page order, and everything else Markdown
cells that Jupyter and Colab can render:

- ``--8<--`` includes are expanded by pymdownx.snippets itself (the settings of mkdocs.yml), so the
  notebook shows the code the page shows;
- an expected-output block (after ``<!--pytest-codeblocks:expected-output-->``) is dropped: the
  executed cell's output is that text, and tests/test_notebooks.py checks they are equal;
- a block the tests skip (``<!--pytest.mark.skip(reason=...)-->``), a challenge's starter
  (```` ```{.python .starter} ````, which is meant to fail until the reader fixes it) and a titled,
  included file (figure scripts, the engine's source) are shown as code in Markdown, not cells: so
  "Run all" runs every cell of the notebook, as the build does, and a skipped block says why;
- admonitions and "Going deeper" boxes become block quotes headed by their title (a code block inside
  one is a code cell between two quotes; display maths in a quote goes on one line, as Jupyter's
  renderer needs), content tabs a bold title; the widgets (which need the site's JavaScript) a link to
  the page; figures their light-scheme image; footnotes numbered superscripts;
- links to pages and figures point to the site (``site_url``): relative links break in a download.

``Runs`` executes notebooks with nbclient (errors not allowed), two kernels at a time, in threads
(the work is in the kernels' processes), so the execution overlaps with the rest of the build.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin

import jupytext
import markdown
import nbformat
from nbclient import NotebookClient

from tools.fences import FENCE, MARKER, STARTER_INFO

ROOT = Path(__file__).resolve().parent.parent
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_ADMONITION = re.compile(r'^(?P<mark>!!!|\?\?\?\+?) +(?P<classes>[\w-]+(?: +[\w-]+)*)(?: +"(?P<title>.*)")?\s*$')
_TAB = re.compile(r'^===\+? +"(?P<title>.*)"\s*$')
_DIV_OPEN = re.compile(r"^\s*<div\b[^>]*\bmarkdown\b[^>]*>\s*$")
_WIDGET = re.compile(r'data-widget="(?P<name>[\w-]+)"')
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)(?:\{[^}]*\})?")
_CAPTION = re.compile(r"<figcaption>(?P<text>.*?)</figcaption>", re.S)
_LINK = re.compile(r"(?P<head>!?\[[^\]]*\]\()(?P<target>[^)\s]+)\)")
_HEADING_ATTRS = re.compile(r"^(?P<heading>#{1,6} .*?)\s*\{[^}]*\}\s*$", re.M)
_FOOTNOTE = re.compile(r"\[\^(?P<name>[\w-]+)\]:?")

# A fence of display-only code: ```py is highlighted as Python by Jupyter but not taken for a cell.
SHOWN = "```py"


class NotebookError(ValueError):
    """A chapter cannot be turned into a notebook as written."""


def _is(markers: list[str], word: str) -> bool:
    return any(word in m and "importorskip" not in m for m in markers)


def _dollars(line: str) -> int:
    """How many single ``$`` (inline-maths delimiters) a line has."""
    return line.replace("\\$", "").replace("$$", "").count("$")


def _quote(lines: list[str]) -> list[str]:
    """Lines as a Markdown block quote; each formula first put on one line (Jupyter takes the maths
    out of the raw text before it reads the Markdown, so a ``>`` inside ``$...$`` would be TeX)."""
    joined: list[str] = []
    maths: list[str] | None = None
    fenced = False  # in a fence of shown code, where a line is a line
    for line in lines:
        fence = line.lstrip().startswith("```")
        if fenced or fence:
            joined.append(line)
            fenced = fenced != fence
        elif maths is None and line.strip() and joined and joined[-1].strip() and _dollars(joined[-1]) % 2:
            joined[-1] += " " + line.strip()  # an inline formula that goes on over the line break
        elif line.strip() == "$$":
            if maths is None:
                maths = [line[: len(line) - len(line.lstrip())] + "$$"]
            else:
                joined.append(" ".join(maths) + " $$")
                maths = None
        elif maths is not None:
            maths.append(line.strip())
        else:
            joined.append(line)
    if maths is not None:
        raise NotebookError(f"display maths in a box is not closed: {' '.join(maths)[:80]!r}")
    return [f"> {line}" if line.strip() else ">" for line in joined]


def _label(classes: list[str], title: str | None) -> str:
    kind = classes[0]
    if kind == "practice" and len(classes) > 1:
        return f"Practice ({classes[1]}): {title}" if title else f"Practice ({classes[1]})"
    if kind == "question":
        return f"Quick check: {title}" if title else "Quick check"
    return title or kind.capitalize()


def _strip(lines: list[str]) -> list[str]:
    """Without blank lines at either end."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _body(lines: list[str], i: int) -> tuple[list[str], int]:
    """The 4-space indented body that starts at line ``i``, dedented, and the line after it."""
    body: list[str] = []
    while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
        body.append(lines[i][4:])
        i += 1
    while body and not body[-1].strip():
        body.pop()
        i -= 1
    return body, i


Segment = tuple[str, list[str]]  # ("md", lines) or ("code", source lines)


def _segments(lines: list[str], source: str, page: str) -> list[Segment]:
    """The Markdown of one level (the page, or an admonition's dedented body) as Markdown and code;
    ``source`` names the page in errors, ``page`` is its URL."""
    out: list[Segment] = []

    def md(*new: str) -> None:
        if out and out[-1][0] == "md":
            out[-1][1].extend(new)
        else:
            out.append(("md", list(new)))

    markers: list[str] = []
    divs = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if MARKER.match(line):
            markers.append(MARKER.match(line)["body"])
            i += 1
            continue
        fence = FENCE.match(line)
        if fence and not fence["indent"]:
            end = i + 1
            while end < len(lines) and not lines[end].strip().startswith(fence["mark"]):
                end += 1
            if end == len(lines):
                raise NotebookError(f"{source}: a fence opened on {line!r} is never closed")
            body, info = lines[i + 1 : end], fence["info"].strip()
            if _is(markers, "expected-output"):
                pass  # the executed cell's output takes its place (tests/test_notebooks.py compares them)
            elif info == "python" and _is(markers, "skip"):
                reason = re.search(r'reason="([^"]*)"', " ".join(markers))
                why = reason[1] if reason else "the book's tests skip it"
                md(f"*Not run when this notebook was made ({why}); to run it, copy it into a code cell:*",
                   "", SHOWN, *body, "```")
            elif info == "python":
                out.append(("code", body))
            elif info == STARTER_INFO:
                md("*Starter code: copy it into a code cell, change it and run it.*", "", SHOWN, *body, "```")
            elif info.startswith("python ") and "title=" in info:
                title = re.search(r'title="([^"]*)"', info)
                md(f"`{title[1]}`:" if title else "", "", SHOWN, *body, "```")
            else:
                md(*lines[i : end + 1])
            markers = []
            i = end + 1
            continue
        if line.strip():
            markers = []
        admonition, tab = _ADMONITION.match(line), _TAB.match(line)
        if admonition or tab:
            body, i = _body(lines, i + 1)
            inner = _segments(_strip(body), source, page)
            if tab:
                md(f"**{tab['title']}**", "")
                for kind, part in inner:
                    if kind == "md":
                        md(*part)
                    else:
                        out.append((kind, part))
                continue
            label = _label(admonition["classes"].split(), admonition["title"])
            md(f"> **{label}**", ">")
            for kind, part in inner:
                if kind == "md":
                    md(*_quote(_strip(part)))
                else:
                    md("")
                    out.append((kind, part))
            md("")
            continue
        if _DIV_OPEN.match(line):
            widget = _WIDGET.search(line)
            if widget:  # the whole widget: its no-JavaScript text speaks of the browser
                depth, i = 1, i + 1
                while i < len(lines) and depth:
                    depth += lines[i].count("<div") - lines[i].count("</div>")
                    i += 1
                md(f"> **Interactive:** the [page of this chapter]({page}) has an interactive "
                   f"widget here ({widget['name']}); it runs in the browser.", "")
            else:
                divs += 1
                i += 1
            continue
        if divs and line.strip() == "</div>":
            divs -= 1
            i += 1
            continue
        if line.strip().startswith("<figure"):
            end = i
            while end < len(lines) and "</figure>" not in lines[end]:
                end += 1
            figure = "\n".join(lines[i : end + 1])
            images = [m for m in _IMAGE.finditer(figure) if "#only-dark" not in m["src"]]
            caption = _CAPTION.search(figure)
            for image in images:
                md(f"![{image['alt']}]({image['src'].replace('#only-light', '')})", "")
            if caption:
                md(f"*{' '.join(caption['text'].split())}*", "")
            i = end + 1
            continue
        md(line)
        i += 1
    return out


def chapter_markdown(text: str, source: str, page_url: str, resolve: Callable[[str], str | None]) -> tuple[str, int]:
    """The chapter's Markdown (snippets already expanded) as jupytext's ``md`` format reads it, and
    how many code cells it has. ``resolve`` maps a link target written in the page to an absolute
    URL (None: leave it as written)."""
    text = _FRONT_MATTER.sub("", text)
    try:
        segments = _segments(text.splitlines(), source, page_url)
    except NotebookError as exc:
        raise exc if str(exc).startswith(source) else NotebookError(f"{source}: {exc}") from None
    notes: dict[str, int] = {}

    def footnote(m: re.Match) -> str:  # a reference, or the start of its note: both a number
        return f"<sup>{notes.setdefault(m['name'], len(notes) + 1)}</sup>"

    def link(m: re.Match) -> str:
        return f"{m['head']}{resolve(m['target']) or m['target']})"

    parts = []
    for kind, lines in segments:
        if kind == "code":
            parts.append("```python\n" + "\n".join(lines) + "\n```")
        else:
            chunk = "\n".join(line if line.strip() else "" for line in lines)
            chunk = _HEADING_ATTRS.sub(lambda m: m["heading"], chunk)
            chunk = _FOOTNOTE.sub(footnote, _LINK.sub(link, chunk))
            parts.append(chunk.strip("\n"))
    return "\n\n".join(p for p in parts if p.strip()) + "\n", sum(kind == "code" for kind, _ in segments)


def expand_snippets(text: str, mdx_config: dict) -> str:
    """``--8<--`` includes expanded by pymdownx.snippets, with the site's settings (paths from ROOT)."""
    options = dict(mdx_config)
    options["base_path"] = [str(ROOT / p) for p in options.get("base_path", ["."])]
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options})
    return "\n".join(md.preprocessors["snippet"].run(text.splitlines()))


def chapter_notebook(text: str, *, source: str, page_url: str, repo_url: str,
                     resolve: Callable[[str], str | None]) -> nbformat.NotebookNode:
    """A chapter (its Markdown, snippets expanded) as an unexecuted notebook."""
    body, code_cells = chapter_markdown(text, source, page_url, resolve)
    nb = jupytext.reads(body, fmt={"extension": ".md", "format_name": "markdown", "split_at_heading": True})
    found = sum(c.cell_type == "code" for c in nb.cells)
    if found != code_cells:
        raise NotebookError(f"{source}: {code_cells} python blocks but jupytext read {found} code cells")
    first = nbformat.v4.new_markdown_cell(
        f"This notebook is a chapter of *gdbook*, made from `{source}` by the book's build and executed "
        f"there, so the outputs below are the ones the page shows. Read it online: <{page_url}>.\n\n"
        f"To run it, install the book's engine first: `pip install \"gdbook @ git+{repo_url}\"` "
        "(in Colab or Jupyter, in a cell: `%pip install ...`). Every code cell runs on its own; run them in order."
    )
    nb.cells.insert(0, first)
    return finish(nb)


def finish(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Plain notebook metadata (a Python 3 kernel, no jupytext header) and cell ids from their
    position, so the same chapter gives the same bytes."""
    nb.metadata = nbformat.from_dict({"kernelspec": KERNEL, "language_info": {"name": "python"}})
    nb.nbformat, nb.nbformat_minor = 4, 5
    for n, cell in enumerate(nb.cells):
        cell.id = f"cell-{n}"
        cell.metadata.pop("jupytext", None)
    return nb


# ---- execution ---------------------------------------------------------------------------------------


def digest(nb: nbformat.NotebookNode, engine: str) -> str:
    """The cache key of an executed notebook: its cells, the engine, the kernel's toolchain."""
    h = hashlib.sha256(nbformat.writes(nb).encode())
    h.update(f"{engine} nbclient {version('nbclient')} ipykernel {version('ipykernel')}".encode())
    return h.hexdigest()[:20]


# One BLAS thread per kernel: two kernels run at once on a 2-core machine, beside the build, and
# OpenBLAS's threads then spin against each other (chapter 8's notebook: 38 s and 11 s of CPU with
# its default threads, 6 s and 2.6 s with one, on a loaded machine). And Jupyter's inline backend,
# whatever the build inherited: the test run sets MPLBACKEND=Agg (conftest.py), with which a lab's
# figures are drawn and never shown.
KERNEL_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "MPLBACKEND": "module://matplotlib_inline.backend_inline"}


def execute(nb: nbformat.NotebookNode, cwd: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """``nb`` executed in a fresh kernel started in ``cwd``; a cell that raises raises
    nbclient's CellExecutionError (its message shows the cell and the traceback)."""
    nb = nbformat.from_dict(nb)
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL["name"], allow_errors=False, record_timing=False,
                            coalesce_streams=True, resources={"metadata": {"path": str(cwd)}})
    client.execute(env={**os.environ, **KERNEL_ENV})
    for cell in nb.cells:  # nbclient adds the kernel's Python version; keep only the language
        cell.metadata.pop("execution", None)
    return nb


class Runs:
    """Notebooks executed in the background, ``workers`` kernels at a time, each result cached
    in ``cache`` (a folder, or None for no cache) under its digest."""

    def __init__(self, cwd: Path, engine: str, cache: Path | None = None, workers: int = 2):
        self.cwd, self.engine, self.cache = cwd, engine, cache
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notebook")
        self.futures: dict[str, Future] = {}
        self.used: set[Path] = set()

    def submit(self, name: str, nb: nbformat.NotebookNode, cwd: Path | None = None) -> None:
        """Start executing ``nb`` in ``cwd`` (default: the one given to Runs)."""
        cwd = cwd or self.cwd
        cached = self.cache / f"{digest(nb, f'{self.engine} {cwd}')}.ipynb" if self.cache else None
        if cached:
            self.used.add(cached)
        self.futures[name] = self.pool.submit(self._run, nb, cwd, cached)

    def _run(self, nb: nbformat.NotebookNode, cwd: Path, cached: Path | None) -> tuple[nbformat.NotebookNode, bool]:
        if cached and cached.exists():
            return nbformat.read(cached, as_version=4), True
        done = execute(nb, cwd)
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=cached.parent, delete=False, suffix=".tmp") as tmp:
                nbformat.write(done, tmp)
            Path(tmp.name).replace(cached)
        return done, False

    def result(self, name: str) -> tuple[nbformat.NotebookNode, bool]:
        """The executed notebook and whether it came from the cache (waits for it)."""
        return self.futures[name].result()

    def close(self) -> None:
        """Stop: pending executions are cancelled; the running ones end with their notebook."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.cache and self.cache.is_dir():
            for old in self.cache.glob("*.ipynb"):
                if old not in self.used:
                    old.unlink()


def site_resolver(page_src: str, files, site_url: str) -> Callable[[str], str | None]:
    """Link targets of the page ``page_src`` (a docs-relative path) as absolute site URLs: pages
    (``../glossary.md#epoch``), figures, labs, the page's own anchors; None for a URL or a missing file."""
    base = site_url if site_url.endswith("/") else site_url + "/"

    def resolve(target: str) -> str | None:
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            return None
        if target.startswith("#"):  # the site's heading ids, not Jupyter's
            return base + files.get_file_from_path(page_src).url + target
        path, _, anchor = target.partition("#")
        path = path.split("?")[0]
        if path.startswith("/"):
            rel = posixpath.normpath(path.lstrip("/"))
        else:
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), path))
        found = files.get_file_from_path(rel)
        if found is None:
            return None
        return base + found.url + (f"#{anchor}" if anchor else "")

    return resolve


# A link or image target in Markdown or HTML that is relative: not a URL, not an anchor, not from the root.
RELATIVE_TARGET = re.compile(r'(\]\(|href="|src=")(?![a-z][a-z0-9+.-]*:|#|/)([^)"\s]+)')


def absolute_links(nb: nbformat.NotebookNode, page_url: str) -> nbformat.NotebookNode:
    """``nb`` (a lab) with the relative links and images of its Markdown cells made absolute against
    ``page_url``, the URL of its page on the site: in a download, ``../../chapters/epochs/`` leads nowhere.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("See [epochs](../../chapters/epochs/), [above](#top).")])
    >>> absolute_links(nb, "https://example.org/book/labs/digits/").cells[0].source
    'See [epochs](https://example.org/book/chapters/epochs/), [above](#top).'
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = RELATIVE_TARGET.sub(lambda m: m.group(1) + urljoin(page_url, m.group(2)), cell.source)
    return nb
