"""The backprop stepper (chapter 13) in a real browser: every number it shows is gdbook's.

The widget (docs/assets/js/widgets/backprop-stepper.js) computes nothing: tools/widget_data.py
(``backprop_stepper``) writes the forward values and gradients of a 2-2-2 network into the page's
data at build time. These tests recompute them here with ``gdbook.models.MLP`` (forward,
predict_proba, loss, loss_and_grad) and check what the page shows after each step, driven by the
keyboard alone; then the status line, the static fallback without JavaScript, and the phone layout.
Screenshots: build/screenshots/widget-backprop-stepper-*.png.
"""

from __future__ import annotations

import numpy as np
import pytest

from browsing import HIDE_CHROME, STATES, look, screenshot
from gdbook.models import MLP
from tools import widget_data

pytestmark = pytest.mark.site

PAGE = "/chapters/millions/"
SHOWN = 0.5e-4 + 1e-12  # the widget prints 4 decimals

DATA = widget_data.constants()["backprop"]


def _engine():
    """Every number the stepper shows, from gdbook, for the stepper's network, weights and example."""
    mlp = MLP([2, 2, 2])
    params = {k: np.array(DATA[k], dtype=float) for k in ("W1", "b1", "W2", "b2")}
    X, y = np.array([DATA["x"]]), np.array([DATA["y"]])
    _, a1, z2 = mlp.forward(params, X)
    loss, grads = mlp.loss_and_grad(params, X, y)
    n = len(X)
    p = mlp.predict_proba(params, X)
    onehot = np.zeros_like(p)
    onehot[0, y[0]] = 1
    dz2 = (p - onehot) / n                       # what loss_and_grad's b2 gradient is for one example
    dz1 = (dz2 @ params["W2"].T) * (1 - a1 * a1)
    assert np.allclose(dz2[0], grads["b2"], rtol=1e-14, atol=0) and np.allclose(dz1[0], grads["b1"], rtol=1e-14, atol=0)
    values = {"x": X[0], "z1": (X @ params["W1"] + params["b1"])[0], "a1": a1[0], "z2": z2[0], "p": p[0],
              "L": np.array([mlp.loss(params, X, y)]), "dz2": dz2[0], "da1": (dz2 @ params["W2"].T)[0],
              "dz1": dz1[0]}
    assert abs(values["L"][0] - loss) < 1e-15
    for k in ("W1", "b1", "W2", "b2"):
        values[k] = params[k]
        values["d" + k] = grads[k]
    return values


ENGINE = _engine()
# What is filled in at each step (0 = start: the input and the weights are given).
GIVEN = ["x", "W1", "b1", "W2", "b2"]
FILLED = [[], ["z1"], ["a1"], ["z2"], ["p"], ["L"], ["dz2"], ["dW2", "db2"], ["da1"], ["dz1"], ["dW1", "db1"]]
LAST = len(FILLED) - 1


def _widget(page):
    page.wait_for_selector('[data-widget="backprop-stepper"].gd-live')
    return page.locator('[data-widget="backprop-stepper"]')


def _shown(w):
    """{quantity: [numbers or None for '?']} as the page shows them."""
    raw = w.evaluate("""el => {
        const out = {};
        for (const q of el.querySelectorAll('[data-q]'))
            out[q.dataset.q] = [...q.querySelectorAll('.gd-bp-num')].map(s => s.textContent);
        return out;
    }""")
    return {q: [None if t == "?" else float(t.replace("−", "-")) for t in texts] for q, texts in raw.items()}


def _check_step(w, k):
    shown = _shown(w)
    known = set(GIVEN)
    for step in FILLED[1:k + 1]:
        known.update(step)
    assert set(shown) == set(ENGINE), f"the stepper shows {sorted(shown)}, gdbook computes {sorted(ENGINE)}"
    for q, numbers in shown.items():
        ref = np.asarray(ENGINE[q], dtype=float).reshape(-1)
        assert len(numbers) == ref.size, f"{q}: {len(numbers)} entries shown, {ref.size} in gdbook"
        if q in known:
            assert None not in numbers, f"step {k}: {q} should be known, the page shows ?"
            err = np.max(np.abs(np.array(numbers) - ref))
            assert err <= SHOWN, f"step {k}: {q} = {numbers} on the page, gdbook {ref.tolist()}"
        else:
            assert all(v is None for v in numbers), f"step {k}: {q} is shown before its step: {numbers}"


def test_the_data_is_the_engines():
    for q, ref in ENGINE.items():
        ref = np.asarray(ref, dtype=float)
        if q == "L":
            assert DATA["loss"] == ref[0]
        else:
            np.testing.assert_allclose(np.asarray(DATA[q], dtype=float), ref, rtol=1e-13, atol=1e-16, err_msg=q)


def test_backprop_stepper_by_keyboard_shows_the_engines_numbers(open_page):
    page, report = open_page(PAGE)
    w = _widget(page)
    status = w.locator(".gd-status")
    assert status.get_attribute("aria-live") == "polite" and status.inner_text().startswith("Ready")
    _check_step(w, 0)
    w.get_by_role("button", name="Next").focus()
    for k in range(1, LAST + 1):
        page.keyboard.press("n" if k % 2 else "ArrowRight")
        assert w.locator(".gd-bp-counter").inner_text() == f"step {k} of {LAST}"
        _check_step(w, k)
        text = status.inner_text()
        assert text.startswith(f"Step {k} of {LAST}, {'forward' if k <= 5 else 'backward'} pass"), text
    assert "Backward pass complete" in status.inner_text()
    assert f"{ENGINE['dW1'][1][1]:.4f}".replace("-", "−") in status.inner_text()
    page.keyboard.press("n")  # past the end: stays at the last step, focus stays in the widget
    assert w.locator(".gd-bp-counter").inner_text() == f"step {LAST} of {LAST}"
    assert w.evaluate("el => el.contains(document.activeElement)")
    page.keyboard.press("b")
    _check_step(w, LAST - 1)
    page.keyboard.press("ArrowLeft")
    _check_step(w, LAST - 2)
    page.keyboard.press("r")
    _check_step(w, 0)
    # The buttons work from the keyboard too (Tab to them, Enter).
    page.keyboard.press("Tab")  # Next -> Reset
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    _check_step(w, 1)
    assert not report["errors"], report["errors"]
    assert not report["foreign"], report["foreign"]


def test_backprop_stepper_without_javascript(open_page):
    page, _ = open_page(PAGE, js=False)
    w = page.locator('[data-widget="backprop-stepper"]')
    assert "needs JavaScript" in w.inner_text() and w.locator("button").count() == 0


def test_backprop_stepper_screenshots(open_page):
    """Eight steps in, at desktop and phone width, light and dark: one page, looked at in place."""
    page, report = open_page(PAGE, reduced_motion="reduce")
    w = _widget(page)
    w.get_by_role("button", name="Next").focus()
    for _ in range(8):
        page.keyboard.press("n")
    for viewport, scheme in STATES:
        look(page, viewport, scheme)
        screenshot(w, f"widget-backprop-stepper-{viewport}-{scheme}.png", style=HIDE_CHROME)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{PAGE} [{viewport}, {scheme}] is {overflow} px wider than the screen"
        inside = w.evaluate("el => el.scrollWidth - el.clientWidth")
        assert inside <= 1, f"the stepper is {inside} px wider than its box [{viewport}]"
    assert not report["errors"], report["errors"]
