"""The loops: ``minimize`` (an objective of x) and ``fit`` (a model on data), returning a ``History``.

Both loops watch for divergence: when the iterates, the loss or the gradient
stop being finite numbers, or the loss grows to more than ``GROWTH`` (1e10) times
its starting size, they stop and say so (``status="diverged"``) instead of filling
the screen with overflow warnings.

Examples:
    >>> from gdbook.functions import Parabola
    >>> from gdbook.optim import SGD
    >>> h = minimize(Parabola(center=3.0), 8.0, SGD(lr=0.1), steps=20)
    >>> print(h)
    finished: 20 steps, x = 3.0576, f(x) = 0.003323
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from gdbook import _checks

__all__ = ["History", "minimize", "fit"]

GROWTH = 1e10  # |loss| > GROWTH * max(1, |loss at the start|) counts as diverged


def _limit(start: float) -> float:
    """The size of loss that counts as blown up, for a run that started at loss ``start``."""
    return GROWTH * max(1.0, abs(float(start))) if np.isfinite(start) else np.inf


def _column(values: Any, digits: int) -> list[str]:
    """One table column: fixed-point with ``digits`` decimals, or all scientific when fixed
    point would hide a number (too small to show, or too long to read)."""
    vs = [float(v) for v in values]
    sci = any(v != 0 and np.isfinite(v) and (abs(v) < 10.0**-digits or abs(v) >= 1e6) for v in vs)
    return [f"{v:.{digits}e}" if sci else f"{v:.{digits}f}" for v in vs]


def _short(v: float) -> str:
    return f"{float(v):.4g}"


def _point(x: Any) -> str:
    x = np.asarray(x, dtype=float)
    if x.ndim == 0:
        return f"{float(x):.4f}"
    if x.size <= 4:
        return "[" + ", ".join(f"{v:.4f}" for v in x.ravel()) + "]"
    return f"array of shape {x.shape}"


@dataclass(repr=False)
class History:
    """What happened during ``minimize`` or ``fit``: the same fields for both loops.

    A *record* is taken at the start and after every step (``minimize``) or every
    epoch (``fit``), so ``losses[0]`` is the loss before any update.

    * ``losses[k]``: f(x_k) (``minimize``) or the loss on the whole training set after
      epoch k (``fit``);
    * ``path[k]``: the point of record k: x_k (a NumPy array, one row per step) or the
      parameters after epoch k (a list of dicts). ``fit`` keeps these snapshots only for
      small models (or when asked), so a big network's run does not hold 20 copies of it;
    * ``x``: the final point or parameters (always kept);
    * ``grad_norms[k]``: |grad f(x_k)| (``minimize`` only; ``None`` for ``fit``, which never
      computes a full-data gradient);
    * ``lrs``: the learning rate of each optimizer step; ``steps``: how many were taken;
    * ``fit`` only: ``epochs``, ``batch_losses`` (one per step), and per record
      ``val_losses`` (with held-out data), ``accuracies`` and ``val_accuracies``
      (for classifiers); ``None`` where they do not apply;
    * ``status``: ``"finished"``, ``"converged"`` or ``"diverged"``, ``message`` says why, and
      ``diverged_at`` is the step where a diverged run stopped (``None`` otherwise).

    Examples:
        >>> from gdbook import minimize
        >>> from gdbook.functions import Parabola
        >>> from gdbook.optim import SGD
        >>> h = minimize(Parabola(), 0.0, SGD(lr=0.25), steps=3)
        >>> h.path, h.losses, h.status
        (array([0.   , 1.5  , 2.25 , 2.625]), array([9.      , 2.25    , 0.5625  , 0.140625]), 'finished')
        >>> h
        <History: finished: 3 steps, x = 2.6250, f(x) = 0.1406>
    """

    losses: np.ndarray
    path: Any
    x: Any
    grad_norms: np.ndarray | None
    lrs: np.ndarray
    steps: int
    status: str
    message: str
    diverged_at: int | None = None
    epochs: int | None = None
    batch_losses: np.ndarray | None = None
    val_losses: np.ndarray | None = None
    accuracies: np.ndarray | None = None
    val_accuracies: np.ndarray | None = None

    @property
    def final_loss(self) -> float:
        """The loss at the final point (the last record)."""
        return float(self.losses[-1])

    def table(self, every: int = 1, digits: int = 4) -> str:
        """Rows of ``step  x  f(x)`` (2-D: ``x[0]  x[1]``), or for ``fit`` ``epoch  loss`` and,
        where recorded, ``val loss``, ``accuracy``, ``val accuracy``; always with the last row.

        Examples:
            >>> from gdbook import minimize
            >>> from gdbook.functions import Parabola
            >>> from gdbook.optim import SGD
            >>> print(minimize(Parabola(), 8.0, SGD(lr=0.1), steps=4).table())
            step       x     f(x)
               0  8.0000  25.0000
               1  7.0000  16.0000
               2  6.2000  10.2400
               3  5.5600   6.5536
               4  5.0480   4.1943
        """
        every = _checks.count("every", every, "try every=10", minimum=1)
        n = len(self.losses)
        rows = list(range(0, n, every))
        if rows[-1] != n - 1:
            rows.append(n - 1)
        if self.epochs is not None:
            named = [("loss", self.losses), ("val loss", self.val_losses),
                     ("accuracy", self.accuracies), ("val accuracy", self.val_accuracies)]
            header = ["epoch"] + [name for name, v in named if v is not None]
            columns = [[str(k) for k in rows]]
            columns += [_column(np.asarray(v)[rows], digits) for _, v in named if v is not None]
        else:
            path = np.asarray(self.path)
            cols = path.reshape(n, -1) if path.ndim > 1 else path[:, None]
            if path.ndim == 1:
                header = ["step", "x", "f(x)"]
            elif cols.shape[1] <= 4:
                header = ["step"] + [f"x[{i}]" for i in range(cols.shape[1])] + ["f(x)"]
            else:
                header, cols = ["step", "|x|", "f(x)"], np.linalg.norm(cols, axis=1)[:, None]
            columns = [[str(k) for k in rows]]
            columns += [_column(cols[rows, j], digits) for j in range(cols.shape[1])]
            columns.append(_column(np.asarray(self.losses)[rows], digits))
        body = [list(r) for r in zip(*columns)]
        widths = [max(len(header[j]), *(len(r[j]) for r in body)) for j in range(len(header))]
        lines = ["  ".join(s.rjust(w) for s, w in zip(r, widths)) for r in [header] + body]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"<History: {self.message}>"

    def plot(self, ax: Any = None, log: bool = False) -> Any:
        """Draw the loss curve (see ``gdbook.plot.loss_curve``); returns the Figure."""
        from gdbook import plot

        return plot.loss_curve(self, ax=ax, log=log)


def _norm(g: Any) -> float:
    if isinstance(g, Mapping):
        return float(np.sqrt(sum(np.sum(np.square(v)) for v in g.values())))
    return float(np.sqrt(np.sum(np.square(g))))


def _finite(x: Any) -> bool:
    if isinstance(x, Mapping):
        return all(np.isfinite(v).all() for v in x.values())
    return bool(np.isfinite(x).all())


def _check_tol(name: str, value: Any) -> float | None:
    return None if value is None else _checks.nonneg(name, value, f"or None; try {name}=1e-8")


def minimize(f: Any, x0: Any, optimizer: Any, steps: int, tol: float | None = None,
             ftol: float | None = None) -> History:
    """Run ``steps`` steps of ``x = optimizer.step(x, f.grad(x))`` from ``x0``.

    ``f`` is an objective from ``gdbook.functions`` or any object of your own with
    ``value(x)`` and ``grad(x)`` methods (that is all ``minimize`` calls); ``optimizer``
    is one from ``gdbook.optim``. The optimizer is reset first, so each run starts fresh. Stops early when
    ``|grad f(x)| <= tol`` or ``|f(x_k) - f(x_(k-1))| <= ftol``, and stops cleanly
    (``status="diverged"``) when x, f(x) or the gradient is not finite or
    ``|f(x)|`` passes ``1e10 * max(1, |f(x0)|)``.

    Examples:
        >>> from gdbook import minimize
        >>> from gdbook.functions import Parabola
        >>> from gdbook.optim import SGD
        >>> h = minimize(Parabola(center=3.0), 8.0, SGD(lr=0.1), steps=100, tol=1e-6)
        >>> h.status, h.steps
        ('converged', 73)
        >>> minimize(Parabola(), 8.0, SGD(lr=1.5), steps=1000).message
        'diverged at step 17: f(x) grew from 25 to 4.295e+11; try a smaller learning rate'
    """
    steps = _checks.count("steps", steps, "try steps=100")
    tol, ftol = _check_tol("tol", tol), _check_tol("ftol", ftol)
    x = np.array(x0, dtype=np.float64)  # a copy, never the caller's array
    if not np.isfinite(x).all():
        raise ValueError(f"Invalid x0: {x0!r} (the starting point must be finite; try x0=0.0)")
    optimizer.reset()
    with np.errstate(all="ignore"):
        fx, g = f.value(x), f.grad(x)
        start, limit = float(fx), _limit(fx)
        path, values, norms, lrs = [x], [fx], [_norm(g)], []
        status, message, bad = "finished", "", None
        k = 0
        while True:
            bad = _why_bad(x, fx, g, start, limit)
            if bad:
                status = "diverged"
                break
            if tol is not None and norms[-1] <= tol:
                status = "converged"
                message = f"converged: gradient norm {_short(norms[-1])} <= tol {_short(tol)} at step {k}"
                break
            if ftol is not None and k > 0 and abs(values[-1] - values[-2]) <= ftol:
                status = "converged"
                diff = abs(values[-1] - values[-2])
                message = f"converged: |f(x_k) - f(x_(k-1))| = {_short(diff)} <= ftol {_short(ftol)} at step {k}"
                break
            if k == steps:
                break
            lrs.append(optimizer.lr_at(optimizer.t))
            x = np.asarray(optimizer.step(x, g))
            fx, g = f.value(x), f.grad(x)
            path.append(x)
            values.append(fx)
            norms.append(_norm(g))
            k += 1
    if status == "diverged":
        message = f"diverged at step {k}: {bad}; try a smaller learning rate"
    elif status == "finished":
        message = f"finished: {k} steps, x = {_point(x)}, f(x) = {_short(fx)}"
    path = np.array(path)
    return History(
        losses=np.array(values, dtype=float), path=path, x=path[-1], grad_norms=np.array(norms),
        lrs=np.array(lrs, dtype=float), steps=k, status=status, message=message,
        diverged_at=k if status == "diverged" else None,
    )


def _why_bad(x: Any, fx: Any, g: Any, start: float, limit: float, x_name: str = "x",
             f_name: str = "f(x)") -> str | None:
    """Why this point counts as diverged, or None if it is fine (``start``: the first loss)."""
    if not _finite(x):
        return f"{x_name} is not finite"
    fx = float(fx)
    if not np.isfinite(fx):
        return f"{f_name} = {fx}"
    if abs(fx) > limit:
        return f"{f_name} {'grew' if fx > start else 'fell'} from {_short(start)} to {_short(fx)}"
    if not _finite(g):
        return "the gradient is not finite"
    return None


KEEP_PATH_UP_TO = 100_000  # fit keeps per-epoch snapshots by default for models up to this many numbers


def fit(model: Any, params: Mapping[str, np.ndarray], X: np.ndarray, y: np.ndarray, optimizer: Any,
        epochs: int, batch_size: int, seed: int = 0, shuffle: bool = True, drop_last: bool = False,
        val: tuple[np.ndarray, np.ndarray] | None = None, keep_path: bool | None = None) -> History:
    """Train ``model`` with mini-batches from ``gdbook.data.batches``; one record per epoch.

    Each epoch e goes through the batches of ``batches(X, y, batch_size, shuffle, seed=seed + e,
    drop_last)`` and takes one optimizer step per batch. Before training (record 0) and after
    every epoch it records the loss on the whole training set and, when given, on the held-out
    set ``val = (X_val, y_val)``; for a classifier (a model with ``accuracy``) also the accuracy
    of both. The optimizer is reset first; ``params`` is not modified.

    Args:
        model: a model from ``gdbook.models`` (or any object with ``loss_and_grad`` and
            ``evaluate``, as ``gdbook.models.Model`` provides).
        params: the starting parameters, a dict of arrays such as ``model.init(seed=0)``.
        X: the training inputs, one row per example.
        y: the training targets or labels.
        optimizer: an optimizer from ``gdbook.optim``.
        epochs: how many passes over the training set.
        batch_size: examples per step: ``len(X)`` for batch gradient descent, 1 for stochastic.
        seed: the seed of the shuffles (epoch e uses ``seed + e``).
        shuffle: shuffle the examples before each epoch.
        drop_last: skip the last, smaller batch of an epoch.
        val: held-out data ``(X_val, y_val)``, evaluated after every epoch and never trained on.
        keep_path: keep a copy of the parameters after every epoch in ``path``. By default
            (``None``) only for models of at most 100,000 numbers; the final parameters are
            always in ``History.x``.

    Examples:
        >>> from gdbook import data, models, fit
        >>> from gdbook.optim import SGD
        >>> X, y = data.noisy_line(n=50, seed=0)
        >>> model = models.LinearRegression(n_features=1)
        >>> h = fit(model, model.init(seed=0), X, y, SGD(lr=0.1), epochs=30, batch_size=10)
        >>> h.status, len(h.losses), bool(h.losses[-1] < h.losses[0])
        ('finished', 31, True)
    """
    from gdbook.data import batches

    epochs = _checks.count("epochs", epochs, "try epochs=20")
    if not isinstance(params, Mapping):
        raise ValueError("params must be a dict of arrays, as returned by model.init(...)")
    batches(X, y, batch_size, shuffle=shuffle, seed=seed, drop_last=drop_last)  # checks the arguments now
    if val is not None and not (isinstance(val, (tuple, list)) and len(val) == 2):
        raise ValueError("val must be a pair (X_val, y_val) of held-out data, e.g. from data.train_test_split")
    p = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    if keep_path is None:
        keep_path = sum(v.size for v in p.values()) <= KEEP_PATH_UP_TO
    records: dict[str, list] = {"losses": [], "val_losses": [], "accuracies": [], "val_accuracies": []}

    def record(p: dict) -> float:
        """Loss (and accuracy, for a classifier) on the training and held-out data: one forward each."""
        sets = [("", X, y)] if val is None else [("", X, y), ("val_", *val)]
        for prefix, X_set, y_set in sets:
            loss, accuracy = model.evaluate(p, X_set, y_set)
            records[prefix + "losses"].append(loss)
            if accuracy is not None:
                records[prefix + "accuracies"].append(accuracy)
        return records["losses"][-1]

    optimizer.reset()
    with np.errstate(all="ignore"):
        start = record(p)
        limit = _limit(start)
        path, lrs, blosses = ([p] if keep_path else []), [], []
        bad = _why_bad(p, start, 0.0, start, limit, "params", "loss")
        epoch, where = 0, ""
        while not bad and epoch < epochs:
            for Xb, yb in batches(X, y, batch_size, shuffle=shuffle, seed=seed + epoch, drop_last=drop_last):
                batch_loss, g = model.loss_and_grad(p, Xb, yb)
                bad = _why_bad(p, batch_loss, g, start, limit, "params", "batch loss")
                if bad:
                    break
                lrs.append(optimizer.lr_at(optimizer.t))
                blosses.append(batch_loss)
                p = optimizer.step(p, g)
            epoch += 1
            loss = record(p)
            if keep_path:
                path.append(p)
            bad = bad or _why_bad(p, loss, 0.0, start, limit, "params", "loss")
            where = f" in epoch {epoch} (after {len(lrs)} steps)" if bad else ""
    status = "diverged" if bad else "finished"
    if bad:
        message = f"diverged{where or ' at the start'}: {bad}; try a smaller learning rate"
    else:
        message = f"finished: {epochs} epochs ({len(lrs)} steps), loss = {_short(records['losses'][-1])}"
    kept = {name: (np.array(v, dtype=float) if v else None) for name, v in records.items()}
    return History(
        path=path, x=p, grad_norms=None, lrs=np.array(lrs, dtype=float), steps=len(lrs), status=status,
        message=message, diverged_at=(len(lrs) if bad else None), epochs=epoch,
        batch_losses=np.array(blosses, dtype=float), **kept,
    )
