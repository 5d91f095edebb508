"""Stopping on the gradient norm: where it works (a parabola) and where it is fooled (a plateau)."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Parabola
from gdbook.optim import SGD


class Plateau:
    """f(x) = 1 - exp(-(x - 3)^2): a dip at x = 3, nearly flat far from it."""

    def value(self, x):
        return 1 - np.exp(-(x - 3) ** 2)

    def grad(self, x):
        return 2 * (x - 3) * np.exp(-(x - 3) ** 2)


fig, (left, right) = plt.subplots(1, 2, figsize=(9.6, 3.8))

# Left: the gradient norm of a run on (x - 3)^2 falls through tol, and the run stops.
tol = 1e-6
h = minimize(Parabola(center=3.0), x0=0.0, optimizer=SGD(lr=0.1), steps=1000, tol=tol)
left.plot(np.arange(h.steps + 1), h.grad_norms, "-o", markersize=3, label="|f′(x_k)|")
left.axhline(tol, linestyle="--", linewidth=1.2, color="C1", label=f"tol = {tol:g}")
left.plot(h.steps, h.grad_norms[-1], "*", markersize=13, color="C1")
left.annotate(f"below tol: stops at step {h.steps}", (h.steps, h.grad_norms[-1]), xytext=(8, 4e-6),
              arrowprops={"arrowstyle": "->", "color": "C1", "lw": 1.0})
left.set_yscale("log")
left.set_xlabel("step k")
left.set_ylabel("gradient norm")
left.set_title("f(x) = (x − 3)², lr = 0.1", fontsize=11)
left.legend(loc="upper right")

# Right: on a plateau the gradient is tiny far from the minimum, so the same rule stops at once.
f = Plateau()
grid = np.linspace(-3.0, 9.0, 400)
right.plot(grid, f.value(grid), color=mpl.rcParams["axes.edgecolor"], linewidth=1.6)
h = minimize(f, x0=0.0, optimizer=SGD(lr=0.1), steps=1000, tol=1e-3)
x = float(h.x)
right.plot(x, f.value(x), "*", markersize=13, color="C1")
right.annotate(f"start: |f′| = {h.grad_norms[0]:.1e} < tol,\n"
               f"\"converged\" at step {h.steps}\nwith f = {h.final_loss:.4f}",
               (x, f.value(x)), xytext=(-2.9, 0.6), va="top", fontsize=9.5,
               arrowprops={"arrowstyle": "->", "color": "C1", "lw": 1.0})
right.plot(3.0, 0.0, "x", color=mpl.rcParams["axes.edgecolor"], markersize=9, mew=1.5)
right.annotate("the minimum, f = 0", (3.0, 0.0), textcoords="offset points", xytext=(10, 2))
right.set_ylim(-0.08, 1.15)
right.set_xlabel("x")
right.set_ylabel("f(x)")
right.set_title("f(x) = 1 − exp(−(x − 3)²), tol = 1e-3", fontsize=11)
fig.tight_layout()

if __name__ == "__main__":
    plt.show()
