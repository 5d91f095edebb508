"""Plain gradient descent and momentum, each at its best settings, on the bowl with condition number 100."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Quadratic
from gdbook.optim import SGD
from gdbook.plot import path_2d

kappa = 100.0
f = Quadratic(condition=kappa)  # curvatures 1 (along x) and 100 (along y)
x0 = np.array([-9.0, 3.0])
s = np.sqrt(kappa)
plain = minimize(f, x0, SGD(lr=2 / (1 + kappa)), steps=30).path
heavy = minimize(f, x0, SGD(lr=(2 / (1 + s)) ** 2, momentum=((s - 1) / (s + 1)) ** 2), steps=30).path

fig, ax = plt.subplots(figsize=(7.2, 4.4))
path_2d(f, [plain, heavy], ax=ax, window=((-10.0, 2.0), (-12.0, 12.0)),
        levels=2.0 ** np.arange(15),
        labels=["gradient descent, best lr = 0.0198", "momentum, best lr = 0.0331 and beta = 0.669"])
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1)
ax.set_title("30 steps from (-9, 3); the axes are not to the same scale", fontsize="small", loc="left", pad=52)

if __name__ == "__main__":
    plt.show()
