"""MkDocs hooks: before every build (``mkdocs build`` and each ``mkdocs serve`` rebuild),
regenerate the figures and make sure the self-hosted KaTeX is in place.

Figures are made in a subprocess so that an edit to ``gdbook/`` is picked up by the next
rebuild (a module imported into the long-running ``mkdocs serve`` process would go stale).
"""

from __future__ import annotations

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
    result = subprocess.run(
        [sys.executable, "-m", "tools.figures"], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise PluginError(f"figure scripts failed:\n{result.stderr}")
    log.info(result.stdout.strip())
