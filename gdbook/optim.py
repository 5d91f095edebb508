"""Optimizers with PyTorch's names, hyperparameters, defaults and numbers.

``new_params = opt.step(params, grads)`` takes the parameters and their gradients
and returns the updated parameters. It never modifies its inputs.

* ``params`` is one array (or a float), or a dict of arrays; ``grads`` has the
  same structure, keys and shapes.
* Everything is computed in float64. A scalar (float, numpy scalar or 0-d
  array) comes back as ``np.float64``; an array comes back as a new float64
  array of the same shape; a dict comes back as a new dict with the same keys.
* The optimizer remembers what it needs (momentum buffers, running averages)
  per key, and ``opt.t`` counts the steps taken; ``opt.reset()`` forgets it all.
* ``lr`` is a float or a schedule (any callable ``t -> lr``, see
  ``gdbook.schedules``); ``opt.lr_at(t)`` is the learning rate of step t (from 0).

Each rule is the ``update`` method of its class, written on whole arrays the way
the formula reads, and nowhere else. A new optimizer is a small class with
``init_state`` (its buffers, all zeros) and ``update``.

Examples:
    >>> opt = SGD(lr=0.1)
    >>> opt.step(8.0, 10.0)
    np.float64(7.0)
    >>> opt.t
    1
"""

from __future__ import annotations

import math
from typing import Any, Callable, Union

import numpy as np

from gdbook import _checks

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adam", "AdamW"]

Params = Union[float, np.ndarray, dict[str, np.ndarray]]
LR = Union[float, Callable[[int], float]]
State = dict[str, np.ndarray]

_DECAY_HINT = "try 0, or a small value such as 1e-4"


_F64 = np.dtype(np.float64)


def _float64(a: Any) -> np.ndarray:
    """``a`` as a float64 array (itself when it already is one)."""
    return a if type(a) is np.ndarray and a.dtype is _F64 else np.asarray(a, dtype=np.float64)


def _finite(g: np.ndarray) -> bool:
    """True when every entry of g is finite (small arrays: in Python, faster than a ufunc call;
    a sum is finite when every entry is, unless it overflows, and then each entry is looked at)."""
    if g.size > 64:
        return bool(np.isfinite(g).all())
    entries = g.tolist() if g.ndim == 1 else g.ravel().tolist()
    return math.isfinite(sum(entries)) or all(map(math.isfinite, entries))


def _where(key: Any) -> str:
    return "the gradient" if key is None else f"grads[{key!r}]"


def _name(key: Any) -> str:
    return "params" if key is None else f"params[{key!r}]"


class Optimizer:
    """Base class: the bookkeeping around an update rule (structure, checks, state, step count).

    A subclass implements two methods:

    * ``init_state(p)``: its buffers for one parameter array, e.g. ``{"m": zeros, "v": zeros}``;
    * ``update(p, g, lr, t, state)``: the rule. It reads the buffers from ``state``,
      returns the new parameters and a new dict of new buffers, and changes nothing it
      was given (``t`` counts this parameter's steps from 1).

    ``step`` checks every gradient, computes every new value, and only then stores
    the new buffers: a step that raises leaves the optimizer as it was.
    ``opt.state[key]`` holds ``"step"`` and the buffers of each parameter, as torch's
    ``opt.state[p]`` does (key ``None`` when params is a single array).

    Args:
        lr: the learning rate, a number >= 0 or a schedule ``t -> lr``.
        maximize: climb the objective instead of descending it.

    Examples:
        >>> import numpy as np
        >>> from gdbook.optim import SGD
        >>> opt = SGD(lr=0.5)
        >>> opt.step({"w": np.array([1.0, 2.0])}, {"w": np.array([2.0, 2.0])})
        {'w': array([0., 1.])}
    """

    def __init__(self, lr: LR, maximize: bool = False) -> None:
        self.lr = lr if callable(lr) else _checks.nonneg(
            "lr", lr, "try a small positive value such as 0.01", what="learning rate")
        self.maximize = bool(maximize)
        self.reset()

    # -- provided by each optimizer -----------------------------------------
    def init_state(self, p: np.ndarray) -> State:
        """The buffers this rule keeps for a parameter shaped like ``p`` (none by default)."""
        return {}

    def update(self, p: np.ndarray, g: np.ndarray, lr: float, t: int, state: State) -> tuple[np.ndarray, State]:
        """The rule: new parameters and new buffers from ``p``, its gradient ``g`` and the buffers."""
        raise NotImplementedError

    # -- public API ----------------------------------------------------------
    def lr_at(self, t: int) -> float:
        """The learning rate used by step ``t`` (counting from 0).

        Examples:
            >>> from gdbook.optim import SGD
            >>> SGD(lr=0.1).lr_at(5)
            0.1
        """
        if not callable(self.lr):
            return self.lr
        lr = float(self.lr(t))
        if not (lr >= 0.0 and math.isfinite(lr)):
            raise ValueError(
                f"Invalid learning rate: {lr!r} from the schedule at step {t} (lr must be >= 0 and finite; "
                f"check the schedule's arguments)"
            )
        return lr

    def reset(self) -> None:
        """Forget all state: the next step behaves like the first step of a fresh optimizer.

        Examples:
            >>> from gdbook.optim import SGD
            >>> opt = SGD(lr=0.1, momentum=0.9)
            >>> _ = opt.step(1.0, 1.0); opt.reset(); opt.t
            0
        """
        self.t = 0
        self.state: dict[Any, dict[str, Any]] = {}
        self._shapes: dict[Any, tuple[int, ...]] = {}   # the shape of each parameter, seen at its first step

    def step(self, params: Params, grads: Params) -> Any:
        """Return the parameters after one step; ``params`` and ``grads`` are untouched.

        Examples:
            >>> import numpy as np
            >>> from gdbook.optim import Adam
            >>> Adam(lr=0.1).step(np.array([1.0, -1.0]), np.array([3.0, -0.5]))
            array([ 0.9, -0.9])
        """
        single = not isinstance(params, dict)
        if single != (not isinstance(grads, dict)):
            raise ValueError(
                "params and grads must have the same structure: both one array, or both dicts with the same keys"
            )
        if single:
            params, grads = {None: params}, {None: grads}
        elif grads.keys() != params.keys():
            missing = [k for k in params if k not in grads]
            extra = [k for k in grads if k not in params]
            raise ValueError(
                f"grads and params have different keys: missing in grads {missing}, extra in grads {extra}; "
                f"give one gradient per parameter, with the same keys"
            )
        lr = self.lr_at(self.t) if callable(self.lr) else self.lr
        checked = [(k, self._check(k, p, grads[k])) for k, p in params.items()]    # 1. check every key
        updates = []
        for k, (p, g) in checked:                                                # 2. compute every update
            state = self.state.get(k) or {"step": 0, **self.init_state(p)}
            t = state["step"] + 1
            new_p, buffers = self.update(p, -g if self.maximize else g, lr, t, state)
            buffers["step"] = t
            updates.append((k, new_p, buffers, p.shape))
        new = {}
        for k, new_p, buffers, shape in updates:                                 # 3. only now keep them
            self.state[k], self._shapes[k] = buffers, shape
            new[k] = np.float64(new_p) if new_p.ndim == 0 else new_p
        self.t += 1
        return new[None] if single else new

    def _check(self, key: Any, p: Any, g: Any) -> tuple[np.ndarray, np.ndarray]:
        p, g = _float64(p), _float64(g)
        if p.shape != g.shape:
            raise ValueError(
                f"{_where(key)} has shape {g.shape} but {_name(key)} has shape {p.shape}; "
                f"a gradient must have the same shape as its parameter"
            )
        if not _finite(g):
            index = tuple(int(i) for i in np.argwhere(~np.isfinite(g))[0])
            where = f" at index {index}" if g.ndim else ""
            raise ValueError(
                f"{_where(key)} has a non-finite entry {g[index]}{where} at step {self.t} (counting from 0); "
                f"the iterates are probably diverging: try a smaller learning rate (e.g. 10x smaller)"
            )
        shape = self._shapes.get(key, p.shape)
        if shape != p.shape:
            raise ValueError(
                f"{_name(key)} has shape {p.shape} but the optimizer's state for it has shape {shape}; "
                f"call opt.reset() (or make a new optimizer) when you start a new problem"
            )
        return p, g

    def __repr__(self) -> str:
        return _checks.signature_repr(self)


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum, like ``torch.optim.SGD``.

    ``b`` is torch's ``momentum_buffer``: an exponentially weighted sum of past
    gradients (``b = beta * b + g``, with beta = ``momentum``; the first step sets ``b = g``).

    Args:
        lr: the learning rate (a number >= 0 or a schedule ``t -> lr``).
        momentum: beta, the weight of the previous buffer (0 = plain gradient descent; 0.9 is usual).
        dampening: scales the new gradient in the buffer by ``1 - dampening`` (torch's option; 0 is usual).
        weight_decay: L2 penalty: ``weight_decay * p`` is added to the gradient.
        nesterov: use Sutskever's Nesterov momentum, ``g + beta * b`` (needs momentum > 0 and dampening = 0).
        maximize: climb the objective instead of descending it.

    Examples:
        >>> from gdbook.optim import SGD
        >>> opt = SGD(lr=0.1, momentum=0.9)
        >>> x = opt.step(8.0, 10.0); x
        np.float64(7.0)
        >>> opt.step(x, 8.0)                 # b = 0.9 * 10 + 8 = 17
        np.float64(5.3)
    """

    def __init__(self, lr: LR = 1e-3, momentum: float = 0.0, dampening: float = 0.0, weight_decay: float = 0.0,
                 nesterov: bool = False, maximize: bool = False) -> None:
        super().__init__(lr, maximize)
        self.momentum = _checks.nonneg("momentum", momentum, "try 0.9, or 0 for no momentum", what="momentum value")
        self.dampening = _checks.number("dampening", dampening, "try 0", what="dampening value")
        self.weight_decay = _checks.nonneg("weight_decay", weight_decay, _DECAY_HINT, what="weight_decay value")
        self.nesterov = bool(nesterov)
        if self.nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError(
                f"Nesterov momentum requires a momentum and zero dampening (got momentum={momentum!r}, "
                f"dampening={dampening!r}); try momentum=0.9, dampening=0"
            )

    def init_state(self, p):
        return {"b": np.zeros(p.shape)} if self.momentum != 0 else {}

    def update(self, p, g, lr, t, state):
        momentum, dampening, weight_decay, nesterov = self.momentum, self.dampening, self.weight_decay, self.nesterov
        new = {}
        # --8<-- [start:sgd]
        if weight_decay != 0:
            g = g + weight_decay * p                      # L2 penalty
        if momentum != 0:
            if t == 1:
                b = g.copy()                              # the buffer starts as the first gradient
            elif dampening == 0:
                b = momentum * state["b"] + g             # an exponentially weighted sum of gradients
            else:
                b = momentum * state["b"] + (1 - dampening) * g
            new["b"] = b
            g = g + momentum * b if nesterov else b
        p = p - lr * g
        # --8<-- [end:sgd]
        return p, new


class Adagrad(Optimizer):
    """Adagrad, like ``torch.optim.Adagrad``: each coordinate's step shrinks with its gradient history.

    ``s`` is torch's ``sum``: the running sum of squared gradients.

    Args:
        lr: the learning rate (a number >= 0 or a schedule ``t -> lr``).
        lr_decay: the rate is ``lr / (1 + (t - 1) * lr_decay)`` at step t.
        weight_decay: L2 penalty: ``weight_decay * p`` is added to the gradient.
        initial_accumulator_value: where the sum of squares starts.
        eps: added to the denominator, so a zero gradient history does not divide by zero.
        maximize: climb the objective instead of descending it.

    Examples:
        >>> import numpy as np
        >>> from gdbook.optim import Adagrad
        >>> opt = Adagrad(lr=0.1)
        >>> opt.step(np.array([1.0, 1.0]), np.array([2.0, -0.5]))   # first step: lr * sign(g)
        array([0.9, 1.1])
    """

    def __init__(self, lr: LR = 1e-2, lr_decay: float = 0.0, weight_decay: float = 0.0,
                 initial_accumulator_value: float = 0.0, eps: float = 1e-10, maximize: bool = False) -> None:
        super().__init__(lr, maximize)
        self.lr_decay = _checks.nonneg("lr_decay", lr_decay, "try 0, or a small value such as 1e-3",
                                       what="lr_decay value")
        self.weight_decay = _checks.nonneg("weight_decay", weight_decay, _DECAY_HINT, what="weight_decay value")
        self.initial_accumulator_value = _checks.nonneg(
            "initial_accumulator_value", initial_accumulator_value, "try 0",
            what="initial_accumulator_value value")
        self.eps = _checks.nonneg("eps", eps, "try 1e-10", what="epsilon value")

    def init_state(self, p):
        return {"s": np.full(p.shape, self.initial_accumulator_value)}

    def update(self, p, g, lr, t, state):
        lr_decay, weight_decay, eps = self.lr_decay, self.weight_decay, self.eps
        # --8<-- [start:adagrad]
        if weight_decay != 0:
            g = g + weight_decay * p                      # L2 penalty
        clr = lr / (1 + (t - 1) * lr_decay)               # decayed learning rate
        s = state["s"] + g * g                            # sum of squared gradients
        p = p - clr * g / (np.sqrt(s) + eps)
        # --8<-- [end:adagrad]
        return p, {"s": s}


class RMSprop(Optimizer):
    """RMSprop, like ``torch.optim.RMSprop`` (no bias correction).

    ``sq`` is torch's ``square_avg``, ``ga`` its ``grad_avg`` (centered only),
    ``b`` its ``momentum_buffer``.

    Args:
        lr: the learning rate (a number >= 0 or a schedule ``t -> lr``).
        alpha: the decay of the running mean of squared gradients.
        eps: added to the denominator (outside the square root, as in torch).
        weight_decay: L2 penalty: ``weight_decay * p`` is added to the gradient.
        momentum: momentum applied to the scaled step (0 = none).
        centered: divide by an estimate of the gradient's standard deviation instead of its RMS.
        maximize: climb the objective instead of descending it.

    Examples:
        >>> import numpy as np
        >>> from gdbook.optim import RMSprop
        >>> opt = RMSprop(lr=0.01)
        >>> opt.step(np.array([1.0]), np.array([2.0]))   # first step: 0.01 * 2 / sqrt(0.01 * 4)
        array([0.9])
    """

    def __init__(self, lr: LR = 1e-2, alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0.0,
                 momentum: float = 0.0, centered: bool = False, maximize: bool = False) -> None:
        super().__init__(lr, maximize)
        self.alpha = _checks.nonneg("alpha", alpha, "try 0.99", what="alpha value")
        self.eps = _checks.nonneg("eps", eps, "try 1e-8", what="epsilon value")
        self.weight_decay = _checks.nonneg("weight_decay", weight_decay, _DECAY_HINT, what="weight_decay value")
        self.momentum = _checks.nonneg("momentum", momentum, "try 0.9, or 0 for no momentum", what="momentum value")
        self.centered = bool(centered)

    def init_state(self, p):
        names = ["sq"] + ["ga"] * self.centered + ["b"] * (self.momentum > 0)
        return {name: np.zeros(p.shape) for name in names}

    def update(self, p, g, lr, t, state):
        alpha, eps, weight_decay, momentum, centered = self.alpha, self.eps, self.weight_decay, self.momentum, self.centered
        new = {}
        # --8<-- [start:rmsprop]
        if weight_decay != 0:
            g = g + weight_decay * p                      # L2 penalty
        sq = new["sq"] = alpha * state["sq"] + (1 - alpha) * g * g        # running mean of g^2
        if centered:
            ga = new["ga"] = alpha * state["ga"] + (1 - alpha) * g        # running mean of g
            avg = np.sqrt(sq - ga * ga) + eps             # ~ standard deviation of g
        else:
            avg = np.sqrt(sq) + eps                       # root mean square of g
        if momentum > 0:
            b = new["b"] = momentum * state["b"] + g / avg
            p = p - lr * b
        else:
            p = p - lr * g / avg
        # --8<-- [end:rmsprop]
        return p, new


class Adam(Optimizer):
    """Adam, like ``torch.optim.Adam``: momentum plus a per-coordinate step size.

    ``m`` and ``v`` are torch's ``exp_avg`` and ``exp_avg_sq``; ``vmax`` is
    ``max_exp_avg_sq`` (amsgrad only). ``weight_decay`` here is an L2 penalty
    that goes through ``m`` and ``v``; for decoupled decay use ``AdamW``.

    Args:
        lr: the learning rate (a number >= 0 or a schedule ``t -> lr``).
        betas: (beta1, beta2), the decays of the running means of g and of g^2, each in [0, 1).
        eps: added to the denominator (after the square root, as in torch).
        weight_decay: L2 penalty: ``weight_decay * p`` is added to the gradient.
        amsgrad: divide by the largest ``v`` so far (Reddi et al., 2018).
        maximize: climb the objective instead of descending it.

    Examples:
        >>> import numpy as np
        >>> from gdbook.optim import Adam
        >>> opt = Adam(lr=0.1)
        >>> opt.step(np.array([1.0, 1.0]), np.array([0.5, 1000.0]))   # the first step is ~lr for any gradient
        array([0.9, 0.9])
    """

    decoupled = False  # AdamW: the weight decay shrinks p instead of going through the gradient

    def __init__(self, lr: LR = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, amsgrad: bool = False, maximize: bool = False) -> None:
        super().__init__(lr, maximize)
        b1, b2 = _checks.pair("betas", betas, "try betas=(0.9, 0.999)")
        for i, (b, hint) in enumerate(((b1, "try 0.9"), (b2, "try 0.999"))):
            _checks.unit_interval(f"betas[{i}]", b, hint, high_open=True, what=f"beta parameter at index {i}")
        self.betas = (b1, b2)
        self.eps = _checks.nonneg("eps", eps, "try 1e-8", what="epsilon value")
        self.weight_decay = _checks.nonneg("weight_decay", weight_decay, _DECAY_HINT, what="weight_decay value")
        self.amsgrad = bool(amsgrad)

    def init_state(self, p):
        names = ["m", "v"] + ["vmax"] * self.amsgrad
        return {name: np.zeros(p.shape) for name in names}

    def update(self, p, g, lr, t, state):
        (beta1, beta2), eps, weight_decay, amsgrad = self.betas, self.eps, self.weight_decay, self.amsgrad
        new = {}
        # --8<-- [start:adam]
        if weight_decay != 0 and self.decoupled:
            p = p * (1 - lr * weight_decay)               # AdamW: shrink p, leave g alone
        elif weight_decay != 0:
            g = g + weight_decay * p                      # Adam: L2 penalty, goes through m and v
        m = new["m"] = beta1 * state["m"] + (1 - beta1) * g        # running mean of g
        v = new["v"] = beta2 * state["v"] + (1 - beta2) * g * g    # running mean of g^2
        bc1 = 1 - beta1**t                                # bias corrections (m and v start at 0)
        bc2 = 1 - beta2**t
        if amsgrad:
            v = new["vmax"] = np.maximum(state["vmax"], v)         # AMSGrad: the largest v so far
        denom = np.sqrt(v) / math.sqrt(bc2) + eps
        p = p - (lr / bc1) * m / denom
        # --8<-- [end:adam]
        return p, new


class AdamW(Adam):
    """AdamW, like ``torch.optim.AdamW``: Adam with decoupled weight decay (default 1e-2).

    The decay shrinks the parameters directly, ``p <- p * (1 - lr * weight_decay)``,
    and does not go through ``m`` and ``v`` as Adam's L2 penalty does
    (Loshchilov & Hutter, 2019). The rest is Adam's rule, shared, not copied.

    Args:
        lr: the learning rate (a number >= 0 or a schedule ``t -> lr``).
        betas: (beta1, beta2), the decays of the running means of g and of g^2, each in [0, 1).
        eps: added to the denominator (after the square root, as in torch).
        weight_decay: the decoupled decay rate.
        amsgrad: divide by the largest ``v`` so far.
        maximize: climb the objective instead of descending it.

    Examples:
        >>> import numpy as np
        >>> from gdbook.optim import AdamW
        >>> opt = AdamW(lr=0.1, weight_decay=0.5)
        >>> opt.step(np.array([2.0]), np.array([0.0]))   # zero gradient: only the decay acts
        array([1.9])
    """

    decoupled = True

    def __init__(self, lr: LR = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, maximize: bool = False) -> None:
        super().__init__(lr, betas, eps, weight_decay, amsgrad, maximize)
