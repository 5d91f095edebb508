"""f(x_k) - f* on a log scale for gradient descent with lr = 1/L, measured and predicted."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Quadratic
from gdbook.optim import SGD

x0 = np.array([-9.0, 3.0])
steps = 120
k = np.arange(steps + 1)

fig, ax = plt.subplots()
for kappa in (10.0, 100.0):
    f = Quadratic(condition=kappa)                      # mu = 1, L = kappa, f* = 0
    h = minimize(f, x0, SGD(lr=1 / f.smoothness), steps=steps)
    rho = (1 - 1 / kappa) ** 2                          # predicted factor per step
    predicted = 0.5 * x0[0] ** 2 * rho ** k             # the flat part, shrinking by rho
    (dots,) = ax.plot(k, h.losses, "o", markersize=3.5, markevery=3,
                      label=f"measured, κ = {kappa:g}")
    ax.plot(k[1:], predicted[1:], "--", color=dots.get_color(), linewidth=1.2,
            label=f"predicted 40.5 · {rho:.4g}$^k$")
ax.set_yscale("log")
ax.set_xlabel("step k")
ax.set_ylabel("f(x_k) − f*")
ax.legend()

if __name__ == "__main__":
    plt.show()
