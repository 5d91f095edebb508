"""Gradient descent on the elongated bowl f = (x[0]^2 + 10 x[1]^2) / 2 with two learning rates."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Quadratic
from gdbook.optim import SGD
from gdbook.plot import path_2d

f = Quadratic(condition=10.0)  # L = 10 (steep x[1]), mu = 1 (flat x[0])
x0 = np.array([-9.0, 3.0])
paths = [minimize(f, x0, SGD(lr=lr), steps=20).path for lr in (0.05, 0.19)]

fig, ax = plt.subplots(figsize=(7.2, 3.6))
path_2d(f, paths, ax=ax, window=((-10.0, 2.0), (-4.0, 4.0)),
        labels=["lr = 0.05: smooth, slow", "lr = 0.19: zig-zag (2/L = 0.2)"])
ax.set_aspect("equal")
ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)

if __name__ == "__main__":
    plt.show()
