"""The house style and the plotting helpers; SVG bytes must be deterministic."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gdbook import minimize, plot  # noqa: E402
from gdbook.functions import DoubleWell, Himmelblau, Parabola, Quadratic, Rosenbrock, Saddle  # noqa: E402
from gdbook.optim import SGD, Adam  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_style_sets_and_restores_rcparams(scheme):
    before = mpl.rcParams["text.color"]
    with plot.style(scheme):
        assert mpl.rcParams["text.color"] == plot.SCHEMES[scheme]["text"]
        assert mpl.rcParams["figure.facecolor"] == "none"
        assert mpl.rcParams["axes.facecolor"] == "none"
        assert mpl.rcParams["svg.fonttype"] == "path"
        assert mpl.rcParams["svg.hashsalt"] == plot.SVG_HASHSALT
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][:4] == plot.COLORS[:4]
    assert mpl.rcParams["text.color"] == before


def test_unknown_scheme():
    with pytest.raises(ValueError, match="Invalid scheme: 'sepia'"):
        with plot.style("sepia"):
            pass


def _luminance(hex_colour: str) -> float:
    rgb = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    lin = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def _contrast(a: str, b: str) -> float:
    la, lb = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_colours_read_on_both_pages():
    white, slate = "#ffffff", "#1e2129"
    assert _contrast(plot.SCHEMES["light"]["text"], white) >= 7
    assert _contrast(plot.SCHEMES["dark"]["text"], slate) >= 7
    for c in plot.COLORS[:4]:
        assert _contrast(c, white) >= 2.0 and _contrast(c, slate) >= 3.0, c


def test_path_1d():
    f = Parabola(center=3.0)
    h = minimize(f, 8.0, SGD(lr=0.1), steps=10)
    with plot.style("light"):
        fig = plot.path_1d(f, h.path, label="lr = 0.1")
    ax = fig.axes[0]
    assert ax.get_xlim() == f.window
    assert ax.get_legend() is not None
    numbers = [t.get_text() for t in ax.texts if t.get_text()]
    assert numbers[:3] == ["0", "1", "2"] and 5 <= len(numbers) <= 11   # close points are not numbered twice


def test_path_1d_into_given_axes_and_custom_window():
    fig, (a, b) = plt.subplots(1, 2)
    out = plot.path_1d(DoubleWell(), [2.0, 1.5, 1.4], ax=b, window=(-3, 3))
    assert out is fig
    assert b.get_xlim() == (-3, 3) and not a.lines


def test_path_1d_skips_non_finite_points():
    f = Parabola()
    h = minimize(f, 8.0, SGD(lr=1.5), steps=1000)
    plot.path_1d(f, h.path)                           # no error, no warning


@pytest.mark.parametrize("f", [Quadratic(), Rosenbrock(), Himmelblau(), Saddle()], ids=repr)
def test_path_2d(f):
    (x0, x1), (y0, y1) = f.window
    start = np.array([0.9 * x0, 0.9 * y1])
    paths = [minimize(f, start, SGD(lr=1e-3), steps=20).path, minimize(f, start, Adam(lr=0.1), steps=20).path]
    fig = plot.path_2d(f, paths, labels=["SGD", "Adam"])
    ax = fig.axes[0]
    assert ax.get_xlim() == (x0, x1) and ax.get_ylim() == (y0, y1)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["SGD", "Adam"]


def test_path_2d_single_path_and_levels():
    fig = plot.path_2d(Quadratic(), np.array([[1.0, 1.0], [0.5, 0.2]]), levels=[1.0, 2.0, 4.0])
    assert fig.axes[0].get_legend() is None


def test_labels_must_match():
    with pytest.raises(ValueError, match="2 labels for 1 paths"):
        plot.path_2d(Quadratic(), [np.zeros((2, 2))], labels=["a", "b"])
    with pytest.raises(ValueError, match="1 labels for 2 curves"):
        plot.loss_curve([[1.0, 0.5], [2.0, 1.0]], labels=["a"])


def test_loss_curve_accepts_histories_and_arrays():
    f = Rosenbrock()
    hs = [minimize(f, [-1.5, 2.0], Adam(lr=lr), steps=30) for lr in (0.01, 0.1)]
    fig = plot.loss_curve(hs, labels=["0.01", "0.1"], log=True)
    ax = fig.axes[0]
    assert len(ax.lines) == 2 and ax.get_yscale() == "log" and ax.get_xlabel() == "step"
    assert len(plot.loss_curve(hs[0]).axes[0].lines) == 1
    assert len(plot.loss_curve(np.array([3.0, 2.0, 1.0])).axes[0].lines) == 1


def test_loss_curve_of_fit_uses_epochs():
    from gdbook import data, fit, models

    X, y = data.noisy_line(n=20)
    m = models.LinearRegression(1)
    h = fit(m, m.init(), X, y, SGD(lr=0.1), epochs=3, batch_size=5)
    assert plot.loss_curve(h).axes[0].get_xlabel() == "epoch"


def _figure(scheme="light"):
    f = Rosenbrock()
    with plot.style(scheme):
        fig, (a, b) = plt.subplots(1, 2, figsize=(8, 3))
        plot.path_2d(f, [minimize(f, [-1.5, 2.0], Adam(lr=0.05), steps=50).path], ax=a, labels=["Adam"])
        plot.loss_curve(minimize(f, [-1.5, 2.0], Adam(lr=0.05), steps=50), ax=b, log=True)
    return fig


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_two_renders_give_identical_bytes(scheme):
    a = plot.svg_bytes(_figure(scheme))
    b = plot.svg_bytes(_figure(scheme))
    assert a == b
    assert b"<dc:date>" not in a
    assert b"<text" not in a                       # text is drawn as paths: no fonts needed


def test_svg_bytes_do_not_carry_the_last_bits_of_a_layout():
    """Positions rounded to 0.01 pt, clip paths named by their order: matplotlib's own names hash the
    unrounded clip box, and a BLAS kernel that moves the data's last bits moves it (seen: SkylakeX and
    Haswell OpenBLAS kernels gave one chapter figure two clip-path ids)."""
    svg = plot.svg_bytes(_figure())
    clips = re.findall(rb'<clipPath id="([^"]+)"', svg)
    assert clips == [b"clip%d" % n for n in range(1, len(clips) + 1)] and len(clips) >= 2
    assert set(re.findall(rb"url\(#([^)]+)\)", svg)) == set(clips)
    translations = re.findall(rb"translate\(([^)]*)\)", svg)
    assert translations and not [t for t in translations if re.search(rb"\.\d{3}", t)]


def test_save_svg_writes_only_changes(tmp_path):
    target = tmp_path / "deep" / "er" / "fig.svg"
    fig = _figure()
    assert plot.save_svg(fig, target) is True
    mtime = target.stat().st_mtime_ns
    assert plot.save_svg(_figure(), str(target)) is False
    assert target.stat().st_mtime_ns == mtime
    assert target.read_bytes() == plot.svg_bytes(fig)
    assert plot.save_svg(plot.loss_curve([1.0, 2.0]), target) is True
    assert plt.fignum_exists(fig.number)            # save_svg does not close the figure
