"""The line fit's loss seen from above: contours of the MSE over (w, b) and a descent path."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from gdbook.data import noisy_line
from gdbook.models import LinearRegression
from gdbook.plot import COLORS

X, y = noisy_line(n=10, seed=0)
model = LinearRegression(n_features=1)

# 30 steps of gradient descent from the flat line w = 0, b = 0.
params = {"w": np.array([0.0]), "b": np.array(0.0)}
lr = 0.3
path = [(0.0, 0.0)]
for _ in range(30):
    grads = model.grad(params, X, y)
    params = {k: params[k] - lr * grads[k] for k in params}
    path.append((params["w"][0], float(params["b"])))
path = np.array(path)

# The loss on a grid, and its lowest point from least squares.
x = X[:, 0]
W, B = np.meshgrid(np.linspace(-1.0, 4.0, 201), np.linspace(-1.5, 2.5, 161))
L = np.mean((W[..., None] * x + B[..., None] - y) ** 2, axis=-1)
best = np.linalg.lstsq(np.c_[x, np.ones_like(x)], y, rcond=None)[0]

cmap = ListedColormap(plt.get_cmap("viridis")(np.linspace(0.25, 0.95, 256)))
fig, ax = plt.subplots(figsize=(6.4, 5.0))
levels = L.min() + np.geomspace(0.01, L.max() - L.min(), 14)
ax.contour(W, B, L, levels=levels, cmap=cmap, linewidths=1.0)
color = COLORS[3]
ax.plot(path[:, 0], path[:, 1], "-o", color=color, markersize=3.5, linewidth=1.6,
        label="gradient descent, 30 steps")
ax.plot(*path[0], "o", color=color, markersize=10, markerfacecolor="none")
ax.plot(*best, "x", color=plt.rcParams["text.color"], markersize=10, mew=2,
        label="lowest point (least squares)")
for k in (0, 1, 2, 3):
    ax.annotate(str(k), path[k], textcoords="offset points", xytext=(-4, 8), fontsize=9,
                color=color, ha="right")
ax.set_xlabel("slope w")
ax.set_ylabel("intercept b")
ax.set_aspect("equal")
ax.grid(False)
ax.legend(loc="lower right", fontsize=9)

if __name__ == "__main__":
    plt.show()
