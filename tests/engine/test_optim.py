"""Optimizers: hand-checked numbers, structure, state, and every error message."""

from __future__ import annotations

import numpy as np
import pytest

from gdbook.optim import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop
from gdbook.schedules import StepLR

CONFIGS = [
    (SGD, {"lr": 0.1}),
    (SGD, {"lr": 0.1, "momentum": 0.9}),
    (SGD, {"lr": 0.1, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.1}),
    (SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1, "maximize": True}),
    (SGD, {"lr": 0.1, "weight_decay": 0.2, "maximize": True}),
    (Adagrad, {"lr": 0.1}),
    (Adagrad, {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.3, "eps": 1e-3,
               "maximize": True}),
    (RMSprop, {"lr": 0.01}),
    (RMSprop, {"lr": 0.01, "momentum": 0.5}),
    (RMSprop, {"lr": 0.01, "centered": True}),
    (RMSprop, {"lr": 0.01, "centered": True, "momentum": 0.9, "weight_decay": 0.1, "alpha": 0.9, "maximize": True}),
    (Adam, {"lr": 0.01}),
    (Adam, {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1, "betas": (0.8, 0.9), "eps": 1e-4}),
    (AdamW, {"lr": 0.01}),
    (AdamW, {"lr": 0.01, "amsgrad": True, "maximize": True, "weight_decay": 0.3}),
]
CONFIG_IDS = [f"{cls.__name__}({', '.join(f'{k}={v}' for k, v in kw.items())})" for cls, kw in CONFIGS]


# -- numbers worked out by hand ------------------------------------------------

def test_sgd_plain():
    assert SGD(lr=0.1).step(8.0, 10.0) == 7.0


def test_sgd_momentum_first_buffer_is_the_gradient_without_dampening():
    opt = SGD(lr=0.1, momentum=0.9, dampening=0.5)
    x = opt.step(0.0, 10.0)          # b = g = 10 (no dampening on the first step)
    assert x == pytest.approx(-1.0)
    x = opt.step(x, 10.0)            # b = 0.9 * 10 + 0.5 * 10 = 14
    assert x == pytest.approx(-2.4)


def test_sgd_nesterov():
    opt = SGD(lr=0.1, momentum=0.9, nesterov=True)
    x = opt.step(0.0, 10.0)          # b = 10, step uses g + 0.9 b = 19
    assert x == pytest.approx(-1.9)
    x = opt.step(x, 10.0)            # b = 19, step uses 10 + 17.1 = 27.1
    assert x == pytest.approx(-1.9 - 2.71)


def test_sgd_weight_decay_and_maximize():
    assert SGD(lr=0.1, weight_decay=0.5).step(2.0, 1.0) == pytest.approx(2.0 - 0.1 * (1.0 + 1.0))
    assert SGD(lr=0.1, maximize=True).step(2.0, 1.0) == pytest.approx(2.1)


def test_adagrad_first_steps_and_lr_decay():
    opt = Adagrad(lr=1.0, lr_decay=1.0, eps=0.0)
    x = opt.step(0.0, 2.0)           # clr = 1, s = 4, step = 2 / 2 = 1
    assert x == -1.0
    x = opt.step(x, 2.0)             # clr = 1/2, s = 8, step = 0.5 * 2 / sqrt(8)
    assert x == pytest.approx(-1.0 - 0.5 * 2 / np.sqrt(8))


def test_adagrad_initial_accumulator():
    x = Adagrad(lr=1.0, initial_accumulator_value=5.0, eps=0.0).step(0.0, 2.0)   # s = 5 + 4 = 9
    assert x == pytest.approx(-2.0 / 3.0)


def test_rmsprop_first_step_and_centered():
    x = RMSprop(lr=0.1, alpha=0.9, eps=0.0).step(0.0, 3.0)        # sq = 0.1 * 9, step = 0.1 * 3 / sqrt(0.9)
    assert x == pytest.approx(-0.1 * 3 / np.sqrt(0.9))
    x = RMSprop(lr=0.1, alpha=0.9, eps=0.0, centered=True).step(0.0, 3.0)  # ga = 0.3, var = 0.9 - 0.09
    assert x == pytest.approx(-0.1 * 3 / np.sqrt(0.81))


def test_adam_first_step_is_lr_times_sign():
    x = Adam(lr=0.1, eps=0.0).step(np.array([1.0, 1.0, 1.0]), np.array([1e-3, -5.0, 1e6]))
    np.testing.assert_allclose(x, [0.9, 1.1, 0.9], rtol=1e-15)


def test_adam_l2_goes_through_the_moments_but_adamw_does_not():
    # zero gradient: Adam's L2 makes g = wd * p, so the first step is still ~lr;
    # AdamW only shrinks p by lr * wd
    p = np.array([2.0])
    np.testing.assert_allclose(Adam(lr=0.1, weight_decay=0.5).step(p, np.zeros(1)), [1.9], rtol=1e-7)
    np.testing.assert_allclose(AdamW(lr=0.1, weight_decay=0.5).step(p, np.zeros(1)), [2.0 * 0.95])


def test_amsgrad_keeps_the_largest_raw_second_moment():
    opt = Adam(lr=0.1, amsgrad=True)
    opt.step(np.zeros(1), np.array([10.0]))
    opt.step(np.zeros(1), np.array([0.0]))
    state = opt.state[None]
    assert state["vmax"][0] == pytest.approx((1 - 0.999) * 100)
    assert state["vmax"][0] > state["v"][0]


def test_adamw_default_weight_decay():
    assert AdamW().weight_decay == 1e-2
    assert Adam().weight_decay == 0.0


@pytest.mark.parametrize("cls,defaults", [
    (SGD, {"lr": 1e-3, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False}),
    (Adagrad, {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10}),
    (RMSprop, {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0, "centered": False}),
    (Adam, {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}),
    (AdamW, {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 1e-2, "amsgrad": False}),
])
def test_pytorch_defaults(cls, defaults):
    opt = cls()
    for name, value in defaults.items():
        assert getattr(opt, name) == value
    assert opt.maximize is False


def test_lr_may_be_positional():
    assert SGD(0.5).lr == 0.5
    assert Adam(0.5).lr == 0.5


# -- structure -------------------------------------------------------------------

@pytest.mark.parametrize("x", [8.0, 8, np.float64(8.0), np.array(8.0), np.float32(8.0)])
def test_scalars_come_back_as_float64(x):
    out = SGD(lr=0.1).step(x, 10.0)
    assert type(out) is np.float64
    assert out == 7.0


def test_arrays_come_back_as_new_float64_arrays():
    p = np.array([1, 2, 3])                       # ints are fine: computed in float64
    out = SGD(lr=0.5).step(p, [1.0, 1.0, 1.0])
    assert isinstance(out, np.ndarray) and out.dtype == np.float64
    np.testing.assert_array_equal(out, [0.5, 1.5, 2.5])


def test_dicts_come_back_as_new_dicts():
    params = {"w": np.ones((2, 3)), "b": 0.5}
    grads = {"w": np.ones((2, 3)), "b": 1.0}
    out = SGD(lr=0.1).step(params, grads)
    assert list(out) == ["w", "b"]
    assert out is not params
    assert out["w"].shape == (2, 3)
    assert type(out["b"]) is np.float64


@pytest.mark.parametrize("cls,kwargs", CONFIGS, ids=CONFIG_IDS)
def test_step_never_modifies_its_inputs(cls, kwargs):
    rng = np.random.default_rng(0)
    params = {"w": rng.normal(size=(3, 2)), "b": rng.normal(size=2)}
    grads = {"w": rng.normal(size=(3, 2)), "b": rng.normal(size=2)}
    copies = ({k: v.copy() for k, v in params.items()}, {k: v.copy() for k, v in grads.items()})
    opt = cls(**kwargs)
    p = params
    for _ in range(3):
        p = opt.step(p, grads)
    for original, copy in zip((params, grads), copies):
        for k in original:
            np.testing.assert_array_equal(original[k], copy[k])


@pytest.mark.parametrize("cls,kwargs", CONFIGS, ids=CONFIG_IDS)
def test_state_never_aliases_the_callers_arrays(cls, kwargs):
    g = np.array([1.0, -2.0])
    opt = cls(**kwargs)
    p = opt.step(np.zeros(2), g)
    g[:] = 1e6                                   # the caller reuses its gradient buffer
    fresh = cls(**kwargs)
    q = fresh.step(np.zeros(2), np.array([1.0, -2.0]))
    np.testing.assert_array_equal(opt.step(p, np.ones(2)), fresh.step(q, np.ones(2)))


@pytest.mark.parametrize("cls,kwargs", CONFIGS, ids=CONFIG_IDS)
def test_reset_gives_fresh_behaviour(cls, kwargs):
    rng = np.random.default_rng(1)
    grads = [rng.normal(size=4) for _ in range(4)]

    def run(opt):
        p, out = np.ones(4), []
        for g in grads:
            p = opt.step(p, g)
            out.append(p)
        return out

    opt = cls(**kwargs)
    first = run(opt)
    assert opt.t == 4
    opt.reset()
    assert opt.t == 0 and opt.state == {}
    for a, b in zip(first, run(opt)):
        np.testing.assert_array_equal(a, b)


def test_step_count_and_per_key_state():
    opt = Adam(lr=0.1)
    p = {"w": np.ones(2), "b": np.zeros(1)}
    for _ in range(3):
        p = opt.step(p, {"w": np.ones(2), "b": np.ones(1)})
    assert opt.t == 3
    assert set(opt.state) == {"w", "b"}
    assert opt.state["w"]["step"] == 3
    assert set(opt.state["w"]) == {"step", "m", "v"}


def test_a_new_key_starts_its_own_count_like_torch():
    opt = Adam(lr=0.1)
    opt.step({"w": np.ones(1)}, {"w": np.ones(1)})
    out = opt.step({"w": np.ones(1), "b": np.ones(1)}, {"w": np.ones(1), "b": np.ones(1)})
    assert opt.state["b"]["step"] == 1 and opt.state["w"]["step"] == 2
    assert out["b"][0] == pytest.approx(0.9)     # a first Adam step


def test_lr_at_with_float_and_schedule():
    assert SGD(lr=0.1).lr_at(100) == 0.1
    opt = SGD(lr=StepLR(1.0, step_size=2))
    assert [opt.lr_at(t) for t in range(5)] == pytest.approx([1.0, 1.0, 0.1, 0.1, 0.01])
    x = 0.0
    for _ in range(3):
        x = opt.step(x, -1.0)
    assert x == pytest.approx(2.1)


def test_any_callable_is_a_schedule():
    opt = SGD(lr=lambda t: 1.0 / (t + 1))
    assert opt.lr_at(3) == 0.25
    assert opt.step(0.0, -1.0) == 1.0


def test_repr():
    assert repr(SGD(lr=0.1, momentum=0.9)) == "SGD(lr=0.1, momentum=0.9)"
    assert repr(Adam()) == "Adam()"
    assert repr(AdamW(weight_decay=0.1)) == "AdamW(weight_decay=0.1)"
    assert "centered=True" in repr(RMSprop(centered=True))
    assert "lr_decay=0.1" in repr(Adagrad(lr_decay=0.1))
    assert repr(SGD(lr=StepLR(0.1, step_size=3))) == "SGD(lr=StepLR(lr=0.1, step_size=3))"


def test_optimizer_is_the_base_class():
    assert all(issubclass(c, Optimizer) for c in (SGD, Adagrad, RMSprop, Adam, AdamW))
    with pytest.raises(NotImplementedError):
        Optimizer(lr=0.1).step(1.0, 1.0)


# -- validation ------------------------------------------------------------------------------

@pytest.mark.parametrize("make,match", [
    (lambda: SGD(lr=-1.0), r"Invalid learning rate: -1\.0 \(lr must be a number >= 0; try a small positive value such as 0\.01\)"),
    (lambda: Adam(lr=float("nan")), "Invalid learning rate: nan"),
    (lambda: SGD(lr="fast"), "Invalid learning rate: 'fast'"),
    (lambda: SGD(momentum=-0.1), r"Invalid momentum value: -0\.1 \(momentum must be a number >= 0; try 0\.9"),
    (lambda: RMSprop(momentum=-1), "Invalid momentum value"),
    (lambda: SGD(weight_decay=-1e-4), "Invalid weight_decay value"),
    (lambda: Adam(weight_decay=-1), "Invalid weight_decay value"),
    (lambda: AdamW(weight_decay=-1), "Invalid weight_decay value"),
    (lambda: Adagrad(weight_decay=-1), "Invalid weight_decay value"),
    (lambda: RMSprop(weight_decay=-1), "Invalid weight_decay value"),
    (lambda: SGD(dampening=float("inf")), "Invalid dampening value"),
    (lambda: Adam(eps=-1e-8), r"Invalid epsilon value: -1e-08 \(eps must be a number >= 0; try 1e-8\)"),
    (lambda: RMSprop(eps=-1), "Invalid epsilon value"),
    (lambda: Adagrad(eps=-1), "Invalid epsilon value"),
    (lambda: RMSprop(alpha=-0.5), r"Invalid alpha value: -0\.5 \(alpha must be a number >= 0; try 0\.99\)"),
    (lambda: Adagrad(lr_decay=-0.1), r"Invalid lr_decay value: -0\.1 \(lr_decay must be a number >= 0"),
    (lambda: Adagrad(initial_accumulator_value=-1), "Invalid initial_accumulator_value value"),
    (lambda: Adam(betas=(1.0, 0.999)), r"Invalid beta parameter at index 0: 1\.0 \(betas\[0\] must be in \[0, 1\); try 0\.9\)"),
    (lambda: Adam(betas=(0.9, -0.1)), r"Invalid beta parameter at index 1: -0\.1"),
    (lambda: AdamW(betas=(0.9, 1.5)), "Invalid beta parameter at index 1"),
    (lambda: Adam(betas=0.9), "Invalid betas: 0.9"),
    (lambda: SGD(lr=0.1, nesterov=True), "Nesterov momentum requires a momentum and zero dampening"),
    (lambda: SGD(lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), "Nesterov momentum requires"),
])
def test_invalid_hyperparameters(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_schedule_giving_a_bad_lr():
    opt = SGD(lr=lambda t: -0.1)
    with pytest.raises(ValueError, match=r"Invalid learning rate: -0\.1 from the schedule at step 0"):
        opt.step(1.0, 1.0)


def test_mismatched_keys():
    opt = SGD(lr=0.1)
    with pytest.raises(ValueError, match=r"missing in grads \['b'\], extra in grads \['c'\]"):
        opt.step({"w": 1.0, "b": 1.0}, {"w": 1.0, "c": 1.0})


def test_mismatched_shapes_name_the_key_and_both_shapes():
    with pytest.raises(ValueError, match=r"grads\['w'\] has shape \(3,\) but params\['w'\] has shape \(2, 3\)"):
        SGD(lr=0.1).step({"w": np.zeros((2, 3))}, {"w": np.zeros(3)})
    with pytest.raises(ValueError, match=r"the gradient has shape \(2,\) but params has shape \(3,\)"):
        SGD(lr=0.1).step(np.zeros(3), np.zeros(2))


def test_dict_and_array_mixed():
    for params, grads in [({"w": 1.0}, 1.0), (1.0, {"w": 1.0})]:
        with pytest.raises(ValueError, match="params and grads must have the same structure"):
            SGD(lr=0.1).step(params, grads)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_gradient_names_entry_step_and_advice(bad):
    opt = Adam(lr=0.1)
    p = {"w": np.zeros((2, 3)), "b": np.zeros(2)}
    p = opt.step(p, {"w": np.ones((2, 3)), "b": np.ones(2)})
    g = {"w": np.ones((2, 3)), "b": np.ones(2)}
    g["w"][1, 2] = bad
    with pytest.raises(ValueError) as err:
        opt.step(p, g)
    msg = str(err.value)
    assert f"grads['w'] has a non-finite entry {bad}" in msg
    assert "at index (1, 2)" in msg
    assert "at step 1" in msg
    assert "smaller learning rate" in msg


def test_non_finite_scalar_gradient():
    with pytest.raises(ValueError, match=r"the gradient has a non-finite entry nan at step 0"):
        SGD(lr=0.1).step(1.0, float("nan"))


def test_huge_but_finite_gradients_are_accepted():
    g = np.array([1e200, -1e200])                 # their squares overflow; they are still finite
    out = SGD(lr=1e-300).step(np.zeros(2), g)
    np.testing.assert_allclose(out, [-1e-100, 1e-100])


@pytest.mark.parametrize("cls,kwargs", CONFIGS, ids=CONFIG_IDS)
def test_a_failed_step_changes_nothing(cls, kwargs):
    opt = cls(**kwargs)
    p = opt.step({"a": np.ones(3), "b": np.ones(2)}, {"a": np.ones(3), "b": np.ones(2)})
    before = {k: {n: np.copy(v) for n, v in s.items()} for k, s in opt.state.items()}
    with pytest.raises(ValueError):
        opt.step(p, {"a": np.ones(3), "b": np.array([1.0, np.nan])})
    assert opt.t == 1
    for k, s in opt.state.items():
        for n, v in s.items():
            np.testing.assert_array_equal(v, before[k][n])


@pytest.mark.parametrize("cls,kwargs", [CONFIGS[0], CONFIGS[1], CONFIGS[11]], ids=["SGD", "SGD-momentum", "Adam"])
def test_non_finite_entry_of_a_big_array_is_found(cls, kwargs):
    opt = cls(**kwargs)
    n = 100_000
    p = opt.step(np.zeros(n), np.ones(n))
    state = {name: np.copy(v) for name, v in opt.state[None].items()}
    g = np.ones(n)
    g[n - 1] = np.inf
    with pytest.raises(ValueError, match=rf"non-finite entry inf at index \({n - 1},\) at step 1"):
        opt.step(p, g)
    assert opt.t == 1
    for name, v in opt.state[None].items():
        np.testing.assert_array_equal(v, state[name])


def test_shape_change_needs_a_reset():
    opt = SGD(lr=0.1, momentum=0.9)
    opt.step(np.zeros(2), np.ones(2))
    with pytest.raises(ValueError, match=r"shape \(3,\) but the optimizer's state for it has shape \(2,\); call opt.reset\(\)"):
        opt.step(np.zeros(3), np.ones(3))
    opt.reset()
    opt.step(np.zeros(3), np.ones(3))
