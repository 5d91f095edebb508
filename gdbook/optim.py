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
the way the formula reads. (For big arrays the base class feeds it the arrays in
cache-sized slices, which makes it fast without making it harder to read.)

>>> opt = SGD(lr=0.1)
>>> opt.step(8.0, 10.0)
np.float64(7.0)
>>> opt.t
1
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Union

import numpy as np

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adam", "AdamW"]

Params = Union[float, np.ndarray, Mapping[str, np.ndarray]]
LR = Union[float, Callable[[int], float]]

# Arrays bigger than this are updated slice by slice, so that the temporaries of
# a formula like ``p - lr * m / (np.sqrt(v) + eps)`` stay in the CPU cache.
_CHUNK = 1 << 14


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
    """Base class: bookkeeping (structure, checks, state, step count).

    A subclass sets ``self.lr`` and implements ``init_state(p)`` (the buffers
    for one parameter array, as a dict) and ``update(p, g, lr, t, state)``,
    which returns the new parameters and the new buffers; ``t`` counts from 1.

    >>> opt = SGD(lr=0.5)
    >>> opt.step({"w": np.array([1.0, 2.0])}, {"w": np.array([2.0, 2.0])})
    {'w': array([0., 1.])}
    """

    maximize: bool = False

    def __init__(self, lr: LR, maximize: bool = False) -> None:
        self.lr = _check_lr(lr)
        self.maximize = bool(maximize)
        self.t = 0
        self.state: dict[Any, dict[str, Any]] = {}

    # -- to be provided by each optimizer ------------------------------------
    def init_state(self, p: np.ndarray) -> dict[str, np.ndarray]:
        return {}

    def update(self, p: np.ndarray, g: np.ndarray, lr: float, t: int, state: dict) -> tuple[np.ndarray, dict]:
        raise NotImplementedError

    # -- public API ----------------------------------------------------------
    def lr_at(self, t: int) -> float:
        """The learning rate used by step ``t`` (counting from 0).

        >>> SGD(lr=0.1).lr_at(5)
        0.1
        """
        if not callable(self.lr):
            return self.lr
        lr = float(self.lr(t))
        if not (lr >= 0.0 and np.isfinite(lr)):
            raise ValueError(
                f"Invalid learning rate: {lr!r} from the schedule at step {t} (lr must be >= 0 and finite; "
                f"check the schedule's arguments)"
            )
        return lr

    def reset(self) -> None:
        """Forget all state: the next step behaves like the first step of a fresh optimizer.

        >>> opt = SGD(lr=0.1, momentum=0.9)
        >>> _ = opt.step(1.0, 1.0); opt.reset(); opt.t
        0
        """
        self.t = 0
        self.state = {}

    def step(self, params: Params, grads: Params) -> Any:
        """Return the parameters after one step; ``params`` and ``grads`` are untouched.

        >>> Adam(lr=0.1).step(np.array([1.0, -1.0]), np.array([3.0, -0.5]))
        array([ 0.9, -0.9])
        """
        lr = self.lr_at(self.t)
        if isinstance(params, Mapping):
            items = self._check_dict(params, grads)
            new = {k: self._step_one(k, p, g, lr) for k, p, g in items}
        else:
            if isinstance(grads, Mapping):
                raise ValueError("params is one array but grads is a dict; pass both as arrays or both as dicts")
            p, g = self._check_one(None, params, grads)
            new = self._step_one(None, p, g, lr)
        self.t += 1
        return new

    # -- bookkeeping -----------------------------------------------------------
    def _check_one(self, key: Any, p: Any, g: Any) -> tuple[np.ndarray, np.ndarray]:
        p = np.asarray(p, dtype=np.float64)
        g = np.asarray(g, dtype=np.float64)
        if p.shape != g.shape:
            name = "params" if key is None else f"params[{key!r}]"
            raise ValueError(
                f"{_where(key)} has shape {g.shape} but {name} has shape {p.shape}; "
                f"a gradient must have the same shape as its parameter"
            )
        if not np.isfinite(g).all():
            raise _bad_entry(key, g, self.t)
        return p, g

    def _check_dict(self, params: Mapping, grads: Any) -> list[tuple[Any, np.ndarray, np.ndarray]]:
        if not isinstance(grads, Mapping):
            raise ValueError("params is a dict but grads is not; pass grads as a dict with the same keys")
        if grads.keys() != params.keys():
            missing = [k for k in params if k not in grads]
            extra = [k for k in grads if k not in params]
            raise ValueError(
                f"grads and params have different keys: missing in grads {missing}, extra in grads {extra}; "
                f"give one gradient per parameter, with the same keys"
            )
        # Check everything before touching any state, so a bad key leaves the optimizer unchanged.
        return [(k, *self._check_one(k, p, grads[k])) for k, p in params.items()]

    def _step_one(self, key: Any, p: np.ndarray, g: np.ndarray, lr: float) -> Any:
        if self.maximize:
            g = -g
        state = self.state.get(key)
        if state is None:
            state = self.state[key] = {"step": 0, **self.init_state(p)}
        else:
            buf = next((v for k, v in state.items() if k != "step"), None)
            if buf is not None and buf.shape != p.shape:
                name = "params" if key is None else f"params[{key!r}]"
                raise ValueError(
                    f"{name} has shape {p.shape} but the optimizer's state for it has shape {buf.shape}; "
                    f"call opt.reset() (or make a new optimizer) when you start a new problem"
                )
        t = state["step"] = state["step"] + 1
        if p.size <= _CHUNK:
            new_p, new_state = self.update(p, g, lr, t, state)
            state.update(new_state)
            return np.float64(new_p) if p.ndim == 0 else new_p
        return self._step_chunked(p, g, lr, t, state)

    def _step_chunked(self, p: np.ndarray, g: np.ndarray, lr: float, t: int, state: dict) -> np.ndarray:
        out = np.empty(p.shape, dtype=np.float64)
        pf, gf, of = p.reshape(-1), g.reshape(-1), out.reshape(-1)
        bufs = {k: v.reshape(-1) for k, v in state.items() if k != "step"}
        for s in range(0, p.size, _CHUNK):
            sl = slice(s, s + _CHUNK)
            new_p, new_state = self.update(pf[sl], gf[sl], lr, t, {k: b[sl] for k, b in bufs.items()})
            of[sl] = new_p
            for k, v in new_state.items():
                bufs[k][sl] = v
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
        self.dampening = float(dampening)
        if not np.isfinite(self.dampening):
            raise _invalid("dampening value", dampening, "dampening must be a finite number", "try 0")
        self.weight_decay = _check_nonneg(
            "weight_decay", "weight_decay value", weight_decay, "try 0, or a small value such as 1e-4"
        )
        self.nesterov = bool(nesterov)
        if self.nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError(
                f"Nesterov momentum requires a momentum and zero dampening (got momentum={momentum!r}, "
                f"dampening={dampening!r}); try momentum=0.9, dampening=0"
            )

    def init_state(self, p):
        return {"b": np.zeros_like(p)} if self.momentum != 0 else {}

    def update(self, p, g, lr, t, state):
        momentum, dampening, weight_decay = self.momentum, self.dampening, self.weight_decay
        b = state.get("b")
        # --8<-- [start:sgd]
        if weight_decay != 0:
            g = g + weight_decay * p                      # L2 penalty
        if momentum != 0:
            if t == 1:
                b = g                                     # the buffer starts as the first gradient
            else:
                b = momentum * b + (1 - dampening) * g    # b: running sum of gradients
            g = g + momentum * b if self.nesterov else b
        p = p - lr * g
        # --8<-- [end:sgd]
        return p, ({"b": b} if momentum != 0 else {})

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
        return {"s": np.full_like(p, self.initial_accumulator_value)}

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
        state = {"sq": np.zeros_like(p)}
        if self.centered:
            state["ga"] = np.zeros_like(p)
        if self.momentum > 0:
            state["b"] = np.zeros_like(p)
        return state

    def update(self, p, g, lr, t, state):
        alpha, eps, weight_decay, momentum = self.alpha, self.eps, self.weight_decay, self.momentum
        sq, ga, b = state["sq"], state.get("ga"), state.get("b")
        # --8<-- [start:rmsprop]
        if weight_decay != 0:
            g = g + weight_decay * p                      # L2 penalty
        sq = alpha * sq + (1 - alpha) * g * g             # running mean of g^2
        if self.centered:
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
        if self.centered:
            new["ga"] = ga
        if momentum > 0:
            new["b"] = b
        return p, new

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

    >>> opt = Adam(lr=0.1)
    >>> opt.step(np.array([1.0, 1.0]), np.array([0.5, 1000.0]))   # the first step is ~lr for any gradient
    array([0.9, 0.9])
    """

    decoupled: bool = False  # True for AdamW

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
        state = {"m": np.zeros_like(p), "v": np.zeros_like(p)}
        if self.amsgrad:
            state["vmax"] = np.zeros_like(p)
        return state

    def update(self, p, g, lr, t, state):
        (beta1, beta2), eps, weight_decay = self.betas, self.eps, self.weight_decay
        m, v, vmax = state["m"], state["v"], state.get("vmax")
        # --8<-- [start:adam]
        if weight_decay != 0:
            g = g + weight_decay * p                      # L2 penalty: goes through m and v
        m = beta1 * m + (1 - beta1) * g                   # running mean of g
        v = beta2 * v + (1 - beta2) * g * g               # running mean of g^2
        bc1 = 1 - beta1**t                                # bias corrections (m and v start at 0)
        bc2 = 1 - beta2**t
        if self.amsgrad:
            vmax = np.maximum(vmax, v)                    # AMSGrad: the largest v so far
        denom = np.sqrt(vmax if self.amsgrad else v) / np.sqrt(bc2) + eps
        p = p - (lr / bc1) * m / denom
        # --8<-- [end:adam]
        return p, ({"m": m, "v": v, "vmax": vmax} if self.amsgrad else {"m": m, "v": v})

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
        (beta1, beta2), eps, weight_decay = self.betas, self.eps, self.weight_decay
        m, v, vmax = state["m"], state["v"], state.get("vmax")
        # --8<-- [start:adamw]
        p = p * (1 - lr * weight_decay)                   # decoupled decay: shrink p, leave g alone
        m = beta1 * m + (1 - beta1) * g                   # running mean of g
        v = beta2 * v + (1 - beta2) * g * g               # running mean of g^2
        bc1 = 1 - beta1**t                                # bias corrections (m and v start at 0)
        bc2 = 1 - beta2**t
        if self.amsgrad:
            vmax = np.maximum(vmax, v)                    # AMSGrad: the largest v so far
        denom = np.sqrt(vmax if self.amsgrad else v) / np.sqrt(bc2) + eps
        p = p - (lr / bc1) * m / denom
        # --8<-- [end:adamw]
        return p, ({"m": m, "v": v, "vmax": vmax} if self.amsgrad else {"m": m, "v": v})
