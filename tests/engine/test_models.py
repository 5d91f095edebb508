"""Models: hand-written gradients against finite differences, predictions, stability, errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gdbook import data
from gdbook.gradcheck import check_grad
from gdbook.models import MLP, LinearRegression, LogisticRegression, Model


def _random_params(params, seed):
    rng = np.random.default_rng(seed)
    return {k: rng.normal(size=np.shape(v)) for k, v in params.items()}


CASES = [
    ("linear", LinearRegression(n_features=3), lambda: data.linear_regression(n=12, d=3, seed=1)),
    ("logistic", LogisticRegression(n_features=2), lambda: data.two_blobs(n=12, seed=1)),
    ("mlp-tanh", MLP([2, 5, 4, 3], activation="tanh"), lambda: data.spirals(n=12, classes=3, seed=1)),
    ("mlp-relu", MLP([2, 6, 3], activation="relu"), lambda: data.spirals(n=12, classes=3, seed=1)),
    ("mlp-no-hidden", MLP([2, 2]), lambda: data.two_moons(n=12, seed=1)),
]


@pytest.mark.parametrize("name,model,make", CASES, ids=[c[0] for c in CASES])
def test_backprop_matches_finite_differences(name, model, make):
    X, y = make()
    for seed in range(3):
        params = _random_params(model.init(seed=0), seed)
        result = check_grad(lambda p: model.loss(p, X, y), lambda p: model.grad(p, X, y), params,
                            rtol=1e-5, atol=1e-7)
        assert result, str(result)


@pytest.mark.parametrize("name,model,make", CASES, ids=[c[0] for c in CASES])
def test_loss_and_grad_agree_with_loss_and_grad(name, model, make):
    X, y = make()
    params = model.init(seed=3)
    loss, grads = model.loss_and_grad(params, X, y)
    assert isinstance(loss, float)
    assert loss == model.loss(params, X, y)
    assert list(grads) == list(params)
    for k in params:
        assert np.shape(grads[k]) == np.shape(params[k])
        np.testing.assert_array_equal(grads[k], model.grad(params, X, y)[k])


@pytest.mark.parametrize("name,model,make", CASES, ids=[c[0] for c in CASES])
def test_init_is_seeded(name, model, make):
    a, b, c = model.init(seed=0), model.init(seed=0), model.init(seed=1)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])
    assert any(not np.array_equal(a[k], c[k]) for k in a if np.size(a[k]) > 1)
    assert isinstance(model, Model)


def test_linear_regression_loss_is_mse():
    m = LinearRegression(n_features=1)
    X, y = np.array([[1.0], [2.0]]), np.array([1.0, 1.0])
    p = {"w": np.array([1.0]), "b": np.array(0.0)}
    assert m.loss(p, X, y) == 0.5                       # residuals 0 and 1
    np.testing.assert_allclose(m.predict(p, X), [1.0, 2.0])


def test_linear_regression_gradient_zero_at_least_squares():
    X, y = data.linear_regression(n=40, d=3, seed=2)
    w, *_ = np.linalg.lstsq(np.c_[X, np.ones(40)], y, rcond=None)
    g = LinearRegression(n_features=3).grad({"w": w[:3], "b": np.array(w[3])}, X, y)
    assert np.max(np.abs(g["w"])) < 1e-12 and abs(g["b"]) < 1e-12


def test_logistic_is_stable_for_huge_logits():
    m = LogisticRegression(n_features=1)
    X, y = np.array([[1.0], [-1.0]]), np.array([0, 1])      # confidently wrong
    p = {"w": np.array([1e4]), "b": np.array(0.0)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, g = m.loss_and_grad(p, X, y)
        proba = m.predict_proba(p, X)
    assert loss == pytest.approx(1e4)
    assert np.all(np.isfinite(g["w"])) and np.all(np.isfinite(proba))
    np.testing.assert_array_equal(m.predict(p, X), [1, 0])
    assert m.accuracy(p, X, y) == 0.0


def test_mlp_softmax_is_stable_and_uniform_at_zero():
    m = MLP([2, 4, 3])
    p = {k: np.zeros_like(v) for k, v in m.init().items()}
    X, y = np.zeros((5, 2)), np.array([0, 1, 2, 0, 1])
    assert m.loss(p, X, y) == pytest.approx(np.log(3))
    np.testing.assert_allclose(m.predict_proba(p, X), 1 / 3)
    big = m.init()
    big["W2"] = big["W2"] * 1e5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(m.loss(big, np.ones((5, 2)), y))


def test_mlp_param_shapes_and_repr():
    m = MLP([3, 8, 8, 4], activation="relu")
    shapes = {k: v.shape for k, v in m.init().items()}
    assert shapes == {"W1": (3, 8), "b1": (8,), "W2": (8, 8), "b2": (8,), "W3": (8, 4), "b3": (4,)}
    assert repr(m) == "MLP(sizes=[3, 8, 8, 4], activation='relu')"
    assert repr(LinearRegression(n_features=2)) == "LinearRegression(n_features=2)"


def test_gradient_descent_learns_each_model():
    from gdbook.optim import SGD

    X, y = data.two_blobs(n=100, distance=4.0, seed=0)
    m = LogisticRegression(n_features=2)
    p = m.init(seed=0)
    for _ in range(200):
        p = SGD(lr=0.5).step(p, m.grad(p, X, y))
    assert m.accuracy(p, X, y) > 0.95
    X, y = data.two_moons(n=200, noise=0.1, seed=0)
    mlp = MLP([2, 16, 2])
    opt, p = SGD(lr=0.5, momentum=0.9), mlp.init(seed=0)
    for _ in range(500):
        p = opt.step(p, mlp.grad(p, X, y))
    assert mlp.accuracy(p, X, y) > 0.95


@pytest.mark.parametrize("call,match", [
    (lambda: LinearRegression(n_features=0), "Invalid n_features"),
    (lambda: MLP([2]), "Invalid sizes"),
    (lambda: MLP([2, 0, 3]), "Invalid sizes entry"),
    (lambda: MLP([2, 4, 1]), "number of classes"),
    (lambda: MLP([2, 3], activation="sigmoid"), "Invalid activation"),
    (lambda: LinearRegression(n_features=2).loss({"w": np.zeros(2), "b": 0.0}, np.zeros((3, 3)), np.zeros(3)),
     r"X has shape \(3, 3\) but LinearRegression expects \(n, 2\)"),
    (lambda: LinearRegression(n_features=2).loss({"w": np.zeros(2), "b": 0.0}, np.zeros((3, 2)), np.zeros(2)),
     r"y has shape \(2,\) but X has 3 rows"),
    (lambda: MLP([2, 3]).loss(MLP([2, 3]).init(), np.zeros((2, 2)), np.array([0, 3])), "class indices 0 .. 2"),
])
def test_invalid_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call()
