"""Learning-rate range test on a small linear regression: loss against a geometrically growing lr."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import data, models
from gdbook.optim import SGD
from gdbook.schedules import ExponentialLR

# The same run as in the chapter.
X, y = data.linear_regression(n=256, d=3, noise=0.5, seed=0)
model = models.LinearRegression(n_features=3)
params = model.init(seed=0)
opt = SGD(lr=ExponentialLR(1e-4, gamma=1.12))
rng = np.random.default_rng(0)
lrs, losses = [], []
for step in range(200):
    rows = rng.choice(256, size=32, replace=False)
    lrs.append(opt.lr_at(step))
    params = opt.step(params, model.grad(params, X[rows], y[rows]))
    losses.append(model.loss(params, X, y))
    if losses[-1] > 4 * min(losses):
        break

blow_up = lrs[-1]
pick = blow_up / 10
fig, ax = plt.subplots()
ax.plot(lrs, losses, "-o", markersize=3)
ax.axvline(blow_up, linestyle="--", linewidth=1.2, color="C1",
           label=f"loss > 4 × lowest: lr = {blow_up:.2g}")
ax.axvline(pick, linestyle=":", linewidth=1.6, color="C2",
           label=f"pick, 10 × smaller: lr = {pick:.2g}")
ax.set_xscale("log")
ax.set_ylim(0.0, None)
ax.set_xlabel("learning rate (grows by × 1.12 per step)")
ax.set_ylabel("loss on all the data")
ax.legend(loc="upper left")

if __name__ == "__main__":
    plt.show()
