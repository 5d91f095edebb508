"""Record PyTorch's optimizer and schedule numbers as small JSON fixtures for the engine tests.

The test suite does not need PyTorch: it compares ``gdbook.optim`` and
``gdbook.schedules`` with the numbers stored here. Re-run this script only when
the cases change (or to check a new PyTorch release), from the repository root:

    python3 -m venv /tmp/torchvenv
    /tmp/torchvenv/bin/pip install torch==2.13.0 numpy==2.4.6
    /tmp/torchvenv/bin/python scripts/record_torch_reference.py

It writes ``tests/fixtures/torch/optimizers.json``, ``tests/fixtures/torch/schedules.json`` and
``gdbook/datasets/torch_training.json`` (a whole mini-batch training run of a small MLP on the digits,
with gdbook's data, initial weights and batch order, so ``gdbook.fit`` can be compared with it; it
ships with gdbook, ``gdbook.data.torch_training()``, so chapter 13's comparison runs outside a clone).

The problem: parameters ``{"w": 3 numbers, "b": 2 numbers}`` and the elementwise gradient
``g = h * (p - c) + 0.4 * p * p * p`` (an ill-conditioned bowl with a quartic wall), written
the same way in both libraries so the gradients agree bit for bit. Everything is float64 and
uses torch's default (for-loop, on CPU) implementation.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch

torch.set_default_dtype(torch.float64)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "torch"
STEPS = 30
SCHEDULE_STEPS = 40

PROBLEM = {
    "h": {"w": [1.0, 4.0, 25.0], "b": [0.5, 9.0]},
    "c": {"w": [1.0, -2.0, 0.5], "b": [3.0, -1.0]},
    "p0": {"w": [-1.5, 1.0, 0.8], "b": [0.0, 2.0]},
    "quartic": 0.4,
    "grad": "h * (p - c) + quartic * p * p * p",
}

# (optimizer, kwargs, options); options: negate (feed -grad, for maximize), schedule (name, kwargs)
OPTIMIZER_CASES = [
    ("SGD", {"lr": 0.02}, {}),
    ("SGD", {"lr": 0.02, "momentum": 0.9}, {}),
    ("SGD", {"lr": 0.02, "momentum": 0.9, "dampening": 0.5}, {}),
    ("SGD", {"lr": 0.02, "momentum": 0.9, "nesterov": True}, {}),
    ("SGD", {"lr": 0.02, "weight_decay": 0.1}, {}),
    ("SGD", {"lr": 0.02, "momentum": 0.8, "weight_decay": 0.1, "nesterov": True}, {}),
    ("SGD", {"lr": 0.02, "momentum": 0.7, "dampening": 0.3, "weight_decay": 0.05}, {}),
    ("SGD", {"lr": 0.02, "maximize": True}, {"negate": True}),
    ("SGD", {"lr": 0.02, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01, "maximize": True}, {"negate": True}),
    ("SGD", {"lr": 0.03, "momentum": 0.9}, {"schedule": ("StepLR", {"step_size": 5, "gamma": 0.5})}),
    ("SGD", {"lr": 0.03, "momentum": 0.5}, {"schedule": ("OneCycleLR", {"max_lr": 0.03, "total_steps": STEPS})}),
    ("Adagrad", {"lr": 0.1}, {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.05}, {}),
    ("Adagrad", {"lr": 0.1, "weight_decay": 0.1}, {}),
    ("Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5}, {}),
    ("Adagrad", {"lr": 0.1, "eps": 1e-3}, {}),
    ("Adagrad", {"lr": 0.2, "lr_decay": 0.01, "weight_decay": 0.05, "initial_accumulator_value": 0.1, "eps": 1e-4,
                 "maximize": True}, {"negate": True}),
    ("RMSprop", {"lr": 0.01}, {}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9}, {}),
    ("RMSprop", {"lr": 0.01, "eps": 1e-3}, {}),
    ("RMSprop", {"lr": 0.01, "centered": True}, {}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9}, {}),
    ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}, {}),
    ("RMSprop", {"lr": 0.01, "weight_decay": 0.1}, {}),
    ("RMSprop", {"lr": 0.005, "alpha": 0.95, "eps": 1e-6, "weight_decay": 0.05, "momentum": 0.8, "centered": True,
                 "maximize": True}, {"negate": True}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9}, {"schedule": ("CosineAnnealingLR", {"T_max": 10, "eta_min": 0.001})}),
    ("Adam", {"lr": 0.05}, {}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99)}, {}),
    ("Adam", {"lr": 0.05, "betas": (0.0, 0.5)}, {}),
    ("Adam", {"lr": 0.05, "eps": 1e-3}, {}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1}, {}),
    ("Adam", {"lr": 0.05, "amsgrad": True}, {}),
    ("Adam", {"lr": 0.1, "betas": (0.85, 0.95), "eps": 1e-4, "weight_decay": 0.05, "amsgrad": True, "maximize": True},
     {"negate": True}),
    ("Adam", {"lr": 0.1}, {"schedule": ("LinearLR", {"start_factor": 0.1, "total_iters": 10})}),
    ("AdamW", {"lr": 0.05}, {}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.3}, {}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.0}, {}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True}, {}),
    ("AdamW", {"lr": 0.1, "betas": (0.85, 0.95), "eps": 1e-4, "weight_decay": 0.2, "amsgrad": True, "maximize": True},
     {"negate": True}),
    ("AdamW", {"lr": 0.1, "weight_decay": 0.5}, {"schedule": ("ExponentialLR", {"gamma": 0.9})}),
]

SCHEDULE_CASES = [
    ("StepLR", {"lr": 0.1, "step_size": 7, "gamma": 0.5}),
    ("StepLR", {"lr": 0.1, "step_size": 1, "gamma": 0.9}),
    ("MultiStepLR", {"lr": 0.1, "milestones": [5, 12, 12, 30], "gamma": 0.3}),
    ("MultiStepLR", {"lr": 1.0, "milestones": [0, 3]}),
    ("ExponentialLR", {"lr": 0.1, "gamma": 0.93}),
    ("CosineAnnealingLR", {"lr": 0.1, "T_max": 15, "eta_min": 0.001}),
    ("CosineAnnealingLR", {"lr": 0.2, "T_max": 40}),
    ("CosineAnnealingLR", {"lr": 0.5, "T_max": 1}),
    ("LinearLR", {"lr": 0.1}),
    ("LinearLR", {"lr": 0.1, "start_factor": 0.25, "end_factor": 0.75, "total_iters": 10}),
    ("LinearLR", {"lr": 1.0, "start_factor": 1.0, "end_factor": 0.1, "total_iters": 30}),
    ("OneCycleLR", {"max_lr": 1.0, "total_steps": 40}),
    ("OneCycleLR", {"max_lr": 0.5, "total_steps": 37, "pct_start": 0.25, "anneal_strategy": "linear",
                    "div_factor": 10.0, "final_div_factor": 100.0}),
    ("OneCycleLR", {"max_lr": 0.3, "total_steps": 40, "pct_start": 0.5}),
]


def _torch_schedule(opt: torch.optim.Optimizer, name: str, kwargs: dict):
    kw = {k: v for k, v in kwargs.items() if k not in ("lr", "max_lr")}
    cls = getattr(torch.optim.lr_scheduler, name)
    if name == "OneCycleLR":
        return cls(opt, max_lr=kwargs["max_lr"], cycle_momentum=False, **kw)
    return cls(opt, **kw)


def record_optimizers() -> dict:
    h = {k: torch.tensor(v) for k, v in PROBLEM["h"].items()}
    c = {k: torch.tensor(v) for k, v in PROBLEM["c"].items()}
    q = PROBLEM["quartic"]
    cases = []
    for name, kwargs, options in OPTIMIZER_CASES:
        params = {k: torch.tensor(v, requires_grad=False) for k, v in PROBLEM["p0"].items()}
        opt = getattr(torch.optim, name)(list(params.values()), **kwargs)  # default implementation
        schedule = options.get("schedule")
        sched = None
        if schedule is not None:
            sched_kwargs = dict(schedule[1])
            sched = _torch_schedule(opt, schedule[0], {"lr": kwargs["lr"], **sched_kwargs})
        path = {k: [v.tolist()] for k, v in params.items()}
        lrs = []
        for _ in range(STEPS):
            for k, p in params.items():
                g = h[k] * (p - c[k]) + q * p * p * p
                p.grad = -g if options.get("negate") else g
            lrs.append(opt.param_groups[0]["lr"])
            with torch.no_grad():
                opt.step()
            if sched is not None:
                sched.step()
            for k, p in params.items():
                path[k].append(p.tolist())
        case = {"optimizer": name, "kwargs": kwargs, "negate": bool(options.get("negate")), "lrs": lrs, "path": path}
        if schedule is not None:
            case["schedule"] = {"name": schedule[0], "kwargs": schedule[1]}
        cases.append(case)
    return {"torch_version": torch.__version__, "steps": STEPS, "problem": PROBLEM, "cases": cases}


def record_schedules() -> dict:
    cases = []
    for name, kwargs in SCHEDULE_CASES:
        p = torch.zeros(1, requires_grad=True)
        base = kwargs.get("lr", kwargs.get("max_lr"))
        opt = torch.optim.SGD([p], lr=base)
        sched = _torch_schedule(opt, name, kwargs)
        n = kwargs["total_steps"] if name == "OneCycleLR" else SCHEDULE_STEPS
        lrs = []
        for _ in range(n):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        case = {"schedule": name, "kwargs": kwargs, "lrs": lrs}
        if name == "OneCycleLR":
            # torch still computes an lr after total_steps calls and raises on the next call
            case["torch_lr_after_total_steps"] = opt.param_groups[0]["lr"]
            try:
                sched.step()
                case["torch_raises_after"] = None
            except ValueError as exc:
                case["torch_raises_after"] = str(exc)
        cases.append(case)
    return {"torch_version": torch.__version__, "cases": cases}


# A whole training run: the digits, gdbook's split, initial weights and batch order, torch's maths.
TRAINING = {"sizes": [64, 32, 10], "activation": "tanh", "init_seed": 0, "split_seed": 0, "test_size": 0.25,
            "batch_size": 64, "epochs": 5, "shuffle_seed": 0}
TRAINING_CASES = [
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("Adam", {"lr": 0.001}),
]


def record_training() -> dict:
    """Train the same MLP as ``gdbook.fit`` does, step for step, with torch.optim; per-epoch losses."""
    import sys

    sys.path.insert(0, str(ROOT))
    from gdbook import data, models

    X, y = data.digits()
    X_train, X_val, y_train, y_val = data.train_test_split(X, y, test_size=TRAINING["test_size"],
                                                           seed=TRAINING["split_seed"])
    mlp = models.MLP(TRAINING["sizes"], activation=TRAINING["activation"])
    p0 = mlp.init(seed=TRAINING["init_seed"])
    Xt, yt = torch.tensor(X_train), torch.tensor(y_train)
    Xv, yv = torch.tensor(X_val), torch.tensor(y_val)
    cases = []
    for name, kwargs in TRAINING_CASES:
        params = {k: torch.tensor(v, requires_grad=True) for k, v in p0.items()}
        opt = getattr(torch.optim, name)(list(params.values()), **kwargs)

        def loss_on(Xs, ys):
            a = torch.tanh(Xs @ params["W1"] + params["b1"])
            return torch.nn.functional.cross_entropy(a @ params["W2"] + params["b2"], ys)  # mean over the batch

        losses, val_losses = [], []
        for epoch in range(TRAINING["epochs"] + 1):
            with torch.no_grad():
                losses.append(loss_on(Xt, yt).item())
                val_losses.append(loss_on(Xv, yv).item())
            if epoch == TRAINING["epochs"]:
                break
            batches = data.batches(X_train, y_train, TRAINING["batch_size"], seed=TRAINING["shuffle_seed"] + epoch)
            for Xb, yb in batches:   # gdbook's batch order: the same examples in the same steps
                opt.zero_grad()
                loss_on(torch.tensor(Xb), torch.tensor(yb)).backward()
                opt.step()
        cases.append({"optimizer": name, "kwargs": kwargs, "losses": losses, "val_losses": val_losses})
    return {"torch_version": torch.__version__, "setup": TRAINING, "cases": cases}


def _dump(obj: dict, path: Path) -> None:
    """JSON with one case per line: small, and a re-recording shows up as a readable diff."""
    path.parent.mkdir(parents=True, exist_ok=True)
    head = {k: v for k, v in obj.items() if k != "cases"}
    lines = [json.dumps(head, allow_nan=False)[:-1] + ', "cases": [']
    cases = [json.dumps(c, allow_nan=False, separators=(",", ":")) for c in obj["cases"]]
    lines.append(",\n".join(cases))
    lines.append("]}")
    text = "\n".join(lines)
    json.loads(text)  # still valid JSON
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)} ({len(text) / 1024:.1f} KiB)")


def main() -> None:
    assert all(math.isfinite(x) for v in PROBLEM["p0"].values() for x in v)
    _dump(record_optimizers(), OUT / "optimizers.json")
    _dump(record_schedules(), OUT / "schedules.json")
    _dump(record_training(), ROOT / "gdbook" / "datasets" / "torch_training.json")


if __name__ == "__main__":
    main()
