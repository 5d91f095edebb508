"""Keep printed numbers the same on every x86 CPU: cap numpy's SIMD code at AVX2.

When numpy is imported it picks, for each function, the fastest code the CPU supports. Its
AVX-512 code for ``power``, ``exp``, ``sin``... (Intel's SVML) can round the last bit differently
from the code every other CPU runs. The book prints numbers that are checked digit for digit, and
a few of them are rounding errors themselves (how far a finite difference is off, say); such a
number changes when one last bit does. So the tests, ``tools.outputs`` and ``tools.figures`` run
numpy without its AVX-512 code, on whichever machine they run. Feature names that this numpy or
this CPU does not know are ignored. It has to happen before numpy is imported.

Example (at the top of an entry point, before ``import numpy``):
    from tools.simd import cap_numpy_simd
    cap_numpy_simd()
"""

from __future__ import annotations

import os
import sys

AVX512 = "X86_V4 AVX512F AVX512CD AVX512_KNL AVX512_KNM AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL AVX512_SPR"


def cap_numpy_simd() -> None:
    """Tell numpy (through NPY_DISABLE_CPU_FEATURES) not to use AVX-512; child processes inherit it."""
    if "numpy" in sys.modules and os.environ.get("NPY_DISABLE_CPU_FEATURES") is None:
        raise RuntimeError("cap_numpy_simd() must run before numpy is imported")
    os.environ.setdefault("NPY_DISABLE_CPU_FEATURES", AVX512)
