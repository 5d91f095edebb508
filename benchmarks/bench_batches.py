"""Time per epoch against batch size: why vectorized mini-batches win in wall-clock (chapter 9).

Every batch size does the same arithmetic per epoch (n example-gradients), but a step also has a
fixed cost (the Python loop, the calls into the model and the optimizer, numpy's overhead per
operation), paid n / b times per epoch. This script measures, with ``gdbook.fit`` itself, the
time per epoch and per step for several batch sizes on two problems:

* a linear regression, ``data.linear_regression(n=4096, d=32)``;
* the digits MLP, 64-64-10 tanh, on the 1,797 UCI handwritten digits (``data.digits()``).

For each batch size it reports the median over a few repeats of one epoch's wall-clock time,
the time per step, and the time per epoch relative to the fastest batch size. Timings depend on
the machine and its load; the book quotes none, only the shape: the time per epoch falls almost
in proportion to b at first, then levels off once the arithmetic dominates.

    python benchmarks/bench_batches.py [--repeats 3] [--quick]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np

from gdbook import data, fit, models
from gdbook.optim import SGD


def epoch_seconds(model, params, X, y, batch_size: int, repeats: int) -> float:
    """The median wall-clock time of one epoch of fit (SGD, lr 0.01) at this batch size."""
    times = []
    for r in range(repeats):
        t0 = time.perf_counter()
        fit(model, params, X, y, SGD(lr=0.01), epochs=1, batch_size=batch_size, seed=r)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def report(name: str, model, params, X, y, sizes: list[int], repeats: int) -> None:
    n = len(X)
    print(f"\n{name}: n = {n} examples, {sum(v.size for v in params.values())} parameters")
    print(f"{'batch size':>10}  {'steps/epoch':>11}  {'s/epoch':>9}  {'us/step':>9}  {'vs best':>7}")
    rows = []
    for b in sizes:
        seconds = epoch_seconds(model, params, X, y, b, repeats)
        steps = -(-n // b)
        rows.append((b, steps, seconds))
    best = min(s for _, _, s in rows)
    for b, steps, seconds in rows:
        print(f"{b:10d}  {steps:11d}  {seconds:9.4f}  {1e6 * seconds / steps:9.1f}  {seconds / best:6.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="epochs timed per batch size (median)")
    parser.add_argument("--quick", action="store_true", help="fewer batch sizes, one repeat")
    args = parser.parse_args()
    repeats = 1 if args.quick else args.repeats
    print(f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{platform.processor() or 'unknown processor'}")

    sizes = [1, 8, 64, 512, 4096] if args.quick else [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096]
    X, y = data.linear_regression(n=4096, d=32, noise=0.5, seed=0)
    model = models.LinearRegression(n_features=32)
    report("linear regression", model, model.init(seed=0), X, y, sizes, repeats)

    X, y = data.digits()
    mlp = models.MLP([64, 64, 10], activation="tanh")
    sizes = [1, 8, 64, 512, len(X)] if args.quick else [1, 4, 16, 32, 64, 128, 256, 512, len(X)]
    report("digits MLP 64-64-10", mlp, mlp.init(seed=0), X, y, sizes, repeats)


if __name__ == "__main__":
    main()
