"""The schedule explorer of chapter 12 (docs/assets/js/widgets/schedules.js) in a real browser.

The page computes lr(t) with the closed formulas of gdbook.schedules and trains the linear
regression itself; here, for a set of settings chosen through the controls, every learning rate it
computes is checked against gdbook.schedules (and the chapter's warmup_cosine), every loss of the run
and of the constant-rate run against gdbook.fit, and the numbers it prints against those. Also: the
claims the chapter makes about the widget, the keyboard, the one live status line, the page without
JavaScript, and screenshots (build/screenshots/widget-schedules-*.png).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from browsing import STATES, look, screenshot
from gdbook import data, fit, models
from gdbook.optim import SGD
from gdbook.schedules import CosineAnnealingLR, ExponentialLR, MultiStepLR, OneCycleLR, StepLR
from tools import widget_data

pytestmark = pytest.mark.site

PAGE = "/chapters/schedules/"
D = widget_data.constants()["schedules"]
SPECS = {sid: (label, param, fixed) for sid, label, param, fixed in D["schedules"]}
X, Y = data.linear_regression(n=D["n"], d=D["d"], noise=D["noise"], seed=0)
MODEL = models.LinearRegression(n_features=D["d"])
_COEF = np.linalg.lstsq(np.hstack([X, np.ones((len(X), 1))]), Y, rcond=None)[0]
BEST = MODEL.loss({"w": _COEF[:-1], "b": np.array(_COEF[-1])}, X, Y)  # the least-squares minimum


def warmup_cosine(peak, warmup, total):
    """The chapter's warmup_cosine, as a function of the peak and the warmup."""
    def lr(t):
        if t < warmup:
            return peak * (t + 1) / warmup
        progress = (t - warmup) / (total - warmup)
        return peak * (1 + math.cos(math.pi * progress)) / 2
    return lr


def schedule(sid, lr, value):
    """gdbook's schedule for the widget's setting ``sid`` with peak ``lr`` and parameter ``value``."""
    fixed = SPECS[sid][2]
    if sid == "constant":
        return lr
    if sid == "step":
        return StepLR(lr, step_size=fixed["step_size"], gamma=value)
    if sid == "multistep":
        return MultiStepLR(lr, milestones=fixed["milestones"], gamma=value)
    if sid == "exponential":
        return ExponentialLR(lr, gamma=value)
    if sid == "cosine":
        return CosineAnnealingLR(lr, T_max=fixed["T_max"], eta_min=value)
    if sid == "warmup-cosine":
        return warmup_cosine(lr, value, fixed["total"])
    return OneCycleLR(lr, total_steps=fixed["total_steps"], pct_start=value)


def engine(lr_or_schedule):
    return fit(MODEL, MODEL.init(seed=0), X, Y, SGD(lr=lr_or_schedule), epochs=D["epochs"],
               batch_size=D["batch_size"], seed=0)


def widget(page):
    return page.locator('[data-widget="schedules"]').first


def set_widget(page, sid, lr, value=None):
    """Choose through the controls as a reader would: the select, then the sliders (by index)."""
    w = widget(page)
    w.locator("select").select_option(sid)
    w.locator("input[type=range]").first.fill(str(D["lrs"].index(lr)))
    param = SPECS[sid][1]
    if param is not None:
        values = param[2]
        w.locator("input[type=range]").nth(1).fill(str(values.index(param[3] if value is None else value)))
    return w


def numbers(text):
    return [float(m) for m in re.findall(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text.replace("−", "-"))]


def close_to_shown(shown, want):
    """``shown`` is ``want`` as printed: to the digits the widget shows (5 decimals, or 3 significant)."""
    return abs(shown - want) <= max(5.1e-6, 5.1e-3 * abs(want))


def check(w, sid, lr, value):
    got = w.evaluate("el => el.gdbook")
    assert got["state"]["schedule"] == sid and got["state"]["lr"] == lr
    s = schedule(sid, lr, value)
    want = [s(t) if callable(s) else s for t in range(D["total"])]
    np.testing.assert_allclose(got["values"], want, rtol=1e-12, atol=1e-16, err_msg=f"lr(t) of {sid} {lr} {value}")
    for key, h in (("run", engine(s)), ("constant", engine(lr))):
        run = got[key]
        where = f"{key} of {sid} lr={lr} {value}"
        assert run["status"] == h.status, where
        assert run["steps"] == h.steps and run["epochs"] == h.epochs, where
        np.testing.assert_allclose(run["lrs"], h.lrs, rtol=1e-12, atol=1e-16, err_msg=where)
        js = np.array(run["losses"], dtype=float)
        ref = np.asarray(h.losses, dtype=float)
        assert js.shape == ref.shape, where
        finite = np.isfinite(ref)
        np.testing.assert_allclose(js[finite], ref[finite], rtol=1e-9, err_msg=where)
        assert (np.isfinite(js) == finite).all(), where
    return got


def test_defaults_are_the_data(open_page):
    page, report = open_page(PAGE)
    w = widget(page)
    assert w.locator("select").input_value() == D["schedule"]
    got = check(w, D["schedule"], D["lr"], SPECS[D["schedule"]][1][3])
    assert got["state"]["params"] == {SPECS[D["schedule"]][1][0]: SPECS[D["schedule"]][1][3]}
    assert not report["errors"] and not report["foreign"]


CASES = [  # (schedule, peak lr, its parameter); None: the default
    ("constant", 0.1, None),
    ("step", 0.5, 0.5),
    ("multistep", 0.3, 0.05),
    ("exponential", 1.0, 0.95),
    ("cosine", 0.2, 0.01),
    ("warmup-cosine", 0.7, 32),
    ("warmup-cosine", 1.2, 8),
    ("onecycle", 1.0, 0.5),
    ("onecycle", 0.05, 0.1),
    ("constant", 1.2, None),   # diverges
]


def test_every_number_is_the_engines(open_page):
    page, report = open_page(PAGE)
    for sid, lr, value in CASES:
        w = set_widget(page, sid, lr, value)
        param = SPECS[sid][1]
        v = None if param is None else (param[3] if value is None else value)
        check(w, sid, lr, v)
        # What the reader sees: the readout's numbers are gdbook's, to the digits shown.
        best = BEST
        assert D["best_loss"] == pytest.approx(best, rel=1e-12)
        text = w.locator(".gd-sched-readout").inner_text()
        this, other, lowest = w.locator(".gd-sched-readout span").all_inner_texts()
        for span, h in ((this, engine(schedule(sid, lr, v))), (other, engine(lr))):
            if h.status == "diverged":
                assert f"diverged in epoch {h.epochs} (after {h.steps} steps)" in span, span
            else:
                final, above = numbers(span.split(":", 1)[1])[:2]
                assert close_to_shown(final, h.losses[-1]) and close_to_shown(above, h.losses[-1] - best), (span, h.losses[-1])
        assert close_to_shown(numbers(lowest)[0], best), text
        # The table: the lr of each epoch's first step and the distance to the minimum.
        rows = w.locator(".gd-table tbody tr")
        h = engine(schedule(sid, lr, v))
        assert rows.count() == len(h.losses)
        for e in (1, len(h.losses) - 1):
            cells = rows.nth(e).locator("td").all_text_contents()
            assert cells[0] == str(e)
            if (e - 1) * 8 < h.steps:
                assert close_to_shown(numbers(cells[1])[0], h.lrs[(e - 1) * 8]), cells
            if np.isfinite(h.losses[e]):
                assert close_to_shown(numbers(cells[2])[0], h.losses[e] - best), cells
    assert not report["errors"] and not report["foreign"]


def test_what_the_chapter_says_about_it(open_page):
    """'With a constant rate of 0.5 the run stalls a long way above the minimum, and a decaying schedule
    with the same peak goes hundreds of times closer; at 1.0 the constant rate diverges while step,
    cosine and one-cycle survive.' -- checked in the widget and in gdbook."""
    page, report = open_page(PAGE)
    best = D["best_loss"]
    const = engine(0.5).losses[-1] - best
    for sid in ("step", "cosine", "onecycle", "exponential", "warmup-cosine"):
        got = check(set_widget(page, sid, 0.5), sid, 0.5, SPECS[sid][1][3])
        assert const / (got["run"]["losses"][-1] - best) > 100, sid
    assert engine(1.0).status == "diverged"
    for sid in ("step", "cosine", "onecycle"):
        got = check(set_widget(page, sid, 1.0), sid, 1.0, SPECS[sid][1][3])
        assert got["run"]["status"] == "finished" and got["constant"]["status"] == "diverged", sid
    assert not report["errors"] and not report["foreign"]


def test_by_keyboard_alone(open_page):
    page, report = open_page(PAGE)
    w = widget(page)
    status = w.locator(".gd-status")
    w.locator("select").focus()
    page.keyboard.press("ArrowDown")                 # the next schedule in the list
    ids = [s[0] for s in D["schedules"]]
    after = ids[ids.index(D["schedule"]) + 1]
    assert w.evaluate("el => el.gdbook.state.schedule") == after
    assert SPECS[after][0] in status.inner_text()
    page.keyboard.press("Tab")                       # the peak learning rate
    assert page.evaluate("document.activeElement.type") == "range"
    page.keyboard.press("ArrowLeft")
    lr = D["lrs"][D["lrs"].index(D["lr"]) - 1]
    assert w.evaluate("el => el.gdbook.state.lr") == lr
    assert page.evaluate("document.activeElement.getAttribute('aria-valuetext')") == str(lr)
    page.keyboard.press("Tab")                       # the schedule's own parameter
    page.keyboard.press("End")
    key, _, values, _ = SPECS[after][1]
    assert w.evaluate("el => el.gdbook.state.params") == {key: values[-1]}
    check(w, after, lr, values[-1])
    # Focus is visible: an outline on the focused slider.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    # One live region, the status line; the numbers beside the sliders are not live.
    live = w.locator("[aria-live], [role=status], [role=log], [role=alert], output")
    assert live.count() == 1 and live.first.get_attribute("class") == "gd-status"
    assert not report["errors"] and not report["foreign"]


def test_without_javascript_the_text_stays(open_page):
    page, _ = open_page(PAGE, js=False)
    assert "An interactive plot belongs here" in widget(page).inner_text()


def test_screenshots(open_page):
    """Desktop and phone width, light and dark: one page, looked at in place."""
    page, report = open_page(PAGE)
    w = widget(page)
    for viewport, scheme in STATES:
        look(page, viewport, scheme)
        w.scroll_into_view_if_needed()
        screenshot(w, f"widget-schedules-{viewport}-{scheme}.png")
        box = w.bounding_box()
        width = page.evaluate("document.documentElement.clientWidth")
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"the widget is wider than the page [{viewport}]"
    assert not report["errors"] and not report["foreign"]
