"""Synthetic data sets (seeded, deterministic) and the batch iterator."""

from __future__ import annotations

import numpy as np
import pytest

from gdbook import data

MAKERS = [
    ("noisy_line", lambda seed: data.noisy_line(n=30, seed=seed)),
    ("linear_regression", lambda seed: data.linear_regression(n=30, d=4, seed=seed)),
    ("two_blobs", lambda seed: data.two_blobs(n=30, seed=seed)),
    ("two_moons", lambda seed: data.two_moons(n=30, seed=seed)),
    ("spirals", lambda seed: data.spirals(n=30, classes=3, seed=seed)),
]


@pytest.mark.parametrize("name,make", MAKERS, ids=[m[0] for m in MAKERS])
def test_same_seed_same_bytes_other_seed_other_data(name, make):
    X1, y1 = make(0)
    X2, y2 = make(0)
    assert X1.tobytes() == X2.tobytes() and y1.tobytes() == y2.tobytes()
    X3, _ = make(1)
    assert X3.tobytes() != X1.tobytes()


@pytest.mark.parametrize("name,make", MAKERS, ids=[m[0] for m in MAKERS])
def test_shapes_and_dtypes(name, make):
    X, y = make(0)
    assert X.ndim == 2 and X.shape[0] == 30 and X.dtype == np.float64
    assert y.shape == (30,)
    if name in ("noisy_line", "linear_regression"):
        assert y.dtype == np.float64
    else:
        assert y.dtype == np.int64 and y.min() == 0


def test_noisy_line_without_noise_is_the_line():
    X, y = data.noisy_line(n=20, slope=-3.0, intercept=0.5, noise=0.0)
    assert X.shape == (20, 1)
    np.testing.assert_allclose(y, -3.0 * X[:, 0] + 0.5)
    assert -1 <= X.min() and X.max() <= 1


def test_linear_regression_returns_the_true_coefficients():
    X, y, (w, b) = data.linear_regression(n=50, d=3, noise=0.0, seed=4, coef=True)
    np.testing.assert_allclose(y, X @ w + b)
    w_fit, *_ = np.linalg.lstsq(np.c_[X, np.ones(50)], y, rcond=None)
    np.testing.assert_allclose(w_fit, np.r_[w, b], atol=1e-10)


def test_classes_are_balanced():
    assert np.bincount(data.two_blobs(n=11)[1]).tolist() == [6, 5]
    assert np.bincount(data.two_moons(n=10)[1]).tolist() == [5, 5]
    assert np.bincount(data.spirals(n=31, classes=4)[1]).tolist() == [8, 8, 8, 7]


def test_blobs_are_separated_by_distance():
    X, y = data.two_blobs(n=400, distance=10.0, std=0.5)
    assert np.all((X[:, 0] > 0) == (y == 1))


@pytest.mark.parametrize("call,match", [
    (lambda: data.noisy_line(n=0), "Invalid n"),
    (lambda: data.noisy_line(n=2.5), "Invalid n"),
    (lambda: data.noisy_line(noise=-1), "Invalid noise"),
    (lambda: data.linear_regression(d=0), "Invalid d"),
    (lambda: data.two_blobs(n=1), "Invalid n"),
    (lambda: data.two_blobs(std=-1), "Invalid std"),
    (lambda: data.two_moons(noise=float("nan")), "Invalid noise"),
    (lambda: data.spirals(classes=1), "Invalid classes"),
])
def test_invalid_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# -- batches ---------------------------------------------------------------------------------

def _xy(n):
    return np.arange(n, dtype=float)[:, None], np.arange(n)


@pytest.mark.parametrize("n,batch_size", [(10, 1), (10, 3), (10, 10), (10, 25), (7, 2)])
def test_one_epoch_visits_every_example_once(n, batch_size):
    X, y = _xy(n)
    seen = [yb for _, yb in data.batches(X, y, batch_size, seed=3)]
    assert sorted(np.concatenate(seen).tolist()) == list(range(n))
    assert all(len(b) == min(batch_size, n) for b in seen[:-1])
    for Xb, yb in data.batches(X, y, batch_size, seed=3):
        np.testing.assert_array_equal(Xb[:, 0], yb)      # rows stay paired


def test_batch_stochastic_and_mini_batch():
    X, y = _xy(8)
    assert [len(b) for _, b in data.batches(X, y, batch_size=8)] == [8]                   # batch GD
    assert [len(b) for _, b in data.batches(X, y, batch_size=1)] == [1] * 8               # stochastic
    assert [len(b) for _, b in data.batches(X, y, batch_size=3)] == [3, 3, 2]             # mini-batch
    assert [len(b) for _, b in data.batches(X, y, batch_size=3, drop_last=True)] == [3, 3]


def test_shuffle_is_seeded():
    X, y = _xy(20)
    order = lambda **kw: np.concatenate([b for _, b in data.batches(X, y, 4, **kw)]).tolist()  # noqa: E731
    assert order(seed=1) == order(seed=1)
    assert order(seed=1) != order(seed=2)
    assert order(shuffle=False) == list(range(20))


def test_batches_are_copies():
    X, y = _xy(4)
    for Xb, _ in data.batches(X, y, 2, shuffle=False):
        Xb[:] = -1
    np.testing.assert_array_equal(X[:, 0], np.arange(4.0))


@pytest.mark.parametrize("batch_size,kwargs,match", [
    (0, {}, r"Invalid batch_size: 0 \(batch_size must be an int >= 1"),
    (-2, {}, "Invalid batch_size: -2"),
    (2.0, {}, "Invalid batch_size: 2.0"),
    (True, {}, "Invalid batch_size: True"),
    (11, {"drop_last": True}, r"larger than the data set \(n=10\) and drop_last=True"),
])
def test_bad_batch_sizes_are_refused_at_the_call(batch_size, kwargs, match):
    X, y = _xy(10)
    with pytest.raises(ValueError, match=match):
        data.batches(X, y, batch_size, **kwargs)       # no need to iterate


def test_bad_data():
    with pytest.raises(ValueError, match="empty"):
        data.batches(np.zeros((0, 2)), np.zeros(0), 1)
    with pytest.raises(ValueError, match="X has 3 rows but y has 2"):
        data.batches(np.zeros((3, 2)), np.zeros(2), 1)
    with pytest.raises(ValueError, match="one row per example"):
        data.batches(np.float64(1.0), np.zeros(2), 1)
