"""Time one optimizer step: gdbook.optim against torch.optim (CPU, float64, one thread).

torch uses its default implementation (``foreach=None``: on CPU that is the for-loop
kernel). For each optimizer and size it reports the median time per step over several
repeats, and the ratio torch / gdbook (> 1 means gdbook is faster). Run from the
repository root, in an environment that has torch (the test suite does not need it):

    /tmp/torchvenv/bin/pip install torch==2.13.0 numpy==2.4.6
    PYTHONPATH=. /tmp/torchvenv/bin/python benchmarks/bench_optim.py [--quick]

Note: numpy's elementwise kernels do not use BLAS, so OPENBLAS_* settings
(e.g. OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE) hardly matter here; they are printed for the record.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np
import torch

from gdbook import optim

CONFIGS = {
    "SGD": ({"lr": 1e-3}, {}),
    "SGD(momentum=0.9)": ({"lr": 1e-3, "momentum": 0.9}, {}),
    "Adam": ({"lr": 1e-3}, {}),
}


def _time(fn, n_steps: int, repeats: int) -> float:
    fn()  # warm up (allocates the state)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(n_steps):
            fn()
        times.append((time.perf_counter() - t0) / n_steps)
    return statistics.median(times)


def bench(name: str, size: int, n_steps: int, repeats: int) -> tuple[float, float]:
    kwargs, _ = CONFIGS[name]
    cls = name.split("(")[0]
    rng = np.random.default_rng(0)
    p0, g0 = rng.normal(size=size), rng.normal(size=size) * 1e-3

    t_param = torch.tensor(p0, dtype=torch.float64, requires_grad=True)
    t_param.grad = torch.tensor(g0, dtype=torch.float64)
    t_opt = getattr(torch.optim, cls)([t_param], **kwargs)  # foreach=None: the default

    def torch_step():
        t_opt.step()

    g_opt = getattr(optim, cls)(**kwargs)
    state = {"p": p0.copy()}

    def gdbook_step():
        state["p"] = g_opt.step(state["p"], g0)

    return _time(torch_step, n_steps, repeats), _time(gdbook_step, n_steps, repeats)


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:8.1f} us"
    return f"{seconds * 1e3:8.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a rough check)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    small_steps, big_steps, repeats = (2000, 3, 3) if args.quick else (20000, 10, 7)
    print(f"python {platform.python_version()}, numpy {np.__version__}, torch {torch.__version__}, "
          f"torch threads {torch.get_num_threads()}, cpu: {platform.processor() or platform.machine()}")
    blas = {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS") or k.endswith("NUM_THREADS")}
    print(f"environment: {blas or 'no OPENBLAS_* / *_NUM_THREADS variables set'}")
    print()
    print(f"{'optimizer':<20} {'params':>10} {'torch.optim':>12} {'gdbook':>12} {'torch/gdbook':>13}")
    for size, steps in ((2, small_steps), (4_000_000, big_steps)):
        for name in CONFIGS:
            t_torch, t_ours = bench(name, size, steps, repeats)
            print(f"{name:<20} {size:>10,} {_fmt(t_torch):>12} {_fmt(t_ours):>12} {t_torch / t_ours:>12.2f}x")


if __name__ == "__main__":
    main()
