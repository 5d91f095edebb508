"""Error of forward and central differences against the step h, for x^4 - 4x^2 + x at x = 1."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook.functions import DoubleWell
from gdbook.gradcheck import numerical_grad

f = DoubleWell()
x = 1.0
exact = float(f.grad(x))  # f'(1) = -3
hs = np.geomspace(1e-13, 1e-1, 121)
forward = np.array([abs((f(x + h) - f(x)) / h - exact) for h in hs])
central = np.array([abs(float(numerical_grad(f, x, h=h)) - exact) for h in hs])

eps = np.finfo(float).eps
fig, ax = plt.subplots(figsize=(6.4, 4.4))
(lf,) = ax.loglog(hs, forward, "o", markersize=3, label="forward difference")
(lc,) = ax.loglog(hs, central, "s", markersize=3, label="central difference (gdbook)")
ax.loglog(hs, 2 * hs, "--", color=lf.get_color(), linewidth=1.2, label="truncation 2h")
ax.loglog(hs, 4 * hs**2, "--", color=lc.get_color(), linewidth=1.2, label="truncation 4h²")
ax.loglog(hs, eps * abs(f(x)) / hs, ":", color=plt.rcParams["axes.edgecolor"], linewidth=1.5,
          label="round-off ε·|f(x)|/h")
ax.set_ylim(1e-12, 1.0)
ax.set_xlabel("step h")
ax.set_ylabel("|error| of the derivative")
ax.legend(loc="upper center", fontsize=9)

if __name__ == "__main__":
    plt.show()
