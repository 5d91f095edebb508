"""Reddi et al.'s online problem (C = 3): Adam drifts to x = +1, the worst point; AMSGrad goes to -1."""

import math

import matplotlib.pyplot as plt

from gdbook.optim import Adam

C = 3.0
fig, ax = plt.subplots(figsize=(7.2, 3.4))
for amsgrad, label in [(False, "Adam"), (True, "AMSGrad")]:
    opt = Adam(lr=lambda t: 0.5 / math.sqrt(t + 1), betas=(0.0, 1 / (1 + C * C)), amsgrad=amsgrad)
    x, xs = 0.0, [0.0]
    for t in range(1, 601):
        g = C if t % 3 == 1 else -1.0
        x = min(1.0, max(-1.0, float(opt.step(x, g))))   # the step, then the projection onto [-1, 1]
        xs.append(x)
    ax.plot(range(len(xs)), xs, label=label, linewidth=1.4)
ax.axhline(1.0, linestyle=":", linewidth=1.0, color="0.5")
ax.axhline(-1.0, linestyle=":", linewidth=1.0, color="0.5")
ax.text(600, 0.9, "worst point, x = +1", ha="right", va="top")
ax.text(600, -0.9, "best point, x = −1", ha="right", va="bottom")
ax.set_ylim(-1.15, 1.15)
ax.set_xlabel("step t")
ax.set_ylabel("x")
ax.legend(loc="center right")

if __name__ == "__main__":
    plt.show()
