"""Tangent lines on f(x) = x^4 - 4x^2 + x: the slope at five points, and where a step goes."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook.functions import DoubleWell
from gdbook.plot import COLORS

f = DoubleWell()
xs = np.linspace(-2.3, 2.3, 400)

fig, ax = plt.subplots(figsize=(6.4, 4.6))
ax.plot(xs, f(xs), color=plt.rcParams["axes.edgecolor"], linewidth=1.8, zorder=1)

# (x, where its label goes in points from the dot, alignment)
points = [(-2.0, (12, 2), "left"), (f.minima[0], (22, -14), "left"),
          (-0.6, (-8, 22), "right"), (0.9, (-10, -16), "right"), (1.8, (-12, 8), "right")]
floor = -7.2  # the step arrows are drawn along this line, under the curve
for (x0, offset, ha), c in zip(points, COLORS):
    y0, slope = f(x0), float(f.grad(x0))
    half = 0.45 / np.sqrt(1.0 + (slope / 6.0) ** 2)  # shorter segments where steep
    t = np.array([x0 - half, x0 + half])
    ax.plot(t, y0 + slope * (t - x0), color=c, linewidth=2.2, zorder=2)
    ax.plot(x0, y0, "o", color=c, markersize=6, zorder=3)
    label = f"f′ = {slope:.2f}" if abs(slope) > 1e-9 else "f′ = 0"
    ax.annotate(label, (x0, y0), textcoords="offset points", xytext=offset,
                ha=ha, va="center", fontsize=10, color=c)
    ax.plot([x0, x0], [floor, y0], ":", color=c, linewidth=1.0, zorder=1)
    if abs(slope) > 1e-9:  # a gradient-descent step goes against the slope
        d = -np.sign(slope) * 0.4
        ax.annotate("", xy=(x0 + d, floor), xytext=(x0, floor),
                    arrowprops={"arrowstyle": "-|>", "color": c, "lw": 2.0})
    else:
        ax.plot(x0, floor, "o", color=c, markersize=5)

ax.text(0.15, floor, "step direction", fontsize=9, ha="center", va="center",
        color=plt.rcParams["axes.edgecolor"])
ax.set_xlim(-2.3, 2.3)
ax.set_ylim(-8.0, 9.0)
ax.set_xlabel("x")
ax.set_ylabel("f(x) = x⁴ − 4x² + x")

if __name__ == "__main__":
    plt.show()
