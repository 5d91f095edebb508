"""Plain gradient descent creeps up to the minimum; with momentum it coasts past it like a ball."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Parabola
from gdbook.optim import SGD

f = Parabola(center=3.0)
steps = 40
plain = minimize(f, x0=0.0, optimizer=SGD(lr=0.1), steps=steps)
heavy = minimize(f, x0=0.0, optimizer=SGD(lr=0.1, momentum=0.9), steps=steps)

fig, ax = plt.subplots()
k = np.arange(steps + 1)
ax.axhline(3.0, color=plt.rcParams["axes.edgecolor"], linestyle="--", linewidth=1.0,
           label="the minimum, x = 3")
ax.plot(k, plain.path, "-o", markersize=3, linewidth=1.4,
        label="plain gradient descent (no inertia)")
ax.plot(k, heavy.path, "-o", markersize=3, linewidth=1.4,
        label="with momentum 0.9 (a rolling ball)")
ax.set_xlabel("step k")
ax.set_ylabel("position x")
ax.set_xlim(0, steps)
ax.legend(loc="lower right")

if __name__ == "__main__":
    plt.show()
