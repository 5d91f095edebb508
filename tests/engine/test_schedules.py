"""Learning-rate schedules: closed forms, edge cases, validation, reprs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdbook.optim import SGD
from gdbook.schedules import (
    CosineAnnealingLR,
    ExponentialLR,
    LinearLR,
    MultiStepLR,
    OneCycleLR,
    Schedule,
    StepLR,
)


def test_step_lr():
    s = StepLR(1.0, step_size=3, gamma=0.5)
    assert s.values(7) == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25]


def test_multistep_counts_repeated_milestones_twice():
    s = MultiStepLR(1.0, milestones=[4, 2, 4], gamma=0.5)    # unsorted input is fine
    assert s.values(6) == [1.0, 1.0, 0.5, 0.5, 0.125, 0.125]
    assert s.milestones == [2, 4, 4]


def test_exponential():
    assert ExponentialLR(2.0, gamma=0.5).values(3) == [2.0, 1.0, 0.5]


def test_cosine_is_not_clamped_after_t_max():
    s = CosineAnnealingLR(1.0, T_max=10, eta_min=0.1)
    assert s(0) == 1.0
    assert s(10) == pytest.approx(0.1)
    assert s(5) == pytest.approx(0.55)
    assert s(15) == pytest.approx(s(5))             # on its way back up
    assert s(20) == pytest.approx(1.0)


def test_linear_holds_after_total_iters():
    s = LinearLR(1.0, start_factor=0.5, end_factor=1.0, total_iters=4)
    assert s.values(7) == pytest.approx([0.5, 0.625, 0.75, 0.875, 1.0, 1.0, 1.0])
    d = LinearLR(1.0, start_factor=1.0, end_factor=0.0, total_iters=2)
    assert d.values(4) == [1.0, 0.5, 0.0, 0.0]


def test_linear_defaults():
    s = LinearLR(0.3)
    assert (s.start_factor, s.end_factor, s.total_iters) == (1 / 3, 1.0, 5)


@pytest.mark.parametrize("strategy", ["cos", "linear"])
def test_one_cycle_shape(strategy):
    s = OneCycleLR(1.0, total_steps=20, pct_start=0.25, anneal_strategy=strategy)
    lrs = s.values(20)
    peak = int(0.25 * 20 - 1)
    assert lrs[0] == pytest.approx(1.0 / 25)
    assert lrs[peak] == pytest.approx(1.0)
    assert max(lrs) == pytest.approx(1.0)
    assert lrs[-1] == pytest.approx(1.0 / 25 / 1e4)
    assert all(a <= b for a, b in zip(lrs[:peak], lrs[1:peak + 1]))
    assert all(a >= b for a, b in zip(lrs[peak:-1], lrs[peak + 1:]))


def test_one_cycle_stops_at_total_steps():
    s = OneCycleLR(0.1, total_steps=10)
    s(9)
    with pytest.raises(ValueError, match="Tried to step 10 times. The specified number of total steps is 10"):
        s(10)


def test_one_cycle_in_an_optimizer_ends_loudly():
    opt = SGD(lr=OneCycleLR(0.1, total_steps=3))
    x = 1.0
    for _ in range(3):
        x = opt.step(x, 1.0)
    with pytest.raises(ValueError, match="total steps is 3"):
        opt.step(x, 1.0)


def test_schedules_are_plain_callables_of_the_step():
    for s in (StepLR(0.1, 2), MultiStepLR(0.1, [1]), ExponentialLR(0.1, 0.9), CosineAnnealingLR(0.1, 5),
              LinearLR(0.1), OneCycleLR(0.1, 10)):
        assert isinstance(s, Schedule)
        assert isinstance(s(np.int64(3)), float)
        assert all(math.isfinite(v) and v >= 0 for v in s.values(10))


@pytest.mark.parametrize("t", [-1, 1.5, "3", True, None])
def test_bad_step(t):
    with pytest.raises(ValueError, match="Invalid step"):
        StepLR(0.1, 2)(t)


@pytest.mark.parametrize("make,match", [
    (lambda: StepLR(-0.1, 2), "Invalid lr"),
    (lambda: StepLR(0.1, 0), r"Invalid step_size: 0 \(step_size must be an int >= 1"),
    (lambda: StepLR(0.1, 2.5), "Invalid step_size"),
    (lambda: StepLR(0.1, 2, gamma=-1), "Invalid gamma"),
    (lambda: MultiStepLR(0.1, [3, -1]), "Invalid milestones"),
    (lambda: MultiStepLR(0.1, 5), "Invalid milestones"),
    (lambda: MultiStepLR(0.1, [1.5]), "Invalid milestones"),
    (lambda: ExponentialLR(0.1, gamma=float("nan")), "Invalid gamma"),
    (lambda: CosineAnnealingLR(0.1, T_max=0), "Invalid T_max"),
    (lambda: CosineAnnealingLR(0.1, T_max=10, eta_min=-1), "Invalid eta_min"),
    (lambda: LinearLR(0.1, start_factor=0), "Invalid start_factor"),
    (lambda: LinearLR(0.1, start_factor=1.5), "Invalid start_factor"),
    (lambda: LinearLR(0.1, end_factor=2.0), "Invalid end_factor"),
    (lambda: LinearLR(0.1, total_iters=0), "Invalid total_iters"),
    (lambda: OneCycleLR(0.1, total_steps=0), "Invalid total_steps"),
    (lambda: OneCycleLR(-1.0, total_steps=10), "Invalid max_lr"),
    (lambda: OneCycleLR(0.1, total_steps=10, pct_start=1.5), "Invalid pct_start"),
    (lambda: OneCycleLR(0.1, total_steps=10, pct_start=0.1), "warm-up would end at step"),
    (lambda: OneCycleLR(0.1, total_steps=10, anneal_strategy="exp"), "Invalid anneal_strategy"),
    (lambda: OneCycleLR(0.1, total_steps=10, div_factor=0), "Invalid div_factor"),
    (lambda: OneCycleLR(0.1, total_steps=10, final_div_factor=-1), "Invalid final_div_factor"),
])
def test_invalid_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_reprs():
    assert repr(StepLR(0.1, step_size=30)) == "StepLR(lr=0.1, step_size=30)"
    assert repr(MultiStepLR(0.1, [30, 80])) == "MultiStepLR(lr=0.1, milestones=[30, 80])"
    assert repr(ExponentialLR(0.1, 0.9)) == "ExponentialLR(lr=0.1, gamma=0.9)"
    assert repr(CosineAnnealingLR(0.1, 50)) == "CosineAnnealingLR(lr=0.1, T_max=50)"
    assert repr(LinearLR(0.1)) == "LinearLR(lr=0.1)"
    assert repr(OneCycleLR(0.1, 100)) == "OneCycleLR(max_lr=0.1, total_steps=100)"
    import gdbook.schedules as S

    for s in (StepLR(0.1, 3), MultiStepLR(0.1, [2, 5]), OneCycleLR(0.2, 40, anneal_strategy="linear")):
        assert eval(repr(s), vars(S)).values(8) == s.values(8)
