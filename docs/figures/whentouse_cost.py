"""Work for linear regression, counted in multiply-adds: the normal equations against gradient descent.

Normal equations: n d^2 to form X^T X, then d^3 / 3 to solve (LU). One gradient-descent step on the
mean squared error: 2 n d (X @ w, then X.T @ r). These are operation counts, not timings: they show
how the work grows, the same on every machine.
"""

import matplotlib.pyplot as plt
import numpy as np


def normal_equations(n, d):
    return n * d**2 + d**3 / 3


def gd(n, d, steps):
    return steps * 2 * n * d


fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 4.2), sharey=True)

n = 10_000
d = np.geomspace(1, n, 200)
left.plot(d, normal_equations(n, d), label="normal equations")
for steps, style in ((1000, "--"), (100, "-."), (1, ":")):
    left.plot(d, gd(n, d, steps), style, label=f"gradient descent, {steps:,} step{'s' if steps > 1 else ''}")
left.set_xscale("log")
left.set_yscale("log")
left.set_xlabel("features d")
left.set_ylabel("multiply-adds")
left.set_title(f"n = {n:,} rows, growing d", fontsize=11)

d = 100
ns = np.geomspace(d, 1e7, 200)
right.plot(ns, normal_equations(ns, d), label="normal equations")
for steps, style in ((1000, "--"), (100, "-."), (1, ":")):
    right.plot(ns, gd(ns, d, steps), style, label=f"gradient descent, {steps:,} step{'s' if steps > 1 else ''}")
right.set_xscale("log")
right.set_xlabel("rows n")
right.set_title(f"d = {d} features, growing n", fontsize=11)
right.legend(loc="upper left", fontsize=9)

if __name__ == "__main__":
    plt.show()
