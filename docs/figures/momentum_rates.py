"""The distance to the minimum, step by step, on the bowl with condition number 100: each run
falls along a straight line on a log scale, with the slope its rate predicts."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Quadratic
from gdbook.optim import SGD

kappa = 100.0
f = Quadratic(condition=kappa)
x0 = np.array([-9.0, 3.0])
s = np.sqrt(kappa)
best_lr, best_beta = (2 / (1 + s)) ** 2, ((s - 1) / (s + 1)) ** 2
runs = [
    ("gradient descent, lr = 0.0198", SGD(lr=2 / (1 + kappa)), (kappa - 1) / (kappa + 1)),
    ("momentum, lr = 0.0331, beta = 0.9 (too much)", SGD(lr=best_lr, momentum=0.9), np.sqrt(0.9)),
    ("momentum, lr = 0.0331, beta = 0.669 (best)", SGD(lr=best_lr, momentum=best_beta), (s - 1) / (s + 1)),
]
steps = 150
k = np.arange(steps + 1)

fig, ax = plt.subplots(figsize=(7.2, 3.6))
for label, opt, rate in runs:
    path = minimize(f, x0, opt, steps=steps).path
    (line,) = ax.semilogy(k, np.linalg.norm(path, axis=1), linewidth=1.6, label=label)
    d = np.linalg.norm(path, axis=1)
    middle = steps // 2  # a line through the run's middle with the predicted slope: d_middle * rate^(k - middle)
    ax.semilogy(k, d[middle] * rate ** (k - middle), linestyle=":", linewidth=1.4, color=line.get_color())
ax.set_xlabel("step k")
ax.set_ylabel("distance to the minimum")
ax.set_xlim(0, steps)
ax.set_ylim(1e-12, 30)
ax.legend(loc="lower left", title="solid: the run; dotted: the slope its predicted rate gives", fontsize="small",
          title_fontsize="small")

if __name__ == "__main__":
    plt.show()
