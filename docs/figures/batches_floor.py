"""SGD's noise floor: mini-batches of 4 with a constant learning rate (0.1 or 0.02) stall at a level
set by the noise; a decaying rate 0.1 / (1 + t/32) keeps going down."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import data, fit, models
from gdbook.optim import SGD

X, y = data.noisy_line(n=128, seed=0)
model = models.LinearRegression(n_features=1)
start = {"w": np.array([-1.0]), "b": np.array(-1.0)}
A = np.hstack([X, np.ones((len(X), 1))])
best = np.linalg.lstsq(A, y, rcond=None)[0]
lowest = model.loss({"w": best[:1], "b": np.array(best[1])}, X, y)


def decaying(t):
    return 0.1 / (1 + t / 32)


fig, ax = plt.subplots(figsize=(6.4, 4.0))
for lr, label in [(0.1, "constant lr = 0.1"), (0.02, "constant lr = 0.02"),
                  (decaying, "decaying lr = 0.1 / (1 + t/32)")]:
    h = fit(model, start, X, y, SGD(lr=lr), epochs=40, batch_size=4)
    ax.plot(np.arange(len(h.losses)), h.losses - lowest, "-", linewidth=1.6, label=label)
ax.set_yscale("log")
ax.set_xlabel("epoch (32 steps each)")
ax.set_ylabel("loss − lowest possible loss")
ax.legend(loc="upper right", fontsize=8)

if __name__ == "__main__":
    plt.show()
