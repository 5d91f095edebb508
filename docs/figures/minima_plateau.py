"""A plateau: gradient descent on f(x) = tanh(x)^2 with learning rate 0.5 from x = 3, 4 and 5.
The further out the start, the flatter the ground and the longer the loss stays near 1."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.optim import SGD


class TanhSquared:
    """f(x) = tanh(x)^2: a minimum at 0, almost flat for large |x|."""

    def value(self, x):
        return float(np.tanh(x) ** 2)

    def grad(self, x):
        return 2 * np.tanh(x) / np.cosh(x) ** 2


f = TanhSquared()
starts = (3.0, 4.0, 5.0)
runs = [minimize(f, x0, optimizer=SGD(lr=0.5), steps=3000) for x0 in starts]

fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 4.0), gridspec_kw={"width_ratios": [1, 1.4]})

grid = np.linspace(-1.5, 6.0, 400)
left.plot(grid, np.tanh(grid) ** 2, color=left.spines["left"].get_edgecolor(), linewidth=1.6)
for x0 in starts:
    left.plot(x0, f.value(x0), "o", markersize=9, markerfacecolor="none")
left.set_xlabel("x")
left.set_ylabel("f(x) = tanh(x)²")
left.set_title("the loss: flat far from 0", fontsize=11)

for x0, run in zip(starts, runs):
    right.plot(np.arange(len(run.losses)), run.losses, label=f"start x = {x0:g}")
right.set_xlabel("step")
right.set_ylabel("f(x)")
right.set_title("loss curves: long plateaus, then a sudden drop", fontsize=11)
right.legend(loc="center")

if __name__ == "__main__":
    plt.show()
