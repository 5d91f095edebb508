"""Time mini-batch training on the digits: gdbook.fit, and the same training in PyTorch.

1. The book's network, 64-64-10 (tanh), 30 epochs, batch 32, Adam(lr=3e-3): time and held-out
   accuracy (targets: under 2 s, at least 97%).
2. The same loop at about 1.1M parameters, 64-1024-1024-10: time per epoch and peak memory of
   ``gdbook.fit`` (traced by tracemalloc), next to PyTorch doing the same training (same initial
   weights, same batch order, Adam) in the same run, if torch is installed.

Run from the repository root (torch is optional; the test suite never needs it):

    PYTHONPATH=. /tmp/torchvenv/bin/python benchmarks/bench_training.py [--epochs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import tracemalloc

import numpy as np

from gdbook import data, fit, models
from gdbook.optim import Adam


def digits_split():
    X, y = data.digits()
    return data.train_test_split(X, y, test_size=0.25, seed=0)


def small_run() -> tuple[float, float]:
    X_train, X_val, y_train, y_val = digits_split()
    mlp = models.MLP([64, 64, 10])
    t0 = time.perf_counter()
    h = fit(mlp, mlp.init(seed=0), X_train, y_train, Adam(lr=3e-3), epochs=30, batch_size=32, val=(X_val, y_val))
    return time.perf_counter() - t0, h.val_accuracies[-1]


def big_gdbook(sizes, epochs: int) -> tuple[float, float, float]:
    X_train, X_val, y_train, y_val = digits_split()
    mlp = models.MLP(sizes)
    p0 = mlp.init(seed=0)
    tracemalloc.start()
    t0 = time.perf_counter()
    h = fit(mlp, p0, X_train, y_train, Adam(lr=1e-3), epochs=epochs, batch_size=32, val=(X_val, y_val))
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds / epochs, peak, h.val_accuracies[-1]


def big_torch(sizes, epochs: int) -> float | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_default_dtype(torch.float64)
    X_train, X_val, y_train, y_val = digits_split()
    mlp = models.MLP(sizes)
    params = {k: torch.tensor(v, requires_grad=True) for k, v in mlp.init(seed=0).items()}
    opt = torch.optim.Adam(list(params.values()), lr=1e-3)
    layers = len(sizes) - 1

    def loss_on(X, y):
        a = X
        for l in range(1, layers + 1):
            a = a @ params[f"W{l}"] + params[f"b{l}"]
            if l < layers:
                a = torch.tanh(a)
        return torch.nn.functional.cross_entropy(a, y)

    Xt, yt, Xv, yv = (torch.tensor(a) for a in (X_train, y_train, X_val, y_val))
    t0 = time.perf_counter()
    for epoch in range(epochs):
        for Xb, yb in data.batches(X_train, y_train, 32, seed=epoch):
            opt.zero_grad()
            loss_on(torch.tensor(Xb), torch.tensor(yb)).backward()
            opt.step()
        with torch.no_grad():  # what fit records after each epoch: train and held-out loss and accuracy
            for X, y in ((Xt, yt), (Xv, yv)):
                loss_on(X, y)
                a = X
                for l in range(1, layers + 1):
                    a = a @ params[f"W{l}"] + params[f"b{l}"]
                    a = torch.tanh(a) if l < layers else a
                (a.argmax(1) == y).double().mean()
    return (time.perf_counter() - t0) / epochs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3, help="epochs of the 1.1M-parameter run")
    args = parser.parse_args()
    print(f"python {platform.python_version()}, numpy {np.__version__}, cpus {os.cpu_count()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    seconds, acc = small_run()
    print(f"64-64-10, 30 epochs, batch 32, Adam(3e-3): {seconds:.2f} s, held-out accuracy {acc:.4f} "
          f"(targets: < 2 s {'met' if seconds < 2 else 'MISSED'}, >= 0.97 {'met' if acc >= 0.97 else 'MISSED'})")
    sizes = [64, 1024, 1024, 10]
    n = models.MLP(sizes).n_params()
    per_epoch, peak, acc = big_gdbook(sizes, args.epochs)
    print(f"{'-'.join(map(str, sizes))} ({n:,} parameters, {8 * n / 2**20:.1f} MiB), {args.epochs} epochs, batch 32, Adam:")
    print(f"  gdbook.fit: {per_epoch:.2f} s per epoch, peak traced memory {peak / 2**20:.1f} MiB "
          f"= {peak / (8 * n):.1f} copies of the parameters, held-out accuracy {acc:.4f}")
    torch_epoch = big_torch(sizes, args.epochs)
    if torch_epoch is None:
        print("  torch: not installed, no comparison")
    else:
        import torch

        print(f"  torch {torch.__version__} ({torch.get_num_threads()} threads): {torch_epoch:.2f} s per epoch; "
              f"gdbook / torch = {per_epoch / torch_epoch:.2f}")


if __name__ == "__main__":
    main()
