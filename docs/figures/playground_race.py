"""SGD, momentum and Adam racing on an ill-conditioned bowl: the optimizer playground's first race."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Quadratic
from gdbook.optim import SGD, Adam
from gdbook.plot import path_2d

f = Quadratic(condition=10.0)
start = np.array([-9.0, 3.0])
racers = {
    "SGD, lr = 0.15": SGD(lr=0.15),
    "momentum 0.9, lr = 0.03": SGD(lr=0.03, momentum=0.9),
    "Adam, lr = 0.5": Adam(lr=0.5),
}
paths = [minimize(f, start, opt, steps=60).path for opt in racers.values()]

fig = path_2d(f, paths, labels=list(racers), window=((-10.0, 10.0), (-20 / 3, 20 / 3)),
              levels=0.25 * 2.0 ** np.arange(14))
ax = fig.axes[0]
ax.set_aspect("equal")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="lower right")

if __name__ == "__main__":
    plt.show()
