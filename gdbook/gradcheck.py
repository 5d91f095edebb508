"""Finite-difference gradients, to check hand-written ones.

The central difference ``(f(x + h e_i) - f(x - h e_i)) / (2h)`` has an error of
order h^2, so with h = 1e-6 it agrees with the true derivative to about 1e-9
(rounding of f limits it further).

Examples:
    >>> import numpy as np
    >>> from gdbook.functions import Rosenbrock
    >>> from gdbook.gradcheck import check_grad, numerical_grad
    >>> f = Rosenbrock()
    >>> x = np.array([-1.0, 2.0])
    >>> np.round(numerical_grad(f, x), 6)
    array([396., 200.])
    >>> bool(check_grad(f, f.grad, x))
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np

__all__ = ["numerical_grad", "check_grad", "GradCheck"]


def _numerical_grad_array(f: Callable[[np.ndarray], float], x: np.ndarray, h: float) -> np.ndarray:
    x = np.array(x, dtype=np.float64)  # our own copy: we nudge its entries one at a time
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        # --8<-- [start:central]
        flat[i] = old + h
        f_plus = float(f(x))
        flat[i] = old - h
        f_minus = float(f(x))
        gflat[i] = (f_plus - f_minus) / (2 * h)
        # --8<-- [end:central]
        flat[i] = old
    return grad


def numerical_grad(f: Callable[[Any], float], x: Any, h: float = 1e-6) -> Any:
    """Central-difference gradient of ``f`` at ``x``.

    ``x`` is a float (returns np.float64), an array of any shape (returns an array of
    that shape), or a dict of arrays (``f`` takes the dict; returns a dict of arrays).

    Examples:
        >>> import numpy as np
        >>> from gdbook.gradcheck import numerical_grad
        >>> round(float(numerical_grad(lambda x: x**3, 2.0)), 6)
        12.0
        >>> g = numerical_grad(lambda p: float(np.sum(p["w"] ** 2) + p["b"]), {"w": np.array([1.0, -2.0]), "b": 0.5})
        >>> {k: np.round(v, 6) for k, v in g.items()}
        {'w': array([ 2., -4.]), 'b': np.float64(1.0)}
    """
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"Invalid h: {h!r} (h must be > 0; try h=1e-6)")
    if isinstance(x, Mapping):
        params = {k: np.array(v, dtype=np.float64) for k, v in x.items()}
        out = {}
        for key in params:
            def f_key(v: np.ndarray, key: Any = key) -> float:
                return f({**params, key: v})

            g = _numerical_grad_array(f_key, params[key], h)
            out[key] = np.float64(g) if g.ndim == 0 else g
        return out
    g = _numerical_grad_array(f, np.asarray(x, dtype=np.float64), h)
    return np.float64(g) if g.ndim == 0 else g


@dataclass
class GradCheck:
    """The result of ``check_grad``: true when every entry agrees; ``str()`` explains.

    ``worst`` locates the entry that fails by the widest margin (``""`` when the check passes).

    ``check_grad`` builds it; the fields are:

    Args:
        ok: True when every entry has |analytic - numerical| <= atol + rtol * |numerical|;
            also ``bool(result)``.
        max_abs_error: the largest |analytic - numerical| over all entries (0.0 for an empty x).
        max_rel_error: the largest |analytic - numerical| / |numerical| over the entries that differ.
        worst: where the check fails worst, as an index to append to ``x``: ``"[1]"``,
            ``"['w'][0, 2]"``; ``""`` when it passes (or when x is a float).
        message: the one-line explanation that ``str(result)`` returns.

    Examples:
        >>> import numpy as np
        >>> from gdbook.gradcheck import check_grad
        >>> r = check_grad(lambda x: float(x @ x), lambda x: 2 * x, np.array([1.0, -2.0]))
        >>> bool(r), r.worst
        (True, '')
    """

    ok: bool
    max_abs_error: float
    max_rel_error: float
    worst: str
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        return self.message


def _flatten(g: Any) -> dict[str, np.ndarray]:
    if isinstance(g, Mapping):
        return {str(k): np.asarray(v, dtype=np.float64) for k, v in g.items()}
    return {"": np.asarray(g, dtype=np.float64)}


def check_grad(f: Callable[[Any], float], grad: Callable[[Any], Any], x: Any, rtol: float = 1e-6,
               atol: float = 1e-6, h: float = 1e-6) -> GradCheck:
    """Compare ``grad(x)`` with ``numerical_grad(f, x)``: ok when |a - n| <= atol + rtol * |n| everywhere.

    Examples:
        >>> import numpy as np
        >>> from gdbook.gradcheck import check_grad
        >>> r = check_grad(lambda x: float(np.sum(x**2)), lambda x: 3 * x, np.array([1.0, 2.0]))
        >>> bool(r), r.worst
        (False, '[1]')
        >>> print(r)
        gradient check failed: at x[1] analytic 6 vs numerical 4 (abs error 2, rel error 0.5)
    """
    analytic, numeric = _flatten(grad(x)), _flatten(numerical_grad(f, x, h))
    if analytic.keys() != numeric.keys():
        raise ValueError(f"grad returned keys {sorted(analytic)} but x has keys {sorted(numeric)}")
    ok, worst, worst_excess, max_abs, max_rel, detail = True, "", -np.inf, 0.0, 0.0, ""
    for key in numeric:
        a, n = analytic[key], numeric[key]
        if a.shape != n.shape:
            raise ValueError(f"grad returned shape {a.shape} for {key or 'x'!r} but x has shape {n.shape}")
        err = np.abs(a - n)
        rel = err / np.maximum(np.abs(n), np.finfo(float).tiny)
        excess = err - (atol + rtol * np.abs(n))
        if not np.isfinite(a).all():
            excess = np.where(np.isfinite(a), excess, np.inf)
        if err.size:
            max_abs = max(max_abs, float(np.max(err)))
            max_rel = max(max_rel, float(np.max(np.where(err > 0, rel, 0.0))))
            i = int(np.argmax(excess))
            if excess.flat[i] > worst_excess:
                worst_excess = float(excess.flat[i])
                idx = [int(j) for j in np.unravel_index(i, a.shape)] if a.ndim else []
                worst = (f"[{key!r}]" if key else "") + (str(idx) if idx else "")
                detail = (f"analytic {a.flat[i]:.6g} vs numerical {n.flat[i]:.6g} "
                          f"(abs error {err.flat[i]:.3g}, rel error {rel.flat[i]:.3g})")
    ok = worst_excess <= 0
    where = f"x{worst}"  # x, x[1], x['w'][0, 2]
    if ok:
        worst = ""
        # The errors themselves are rounding noise that differs between CPUs and maths libraries;
        # the message states the bound they met (the fields keep the exact numbers).
        message = f"gradient check passed: every entry within atol {atol:g} + rtol {rtol:g} x |numerical|"
    else:
        message = f"gradient check failed: at {where} {detail}"
    return GradCheck(ok=ok, max_abs_error=max_abs, max_rel_error=max_rel, worst=worst, message=message)
