"""Time the normal equations against one gradient-descent step for linear regression.

For data X of shape (n, d) (a column of ones included) and targets y, it times

* the normal equations: ``np.linalg.solve(X.T @ X, X.T @ y)``, about n d^2 + d^3/3
  multiply-adds (n d^2 to form X^T X, d^3/3 for the LU factorisation in ``solve``);
* one step of full-batch gradient descent on the mean squared error:
  ``w - lr * 2 / n * X.T @ (X @ w - y)``, about 2 n d multiply-adds;

and prints the best time of each, the measured ratio (how many gradient-descent
steps cost as much as one solve of the normal equations) and the ratio predicted by
the counts above. Timings depend on the machine, its BLAS and its load, so the book
quotes them only as "measured on one machine"; it plots the counts instead.
Run from the repository root:

    .venv/bin/python benchmarks/whentouse_scaling.py [--quick]
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np

from gdbook import data

# (n, d): first d grows with n fixed, then n grows with d fixed.
SIZES = [(10_000, 10), (10_000, 100), (10_000, 1_000), (1_000, 100), (100_000, 100)]


def _best_time(fn, repeats: int, budget: float = 0.05) -> float:
    """Seconds per call: the best of ``repeats`` rounds of enough calls to fill ``budget`` seconds.

    The best (not the mean) round is the least disturbed by other programs on the machine.
    """
    fn()  # warm up
    t0 = time.perf_counter()
    fn()
    calls = max(1, int(budget / max(time.perf_counter() - t0, 1e-9)))
    rounds = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        rounds.append((time.perf_counter() - t0) / calls)
    return min(rounds)


def counts(n: int, d: int) -> tuple[float, float]:
    """Multiply-adds of (normal equations, one gradient-descent step)."""
    return n * d**2 + d**3 / 3, 2 * n * d


def bench(n: int, d: int, repeats: int) -> tuple[float, float]:
    X, y = data.linear_regression(n=n, d=d - 1, seed=0)
    A = np.column_stack([X, np.ones(n)])
    w = np.zeros(d)

    def normal_equations():
        return np.linalg.solve(A.T @ A, A.T @ y)

    def gd_step():
        return w - 0.1 * (2 / n) * (A.T @ (A @ w - y))

    return _best_time(normal_equations, repeats), _best_time(gd_step, repeats)


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:7.1f} us"
    return f"{seconds * 1e3:7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a rough check)")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    print(f"python {platform.python_version()}, numpy {np.__version__}, "
          f"cpu: {platform.processor() or platform.machine()}")
    print()
    head = f"{'n':>8} {'d':>6} {'normal eq.':>11} {'1 GD step':>11} {'measured':>9} {'counted':>8}"
    print(head)
    print(f"{'':>8} {'':>6} {'':>11} {'':>11} {'ratio':>9} {'ratio':>8}")
    for n, d in SIZES:
        t_ne, t_gd = bench(n, d, repeats)
        c_ne, c_gd = counts(n, d)
        print(f"{n:>8,} {d:>6,} {_fmt(t_ne):>11} {_fmt(t_gd):>11} {t_ne / t_gd:>9.1f} {c_ne / c_gd:>8.1f}")


if __name__ == "__main__":
    main()
