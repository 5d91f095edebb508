"""Small synthetic data sets, made in code from a seed, and the batch iterator.

Every function returns ``(X, y)`` with ``X`` of shape ``(n, d)`` (float64) and
``y`` of shape ``(n,)``: float64 targets for regression, int64 class labels
(0, 1, ...) for classification. The same seed gives the same bytes.

``batches`` defines the three flavours of gradient descent by its batch size:
``batch_size = n`` is (full-)batch gradient descent, ``batch_size = 1`` is
stochastic gradient descent, anything in between is mini-batch.

Examples:
    >>> X, y = noisy_line(n=5, seed=0)
    >>> X.shape, y.shape
    ((5, 1), (5,))
    >>> [len(yb) for Xb, yb in batches(X, y, batch_size=2)]
    [2, 2, 1]
"""

from __future__ import annotations

from typing import Any, Iterator

import numpy as np

__all__ = ["noisy_line", "linear_regression", "two_blobs", "two_moons", "spirals", "batches"]


def _count(name: str, value: Any, minimum: int, hint: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"Invalid {name}: {value!r} ({name} must be an int >= {minimum}; {hint})")
    return int(value)


def _scale(name: str, value: Any, hint: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = float("nan")
    if not (v >= 0 and np.isfinite(v)):
        raise ValueError(f"Invalid {name}: {value!r} ({name} must be a number >= 0; {hint})")
    return v


def noisy_line(n: int = 50, slope: float = 2.0, intercept: float = 1.0, noise: float = 0.5,
               seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points near the line y = slope * x + intercept, x uniform in [-1, 1]; X has shape (n, 1).

    Examples:
        >>> X, y = noisy_line(n=3, noise=0.0)
        >>> np.allclose(y, 2.0 * X[:, 0] + 1.0)
        True
    """
    n = _count("n", n, 1, "try n=50")
    noise = _scale("noise", noise, "try noise=0.5")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=n)
    y = slope * x + intercept + noise * rng.normal(size=n)
    return x[:, None], y


def linear_regression(n: int = 100, d: int = 3, noise: float = 0.1, seed: int = 0,
                      coef: bool = False) -> Any:
    """y = X @ w + b + noise, with X standard normal of shape (n, d) and random true w, b.

    With ``coef=True`` also returns the true ``(w, b)``: ``X, y, (w, b)``.

    Examples:
        >>> X, y, (w, b) = linear_regression(n=4, d=2, noise=0.0, coef=True)
        >>> np.allclose(y, X @ w + b)
        True
    """
    n = _count("n", n, 1, "try n=100")
    d = _count("d", d, 1, "try d=3")
    noise = _scale("noise", noise, "try noise=0.1")
    rng = np.random.default_rng(seed)
    w = rng.normal(size=d)
    b = float(rng.normal())
    X = rng.normal(size=(n, d))
    y = X @ w + b + noise * rng.normal(size=n)
    return (X, y, (w, b)) if coef else (X, y)


def _shuffled(rng: np.random.Generator, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = rng.permutation(len(y))
    return X[order], y[order]


def _split(n: int, classes: int) -> list[int]:
    return [n // classes + (1 if c < n % classes else 0) for c in range(classes)]


def two_blobs(n: int = 100, distance: float = 3.0, std: float = 1.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian clouds in 2-D, centres ``distance`` apart, labels 0 and 1.

    Examples:
        >>> X, y = two_blobs(n=10)
        >>> X.shape, np.bincount(y).tolist()
        ((10, 2), [5, 5])
    """
    n = _count("n", n, 2, "try n=100")
    std = _scale("std", std, "try std=1.0")
    rng = np.random.default_rng(seed)
    sizes = _split(n, 2)
    centres = np.array([[-distance / 2, 0.0], [distance / 2, 0.0]])
    X = np.concatenate([centres[c] + std * rng.normal(size=(k, 2)) for c, k in enumerate(sizes)])
    y = np.repeat(np.arange(2), sizes)
    return _shuffled(rng, X, y)


def two_moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (not linearly separable), labels 0 and 1.

    Examples:
        >>> X, y = two_moons(n=10, noise=0.0)
        >>> bool(np.allclose(np.linalg.norm(X[y == 0], axis=1), 1.0))
        True
    """
    n = _count("n", n, 2, "try n=100")
    noise = _scale("noise", noise, "try noise=0.1")
    rng = np.random.default_rng(seed)
    n0, n1 = _split(n, 2)
    a0 = np.linspace(0.0, np.pi, n0)
    a1 = np.linspace(0.0, np.pi, n1)
    upper = np.stack([np.cos(a0), np.sin(a0)], axis=1)
    lower = np.stack([1.0 - np.cos(a1), 0.5 - np.sin(a1)], axis=1)
    X = np.concatenate([upper, lower]) + noise * rng.normal(size=(n, 2))
    y = np.repeat(np.arange(2), [n0, n1])
    return _shuffled(rng, X, y)


def spirals(n: int = 300, classes: int = 3, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms in 2-D (n points in total), labels 0 .. classes-1.

    Examples:
        >>> X, y = spirals(n=30, classes=3)
        >>> X.shape, np.bincount(y).tolist()
        ((30, 2), [10, 10, 10])
    """
    n = _count("n", n, 1, "try n=300")
    classes = _count("classes", classes, 2, "try classes=3")
    noise = _scale("noise", noise, "try noise=0.2")
    rng = np.random.default_rng(seed)
    parts = []
    for c, k in enumerate(_split(n, classes)):
        r = np.linspace(0.0, 1.0, k)
        theta = np.linspace(c * 4.0, (c + 1) * 4.0, k) + noise * rng.normal(size=k)
        parts.append(np.stack([r * np.sin(theta), r * np.cos(theta)], axis=1))
    X = np.concatenate(parts)
    y = np.repeat(np.arange(classes), _split(n, classes))
    return _shuffled(rng, X, y)


def batches(X: Any, y: Any, batch_size: int, shuffle: bool = True, seed: int = 0,
            drop_last: bool = False) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """One epoch of ``(Xb, yb)`` batches; the last, smaller batch is kept unless ``drop_last``.

    The arguments are checked when you call it (not at the first batch).

    Examples:
        >>> X, y = np.arange(10.0)[:, None], np.arange(10.0)
        >>> [yb.tolist() for _, yb in batches(X, y, batch_size=4, shuffle=False)]
        [[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0]]
        >>> [len(yb) for _, yb in batches(X, y, batch_size=4, drop_last=True)]
        [4, 4]
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError("X and y must be arrays with one row per example, e.g. X of shape (n, d) and y of shape (n,)")
    n = len(X)
    if n == 0:
        raise ValueError("the data set is empty (X has no rows); nothing to make batches from")
    if len(y) != n:
        raise ValueError(f"X has {n} rows but y has {len(y)}; they must have one row per example")
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(
            f"Invalid batch_size: {batch_size!r} (batch_size must be an int >= 1: n={n} for batch gradient descent, "
            f"1 for stochastic, something in between for mini-batches)"
        )
    if drop_last and batch_size > n:
        raise ValueError(
            f"Invalid batch_size: {batch_size} is larger than the data set (n={n}) and drop_last=True, "
            f"so there would be no batch at all; use batch_size <= {n} or drop_last=False"
        )
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n

    def _epoch() -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for start in range(0, stop, batch_size):
            idx = order[start:start + batch_size]
            yield X[idx], y[idx]

    return _epoch()
