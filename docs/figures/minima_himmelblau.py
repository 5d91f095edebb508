"""Gradient descent on Himmelblau's function from four starts one unit apart: four different minima."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Himmelblau
from gdbook.optim import SGD
from gdbook.plot import path_2d

f = Himmelblau()
starts = ([0.0, 0.0], [-1.0, 0.0], [-1.0, -1.0], [0.0, -1.0])
paths = [minimize(f, x0, optimizer=SGD(lr=0.01), steps=200).path for x0 in starts]
labels = [f"start ({x0[0]:g}, {x0[1]:g})" for x0 in starts]

fig, ax = plt.subplots(figsize=(6.4, 5.6))
levels = np.geomspace(0.5, 800, 14)
path_2d(f, paths, ax=ax, labels=labels, levels=levels)
# the local maximum, polished from a rough guess with a few Newton steps
top = np.array([-0.27, -0.92])
for _ in range(10):
    top = top - np.linalg.solve(f.hessian(top), f.grad(top))
ax.plot(*top, "^", color=ax.spines["left"].get_edgecolor(), markersize=7)
ax.annotate("local maximum", top, xytext=(0, 9), textcoords="offset points", fontsize=9, ha="center")
ax.set_aspect("equal")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)

if __name__ == "__main__":
    plt.show()
