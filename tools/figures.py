"""Regenerate the book's figures: ``docs/figures/NAME.py`` -> ``docs/assets/figures/NAME.svg``.

A figure script is a plain Python script that a reader can run on its own. It imports
``gdbook``, draws with matplotlib and leaves its figure in a variable named ``fig``
(and may end with ``if __name__ == "__main__": plt.show()`` for readers).

This runner executes every script twice, in the house light and dark styles
(:func:`gdbook.plot.style`), and writes ``NAME.svg`` and ``NAME.dark.svg``. The bytes
are deterministic, and a file is rewritten only when its bytes change, so ``mkdocs
serve`` does not rebuild in a loop. SVGs whose script is gone are removed. A figure whose
inputs (its script, the ``_*.py`` helpers, the gdbook package, this runner, the numpy and
matplotlib versions) have not changed since it was last drawn is not drawn again, so a
rebuild after an edit of the prose is quick; the digests live in ``.cache/figures.json``.

    python -m tools.figures                 # every figure whose inputs changed
    python -m tools.figures update_path     # just these
    python -m tools.figures --all           # every figure, whatever changed
"""

from __future__ import annotations

import hashlib
import os
import json
import runpy
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "docs" / "figures"
OUTPUT = ROOT / "docs" / "assets" / "figures"
DIGESTS = ROOT / ".cache" / "figures.json"
SCHEMES = {"light": ".svg", "dark": ".dark.svg"}


class FigureError(RuntimeError):
    """A figure script failed or did not leave a figure in ``fig``."""


def _name(script: Path) -> str:
    return str(script.relative_to(ROOT)) if script.is_relative_to(ROOT) else str(script)


def scripts() -> list[Path]:
    """Every figure script, sorted by name (files starting with ``_`` are helpers, not figures)."""
    return sorted(p for p in SCRIPTS.glob("*.py") if not p.name.startswith("_"))


def render(script: Path, scheme: str) -> bytes:
    """Run ``script`` in the given colour scheme and return its figure as SVG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gdbook.plot import style, svg_bytes

    try:
        with style(scheme):
            try:
                namespace = runpy.run_path(str(script), run_name="__figure__")
            except Exception as exc:
                raise FigureError(
                    f"{_name(script)} failed:\n{traceback.format_exc()}"
                ) from exc
            fig = namespace.get("fig")
            if fig is None or not hasattr(fig, "savefig"):
                raise FigureError(
                    f"{_name(script)} ran but left no matplotlib figure in a "
                    "variable named `fig`; end the script with e.g. `fig = path_1d(...)`."
                )
            return svg_bytes(fig)
    finally:
        plt.close("all")


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless the file already holds exactly these bytes."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def shared_digest() -> str:
    """A digest of what every figure depends on: helpers, the gdbook package, this runner, versions."""
    h = hashlib.sha256(f"numpy {version('numpy')}, matplotlib {version('matplotlib')}".encode())
    for path in sorted(SCRIPTS.glob("_*.py")) + sorted((ROOT / "gdbook").rglob("*.py")) + [Path(__file__)]:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def inputs_digest(script: Path, shared: str) -> str:
    """A digest of everything the figure drawn by ``script`` depends on (``shared``: shared_digest())."""
    return hashlib.sha256(shared.encode() + script.read_bytes()).hexdigest()


def build(names: list[str] | None = None, force: bool = False) -> dict[str, int]:
    """Draw the named figures (default: all) whose inputs changed, or all with ``force``.

    Returns counts: figures (scripts considered), drawn, written (SVG files whose bytes
    changed) and removed (SVGs whose script is gone). One process at a time draws (a file
    lock beside the digests): the site build and test workers may ask at once.
    """
    from filelock import FileLock

    DIGESTS.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(DIGESTS.with_suffix(".lock"))):
        return _build(names, force)


def _outputs(script: Path) -> list[Path]:
    return [OUTPUT / f"{script.stem}{suffix}" for suffix in SCHEMES.values()]


def _render_schemes(script: Path) -> list[bytes] | str:
    """The figure in every scheme, or the error message (for a pool worker to hand back)."""
    try:
        return [render(script, scheme) for scheme in SCHEMES]
    except FigureError as exc:
        return str(exc)


def _build(names: list[str] | None, force: bool) -> dict[str, int]:
    selected = scripts()
    if names:
        known = {p.stem: p for p in selected}
        missing = [n for n in names if n not in known]
        if missing:
            raise FigureError(f"no figure script named {missing} in {SCRIPTS.relative_to(ROOT)}")
        selected = [known[n] for n in names]
    digests = json.loads(DIGESTS.read_text()) if DIGESTS.exists() else {}
    shared = shared_digest()
    drawn = written = 0
    failures = []
    wanted = {s.stem: inputs_digest(s, shared) for s in selected}
    stale = [s for s in selected if force or digests.get(s.stem) != wanted[s.stem]
             or not all(p.exists() for p in _outputs(s))]
    # One process per core (each figure is drawn on its own anyway: nothing carries over between them).
    with ProcessPoolExecutor(max_workers=max(1, min(os.cpu_count() or 1, len(stale)))) as pool:
        for script, result in zip(stale, pool.map(_render_schemes, stale)):
            if isinstance(result, str):  # draw the others, then report every failure
                failures.append(result)
                continue
            for path, svg in zip(_outputs(script), result):
                written += write_if_changed(path, svg)
            drawn += 1
            digests[script.stem] = wanted[script.stem]
            write_if_changed(DIGESTS, json.dumps(digests, indent=1, sort_keys=True).encode())
    if failures:
        raise FigureError("\n".join(failures))
    removed = 0
    if not names and OUTPUT.exists():
        stems = {p.stem for p in selected}
        for svg in OUTPUT.glob("*.svg"):
            if svg.name.split(".")[0] not in stems:
                svg.unlink()
                removed += 1
    return {"figures": len(selected), "drawn": drawn, "written": written, "removed": removed}


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    force = "--all" in argv
    try:
        counts = build([a for a in argv if a != "--all"] or None, force=force)
    except FigureError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"figures: {counts['figures']} scripts, {counts['drawn']} drawn, "
        f"{counts['figures'] - counts['drawn']} with unchanged inputs skipped, "
        f"{counts['written']} SVG files written, {counts['removed']} stale removed "
        f"({time.perf_counter() - start:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
