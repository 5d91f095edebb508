"""How noisy is a mini-batch gradient? Its distance from the full gradient (root mean square over
2,000 random batches) against the batch size, drawing with and without replacement, on log-log axes."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import data, models

X, y = data.noisy_line(n=128, seed=0)
n = len(X)
model = models.LinearRegression(n_features=1)
params = {"w": np.array([-1.0]), "b": np.array(-1.0)}


def as_vector(g):
    return np.array([g["w"][0], g["b"]])


full = as_vector(model.grad(params, X, y))
# sigma^2: the mean squared distance of one example's gradient from the full gradient
one = [as_vector(model.grad(params, X[i:i + 1], y[i:i + 1])) for i in range(n)]
sigma = np.sqrt(np.mean([np.sum((g - full) ** 2) for g in one]))

rng = np.random.default_rng(0)
sizes = [1, 2, 4, 8, 16, 32, 64, 128]
measured = {True: [], False: []}
for b in sizes:
    for replace in (True, False):
        squares = []
        for draw in range(2000):
            rows = rng.choice(n, size=b, replace=replace)
            g = as_vector(model.grad(params, X[rows], y[rows]))
            squares.append(np.sum((g - full) ** 2))
        measured[replace].append(np.sqrt(np.mean(squares)))

fine = np.geomspace(1, n, 200)
fig, ax = plt.subplots(figsize=(6.4, 4.0))
ax.plot(fine, sigma / np.sqrt(fine), "-", color="C0", linewidth=1.2, label=r"$\sigma/\sqrt{b}$")
fpc = sigma / np.sqrt(fine) * np.sqrt(np.clip((n - fine) / (n - 1), 0, None))
ax.plot(fine[fine < n * 0.999], fpc[fine < n * 0.999], "--", color="C1", linewidth=1.2,
        label=r"$\sigma/\sqrt{b}\,\cdot\,\sqrt{(n-b)/(n-1)}$")
ax.plot(sizes, measured[True], "o", color="C0", markersize=6, label="measured, with replacement")
ax.plot(sizes[:-1], measured[False][:-1], "s", color="C1", markersize=5,
        label="measured, without replacement")
ax.annotate("b = n without replacement:\nthe full gradient, no noise", xy=(n * 0.96, 0.085),
            xytext=(12, 0.16), fontsize=8,
            arrowprops={"arrowstyle": "->", "linewidth": 0.8, "color": plt.rcParams["text.color"]})
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xticks(sizes, [str(b) for b in sizes])
ax.set_xlabel("batch size b")
ax.set_ylabel("RMS distance from the full gradient")
ax.legend(loc="lower left", fontsize=8)

if __name__ == "__main__":
    plt.show()
