"""A training curve read two ways: the loss of each step's batch, and the training loss per epoch."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import data, fit, models
from gdbook.optim import SGD

# The chapter's run: 20 examples, batch size 4 (5 steps per epoch), 10 epochs.
X, y = data.noisy_line(n=20, seed=0)
model = models.LinearRegression(n_features=1)
h = fit(model, model.init(seed=0), X, y, SGD(lr=0.1), epochs=10, batch_size=4)
per_epoch = h.steps // h.epochs
# Step k's batch loss is measured before step k, after k - 1 steps: at epoch (k - 1) / 5.
at = np.arange(h.steps) / per_epoch

fig, ax = plt.subplots()
ax.plot(at, h.batch_losses, "o-", color="C0", markersize=3.5, linewidth=0.8, alpha=0.9,
        label="batch_losses: one per step (4 examples)")
ax.plot(np.arange(h.epochs + 1), h.losses, "s-", color="C1", markersize=6,
        label="losses: one per epoch (all 20 examples)")
ax.set_yscale("log")
ax.set_xlabel("epoch (5 steps each)")
ax.set_ylabel("mean squared error")
ax.legend(loc="upper right")

if __name__ == "__main__":
    plt.show()
