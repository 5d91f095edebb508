"""Chapter 10's widget (docs/assets/js/widgets/momentum.js) in Chromium: a setting chosen with the
keyboard alone runs gdbook's SGD(lr, momentum) on Quadratic(condition), and the path, the measured rate
and the predicted rate the page shows are gdbook's. Also the playground's phone fixes (issue 13)."""

from __future__ import annotations

import numpy as np
import pytest

from browsing import HIDE_CHROME, STATES, look, screenshot
from gdbook import minimize
from gdbook.functions import Quadratic
from gdbook.optim import SGD
from tools import widget_data

pytestmark = pytest.mark.site

PAGE = "/chapters/momentum/"
PLAYGROUND = "/playground/"
D = widget_data.constants()["momentum"]


def _engine(condition, lr, beta):
    opt = SGD(lr=lr, momentum=beta) if beta > 0 else SGD(lr=lr)
    return minimize(Quadratic(condition=condition), np.array(D["start"]), opt, steps=D["steps"])


def _measured(h):
    d = np.linalg.norm(h.path, axis=1)
    n = len(d) - 1
    return (d[n] / d[n // 2]) ** (1 / (n - n // 2))


def _predicted(lr, beta, condition):
    worst = 0.0
    for lam in (1.0, condition):
        worst = max(worst, float(np.max(np.abs(np.roots([1.0, -(1 + beta - lr * lam), beta])))))
    return worst


def _shown(w):
    return [float(t.replace("−", "-")) for t in w.locator(".gd-readout span > span").all_inner_texts()]


def _check(w, condition, lr, beta):
    got = w.evaluate("el => ({s: el.gdbook.settings, path: el.gdbook.path, m: el.gdbook.measured, "
                     "p: el.gdbook.predicted, status: el.gdbook.status})")
    assert got["s"] == {"condition": condition, "lr": pytest.approx(lr, rel=1e-15), "beta": pytest.approx(beta, rel=1e-15)}
    h = _engine(condition, lr, beta)
    js = np.array(got["path"], dtype=float)
    assert js.shape == h.path.shape
    assert np.max(np.abs(js - h.path) / np.maximum(1, np.abs(h.path))) <= 1e-9
    measured, predicted, gd_rate = _shown(w)
    assert got["m"] == pytest.approx(_measured(h), rel=1e-9)
    assert measured == pytest.approx(_measured(h), abs=5.1e-5)
    assert got["p"] == pytest.approx(_predicted(lr, beta, condition), rel=1e-9)
    assert predicted == pytest.approx(_predicted(lr, beta, condition), abs=5.1e-5)
    assert gd_rate == pytest.approx((condition - 1) / (condition + 1), abs=5.1e-5)
    return got


def test_momentum_widget_by_keyboard_matches_gdbook(open_page):
    page, report = open_page(PAGE)
    w = page.locator('[data-widget="momentum"]').first
    # As the page opens: κ = 100 (data-condition), the data's lr and beta.
    _check(w, 100.0, D["lr"], D["beta"])
    # Keyboard only: κ = 10 by the arrow keys on the radio group, then the sliders.
    w.get_by_role("radio", name="100").focus()
    page.keyboard.press("ArrowLeft")
    assert w.evaluate("el => el.gdbook.settings.condition") == 10.0
    page.keyboard.press("Tab")  # the learning-rate slider
    assert page.evaluate("document.activeElement.type") == "range"
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    lr = D["lrs"][D["lrs"].index(D["lr"]) + 6]
    page.keyboard.press("Tab")  # the momentum slider
    for _ in range(40):
        page.keyboard.press("ArrowLeft")
    beta = D["betas"][D["betas"].index(D["beta"]) - 40]
    _check(w, 10.0, lr, beta)
    assert "Measured rate" in w.locator(".gd-status").inner_text()
    # The two buttons, pressed with Enter.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # best plain GD
    _check(w, 10.0, 2 / 11, 0.0)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # best momentum
    q = np.sqrt(10.0)
    _check(w, 10.0, (2 / (1 + q)) ** 2, ((q - 1) / (q + 1)) ** 2)
    # Past the edge (2 + 2 beta) / kappa: diverged, named as gdbook names the step.
    w.get_by_role("radio", name="100").check()
    w.get_by_label("Momentum β").focus()
    page.keyboard.press("Home")
    w.get_by_label("Learning rate η").focus()
    page.keyboard.press("End")
    got = w.evaluate("el => ({s: el.gdbook.settings, status: el.gdbook.status})")
    h = _engine(100.0, got["s"]["lr"], 0.0)
    assert got["status"] == "diverged" == h.status
    assert f"Diverged at step {h.diverged_at}" in w.locator(".gd-status").inner_text()
    assert w.locator(".gd-status").get_attribute("aria-live") == "polite"
    assert not report["errors"], report["errors"]
    assert not report["foreign"], report["foreign"]


def test_momentum_and_playground_screens(open_page):
    """The momentum widget and a finished playground race, at desktop and phone width, light and dark
    (each page loaded once and looked at in place)."""
    page, report = open_page(PAGE)
    w = page.locator('[data-widget="momentum"]').first
    for viewport, scheme in STATES:
        look(page, viewport, scheme)
        screenshot(w, f"widget-momentum-{viewport}-{scheme}.png", style=HIDE_CHROME)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1, (viewport, scheme)
    page, report2 = open_page(PLAYGROUND, reduced_motion="reduce")
    pg = page.locator('[data-widget="playground"]').first
    pg.get_by_role("button", name="Play").click()
    page.wait_for_function("el => !el.querySelector('.gd-status').textContent.startsWith('Racing')",
                           arg=pg.element_handle(), timeout=60000)
    for viewport, scheme in STATES:
        look(page, viewport, scheme)
        where = f"playground [{viewport}, {scheme}]"
        screenshot(pg, f"widget-playground-race-{viewport}-{scheme}.png", style=HIDE_CHROME)
        # The function label is not cut: the select shows its whole text.
        cut = pg.locator("select").evaluate("el => el.scrollWidth > el.clientWidth + 1")
        assert not cut, where
        # The plot has tick values.
        assert pg.locator("svg.gd-plot .gd-ticks text").count() >= 4, where
        # Results use one minus sign (U+2212) and never break inside a number.
        texts = pg.locator(".gd-result").all_inner_texts()
        assert texts and all("-" not in t for t in texts), (where, texts)
        nowrap = pg.locator(".gd-result .gd-nobreak").first.evaluate("el => getComputedStyle(el).whiteSpace")
        assert nowrap == "nowrap", where
    for r in (report, report2):
        assert not r["errors"], r["errors"]
        assert not r["foreign"], r["foreign"]
