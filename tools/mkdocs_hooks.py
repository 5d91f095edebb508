"""MkDocs hooks: before every build (``mkdocs build`` and each ``mkdocs serve`` rebuild),
write the widgets' data, regenerate the figures and make sure KaTeX is in place; on lab pages,
give each figure a notebook draws the alt text its cell declares; on every page, render the maths
with KaTeX (tools/katex.py), so no page needs KaTeX's JavaScript. Every chapter becomes a notebook,
executed and written beside its page, and the labs are executed once for their page and download
(tools/notebooks.py; started in on_files, so the kernels run while the pages are rendered).

Figures and widget data are made in subprocesses so that an edit to ``gdbook/`` is picked up
by the next rebuild (a module imported into the long-running ``mkdocs serve`` process would
go stale).

Under ``mkdocs serve`` (``make serve``): labs and chapter notebooks are cached until they or gdbook
change (so a prose edit rebuilds in seconds), and a failing figure script is reported, in the log and on its pages,
without failing the rebuild (a failed rebuild leaves the browser waiting).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("mkdocs.hooks.gdbook")


# tools/katex.py, imported from the repository (the mkdocs command does not put it on sys.path). It
# stays imported for the whole `mkdocs serve` process, and with it its KaTeX process and memo.
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))
from tools import fonts, katex, lab_pages, notebooks  # noqa: E402


def on_pre_build(config) -> None:
    # KaTeX renders the maths at build time (Node, node_modules/katex); the pages need only its
    # stylesheet and fonts, which the site serves itself (make setup copies them).
    css = Path(config["docs_dir"]) / "assets" / "vendor" / "katex" / "katex.min.css"
    problem = katex.missing() or (
        None if css.exists() else f"{css.relative_to(ROOT)} is missing: the pages need KaTeX's stylesheet and fonts."
    )
    if problem:
        raise PluginError(f"{problem} Run `make setup` (it needs npm) or build with `make site` / `make serve`.")
    if not _serving():  # under `mkdocs serve` the set only grows, so a dirty rebuild keeps every character
        katex.USED.clear()
    # The widgets' constants (docs/assets/data/widgets.json and .js), from gdbook; rewritten only
    # when their bytes change.
    result = subprocess.run(
        [sys.executable, "-m", "tools.widget_data"], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise PluginError(f"tools/widget_data.py failed:\n{result.stderr}")
    log.info(result.stdout.strip())
    result = subprocess.run(
        [sys.executable, "-m", "tools.figures"], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        if not _serving():
            raise PluginError(f"figure scripts failed:\n{result.stderr}")
        # Under `mkdocs serve` a failed build leaves the browser waiting for ever: report the
        # error here and on the pages that show the figure, keep serving, retry on the next save.
        log.error(f"figure scripts failed (the pages show the last good figure):\n{result.stderr}")
        os.environ[FIGURE_ERRORS] = result.stderr
    else:
        os.environ.pop(FIGURE_ERRORS, None)
        log.info(result.stdout.strip())


# ---- mkdocs serve: labs are executed again only when they, or gdbook, change ---------------------------

SERVING = "GDBOOK_MKDOCS_SERVE"  # set for the whole `mkdocs serve` process (hooks are reloaded per build)
FIGURE_ERRORS = "GDBOOK_FIGURE_ERRORS"
LAB_CACHE = ROOT / ".cache" / "mkdocs-jupyter"


def _serving() -> bool:
    return os.environ.get(SERVING) == "1"


def on_startup(command, dirty) -> None:
    if command == "serve":
        os.environ[SERVING] = "1"


def engine_digest() -> str:
    """A digest of the gdbook package (every file) and the numpy and matplotlib versions."""
    h = hashlib.sha256(f"numpy {version('numpy')}, matplotlib {version('matplotlib')}".encode())
    for path in sorted((ROOT / "gdbook").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def on_config(config):
    """Under ``mkdocs serve``, turn on mkdocs-jupyter's cache of the labs' pages (off in mkdocs.yml,
    so builds and CI always render the labs from a fresh execution; the execution itself is cached
    by tools/notebooks.py, see on_files). Its key is the notebook's bytes and the plugin's settings,
    not the engine the cells import: the cache lives in a folder named after gdbook's digest, so an
    edit of gdbook renders the labs again, executed again. A prose edit rebuilds in a few seconds."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and jupyter.config["execute"]:
        # tools/notebooks.py executes the labs (once, with the chapters' notebooks, errors not allowed)
        # and the plugin renders and offers for download the executed copy (see on_pre_page).
        raise PluginError("mkdocs.yml: set mkdocs-jupyter's execute: false; the build executes the labs itself")
    if not _serving() or jupyter is None:
        return config
    folder = LAB_CACHE / engine_digest()
    if LAB_CACHE.is_dir():
        for old in LAB_CACHE.iterdir():
            if old.is_dir() and old != folder:
                shutil.rmtree(old, ignore_errors=True)
    jupyter.config["cache"] = True
    jupyter.config["cache_dir"] = str(folder)
    return config


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Under ``mkdocs serve``, a page whose figure script failed says so at its top. A page with a
    notebook (a chapter, a lab) names it for the download button (overrides/partials/actions.html)."""
    if page.file.src_uri in _runs().futures:
        page.meta["notebook"] = notebook_name(page.file.src_uri)
    errors = os.environ.get(FIGURE_ERRORS)
    if not errors or not _serving():
        return markdown
    failed = sorted(set(re.findall(r"docs/figures/([\w-]+)\.py failed", errors)))
    mine = [name for name in failed if f"assets/figures/{name}." in markdown]
    if not mine:
        return markdown
    body = "\n".join("    " + line for line in errors.splitlines())
    return (
        f'!!! failure "Figure script failed: {", ".join(f"docs/figures/{n}.py" for n in mine)}"\n\n'
        f"    The page shows the last good drawing. Fix the script and save: the page reloads.\n\n"
        f"    ```text\n{body}\n    ```\n\n" + markdown
    )


NBCONVERT_ALT = 'alt="No description has been provided for this image"'


def on_page_content(content: str, page, config, files) -> str:
    """Lab notebooks: nbconvert gives every plot the same placeholder alt text. Each code cell
    that draws a figure declares its own in its metadata (``"alt": "..."``); put them in, in order."""
    if not page.file.src_uri.endswith(".ipynb") or NBCONVERT_ALT not in content:
        return content
    cells = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))["cells"]
    alts = [c["metadata"]["alt"] for c in cells if c["cell_type"] == "code" and c["metadata"].get("alt")]
    found = content.count(NBCONVERT_ALT)
    if found != len(alts):
        raise PluginError(
            f"{page.file.src_uri}: {found} figure(s) drawn by code cells but {len(alts)} cell(s) with alt "
            'text; give every cell that draws a figure an "alt" entry in its metadata, a sentence '
            "saying what the figure shows"
        )
    for alt in alts:
        content = content.replace(NBCONVERT_ALT, f'alt="{html.escape(alt, quote=True)}"', 1)
    return content


def on_post_page(output: str, page, config) -> str:
    """Every formula of the page rendered by KaTeX, HTML and MathML (tools/katex.py): arithmatex's
    output and the maths written straight into the text (the labs' Markdown cells, HTML captions,
    table-of-contents entries). A formula KaTeX cannot parse, or warns about, is logged with the
    page and its TeX: a warning, so `mkdocs build --strict` fails; `mkdocs serve` shows it in red.
    GLightbox loads on first use; a lab's page is made light (tools/lab_pages.py)."""
    output, problems, _ = katex.render_page(output, page.file.src_uri)
    for problem in problems:
        log.warning(problem)
    output = lightbox_on_first_use(output, page.file.src_uri)
    if 'class="doc doc-' not in output:  # mkdocstrings' stylesheet only on the API reference's pages
        output = MKDOCSTRINGS_CSS.sub("", output, count=1)
    if page.file.src_uri.endswith(".ipynb"):  # JupyterLab's stylesheet cut to what it uses, figures as files
        output, images = lab_pages.slim(output, page.file.src_uri)
        folder = Path(config["site_dir"]) / Path(page.file.dest_uri).parent
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in images.items():
            (folder / name).write_bytes(data)
    return output


MKDOCSTRINGS_CSS = re.compile(r'\s*<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">')


# mkdocs-glightbox's tags (its on_post_page runs before this hook's): its stylesheet, its script
# (15 KB compressed) and the script that starts it, with its options.
GLIGHTBOX_TAGS = [
    re.compile(r'<link href="[^"]*assets/stylesheets/glightbox\.min\.css" rel="stylesheet">'),
    re.compile(r'<script src="[^"]*assets/javascripts/glightbox\.min\.js"></script>'),
    re.compile(
        r'<script id="init-glightbox">const lightbox = GLightbox\((\{[^<]*?\})\);\s*'
        r"(?:document\$\.subscribe\(\(\)=>\{ lightbox\.reload\(\); \}\);\s*)?</script>"
    ),
]


def lightbox_on_first_use(output: str, where: str) -> str:
    """The page without mkdocs-glightbox's stylesheet and scripts: only its options stay, as JSON in
    ``<script type="application/json" id="init-glightbox">``, and core.js loads GLightbox when the
    reader first taps, clicks or presses Enter on a figure link. A page the plugin left alone
    (``glightbox: false``) is returned as it is."""
    found = [pattern.search(output) for pattern in GLIGHTBOX_TAGS]
    if not any(found):
        return output
    if not all(found):
        raise PluginError(
            f"{where}: mkdocs-glightbox's tags are not the ones tools/mkdocs_hooks.py loads on first use "
            f"(found {[bool(m) for m in found]} of its stylesheet, script and init): update GLIGHTBOX_TAGS"
        )
    options = json.dumps(json.loads(found[2].group(1)), sort_keys=True)
    init = f'<script type="application/json" id="init-glightbox">{options}</script>'
    for pattern, replacement in zip(GLIGHTBOX_TAGS, ["", "", init]):
        output = pattern.sub(lambda _: replacement, output, count=1)
    return output


def on_post_build(config) -> None:
    """KaTeX's woff2 fonts in the built site cut down to the characters its maths uses (tools/fonts.py;
    the npm copy in docs/assets/vendor is left whole); every chapter's executed notebook written
    beside its page, and the labs' downloads with links that work outside the site."""
    write_chapter_notebooks(config)
    for download in sorted(Path(config["site_dir"]).glob("labs/*/*.ipynb")):  # mkdocs-jupyter's copy
        lab = nbformat.read(download, as_version=4)  # (MkDocs gives site_url its final "/")
        nbformat.write(notebooks.absolute_links(lab, f"{config['site_url']}labs/{download.parent.name}/"), download)
    site_fonts = Path(config["site_dir"]) / "assets" / "vendor" / "katex" / "fonts"
    before, after, cached = fonts.subset_fonts(site_fonts, katex.USED)
    log.info(
        f"KaTeX fonts subset to {len(katex.USED)} characters: {before / 1024:.0f} -> {after / 1024:.0f} KB"
        + (" (cached)" if cached else "")
    )


# ---- notebooks: every chapter as an executed notebook beside its page, the labs' downloads executed ------

NOTEBOOK_CACHE = ROOT / ".cache" / "notebooks"  # under `mkdocs serve` only, like the labs' cache
RUNS: notebooks.Runs | None = None
EXECUTED_LABS: tempfile.TemporaryDirectory | None = None


def _runs() -> notebooks.Runs:
    if RUNS is None:
        raise PluginError("tools/mkdocs_hooks.py: the notebooks were not started (on_files did not run)")
    return RUNS


def notebook_name(src_uri: str) -> str:
    """The file name of a page's notebook: ``chapters/momentum.md`` -> ``momentum.ipynb``."""
    return Path(src_uri).with_suffix(".ipynb").name


def on_files(files, config):
    """Start executing the labs and every chapter's notebook now, two kernels at a time, so the
    work overlaps with rendering the pages; collected in on_pre_page (labs) and on_post_build."""
    global RUNS, EXECUTED_LABS
    engine = engine_digest()
    RUNS = notebooks.Runs(ROOT, engine, NOTEBOOK_CACHE / engine if _serving() else None)
    EXECUTED_LABS = tempfile.TemporaryDirectory(prefix="gdbook-labs-")
    if _serving() and NOTEBOOK_CACHE.is_dir():
        for old in NOTEBOOK_CACHE.iterdir():
            if old.is_dir() and old.name != engine:
                shutil.rmtree(old, ignore_errors=True)
    snippets = config["mdx_configs"].get("pymdownx.snippets", {})
    site_url = config["site_url"] or "/"
    pages = sorted(files.documentation_pages(), key=lambda f: f.src_uri)
    labs = [f for f in pages if f.src_uri.startswith("labs/") and f.src_uri.endswith(".ipynb")]
    chapters = [f for f in pages if f.src_uri.startswith("chapters/") and f.src_uri.endswith(".md")]
    for lab in labs:  # first: their pages wait for them
        RUNS.submit(lab.src_uri, nbformat.read(lab.abs_src_path, as_version=4), cwd=Path(lab.abs_src_path).parent)
    for chapter in chapters:
        text = notebooks.expand_snippets(Path(chapter.abs_src_path).read_text(encoding="utf-8"), snippets)
        resolve = notebooks.site_resolver(chapter.src_uri, files, site_url)
        try:
            nb = notebooks.chapter_notebook(
                text, source=f"docs/{chapter.src_uri}", page_url=site_url.rstrip("/") + "/" + chapter.url,
                repo_url=config["repo_url"], resolve=resolve,
            )
        except notebooks.NotebookError as exc:
            raise PluginError(str(exc)) from exc
        RUNS.submit(chapter.src_uri, nb)
    return files


def _executed(src_uri: str):
    """The executed notebook of a page and whether it came from the cache; None when it failed under
    ``mkdocs serve`` (logged: a failed rebuild would leave the browser waiting)."""
    try:
        return _runs().result(src_uri)
    except Exception as exc:  # nbclient's CellExecutionError shows the cell and its traceback
        message = f"docs/{src_uri}: its notebook failed when executed:\n{exc}"
        if _serving():
            log.error(message)
            return None
        raise PluginError(message) from exc


def on_pre_page(page, config, files):
    """A lab page is rendered (by mkdocs-jupyter, execute: false) from its executed copy, which the
    plugin then copies beside the page (include_source): the download carries the outputs."""
    if page.file.src_uri.startswith("labs/") and page.file.src_uri in _runs().futures:
        done = _executed(page.file.src_uri)
        if done is None:
            return page  # (mkdocs serve) the lab is shown and offered as committed
        executed = Path(EXECUTED_LABS.name) / page.file.src_uri  # labs/NAME.ipynb: the plugin's include pattern
        executed.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(done[0], executed)
        page.file.abs_src_path = str(executed)
    return page


def write_chapter_notebooks(config) -> None:
    """Each chapter's executed notebook beside its page: site/chapters/NAME/NAME.ipynb."""
    runs = _runs()
    try:
        for src_uri in sorted(runs.futures):
            done = _executed(src_uri) if src_uri.startswith("chapters/") else None
            if done is not None:
                target = Path(config["site_dir"]) / Path(src_uri).with_suffix("") / notebook_name(src_uri)
                target.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(done[0], target)
        ran = [f.result() for f in runs.futures.values() if f.done() and f.exception() is None]
    finally:
        close_notebooks()
    cached = sum(hit for _, hit in ran)
    log.info(f"notebooks: {len(ran)} executed" + (f", {cached} of them taken from the cache" if cached else ""))


def close_notebooks() -> None:
    global RUNS, EXECUTED_LABS
    if RUNS is not None:
        RUNS.close()
    if EXECUTED_LABS is not None:
        EXECUTED_LABS.cleanup()
    RUNS = EXECUTED_LABS = None


def on_build_error(error) -> None:
    close_notebooks()
