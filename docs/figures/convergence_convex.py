"""Convex or not: a chord of (x - 3)^2 lies above the curve; a chord of the double well dips below it."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from gdbook.functions import DoubleWell, Parabola

fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.8))
cases = [
    (Parabola(center=3.0), (-1.0, 7.0), (0.0, 5.5), "convex: every chord lies above the curve"),
    (DoubleWell(), (-2.2, 2.1), DoubleWell().minima, "not convex: this chord passes below the curve"),
]
for ax, (f, (lo, hi), (a, b), title) in zip(axes, cases):
    grid = np.linspace(lo, hi, 400)
    ax.plot(grid, f.value(grid), color=mpl.rcParams["axes.edgecolor"], linewidth=1.8, label="f(x)")
    t = np.linspace(0.0, 1.0, 50)
    chord_x = (1 - t) * a + t * b
    chord_y = (1 - t) * f.value(a) + t * f.value(b)
    ax.plot(chord_x, chord_y, "--", color="C0", linewidth=1.6, label="chord")
    ax.fill_between(chord_x, f.value(chord_x), chord_y, where=f.value(chord_x) > chord_y,
                    color="C3", alpha=0.3, linewidth=0, label="curve above the chord")
    ax.plot([a, b], [f.value(a), f.value(b)], "o", color="C0", markersize=6)
    ax.set_title(title, fontsize=10.5)
    ax.set_xlabel("x")
    ax.set_xlim(lo, hi)
axes[0].set_ylabel("f(x)")
axes[0].set_title("f(x) = (x − 3)²\n" + cases[0][3], fontsize=10.5)
axes[1].set_title("f(x) = x⁴ − 4x² + x\n" + cases[1][3], fontsize=10.5)
well = cases[1][0]
for m, text in [(well.minima[0], "global minimum"), (well.minima[1], "local minimum")]:
    axes[1].annotate(text, (m, well.value(m)), textcoords="offset points", xytext=(0, -18),
                     ha="center", fontsize=9.5)
axes[1].set_ylim(-6.6, 4.4)
axes[1].legend(loc="upper center")
fig.tight_layout()

if __name__ == "__main__":
    plt.show()
