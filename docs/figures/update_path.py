"""Twenty steps of gradient descent on f(x) = (x - 3)^2 from x = 0 with learning rate 0.1."""

import matplotlib.pyplot as plt

from gdbook import minimize
from gdbook.functions import Parabola
from gdbook.optim import SGD
from gdbook.plot import path_1d

f = Parabola(center=3.0)
history = minimize(f, x0=0.0, optimizer=SGD(lr=0.1), steps=20)

fig = path_1d(f, history.path, label="lr = 0.1, start x = 0")
ax = fig.axes[0]
ax.set_xlabel("x")
ax.set_ylabel("f(x) = (x − 3)²")

if __name__ == "__main__":
    plt.show()
