"""MkDocs hooks: before every build (``mkdocs build`` and each ``mkdocs serve`` rebuild),
write the widgets' data, regenerate the figures and make sure the self-hosted KaTeX is in
place; on lab pages, give each figure a notebook draws the alt text its cell declares.

Figures and widget data are made in subprocesses so that an edit to ``gdbook/`` is picked up
by the next rebuild (a module imported into the long-running ``mkdocs serve`` process would
go stale).
"""

from __future__ import annotations

import html
import json
import logging
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("mkdocs.hooks.gdbook")


def on_pre_build(config) -> None:
    katex = Path(config["docs_dir"]) / "assets" / "vendor" / "katex" / "katex.min.js"
    if not katex.exists():
        raise PluginError(
            f"{katex.relative_to(ROOT)} is missing: the book serves KaTeX itself. "
            "Run `make setup` (it needs npm) or build with `make site` / `make serve`."
        )
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
        raise PluginError(f"figure scripts failed:\n{result.stderr}")
    log.info(result.stdout.strip())


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
