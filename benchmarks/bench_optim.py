"""Time one optimizer step: gdbook.optim against torch.optim (CPU, float64, one thread).

torch uses its default implementation (``foreach=None``: on CPU that is the for-loop
kernel). For each optimizer and size it reports the median time per step over several
rounds (torch and gdbook alternate), the median ratio torch / gdbook (> 1 means
gdbook is faster), and the target: at 2 parameters gdbook's step is at least 4x faster than
torch's (the bookkeeping is small), at 4M within 3x of it (ratio >= 0.33: torch updates in
place, gdbook's single readable rule returns new arrays, which costs memory traffic). Times are this process's CPU time unless ``--wall`` is given. Run from the
repository root, in an environment that has torch (the test suite does not need it):

    /tmp/torchvenv/bin/pip install torch==2.13.0 numpy==2.4.6
    PYTHONPATH=. /tmp/torchvenv/bin/python benchmarks/bench_optim.py [--quick] [--wall]

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
    "AdamW": ({"lr": 1e-3}, {}),
    "RMSprop": ({"lr": 1e-2}, {}),
    "Adagrad": ({"lr": 1e-2}, {}),
}


def _per_step(fn, n_steps: int, clock) -> float:
    t0 = clock()
    for _ in range(n_steps):
        fn()
    return (clock() - t0) / n_steps


def bench(name: str, size: int, n_steps: int, rounds: int, clock) -> tuple[float, float, float]:
    """Median seconds per step for torch and gdbook, and the median of the per-round ratios.

    The two run in alternating rounds, so a busy machine slows both alike.
    """
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

    torch_step(), gdbook_step()  # warm up: allocate the state
    t_torch, t_ours = [], []
    for _ in range(rounds):
        t_torch.append(_per_step(torch_step, n_steps, clock))
        t_ours.append(_per_step(gdbook_step, n_steps, clock))
    ratios = [a / b for a, b in zip(t_torch, t_ours)]
    return statistics.median(t_torch), statistics.median(t_ours), statistics.median(ratios)


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:8.1f} us"
    return f"{seconds * 1e3:8.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a rough check)")
    parser.add_argument("--wall", action="store_true",
                        help="wall-clock time instead of this process's CPU time (the default; it is not "
                             "disturbed by other processes on a shared machine, and both sides use one thread)")
    args = parser.parse_args()
    clock = time.perf_counter if args.wall else time.process_time
    torch.set_num_threads(1)
    small_steps, big_steps, rounds = (2000, 3, 3) if args.quick else (5000, 5, 15)
    print(f"python {platform.python_version()}, numpy {np.__version__}, torch {torch.__version__}, "
          f"torch threads {torch.get_num_threads()}, cpu: {platform.processor() or platform.machine()}")
    blas = {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS") or k.endswith("NUM_THREADS")}
    print(f"environment: {blas or 'no OPENBLAS_* / *_NUM_THREADS variables set'}; "
          f"load average {os.getloadavg()[0]:.2f}; timing: {'wall clock' if args.wall else 'process CPU time'}")
    print()
    print(f"{'optimizer':<20} {'params':>10} {'torch.optim':>12} {'gdbook':>12} {'torch/gdbook':>13} {'target':>8}")
    missed = []
    for size, steps, target in ((2, small_steps, 4.0), (4_000_000, big_steps, 1 / 3)):
        for name in CONFIGS:
            t_torch, t_ours, ratio = bench(name, size, steps, rounds, clock)
            ok = ratio >= target
            missed += [] if ok else [f"{name} at {size:,}"]
            print(f"{name:<20} {size:>10,} {_fmt(t_torch):>12} {_fmt(t_ours):>12} {ratio:>12.2f}x "
                  f"{'>=' if ok else 'MISSED'} {target:.2f}x")
    print()
    print("all targets met" if not missed else f"targets missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
