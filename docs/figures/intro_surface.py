"""The loss of a line fit as a landscape over (w, b), with gradient descent walking down it."""

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
path = [(0.0, 0.0, model.loss(params, X, y))]
for _ in range(30):
    grads = model.grad(params, X, y)
    params = {k: params[k] - lr * grads[k] for k in params}
    path.append((params["w"][0], float(params["b"]), model.loss(params, X, y)))
path = np.array(path)

# The loss at every (w, b) of a grid: L(w, b) = mean((w x + b - y)^2).
x = X[:, 0]
W, B = np.meshgrid(np.linspace(-1.0, 4.0, 31), np.linspace(-1.5, 2.5, 31))
L = np.mean((W[..., None] * x + B[..., None] - y) ** 2, axis=-1)

# viridis without its darkest and lightest ends, so it reads on light and dark pages
cmap = ListedColormap(plt.get_cmap("viridis")(np.linspace(0.25, 0.95, 256)))

fig = plt.figure(figsize=(6.4, 4.8))
ax = fig.add_subplot(projection="3d", computed_zorder=False)
ax.plot_surface(W, B, L, cmap=cmap, linewidth=0, antialiased=False, zorder=1)
color = COLORS[3]
ax.plot(path[:, 0], path[:, 1], path[:, 2], "-o", color=color, markersize=3.5,
        linewidth=1.6, zorder=3)
ax.plot(*path[0], "o", color=color, markersize=10, markerfacecolor="none", zorder=4)
ax.text(path[0, 0], path[0, 1], path[0, 2] + 0.9, "start (w = 0, b = 0)", fontsize=10,
        zorder=5, ha="center")
ax.text(path[-1, 0], path[-1, 1], path[-1, 2] - 1.6, "after 30 steps", fontsize=10,
        zorder=5, ha="center")
ax.set_xlabel("slope w", labelpad=6)
ax.set_ylabel("intercept b", labelpad=6)
ax.set_zlabel("loss (MSE)", labelpad=4)
ax.set_yticks([-1, 0, 1, 2])
ax.set_zticks([0, 4, 8])
ax.view_init(elev=28, azim=-20)
for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
    axis.pane.fill = False
fig.subplots_adjust(left=0.0, right=0.95, bottom=0.05, top=1.0)

if __name__ == "__main__":
    plt.show()
