"""Objectives: values, gradients, Hessians, minima, windows, validation."""

from __future__ import annotations

import numpy as np
import pytest

from gdbook.functions import DoubleWell, Himmelblau, Objective, Parabola, Quadratic, Rosenbrock, Saddle
from gdbook.gradcheck import check_grad, numerical_grad

ALL = [Parabola(), Parabola(center=-1.0, a=0.5), Quadratic(), Quadratic(condition=100.0), Rosenbrock(),
       Rosenbrock(a=0.5, b=10.0), Himmelblau(), DoubleWell(), Saddle()]
IDS = [repr(f) for f in ALL]


def _points(f: Objective, n: int = 6, seed: int = 0) -> list:
    rng = np.random.default_rng(seed)
    if f.dim == 1:
        lo, hi = f.window
        return [float(x) for x in rng.uniform(lo, hi, n)]
    (x0, x1), (y0, y1) = f.window
    return [np.array([rng.uniform(x0, x1), rng.uniform(y0, y1)]) for _ in range(n)]


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_gradient_matches_finite_differences(f):
    for x in _points(f):
        result = check_grad(f, f.grad, x, rtol=1e-6, atol=1e-5)
        assert result, str(result)


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_hessian_matches_finite_differences_of_the_gradient(f):
    for x in _points(f, n=3):
        h = f.hessian(x)
        if f.dim == 1:
            assert h == pytest.approx(float(numerical_grad(lambda z: float(f.grad(z)), x)), rel=1e-5, abs=1e-5)
        else:
            numeric = np.array([numerical_grad(lambda z, i=i: float(f.grad(z)[i]), x) for i in range(2)])
            np.testing.assert_allclose(h, numeric, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_value_types_and_shapes(f):
    x = _points(f, n=1)[0]
    assert isinstance(f.value(x), float)
    assert f(x) == f.value(x)
    g = f.grad(x)
    assert np.shape(g) == np.shape(x)
    assert np.asarray(g).dtype == np.float64
    if f.dim == 1:
        assert isinstance(g, np.float64)


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_minima_are_critical_points_with_positive_curvature(f):
    for m in f.minima:
        assert np.max(np.abs(f.grad(m))) < 1e-8
        h = f.hessian(m)
        assert np.all(np.linalg.eigvalsh(np.atleast_2d(h)) > 0)
        if f.dim == 1:
            assert isinstance(m, float)
        else:
            assert isinstance(m, np.ndarray) and m.shape == (2,)


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_window_frames_the_minima(f):
    if f.dim == 1:
        lo, hi = f.window
        assert lo < hi
        assert all(lo < m < hi for m in f.minima)
    else:
        (x0, x1), (y0, y1) = f.window
        assert x0 < x1 and y0 < y1
        assert all(x0 < m[0] < x1 and y0 < m[1] < y1 for m in f.minima)


@pytest.mark.parametrize("f", [f for f in ALL if f.smoothness is not None], ids=lambda f: repr(f))
def test_smoothness_is_the_largest_curvature(f):
    # constant Hessian: L is its largest absolute eigenvalue
    x = _points(f, n=1)[0]
    assert f.smoothness == pytest.approx(np.max(np.abs(np.linalg.eigvalsh(np.atleast_2d(f.hessian(x))))))


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_strong_convexity_is_the_smallest_curvature(f):
    # set only where f is strongly convex (a constant, positive definite Hessian here)
    x = _points(f, n=1)[0]
    eig = np.linalg.eigvalsh(np.atleast_2d(f.hessian(x)))
    if f.strong_convexity is None:
        assert f.smoothness is None or eig.min() <= 0
    else:
        assert f.strong_convexity == pytest.approx(eig.min()) and f.strong_convexity > 0


def test_smoothness_values():
    assert Quadratic(condition=10.0).strong_convexity == 1.0
    assert Quadratic(condition=0.5).strong_convexity == 0.5
    assert Saddle().strong_convexity is None
    assert Parabola(a=3.0).smoothness == 6.0
    assert Quadratic(condition=10.0).smoothness == 10.0
    assert Quadratic(condition=0.5).smoothness == 1.0
    assert Rosenbrock().smoothness is None


@pytest.mark.parametrize("f", ALL, ids=IDS)
def test_repr_round_trips(f):
    import gdbook.functions as F

    g = eval(repr(f), vars(F))
    assert repr(g) == repr(f)
    x = _points(f, n=1)[0]
    assert g(x) == f(x)


def test_reprs():
    assert repr(Parabola(center=3.0)) == "Parabola(center=3.0, a=1.0)"
    assert repr(Quadratic(condition=10)) == "Quadratic(condition=10.0)"
    assert repr(Himmelblau()) == "Himmelblau()"


def test_parabola_numbers():
    f = Parabola(center=3.0, a=2.0)
    assert f(5.0) == 8.0
    assert f.grad(5.0) == 8.0
    assert f.minima == (3.0,)
    assert f.window == (-1.0, 9.0)
    assert f.dim == 1


def test_parabola_elementwise_on_arrays():
    f = Parabola()
    xs = np.array([[0.0, 3.0], [4.0, 6.0]])
    np.testing.assert_array_equal(f.value(xs), (xs - 3.0) ** 2)
    np.testing.assert_array_equal(f.grad(xs), 2 * (xs - 3.0))


def test_quadratic_is_ill_conditioned():
    f = Quadratic(condition=25.0)
    assert f([1.0, 1.0]) == 13.0
    np.testing.assert_array_equal(f.grad([1.0, 1.0]), [1.0, 25.0])
    eig = np.linalg.eigvalsh(f.hessian(np.zeros(2)))
    assert eig.max() / eig.min() == 25.0


def test_two_d_value_is_vectorised_over_leading_axes():
    f = Rosenbrock()
    pts = np.random.default_rng(0).normal(size=(4, 3, 2))
    vals = f.value(pts)
    assert vals.shape == (4, 3)
    assert vals[2, 1] == f.value(pts[2, 1])
    assert f.grad(pts).shape == (4, 3, 2)
    np.testing.assert_array_equal(f.grad(pts)[1, 2], f.grad(pts[1, 2]))


def test_grid_values_matches_pointwise():
    f = Himmelblau()
    X, Y = np.meshgrid(np.linspace(-5, 5, 7), np.linspace(-5, 5, 5))
    Z = f.grid_values(X, Y)
    assert Z.shape == (5, 7)
    assert Z[3, 2] == f([X[3, 2], Y[3, 2]])


def test_grid_values_is_for_2d_only():
    with pytest.raises(ValueError, match="2-D"):
        Parabola().grid_values(np.zeros(2), np.zeros(2))


def test_two_d_objectives_refuse_wrong_shapes():
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        Quadratic().value(1.0)
    with pytest.raises(ValueError, match=r"got shape \(3,\)"):
        Quadratic().grad([1.0, 2.0, 3.0])


def test_hessian_takes_one_point():
    with pytest.raises(ValueError, match="one point"):
        Quadratic().hessian(np.zeros((3, 2)))


def test_himmelblau_has_four_distinct_minima_at_zero():
    f = Himmelblau()
    assert len(f.minima) == 4
    for m in f.minima:
        assert f(m) < 1e-24
    dists = [np.linalg.norm(a - b) for i, a in enumerate(f.minima) for b in f.minima[i + 1:]]
    assert min(dists) > 1.0
    np.testing.assert_allclose(f.minima[0], [3.0, 2.0], atol=1e-14)
    np.testing.assert_allclose(f.minima[1], [-2.805118, 3.131312], atol=1e-6)


def test_double_well_global_minimum_first():
    f = DoubleWell()
    left, right = f.minima
    assert left < 0 < right
    assert f(left) < f(right)
    for m in f.minima:
        assert abs(4 * m**3 - 8 * m + 1) < 1e-12


def test_double_well_is_the_same_number_for_a_float_and_an_array():
    # f(1.5) and f(np.array(1.5)) must agree to the last bit: the book prints rounding-level
    # numbers (finite-difference errors) computed both ways.
    f = DoubleWell()
    xs = np.linspace(-2.5, 2.5, 1001)
    for x in [1.0, 1.5, 1 + 1e-8, -1.47, *xs[::97]]:
        assert f(np.array(x)) == f(float(x)) == float(f(np.array([x]))[0])
        assert f.grad(np.array(x)) == f.grad(float(x))
    assert f(1.5) == 1.5**4 - 4 * 1.5**2 + 1.5  # exact in binary: the products lose nothing


def test_saddle_has_no_minimum():
    f = Saddle()
    assert f.minima == ()
    np.testing.assert_array_equal(f.grad(np.zeros(2)), [0.0, 0.0])
    assert f([0.0, 1.0]) < 0 < f([1.0, 0.0])


def test_rosenbrock_minimum_moves_with_a():
    f = Rosenbrock(a=2.0)
    np.testing.assert_array_equal(f.minima[0], [2.0, 4.0])
    assert f(f.minima[0]) == 0.0


@pytest.mark.parametrize("make,match", [
    (lambda: Parabola(a=0.0), "Invalid a"),
    (lambda: Parabola(a=-1.0), "Invalid a"),
    (lambda: Parabola(center=float("nan")), "Invalid center"),
    (lambda: Quadratic(condition=0.0), "Invalid condition"),
    (lambda: Quadratic(condition=float("inf")), "Invalid condition"),
    (lambda: Rosenbrock(b=0.0), "Invalid b"),
    (lambda: Rosenbrock(a=float("inf")), "Invalid a"),
])
def test_invalid_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()
