"""Distance to the minimum |x_k - 3| on a log scale, measured and predicted (|x_0 - 3| * 0.8^k)."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Parabola
from gdbook.optim import SGD

f = Parabola(center=3.0)
lr, steps = 0.1, 30
k = np.arange(steps + 1)

fig, ax = plt.subplots()
for x0 in (0.0, 8.0):
    history = minimize(f, x0=x0, optimizer=SGD(lr=lr), steps=steps)
    measured = np.abs(history.path - 3.0)
    predicted = abs(x0 - 3.0) * (1 - 2 * lr) ** k
    (dots,) = ax.plot(k, measured, "o", markersize=4, label=f"measured, start x = {x0:g}")
    ax.plot(k, predicted, "--", color=dots.get_color(), linewidth=1.2,
            label=f"predicted {abs(x0 - 3):g} · 0.8$^k$")
ax.set_yscale("log")
ax.set_xlabel("step k")
ax.set_ylabel("distance to the minimum |x − 3|")
ax.legend()

if __name__ == "__main__":
    plt.show()
