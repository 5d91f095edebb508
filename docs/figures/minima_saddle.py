"""Gradient descent on the saddle f(x, y) = x^2 - y^2 with learning rate 0.1: exactly on the x-axis
it stops at the saddle; a nudge of 1e-8 in y is enough to escape, after about a hundred steps."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Saddle
from gdbook.optim import SGD
from gdbook.plot import COLORS, path_2d

f = Saddle()
steps = 104
on_axis = minimize(f, [1.0, 0.0], optimizer=SGD(lr=0.1), steps=steps).path
nudged = minimize(f, [1.0, 1e-8], optimizer=SGD(lr=0.1), steps=steps).path

fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 4.6), gridspec_kw={"width_ratios": [1, 1.15]})

# left: the paths on the contours (dashed contours: f < 0)
path_2d(f, [nudged, on_axis], ax=left, levels=np.linspace(-4, 4, 17))
left.annotate("saddle", (0, 0), xytext=(-8, -14), textcoords="offset points", fontsize=9, ha="right")
left.set_aspect("equal")
left.set_xlabel("x")
left.set_ylabel("y")
left.set_title("the paths", fontsize=11)

# right: the size of each coordinate, step by step
k = np.arange(steps + 1)
blue, orange = COLORS[0], COLORS[1]  # the colours path_2d gave the two paths
every = k % 4 == 0
right.plot(k[every], np.abs(nudged[every, 1]), "o", markersize=4, color=blue, label="|y|, start (1, 1e-8)")
right.plot(k, 1e-8 * 1.2**k, "--", color=blue, linewidth=1.2, label="predicted 1e-8 · 1.2$^k$")
right.plot(k[every], np.abs(on_axis[every, 0]), "o", markersize=4, color=orange, label="|x|, either start")
right.plot(k, 0.8**k, "--", color=orange, linewidth=1.2, label="predicted 0.8$^k$")
right.set_yscale("log")
right.set_ylim(1e-16, 10)
right.set_xlabel("step k")
right.set_title("distance from the saddle, per coordinate", fontsize=11)
right.legend(loc="lower left", fontsize=9)

if __name__ == "__main__":
    plt.show()
