"""The widgets' facts and golden runs, from gdbook, as JSON.

The widgets' maths (docs/assets/js/widgets/gdmath.js) repeats gdbook's formulas; the numbers
around them are not copied by hand but taken from gdbook here:

* **constants** -- each objective's parameters, minima (and, in 1-D, maxima) and plot window;
  each optimizer's defaults (its signature); the divergence factor ``gdbook.loop.GROWTH``; and
  the widgets' own settings (start points, learning rates, steps, windows of the playground,
  labels), written once, below. Written to ``docs/assets/data/widgets.json`` and, for the page
  (classic scripts, so they also work from ``file://``), ``docs/assets/data/widgets.js`` and, for
  the data only one widget uses, ``docs/assets/data/WIDGET.js`` (``OWN_DATA``); the
  MkDocs hook runs this before every build. The files are rewritten only when their bytes
  change (no ``mkdocs serve`` rebuild loop) and are git-ignored.
* **golden runs** (``--golden PATH``) -- ``gdbook.minimize`` for a set of cases: every widget's
  default race, every optimizer and hyperparameter the maths module has, runs that converge
  and runs that diverge; plus value and gradient of every objective at a few points. The
  ``node --test`` suite (tests/js/) checks the maths module against them.

    python -m tools.widget_data                       # the constants, into docs/assets/data/
    python -m tools.widget_data --out DIR --golden DIR/golden.json
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "assets" / "data"


# ---- the widgets' settings (written once, here) -------------------------------------------------


def widget_objectives() -> dict[str, Any]:
    from gdbook.functions import DoubleWell, Himmelblau, Parabola, Quadratic, Rosenbrock, Saddle

    # key -> the gdbook objective the widgets draw, and the names of its parameters
    return {
        "parabola": (Parabola(center=3.0), ("center", "a")),
        "double-well": (DoubleWell(), ()),
        "quadratic": (Quadratic(condition=10.0), ("condition",)),
        "rosenbrock": (Rosenbrock(), ("a", "b")),
        "himmelblau": (Himmelblau(), ()),
        "saddle": (Saddle(), ()),
    }


def optimizer_classes() -> dict[str, type]:
    from gdbook.optim import SGD, Adagrad, Adam, AdamW, RMSprop

    return {"sgd": SGD, "adagrad": Adagrad, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW}


def _num(v: float) -> str:
    """3.0 -> '3', 0.5 -> '0.5' (for labels)."""
    return f"{v:g}".replace("-", "−")


def widget_settings(objectives: dict[str, Any], defaults: dict[str, dict]) -> dict[str, Any]:
    """What each widget starts with. The labels name the parameters gdbook's objectives have."""
    parabola = objectives["parabola"][0]
    quadratic = objectives["quadratic"][0]
    a = "" if parabola.a == 1 else _num(parabola.a)
    roll = {
        "lr": 0.1,  # when the markup gives no data-lr
        "functions": {
            "parabola": {"label": f"f(x) = {a}(x − {_num(parabola.center)})²", "x0": 0.0},
            "double-well": {"label": "f(x) = x⁴ − 4x² + x", "x0": 2.2},
        },
        "settled": 1e-6,  # |f'(x)| below this: the ball has stopped
        "max_steps": 500,
    }
    rmsprop, adam = defaults["rmsprop"], defaults["adam"]
    playground = {
        # Equal scales on a 3:2 plot: each window is 3:2.
        "functions": {
            "quadratic": {
                "label": f"Bowl ½(x² + {_num(quadratic.condition)}y²)",
                "window": [[-10.0, 10.0], [-20 / 3, 20 / 3]], "start": [-9.0, 3.0], "steps": 150,
                "levels": [0.25, 2, 14],
                "lr": {"sgd": 0.15, "momentum": 0.03, "nesterov": 0.03, "adagrad": 2.0, "rmsprop": 0.3, "adam": 0.5},
            },
            "rosenbrock": {
                "label": "Rosenbrock's banana",
                "window": [[-2.25, 2.25], [-1.0, 2.0]], "start": [-1.5, 1.5], "steps": 1500,
                "levels": [0.05, 2, 16],
                "lr": {"sgd": 0.002, "momentum": 0.001, "nesterov": 0.001, "adagrad": 1.0, "rmsprop": 0.005,
                       "adam": 0.02},
            },
            "himmelblau": {
                "label": "Himmelblau, 4 minima",
                "window": [[-6.0, 6.0], [-4.5, 3.5]], "start": [0.0, -1.0], "steps": 300,
                "levels": [0.5, 1.6, 15],
                "lr": {"sgd": 0.01, "momentum": 0.005, "nesterov": 0.005, "adagrad": 0.5, "rmsprop": 0.05,
                       "adam": 0.1},
            },
        },
        # The racers: which gdbook optimizer, and which hyperparameters the reader may change
        # ([key, label, default]; beta1 and beta2 are the two entries of betas).
        "racers": [
            {"id": "sgd", "label": "SGD", "rule": "sgd", "fields": [], "fixed": {}},
            {"id": "momentum", "label": "Momentum", "rule": "sgd", "fields": [["momentum", "momentum", 0.9]],
             "fixed": {}},
            {"id": "nesterov", "label": "Nesterov", "rule": "sgd", "fields": [["momentum", "momentum", 0.9]],
             "fixed": {"nesterov": True}},
            {"id": "adagrad", "label": "Adagrad", "rule": "adagrad", "fields": [], "fixed": {}},
            {"id": "rmsprop", "label": "RMSprop", "rule": "rmsprop",
             "fields": [["alpha", "alpha", rmsprop["alpha"]]], "fixed": {}},
            {"id": "adam", "label": "Adam", "rule": "adam",
             "fields": [["beta1", "β₁", adam["betas"][0]], ["beta2", "β₂", adam["betas"][1]]], "fixed": {}},
        ],
        "reached": 1e-4,  # the finish line: f(x) below this (every minimum here has f = 0)
    }
    return {"roll-downhill": roll, "playground": playground}


def racer_hyper(racer: dict, fields: dict[str, float] | None = None, lr: float | None = None) -> dict[str, Any]:
    """The hyperparameters a playground racer runs with: its fixed ones, its fields (defaults
    unless given) and lr -- as the widget assembles them."""
    values = {key: default for key, _, default in racer["fields"]}
    values.update(fields or {})
    hyper: dict[str, Any] = {} if lr is None else {"lr": lr}
    hyper.update(racer["fixed"])
    for key, value in values.items():
        if key not in ("beta1", "beta2"):
            hyper[key] = value
    if "beta1" in values:
        hyper["betas"] = [values["beta1"], values["beta2"]]
    return hyper


# ---- facts from gdbook ------------------------------------------------------------------------


def _points(v: Any) -> list[list[float]]:
    """Minima (floats in 1-D, arrays in 2-D) as a list of coordinate lists."""
    return [[float(c) for c in (m if hasattr(m, "__len__") else [m])] for m in v]


def _window(obj: Any) -> list[list[float]]:
    w = obj.window
    return [[float(w[0]), float(w[1])]] if obj.dim == 1 else [[float(a), float(b)] for a, b in w]


def _maxima_1d(obj: Any, n: int = 2000) -> list[list[float]]:
    """Local maxima of a 1-D objective inside its window: sign changes of the gradient from + to -,
    polished with Newton's method on gdbook's gradient and second derivative."""
    (lo, hi), = _window(obj)
    xs = [lo + (hi - lo) * i / n for i in range(n + 1)]
    gs = [float(obj.grad(x)) for x in xs]
    found = []
    for x, g0, g1 in zip(xs, gs, gs[1:]):
        if g0 > 0 >= g1:
            for _ in range(60):
                step = float(obj.grad(x)) / obj.hessian(x)
                x -= step
                if abs(step) < 1e-15:
                    break
            found.append([float(x)])
    return found


def signature_defaults(cls: type) -> dict[str, Any]:
    """An optimizer's defaults from its signature (``maximize`` left out: the widgets descend)."""
    out = {}
    for name, p in inspect.signature(cls.__init__).parameters.items():
        if name in ("self", "maximize") or p.default is inspect.Parameter.empty:
            continue
        out[name] = list(p.default) if isinstance(p.default, tuple) else p.default
    return out


def constants() -> dict[str, Any]:
    from gdbook.loop import GROWTH

    objectives = widget_objectives()
    defaults = {name: signature_defaults(cls) for name, cls in optimizer_classes().items()}
    facts = {}
    for key, (obj, params) in objectives.items():
        facts[key] = {
            "kind": key, "name": obj.name, "dim": obj.dim,
            "params": {p: float(getattr(obj, p)) for p in params},
            "minima": _points(obj.minima),
            "maxima": _maxima_1d(obj) if obj.dim == 1 else [],
            "window": _window(obj),
        }
    return {
        "about": "Generated by tools/widget_data.py from gdbook; do not edit.",
        "growth": float(GROWTH),
        "objectives": facts,
        "optimizers": defaults,
        "widgets": widget_settings(objectives, defaults),
        "momentum": momentum_widget(),  # chapter 10's heavy-ball widget
        "adaptive": adaptive_explorer(),  # chapter 11's adaptive step explorer
        "epochs": epoch_explorer(),  # chapter 8's epoch explorer
        "backprop": backprop_stepper(),  # chapter 13's backprop stepper
        "batches": batch_explorer(),  # chapter 9's batch-size explorer
        "schedules": schedules_explorer(),  # chapter 12's schedule explorer
    }


# ---- golden runs ------------------------------------------------------------------------------

# (objective, optimizer, hyperparameters, x0, steps), beyond the widgets' own defaults.
CASES: list[tuple[str, str, dict, list[float], int]] = [
    # roll downhill: plain gradient descent on a curve
    ("parabola", "sgd", {"lr": 0.1}, [0.0], 20),  # the chapter's run: x_20 = 2.9654
    ("parabola", "sgd", {"lr": 0.9}, [0.0], 40),  # overshoots and converges
    ("parabola", "sgd", {"lr": 1.0}, [0.0], 10),  # bounces between 0 and 6
    ("parabola", "sgd", {"lr": 1.5}, [8.0], 200),  # diverges at step 17
    ("parabola", "sgd", {"lr": 0.001}, [-1.0], 30),  # the slider's smallest learning rate
    ("double-well", "sgd", {"lr": 0.05}, [2.2], 60),  # ends in the shallow (local) minimum
    ("double-well", "sgd", {"lr": 0.1}, [2.4], 60),  # jumps over the hump into the deep valley
    ("double-well", "sgd", {"lr": 0.02}, [-2.5], 80),
    # lr * f'' > 2 at both minima: chaotic bouncing, where a 1-ulp difference doubles every few
    # steps; both sides compute the powers as the same products, so the whole run agrees.
    ("double-well", "sgd", {"lr": 0.2}, [2.0], 150),
    # the playground's fields changed: momentum, alpha, betas
    ("quadratic", "sgd", {"lr": 0.03, "momentum": 0.8, "nesterov": True}, [5.0, -4.0], 100),
    ("quadratic", "rmsprop", {"lr": 0.3, "alpha": 0.9}, [5.0, -4.0], 100),
    ("rosenbrock", "sgd", {"lr": 0.0005, "momentum": 0.95}, [-1.5, 1.5], 1500),
    ("rosenbrock", "adam", {"lr": 0.02, "betas": [0.8, 0.99]}, [-1.5, 1.5], 1500),
    # too large: both diverge, at the step gdbook names
    ("quadratic", "sgd", {"lr": 0.25}, [-9.0, 3.0], 400),
    ("quadratic", "sgd", {"lr": 0.5, "momentum": 0.9}, [-9.0, 3.0], 400),
    # every hyperparameter, beyond the playground's fields
    ("parabola", "sgd", {"lr": 0.1, "weight_decay": 0.1}, [8.0], 50),
    ("quadratic", "sgd", {"lr": 0.03, "momentum": 0.9, "dampening": 0.5}, [-9.0, 3.0], 100),
    ("rosenbrock", "sgd", {"lr": 0.0005, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}, [-1.5, 2.0], 500),
    ("himmelblau", "adagrad", {"lr": 0.5, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-6},
     [0.5, 0.5], 200),
    ("himmelblau", "adagrad", {"lr": 0.3, "weight_decay": 0.05}, [-1.0, 1.0], 200),
    ("quadratic", "rmsprop", {"lr": 0.05, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.01, "momentum": 0.5,
                              "centered": True}, [-9.0, 3.0], 200),
    ("double-well", "rmsprop", {"lr": 0.01}, [2.2], 300),
    ("rosenbrock", "adam", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.01}, [-1.5, 2.0], 500),
    ("double-well", "adam", {"lr": 0.1, "betas": [0.5, 0.9], "eps": 1e-3}, [-2.4], 200),
    ("himmelblau", "adamw", {"lr": 0.05}, [1.0, -1.0], 300),
    ("quadratic", "adamw", {"lr": 0.3, "weight_decay": 0.1, "amsgrad": True}, [-9.0, 3.0], 200),
    ("rosenbrock", "adamw", {"lr": 0.01, "betas": [0.95, 0.9], "eps": 1e-4, "weight_decay": 0.0}, [-1.5, 2.0], 500),
    ("saddle", "sgd", {"lr": 0.1}, [1.0, 1e-3], 200),  # slides off the saddle and diverges
    ("saddle", "adam", {"lr": 0.5}, [0.5, -1e-3], 300),  # Adam leaves the saddle too
    ("parabola", "adagrad", {"lr": 5.0}, [0.0], 50),
    ("parabola", "sgd", {"lr": 1e154}, [0.0], 5),  # overflows: f(x) = inf at step 1
    ("parabola", "sgd", {"lr": 1e308}, [0.0], 5),  # x = inf at step 1
]


def all_cases(data: dict[str, Any]) -> list[tuple[str, str, str, dict, list[float], int]]:
    """(id, objective, optimizer, hyper, x0, steps): the cases above and every widget default."""
    out = []
    roll = data["widgets"]["roll-downhill"]
    for fn, spec in roll["functions"].items():
        out.append((f"roll-downhill default {fn}", fn, "sgd", {"lr": roll["lr"]}, [spec["x0"]], 100))
    pg = data["widgets"]["playground"]
    for fn, spec in pg["functions"].items():
        for racer in pg["racers"]:
            out.append((f"playground default {fn} {racer['id']}", fn, racer["rule"],
                        racer_hyper(racer, lr=spec["lr"][racer["id"]]), spec["start"], spec["steps"]))
    for fn, rule, hyper, x0, steps in CASES:
        out.append((f"{fn} {rule} {json.dumps(hyper)} from {x0}", fn, rule, hyper, x0, steps))
    return out


def _finite_or_str(v: float) -> float | str:
    """JSON has no inf or nan: those are written as the strings 'inf', '-inf', 'nan'."""
    v = float(v)
    return v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))


def golden(data: dict[str, Any]) -> dict[str, Any]:
    import numpy as np

    from gdbook import minimize

    objectives = widget_objectives()
    optimizers = optimizer_classes()
    runs = []
    for case_id, fn, rule, hyper, x0, steps in all_cases(data):
        obj = objectives[fn][0]
        kw = {k: tuple(v) if k == "betas" else v for k, v in hyper.items()}
        start = float(x0[0]) if obj.dim == 1 else np.array(x0, dtype=float)
        h = minimize(obj, start, optimizers[rule](**kw), steps=steps)
        path = np.asarray(h.path, dtype=float).reshape(len(h.path), -1)
        runs.append({
            "id": case_id, "objective": fn, "optimizer": rule, "hyper": hyper, "x0": x0, "steps": steps,
            "path": [[_finite_or_str(c) for c in row] for row in path],
            "losses": [_finite_or_str(v) for v in h.losses],
            "status": h.status, "diverged_at": h.diverged_at, "message": h.message,
        })
    # value and gradient at a few points of each window (and at the minima)
    points = {}
    for fn, (obj, _) in objectives.items():
        win = _window(obj)
        grid = [[lo + (hi - lo) * t for (lo, hi) in win] for t in (0.0, 0.13, 0.37, 0.5, 0.71, 1.0)]
        if obj.dim == 2:
            grid += [[win[0][0] + (win[0][1] - win[0][0]) * s, win[1][0] + (win[1][1] - win[1][0]) * t]
                     for s, t in ((0.2, 0.9), (0.9, 0.15), (0.6, 0.3))]
        grid += _points(obj.minima)
        rows = []
        for x in grid:
            arg = x[0] if obj.dim == 1 else np.array(x)
            g = np.atleast_1d(np.asarray(obj.grad(arg), dtype=float))
            rows.append({"x": x, "value": float(obj.value(arg)), "grad": [float(c) for c in g]})
        points[fn] = rows
    return {"about": "Generated by tools/widget_data.py (gdbook.minimize); do not edit.", "runs": runs,
            "points": points}


# ---- writing ----------------------------------------------------------------------------------


def _dump(obj: Any, compact: bool = False) -> str:
    if compact:
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False) + "\n"
    return json.dumps(obj, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` only when it differs (atomically); True when written."""
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return True


# Data that one widget alone uses, too big to send to every page with a widget (3-9 KB compressed
# each): it goes into its own script, data/WIDGET.js, which core.js loads with that widget only (its
# OWN_DATA list; tests/test_first_load.py checks the two agree). widget -> key of the data.
OWN_DATA = {"epoch-explorer": "epochs", "batch-size": "batches", "schedules": "schedules"}
HEADER = "/* Generated by tools/widget_data.py from gdbook; do not edit. Part of the object in widgets.json. */\n"
PAGE = "{ const gd = (globalThis.gdbook = globalThis.gdbook || {}); gd.data = gd.data || {};\n"


def page_scripts(data: dict[str, Any]) -> dict[str, str]:
    """The same object for the page, as classic scripts (loaded before gdmath.js and the widget's):
    ``widgets.js`` with what several widgets use, ``WIDGET.js`` with what only WIDGET uses."""
    own = set(OWN_DATA.values())
    shared = {k: v for k, v in data.items() if k not in own}
    scripts = {"widgets.js": HEADER + PAGE + f"Object.assign(gd.data, {_dump(shared, compact=True).rstrip()}); }}\n"}
    for widget, key in OWN_DATA.items():
        scripts[f"{widget}.js"] = HEADER + PAGE + f"gd.data[{json.dumps(key)}] = {_dump(data[key], compact=True).rstrip()}; }}\n"
    return scripts


def write(out: Path = OUT, golden_path: Path | None = None) -> list[Path]:
    """Write widgets.json and the page's scripts into ``out`` (and the golden runs); return what changed."""
    data = constants()
    changed = []
    files = {"widgets.json": _dump(data), **page_scripts(data)}
    for name, text in files.items():
        if write_if_changed(out / name, text):
            changed.append(out / name)
    if golden_path is not None and write_if_changed(golden_path, _dump(golden(data), compact=True)):
        changed.append(golden_path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.widget_data", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="directory for widgets.json and the scripts")
    parser.add_argument("--golden", type=Path, help="also write the golden runs to this file")
    args = parser.parse_args(argv)
    changed = write(args.out, args.golden)
    names = [str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in changed]
    print(f"widget data: {'wrote ' + ', '.join(names) if names else 'unchanged'}")
    return 0


def backprop_stepper() -> dict[str, Any]:
    """The backprop stepper (chapter 13): one example through a 2-2-2 tanh MLP, every value of the
    forward pass and every gradient of the backward pass, computed by gdbook.models.MLP."""
    import numpy as np

    from gdbook.models import MLP

    mlp = MLP([2, 2, 2])
    params = {"W1": np.array([[0.5, -0.4], [0.3, 0.8]]), "b1": np.array([0.1, -0.2]),
              "W2": np.array([[1.2, -0.7], [-0.6, 0.9]]), "b2": np.array([0.0, 0.3])}
    X, y = np.array([[1.0, 2.0]]), np.array([1])
    x, a1, z2 = mlp.forward(params, X)
    loss, grads = mlp.loss_and_grad(params, X, y)
    # with one example (n = 1) the bias gradients are d loss / d z2 and d loss / d z1 themselves
    dz2, dz1 = grads["b2"], grads["b1"]
    rows = {
        "x": x[0], "z1": X[0] @ params["W1"] + params["b1"], "a1": a1[0], "z2": z2[0],
        "p": mlp.predict_proba(params, X)[0], "dz2": dz2, "da1": dz2 @ params["W2"].T, "dz1": dz1,
    }
    out: dict[str, Any] = {"y": int(y[0]), "n": 1, "loss": float(loss)}
    out.update({k: [float(v) for v in row] for k, row in rows.items()})
    for key in params:
        out[key] = np.asarray(params[key], dtype=float).tolist()
        out["d" + key] = np.asarray(grads[key], dtype=float).tolist()
    return out


def epoch_explorer() -> dict[str, Any]:
    """The epoch explorer (chapter 8): for each batch size (and drop_last), which examples each step
    of gdbook.fit uses (data.batches with seed + epoch, as fit calls it), the examples an epoch drops,
    and fit's batch losses (per step) and training losses (per epoch)."""
    import numpy as np

    from gdbook import data, fit, models
    from gdbook.optim import SGD

    n, epochs, lr, seed = 20, 3, 0.1, 0
    X, y = data.noisy_line(n=n, seed=0)
    ids = np.arange(n)
    model = models.LinearRegression(n_features=1)
    runs = []
    for batch_size in (1, 2, 3, 4, 5, 8, 10, 16, 20):
        for drop_last in (False, True):
            h = fit(model, model.init(seed=0), X, y, SGD(lr=lr), epochs=epochs, batch_size=batch_size,
                    seed=seed, drop_last=drop_last)
            batches, dropped = [], []
            for e in range(epochs):
                used = [[int(i) for i in b] for _, b in data.batches(ids[:, None], ids, batch_size, seed=seed + e,
                                                                     drop_last=drop_last)]
                every = [int(i) for _, b in data.batches(ids[:, None], ids, batch_size, seed=seed + e) for i in b]
                batches.append(used)
                dropped.append(every[sum(len(b) for b in used):])
            runs.append({"batch_size": batch_size, "drop_last": drop_last, "batches": batches, "dropped": dropped,
                         "batch_losses": [float(v) for v in h.batch_losses],
                         "losses": [float(v) for v in h.losses], "steps": int(h.steps)})
    return {"n": n, "epochs": epochs, "lr": lr, "seed": seed,
            "call": f"fit(LinearRegression(1), noisy_line(n={n}), SGD(lr={lr}), epochs={epochs}, batch_size=b)",
            "runs": runs}


def batch_explorer() -> dict[str, Any]:
    """The batch-size explorer (chapter 9): gdbook.fit on noisy_line(n=128) with SGD(lr=0.1) for 10
    epochs, for each batch size. Per run: every step's parameters (w, b), as fit passes them to the
    model, in thousandths (a flat list w0, b0, w1, b1, ...; drawn, not read out), fit's loss per epoch,
    its final parameters and final loss (exact), and the step count. Plus the loss's contours as
    ellipses around the least-squares fit: the points best + sqrt(c) * (cos t * axes[0] + sin t * axes[1])
    have loss lowest + c."""
    import numpy as np

    from gdbook import data, fit, models
    from gdbook.optim import SGD

    n, lr, epochs = 128, 0.1, 10
    X, y = data.noisy_line(n=n, seed=0)
    model = models.LinearRegression(n_features=1)
    start = {"w": np.array([-1.0]), "b": np.array(-1.0)}

    class Recorder:  # the model, noting the parameters of every step fit takes
        def __init__(self) -> None:
            self.seen: list[dict] = []

        def loss_and_grad(self, params: dict, Xb: Any, yb: Any) -> Any:
            self.seen.append(params)
            return model.loss_and_grad(params, Xb, yb)

        def evaluate(self, params: dict, Xb: Any, yb: Any) -> Any:
            return model.evaluate(params, Xb, yb)

    runs = []
    for batch_size in (1, 4, 8, 16, 32, 64, 128):
        rec = Recorder()
        h = fit(rec, start, X, y, SGD(lr=lr), epochs=epochs, batch_size=batch_size)
        flat: list[int] = []
        for p in rec.seen + [h.x]:
            flat += [int(round(1000 * float(p["w"][0]))), int(round(1000 * float(p["b"])))]
        runs.append({"batch_size": batch_size, "steps": int(h.steps), "path": flat,
                     "losses": [float(v) for v in h.losses], "x": [float(h.x["w"][0]), float(h.x["b"])],
                     "final_loss": h.final_loss, "status": h.status})
    A = np.hstack([X, np.ones((n, 1))])
    best = np.linalg.lstsq(A, y, rcond=None)[0]
    hessian = 2 / n * A.T @ A  # loss = lowest + d^T (H/2) d, d = (w, b) - best
    curv, vecs = np.linalg.eigh(hessian)
    axes = [[float(c) for c in vecs[:, i] * np.sqrt(2 / curv[i])] for i in range(2)]
    return {"n": n, "lr": lr, "epochs": epochs, "start": [-1.0, -1.0],
            "call": f"fit(LinearRegression(1), data.noisy_line(n={n}, seed=0), SGD(lr={lr}), epochs={epochs})",
            "best": [float(v) for v in best],
            "lowest": model.loss({"w": best[:1], "b": np.array(best[1])}, X, y),
            "axes": axes, "levels": [0.02, 0.1, 0.3, 1.0, 2.0, 4.0, 8.0],
            "window": [[-1.6, 3.4], [-1.6, 2.4]], "runs": runs}



def adaptive_explorer() -> dict[str, Any]:
    """Chapter 11's adaptive step explorer: the Quadratic(condition) bowls it offers, its window
    (equal scales), start, steps, contour levels (lowest, ratio, count), the learning rates of its
    slider, and each optimizer's first learning rate; the optimizers' rules and defaults are gdbook's."""
    from gdbook.functions import Quadratic

    return {
        "conditions": [Quadratic(condition=c).condition for c in (1.0, 10.0, 100.0)],
        "condition": 100.0,
        "window": [[-10.0, 4.0], [-4.0, 4.0]],
        "start": [-9.0, 3.0],
        "steps": 200,
        "levels": [0.5, 2.0, 12],
        "lrs": [0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0],
        "optimizers": [
            {"id": "sgd", "label": "SGD", "lr": 0.01},
            {"id": "adagrad", "label": "Adagrad", "lr": 1.0},
            {"id": "rmsprop", "label": "RMSprop", "lr": 0.1},
            {"id": "adam", "label": "Adam", "lr": 0.2},
            {"id": "adamw", "label": "AdamW", "lr": 0.2},
        ],
        "first": "adam",
    }


def momentum_widget() -> dict[str, Any]:
    """Chapter 10's widget (docs/assets/js/widgets/momentum.js): SGD(lr, momentum) on
    Quadratic(condition) for each condition offered, from one start; the sliders' values."""
    mantissas = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9]
    lrs = [float(f"{m * 10.0 ** e:.3g}") for e in (-3, -2, -1) for m in mantissas] + [1.0]
    return {
        "conditions": [10.0, 100.0],
        "start": [-9.0, 3.0],
        "steps": 300,  # the measured rate is (d[300] / d[150]) ** (1 / 150), as in the chapter
        "lr": 0.02, "beta": 0.9,  # the settings it opens with
        "lrs": lrs,
        "betas": [round(0.01 * i, 2) for i in range(100)],
        "window": [[-10.0, 10.0], [-12.0, 12.0]],
    }

def schedules_explorer() -> dict[str, Any]:
    """The schedule explorer (chapter 12): a small linear regression (its data, the start, the batch
    order of each epoch as gdbook.fit takes it, the least-squares loss) and the schedules offered.
    The page computes lr(t) and the run itself; tests/test_schedules_widget.py checks both against gdbook."""
    import numpy as np

    from gdbook import data, models

    n, d, noise, epochs, batch_size = 64, 2, 0.5, 20, 8
    X, y = data.linear_regression(n=n, d=d, noise=noise, seed=0)
    model = models.LinearRegression(n_features=d)
    start = model.init(seed=0)
    ids = np.arange(n)
    orders = [[int(i) for _, b in data.batches(ids[:, None], ids, batch_size, seed=e) for i in b]
              for e in range(epochs)]  # fit(..., seed=0): epoch e shuffles with seed 0 + e
    A = np.hstack([X, np.ones((n, 1))])
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    best = model.loss({"w": coef[:d], "b": np.array(coef[d])}, X, y)
    total = epochs * (n // batch_size)
    return {
        "n": n, "d": d, "noise": noise, "epochs": epochs, "batch_size": batch_size, "total": total,
        "X": X.tolist(), "y": y.tolist(), "w0": start["w"].tolist(), "b0": float(start["b"]),
        "orders": orders, "best_loss": float(best),
        "lrs": [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.2], "lr": 0.5, "schedule": "cosine",
        # [id, label, the parameter the reader sets (key, label, values, default) or None, fixed arguments]
        "schedules": [
            ["constant", "Constant", None, {}],
            ["step", "Step (StepLR)", ["gamma", "γ, the factor every 40 steps", [0.1, 0.2, 0.3, 0.5, 0.7], 0.3],
             {"step_size": 40}],
            ["multistep", "Multi-step (MultiStepLR)", ["gamma", "γ, the factor at steps 80 and 120",
                                                       [0.05, 0.1, 0.2, 0.3, 0.5], 0.1], {"milestones": [80, 120]}],
            ["exponential", "Exponential (ExponentialLR)", ["gamma", "γ, the factor every step",
                                                            [0.95, 0.97, 0.98, 0.99, 0.995], 0.97], {}],
            ["cosine", "Cosine (CosineAnnealingLR)", ["eta_min", "eta_min, the rate at the end",
                                                      [0.0, 0.001, 0.01], 0.0], {"T_max": total}],
            ["warmup-cosine", "Linear warmup, then cosine", ["warmup", "warmup steps", [8, 16, 32, 48, 80], 16],
             {"total": total}],
            ["onecycle", "One-cycle (OneCycleLR)", ["pct_start", "pct_start, the share of steps going up",
                                                    [0.1, 0.2, 0.3, 0.4, 0.5], 0.3], {"total_steps": total}],
        ],
    }


if __name__ == "__main__":
    sys.exit(main())
