"""MkDocs hooks: before every build (``mkdocs build`` and each ``mkdocs serve`` rebuild),
write the widgets' data, regenerate the figures and make sure KaTeX is in place; on lab pages,
give each figure a notebook draws the alt text its cell declares; on every page, render the maths
with KaTeX (tools/katex.py), so no page needs KaTeX's JavaScript.

Figures and widget data are made in subprocesses so that an edit to ``gdbook/`` is picked up
by the next rebuild (a module imported into the long-running ``mkdocs serve`` process would
go stale).

Under ``mkdocs serve`` (``make serve``): labs are cached until they or gdbook change (so a prose
edit rebuilds in seconds), and a failing figure script is reported, in the log and on its pages,
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
from importlib.metadata import version
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("mkdocs.hooks.gdbook")


# tools/katex.py, imported from the repository (the mkdocs command does not put it on sys.path). It
# stays imported for the whole `mkdocs serve` process, and with it its KaTeX process and memo.
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))
from tools import fonts, katex  # noqa: E402


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
    """Under ``mkdocs serve``, turn on mkdocs-jupyter's cache (off in mkdocs.yml, so builds and CI
    always execute the labs). Its key is the notebook's bytes and the plugin's settings, not the
    engine the cells import: the cache lives in a folder named after gdbook's digest, so an edit
    of gdbook executes the labs again. A prose edit then rebuilds in a few seconds."""
    jupyter = config.plugins.get("mkdocs-jupyter")
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
    """Under ``mkdocs serve``, a page whose figure script failed says so at its top."""
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
    page and its TeX: a warning, so `mkdocs build --strict` fails; `mkdocs serve` shows it in red."""
    output, problems, _ = katex.render_page(output, page.file.src_uri)
    for problem in problems:
        log.warning(problem)
    return lightbox_on_first_use(output, page.file.src_uri)


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
    the npm copy in docs/assets/vendor is left whole)."""
    site_fonts = Path(config["site_dir"]) / "assets" / "vendor" / "katex" / "fonts"
    before, after, cached = fonts.subset_fonts(site_fonts, katex.USED)
    log.info(
        f"KaTeX fonts subset to {len(katex.USED)} characters: {before / 1024:.0f} -> {after / 1024:.0f} KB"
        + (" (cached)" if cached else "")
    )
