"""Three small models, each with a loss and a hand-written gradient (backprop).

A model holds no numbers itself: ``params = model.init(seed)`` makes a dict of
arrays, and ``loss(params, X, y)``, ``grad(params, X, y)``,
``loss_and_grad(params, X, y)`` and ``predict(params, X)`` take it, so an
optimizer can update the dict: ``params = opt.step(params, model.grad(params, X, y))``.

Examples:
    >>> from gdbook import data
    >>> X, y = data.noisy_line(n=50, seed=0)
    >>> model = LinearRegression(n_features=1)
    >>> params = model.init(seed=0)
    >>> sorted(params), params["w"].shape
    (['b', 'w'], (1,))
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from gdbook import _checks

__all__ = ["Model", "LinearRegression", "LogisticRegression", "MLP"]

Params = dict[str, np.ndarray]


class Model:
    """Base class: a model implements ``init``, ``loss_and_grad`` and ``predict``; ``loss`` and ``grad`` come from ``loss_and_grad``.

    Examples:
        >>> import numpy as np
        >>> from gdbook.models import LinearRegression
        >>> m = LinearRegression(n_features=2)
        >>> p = {"w": np.array([1.0, -1.0]), "b": np.array(0.5)}
        >>> m.loss(p, np.array([[1.0, 1.0]]), np.array([1.0]))
        0.25
    """

    n_features: int

    def init(self, seed: int = 0) -> Params:
        raise NotImplementedError

    def loss_and_grad(self, params: Params, X: Any, y: Any) -> tuple[float, Params]:
        raise NotImplementedError

    def loss(self, params: Params, X: Any, y: Any) -> float:
        """The loss on (X, y)."""
        return self.loss_and_grad(params, X, y)[0]

    def grad(self, params: Params, X: Any, y: Any) -> Params:
        """The gradient of the loss with respect to each parameter (same keys and shapes)."""
        return self.loss_and_grad(params, X, y)[1]

    def evaluate(self, params: Params, X: Any, y: Any) -> tuple[float, float | None]:
        """The loss and, for a classifier, the accuracy on (X, y) (``None`` otherwise): what
        ``fit`` records after every epoch. A model may compute both from one forward pass."""
        accuracy = getattr(self, "accuracy", None)
        return self.loss(params, X, y), (accuracy(params, X, y) if accuracy else None)

    def predict(self, params: Params, X: Any) -> np.ndarray:
        raise NotImplementedError

    def _X(self, X: Any) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(
                f"X has shape {X.shape} but {type(self).__name__} expects (n, {self.n_features}): "
                f"one row per example, n_features={self.n_features} columns"
            )
        return X

    def __repr__(self) -> str:
        return _checks.signature_repr(self)

    def _y(self, y: Any, X: np.ndarray, dtype: Any = np.float64) -> np.ndarray:
        y = np.asarray(y, dtype=dtype)
        if y.shape != (len(X),):
            raise ValueError(f"y has shape {y.shape} but X has {len(X)} rows; y must have shape ({len(X)},)")
        return y


class LinearRegression(Model):
    """Predict ``X @ w + b``; loss = mean squared error, mean((X @ w + b - y)^2), a mean over the examples.

    Args:
        n_features: the number of inputs, the columns of X.

    Examples:
        >>> import numpy as np
        >>> from gdbook.models import LinearRegression
        >>> X, y = np.array([[0.0], [1.0]]), np.array([1.0, 3.0])
        >>> m = LinearRegression(n_features=1)
        >>> m.loss_and_grad({"w": np.array([2.0]), "b": np.array(1.0)}, X, y)
        (0.0, {'w': array([0.]), 'b': np.float64(0.0)})
    """

    def __init__(self, n_features: int = 1) -> None:
        self.n_features = _checks.count("n_features", n_features, "the number of columns of X", minimum=1)

    def init(self, seed: int = 0) -> Params:
        """Small random weights (normal, std 0.1) and a zero bias."""
        rng = np.random.default_rng(seed)
        return {"w": 0.1 * rng.normal(size=self.n_features), "b": np.array(0.0)}

    def predict(self, params: Params, X: Any) -> np.ndarray:
        return self._X(X) @ params["w"] + params["b"]

    def loss_and_grad(self, params: Params, X: Any, y: Any) -> tuple[float, Params]:
        X = self._X(X)
        y = self._y(y, X)
        n = len(X)
        # --8<-- [start:linear]
        r = X @ params["w"] + params["b"] - y            # residuals
        loss = np.mean(r**2)
        grads = {"w": 2 / n * X.T @ r, "b": 2 / n * np.sum(r)}
        # --8<-- [end:linear]
        return float(loss), grads


def _log_sigmoid(z: np.ndarray) -> np.ndarray:
    return -np.logaddexp(0.0, -z)  # log(1 / (1 + e^-z)), without overflow


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.exp(_log_sigmoid(z))


class LogisticRegression(Model):
    """P(y = 1 | x) = sigmoid(X @ w + b); loss = mean binary cross-entropy (computed stably).

    Args:
        n_features: the number of inputs, the columns of X.

    Examples:
        >>> import numpy as np
        >>> from gdbook.models import LogisticRegression
        >>> m = LogisticRegression(n_features=1)
        >>> p = {"w": np.array([1000.0]), "b": np.array(0.0)}
        >>> m.loss(p, np.array([[1.0], [-1.0]]), np.array([1, 0]))   # confident and right: no overflow
        0.0
    """

    def __init__(self, n_features: int = 2) -> None:
        self.n_features = _checks.count("n_features", n_features, "the number of columns of X", minimum=1)

    def init(self, seed: int = 0) -> Params:
        """Small random weights (normal, std 0.1) and a zero bias."""
        rng = np.random.default_rng(seed)
        return {"w": 0.1 * rng.normal(size=self.n_features), "b": np.array(0.0)}

    def predict_proba(self, params: Params, X: Any) -> np.ndarray:
        """P(y = 1 | x) for each row of X."""
        return _sigmoid(self._X(X) @ params["w"] + params["b"])

    def predict(self, params: Params, X: Any) -> np.ndarray:
        """Labels 0/1 (probability >= 0.5 means 1)."""
        return (self._X(X) @ params["w"] + params["b"] >= 0).astype(np.int64)

    def accuracy(self, params: Params, X: Any, y: Any) -> float:
        """Fraction of examples classified correctly."""
        X = self._X(X)
        return float(np.mean(self.predict(params, X) == self._y(y, X)))

    def loss_and_grad(self, params: Params, X: Any, y: Any) -> tuple[float, Params]:
        X = self._X(X)
        y = self._y(y, X)
        n = len(X)
        # --8<-- [start:logistic]
        z = X @ params["w"] + params["b"]                # logits
        loss = np.mean(np.logaddexp(0, z) - y * z)       # = mean(-y log p - (1 - y) log(1 - p))
        dz = (_sigmoid(z) - y) / n                       # d loss / d z = (p - y) / n
        grads = {"w": X.T @ dz, "b": np.sum(dz)}
        # --8<-- [end:logistic]
        return float(loss), grads


_ACTIVATIONS = ("tanh", "relu")


class MLP(Model):
    """A multi-layer perceptron with a softmax cross-entropy loss.

    ``sizes = [inputs, hidden..., classes]``. The parameters are ``W1, b1, W2, b2, ...``
    with ``W_l`` of shape (sizes[l-1], sizes[l]); every hidden layer applies the activation,
    the last one gives the logits. Labels ``y`` are class indices 0 .. classes-1.
    The loss is the **mean** over the examples of the batch, so its gradient does not grow
    with the batch size and one learning rate serves every batch size.

    Args:
        sizes: the width of each layer, inputs first, classes last (at least 2 classes).
        activation: ``"tanh"`` or ``"relu"``, for the hidden layers.

    Examples:
        >>> import numpy as np
        >>> from gdbook.models import MLP
        >>> m = MLP([2, 8, 3])
        >>> p = m.init(seed=0)
        >>> [(k, v.shape) for k, v in p.items()]
        [('W1', (2, 8)), ('b1', (8,)), ('W2', (8, 3)), ('b2', (3,))]
        >>> X = np.zeros((4, 2)); y = np.array([0, 1, 2, 0])
        >>> round(m.loss(p, X, y), 4)   # zero inputs: uniform guess, loss = log(3)
        1.0986
    """

    def __init__(self, sizes: Sequence[int], activation: str = "tanh") -> None:
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"Invalid sizes: {sizes!r} (give at least [inputs, classes], e.g. [2, 16, 3])")
        for s in sizes:
            _checks.count("sizes entry", s, "each layer needs at least one unit, e.g. sizes=[2, 16, 3]", minimum=1)
        if sizes[-1] < 2:
            raise ValueError(f"Invalid sizes: {sizes!r} (the last layer is the number of classes and must be >= 2)")
        self.sizes = [int(s) for s in sizes]
        self.activation = _checks.choice("activation", activation, _ACTIVATIONS)
        self.n_features = self.sizes[0]
        self.layers = len(self.sizes) - 1

    def init(self, seed: int = 0) -> Params:
        """Weights normal with variance 1/fan_in (tanh) or 2/fan_in (relu, He et al.); biases zero."""
        rng = np.random.default_rng(seed)
        gain = 2.0 if self.activation == "relu" else 1.0
        params: Params = {}
        for l, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]), start=1):
            params[f"W{l}"] = rng.normal(scale=np.sqrt(gain / fan_in), size=(fan_in, fan_out))
            params[f"b{l}"] = np.zeros(fan_out)
        return params

    def n_params(self) -> int:
        """How many numbers the parameters hold.

        Examples:
            >>> from gdbook.models import MLP
            >>> MLP([64, 1024, 1024, 10]).n_params()
            1126410
        """
        return sum(a * b + b for a, b in zip(self.sizes[:-1], self.sizes[1:]))

    def forward(self, params: Params, X: Any) -> list[np.ndarray]:
        """Every layer's output, ``[X, a1, a2, ..., logits]``: what backprop needs."""
        acts = [self._X(X)]
        # --8<-- [start:mlp_forward]
        for l in range(1, self.layers + 1):
            z = acts[-1] @ params[f"W{l}"] + params[f"b{l}"]
            if l < self.layers:
                z = np.tanh(z) if self.activation == "tanh" else np.maximum(z, 0.0)
            acts.append(z)                                # a_l (the last one: the logits)
        # --8<-- [end:mlp_forward]
        return acts

    def logits(self, params: Params, X: Any) -> np.ndarray:
        """The scores before the softmax, shape (n, classes)."""
        return self.forward(params, X)[-1]

    def predict_proba(self, params: Params, X: Any) -> np.ndarray:
        """Softmax probabilities, shape (n, classes)."""
        return np.exp(_log_softmax(self.logits(params, X)))

    def predict(self, params: Params, X: Any) -> np.ndarray:
        """The most likely class for each row."""
        return np.argmax(self.logits(params, X), axis=1)

    def accuracy(self, params: Params, X: Any, y: Any) -> float:
        """Fraction of examples classified correctly."""
        X = self._X(X)
        return float(np.mean(self.predict(params, X) == self._y(y, X, np.int64)))

    def _labels(self, y: Any, X: np.ndarray) -> np.ndarray:
        y = self._y(y, X, np.int64)
        if y.size and (y.min() < 0 or y.max() >= self.sizes[-1]):
            raise ValueError(
                f"labels must be class indices 0 .. {self.sizes[-1] - 1}, got values from {y.min()} to {y.max()}"
            )
        return y

    def loss(self, params: Params, X: Any, y: Any) -> float:
        """The mean cross-entropy on (X, y): a forward pass only."""
        return self.evaluate(params, X, y)[0]

    def evaluate(self, params: Params, X: Any, y: Any) -> tuple[float, float]:
        """The mean cross-entropy and the accuracy on (X, y), from one forward pass."""
        X = self._X(X)
        y = self._labels(y, X)
        logits = self.logits(params, X)
        log_p = _log_softmax(logits)
        loss = -np.mean(log_p[np.arange(len(X)), y])
        return float(loss), float(np.mean(np.argmax(logits, axis=1) == y))

    def loss_and_grad(self, params: Params, X: Any, y: Any) -> tuple[float, Params]:
        X = self._X(X)
        y = self._labels(y, X)
        n = len(X)
        acts = self.forward(params, X)
        log_p = _log_softmax(acts[-1])
        loss = -np.mean(log_p[np.arange(n), y])
        # --8<-- [start:mlp_backprop]
        dz = np.exp(log_p)                                # softmax probabilities ...
        dz[np.arange(n), y] -= 1                          # ... minus one-hot labels
        dz /= n                                           # d loss / d logits (the loss is a mean)
        grads = {}
        for l in range(self.layers, 0, -1):               # backwards through the layers
            grads[f"W{l}"] = acts[l - 1].T @ dz
            grads[f"b{l}"] = dz.sum(axis=0)
            if l > 1:
                da = dz @ params[f"W{l}"].T               # d loss / d a_(l-1)
                a = acts[l - 1]
                dz = da * (1 - a * a) if self.activation == "tanh" else da * (a > 0)   # times the activation's slope
        # --8<-- [end:mlp_backprop]
        return float(loss), {k: grads[k] for k in params}


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    """log of the softmax of each row, computed without overflow."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
