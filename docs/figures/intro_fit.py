"""Ten data points and the line that gradient descent has found after 0, 1, 3, 10 and 30 steps."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook.data import noisy_line
from gdbook.models import LinearRegression

X, y = noisy_line(n=10, seed=0)
model = LinearRegression(n_features=1)

params = {"w": np.array([0.0]), "b": np.array(0.0)}
lr = 0.3
snapshots = {0: params}
for step in range(1, 31):
    grads = model.grad(params, X, y)
    params = {k: params[k] - lr * grads[k] for k in params}
    snapshots[step] = params

fig, ax = plt.subplots()
grid = np.linspace(-1.1, 1.1, 2)[:, None]
shown = (0, 1, 3, 10, 30)
colors = plt.get_cmap("plasma")(np.linspace(0.3, 0.88, len(shown)))
for step, c in zip(shown, colors):
    p = snapshots[step]
    loss = model.loss(p, X, y)
    ax.plot(grid[:, 0], model.predict(p, grid), color=c, linewidth=1.8,
            label=f"step {step:2d}: loss {loss:.3f}")
ax.plot(X[:, 0], y, "o", color=plt.rcParams["text.color"], markersize=6, label="data", zorder=5)
ax.set_xlim(-1.1, 1.1)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="upper left", fontsize=9)

if __name__ == "__main__":
    plt.show()
