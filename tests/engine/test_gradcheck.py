"""Finite differences and the gradient check."""

from __future__ import annotations

import numpy as np
import pytest

from gdbook.gradcheck import GradCheck, check_grad, numerical_grad


def test_scalar():
    g = numerical_grad(lambda x: x**3, 2.0)
    assert type(g) is np.float64
    assert g == pytest.approx(12.0, rel=1e-9)


def test_array_any_shape_and_input_untouched():
    x = np.arange(6.0).reshape(2, 3)
    before = x.copy()
    g = numerical_grad(lambda z: float(np.sum(z**2)), x)
    assert g.shape == (2, 3)
    np.testing.assert_allclose(g, 2 * x, atol=1e-7)
    np.testing.assert_array_equal(x, before)


def test_dict_of_params():
    params = {"W": np.ones((2, 2)), "b": np.array([0.5, -0.5])}
    g = numerical_grad(lambda p: float(np.sum(p["W"] @ p["b"])), params)
    assert set(g) == {"W", "b"}
    np.testing.assert_allclose(g["W"], [[0.5, -0.5], [0.5, -0.5]], atol=1e-8)
    np.testing.assert_allclose(g["b"], [2.0, 2.0], atol=1e-8)
    np.testing.assert_array_equal(params["W"], np.ones((2, 2)))


def test_check_grad_passes_and_reports():
    r = check_grad(lambda x: float(np.sum(np.sin(x))), np.cos, np.array([0.1, 1.0, 2.0]))
    assert isinstance(r, GradCheck) and r
    assert r.max_abs_error < 1e-8
    assert str(r).startswith("gradient check passed")


def test_check_grad_finds_the_wrong_entry():
    def wrong(x):
        g = 2 * x
        g[1, 0] += 0.1
        return g

    r = check_grad(lambda x: float(np.sum(x**2)), wrong, np.ones((2, 2)))
    assert not r
    assert r.worst == "[1, 0]"
    assert "failed" in str(r) and "analytic 2.1" in str(r)


def test_check_grad_on_dicts():
    f = lambda p: float(p["a"] ** 2 + 3 * p["b"])  # noqa: E731
    good = lambda p: {"a": 2 * p["a"], "b": 3.0}  # noqa: E731
    bad = lambda p: {"a": 2 * p["a"], "b": 2.0}  # noqa: E731
    x = {"a": np.array(1.5), "b": np.array(0.0)}
    assert check_grad(f, good, x)
    r = check_grad(f, bad, x)
    assert not r and r.worst == "['b']"


def test_check_grad_rejects_non_finite_analytic_gradients():
    assert not check_grad(lambda x: float(np.sum(x)), lambda x: np.full_like(x, np.nan), np.ones(2))


def test_mismatched_structures():
    with pytest.raises(ValueError, match="shape"):
        check_grad(lambda x: float(np.sum(x)), lambda x: np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match="keys"):
        check_grad(lambda p: float(p["a"]), lambda p: {"z": 1.0}, {"a": 1.0})


@pytest.mark.parametrize("h", [0.0, -1e-6, float("nan")])
def test_bad_step_size(h):
    with pytest.raises(ValueError, match="Invalid h"):
        numerical_grad(lambda x: x, 1.0, h=h)
