"""minimize, fit and History: records, stopping rules, divergence without warnings, tables."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from gdbook import History, data, fit, loop, minimize, models
from gdbook.loop import GROWTH
from gdbook.functions import DoubleWell, Parabola, Quadratic, Rosenbrock, Saddle
from gdbook.optim import SGD, Adagrad, Adam, AdamW, RMSprop
from gdbook.schedules import ExponentialLR


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_minimize_scalar_records():
    f = Parabola(center=3.0)
    h = minimize(f, 8.0, SGD(lr=0.1), steps=20)
    assert isinstance(h, History)
    assert h.path.shape == (21,)
    assert h.losses.shape == h.grad_norms.shape == (21,)
    assert h.lrs.shape == (20,) and np.all(h.lrs == 0.1)
    assert (h.steps, h.status, h.diverged_at) == (20, "finished", None)
    assert h.path[0] == 8.0
    assert h.x == h.path[-1] == pytest.approx(3 + 5 * 0.8**20)
    assert h.final_loss == h.losses[-1] == pytest.approx(f(h.x))
    np.testing.assert_allclose(h.grad_norms, np.abs(2 * (h.path - 3)))
    assert h.message == f"finished: 20 steps, x = {h.x:.4f}, f(x) = {h.final_loss:.4g}"
    assert str(h) == h.message
    assert repr(h) == f"<History: {h.message}>"


def test_minimize_two_d_records():
    h = minimize(Quadratic(condition=10.0), np.array([-8.0, 2.0]), SGD(lr=0.05), steps=15)
    assert h.path.shape == (16, 2)
    assert h.x.shape == (2,)
    np.testing.assert_allclose(h.grad_norms[0], np.hypot(-8.0, 20.0))


def test_minimize_copies_x0_and_resets_the_optimizer():
    x0 = np.array([1.0, 1.0])
    opt = SGD(lr=0.05, momentum=0.9)
    a = minimize(Quadratic(), x0, opt, steps=10)
    b = minimize(Quadratic(), x0, opt, steps=10)    # the same optimizer again: a fresh start
    np.testing.assert_array_equal(x0, [1.0, 1.0])
    np.testing.assert_array_equal(a.path, b.path)
    assert opt.t == 10


def test_minimize_accepts_lists_and_ints():
    h = minimize(Saddle(), [1, 0], SGD(lr=0.1), steps=3)
    assert h.path.dtype == np.float64
    np.testing.assert_allclose(h.x, [0.8**3, 0.0])


def test_minimize_with_a_schedule_records_each_lr():
    h = minimize(Parabola(), 0.0, SGD(lr=ExponentialLR(0.4, gamma=0.5)), steps=4)
    np.testing.assert_allclose(h.lrs, [0.4, 0.2, 0.1, 0.05])


def test_tol_stops_when_the_gradient_is_small():
    h = minimize(Parabola(center=3.0), 8.0, SGD(lr=0.1), steps=1000, tol=1e-6)
    assert h.status == "converged"
    assert h.grad_norms[-1] <= 1e-6 < h.grad_norms[-2]
    assert h.steps == len(h.path) - 1 == len(h.lrs)
    assert h.message == f"converged: gradient norm {h.grad_norms[-1]:.4g} <= tol 1e-06 at step {h.steps}"


def test_tol_at_the_start():
    h = minimize(Parabola(center=3.0), 3.0, SGD(lr=0.1), steps=10, tol=0.0)
    assert (h.status, h.steps, h.path.tolist()) == ("converged", 0, [3.0])


def test_ftol_stops_when_f_stalls():
    h = minimize(Quadratic(), [1.0, 1.0], SGD(lr=0.1), steps=10_000, ftol=1e-12)
    assert h.status == "converged" and h.steps < 10_000
    assert abs(h.losses[-1] - h.losses[-2]) <= 1e-12 < abs(h.losses[-2] - h.losses[-3])
    assert "ftol" in h.message and f"at step {h.steps}" in h.message


def test_zero_steps():
    h = minimize(Parabola(), 1.0, SGD(lr=0.1), steps=0)
    assert (h.steps, h.status, h.path.tolist(), h.lrs.tolist()) == (0, "finished", [1.0], [])


@pytest.mark.parametrize("f,x0,opt", [
    (Parabola(), 8.0, SGD(lr=1.5)),
    (Parabola(), 8.0, SGD(lr=1e200)),
    (Quadratic(condition=100.0), [1.0, 1.0], SGD(lr=0.5, momentum=0.9)),
    (Rosenbrock(), [-1.5, 2.0], SGD(lr=0.01)),
    (Rosenbrock(), [-1.5, 2.0], Adam(lr=1e60)),
    (Rosenbrock(), [-1.5, 2.0], RMSprop(lr=1e80, centered=True)),
    (Rosenbrock(), [-1.5, 2.0], Adagrad(lr=1e80)),
    (Rosenbrock(), [-1.5, 2.0], AdamW(lr=1e80)),
    (DoubleWell(), 2.0, SGD(lr=0.5)),
])
def test_divergence_is_reported_without_warnings(f, x0, opt):
    h = minimize(f, x0, opt, steps=10_000)
    assert h.status == "diverged"
    assert h.diverged_at == h.steps == len(h.path) - 1
    assert h.message.startswith(f"diverged at step {h.steps}: ")
    assert "try a smaller learning rate" in h.message
    limit = GROWTH * max(1.0, abs(h.losses[0]))
    assert np.all(np.isfinite(h.losses[:-1])) and np.all(np.abs(h.losses[:-1]) <= limit)


@pytest.mark.parametrize("x0", [1.0, 0.0, 1e-3, 1e6])
def test_blow_up_is_relative_to_the_start(x0):
    # x -> x - 4x = -3x each step, so f = x^2 grows 9x per step (from 0 it cannot grow at all)
    h = minimize(Parabola(center=0.0), x0, SGD(lr=2.0), steps=500)
    limit = GROWTH * max(1.0, x0**2)
    if x0 == 0.0:
        assert h.status == "finished"
        return
    assert h.status == "diverged"
    assert abs(h.losses[-1]) > limit >= abs(h.losses[-2])
    assert f"f(x) grew from {x0**2:.4g} to {h.losses[-1]:.4g};" in h.message


def test_falling_without_bound_counts_as_diverged():
    h = minimize(Saddle(), [0.0, 1.0], SGD(lr=0.1), steps=10_000)   # f = x^2 - y^2 -> -inf along y
    assert h.status == "diverged"
    assert h.losses[-1] < -GROWTH and "f(x) fell from -1 to -" in h.message


def test_a_far_start_is_not_divergence():
    h = minimize(Parabola(center=0.0), 1e60, SGD(lr=0.1), steps=5)
    assert (h.status, h.steps) == ("finished", 5)


def test_start_already_blown_up():
    h = minimize(Parabola(center=0.0), 1e200, SGD(lr=0.1), steps=5)   # f(x0) overflows to inf
    assert (h.status, h.steps, h.diverged_at) == ("diverged", 0, 0)
    assert h.message == "diverged at step 0: f(x) = inf; try a smaller learning rate"


@pytest.mark.parametrize("steps", [-1, 2.5, "10", True, None])
def test_invalid_steps(steps):
    with pytest.raises(ValueError, match="Invalid steps"):
        minimize(Parabola(), 0.0, SGD(lr=0.1), steps=steps)


@pytest.mark.parametrize("name", ["tol", "ftol"])
@pytest.mark.parametrize("value", [-1e-6, float("nan"), "small"])
def test_invalid_tolerances(name, value):
    with pytest.raises(ValueError, match=f"Invalid {name}"):
        minimize(Parabola(), 0.0, SGD(lr=0.1), steps=10, **{name: value})


def test_invalid_start():
    with pytest.raises(ValueError, match="Invalid x0"):
        minimize(Parabola(), float("nan"), SGD(lr=0.1), steps=10)


def test_table_one_d():
    h = minimize(Parabola(center=3.0), 8.0, SGD(lr=0.1), steps=4)
    assert h.table() == (
        "step       x     f(x)\n"
        "   0  8.0000  25.0000\n"
        "   1  7.0000  16.0000\n"
        "   2  6.2000  10.2400\n"
        "   3  5.5600   6.5536\n"
        "   4  5.0480   4.1943"
    )


def test_table_every_keeps_the_last_row_and_digits():
    h = minimize(Parabola(center=3.0), 8.0, SGD(lr=0.1), steps=7)
    lines = h.table(every=3, digits=2).splitlines()
    assert [ln.split()[0] for ln in lines] == ["step", "0", "3", "6", "7"]
    assert lines[1].split() == ["0", "8.00", "25.00"]


def test_table_two_d_and_tiny_numbers():
    h = minimize(Quadratic(), [1.0, 1.0], SGD(lr=0.15), steps=100)
    lines = h.table(every=100).splitlines()
    assert lines[0].split() == ["step", "x[0]", "x[1]", "f(x)"]
    assert "e-" in lines[-1]                   # tiny values switch to scientific notation


def test_table_bad_every():
    h = minimize(Parabola(), 0.0, SGD(lr=0.1), steps=2)
    with pytest.raises(ValueError, match="Invalid every"):
        h.table(every=0)


def test_history_plot_returns_a_figure():
    import matplotlib.pyplot as plt

    fig = minimize(Parabola(), 0.0, SGD(lr=0.1), steps=5).plot(log=True)
    assert fig.axes[0].get_yscale() == "log"
    plt.close(fig)


# -- fit ---------------------------------------------------------------------------------------------

def _line():
    X, y = data.noisy_line(n=40, seed=0)
    return models.LinearRegression(n_features=1), X, y


def test_fit_records_one_entry_per_epoch():
    model, X, y = _line()
    params = model.init(seed=0)
    h = fit(model, params, X, y, SGD(lr=0.1), epochs=6, batch_size=8)
    assert (h.status, h.epochs, h.steps) == ("finished", 6, 30)
    assert h.losses.shape == (7,) and h.grad_norms is None
    assert len(h.path) == 7
    assert h.lrs.shape == h.batch_losses.shape == (30,)
    assert h.losses[0] == pytest.approx(model.loss(params, X, y))
    assert h.losses[-1] < h.losses[0]
    assert h.x is h.path[-1]
    assert h.final_loss == pytest.approx(model.loss(h.x, X, y))
    assert h.message == f"finished: 6 epochs (30 steps), loss = {h.losses[-1]:.4g}"
    assert h.table().splitlines()[0].split() == ["epoch", "loss"]


def test_fit_snapshots_are_independent_and_params_untouched():
    model, X, y = _line()
    params = model.init(seed=0)
    w0 = params["w"].copy()
    h = fit(model, params, X, y, SGD(lr=0.1), epochs=3, batch_size=40)
    np.testing.assert_array_equal(params["w"], w0)
    assert not np.array_equal(h.path[0]["w"], h.path[1]["w"])
    np.testing.assert_array_equal(h.path[0]["w"], w0)


def test_fit_batch_sizes_give_batch_stochastic_and_minibatch():
    model, X, y = _line()
    steps = [fit(model, model.init(), X, y, SGD(lr=0.05), epochs=2, batch_size=b).steps for b in (40, 1, 16)]
    assert steps == [2, 80, 6]
    assert fit(model, model.init(), X, y, SGD(lr=0.05), epochs=2, batch_size=16, drop_last=True).steps == 4


def test_full_batch_fit_is_gradient_descent():
    model, X, y = _line()
    h = fit(model, model.init(), X, y, SGD(lr=0.1), epochs=5, batch_size=40, shuffle=False)
    p = model.init()
    for _ in range(5):
        p = SGD(lr=0.1).step(p, model.grad(p, X, y))
    np.testing.assert_allclose(h.x["w"], p["w"], rtol=1e-14)


def test_fit_is_deterministic_and_seeded():
    model, X, y = _line()
    run = lambda seed: fit(model, model.init(), X, y, SGD(lr=0.1), epochs=3, batch_size=5, seed=seed).losses  # noqa: E731
    np.testing.assert_array_equal(run(0), run(0))
    assert not np.array_equal(run(0), run(1))


def test_fit_divergence_is_reported_without_warnings():
    model, X, y = _line()
    h = fit(model, model.init(), X, y, SGD(lr=5.0), epochs=100, batch_size=10)
    assert h.status == "diverged"
    assert h.diverged_at == h.steps
    assert h.message.startswith(f"diverged in epoch {h.epochs} (after {h.steps} steps)")
    assert "try a smaller learning rate" in h.message


def test_fit_mlp_on_moons():
    X, y = data.two_moons(n=200, noise=0.1, seed=0)
    mlp = models.MLP([2, 16, 2])
    h = fit(mlp, mlp.init(seed=0), X, y, Adam(lr=0.02), epochs=60, batch_size=20)
    assert h.status == "finished"
    assert mlp.accuracy(h.x, X, y) > 0.95


@pytest.mark.parametrize("kwargs,match", [
    ({"epochs": -1}, "Invalid epochs"),
    ({"epochs": 1.5}, "Invalid epochs"),
    ({"batch_size": 0}, "Invalid batch_size"),
    ({"batch_size": 100, "drop_last": True}, "larger than the data set"),
])
def test_fit_invalid_arguments(kwargs, match):
    model, X, y = _line()
    args = {"epochs": 2, "batch_size": 4, **kwargs}
    with pytest.raises(ValueError, match=match):
        fit(model, model.init(), X, y, SGD(lr=0.1), **args)


def test_fit_needs_a_dict_of_params():
    model, X, y = _line()
    with pytest.raises(ValueError, match="params must be a dict"):
        fit(model, np.zeros(2), X, y, SGD(lr=0.1), epochs=1, batch_size=4)


def test_fit_records_held_out_loss_and_accuracy_for_classifiers():
    X, y = data.digits()
    X_train, X_val, y_train, y_val = data.train_test_split(X, y, test_size=0.25, seed=0)
    mlp = models.MLP([64, 16, 10])
    h = fit(mlp, mlp.init(seed=0), X_train, y_train, Adam(lr=0.01), epochs=3, batch_size=32, val=(X_val, y_val))
    for name in ("losses", "val_losses", "accuracies", "val_accuracies"):
        assert getattr(h, name).shape == (4,), name
    assert h.val_losses[-1] == pytest.approx(mlp.loss(h.x, X_val, y_val))
    assert h.val_accuracies[-1] == mlp.accuracy(h.x, X_val, y_val)
    assert h.accuracies[-1] == mlp.accuracy(h.x, X_train, y_train) > h.accuracies[0]
    assert h.table().splitlines()[0].split() == ["epoch", "loss", "val", "loss", "accuracy", "val", "accuracy"]
    assert len(h.table().splitlines()) == 5


def test_fit_without_held_out_data_or_accuracy_leaves_those_out():
    model, X, y = _line()
    h = fit(model, model.init(), X, y, SGD(lr=0.1), epochs=2, batch_size=8)
    assert h.val_losses is None and h.accuracies is None and h.val_accuracies is None
    with pytest.raises(ValueError, match="val must be a pair"):
        fit(model, model.init(), X, y, SGD(lr=0.1), epochs=2, batch_size=8, val=X)


def test_fit_keeps_snapshots_only_for_small_models_or_when_asked():
    X, y = data.two_moons(n=40, seed=0)
    small, big = models.MLP([2, 4, 2]), models.MLP([2, 400, 300, 2])
    assert small.n_params() <= loop.KEEP_PATH_UP_TO < big.n_params()
    h = fit(small, small.init(), X, y, SGD(lr=0.1), epochs=3, batch_size=8)
    assert len(h.path) == 4 and h.x is h.path[-1]
    h = fit(big, big.init(), X, y, SGD(lr=0.01), epochs=3, batch_size=8)
    assert h.path == [] and set(h.x) == set(big.init())
    h = fit(big, big.init(), X, y, SGD(lr=0.01), epochs=2, batch_size=8, keep_path=True)
    assert len(h.path) == 3
    h = fit(small, small.init(), X, y, SGD(lr=0.1), epochs=2, batch_size=8, keep_path=False)
    assert h.path == []


def test_fit_memory_stays_a_few_copies_of_the_parameters():
    """Training a network holds its parameters, the optimizer's state and a few copies, not one per epoch."""
    import tracemalloc

    X, y = data.two_moons(n=64, seed=0)
    mlp = models.MLP([2, 700, 700, 2])                 # ~0.5M parameters, 4 MB
    size = 8 * mlp.n_params()
    p0 = mlp.init(seed=0)

    def peak_copies(epochs):
        tracemalloc.start()
        fit(mlp, p0, X, y, Adam(lr=1e-3), epochs=epochs, batch_size=32)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return peak / size

    short, long = peak_copies(2), peak_copies(10)
    # Adam's update holds, at its peak: params and gradient, the old and the new m and v (a failed step
    # must leave the old ones), the new params and two temporaries of the formula: 9 copies
    assert long < 9.5, f"peak {long:.1f} copies of the parameters"
    assert long < short + 0.5, f"memory grows with the epochs: {short:.1f} copies after 2, {long:.1f} after 10"
