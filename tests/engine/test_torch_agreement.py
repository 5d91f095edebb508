"""gdbook's optimizers and schedules against numbers recorded from torch.optim (float64).

The fixtures are written by ``scripts/record_torch_reference.py``; torch is not needed here.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from gdbook import data, optim, schedules

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "torch"
RTOL = 1e-12


def _load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


OPT = _load("optimizers.json")
SCHED = _load("schedules.json")


def _case_id(case: dict) -> str:
    extra = [f"{k}={v}" for k, v in case["kwargs"].items()]
    if isinstance(case.get("schedule"), dict):
        extra.append(case["schedule"]["name"])
    return f"{case.get('optimizer', case.get('schedule'))}({', '.join(extra)})"


def _make_lr(case: dict):
    lr = case["kwargs"]["lr"]
    if "schedule" not in case:
        return lr
    s = case["schedule"]
    kwargs = dict(s["kwargs"])
    if s["name"] == "OneCycleLR":
        return schedules.OneCycleLR(**kwargs)
    return getattr(schedules, s["name"])(lr, **kwargs)


def _close(a, b, rtol=RTOL, atol=1e-15):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=rtol, atol=atol)


@pytest.mark.parametrize("case", OPT["cases"], ids=_case_id)
def test_optimizer_matches_torch(case):
    problem = OPT["problem"]
    h = {k: np.array(v) for k, v in problem["h"].items()}
    c = {k: np.array(v) for k, v in problem["c"].items()}
    q = problem["quartic"]
    kwargs = dict(case["kwargs"])
    kwargs["lr"] = _make_lr(case)
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    opt = getattr(optim, case["optimizer"])(**kwargs)
    p = {k: np.array(v) for k, v in problem["p0"].items()}
    sign = -1.0 if case["negate"] else 1.0
    for k in range(OPT["steps"]):
        g = {key: sign * (h[key] * (v - c[key]) + q * v * v * v) for key, v in p.items()}
        assert opt.lr_at(k) == pytest.approx(case["lrs"][k], rel=1e-13)
        p = opt.step(p, g)
        for key in p:
            _close(p[key], case["path"][key][k + 1])
    assert opt.t == OPT["steps"]


@pytest.mark.parametrize("case", OPT["cases"][:1] + OPT["cases"][26:27], ids=_case_id)
def test_flat_array_matches_dict(case):
    """The same problem as one array of 5 numbers gives the same numbers as the dict."""
    problem = OPT["problem"]
    h = np.concatenate([problem["h"]["w"], problem["h"]["b"]])
    c = np.concatenate([problem["c"]["w"], problem["c"]["b"]])
    p = np.concatenate([problem["p0"]["w"], problem["p0"]["b"]])
    opt = getattr(optim, case["optimizer"])(**case["kwargs"])
    for k in range(OPT["steps"]):
        p = opt.step(p, h * (p - c) + problem["quartic"] * p * p * p)
        _close(p, case["path"]["w"][k + 1] + case["path"]["b"][k + 1])


def test_fixture_covers_every_hyperparameter():
    seen = {}
    for case in OPT["cases"]:
        seen.setdefault(case["optimizer"], set()).update(case["kwargs"])
    assert seen["SGD"] >= {"lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"}
    assert seen["Adagrad"] >= {"lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize"}
    assert seen["RMSprop"] >= {"lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize"}
    assert seen["Adam"] >= {"lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"}
    assert seen["AdamW"] >= {"lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"}
    assert OPT["torch_version"].startswith("2.13")


@pytest.mark.parametrize("case", SCHED["cases"], ids=_case_id)
def test_schedule_matches_torch(case):
    s = getattr(schedules, case["schedule"])(**case["kwargs"])
    ours = [s(t) for t in range(len(case["lrs"]))]
    _close(ours, case["lrs"], rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("case", [c for c in SCHED["cases"] if c["schedule"] == "OneCycleLR"], ids=_case_id)
def test_onecycle_ends_at_total_steps(case):
    s = schedules.OneCycleLR(**case["kwargs"])
    total = case["kwargs"]["total_steps"]
    with pytest.raises(ValueError, match=f"total steps is {total}"):
        s(total)
    # torch raises one call later; its extra lr is the cosine/linear continued past the end
    assert case["torch_raises_after"].startswith(f"Tried to step {total + 1} times")
    assert math.isfinite(case["torch_lr_after_total_steps"])


TRAINING = data.torch_training()  # shipped with gdbook (gdbook/datasets/torch_training.json)


@pytest.mark.parametrize("case", TRAINING["cases"], ids=[c["optimizer"] for c in TRAINING["cases"]])
def test_fit_trains_the_mlp_as_torch_does(case):
    """A whole mini-batch training run (digits, an MLP, same weights and batch order) gives torch's losses."""
    from gdbook import fit, models

    setup = TRAINING["setup"]
    X, y = data.digits()
    X_train, X_val, y_train, y_val = data.train_test_split(X, y, test_size=setup["test_size"], seed=setup["split_seed"])
    mlp = models.MLP(setup["sizes"], activation=setup["activation"])
    opt = getattr(optim, case["optimizer"])(**case["kwargs"])
    h = fit(mlp, mlp.init(seed=setup["init_seed"]), X_train, y_train, opt, epochs=setup["epochs"],
            batch_size=setup["batch_size"], seed=setup["shuffle_seed"], val=(X_val, y_val))
    np.testing.assert_allclose(h.losses, case["losses"], rtol=1e-9, atol=0)
    np.testing.assert_allclose(h.val_losses, case["val_losses"], rtol=1e-9, atol=0)
    assert h.losses[-1] < 0.7 * h.losses[0]   # and it did learn
