"""The same linear regression trained with batch size n = 128 (batch), 32 (mini-batch) and 1
(stochastic): the path of (w, b) on the loss contours, one dot per step, and the loss per epoch."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import data, fit, models
from gdbook.optim import SGD

X, y = data.noisy_line(n=128, seed=0)
model = models.LinearRegression(n_features=1)
start = {"w": np.array([-1.0]), "b": np.array(-1.0)}
lr, epochs = 0.1, 10

# The best fit, for the contours: least squares on [x, 1].
A = np.hstack([X, np.ones((len(X), 1))])
best = np.linalg.lstsq(A, y, rcond=None)[0]

fig, (left, right) = plt.subplots(1, 2, figsize=(9.6, 3.9))

# Contours of the loss over a grid of (w, b): mean((w x + b - y)^2), expanded in sums.
x = X[:, 0]
W, B = np.meshgrid(np.linspace(-1.6, 3.4, 201), np.linspace(-1.6, 2.4, 201))
Z = (W**2 * np.mean(x * x) + 2 * W * B * np.mean(x) + B**2
     - 2 * W * np.mean(x * y) - 2 * B * np.mean(y) + np.mean(y * y))
lowest = model.loss({"w": best[:1], "b": np.array(best[1])}, X, y)
left.contour(W, B, Z, levels=lowest + np.array([0.02, 0.1, 0.3, 1, 2, 4, 8]),
             colors=plt.rcParams["axes.labelcolor"], alpha=0.35, linewidths=0.8)
left.plot(best[0], best[1], "x", color="0.5", markersize=9, mew=1.8, zorder=5)

for batch_size, style, z in [(128, "-o", 5), (32, "-o", 4), (1, "-", 3)]:
    # fit's own steps, written out: one optimizer step per batch, epoch e shuffled with seed e
    opt = SGD(lr=lr)
    params = start
    path = [[params["w"][0], float(params["b"])]]
    for epoch in range(epochs):
        for Xb, yb in data.batches(X, y, batch_size, seed=epoch):
            params = opt.step(params, model.grad(params, Xb, yb))
            path.append([params["w"][0], float(params["b"])])
    path = np.array(path)
    h = fit(model, start, X, y, SGD(lr=lr), epochs=epochs, batch_size=batch_size)
    name = {128: "batch (b = n = 128)", 32: "mini-batch (b = 32)", 1: "stochastic (b = 1)"}[batch_size]
    label = f"{name}: {h.steps} steps"
    (line,) = left.plot(path[:, 0], path[:, 1], style, markersize=3.5 if batch_size == 128 else 2.5, linewidth=1.1 if batch_size == 1 else 1.4,
                        alpha=0.8 if batch_size == 1 else 1.0, label=label, zorder=z)
    left.plot(*path[-1], "*", markersize=12, color=line.get_color(), zorder=6)
    right.plot(np.arange(epochs + 1), h.losses, "-o", markersize=3, color=line.get_color(), label=name)

left.plot(-1.0, -1.0, "o", markersize=9, markerfacecolor="none", color=plt.rcParams["axes.labelcolor"], zorder=6)
left.set_xlim(-1.6, 3.4)
left.set_ylim(-1.6, 2.4)
left.set_xlabel("w (slope)")
left.set_ylabel("b (intercept)")
left.set_aspect("equal")
left.grid(False)
left.legend(loc="upper left", fontsize=8)

right.axhline(lowest, linestyle="--", linewidth=1, color="0.5", label=f"lowest possible: {lowest:.4f}")
right.set_yscale("log")
right.set_xlabel("epoch")
right.set_ylabel("loss on all 128 examples")
right.legend(loc="upper right", fontsize=8)

if __name__ == "__main__":
    plt.show()
