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

Each update rule is the ``update`` method of its class, written on whole arrays
the way the formula reads. For big arrays (16384 entries or more) a second
version, ``_update_inplace``, does the same arithmetic in the same order -- so
the same numbers, bit for bit (the tests check it) -- in place on cache-sized
slices, without temporary arrays; that is what makes it fast.

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

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adam", "AdamW"]

Params = Union[float, np.ndarray, dict[str, np.ndarray]]
LR = Union[float, Callable[[int], float]]

_F64 = np.dtype(np.float64)

# Arrays with at least _LARGE entries are updated by ``_update_inplace``, slice by
# slice (_CHUNK entries at a time), so the intermediate results stay in the CPU cache
# and no big temporary arrays are made. Smaller ones go through ``update``.
_LARGE = 1 << 14
_CHUNK = 1 << 15
_DOT = 1 << 13  # BLAS computes a dot product of this many entries on one thread


def _finite(g: np.ndarray) -> bool:
    """True when every entry of g is finite.

    Fast path: a sum of squares is nan or inf when an entry is; only then (or when the
    squares overflow) look entry by entry. The dot products run on slices of at most
    _DOT entries, which BLAS computes on one thread (a multi-threaded dot of a big
    array is fast on an idle machine but very slow on a busy one).
    """
    if g.size <= 32:
        total = sum(g.ravel().tolist())
    elif g.size <= _DOT:
        flat = g.reshape(-1)
        total = np.dot(flat, flat)
    else:
        flat = g.reshape(-1)
        total = sum(np.dot(flat[s:s + _DOT], flat[s:s + _DOT]) for s in range(0, flat.size, _DOT))
    return math.isfinite(total) or bool(np.isfinite(g).all())


def _invalid(what: str, value: Any, rule: str, hint: str) -> ValueError:
    return ValueError(f"Invalid {what}: {value!r} ({rule}; {hint})")


def _check_nonneg(name: str, what: str, value: float, hint: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise _invalid(what, value, f"{name} must be a number >= 0", hint) from None
    if not (v >= 0.0 and np.isfinite(v)):
        raise _invalid(what, value, f"{name} must be >= 0", hint)
    return v


def _check_lr(lr: LR) -> LR:
    if callable(lr):
        return lr
    return _check_nonneg("lr", "learning rate", lr, "try a small positive value such as 0.01")


def _check_betas(betas: Any) -> tuple[float, float]:
    try:
        b1, b2 = (float(b) for b in betas)
    except (TypeError, ValueError):
        raise ValueError(f"Invalid betas: {betas!r} (betas must be a pair such as (0.9, 0.999))") from None
    for i, b in enumerate((b1, b2)):
        if not 0.0 <= b < 1.0:
            hint = "try 0.9" if i == 0 else "try 0.999"
            raise ValueError(f"Invalid beta parameter at index {i}: {b!r} (betas[{i}] must be in [0, 1); {hint})")
    return b1, b2


def _where(key: Any) -> str:
    return "the gradient" if key is None else f"grads[{key!r}]"


def _bad_entry(key: Any, g: np.ndarray, step: int) -> ValueError:
    bad = np.argwhere(~np.isfinite(g))[0]
    index = tuple(int(i) for i in bad)
    value = g[index] if g.ndim else g[()]
    where = f" at index {index}" if g.ndim else ""
    return ValueError(
        f"{_where(key)} has a non-finite entry {value}{where} at step {step} (counting from 0); "
        f"the iterates are probably diverging: try a smaller learning rate (e.g. 10x smaller)"
    )


class Optimizer:
    """Base class: the bookkeeping (structure, checks, state, step count) around an update rule.

    A subclass implements ``init_state(p)`` (its buffers for one parameter
    array, e.g. ``{"m": zeros, "v": zeros}``) and ``update(p, g, lr, t, state)``,
    the rule itself: it returns the new parameters and the new buffers
    (``t`` counts this parameter's steps from 1). ``_update_inplace`` does the
    same arithmetic in place on slices of big arrays.

    ``opt.state[key]`` holds ``"step"`` and the buffers of each parameter
    (key ``None`` when params is a single array).

    Examples:
        >>> opt = SGD(lr=0.5)
        >>> opt.step({"w": np.array([1.0, 2.0])}, {"w": np.array([2.0, 2.0])})
        {'w': array([0., 1.])}
    """

    maximize: bool = False
    stateless: bool = False  # True when the rule keeps no buffers (plain SGD)
    n_scratch: int = 3  # scratch slices needed by _update_inplace

    def __init__(self, lr: LR, maximize: bool = False) -> None:
        self.lr = _check_lr(lr)
        self.maximize = bool(maximize)
        self.t = 0
        self.state: dict[Any, dict[str, Any]] = {}
        self._shapes: dict[Any, tuple[int, ...]] = {}
        self._scratch: list[np.ndarray] = []

    # -- provided by each optimizer -----------------------------------------
    def init_state(self, p: np.ndarray) -> dict[str, np.ndarray]:
        return {}

    def update(self, p: np.ndarray, g: np.ndarray, lr: float, t: int, state: dict) -> tuple[Any, dict]:
        raise NotImplementedError

    def _update_inplace(self, p, g, out, bufs, tmp, lr, t) -> None:
        raise NotImplementedError

    # -- public API ----------------------------------------------------------
    def lr_at(self, t: int) -> float:
        """The learning rate used by step ``t`` (counting from 0).

        Examples:
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
            >>> opt = SGD(lr=0.1, momentum=0.9)
            >>> _ = opt.step(1.0, 1.0); opt.reset(); opt.t
            0
        """
        self.t = 0
        self.state = {}
        self._shapes = {}

    def step(self, params: Params, grads: Params) -> Any:
        """Return the parameters after one step; ``params`` and ``grads`` are untouched.

        Examples:
            >>> Adam(lr=0.1).step(np.array([1.0, -1.0]), np.array([3.0, -0.5]))
            array([ 0.9, -0.9])
        """
        lr = self.lr if not callable(self.lr) else self.lr_at(self.t)
        if not isinstance(params, dict):
            if isinstance(grads, dict):
                raise ValueError("params is one array but grads is a dict; pass both as arrays or both as dicts")
            new: Any = self._step_one(None, *self._check_one(None, params, grads), lr)
            self.state[None]["step"] += 1
        else:
            items = self._check_dict(params, grads)  # every key is checked before any is updated
            new = {k: self._step_one(k, p, g, checked, lr) for k, p, g, checked in items}
            for key in params:
                self.state[key]["step"] += 1
        self.t += 1
        return new

    # -- bookkeeping -----------------------------------------------------------
    def _check_one(self, key: Any, p: Any, g: Any) -> tuple[np.ndarray, np.ndarray, bool]:
        if type(p) is not np.ndarray or p.dtype != _F64:
            p = np.asarray(p, dtype=_F64)
        if type(g) is not np.ndarray or g.dtype != _F64:
            g = np.asarray(g, dtype=_F64)
        if p.shape != g.shape:
            name = "params" if key is None else f"params[{key!r}]"
            raise ValueError(
                f"{_where(key)} has shape {g.shape} but {name} has shape {p.shape}; "
                f"a gradient must have the same shape as its parameter"
            )
        # Non-finite entries are refused before any state changes. A big array with no state
        # to protect is checked slice by slice while it is updated instead (``checked`` is
        # False), which saves a pass over the gradient.
        checked = g.size < _LARGE or not self.stateless
        if checked and not _finite(g):
            raise _bad_entry(key, g, self.t)
        prev = self._shapes.get(key)
        if prev is not None and prev != p.shape:
            name = "params" if key is None else f"params[{key!r}]"
            raise ValueError(
                f"{name} has shape {p.shape} but the optimizer's state for it has shape {prev}; "
                f"call opt.reset() (or make a new optimizer) when you start a new problem"
            )
        return p, g, checked

    def _check_dict(self, params: dict, grads: Any) -> list[tuple[Any, np.ndarray, np.ndarray, bool]]:
        if not isinstance(grads, dict):
            raise ValueError("params is a dict but grads is not; pass grads as a dict with the same keys")
        if grads.keys() != params.keys():
            missing = [k for k in params if k not in grads]
            extra = [k for k in grads if k not in params]
            raise ValueError(
                f"grads and params have different keys: missing in grads {missing}, extra in grads {extra}; "
                f"give one gradient per parameter, with the same keys"
            )
        # check every key before touching any state, so a bad one leaves the optimizer unchanged
        return [(k, *self._check_one(k, p, grads[k])) for k, p in params.items()]

    def _step_one(self, key: Any, p: np.ndarray, g: np.ndarray, checked: bool, lr: float) -> Any:
        state = self.state.get(key)
        if state is None:
            state = self.state[key] = {"step": 0, **self.init_state(p)}
            self._shapes[key] = p.shape
        t = state["step"] + 1
        if p.size < _LARGE:
            if self.maximize:
                g = -g
            new_p, new_state = self.update(p, g, lr, t, state)
            state.update(new_state)
            return np.float64(new_p) if p.ndim == 0 else new_p
        return self._step_large(key, p, g, checked, lr, t, state)

    def _step_large(self, key: Any, p: np.ndarray, g: np.ndarray, checked: bool, lr: float, t: int,
                    state: dict) -> np.ndarray:
        """``update`` for big arrays: the same arithmetic, bit for bit, on cache-sized slices."""
        out = np.empty(p.shape, dtype=_F64)
        pf, gf, of = p.reshape(-1), g.reshape(-1), out.reshape(-1)
        names = [k for k in state if k != "step"]
        flat = [state[k].reshape(-1) for k in names]
        if len(self._scratch) != self.n_scratch + 1:
            self._scratch = [np.empty(_CHUNK, dtype=_F64) for _ in range(self.n_scratch + 1)]
        scratch = self._scratch
        n = p.size
        for s in range(0, n, _CHUNK):
            e = min(s + _CHUNK, n)
            tmp = scratch if e - s == _CHUNK else [a[: e - s] for a in scratch]
            gc = gf[s:e]
            if not checked and not _finite(gc):
                raise _bad_entry(key, g, self.t)
            if self.maximize:
                gc = np.negative(gc, out=tmp[-1])
            self._update_inplace(pf[s:e], gc, of[s:e], {k: b[s:e] for k, b in zip(names, flat)}, tmp, lr, t)
        return out

    def _hyper_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        lr = self.lr if callable(self.lr) else float(self.lr)
        return f"{type(self).__name__}(lr={lr!r}{self._hyper_repr()})"


def _opt(name: str, value: Any, default: Any) -> str:
    return "" if value == default else f", {name}={value!r}"


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum, like ``torch.optim.SGD``.

    ``b`` is torch's ``momentum_buffer``. With ``nesterov=True`` the step uses
    ``g + momentum * b`` (needs momentum > 0 and dampening = 0).

    Examples:
        >>> opt = SGD(lr=0.1, momentum=0.9)
        >>> x = opt.step(8.0, 10.0); x
        np.float64(7.0)
        >>> opt.step(x, 8.0)                 # b = 0.9 * 10 + 8 = 17
        np.float64(5.3)
    """

    def __init__(
        self,
        lr: LR = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        maximize: bool = False,
    ) -> None:
        super().__init__(lr, maximize)
        self.momentum = _check_nonneg("momentum", "momentum value", momentum, "try 0.9, or 0 for no momentum")
        try:
            self.dampening = float(dampening)
        except (TypeError, ValueError):
            self.dampening = float("nan")
        if not math.isfinite(self.dampening):
            raise _invalid("dampening value", dampening, "dampening must be a finite number", "try 0")
        self.weight_decay = _check_nonneg(
            "weight_decay", "weight_decay value", weight_decay, "try 0, or a small value such as 1e-4"
        )
        self.nesterov = bool(nesterov)
        self.stateless = self.momentum == 0
        if self.nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError(
                f"Nesterov momentum requires a momentum and zero dampening (got momentum={momentum!r}, "
                f"dampening={dampening!r}); try momentum=0.9, dampening=0"
            )

    def init_state(self, p):
        return {"b": np.zeros(p.shape)} if self.momentum != 0 else {}

    def update(self, p, g, lr, t, state):
        momentum, dampening, weight_decay, nesterov = self.momentum, self.dampening, self.weight_decay, self.nesterov
        b = state.get("b")
        # --8<-- [start:sgd]
        if weight_decay != 0:
            g = g + weight_decay * p                      # L2 penalty
        if momentum != 0:
            if t == 1:
                b = g.copy()                              # the buffer starts as the first gradient
            else:
                b = momentum * b + (1 - dampening) * g    # b: a running sum of gradients
            g = g + momentum * b if nesterov else b
        p = p - lr * g
        # --8<-- [end:sgd]
        return p, ({"b": b} if momentum != 0 else {})

    def _update_inplace(self, p, g, out, bufs, tmp, lr, t):
        momentum, dampening, weight_decay = self.momentum, self.dampening, self.weight_decay
        if weight_decay != 0:
            g = np.add(g, np.multiply(p, weight_decay, out=tmp[0]), out=tmp[0])
        if momentum != 0:
            b = bufs["b"]
            if t == 1:
                np.copyto(b, g)
            else:
                np.multiply(b, momentum, out=b)
                np.add(b, g if dampening == 0 else np.multiply(g, 1 - dampening, out=tmp[1]), out=b)
            if self.nesterov:
                g = np.add(g, np.multiply(b, momentum, out=tmp[1]), out=tmp[1])
            else:
                g = b
        np.subtract(p, np.multiply(g, lr, out=out), out=out)

    def _hyper_repr(self):
        return (
            _opt("momentum", self.momentum, 0.0)
            + _opt("dampening", self.dampening, 0.0)
            + _opt("weight_decay", self.weight_decay, 0.0)
            + _opt("nesterov", self.nesterov, False)
            + _opt("maximize", self.maximize, False)
        )


class Adagrad(Optimizer):
    """Adagrad, like ``torch.optim.Adagrad``: each coordinate's step shrinks with its gradient history.

    ``s`` is torch's ``sum``: the running sum of squared gradients.

    Examples:
        >>> opt = Adagrad(lr=0.1)
        >>> opt.step(np.array([1.0, 1.0]), np.array([2.0, -0.5]))   # first step: lr * sign(g)
        array([0.9, 1.1])
    """

    def __init__(
        self,
        lr: LR = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        maximize: bool = False,
    ) -> None:
        super().__init__(lr, maximize)
        self.lr_decay = _check_nonneg("lr_decay", "lr_decay value", lr_decay, "try 0, or a small value such as 1e-3")
        self.weight_decay = _check_nonneg(
            "weight_decay", "weight_decay value", weight_decay, "try 0, or a small value such as 1e-4"
        )
        self.initial_accumulator_value = _check_nonneg(
            "initial_accumulator_value", "initial_accumulator_value value", initial_accumulator_value, "try 0"
        )
        self.eps = _check_nonneg("eps", "epsilon value", eps, "try 1e-10")

    def init_state(self, p):
        return {"s": np.full(p.shape, self.initial_accumulator_value)}

    def update(self, p, g, lr, t, state):
        lr_decay, weight_decay, eps = self.lr_decay, self.weight_decay, self.eps
        s = state["s"]
        # --8<-- [start:adagrad]
        if weight_decay != 0:
            g = g + weight_decay * p                      # L2 penalty
        clr = lr / (1 + (t - 1) * lr_decay)               # decayed learning rate
        s = s + g * g                                     # sum of squared gradients
        p = p - clr * g / (np.sqrt(s) + eps)
        # --8<-- [end:adagrad]
        return p, {"s": s}

    def _update_inplace(self, p, g, out, bufs, tmp, lr, t):
        lr_decay, weight_decay, eps, s = self.lr_decay, self.weight_decay, self.eps, bufs["s"]
        if weight_decay != 0:
            g = np.add(g, np.multiply(p, weight_decay, out=tmp[0]), out=tmp[0])
        clr = lr / (1 + (t - 1) * lr_decay)
        np.add(s, np.multiply(g, g, out=tmp[1]), out=s)
        denom = np.add(np.sqrt(s, out=tmp[1]), eps, out=tmp[1])
        np.subtract(p, np.divide(np.multiply(g, clr, out=out), denom, out=out), out=out)

    def _hyper_repr(self):
        return (
            _opt("lr_decay", self.lr_decay, 0.0)
            + _opt("weight_decay", self.weight_decay, 0.0)
            + _opt("initial_accumulator_value", self.initial_accumulator_value, 0.0)
            + _opt("eps", self.eps, 1e-10)
            + _opt("maximize", self.maximize, False)
        )


class RMSprop(Optimizer):
    """RMSprop, like ``torch.optim.RMSprop`` (no bias correction).

    ``sq`` is torch's ``square_avg``, ``ga`` its ``grad_avg`` (centered only),
    ``b`` its ``momentum_buffer``.

    Examples:
        >>> opt = RMSprop(lr=0.01)
        >>> opt.step(np.array([1.0]), np.array([2.0]))   # first step: 0.01 * 2 / sqrt(0.01 * 4)
        array([0.9])
    """

    def __init__(
        self,
        lr: LR = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        maximize: bool = False,
    ) -> None:
        super().__init__(lr, maximize)
        self.alpha = _check_nonneg("alpha", "alpha value", alpha, "try 0.99")
        self.eps = _check_nonneg("eps", "epsilon value", eps, "try 1e-8")
        self.weight_decay = _check_nonneg(
            "weight_decay", "weight_decay value", weight_decay, "try 0, or a small value such as 1e-4"
        )
        self.momentum = _check_nonneg("momentum", "momentum value", momentum, "try 0.9, or 0 for no momentum")
        self.centered = bool(centered)

    def init_state(self, p):
        state = {"sq": np.zeros(p.shape)}
        if self.centered:
            state["ga"] = np.zeros(p.shape)
        if self.momentum > 0:
            state["b"] = np.zeros(p.shape)
        return state

    def update(self, p, g, lr, t, state):
        alpha, eps, weight_decay, momentum = self.alpha, self.eps, self.weight_decay, self.momentum
        centered = self.centered
        sq, ga, b = state["sq"], state.get("ga"), state.get("b")
        # --8<-- [start:rmsprop]
        if weight_decay != 0:
            g = g + weight_decay * p                      # L2 penalty
        sq = alpha * sq + (1 - alpha) * g * g             # running mean of g^2
        if centered:
            ga = alpha * ga + (1 - alpha) * g             # running mean of g
            avg = np.sqrt(sq - ga * ga) + eps             # ~ standard deviation of g
        else:
            avg = np.sqrt(sq) + eps                       # root mean square of g
        if momentum > 0:
            b = momentum * b + g / avg
            p = p - lr * b
        else:
            p = p - lr * g / avg
        # --8<-- [end:rmsprop]
        new = {"sq": sq}
        if centered:
            new["ga"] = ga
        if momentum > 0:
            new["b"] = b
        return p, new

    def _update_inplace(self, p, g, out, bufs, tmp, lr, t):
        alpha, eps, weight_decay, momentum = self.alpha, self.eps, self.weight_decay, self.momentum
        sq = bufs["sq"]
        if weight_decay != 0:
            g = np.add(g, np.multiply(p, weight_decay, out=tmp[0]), out=tmp[0])
        np.multiply(sq, alpha, out=sq)
        np.add(sq, np.multiply(np.multiply(g, 1 - alpha, out=tmp[1]), g, out=tmp[1]), out=sq)
        if self.centered:
            ga = bufs["ga"]
            np.multiply(ga, alpha, out=ga)
            np.add(ga, np.multiply(g, 1 - alpha, out=tmp[1]), out=ga)
            avg = np.subtract(sq, np.multiply(ga, ga, out=tmp[1]), out=tmp[1])
            avg = np.add(np.sqrt(avg, out=avg), eps, out=avg)
        else:
            avg = np.add(np.sqrt(sq, out=tmp[1]), eps, out=tmp[1])
        if momentum > 0:
            b = bufs["b"]
            np.multiply(b, momentum, out=b)
            np.add(b, np.divide(g, avg, out=tmp[2]), out=b)
            np.subtract(p, np.multiply(b, lr, out=out), out=out)
        else:
            np.subtract(p, np.divide(np.multiply(g, lr, out=out), avg, out=out), out=out)

    def _hyper_repr(self):
        return (
            _opt("alpha", self.alpha, 0.99)
            + _opt("eps", self.eps, 1e-8)
            + _opt("weight_decay", self.weight_decay, 0.0)
            + _opt("momentum", self.momentum, 0.0)
            + _opt("centered", self.centered, False)
            + _opt("maximize", self.maximize, False)
        )


class Adam(Optimizer):
    """Adam, like ``torch.optim.Adam``: momentum plus a per-coordinate step size.

    ``m`` and ``v`` are torch's ``exp_avg`` and ``exp_avg_sq``; ``vmax`` is
    ``max_exp_avg_sq`` (amsgrad only). ``weight_decay`` here is an L2 penalty
    that goes through ``m`` and ``v``; for decoupled decay use ``AdamW``.

    Examples:
        >>> opt = Adam(lr=0.1)
        >>> opt.step(np.array([1.0, 1.0]), np.array([0.5, 1000.0]))   # the first step is ~lr for any gradient
        array([0.9, 0.9])
    """

    def __init__(
        self,
        lr: LR = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        maximize: bool = False,
    ) -> None:
        super().__init__(lr, maximize)
        self.betas = _check_betas(betas)
        self.eps = _check_nonneg("eps", "epsilon value", eps, "try 1e-8")
        self.weight_decay = _check_nonneg(
            "weight_decay", "weight_decay value", weight_decay, "try 0, or a small value such as 1e-4"
        )
        self.amsgrad = bool(amsgrad)

    def init_state(self, p):
        state = {"m": np.zeros(p.shape), "v": np.zeros(p.shape)}
        if self.amsgrad:
            state["vmax"] = np.zeros(p.shape)
        return state

    def update(self, p, g, lr, t, state):
        (beta1, beta2), eps, weight_decay, amsgrad = self.betas, self.eps, self.weight_decay, self.amsgrad
        m, v, vmax = state["m"], state["v"], state.get("vmax")
        # --8<-- [start:adam]
        if weight_decay != 0:
            g = g + weight_decay * p                      # L2 penalty: goes through m and v
        m = beta1 * m + (1 - beta1) * g                   # running mean of g
        v = beta2 * v + (1 - beta2) * g * g               # running mean of g^2
        bc1 = 1 - beta1**t                                # bias corrections (m and v start at 0)
        bc2 = 1 - beta2**t
        if amsgrad:
            vmax = np.maximum(vmax, v)                    # AMSGrad: the largest v so far
        denom = np.sqrt(vmax if amsgrad else v) / np.sqrt(bc2) + eps
        p = p - (lr / bc1) * m / denom
        # --8<-- [end:adam]
        return p, ({"m": m, "v": v, "vmax": vmax} if amsgrad else {"m": m, "v": v})

    def _update_inplace(self, p, g, out, bufs, tmp, lr, t):
        (beta1, beta2), eps, weight_decay = self.betas, self.eps, self.weight_decay
        m, v = bufs["m"], bufs["v"]
        if weight_decay != 0 and not self.decoupled:
            g = np.add(g, np.multiply(p, weight_decay, out=tmp[0]), out=tmp[0])
        if self.decoupled:
            p = np.multiply(p, 1 - lr * weight_decay, out=out)
        np.multiply(m, beta1, out=m)
        np.add(m, np.multiply(g, 1 - beta1, out=tmp[1]), out=m)
        np.multiply(v, beta2, out=v)
        np.add(v, np.multiply(np.multiply(g, 1 - beta2, out=tmp[1]), g, out=tmp[1]), out=v)
        bc1 = 1 - beta1**t
        bc2 = 1 - beta2**t
        if self.amsgrad:
            v = np.maximum(bufs["vmax"], v, out=bufs["vmax"])
        denom = np.add(np.divide(np.sqrt(v, out=tmp[1]), np.sqrt(bc2), out=tmp[1]), eps, out=tmp[1])
        step = np.divide(np.multiply(m, lr / bc1, out=tmp[2]), denom, out=tmp[2])
        np.subtract(p, step, out=out)

    decoupled = False  # True for AdamW

    def _hyper_repr(self):
        return (
            _opt("betas", self.betas, (0.9, 0.999))
            + _opt("eps", self.eps, 1e-8)
            + _opt("weight_decay", self.weight_decay, 0.0 if not self.decoupled else 1e-2)
            + _opt("amsgrad", self.amsgrad, False)
            + _opt("maximize", self.maximize, False)
        )


class AdamW(Adam):
    """AdamW, like ``torch.optim.AdamW``: Adam with decoupled weight decay (default 1e-2).

    The decay shrinks the parameters directly, ``p <- p * (1 - lr * weight_decay)``,
    and does not go through ``m`` and ``v`` as Adam's L2 penalty does.

    Examples:
        >>> opt = AdamW(lr=0.1, weight_decay=0.5)
        >>> opt.step(np.array([2.0]), np.array([0.0]))   # zero gradient: only the decay acts
        array([1.9])
    """

    decoupled = True

    def __init__(
        self,
        lr: LR = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        maximize: bool = False,
    ) -> None:
        super().__init__(lr, betas, eps, weight_decay, amsgrad, maximize)

    def update(self, p, g, lr, t, state):
        (beta1, beta2), eps, weight_decay, amsgrad = self.betas, self.eps, self.weight_decay, self.amsgrad
        m, v, vmax = state["m"], state["v"], state.get("vmax")
        # --8<-- [start:adamw]
        p = p * (1 - lr * weight_decay)                   # decoupled decay: shrink p, leave g alone
        m = beta1 * m + (1 - beta1) * g                   # running mean of g
        v = beta2 * v + (1 - beta2) * g * g               # running mean of g^2
        bc1 = 1 - beta1**t                                # bias corrections (m and v start at 0)
        bc2 = 1 - beta2**t
        if amsgrad:
            vmax = np.maximum(vmax, v)                    # AMSGrad: the largest v so far
        denom = np.sqrt(vmax if amsgrad else v) / np.sqrt(bc2) + eps
        p = p - (lr / bc1) * m / denom
        # --8<-- [end:adamw]
        return p, ({"m": m, "v": v, "vmax": vmax} if amsgrad else {"m": m, "v": v})
