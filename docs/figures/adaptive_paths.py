"""SGD, RMSprop and Adam on the narrow bowl (x^2 + 100 y^2) / 2: one stride for all, or one per coordinate."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Quadratic
from gdbook.optim import SGD, Adam, RMSprop
from gdbook.plot import path_2d

f = Quadratic(condition=100.0)
start = np.array([-9.0, 3.0])
racers = {
    "SGD, lr = 0.019 (2/L = 0.02)": SGD(lr=0.019),
    "RMSprop, lr = 0.1": RMSprop(lr=0.1),
    "Adam, lr = 0.3": Adam(lr=0.3),
}
paths = [minimize(f, start, opt, steps=60).path for opt in racers.values()]

fig, ax = plt.subplots(figsize=(7.2, 4.2))
path_2d(f, paths, ax=ax, labels=list(racers), window=((-10.0, 3.0), (-4.0, 4.0)),
        levels=0.5 * 2.0 ** np.arange(12))
ax.set_aspect("equal")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)

if __name__ == "__main__":
    plt.show()
