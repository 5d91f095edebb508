"""Contours of Himmelblau's function and its gradient as arrows, at right angles to the contours."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook.functions import Himmelblau
from gdbook.plot import COLORS

f = Himmelblau()
X, Y = np.meshgrid(np.linspace(-5, 5, 301), np.linspace(-5, 5, 301))
Z = f.grid_values(X, Y)

fig, ax = plt.subplots(figsize=(6.0, 6.0))
levels = np.geomspace(0.5, Z.max(), 14)
ax.contour(X, Y, Z, levels=levels, colors=plt.rcParams["axes.labelcolor"], alpha=0.4,
           linewidths=0.8)
for m in f.minima:
    ax.plot(*m, "x", color=plt.rcParams["text.color"], markersize=8, mew=1.8)

# The gradient on a coarse grid, scaled to unit length: it shows the direction only.
gx, gy = np.meshgrid(np.linspace(-4.5, 4.5, 10), np.linspace(-4.5, 4.5, 10))
G = f.grad(np.stack([gx, gy], axis=-1))
norm = np.linalg.norm(G, axis=-1)
ax.quiver(gx, gy, G[..., 0] / norm, G[..., 1] / norm, color=COLORS[0], angles="xy",
          scale_units="xy", scale=2.2, width=0.005, label="gradient (uphill), unit length")

# One point in detail: the gradient, and the step direction, minus the gradient.
p = np.array([-2.0, 2.5])
g = f.grad(p)
u = g / np.linalg.norm(g)
ax.plot(*p, "o", color=COLORS[1], markersize=7, zorder=5)
ax.annotate("", xy=p + 1.0 * u, xytext=p,
            arrowprops={"arrowstyle": "-|>", "color": COLORS[1], "lw": 2.2})
ax.annotate("", xy=p - 1.0 * u, xytext=p,
            arrowprops={"arrowstyle": "-|>", "color": COLORS[3], "lw": 2.2})
ax.contour(X, Y, Z, levels=[f(p)], colors=COLORS[1], linewidths=1.6)
ax.plot([], [], color=COLORS[1], lw=2.2, label="∇f at (−2, 2.5), and the contour at its height")
ax.plot([], [], color=COLORS[3], lw=2.2, label="−∇f: the steepest way down")

ax.set_xlim(-5, 5)
ax.set_ylim(-5, 5)
ax.set_aspect("equal")
ax.grid(False)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=1, fontsize=9.5)

if __name__ == "__main__":
    plt.show()
