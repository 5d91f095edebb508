"""Learning-rate schedules: callables ``t -> lr``, with PyTorch's names and numbers.

``schedule(t)`` is the learning rate of optimizer step t (t = 0, 1, 2, ...): the
lr that ``torch.optim.lr_scheduler`` gives after t calls of ``scheduler.step()``.
Pass a schedule as an optimizer's ``lr``:

Examples:
    >>> from gdbook.optim import SGD
    >>> opt = SGD(lr=StepLR(0.1, step_size=2, gamma=0.5))
    >>> [opt.lr_at(t) for t in range(5)]
    [0.1, 0.1, 0.05, 0.05, 0.025]
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

__all__ = [
    "Schedule",
    "StepLR",
    "MultiStepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "LinearLR",
    "OneCycleLR",
]


def _positive(name: str, value: Any, hint: str, allow_zero: bool = False) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = float("nan")
    ok = (v >= 0 if allow_zero else v > 0) and math.isfinite(v)
    if not ok:
        rule = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"Invalid {name}: {value!r} ({name} must be a number {rule}; {hint})")
    return v


def _count(name: str, value: Any, hint: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"Invalid {name}: {value!r} ({name} must be an int >= {minimum}; {hint})")
    return int(value)


def _num(v: float) -> str:
    return repr(float(v))


class Schedule:
    """Base class: a callable ``t -> lr`` for t = 0, 1, 2, ...

    Examples:
        >>> ExponentialLR(1.0, gamma=0.5).values(4)
        [1.0, 0.5, 0.25, 0.125]
    """

    def lr(self, t: int) -> float:
        raise NotImplementedError

    def __call__(self, t: int) -> float:
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 0:
            raise ValueError(f"Invalid step: {t!r} (t must be an int >= 0: the number of steps already taken)")
        return float(self.lr(int(t)))

    def values(self, steps: int) -> list[float]:
        """The learning rates of the first ``steps`` steps."""
        return [self(t) for t in range(steps)]


class StepLR(Schedule):
    """Multiply lr by gamma every ``step_size`` steps.

    Examples:
        >>> StepLR(0.1, step_size=3).values(7)
        [0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002]
    """

    def __init__(self, lr: float, step_size: int, gamma: float = 0.1) -> None:
        self.base_lr = _positive("lr", lr, "try 0.1", allow_zero=True)
        self.step_size = _count("step_size", step_size, "try step_size=10")
        self.gamma = _positive("gamma", gamma, "try gamma=0.1", allow_zero=True)

    def lr(self, t: int) -> float:
        lr, step_size, gamma = self.base_lr, self.step_size, self.gamma
        # --8<-- [start:steplr]
        return lr * gamma ** (t // step_size)
        # --8<-- [end:steplr]

    def __repr__(self) -> str:
        return f"StepLR(lr={_num(self.base_lr)}, step_size={self.step_size}, gamma={_num(self.gamma)})"


class MultiStepLR(Schedule):
    """Multiply lr by gamma at each milestone (a repeated milestone counts twice).

    Examples:
        >>> MultiStepLR(1.0, milestones=[2, 4], gamma=0.5).values(6)
        [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    """

    def __init__(self, lr: float, milestones: Sequence[int], gamma: float = 0.1) -> None:
        self.base_lr = _positive("lr", lr, "try 0.1", allow_zero=True)
        try:
            ms = list(milestones)
        except TypeError:
            raise ValueError(
                f"Invalid milestones: {milestones!r} (milestones must be a list of ints such as [30, 80])"
            ) from None
        for m in ms:
            if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 0:
                raise ValueError(
                    f"Invalid milestones: {milestones!r} (each milestone must be an int >= 0, e.g. [30, 80])"
                )
        self.milestones = sorted(int(m) for m in ms)
        self.gamma = _positive("gamma", gamma, "try gamma=0.1", allow_zero=True)

    def lr(self, t: int) -> float:
        lr, milestones, gamma = self.base_lr, self.milestones, self.gamma
        # --8<-- [start:multisteplr]
        passed = sum(1 for m in milestones if m <= t)   # milestones reached so far
        return lr * gamma**passed
        # --8<-- [end:multisteplr]

    def __repr__(self) -> str:
        return f"MultiStepLR(lr={_num(self.base_lr)}, milestones={self.milestones}, gamma={_num(self.gamma)})"


class ExponentialLR(Schedule):
    """Multiply lr by gamma every step.

    Examples:
        >>> ExponentialLR(0.1, gamma=0.5)(3)
        0.0125
    """

    def __init__(self, lr: float, gamma: float) -> None:
        self.base_lr = _positive("lr", lr, "try 0.1", allow_zero=True)
        self.gamma = _positive("gamma", gamma, "try gamma=0.95", allow_zero=True)

    def lr(self, t: int) -> float:
        lr, gamma = self.base_lr, self.gamma
        # --8<-- [start:exponentiallr]
        return lr * gamma**t
        # --8<-- [end:exponentiallr]

    def __repr__(self) -> str:
        return f"ExponentialLR(lr={_num(self.base_lr)}, gamma={_num(self.gamma)})"


class CosineAnnealingLR(Schedule):
    """Half a cosine from lr down to eta_min over T_max steps; past T_max it rises again (like torch).

    Examples:
        >>> s = CosineAnnealingLR(1.0, T_max=4)
        >>> [round(v, 4) for v in s.values(9)]
        [1.0, 0.8536, 0.5, 0.1464, 0.0, 0.1464, 0.5, 0.8536, 1.0]
    """

    def __init__(self, lr: float, T_max: int, eta_min: float = 0.0) -> None:
        self.base_lr = _positive("lr", lr, "try 0.1", allow_zero=True)
        self.T_max = _count("T_max", T_max, "try the number of steps of the run")
        self.eta_min = _positive("eta_min", eta_min, "try 0.0", allow_zero=True)

    def lr(self, t: int) -> float:
        lr, T_max, eta_min = self.base_lr, self.T_max, self.eta_min
        # --8<-- [start:cosineannealinglr]
        return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2
        # --8<-- [end:cosineannealinglr]

    def __repr__(self) -> str:
        return f"CosineAnnealingLR(lr={_num(self.base_lr)}, T_max={self.T_max}, eta_min={_num(self.eta_min)})"


class LinearLR(Schedule):
    """Scale lr linearly from start_factor to end_factor over total_iters steps, then hold.

    Examples:
        >>> LinearLR(0.3, start_factor=1/3, total_iters=2).values(4)
        [0.09999999999999999, 0.2, 0.3, 0.3]
    """

    def __init__(self, lr: float, start_factor: float = 1.0 / 3, end_factor: float = 1.0, total_iters: int = 5) -> None:
        self.base_lr = _positive("lr", lr, "try 0.1", allow_zero=True)
        s = _positive("start_factor", start_factor, "try 1/3")
        if s > 1:
            raise ValueError(f"Invalid start_factor: {start_factor!r} (start_factor must be in (0, 1]; try 1/3)")
        e = _positive("end_factor", end_factor, "try 1.0", allow_zero=True)
        if e > 1:
            raise ValueError(f"Invalid end_factor: {end_factor!r} (end_factor must be in [0, 1]; try 1.0)")
        self.start_factor, self.end_factor = s, e
        self.total_iters = _count("total_iters", total_iters, "try total_iters=5")

    def lr(self, t: int) -> float:
        lr, s, e, T = self.base_lr, self.start_factor, self.end_factor, self.total_iters
        # --8<-- [start:linearlr]
        return lr * (s + (e - s) * min(t, T) / T)
        # --8<-- [end:linearlr]

    def __repr__(self) -> str:
        return (
            f"LinearLR(lr={_num(self.base_lr)}, start_factor={_num(self.start_factor)}, "
            f"end_factor={_num(self.end_factor)}, total_iters={self.total_iters})"
        )


class OneCycleLR(Schedule):
    """Warm up from max_lr/div_factor to max_lr, then anneal to a tiny lr, over total_steps steps.

    The peak is at step ``pct_start * total_steps - 1``; the last step (total_steps - 1)
    reaches ``max_lr / div_factor / final_div_factor``; asking for t >= total_steps is
    an error. (torch's OneCycleLR also cycles momentum, 0.95 -> 0.85 -> 0.95, which
    overwrites SGD's momentum or Adam's beta1; this schedule only gives the lr.)

    Examples:
        >>> s = OneCycleLR(1.0, total_steps=10)
        >>> round(s(0), 6), round(s(2), 6), round(s(9), 8)
        (0.04, 1.0, 4e-06)
    """

    def __init__(self, max_lr: float, total_steps: int, pct_start: float = 0.3, anneal_strategy: str = "cos",
                 div_factor: float = 25.0, final_div_factor: float = 1e4) -> None:
        self.max_lr = _positive("max_lr", max_lr, "try 0.1", allow_zero=True)
        self.total_steps = _count("total_steps", total_steps, "try the number of steps of the run")
        try:
            pct = float(pct_start)
        except (TypeError, ValueError):
            pct = float("nan")
        if not 0 <= pct <= 1:
            raise ValueError(f"Invalid pct_start: {pct_start!r} (pct_start must be between 0 and 1; try 0.3)")
        if pct * self.total_steps - 1 == 0:
            raise ValueError(
                f"Invalid pct_start: {pct_start!r} (the warm-up would end at step pct_start * total_steps - 1 = 0, "
                f"which torch cannot compute either; try a larger pct_start or more steps)"
            )
        self.pct_start = pct
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(
                f"Invalid anneal_strategy: {anneal_strategy!r} (anneal_strategy must be 'cos' or 'linear')"
            )
        self.anneal_strategy = anneal_strategy
        self.div_factor = _positive("div_factor", div_factor, "try 25.0")
        self.final_div_factor = _positive("final_div_factor", final_div_factor, "try 1e4")

    def _anneal(self, start: float, end: float, frac: float) -> float:
        """Go from ``start`` (frac = 0) to ``end`` (frac = 1)."""
        if self.anneal_strategy == "linear":
            return start + (end - start) * frac
        # --8<-- [start:anneal_cos]
        return end + (start - end) / 2 * (1 + math.cos(math.pi * frac))
        # --8<-- [end:anneal_cos]

    def lr(self, t: int) -> float:
        if t >= self.total_steps:
            raise ValueError(
                f"Tried to step {t} times. The specified number of total steps is {self.total_steps} "
                f"(OneCycleLR has learning rates for t = 0 .. {self.total_steps - 1}; make total_steps "
                f"the number of steps of the run)"
            )
        max_lr, total_steps, pct_start, anneal = self.max_lr, self.total_steps, self.pct_start, self._anneal
        # --8<-- [start:onecyclelr]
        start = max_lr / self.div_factor                  # lr at step 0
        end = start / self.final_div_factor               # lr at the last step
        peak = pct_start * total_steps - 1                # the step where lr = max_lr
        if t <= peak:
            return anneal(start, max_lr, t / peak)        # warm up
        return anneal(max_lr, end, (t - peak) / (total_steps - 1 - peak))  # cool down
        # --8<-- [end:onecyclelr]

    def __repr__(self) -> str:
        return (
            f"OneCycleLR(max_lr={_num(self.max_lr)}, total_steps={self.total_steps}, pct_start={_num(self.pct_start)}, "
            f"anneal_strategy={self.anneal_strategy!r}, div_factor={_num(self.div_factor)}, "
            f"final_div_factor={_num(self.final_div_factor)})"
        )
