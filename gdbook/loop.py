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

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

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
    """What happened during ``minimize`` or ``fit``.

    ``minimize``: ``path[k]`` is x_k (k = 0..steps; a 1-D array for a scalar x0),
    ``values[k] = f(x_k)``, ``grad_norms[k] = |grad f(x_k)|``, ``lrs[k]`` the learning
    rate of step k (length ``steps``).

    ``fit``: one entry per epoch (entry 0 before training): ``values`` (alias
    ``losses``) is the loss on the full data set, ``params[e]`` a snapshot of the
    parameters, ``grad_norms[e]`` the full-data gradient norm; ``lrs`` and
    ``batch_losses`` have one entry per optimizer step. If training diverges
    mid-epoch, one last entry records the point where it stopped.

    Examples:
        >>> from gdbook.functions import Parabola
        >>> from gdbook.optim import SGD
        >>> h = minimize(Parabola(), 0.0, SGD(lr=0.25), steps=3)
        >>> h.path, h.values, h.status
        (array([0.   , 1.5  , 2.25 , 2.625]), array([9.      , 2.25    , 0.5625  , 0.140625]), 'finished')
        >>> h
        <History: finished: 3 steps, x = 2.6250, f(x) = 0.1406>
    """

    path: Any
    values: np.ndarray
    grad_norms: np.ndarray
    lrs: np.ndarray
    steps: int
    status: str
    message: str
    diverged_at: int | None = None
    epochs: int | None = None
    params: list[dict[str, np.ndarray]] | None = None
    batch_losses: np.ndarray | None = None
    _kind: str = field(default="minimize", repr=False)

    @property
    def losses(self) -> np.ndarray:
        """Alias of ``values`` (the name used for models)."""
        return self.values

    @property
    def x(self) -> Any:
        """The final point (``minimize``) or the final parameters (``fit``)."""
        if self._kind == "fit":
            return self.params[-1] if self.params else None
        return self.path[-1]

    @property
    def final_value(self) -> float:
        """f (or the loss) at the final point."""
        return float(self.values[-1])

    def table(self, every: int = 1, digits: int = 4) -> str:
        """Rows of ``step  x  f(x)`` (2-D: ``x[0]  x[1]``; fit: ``epoch  loss``), always with the last row.

        Examples:
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
        if not (isinstance(every, (int, np.integer)) and every >= 1):
            raise ValueError(f"Invalid every: {every!r} (every must be an int >= 1; try every=10)")
        n = len(self.values)
        rows = list(range(0, n, every))
        if rows[-1] != n - 1:
            rows.append(n - 1)
        if self._kind == "fit":
            header, cols = ["epoch", "loss"], np.empty((n, 0))
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
        columns.append(_column(np.asarray(self.values)[rows], digits))
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


def _check_count(name: str, value: Any, hint: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"Invalid {name}: {value!r} ({name} must be an int >= 0; {hint})")
    return int(value)


def _check_tol(name: str, value: Any) -> float | None:
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = float("nan")
    if not (v >= 0 and np.isfinite(v)):
        raise ValueError(f"Invalid {name}: {value!r} ({name} must be a number >= 0, or None; try {name}=1e-8)")
    return v


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
        >>> from gdbook.functions import Parabola
        >>> from gdbook.optim import SGD
        >>> h = minimize(Parabola(center=3.0), 8.0, SGD(lr=0.1), steps=100, tol=1e-6)
        >>> h.status, h.steps
        ('converged', 73)
        >>> minimize(Parabola(), 8.0, SGD(lr=1.5), steps=1000).message
        'diverged at step 17: f(x) grew from 25 to 4.295e+11; try a smaller learning rate'
    """
    steps = _check_count("steps", steps, "try steps=100")
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
    return History(
        path=np.array(path), values=np.array(values, dtype=float), grad_norms=np.array(norms),
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


def fit(model: Any, params: Mapping[str, np.ndarray], X: np.ndarray, y: np.ndarray, optimizer: Any,
        epochs: int, batch_size: int, seed: int = 0, shuffle: bool = True, drop_last: bool = False) -> History:
    """Train ``model`` with mini-batches from ``gdbook.data.batches``; one History entry per epoch.

    Each epoch e uses the batch order of ``batches(X, y, batch_size, shuffle, seed=seed + e, drop_last)``.
    The loss on the full data set is recorded before training (epoch 0) and after every epoch.
    The optimizer is reset first.

    Examples:
        >>> from gdbook import data, models
        >>> from gdbook.optim import SGD
        >>> X, y = data.noisy_line(n=50, seed=0)
        >>> model = models.LinearRegression(n_features=1)
        >>> h = fit(model, model.init(seed=0), X, y, SGD(lr=0.1), epochs=30, batch_size=10)
        >>> h.status, len(h.losses), bool(h.losses[-1] < h.losses[0])
        ('finished', 31, True)
    """
    from gdbook.data import batches

    epochs = _check_count("epochs", epochs, "try epochs=20")
    if not isinstance(params, Mapping):
        raise ValueError("params must be a dict of arrays, as returned by model.init(...)")
    batches(X, y, batch_size, shuffle=shuffle, seed=seed, drop_last=drop_last)  # checks the arguments now
    optimizer.reset()
    p = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    with np.errstate(all="ignore"):
        loss, g = model.loss_and_grad(p, X, y)
        snaps, losses, norms, lrs, blosses = [p], [loss], [_norm(g)], [], []
        start, limit = float(loss), _limit(loss)
        status, bad, epoch, where = "finished", _why_bad(p, loss, g, start, limit, "params", "loss"), 0, ""
        if bad:
            status = "diverged"
        while status == "finished" and epoch < epochs:
            for Xb, yb in batches(X, y, batch_size, shuffle=shuffle, seed=seed + epoch, drop_last=drop_last):
                bl, bg = model.loss_and_grad(p, Xb, yb)
                bad = _why_bad(p, bl, bg, start, limit, "params", "batch loss")
                if bad:
                    break
                lrs.append(optimizer.lr_at(optimizer.t))
                blosses.append(bl)
                p = optimizer.step(p, bg)
            epoch += 1
            loss, g = model.loss_and_grad(p, X, y)
            snaps.append(p)
            losses.append(loss)
            norms.append(_norm(g))
            bad = bad or _why_bad(p, loss, g, start, limit, "params", "loss")
            if bad:
                status = "diverged"
                where = f" in epoch {epoch} (after {len(lrs)} steps)"
    n_steps = len(lrs)
    if status == "diverged":
        message = f"diverged{where or ' at the start'}: {bad}; try a smaller learning rate"
    else:
        message = f"finished: {epochs} epochs ({n_steps} steps), loss = {_short(losses[-1])}"
    return History(
        path=snaps, values=np.array(losses, dtype=float), grad_norms=np.array(norms),
        lrs=np.array(lrs, dtype=float), steps=n_steps, status=status, message=message,
        diverged_at=(n_steps if status == "diverged" else None), epochs=epoch, params=snaps,
        batch_losses=np.array(blosses, dtype=float), _kind="fit",
    )
