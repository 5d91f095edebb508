"""A lab's page made light: mkdocs-jupyter renders a notebook with the whole of JupyterLab's
stylesheet inline (560 KB; 86 KB compressed) and each figure as a base64 PNG inline, twice (the
image and GLightbox's link to it). ``slim(html, where)`` returns the page with

* one ``<style>`` in place of the plugin's: its rules that the page uses (PurgeCSS, in Node:
  tools/lab_css.mjs), cached in ``.cache/lab-css/`` by the digest of the stylesheet and the page,
  so a ``mkdocs serve`` rebuild of an unchanged lab does not run Node;
* each inline image as a file beside the page (``figure-DIGEST.png``), the ``<img>`` loading lazily.

It returns the new HTML and the files to write beside it, name -> bytes; tools/mkdocs_hooks.py
calls it for every lab (on_post_page) and writes the files:

    html, files = lab_pages.slim(output, "labs/first-descent.ipynb")
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "lab_css.mjs"
CACHE = ROOT / ".cache" / "lab-css"

# Every <style> of the page but mkdocs-glightbox's (in <head>).
STYLE = re.compile(r'[ \t]*<style(?! id="glightbox-style")[^>]*>(.*?)</style>\n?', re.S)
INLINE_IMAGE = re.compile(r'(src|href)="data:image/(png|jpeg|gif);base64,([A-Za-z0-9+/=\s]+)"')


def used_css(css: str, html: str, cache: Path = CACHE) -> str:
    """The rules of ``css`` that ``html`` uses (tools/lab_css.mjs), from the cache when it has them."""
    key = hashlib.sha256(SCRIPT.read_bytes() + b"\0" + css.encode() + b"\0" + html.encode()).hexdigest()[:20]
    cached = cache / f"{key}.css"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    result = subprocess.run(
        ["node", str(SCRIPT)], cwd=ROOT, input=json.dumps({"css": css, "html": html}),
        capture_output=True, text=True, encoding="utf-8",
    )
    if result.returncode != 0:
        raise RuntimeError(f"{SCRIPT.relative_to(ROOT)} failed:\n{result.stderr}")
    cache.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partial")
    partial.write_text(result.stdout, encoding="utf-8")
    partial.replace(cached)
    return result.stdout


def slim(html: str, where: str) -> tuple[str, dict[str, bytes]]:
    """``html`` (a lab's page) with its stylesheet cut to what it uses and its images as files."""
    blocks = list(STYLE.finditer(html))
    if not blocks:
        raise ValueError(f"{where}: no inline stylesheet found; mkdocs-jupyter's output changed (tools/lab_pages.py)")
    # The plugin also writes its Pygments rules a second time as a Python list's repr (not CSS).
    css = "\n".join(b.group(1) for b in blocks if not b.group(1).lstrip().startswith("['"))
    mark = "\0gdbook: the lab's stylesheet\0"
    html = html[: blocks[0].start()] + mark + html[blocks[0].start():]
    rest = STYLE.sub("", html)
    files: dict[str, bytes] = {}

    def to_file(match: re.Match) -> str:
        data = base64.b64decode(match.group(3))
        name = f"figure-{hashlib.sha256(data).hexdigest()[:12]}.{match.group(2)}"
        files[name] = data
        return f'{match.group(1)}="{name}"'

    rest = INLINE_IMAGE.sub(to_file, rest)
    rest = re.sub(r'<img (?![^>]*loading=)([^>]*src="figure-)', r'<img loading="lazy" \1', rest)
    style = f'<style type="text/css">{used_css(css, rest.replace(mark, ""))}</style>\n'
    return rest.replace(mark, style), files
