"""Gradient descent on the double well f(x) = x^4 - 4x^2 + x from four starts: the start picks the minimum."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import DoubleWell
from gdbook.optim import SGD
from gdbook.plot import path_1d

f = DoubleWell()
fig, ax = plt.subplots()
for x0 in (-2.2, 0.1, 0.2, 2.2):
    history = minimize(f, x0, optimizer=SGD(lr=0.05), steps=30)
    path_1d(f, history.path, ax=ax, label=f"start x = {x0:g}")

# the local maximum between the two valleys (the middle root of f'(x) = 4x^3 - 8x + 1):
# the border between their basins
x_max = np.sort(np.roots([4.0, 0.0, -8.0, 1.0]))[1]
ax.axvline(x_max, linestyle=":", linewidth=1.2, color=ax.spines["left"].get_edgecolor())
ax.annotate("local maximum\n(the border)", (x_max, 3.0), xytext=(8, 0), textcoords="offset points",
            fontsize=9, va="center")
for m, text in zip(f.minima, ("global minimum", "local minimum")):
    ax.annotate(text, (m, f(m)), xytext=(0, -16), textcoords="offset points", fontsize=9, ha="center")
ax.set_ylim(-7.5, 8.0)
ax.set_ylabel("f(x) = x⁴ − 4x² + x")
handles, labels = ax.get_legend_handles_labels()
keep = [i for i, lab in enumerate(labels) if lab.startswith("start")]
ax.legend([handles[i] for i in keep], [labels[i] for i in keep], loc="upper center", ncol=2)

if __name__ == "__main__":
    plt.show()
