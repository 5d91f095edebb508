"""Chapter 11's adaptive step explorer in a real browser: set up with the keyboard alone, it shows
gdbook's numbers.

The widget (docs/assets/js/widgets/adaptive-explorer.js) runs gdmath.js's update rules, which
``node --test tests/js/`` checks against gdbook; here the settings are chosen as a reader would, with
arrow keys and the S / P / R shortcuts, and what the page shows (position, f, and per coordinate the
gradient, the step and the effective learning rate -step/g) is compared with ``gdbook.minimize``
computed in this test for the same optimizer, learning rate and bowl. Also: a run that diverges gives
the engine's words, the page without JavaScript keeps its text, and the widget fits a 360 px phone.
Screenshots: build/screenshots/widget-adaptive-*.png.
"""

from __future__ import annotations

import numpy as np
import pytest

from browsing import STATES, look, screenshot
from gdbook import minimize
from gdbook.functions import Quadratic
from tools import widget_data

pytestmark = pytest.mark.site

PAGE = "/chapters/adaptive/"
DATA = widget_data.constants()["adaptive"]
IDS = [o["id"] for o in DATA["optimizers"]]
OPTIMIZERS = widget_data.optimizer_classes()
RTOL = 1e-9


def _widget(page):
    return page.locator('[data-widget="adaptive-explorer"]').first


def _number(text):
    """A number as the widget prints it (4 significant digits, Unicode minus) -> float."""
    return float(text.replace("−", "-"))


def _arrow_to(page, w, group, values, current, wanted):
    """Move the checked radio of a group from ``current`` to ``wanted`` with the arrow keys."""
    w.locator(f'input[type=radio][name$="-{group}"]:checked').focus()
    i, j = values.index(current), values.index(wanted)
    for _ in range(abs(j - i)):
        page.keyboard.press("ArrowRight" if j > i else "ArrowLeft")


def _choose(page, w, optimizer, lr, condition):
    """Optimizer, bowl and learning rate, chosen with the keyboard only."""
    settings = w.evaluate("el => el.gdbook.settings")
    _arrow_to(page, w, "opt", IDS, settings["optimizer"], optimizer)
    settings = w.evaluate("el => el.gdbook.settings")
    _arrow_to(page, w, "cond", DATA["conditions"], settings["condition"], condition)
    slider = w.locator("input[type=range]")
    slider.focus()
    lrs = DATA["lrs"]
    i, j = lrs.index(w.evaluate("el => el.gdbook.settings.lr")), lrs.index(lr)
    for _ in range(abs(j - i)):
        page.keyboard.press("ArrowRight" if j > i else "ArrowLeft")
    got = w.evaluate("el => el.gdbook.settings")
    assert (got["optimizer"], got["lr"], got["condition"]) == (optimizer, lr, condition), got
    assert w.locator("input[type=range] + output, output.gd-ax-lr").first.inner_text() == f"{lr:g}"


def _engine(optimizer, lr, condition, steps):
    f = Quadratic(condition=condition)
    return f, minimize(f, np.array(DATA["start"]), OPTIMIZERS[optimizer](lr=lr), steps=steps)


def _check_shown(w, f, h, where):
    """The page's path is gdbook's; the readout and the table show gdbook's numbers (4 digits)."""
    js = np.asarray(w.evaluate("el => el.gdbook.path"), dtype=float)
    ref = np.asarray(h.path, dtype=float)
    assert js.shape == ref.shape, f"{where}: the widget took {len(js) - 1} steps, gdbook {len(ref) - 1}"
    finite = np.isfinite(ref)
    assert (np.isfinite(js) == finite).all(), where
    rel = np.abs(js[finite] - ref[finite]) / np.maximum(1.0, np.abs(ref[finite]))
    assert rel.max(initial=0.0) <= RTOL, f"{where}: path differs by {rel.max():.3g}"
    k = len(ref) - 1
    x = ref[-1]
    readout = w.locator(".gd-readout output").all_inner_texts()
    assert readout[0] == str(k), (where, readout)
    for text, want in zip(readout[1:], (x[0], x[1], float(f.value(x)))):
        assert _number(text) == pytest.approx(want, rel=6e-4, abs=1e-300), (where, readout)
    g = f.grad(ref[-2])
    step = ref[-1] - ref[-2]
    for i, coord in enumerate("xy"):
        cells = w.locator(f'tr[data-coord="{coord}"] td').all_inner_texts()
        shown = [_number(c) for c in cells]
        want = [g[i], step[i], -step[i] / g[i]]
        assert shown == pytest.approx(want, rel=6e-4, abs=1e-300), (where, coord, cells, want)


CASES = [  # (optimizer, lr, condition, steps), each chosen with the keyboard from the last one
    ("rmsprop", 0.5, 10.0, 12),
    ("adamw", 0.05, 100.0, 30),   # AdamW with gdbook's default weight decay 1e-2
    ("adagrad", 2.0, 1.0, 7),
    ("sgd", 0.015, 100.0, 25),    # just below 2/L = 0.02: the effective lr is lr in both coordinates
]


def test_adaptive_explorer_shows_the_engines_numbers(open_page):
    page, report = open_page(PAGE)
    w = _widget(page)
    first = next(o for o in DATA["optimizers"] if o["id"] == DATA["first"])
    assert w.evaluate("el => el.gdbook.settings") == {
        "optimizer": DATA["first"], "lr": first["lr"], "condition": DATA["condition"],
        "start": DATA["start"], "steps": DATA["steps"]}
    for optimizer, lr, condition, steps in CASES:
        _choose(page, w, optimizer, lr, condition)
        for _ in range(steps):
            page.keyboard.press("s")
        f, h = _engine(optimizer, lr, condition, steps)
        assert h.status == "finished"
        _check_shown(w, f, h, f"{optimizer} lr={lr} condition={condition}")
        status = w.locator(".gd-status").inner_text()
        assert f"step {steps}:" in status and "Effective learning rates" in status, status
        hyper = w.evaluate("el => el.gdbook.hyper")
        defaults = widget_data.signature_defaults(OPTIMIZERS[optimizer])
        for key, value in defaults.items():
            assert hyper[key] == (lr if key == "lr" else value), (optimizer, key, hyper[key])
    assert not report["errors"] and not report["foreign"], report


def test_adaptive_explorer_diverges_and_plays(open_page):
    page, report = open_page(PAGE)
    w = _widget(page)
    # SGD above 2/L: the run diverges, at the step and in the words gdbook uses.
    _choose(page, w, "sgd", 0.05, 100.0)
    assert "2/L = 0.02" in w.locator(".gd-status").inner_text()
    for _ in range(40):
        page.keyboard.press("s")
    f, h = _engine("sgd", 0.05, 100.0, 40)
    assert h.status == "diverged"
    assert w.evaluate("el => el.gdbook.status") == "diverged"
    assert w.evaluate("el => el.gdbook.message") == h.message
    assert h.message in w.locator(".gd-status").inner_text()
    js = np.asarray(w.evaluate("el => el.gdbook.path"), dtype=float)
    assert len(js) == len(h.path)
    # Play runs all the steps (P), R resets to step 0.
    _choose(page, w, "adam", 0.2, 100.0)
    page.keyboard.press("p")
    page.wait_for_function(
        "() => document.querySelector('[data-widget=adaptive-explorer] .gd-status').textContent.includes('That is all')",
        timeout=20000)
    f, h = _engine("adam", 0.2, 100.0, DATA["steps"])
    _check_shown(w, f, h, "adam, played")
    page.keyboard.press("r")
    assert w.locator(".gd-readout output").first.inner_text() == "0"
    assert not report["errors"] and not report["foreign"], report


def test_adaptive_explorer_keyboard_phone_and_no_javascript(open_page):
    # Every control is reachable with Tab, and the status line is announced.
    page, report = open_page(PAGE)
    w = _widget(page)
    assert w.locator("[aria-live=polite]").count() == 1
    w.locator('input[type=radio][name$="-opt"]:checked').focus()
    reached = []
    for _ in range(6):
        reached.append(page.evaluate("() => { const e = document.activeElement; return e.type || e.tagName; }"))
        page.keyboard.press("Tab")
    assert reached[:6] == ["radio", "radio", "range", "button", "button", "button"], reached
    # Keyboard focus is visible.
    w.locator('input[type=radio][name$="-opt"]:checked').focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", outline
    screenshot(w, "widget-adaptive-desktop-light.png")
    for viewport, scheme in STATES[1:]:  # the same page, looked at in place
        look(page, viewport, scheme)
        w.scroll_into_view_if_needed()
        sizes = w.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert sizes[0] <= sizes[1] + 1, f"the widget overflows its box [{viewport}, {scheme}]: {sizes}"
        screenshot(w, f"widget-adaptive-{viewport}-{scheme}.png")
    quiet, _ = open_page(PAGE, js=False)
    assert "An interactive explorer belongs here" in _widget(quiet).inner_text()
    assert not report["errors"] and not report["foreign"], report
