"""The interactive widgets in a real browser: they show the engine's numbers, and they answer the
keyboard and the pointer.

* The maths itself (docs/assets/js/widgets/gdmath.js: objectives, every update rule, the
  divergence rule) is checked without a browser, against gdbook's golden runs, by
  ``node --test tests/js/`` (tests/test_widget_math.py). Here, one test per widget checks the
  wiring: set up through its controls as a reader would, the widget runs and shows what
  ``gdbook.minimize`` computes for the same settings (to 1e-9 relative), including a run that
  diverges and the engine's words for it; its defaults are those of tools/widget_data.py.
* Keyboard alone and pointer alone can operate every widget; the status line names overshooting
  and divergence; a page without JavaScript still shows its static figure and text; instant
  navigation (Material swaps pages without reloading) starts the widgets afresh.
* Screenshots of every widget at desktop and phone width, light and dark: build/screenshots/widget-*.png.

Skipped with a message when Chromium is missing (see tests/conftest.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from browsing import HIDE_CHROME, NO_TRANSITIONS, STATES, look, screenshot
from gdbook import minimize
from tools import widget_data

UPDATE_RULE = "/chapters/update-rule/"
PLAYGROUND = "/playground/"
RTOL = 1e-9

DATA = widget_data.constants()  # what the build gives the widgets
ROLL = DATA["widgets"]["roll-downhill"]
PG = DATA["widgets"]["playground"]
FUNCTIONS = {name: obj for name, (obj, _) in widget_data.widget_objectives().items()}
OPTIMIZERS = widget_data.optimizer_classes()
LABELS = {name: spec["label"] for name, spec in ROLL["functions"].items()}
RACERS = {r["id"]: r for r in PG["racers"]}


def _engine(fn, x0, rule, hyper, steps):
    kw = {k: tuple(v) if k == "betas" else v for k, v in hyper.items()}
    x0 = np.asarray(x0, dtype=float)
    return minimize(FUNCTIONS[fn], x0 if x0.size > 1 else float(x0.reshape(-1)[0]), OPTIMIZERS[rule](**kw), steps=steps)


def _compare(where, js_path, history):
    """Assert that a widget's path is the engine's."""
    js = np.asarray(js_path, dtype=float).reshape(len(js_path), -1)
    ref = np.asarray(history.path, dtype=float).reshape(len(history.path), -1)
    assert js.shape == ref.shape, f"{where}: the widget took {len(js) - 1} steps, gdbook {len(ref) - 1} ({history.message})"
    finite = np.isfinite(ref)
    assert (np.isfinite(js) == finite).all(), f"{where}: finite/non-finite entries differ"
    rel = np.abs(js[finite] - ref[finite]) / np.maximum(1.0, np.abs(ref[finite]))
    worst = int(np.argmax(rel)) if rel.size else 0
    assert rel.max(initial=0.0) <= RTOL, (
        f"{where}: the widget's path differs from gdbook's by {rel.max():.3g} (relative) at entry {worst}"
    )


def _shown(text):
    """A number as the widgets print it (gd.num: a Unicode minus) -> float."""
    return float(text.replace("−", "-"))


def _clean(report, where):
    assert not report["errors"], f"{where}: console errors: {report['errors']}"
    assert not report["foreign"], f"{where}: requests to another host: {report['foreign']}"


# ---- roll downhill ---------------------------------------------------------------------------------


def _roll(page):
    return page.locator('[data-widget="roll-downhill"]').first


def _set_roll(page, fn, lr, x0):
    w = _roll(page)
    w.get_by_role("radio", name=LABELS[fn]).check()
    w.get_by_label("Learning rate, exact value").fill(repr(lr))
    w.get_by_label("Learning rate, exact value").blur()
    w.get_by_label("Start x₀").fill(repr(x0))
    w.get_by_label("Start x₀").blur()
    return w


def _press(page, w, key, times):
    w.get_by_role("button", name="Step").focus()
    for _ in range(times):
        page.keyboard.press(key)


ROLL_CASES = [
    ("parabola", 0.1, 0.0, 20),  # the chapter's run: x_20 = 2.9654
    ("double-well", 0.2, 2.0, 60),  # the other curve, chosen with its radio button
    ("parabola", 1.5, 8.0, 20),  # diverges at step 17
]


def test_roll_downhill_shows_the_engines_numbers(open_page):
    page, report = open_page(UPDATE_RULE)
    w = _roll(page)
    # As the page opens: the chapter's settings (data-lr, data-x0), then the data's start point
    # when the reader switches curves.
    assert w.evaluate("el => el.gdbook.settings") == {"fn": "parabola", "lr": 0.1, "x0": 0.0}
    w.get_by_role("radio", name=LABELS["double-well"]).check()
    assert w.evaluate("el => el.gdbook.settings.x0") == ROLL["functions"]["double-well"]["x0"]
    for fn, lr, x0, steps in ROLL_CASES:
        w = _set_roll(page, fn, lr, x0)
        _press(page, w, "s", steps)
        got = w.evaluate("el => ({path: el.gdbook.path, status: el.gdbook.status, message: el.gdbook.message, settings: el.gdbook.settings})")
        assert got["settings"] == {"fn": fn, "lr": lr, "x0": x0}
        h = _engine(fn, [x0], "sgd", {"lr": lr}, steps)
        _compare(f"roll-downhill {fn} lr={lr} x0={x0}", got["path"], h)
        # What the reader sees: the readout and the last row of the table, to the 4 decimals shown.
        k = len(h.path) - 1
        shown = [w.locator(".gd-readout .gd-value").nth(i).inner_text() for i in range(4)]
        assert shown[0] == str(k)
        x = float(np.ravel(h.path[-1])[0])
        fx, gx = float(h.losses[-1]), float(FUNCTIONS[fn].grad(x))
        for text, want in zip(shown[1:], (x, fx, gx)):
            assert _shown(text) == pytest.approx(want, abs=5.1e-5, rel=5.1e-5), (fn, lr, x0, shown)
        row = w.locator(".gd-table tbody tr").last.locator("td").all_text_contents()  # the table is folded
        assert row == shown, (row, shown)
        assert got["status"] == ("diverged" if h.status == "diverged" else "running")
        if h.status == "diverged":
            assert got["message"] == h.message  # the engine's own words
            assert f"Diverged at step {h.diverged_at}" in w.locator(".gd-status").inner_text()
            assert w.locator(".gd-badge").inner_text() == "Diverged"
    _clean(report, UPDATE_RULE)


def test_roll_downhill_names_what_happens(open_page):
    page, report = open_page(UPDATE_RULE)
    w = _set_roll(page, "parabola", 0.1, 0.0)
    badge, status = w.locator(".gd-badge"), w.locator(".gd-status")
    _press(page, w, "s", 1)
    assert badge.inner_text() == "Rolling downhill"
    w = _set_roll(page, "parabola", 0.9, 0.0)
    _press(page, w, "s", 1)
    assert badge.inner_text() == "Overshooting" and "overshooting" in status.inner_text()
    w = _set_roll(page, "parabola", 1.5, 0.0)
    _press(page, w, "s", 1)
    assert badge.inner_text() == "Diverging" and "diverging" in status.inner_text()
    # lr = 1, the case the learning-rate chapter teaches: between 0 and 6 for ever, not "zigzags in".
    w = _set_roll(page, "parabola", 1.0, 0.0)
    for k in (1, 2, 25):
        _press(page, w, "s", 1 if k < 25 else 23)
        assert badge.inner_text() == "Bouncing forever", k
        assert "bouncing forever" in status.inner_text() and "zigzag" not in status.inner_text()
    assert w.evaluate("el => el.gdbook.path").count(6.0) == 13
    # lr = 0.5 lands in one step: "after 1 step", singular.
    w = _set_roll(page, "parabola", 0.5, 0.0)
    _press(page, w, "s", 1)
    assert badge.inner_text() == "Converged" and "after 1 step " in status.inner_text()
    w = _set_roll(page, "double-well", 0.1, 2.4)
    _press(page, w, "s", 1)
    assert badge.inner_text() == "Jumped valleys" and "other valley" in status.inner_text()
    _press(page, w, "s", 200)
    assert badge.inner_text() == "Converged" and "deeper (global) minimum" in status.inner_text()
    assert status.get_attribute("aria-live") == "polite"
    # One status line announces; the numbers in the readout are not live regions.
    live = w.locator("[aria-live], [role=status], [role=log], [role=alert], output")
    assert live.count() == 1 and live.first.get_attribute("class") == "gd-status"
    # The text alternative: the iterates as a table.
    w.locator(".gd-table summary").click()
    assert w.locator(".gd-table tbody tr").count() > 10
    _clean(report, UPDATE_RULE)


def test_roll_downhill_by_keyboard_alone(open_page):
    page, report = open_page(UPDATE_RULE)
    w = _roll(page)
    # Tab from the function picker to the plot, the slider, the fields and the buttons.
    w.get_by_role("radio", name=LABELS["parabola"]).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "slider"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    assert w.evaluate("el => el.gdbook.settings.x0") == pytest.approx(1.1)
    assert w.locator("svg.gd-plot").get_attribute("aria-valuenow") == "1.1"
    page.keyboard.press("Home")
    assert w.evaluate("el => el.gdbook.settings.x0") == DATA["objectives"]["parabola"]["window"][0][0]
    page.keyboard.press("Tab")  # the learning-rate slider
    assert page.evaluate("document.activeElement.type") == "range"
    page.keyboard.press("ArrowRight")  # one notch up the log scale
    assert w.evaluate("el => el.gdbook.settings.lr") == 0.11
    page.keyboard.press("End")
    assert w.evaluate("el => el.gdbook.settings.lr") == 3.0
    assert page.evaluate("document.activeElement.getAttribute('aria-valuetext')") == "3"
    page.keyboard.press("Tab")
    page.keyboard.type("0.25")  # the exact learning rate
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("5")
    page.keyboard.press("Tab")  # -> Step
    assert w.evaluate("el => el.gdbook.settings") == {"fn": "parabola", "lr": 0.25, "x0": 5.0}
    page.keyboard.press("Enter")
    page.keyboard.press("s")
    assert w.evaluate("el => el.gdbook.path") == [5.0, 4.0, 3.5]
    page.keyboard.press("p")  # play ...
    assert w.get_by_role("button", name="Pause").get_attribute("aria-pressed") == "true"
    page.wait_for_timeout(700)
    page.keyboard.press("p")  # ... pause
    assert w.get_by_role("button", name="Play").get_attribute("aria-pressed") == "false"
    assert len(w.evaluate("el => el.gdbook.path")) > 3
    page.keyboard.press("r")
    assert w.evaluate("el => el.gdbook.path") == [5.0]
    # Every control has a name a screen reader can say.
    unnamed = w.evaluate("""el => [...el.querySelectorAll('button, input, select, [tabindex]')]
        .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.textContent.trim())
        .map(c => c.outerHTML.slice(0, 80))""")
    assert not unnamed, unnamed
    _clean(report, UPDATE_RULE)


_CONTRAST = """el => {
  const rgba = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
  const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3])).concat(1);
  const layers = [];
  for (let e = el; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
  let bg = [255, 255, 255, 1];
  const page = rgba(getComputedStyle(document.body).backgroundColor);
  if (page[3] > 0) bg = over(page, bg);
  for (const layer of layers.reverse()) if (layer[3] > 0) bg = over(layer, bg);
  const fg = over(rgba(getComputedStyle(el).color), bg);
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def test_button_text_stays_readable_when_focused_or_hovered(open_page):
    """Material paints a focused or hovered button orange; its text must still read at >= 4.5:1, light and dark."""
    page, report = open_page(UPDATE_RULE, reduced_motion="reduce")
    page.add_style_tag(content=NO_TRANSITIONS)
    buttons = [_roll(page).get_by_role("button", name=n) for n in ("Step", "Play", "Reset")]
    for kind in ("predict", "fill", "order"):
        box = page.locator(f".admonition.practice.{kind}")
        buttons += [box.get_by_role("button", name="Check"), box.get_by_role("button", name="Reset")]
    box = page.locator(".admonition.practice.fix")
    buttons += [box.get_by_role("button", name="Run"), box.get_by_role("button", name="Reset")]
    problems = []
    for scheme in ("light", "dark"):
        look(page, "desktop", scheme)
        for b in buttons:
            name = b.inner_text()
            b.scroll_into_view_if_needed()
            page.mouse.move(0, 0)
            resting = b.evaluate(_CONTRAST)
            b.focus()
            page.keyboard.press("Shift")  # focus by keyboard: :focus-visible
            focused = b.evaluate(_CONTRAST)
            b.hover()
            hovered = b.evaluate(_CONTRAST)
            page.evaluate("document.activeElement.blur()")
            for state, ratio in (("resting", resting), ("focused", focused), ("hovered", hovered)):
                if ratio < 4.5:
                    problems.append(f"{scheme}: the {state} {name!r} button's text contrast is {ratio:.2f}:1")
    assert not problems, "\n".join(problems)
    _clean(report, UPDATE_RULE)


def test_on_a_phone_nothing_hides_and_keyboard_hints_go(open_page):
    """At 375 px on a touch screen: the iterates table shows all four columns, the longest line of the
    order challenge is not cut behind its arrows, and the keyboard hints (S/P/R, Ctrl+Enter) are not shown."""
    page, report = open_page(UPDATE_RULE, "phone", has_touch=True, is_mobile=True)
    w = _set_roll(page, "parabola", 1.5, 8.0)
    _press(page, w, "s", 16)  # large numbers in the table
    table = w.locator(".gd-table table")
    hint = w.locator(".gd-table .gd-hint")
    # Whether numbers up to 1e11 overflow 375 px depends on the machine's fonts, so the table's box is
    # made narrower than its numbers for sure: a table wider than its box says to swipe (it did not, before).
    squeeze = page.add_style_tag(content=".md-typeset .gd-table table { max-width: 150px; }")
    w.locator(".gd-table summary").click()
    cut = table.evaluate("el => el.scrollWidth - el.clientWidth")
    assert cut > 1 and hint.is_visible() and "swipe" in hint.inner_text(), (cut, hint.is_visible())
    squeeze.evaluate("el => el.remove()")
    w = _set_roll(page, "parabola", 0.1, 0.0)  # the chapter's run: all four columns fit
    _press(page, w, "s", 20)
    cut = table.evaluate("el => el.scrollWidth - el.clientWidth")
    assert cut <= 1, f"the iterates table of the chapter's run is {cut} px wider than its box on a phone"
    assert not hint.is_visible()
    last = w.locator(".gd-table thead th").last.bounding_box()
    assert last["x"] + last["width"] <= page.viewport_size["width"], "the f'(x) column is off the screen"
    for code in page.locator("ol.gd-order code").all():
        hidden = code.evaluate("el => el.scrollWidth - el.clientWidth")
        assert hidden <= 1, f"an order-challenge line is cut by {hidden} px: {code.inner_text()!r}"
    for hint in page.locator(".gd-keys").all():
        assert not hint.is_visible(), f"a keyboard hint shows on a touch screen: {hint.inner_text()!r}"
    assert page.locator(".admonition.practice.fix .gd-hint").is_visible()  # "Python runs in your browser"
    _clean(report, UPDATE_RULE)


def test_roll_downhill_by_pointer(open_page):
    page, report = open_page(UPDATE_RULE)
    w = _roll(page)
    plot = w.locator("svg.gd-plot")
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    # The parabola's window lies between the margins (44 and 14 of 640 SVG units).
    (lo, hi), = DATA["objectives"]["parabola"]["window"]

    def at(x):
        return box["x"] + (44 + (x - lo) / (hi - lo) * (640 - 58)) / 640 * box["width"]
    page.mouse.click(at(6.0), box["y"] + box["height"] / 2)
    assert w.evaluate("el => el.gdbook.settings.x0") == pytest.approx(6.0, abs=0.05)
    page.mouse.move(at(1.0), box["y"] + 50)
    page.mouse.down()
    page.mouse.move(at(4.0), box["y"] + 60, steps=5)
    page.mouse.up()
    assert w.evaluate("el => el.gdbook.settings.x0") == pytest.approx(4.0, abs=0.05)
    w.get_by_role("button", name="Step").click()
    w.get_by_role("button", name="Step").click()
    assert len(w.evaluate("el => el.gdbook.path")) == 3
    w.get_by_role("radio", name=LABELS["double-well"]).click()
    assert w.evaluate("el => el.gdbook.settings.fn") == "double-well"
    w.get_by_role("button", name="Reset").click()
    assert len(w.evaluate("el => el.gdbook.path")) == 1
    _clean(report, UPDATE_RULE)


# ---- the optimizer playground -------------------------------------------------------------------------


def _playground(page):
    return page.locator('[data-widget="playground"]').first


def _play(page, w):
    w.get_by_role("button", name="Play").click()
    page.wait_for_function("el => !el.querySelector('.gd-status').textContent.startsWith('Racing')",
                           arg=w.element_handle(), timeout=60000)
    return w.evaluate("el => el.gdbook.runs")


def _race(page, fn, start, steps, racers):
    """Set the playground up as a reader would, press Play, wait for the finish; return its runs."""
    w = _playground(page)
    w.get_by_label("Function").select_option(fn)
    for label, value in (("start x", start[0]), ("y", start[1]), ("steps", steps)):
        field = w.get_by_label(label, exact=True)
        field.fill(repr(value))
        field.blur()
    for rid, racer in RACERS.items():
        w.locator(f'[data-racer="{rid}"] input[type=checkbox]').set_checked(rid in racers)
        names = {key: label for key, label, _ in racer["fields"]}
        for field, value in racers.get(rid, {}).items():
            name = "learning rate" if field == "lr" else names[field]
            box = w.get_by_label(f"{racer['label']} {name}", exact=True)
            box.fill(repr(value))
            box.blur()
    return _play(page, w)


def _check_runs(page, where, runs, fn, start, steps, hypers):
    """Each racer's run is gdbook.minimize with the hyperparameters the reader set."""
    assert sorted(r["id"] for r in runs) == sorted(hypers), where
    for run in runs:
        rule, hyper = RACERS[run["id"]]["rule"], hypers[run["id"]]
        for k, v in hyper.items():
            assert run["hyper"][k] == v, f"{where} {run['id']}: {k}"
        h = _engine(fn, start, rule, hyper, steps)
        _compare(f"{where}: {run['id']} {hyper} from {start}", run["path"], h)
        assert run["status"] == ("diverged" if h.status == "diverged" else "running")
        result = _playground(page).locator(f'[data-racer="{run["id"]}"] .gd-result').inner_text()
        if h.status == "diverged":
            assert run["message"] == h.message
            assert result == f"diverged at step {h.diverged_at}"
        else:
            # the playground prints one minus sign, U+2212, also in exponents
            assert result.startswith(f"f = {float(h.losses[-1]):.3g} at (".replace("-", "−")), (result, h.losses[-1])


def test_playground_races_with_the_engines_numbers(open_page):
    # With reduced motion the playground runs a race in a few frames instead of a few seconds.
    page, report = open_page(PLAYGROUND, reduced_motion="reduce")
    w = _playground(page)
    # The race as the page opens (docs/playground.md: quadratic; sgd, momentum, adam), with the
    # defaults of tools/widget_data.py.
    fn = "quadratic"
    spec = PG["functions"][fn]
    assert w.evaluate("el => el.gdbook.settings") == {"fn": fn, "start": spec["start"], "steps": spec["steps"]}
    hypers = {rid: widget_data.racer_hyper(RACERS[rid], lr=spec["lr"][rid]) for rid in ("sgd", "momentum", "adam")}
    _check_runs(page, "the opening race", _play(page, w), fn, spec["start"], spec["steps"], hypers)
    # Every kind of field changed by the reader, and a racer that diverges (SGD with lr = 0.25).
    fields = {"sgd": {"lr": 0.25}, "nesterov": {"lr": 0.03, "momentum": 0.8}, "adagrad": {"lr": 2.0},
              "rmsprop": {"lr": 0.3, "alpha": 0.9}, "adam": {"lr": 0.4, "beta1": 0.8, "beta2": 0.99}}
    runs = _race(page, "quadratic", (5, -4), 100, fields)
    hypers = {rid: widget_data.racer_hyper(RACERS[rid], {k: v for k, v in f.items() if k != "lr"}, lr=f["lr"])
              for rid, f in fields.items()}
    _check_runs(page, "a race set up by hand", runs, "quadratic", [5, -4], 100, hypers)
    assert "SGD diverged at step" in w.locator(".gd-status").inner_text()
    _clean(report, PLAYGROUND)


def test_playground_by_keyboard_and_pointer(open_page):
    page, report = open_page(PLAYGROUND)
    w = _playground(page)
    settings = lambda: w.evaluate("el => el.gdbook.settings")  # noqa: E731
    # Keyboard: choose the function, move the start with the arrow keys, step, play, reset.
    w.get_by_label("Function").focus()
    page.keyboard.press("ArrowDown")  # the next function in the list
    assert settings()["fn"] == "rosenbrock"
    plot = w.locator("svg.gd-plot")
    plot.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    (x0, x1), (y0, y1) = PG["functions"]["rosenbrock"]["window"]
    sx, sy = PG["functions"]["rosenbrock"]["start"]
    assert settings()["start"] == [pytest.approx(sx + (x1 - x0) / 50), pytest.approx(sy + (y1 - y0) / 50)]
    page.keyboard.press("s")
    page.keyboard.press("s")
    assert all(len(r["path"]) == 3 for r in w.evaluate("el => el.gdbook.runs"))
    page.keyboard.press("p")
    assert w.get_by_role("button", name="Pause").get_attribute("aria-pressed") == "true"
    page.keyboard.press("p")
    page.keyboard.press("r")
    assert all(len(r["path"]) == 1 for r in w.evaluate("el => el.gdbook.runs"))
    # A racer switched on from the keyboard joins the next race.
    w.locator('[data-racer="rmsprop"] input[type=checkbox]').focus()
    page.keyboard.press("Space")
    assert "rmsprop" in [r["id"] for r in w.evaluate("el => el.gdbook.runs")]
    # Pointer: a click on the plot moves the start there (3/4 across, half way up Rosenbrock's window).
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.5)
    assert settings()["start"] == [pytest.approx(x0 + 0.75 * (x1 - x0), abs=0.02), pytest.approx((y0 + y1) / 2, abs=0.02)]
    w.get_by_role("button", name="Step").click()
    assert all(r["path"][0] == settings()["start"] for r in w.evaluate("el => el.gdbook.runs"))
    _clean(report, PLAYGROUND)


# ---- quick checks ------------------------------------------------------------------------------------------


def test_quick_check_answers_at_once(open_page):
    page, report = open_page(UPDATE_RULE)
    q = page.locator(".admonition.question").filter(has=page.locator(".gd-choice")).first
    choices = q.locator(".gd-choice")
    assert choices.count() == 3
    feedback = q.locator(".gd-feedback")
    answer = page.locator("details.answer-2")
    choices.nth(0).click()  # wrong, by pointer
    assert feedback.get_attribute("data-verdict") == "wrong"
    assert "uphill" in feedback.inner_text() and "Try another option" in feedback.inner_text()
    assert answer.get_attribute("open") is None
    choices.nth(1).focus()  # right, by keyboard
    page.keyboard.press("Enter")
    assert feedback.get_attribute("data-verdict") == "right"
    assert choices.nth(1).get_attribute("aria-pressed") == "true"
    assert choices.nth(0).get_attribute("aria-pressed") == "false"
    assert answer.get_attribute("open") is not None
    assert feedback.get_attribute("aria-live") == "polite"
    _clean(report, UPDATE_RULE)


# ---- pages without JavaScript, instant navigation, screenshots ------------------------------------------------


def test_without_javascript_the_static_content_shows(open_page):
    page, _ = open_page(UPDATE_RULE, js=False)
    roll = _roll(page)
    assert "needs JavaScript" in roll.inner_text() and roll.locator("button").count() == 0
    assert page.locator(".admonition.question ol li").count() >= 3  # the quick check, as a list
    assert page.locator(".admonition.practice .starter").count() == 4  # the starters, as code
    assert page.locator("details.answer-2").count() == 1
    page, _ = open_page(PLAYGROUND, js=False)
    pg = _playground(page)
    assert "needs JavaScript" in pg.inner_text()
    img = pg.locator("img").first
    assert img.get_attribute("alt") and "playground_race" in img.get_attribute("src")


def test_widgets_start_afresh_on_instant_navigation(open_page):
    page, report = open_page(UPDATE_RULE)
    w = _roll(page)
    w.get_by_role("button", name="Play").click()  # leave while it plays: its timer must stop
    page.locator('a.md-nav__link[href$="playground/"]').first.click()
    page.wait_for_selector('[data-widget="playground"].gd-live')
    assert page.evaluate("typeof document$") == "object"  # Material's instant navigation is on
    page.wait_for_timeout(600)
    page.go_back()
    page.wait_for_selector('[data-widget="roll-downhill"].gd-live')
    w = _roll(page)
    assert w.evaluate("el => el.gdbook.path.length") == 1
    assert page.locator(".gd-roll").count() == 1
    assert page.locator(".admonition.question .gd-choice").count() == 3  # enhanced once, not twice
    _clean(report, "instant navigation")


def test_widget_screenshots(open_page):
    """The widgets of chapter 3 in use, at desktop and phone width, light and dark (one page, looked at in place)."""
    page, report = open_page(UPDATE_RULE, reduced_motion="reduce")
    w = _set_roll(page, "parabola", 0.9, 0.0)
    _press(page, w, "s", 6)
    q = page.locator(".admonition.question").filter(has=page.locator(".gd-choice")).first
    q.locator(".gd-choice").first.click()
    for viewport, scheme in STATES:
        look(page, viewport, scheme)
        screenshot(w, f"widget-roll-downhill-{viewport}-{scheme}.png", style=HIDE_CHROME)
        screenshot(q, f"widget-quick-check-{viewport}-{scheme}.png", style=HIDE_CHROME)
        for kind in ("predict", "fix", "fill", "order"):
            screenshot(page.locator(f".admonition.practice.{kind}"), f"widget-practice-{kind}-{viewport}-{scheme}.png", style=HIDE_CHROME)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{UPDATE_RULE} [{viewport}, {scheme}] is {overflow} px wider than the screen"
    _clean(report, UPDATE_RULE)

    page, report = open_page(PLAYGROUND, viewport, scheme, reduced_motion="reduce")
    runs = _race(page, "himmelblau", (0, -1), 300, {r: {} for r in RACERS})
    assert len(runs) == 6
    screenshot(_playground(page), f"widget-playground-{viewport}-{scheme}.png", style=HIDE_CHROME)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{PLAYGROUND} [{viewport}, {scheme}] is {overflow} px wider than the screen"
    _clean(report, PLAYGROUND)
