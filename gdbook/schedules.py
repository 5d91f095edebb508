"""Learning-rate schedules: callables ``t -> lr``, with PyTorch's names and numbers.

``schedule(t)`` is the learning rate of optimizer step t (t = 0, 1, 2, ...): the
lr that ``torch.optim.lr_scheduler`` gives after t calls of ``scheduler.step()``.
Pass a schedule as an optimizer's ``lr``:

Examples:
    >>> from gdbook.optim import SGD
    >>> from gdbook.schedules import StepLR
    >>> opt = SGD(lr=StepLR(0.1, step_size=2, gamma=0.5))
    >>> [opt.lr_at(t) for t in range(5)]
    [0.1, 0.1, 0.05, 0.05, 0.025]
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from gdbook import _checks

__all__ = [
    "Schedule",
    "StepLR",
    "MultiStepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "LinearLR",
    "OneCycleLR",
]


class Schedule:
    """Base class: a callable ``t -> lr`` for t = 0, 1, 2, ...

    Examples:
        >>> from gdbook.schedules import ExponentialLR
        >>> ExponentialLR(1.0, gamma=0.5).values(4)
        [1.0, 0.5, 0.25, 0.125]
    """

    def at(self, t: int) -> float:
        """The formula: the learning rate of step ``t`` (``__call__`` checks t first)."""
        raise NotImplementedError

    def __call__(self, t: int) -> float:
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 0:
            raise ValueError(f"Invalid step: {t!r} (t must be an int >= 0: the number of steps already taken)")
        return float(self.at(int(t)))

    def values(self, steps: int) -> list[float]:
        """The learning rates of the first ``steps`` steps."""
        return [self(t) for t in range(steps)]

    def __repr__(self) -> str:
        return _checks.signature_repr(self)


class StepLR(Schedule):
    """Multiply lr by gamma every ``step_size`` steps.

    Args:
        lr: the learning rate of steps 0 .. step_size - 1, >= 0.
        step_size: how many steps between two decays, an int >= 1.
        gamma: the factor applied at each decay, >= 0. Default 0.1: a tenth of the lr
            every step_size steps.

    Examples:
        >>> from gdbook.schedules import StepLR
        >>> StepLR(0.1, step_size=3).values(7)
        [0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002]
    """

    def __init__(self, lr: float, step_size: int, gamma: float = 0.1) -> None:
        self.lr = _checks.nonneg("lr", lr, "try 0.1")
        self.step_size = _checks.count("step_size", step_size, "try step_size=10", minimum=1)
        self.gamma = _checks.nonneg("gamma", gamma, "try gamma=0.1")

    def at(self, t: int) -> float:
        lr, step_size, gamma = self.lr, self.step_size, self.gamma
        # --8<-- [start:steplr]
        return lr * gamma ** (t // step_size)
        # --8<-- [end:steplr]



class MultiStepLR(Schedule):
    """Multiply lr by gamma at each milestone (a repeated milestone counts twice).

    Args:
        lr: the learning rate before the first milestone, >= 0.
        milestones: the steps where lr drops, ints >= 0 in any order (they are sorted);
            step t uses lr times gamma once for each milestone <= t.
        gamma: the factor applied at each milestone, >= 0. Default 0.1: a tenth each time.

    Examples:
        >>> from gdbook.schedules import MultiStepLR
        >>> MultiStepLR(1.0, milestones=[2, 4], gamma=0.5).values(6)
        [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    """

    def __init__(self, lr: float, milestones: Sequence[int], gamma: float = 0.1) -> None:
        self.lr = _checks.nonneg("lr", lr, "try 0.1")
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
        self.gamma = _checks.nonneg("gamma", gamma, "try gamma=0.1")

    def at(self, t: int) -> float:
        lr, milestones, gamma = self.lr, self.milestones, self.gamma
        # --8<-- [start:multisteplr]
        passed = sum(1 for m in milestones if m <= t)   # milestones reached so far
        return lr * gamma**passed
        # --8<-- [end:multisteplr]



class ExponentialLR(Schedule):
    """Multiply lr by gamma every step.

    Args:
        lr: the learning rate of step 0, >= 0.
        gamma: the factor applied every step, >= 0 (no default); below 1 it decays,
            e.g. 0.95 shrinks lr by 5% a step.

    Examples:
        >>> from gdbook.schedules import ExponentialLR
        >>> ExponentialLR(0.1, gamma=0.5)(3)
        0.0125
    """

    def __init__(self, lr: float, gamma: float) -> None:
        self.lr = _checks.nonneg("lr", lr, "try 0.1")
        self.gamma = _checks.nonneg("gamma", gamma, "try gamma=0.95")

    def at(self, t: int) -> float:
        lr, gamma = self.lr, self.gamma
        # --8<-- [start:exponentiallr]
        return lr * gamma**t
        # --8<-- [end:exponentiallr]



class CosineAnnealingLR(Schedule):
    """Half a cosine from lr down to eta_min over T_max steps; past T_max it rises again (like torch).

    Args:
        lr: the learning rate of step 0, the top of the cosine, >= 0.
        T_max: the step where lr reaches eta_min (half a period), an int >= 1;
            usually the number of steps of the run.
        eta_min: the learning rate at step T_max, the bottom of the cosine, >= 0.
            Default 0.0: anneal all the way to zero.

    Examples:
        >>> from gdbook.schedules import CosineAnnealingLR
        >>> s = CosineAnnealingLR(1.0, T_max=4)
        >>> [round(v, 4) for v in s.values(9)]
        [1.0, 0.8536, 0.5, 0.1464, 0.0, 0.1464, 0.5, 0.8536, 1.0]
    """

    def __init__(self, lr: float, T_max: int, eta_min: float = 0.0) -> None:
        self.lr = _checks.nonneg("lr", lr, "try 0.1")
        self.T_max = _checks.count("T_max", T_max, "try the number of steps of the run", minimum=1)
        self.eta_min = _checks.nonneg("eta_min", eta_min, "try 0.0")

    def at(self, t: int) -> float:
        lr, T_max, eta_min = self.lr, self.T_max, self.eta_min
        # --8<-- [start:cosineannealinglr]
        return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2
        # --8<-- [end:cosineannealinglr]



class LinearLR(Schedule):
    """Scale lr linearly from start_factor to end_factor over total_iters steps, then hold.

    Args:
        lr: the base learning rate that the factors multiply, >= 0.
        start_factor: the factor at step 0, in (0, 1]. Default 1/3: start at a third of lr
            (a warm-up).
        end_factor: the factor from step total_iters on, in [0, 1]. Default 1.0: end at lr.
        total_iters: how many steps the change takes, an int >= 1. Default 5.

    Examples:
        >>> from gdbook.schedules import LinearLR
        >>> LinearLR(0.3, start_factor=1/3, total_iters=2).values(4)
        [0.09999999999999999, 0.2, 0.3, 0.3]
    """

    def __init__(self, lr: float, start_factor: float = 1.0 / 3, end_factor: float = 1.0, total_iters: int = 5) -> None:
        self.lr = _checks.nonneg("lr", lr, "try 0.1")
        self.start_factor = _checks.unit_interval("start_factor", start_factor, "try 1/3", low_open=True)
        self.end_factor = _checks.unit_interval("end_factor", end_factor, "try 1.0")
        self.total_iters = _checks.count("total_iters", total_iters, "try total_iters=5", minimum=1)

    def at(self, t: int) -> float:
        lr, s, e, T = self.lr, self.start_factor, self.end_factor, self.total_iters
        # --8<-- [start:linearlr]
        return lr * (s + (e - s) * min(t, T) / T)
        # --8<-- [end:linearlr]



class OneCycleLR(Schedule):
    """Warm up from max_lr/div_factor to max_lr, then anneal to a tiny lr, over total_steps steps.

    The peak is at step ``pct_start * total_steps - 1``; the last step (total_steps - 1)
    reaches ``max_lr / div_factor / final_div_factor``; asking for t >= total_steps is
    an error. (torch's OneCycleLR also cycles momentum, 0.95 -> 0.85 -> 0.95, which
    overwrites SGD's momentum or Adam's beta1; this schedule only gives the lr.)

    Args:
        max_lr: the peak learning rate, >= 0.
        total_steps: the number of steps of the run, an int >= 1; the schedule has lrs
            for t = 0 .. total_steps - 1.
        pct_start: the fraction of the steps spent warming up, in [0, 1], such that
            ``pct_start * total_steps - 1`` is not 0. Default 0.3.
        anneal_strategy: how lr moves between start, peak and end: ``"cos"`` (default,
            half a cosine each way) or ``"linear"``.
        div_factor: the first lr is ``max_lr / div_factor``, > 0. Default 25.0.
        final_div_factor: the last lr is ``max_lr / div_factor / final_div_factor``, > 0.
            Default 1e4.

    Examples:
        >>> from gdbook.schedules import OneCycleLR
        >>> s = OneCycleLR(1.0, total_steps=10)
        >>> round(s(0), 6), round(s(2), 6), round(s(9), 8)
        (0.04, 1.0, 4e-06)
    """

    def __init__(self, max_lr: float, total_steps: int, pct_start: float = 0.3, anneal_strategy: str = "cos",
                 div_factor: float = 25.0, final_div_factor: float = 1e4) -> None:
        self.max_lr = _checks.nonneg("max_lr", max_lr, "try 0.1")
        self.total_steps = _checks.count("total_steps", total_steps, "try the number of steps of the run", minimum=1)
        pct = _checks.unit_interval("pct_start", pct_start, "try 0.3")
        if pct * self.total_steps - 1 == 0:
            raise ValueError(
                f"Invalid pct_start: {pct_start!r} (the warm-up would end at step pct_start * total_steps - 1 = 0, "
                f"which torch cannot compute either; try a larger pct_start or more steps)"
            )
        self.pct_start = pct
        self.anneal_strategy = _checks.choice("anneal_strategy", anneal_strategy, ("cos", "linear"))
        self.div_factor = _checks.positive("div_factor", div_factor, "try 25.0")
        self.final_div_factor = _checks.positive("final_div_factor", final_div_factor, "try 1e4")

    def _anneal(self, start: float, end: float, frac: float) -> float:
        """Go from ``start`` (frac = 0) to ``end`` (frac = 1)."""
        if self.anneal_strategy == "linear":
            return start + (end - start) * frac
        # --8<-- [start:anneal_cos]
        return end + (start - end) / 2 * (1 + math.cos(math.pi * frac))
        # --8<-- [end:anneal_cos]

    def at(self, t: int) -> float:
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

