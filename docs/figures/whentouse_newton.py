"""Newton's method against gradient descent on the ill-conditioned bowl f = 0.5 (x^2 + 10 y^2).

Newton's step x - H^-1 grad f(x) lands on the minimum in one step; gradient descent (lr = 0.18)
zigzags across the narrow direction and creeps along the long one."""

import matplotlib.pyplot as plt
import numpy as np

from gdbook import minimize
from gdbook.functions import Quadratic
from gdbook.optim import SGD
from gdbook.plot import path_2d

f = Quadratic(condition=10.0)
x0 = np.array([-9.0, 3.0])
gd = minimize(f, x0, optimizer=SGD(lr=0.18), steps=40)
newton = np.array([x0, x0 - np.linalg.solve(f.hessian(x0), f.grad(x0))])

fig, ax = plt.subplots(figsize=(7.0, 3.9))
path_2d(f, [gd.path, newton], ax=ax, labels=["gradient descent, lr = 0.18, 40 steps", "Newton's method, 1 step"],
        window=((-10.0, 3.0), (-3.8, 3.8)))
ax.set_aspect("equal")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9)

if __name__ == "__main__":
    plt.show()
