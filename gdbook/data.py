"""Data: one real data set (handwritten digits), small synthetic ones made from a seed,
a seeded train/test split, and the batch iterator.

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

import json
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from gdbook import _checks

__all__ = ["digits", "torch_training", "train_test_split", "noisy_line", "linear_regression", "two_blobs", "two_moons", "spirals", "batches"]


_DIGITS = Path(__file__).parent / "datasets" / "digits.csv.gz"


def digits(scale: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The UCI handwritten digits: 1,797 scans of 8x8 pixels, labels 0-9 (shipped with gdbook).

    The set scikit-learn ships as ``load_digits`` (E. Alpaydin and C. Kaynak, 1998; the test
    set of UCI's "Optical Recognition of Handwritten Digits", CC BY 4.0; see
    ``gdbook/datasets/README.md``). Each row of ``X`` is one image, read row by row.

    Args:
        scale: divide the pixel values (0 to 16) by 16, so they lie in [0, 1].

    Returns:
        ``X`` of shape (1797, 64), float64, and ``y`` of shape (1797,), int64.

    Examples:
        >>> import numpy as np
        >>> from gdbook.data import digits
        >>> X, y = digits()
        >>> X.shape, y.shape, float(X.max()), np.bincount(y).tolist()[:3]
        ((1797, 64), (1797,), 1.0, [178, 182, 177])
    """
    table = np.loadtxt(_DIGITS, delimiter=",", dtype=np.int64)
    X, y = table[:, :-1].astype(np.float64), table[:, -1]
    return (X / 16.0 if scale else X), y


_TORCH_TRAINING = Path(__file__).parent / "datasets" / "torch_training.json"


def torch_training() -> dict[str, Any]:
    """A training run recorded once with PyTorch (shipped with gdbook), to compare ``gdbook.fit`` with.

    A 64-32-10 tanh MLP on :func:`digits` (``train_test_split(X, y, test_size=0.25, seed=0)``,
    weights ``MLP.init(seed=0)``, batches of 64 shuffled with seed ``epoch``, as ``fit(..., seed=0)``
    draws them), trained for five epochs in float64 with torch 2.13, once with
    ``SGD(lr=0.1, momentum=0.9)`` and once with ``Adam(lr=0.001)``: the training and validation loss
    before training and after each epoch. Written by ``scripts/record_torch_reference.py``.

    Returns:
        ``{"torch_version": ..., "setup": {...}, "cases": [{"optimizer", "kwargs", "losses", "val_losses"}, ...]}``

    Examples:
        >>> from gdbook.data import torch_training
        >>> run = torch_training()
        >>> run["torch_version"], [case["optimizer"] for case in run["cases"]], len(run["cases"][0]["losses"])
        ('2.13.0+cpu', ['SGD', 'Adam'], 6)
    """
    return json.loads(_TORCH_TRAINING.read_text(encoding="utf-8"))


def train_test_split(X: Any, y: Any, test_size: float = 0.25, seed: int = 0) -> tuple[np.ndarray, ...]:
    """Shuffle the examples (seeded) and split them: ``X_train, X_test, y_train, y_test``.

    Args:
        X: the inputs, one row per example.
        y: the targets or labels, one per row of X.
        test_size: the fraction of examples held out, strictly between 0 and 1.
        seed: the seed of the shuffle; the same seed gives the same split.

    Examples:
        >>> import numpy as np
        >>> from gdbook.data import train_test_split
        >>> X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
        >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3)
        >>> X_train.shape, X_test.shape, sorted(y_train.tolist() + y_test.tolist()) == list(range(10))
        ((7, 2), (3, 2), True)
    """
    X, y = _examples(X, y)
    test_size = _checks.unit_interval("test_size", test_size, "try test_size=0.25", low_open=True, high_open=True)
    n_test = int(np.ceil(test_size * len(X)))
    if n_test >= len(X):
        raise ValueError(f"Invalid test_size: {test_size!r} leaves no training examples out of {len(X)}; "
                         "try a smaller test_size")
    order = np.random.default_rng(seed).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def _examples(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """X and y as arrays with one row per example, checked."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError("X and y must be arrays with one row per example, e.g. X of shape (n, d) and y of shape (n,)")
    if len(X) == 0:
        raise ValueError("the data set is empty (X has no rows)")
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}; they must have one row per example")
    return X, y


def noisy_line(n: int = 50, slope: float = 2.0, intercept: float = 1.0, noise: float = 0.5,
               seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points near the line y = slope * x + intercept, x uniform in [-1, 1]; X has shape (n, 1).

    Examples:
        >>> import numpy as np
        >>> from gdbook.data import noisy_line
        >>> X, y = noisy_line(n=3, noise=0.0)
        >>> np.allclose(y, 2.0 * X[:, 0] + 1.0)
        True
    """
    n = _checks.count("n", n, "try n=50", minimum=1)
    noise = _checks.nonneg("noise", noise, "try noise=0.5")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=n)
    y = slope * x + intercept + noise * rng.normal(size=n)
    return x[:, None], y


def linear_regression(n: int = 100, d: int = 3, noise: float = 0.1, seed: int = 0,
                      coef: bool = False) -> Any:
    """y = X @ w + b + noise, with X standard normal of shape (n, d) and random true w, b.

    With ``coef=True`` also returns the true ``(w, b)``: ``X, y, (w, b)``.

    Examples:
        >>> import numpy as np
        >>> from gdbook.data import linear_regression
        >>> X, y, (w, b) = linear_regression(n=4, d=2, noise=0.0, coef=True)
        >>> np.allclose(y, X @ w + b)
        True
    """
    n = _checks.count("n", n, "try n=100", minimum=1)
    d = _checks.count("d", d, "try d=3", minimum=1)
    noise = _checks.nonneg("noise", noise, "try noise=0.1")
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
        >>> import numpy as np
        >>> from gdbook.data import two_blobs
        >>> X, y = two_blobs(n=10)
        >>> X.shape, np.bincount(y).tolist()
        ((10, 2), [5, 5])
    """
    n = _checks.count("n", n, "try n=100", minimum=2)
    std = _checks.nonneg("std", std, "try std=1.0")
    rng = np.random.default_rng(seed)
    sizes = _split(n, 2)
    centres = np.array([[-distance / 2, 0.0], [distance / 2, 0.0]])
    X = np.concatenate([centres[c] + std * rng.normal(size=(k, 2)) for c, k in enumerate(sizes)])
    y = np.repeat(np.arange(2), sizes)
    return _shuffled(rng, X, y)


def two_moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (not linearly separable), labels 0 and 1.

    Examples:
        >>> import numpy as np
        >>> from gdbook.data import two_moons
        >>> X, y = two_moons(n=10, noise=0.0)
        >>> bool(np.allclose(np.linalg.norm(X[y == 0], axis=1), 1.0))
        True
    """
    n = _checks.count("n", n, "try n=100", minimum=2)
    noise = _checks.nonneg("noise", noise, "try noise=0.1")
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
        >>> import numpy as np
        >>> from gdbook.data import spirals
        >>> X, y = spirals(n=30, classes=3)
        >>> X.shape, np.bincount(y).tolist()
        ((30, 2), [10, 10, 10])
    """
    n = _checks.count("n", n, "try n=300", minimum=1)
    classes = _checks.count("classes", classes, "try classes=3", minimum=2)
    noise = _checks.nonneg("noise", noise, "try noise=0.2")
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
        >>> import numpy as np
        >>> from gdbook.data import batches
        >>> X, y = np.arange(10.0)[:, None], np.arange(10.0)
        >>> [yb.tolist() for _, yb in batches(X, y, batch_size=4, shuffle=False)]
        [[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0]]
        >>> [len(yb) for _, yb in batches(X, y, batch_size=4, drop_last=True)]
        [4, 4]
    """
    X, y = _examples(X, y)
    n = len(X)
    _checks.count("batch_size", batch_size, f"n={n} for batch gradient descent, 1 for stochastic, "
                  "something in between for mini-batches", minimum=1)
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
