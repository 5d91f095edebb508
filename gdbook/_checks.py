"""Argument checks and reprs shared by every module, so each rule is worded once.

Every check returns the cleaned value or raises ``ValueError`` with one wording:
``Invalid <what>: <value> (<name> must be <rule>; <hint>)``. ``what`` defaults to the
parameter's name; the optimizers pass torch's words (``Invalid learning rate: -1``).

Examples:
    >>> nonneg("lr", 0.1, "try 0.01")
    0.1
    >>> count("steps", -1, "try steps=100")
    Traceback (most recent call last):
    ...
    ValueError: Invalid steps: -1 (steps must be an int >= 0; try steps=100)
"""

from __future__ import annotations

import inspect
import math
from typing import Any

import numpy as np


def invalid(name: str, value: Any, rule: str, hint: str = "", what: str | None = None) -> ValueError:
    """The one error message: ``Invalid <what>: <value> (<name> must be <rule>; <hint>)``."""
    tail = f"; {hint}" if hint else ""
    return ValueError(f"Invalid {what or name}: {value!r} ({name} must be {rule}{tail})")


def _float(value: Any) -> float:
    """``float(value)``, or nan when it is not a number (the checks then refuse it)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def number(name: str, value: Any, hint: str = "", what: str | None = None) -> float:
    """A finite float."""
    v = _float(value)
    if not math.isfinite(v):
        raise invalid(name, value, "a finite number", hint, what)
    return v


def nonneg(name: str, value: Any, hint: str = "", what: str | None = None) -> float:
    """A finite float >= 0."""
    v = _float(value)
    if not (v >= 0 and math.isfinite(v)):
        raise invalid(name, value, "a number >= 0", hint, what)
    return v


def positive(name: str, value: Any, hint: str = "", what: str | None = None) -> float:
    """A finite float > 0."""
    v = _float(value)
    if not (v > 0 and math.isfinite(v)):
        raise invalid(name, value, "a number > 0", hint, what)
    return v


def unit_interval(name: str, value: Any, hint: str = "", low_open: bool = False, high_open: bool = False,
                  what: str | None = None) -> float:
    """A float in [0, 1]; ``low_open`` / ``high_open`` exclude 0 / 1."""
    v = _float(value)
    ok = (v > 0 if low_open else v >= 0) and (v < 1 if high_open else v <= 1)
    if not ok:
        rule = f"in {'(' if low_open else '['}0, 1{')' if high_open else ']'}"
        raise invalid(name, value, rule, hint, what)
    return v


def count(name: str, value: Any, hint: str = "", minimum: int = 0) -> int:
    """An int (not a bool) >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise invalid(name, value, f"an int >= {minimum}", hint)
    return int(value)


def pair(name: str, value: Any, hint: str = "") -> tuple[float, float]:
    """Two floats, such as Adam's ``betas``."""
    try:
        a, b = (float(v) for v in value)
    except (TypeError, ValueError):
        raise invalid(name, value, "a pair of numbers", hint) from None
    return a, b


def choice(name: str, value: Any, options: tuple[str, ...]) -> str:
    """One of ``options``."""
    if value not in options:
        raise invalid(name, value, " or ".join(repr(o) for o in options))
    return value


def signature_repr(obj: Any) -> str:
    """``ClassName(arg=value, ...)`` from the constructor's signature: the arguments without a
    default, then those whose value (the attribute of the same name) differs from the default.

    Examples:
        >>> class Box:
        ...     def __init__(self, size, color="red"):
        ...         self.size, self.color = size, color
        >>> signature_repr(Box(2.0)), signature_repr(Box(2.0, "blue"))
        ('Box(size=2.0)', "Box(size=2.0, color='blue')")
    """
    parts = []
    for name, param in inspect.signature(type(obj).__init__).parameters.items():
        if name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        value = getattr(obj, name)
        if param.default is param.empty or not _same(value, param.default):
            parts.append(f"{name}={_show(value)}")
    return f"{type(obj).__name__}({', '.join(parts)})"


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _show(v: Any) -> str:
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    if isinstance(v, tuple):
        return "(" + ", ".join(_show(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    return repr(v)
