"""The house style and plotting helpers. matplotlib is imported inside the functions only.

Draw inside ``with style(scheme):`` so text, axes and colours suit the page
(``"light"`` for a white page, ``"dark"`` for Material's slate page); the
backgrounds are transparent so the page shows through. The helpers create a new
figure with ``matplotlib.pyplot`` when ``ax`` is None (close it with
``plt.close(fig)`` when done), or draw into ``ax`` and return ``ax.figure``.

Examples:
    >>> import matplotlib.pyplot as plt
    >>> from gdbook.functions import Parabola
    >>> from gdbook.loop import minimize
    >>> from gdbook.optim import SGD
    >>> from gdbook.plot import path_1d, style
    >>> f = Parabola(center=3.0)
    >>> with style("light"):
    ...     fig = path_1d(f, minimize(f, 8.0, SGD(lr=0.1), steps=10).path)
    >>> type(fig).__name__
    'Figure'
    >>> plt.close(fig)
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import re
from typing import Any, Iterator, Sequence

import numpy as np

__all__ = ["COLORS", "SCHEMES", "style", "rc_params", "path_1d", "path_2d", "loss_curve", "svg_bytes", "save_svg"]

# Mid-luminance colours that keep their contrast on a white page and on #1e2129.
COLORS = ["#3b82f6", "#f08c2e", "#2fa35b", "#e0569b", "#9b6fe0", "#14a3a3"]

SCHEMES = {
    "light": {"text": "#2b2f36", "axis": "#6b7280", "grid": "#d8dce3", "muted": "#8a919c"},
    "dark": {"text": "#d9dce3", "axis": "#9aa1ad", "grid": "#3a3f4b", "muted": "#8a919c"},
}

SVG_HASHSALT = "gdbook"
# Path data, glyph and text positions as matplotlib writes them carry 6 decimals of a point (1/72 inch);
# two (a 7000th of an inch) draw the same picture with a quarter fewer bytes to send.
_SVG_COORDINATES = re.compile(rb' d="[^"]*"|<use [^>]*>|translate\([^)]*\)')
_SVG_DECIMAL = re.compile(rb"-?\d+\.\d{3,}")
_SVG_CLIP_ID = re.compile(rb'<clipPath id="([^"]+)"')


def _matplotlib(module: str = "matplotlib") -> Any:
    """Import ``module`` (matplotlib or one of its submodules), or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise ImportError(
            'gdbook.plot draws with matplotlib, which is not installed: pip install "gdbook[plot]" '
            "(or pip install matplotlib)"
        ) from err


def rc_params(scheme: str = "light") -> dict[str, Any]:
    """The rcParams of the house style for ``scheme`` ("light" or "dark").

    Examples:
        >>> from gdbook.plot import rc_params
        >>> rc_params("dark")["text.color"]
        '#d9dce3'
    """
    if scheme not in SCHEMES:
        raise ValueError(f"Invalid scheme: {scheme!r} (scheme must be 'light' or 'dark')")
    c = SCHEMES[scheme]
    cycler = _matplotlib().cycler

    return {
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 100,
        "figure.facecolor": "none",
        "figure.edgecolor": "none",
        "axes.facecolor": "none",
        "savefig.facecolor": "none",
        "savefig.edgecolor": "none",
        "savefig.transparent": True,
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.05,
        "font.size": 11.0,
        "axes.titlesize": 12.0,
        "axes.labelsize": 11.0,
        "xtick.labelsize": 10.0,
        "ytick.labelsize": 10.0,
        "legend.fontsize": 10.0,
        "text.color": c["text"],
        "axes.labelcolor": c["text"],
        "axes.titlecolor": c["text"],
        "axes.edgecolor": c["axis"],
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": c["grid"],
        "grid.linewidth": 0.6,
        "xtick.color": c["axis"],
        "ytick.color": c["axis"],
        "xtick.labelcolor": c["text"],
        "ytick.labelcolor": c["text"],
        "axes.prop_cycle": cycler(color=COLORS),
        "lines.linewidth": 2.0,
        "lines.markersize": 5.0,
        "legend.frameon": False,
        "image.cmap": "viridis",
        "svg.fonttype": "path",
        "svg.hashsalt": SVG_HASHSALT,
        "path.simplify": True,
    }


@contextlib.contextmanager
def style(scheme: str = "light") -> Iterator[None]:
    """Context manager: draw in the house style for a "light" or "dark" page.

    Examples:
        >>> import matplotlib as mpl
        >>> from gdbook.plot import style
        >>> with style("dark"):
        ...     mpl.rcParams["axes.facecolor"]
        'none'
    """
    mpl = _matplotlib()

    with mpl.rc_context(rc_params(scheme)):
        yield


def _new_axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    plt = _matplotlib("matplotlib.pyplot")

    _, ax = plt.subplots()
    return ax


def _muted() -> str:
    mpl = _matplotlib()

    return mpl.rcParams["axes.edgecolor"]


def _label_points(ax: Any, xs: np.ndarray, ys: np.ndarray, color: str, width: float) -> None:
    """Number the points 0, 1, 2, ..., skipping any that would sit on top of the last number."""
    if len(xs) > 15:  # numbering every point would clutter the picture
        return
    last = None
    for k, (a, b) in enumerate(zip(xs, ys)):
        if last is None or abs(a - last) > 0.04 * width:
            ax.annotate(str(k), (a, b), textcoords="offset points", xytext=(4, 6), fontsize=8.5, color=color)
            last = a


def path_1d(f: Any, path: Any, ax: Any = None, label: str | None = None, window: Any = None) -> Any:
    """The curve of ``f`` over its window and the iterates on it: numbered dots joined by arrows.

    ``path`` is a sequence of x values (for example ``history.path``). The start is
    circled, the end is a star. Returns the Figure.

    Examples:
        >>> import matplotlib.pyplot as plt
        >>> from gdbook.functions import Parabola
        >>> from gdbook.plot import path_1d
        >>> fig = path_1d(Parabola(center=3.0), [0.0, 1.5, 2.25, 2.625], label="lr = 0.25")
        >>> fig.axes[0].get_xlabel()
        'x'
        >>> plt.close(fig)
    """
    ax = _new_axes(ax)
    xs = np.asarray(path, dtype=float).ravel()
    lo, hi = window if window is not None else f.window
    grid = np.linspace(lo, hi, 400)
    with np.errstate(all="ignore"):
        ax.plot(grid, f.value(grid), color=_muted(), linewidth=1.6, zorder=1, label=getattr(f, "name", None))
        ys = np.asarray(f.value(xs), dtype=float)
    keep = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[keep], ys[keep]
    (dots,) = ax.plot(xs, ys, "o", markersize=4.5, zorder=3, label=label)
    color = dots.get_color()
    for k in range(len(xs) - 1):
        ax.annotate("", xy=(xs[k + 1], ys[k + 1]), xytext=(xs[k], ys[k]),
                    arrowprops={"arrowstyle": "->", "color": color, "lw": 1.2, "shrinkA": 3, "shrinkB": 3})
    if len(xs):
        ax.plot(xs[0], ys[0], "o", color=color, markersize=9, markerfacecolor="none", zorder=4)
        ax.plot(xs[-1], ys[-1], "*", markersize=12, color=color, zorder=4)
    _label_points(ax, xs, ys, color, hi - lo)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    if label is not None:
        ax.legend()
    return ax.figure


def _default_levels(z: np.ndarray, has_minimum: bool) -> np.ndarray:
    zmin, zmax = float(np.nanmin(z)), float(np.nanmax(z))
    if has_minimum and zmax > zmin:
        span = zmax - zmin
        return zmin + np.geomspace(span * 1e-4, span, 16)
    return np.linspace(zmin, zmax, 17)


def path_2d(f: Any, paths: Any, ax: Any = None, labels: Sequence[str] | None = None, levels: Any = None,
            window: Any = None) -> Any:
    """Contours of a 2-D ``f`` and one or several paths (arrays of shape (n, 2)).

    ``levels`` defaults to log-spaced levels above the minimum (good for valleys
    like Rosenbrock's), or evenly spaced ones when f has no minimum. Known minima
    are marked with a cross. Returns the Figure.

    Examples:
        >>> import matplotlib.pyplot as plt
        >>> import numpy as np
        >>> from gdbook.functions import Rosenbrock
        >>> from gdbook.plot import path_2d
        >>> fig = path_2d(Rosenbrock(), [np.array([[-1.5, 2.0], [-1.0, 1.0], [0.0, 0.0]])], labels=["a path"])
        >>> fig.axes[0].get_xlim()
        (np.float64(-2.0), np.float64(2.0))
        >>> plt.close(fig)
    """
    ax = _new_axes(ax)
    (x0, x1), (y0, y1) = window if window is not None else f.window
    X, Y = np.meshgrid(np.linspace(x0, x1, 241), np.linspace(y0, y1, 241))
    with np.errstate(all="ignore"):
        Z = f.grid_values(X, Y)
    if levels is None:
        levels = _default_levels(Z, bool(getattr(f, "minima", ())))
    mpl = _matplotlib()

    ax.contour(X, Y, Z, levels=levels, colors=mpl.rcParams["axes.labelcolor"], alpha=0.35, linewidths=0.8)
    for m in getattr(f, "minima", ()):
        ax.plot(m[0], m[1], "x", color=_muted(), markersize=8, mew=1.5, zorder=2)
    if isinstance(paths, (list, tuple)) and (len(paths) == 0 or np.ndim(paths[0]) == 2):
        paths = list(paths)  # several paths
    else:
        paths = [paths]  # one path: an (n, 2) array or a list of points
    labels = list(labels) if labels is not None else [None] * len(paths)
    if len(labels) != len(paths):
        raise ValueError(f"got {len(labels)} labels for {len(paths)} paths; give one label per path")
    for pth, lab in zip(paths, labels):
        pts = np.asarray(pth, dtype=float).reshape(-1, 2)
        pts = pts[np.isfinite(pts).all(axis=1)]
        (line,) = ax.plot(pts[:, 0], pts[:, 1], "-o", markersize=3.0, linewidth=1.4, label=lab, zorder=3)
        if len(pts):
            c = line.get_color()
            ax.plot(*pts[0], "o", color=c, markersize=9, markerfacecolor="none", zorder=4)
            ax.plot(*pts[-1], "*", markersize=12, color=c, zorder=4)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("x[0]")
    ax.set_ylabel("x[1]")
    ax.grid(False)
    if any(lab is not None for lab in labels):
        ax.legend()
    return ax.figure


def loss_curve(histories_or_arrays: Any, ax: Any = None, labels: Sequence[str] | None = None,
               log: bool = False) -> Any:
    """Loss against step (or epoch) for one History/array or a list of them. Returns the Figure.

    With ``log=True`` the y axis is logarithmic (values <= 0 are left out).

    Examples:
        >>> import matplotlib.pyplot as plt
        >>> from gdbook.plot import loss_curve
        >>> fig = loss_curve([[4.0, 2.0, 1.0], [4.0, 3.0, 2.5]], labels=["fast", "slow"], log=True)
        >>> len(fig.axes[0].lines), fig.axes[0].get_yscale()
        (2, 'log')
        >>> plt.close(fig)
    """
    from gdbook.loop import History

    items = histories_or_arrays
    if isinstance(items, History) or not isinstance(items, (list, tuple)):
        items = [items]  # one History or one array
    elif len(items) and all(np.ndim(v) == 0 and not isinstance(v, History) for v in items):
        items = [items]  # one list of numbers
    labels = list(labels) if labels is not None else [None] * len(items)
    if len(labels) != len(items):
        raise ValueError(f"got {len(labels)} labels for {len(items)} curves; give one label per curve")
    ax = _new_axes(ax)
    xlabel = "step"
    for item, lab in zip(items, labels):
        if isinstance(item, History):
            values = item.losses
            if item.epochs is not None:
                xlabel = "epoch"
        else:
            values = np.asarray(item, dtype=float)
        ax.plot(np.arange(len(values)), values, label=lab)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    if any(lab is not None for lab in labels):
        ax.legend()
    return ax.figure


def _two_decimals(number: re.Match) -> bytes:
    text = (b"%.2f" % float(number.group())).rstrip(b"0").rstrip(b".")
    return b"0" if text == b"-0" else text


def _numbered_clips(svg: bytes) -> bytes:
    # Matplotlib names a clip path after a hash of its unrounded corners, which move in the last bits
    # with the BLAS kernel (the axes' limits follow the data): name them by their order instead.
    for n, old in enumerate(dict.fromkeys(_SVG_CLIP_ID.findall(svg)), 1):
        svg = svg.replace(b'id="%s"' % old, b'id="clip%d"' % n).replace(b"url(#%s)" % old, b"url(#clip%d)" % n)
    return svg


def svg_bytes(fig: Any) -> bytes:
    """The figure as SVG bytes, the same bytes on every run and machine (no date, fixed hash salt,
    clip paths numbered in order), with its coordinates rounded to 0.01 pt.

    Examples:
        >>> import matplotlib.pyplot as plt
        >>> from gdbook.plot import loss_curve, svg_bytes
        >>> fig = loss_curve([3.0, 1.0])
        >>> svg_bytes(fig) == svg_bytes(fig), svg_bytes(fig)[:5]
        (True, b'<?xml')
        >>> plt.close(fig)
    """
    mpl = _matplotlib()

    buf = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return _numbered_clips(_SVG_COORDINATES.sub(lambda m: _SVG_DECIMAL.sub(_two_decimals, m.group()), buf.getvalue()))


def save_svg(fig: Any, path: str | os.PathLike[str]) -> bool:
    """Write ``fig`` as deterministic SVG to ``path``; only if the bytes changed. Returns True if written.

    Creates parent directories. Does not close the figure (call ``plt.close(fig)``).

    Examples:
        >>> import tempfile, matplotlib.pyplot as plt
        >>> from gdbook.plot import loss_curve, save_svg
        >>> fig = loss_curve([4.0, 2.0, 1.0])
        >>> with tempfile.TemporaryDirectory() as d:
        ...     save_svg(fig, d + "/a/loss.svg"), save_svg(fig, d + "/a/loss.svg")
        (True, False)
        >>> plt.close(fig)
    """
    data = svg_bytes(fig)
    path = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            if fh.read() == data:
                return False
    except FileNotFoundError:
        pass
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
    return True
