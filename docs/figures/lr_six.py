"""Six learning rates on f(x) = (x - 3)^2 from x = 0: too small, steady, exact, oscillating, bouncing, diverging."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Parabola
from gdbook.optim import SGD
from gdbook.plot import COLORS

f = Parabola(center=3.0)
runs = [  # (learning rate, steps drawn, title)
    (0.01, 20, "lr = 0.01: too small"),
    (0.1, 20, "lr = 0.1: steady"),
    (0.5, 1, "lr = 0.5: one step"),
    (0.9, 20, "lr = 0.9: oscillates, converges"),
    (1.0, 6, "lr = 1.0: bounces forever"),
    (1.1, 4, "lr = 1.1: diverges"),
]
grid = np.linspace(-4.0, 10.0, 400)

fig, axes = plt.subplots(2, 3, figsize=(9.6, 5.6), sharex=True, sharey=True)
for ax, (lr, steps, title), color in zip(axes.flat, runs, COLORS):
    xs = minimize(f, x0=0.0, optimizer=SGD(lr=lr), steps=steps).path
    ys = f.value(xs)
    ax.plot(grid, f.value(grid), color=mpl.rcParams["axes.edgecolor"], linewidth=1.6)
    for k in range(len(xs) - 1):  # one arrow per step
        ax.annotate("", xy=(xs[k + 1], ys[k + 1]), xytext=(xs[k], ys[k]),
                    arrowprops={"arrowstyle": "->", "color": color, "lw": 1.1,
                                "shrinkA": 2, "shrinkB": 2})
    ax.plot(xs, ys, "o", color=color, markersize=4)
    ax.plot(xs[0], ys[0], "o", color=color, markersize=10, markerfacecolor="none")
    ax.plot(xs[-1], ys[-1], "*", color=color, markersize=13)
    ax.set_title(title, fontsize=10.5)
    ax.set_xlim(-4.0, 10.0)
    ax.set_ylim(-2.0, 52.0)
    ax.set_xticks([0, 3, 6, 9])
for ax in axes[1]:
    ax.set_xlabel("x")
for ax in axes[:, 0]:
    ax.set_ylabel("f(x)")
fig.tight_layout()

if __name__ == "__main__":
    plt.show()
