"""Objectives of x: a value, a gradient and what we know about them.

Every objective has ``value(x)`` (also ``f(x)``), ``grad(x)`` and ``hessian(x)``,
plus the facts a chapter or a plot needs: ``minima``, ``window``, ``dim``,
``smoothness`` (the Lipschitz constant L of the gradient, where there is one) and
``strong_convexity`` (mu, the smallest curvature, where f is strongly convex).

Vectorised evaluation: ``value`` and ``grad`` accept a batch of points.
For 1-D objectives they work elementwise on an array of any shape; for 2-D
objectives they take an array of shape ``(..., 2)`` (the last axis holds x and y)
and ``value`` returns shape ``(...)``. ``grid_values(X, Y)`` is the short way to
evaluate a 2-D objective on a meshgrid for contour plots.

Examples:
    >>> from gdbook.functions import Parabola
    >>> f = Parabola(center=3.0)
    >>> f(8.0), float(f.grad(8.0))
    (25.0, 10.0)
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "Objective",
    "Parabola",
    "Quadratic",
    "Rosenbrock",
    "Himmelblau",
    "DoubleWell",
    "Saddle",
]


def _fmt(v: float) -> str:
    return repr(float(v))


class Objective:
    """Base class: a function of x with its gradient.

    Subclasses implement ``_f`` and ``_df`` (and ``_d2f`` for the Hessian).
    1-D objectives take a float (or an array of points, elementwise);
    2-D objectives take an array whose last axis has length 2.

    Examples:
        >>> from gdbook.functions import Saddle
        >>> f = Saddle()
        >>> f.value([1.0, 2.0])
        -3.0
        >>> f.grad([1.0, 2.0])
        array([ 2., -4.])
    """

    name: str = "objective"
    dim: int = 1
    minima: tuple[Any, ...] = ()
    window: tuple[Any, ...] = (-1.0, 1.0)
    smoothness: float | None = None
    strong_convexity: float | None = None  # mu: f curves at least this much in every direction

    # -- subclasses fill these in ---------------------------------------------
    def _f(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _df(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _d2f(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    # -- public API --------------------------------------------------------------
    def _check(self, x: Any) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if self.dim == 2 and (x.ndim == 0 or x.shape[-1] != 2):
            raise ValueError(
                f"{self.name} is a function of 2 variables: x must have shape (2,) "
                f"or (..., 2), got shape {x.shape}; try x = np.array([1.0, 2.0])"
            )
        return x

    def value(self, x: Any) -> Any:
        """f(x): a float for one point, an array for a batch of points."""
        v = self._f(self._check(x))
        return float(v) if np.ndim(v) == 0 else v

    def __call__(self, x: Any) -> Any:
        return self.value(x)

    def grad(self, x: Any) -> Any:
        """The gradient, same shape as x (np.float64 for a scalar x)."""
        x = self._check(x)
        g = self._df(x)
        return np.float64(g) if np.ndim(g) == 0 else g

    def hessian(self, x: Any) -> Any:
        """Second derivative: a float in 1-D, a 2x2 array in 2-D (one point only)."""
        x = self._check(x)
        if (self.dim == 1 and x.ndim != 0) or (self.dim == 2 and x.ndim != 1):
            raise ValueError(f"hessian takes one point, got shape {x.shape}")
        h = self._d2f(x)
        return float(h) if self.dim == 1 else np.asarray(h, dtype=np.float64)

    def grid_values(self, X: Any, Y: Any) -> np.ndarray:
        """f on a meshgrid (2-D objectives): ``Z[i, j] = f([X[i, j], Y[i, j]])``.

        Examples:
            >>> import numpy as np
            >>> from gdbook.functions import Quadratic
            >>> X, Y = np.meshgrid([0.0, 1.0], [0.0, 2.0])
            >>> Quadratic(condition=10.0).grid_values(X, Y)
            array([[ 0. ,  0.5],
                   [20. , 20.5]])
        """
        if self.dim != 2:
            raise ValueError(f"grid_values is for 2-D objectives; {self.name} is 1-D, use value(x)")
        return np.asarray(self._f(np.stack([np.asarray(X, float), np.asarray(Y, float)], axis=-1)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _xy(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return x[..., 0], x[..., 1]


def _newton(obj: Objective, x0: Any, iters: int = 50) -> Any:
    """Polish a critical point with Newton's method (used for minima we compute)."""
    x = np.asarray(x0, dtype=np.float64)
    for _ in range(iters):
        g, h = obj._df(x), obj._d2f(x)
        step = g / h if obj.dim == 1 else np.linalg.solve(h, g)
        x = x - step
        if np.max(np.abs(step)) < 1e-15:
            break
    return float(x) if obj.dim == 1 else x


class Parabola(Objective):
    """f(x) = a (x - center)^2, f'(x) = 2a (x - center): the 1-D warm-up.

    Args:
        center: where the minimum is (f = 0 there); any finite float. Default 3.0.
            The plotting window is [center - 4, center + 6].
        a: the curvature factor, > 0; f'' = 2a, so L = mu = 2a. Default 1.0, the
            plain (x - center)^2.

    Examples:
        >>> from gdbook.functions import Parabola
        >>> f = Parabola(center=3.0)
        >>> f
        Parabola(center=3.0, a=1.0)
        >>> f(0.0), float(f.grad(0.0)), f.minima, f.smoothness, f.strong_convexity
        (9.0, -6.0, (3.0,), 2.0, 2.0)
    """

    name = "parabola"
    dim = 1

    def __init__(self, center: float = 3.0, a: float = 1.0) -> None:
        if not np.isfinite(center):
            raise ValueError(f"Invalid center: {center} (center must be a finite number such as 3.0)")
        if not (np.isfinite(a) and a > 0):
            raise ValueError(f"Invalid a: {a} (a must be > 0 so the parabola has a minimum; try a=1.0)")
        self.center, self.a = float(center), float(a)
        self.minima = (self.center,)
        self.window = (self.center - 4.0, self.center + 6.0)
        self.smoothness = self.strong_convexity = 2.0 * self.a

    def _f(self, x):
        return self.a * (x - self.center) ** 2

    def _df(self, x):
        return 2.0 * self.a * (x - self.center)

    def _d2f(self, x):
        return 2.0 * self.a

    def __repr__(self) -> str:
        return f"Parabola(center={_fmt(self.center)}, a={_fmt(self.a)})"


class Quadratic(Objective):
    """f(x, y) = 0.5 (x^2 + condition * y^2): an ill-conditioned bowl.

    The Hessian is diag(1, condition), so L = max(1, condition), mu = min(1, condition)
    and the condition number L / mu is ``max(condition, 1 / condition)``.

    Args:
        condition: the curvature along y relative to x, > 0. Default 10.0: a bowl that
            curves ten times more sharply in y than in x; 1.0 gives a round bowl.

    Examples:
        >>> from gdbook.functions import Quadratic
        >>> f = Quadratic(condition=10.0)
        >>> f([2.0, 1.0]), f.grad([2.0, 1.0]), f.smoothness, f.strong_convexity
        (7.0, array([ 2., 10.]), 10.0, 1.0)
    """

    name = "quadratic"
    dim = 2

    def __init__(self, condition: float = 10.0) -> None:
        if not (np.isfinite(condition) and condition > 0):
            raise ValueError(
                f"Invalid condition: {condition} (condition must be > 0; try 10.0 for an ill-conditioned bowl)"
            )
        self.condition = float(condition)
        self.minima = (np.zeros(2),)
        self.window = ((-10.0, 10.0), (-4.0, 4.0))
        self.smoothness = max(1.0, self.condition)
        self.strong_convexity = min(1.0, self.condition)

    def _f(self, x):
        u, v = _xy(x)
        return 0.5 * (u**2 + self.condition * v**2)

    def _df(self, x):
        u, v = _xy(x)
        return np.stack([u, self.condition * v], axis=-1)

    def _d2f(self, x):
        return np.diag([1.0, self.condition])

    def __repr__(self) -> str:
        return f"Quadratic(condition={_fmt(self.condition)})"


class Rosenbrock(Objective):
    """f(x, y) = (a - x)^2 + b (y - x^2)^2: a curved, narrow valley; minimum at (a, a^2).

    Args:
        a: places the minimum at (a, a^2); any finite float. Default 1.0, the minimum
            at (1, 1).
        b: how steep the valley's walls are, > 0. Default 100.0, the classic narrow
            valley; smaller b makes it easier.

    Examples:
        >>> from gdbook.functions import Rosenbrock
        >>> f = Rosenbrock()
        >>> f([1.0, 1.0]), f([0.0, 0.0]), f.grad([0.0, 0.0])
        (0.0, 1.0, array([-2.,  0.]))
    """

    name = "rosenbrock"
    dim = 2

    def __init__(self, a: float = 1.0, b: float = 100.0) -> None:
        if not np.isfinite(a):
            raise ValueError(f"Invalid a: {a} (a must be a finite number; try a=1.0)")
        if not (np.isfinite(b) and b > 0):
            raise ValueError(f"Invalid b: {b} (b must be > 0; try b=100.0)")
        self.a, self.b = float(a), float(b)
        self.minima = (np.array([self.a, self.a**2]),)
        self.window = ((-2.0, 2.0), (-1.0, 3.0))
        self.smoothness = None  # the gradient is not globally Lipschitz

    def _f(self, x):
        u, v = _xy(x)
        return (self.a - u) ** 2 + self.b * (v - u**2) ** 2

    def _df(self, x):
        u, v = _xy(x)
        dx = -2.0 * (self.a - u) - 4.0 * self.b * u * (v - u**2)
        dy = 2.0 * self.b * (v - u**2)
        return np.stack([dx, dy], axis=-1)

    def _d2f(self, x):
        u, v = x
        return np.array(
            [[2.0 - 4.0 * self.b * (v - 3.0 * u**2), -4.0 * self.b * u], [-4.0 * self.b * u, 2.0 * self.b]]
        )

    def __repr__(self) -> str:
        return f"Rosenbrock(a={_fmt(self.a)}, b={_fmt(self.b)})"


class Himmelblau(Objective):
    """f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2: four minima, all with f = 0.

    The minima are polished with Newton's method when the object is built.

    Examples:
        >>> from gdbook.functions import Himmelblau
        >>> f = Himmelblau()
        >>> len(f.minima), f([3.0, 2.0])
        (4, 0.0)
        >>> bool(max(f(m) for m in f.minima) < 1e-20)
        True
    """

    name = "himmelblau"
    dim = 2

    _GUESSES = ((3.0, 2.0), (-2.8, 3.1), (-3.8, -3.3), (3.6, -1.8))

    def __init__(self) -> None:
        self.minima = tuple(_newton(self, g) for g in self._GUESSES)
        self.window = ((-5.0, 5.0), (-5.0, 5.0))
        self.smoothness = None

    def _f(self, x):
        u, v = _xy(x)
        return (u**2 + v - 11.0) ** 2 + (u + v**2 - 7.0) ** 2

    def _df(self, x):
        u, v = _xy(x)
        a, b = u**2 + v - 11.0, u + v**2 - 7.0
        return np.stack([4.0 * u * a + 2.0 * b, 2.0 * a + 4.0 * v * b], axis=-1)

    def _d2f(self, x):
        u, v = x
        dxx = 12.0 * u**2 + 4.0 * v - 42.0
        dyy = 12.0 * v**2 + 4.0 * u - 26.0
        dxy = 4.0 * (u + v)
        return np.array([[dxx, dxy], [dxy, dyy]])


class DoubleWell(Objective):
    """f(x) = x^4 - 4x^2 + x: a deep (global) minimum on the left, a shallow one on the right.

    The two minima are the roots of f'(x) = 4x^3 - 8x + 1 with f'' > 0, found
    numerically and polished with Newton's method; ``minima[0]`` is the global one.

    Examples:
        >>> from gdbook.functions import DoubleWell
        >>> f = DoubleWell()
        >>> [round(m, 6) for m in f.minima]
        [-1.472998, 1.346997]
        >>> f(f.minima[0]) < f(f.minima[1])
        True
    """

    name = "double well"
    dim = 1

    def __init__(self) -> None:
        roots = np.sort(np.roots([4.0, 0.0, -8.0, 1.0]).real)
        self.minima = tuple(_newton(self, r) for r in roots if self._d2f(r) > 0)
        self.window = (-2.5, 2.5)
        self.smoothness = None  # f'' = 12x^2 - 8 is unbounded

    # Powers are written as products: numpy's ``power`` uses different code on different
    # CPUs (AVX-512 or not) and can differ in the last bit; products are the same everywhere.
    def _f(self, x):
        x2 = x * x
        return x2 * x2 - 4.0 * x2 + x

    def _df(self, x):
        return 4.0 * x * x * x - 8.0 * x + 1.0

    def _d2f(self, x):
        return 12.0 * x**2 - 8.0


class Saddle(Objective):
    """f(x, y) = x^2 - y^2: a critical point at the origin that is not a minimum.

    Examples:
        >>> from gdbook.functions import Saddle
        >>> f = Saddle()
        >>> f([0.0, 0.0]), f.grad([0.0, 0.0]), f.minima
        (0.0, array([ 0., -0.]), ())
    """

    name = "saddle"
    dim = 2

    def __init__(self) -> None:
        self.minima = ()
        self.window = ((-2.0, 2.0), (-2.0, 2.0))
        self.smoothness = 2.0

    def _f(self, x):
        u, v = _xy(x)
        return u**2 - v**2

    def _df(self, x):
        u, v = _xy(x)
        return np.stack([2.0 * u, -2.0 * v], axis=-1)

    def _d2f(self, x):
        return np.diag([2.0, -2.0])
