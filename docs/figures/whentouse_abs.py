"""Gradient descent on f(x) = |x| from x = 1: with a fixed learning rate 0.3 it bounces around the
kink at 0 for ever; with the decaying rate 0.3 / (k + 1) the bounces shrink towards 0."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.optim import SGD


class Abs:
    """f(x) = |x|; grad returns sign(x), a subgradient (0 at the kink)."""

    def value(self, x):
        return float(abs(x))

    def grad(self, x):
        return np.sign(x)


steps = 1000
fixed = minimize(Abs(), 1.0, optimizer=SGD(lr=0.3), steps=steps)
decaying = minimize(Abs(), 1.0, optimizer=SGD(lr=lambda t: 0.3 / (t + 1)), steps=steps)

fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 4.0))

# left: the first 60 iterates
shown = 60
k = np.arange(shown + 1)
left.axhline(0.0, color=left.spines["left"].get_edgecolor(), linewidth=0.8)
left.plot(k, fixed.path[: shown + 1], "-o", markersize=3.5, linewidth=1.2, label="fixed lr = 0.3")
left.plot(k, decaying.path[: shown + 1], "-o", markersize=3.5, linewidth=1.2, label="decaying lr = 0.3 / (k + 1)")
left.set_xlabel("step k")
left.set_ylabel("x (the minimum is at 0)")
left.set_title("the first 60 steps", fontsize=11)
left.legend()

# right: the size of the bounce, max(|x_k|, |x_(k-1)|), over 1000 steps, log-log
k = np.arange(1, steps + 1)
for run in (fixed, decaying):
    size = np.abs(run.path)
    right.plot(k, np.maximum(size[1:], size[:-1]))
right.plot(k, 0.3 / k, ":", color=left.spines["left"].get_edgecolor(), linewidth=1.4, label="0.3 / k")
right.set_xscale("log")
right.set_yscale("log")
right.set_xlabel("step k")
right.set_ylabel("max(|x$_k$|, |x$_{k-1}$|)")
right.set_title("the size of the bounce, 1000 steps", fontsize=11)
right.legend(loc="lower left")

if __name__ == "__main__":
    plt.show()
