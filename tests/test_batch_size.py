"""The batch-size explorer (chapter 9) in a real browser: what it shows is gdbook.fit's.

The widget (docs/assets/js/widgets/batch-size.js) computes nothing: tools/widget_data.py
(``batch_explorer``) runs ``gdbook.fit`` at build time for each batch size and writes the runs into
the page's data. These tests run ``fit`` again here, for the same problem (noisy_line(n=128),
LinearRegression, SGD(lr=0.1), 10 epochs, start (-1, -1)), choose each batch size with the
keyboard alone, and check what the page shows: the step count, the final loss, the final (w, b)
(readout, status line and the end marker's position on the plot), the last vertex of the drawn
path and the loss per epoch (the table). Then: the static fallback without JavaScript, and the
phone layout in dark mode. Screenshots: build/screenshots/widget-batch-size-*.png.
"""

from __future__ import annotations

import numpy as np
import pytest

from browsing import HIDE_CHROME, screenshot
from gdbook import data, fit, models
from gdbook.optim import SGD

pytestmark = pytest.mark.site

PAGE = "/chapters/batches/"
SIZES = [1, 4, 8, 16, 32, 64, 128]  # the slider's notches, smallest first


def _engine(batch_size):
    X, y = data.noisy_line(n=128, seed=0)
    model = models.LinearRegression(n_features=1)
    start = {"w": np.array([-1.0]), "b": np.array(-1.0)}
    return fit(model, start, X, y, SGD(lr=0.1), epochs=10, batch_size=batch_size)


def _widget(page):
    return page.locator('[data-widget="batch-size"]').first


def _shown(text):
    return float(text.replace("−", "-"))


def _clean(report):
    assert not report["errors"], f"console errors: {report['errors']}"
    assert not report["foreign"], f"requests to another host: {report['foreign']}"


def _data_point(geometry, cx, cy):
    """An SVG point of the path plot back in (w, b)."""
    W, H, M = geometry["W"], geometry["H"], geometry["M"]
    (w0, w1), (b0, b1) = geometry["window"]
    w = w0 + (cx - M["l"]) / (W - M["l"] - M["r"]) * (w1 - w0)
    b = b0 + (H - M["b"] - cy) / (H - M["t"] - M["b"]) * (b1 - b0)
    return w, b


def test_batch_size_shows_fits_runs(open_page):
    page, report = open_page(PAGE)
    w = _widget(page)
    assert w.evaluate("el => el.gdbook.settings") == {"batch_size": 32}  # data-batch="32"
    slider = w.get_by_role("slider", name="Batch size")
    slider.focus()
    page.keyboard.press("Home")
    geometry = w.evaluate("el => el.gdbook.geometry")
    for i, b in enumerate(SIZES):
        if i:
            page.keyboard.press("ArrowRight")
        assert w.evaluate("el => el.gdbook.settings") == {"batch_size": b}
        assert slider.get_attribute("aria-valuetext") == f"batch size {b}"
        h = _engine(b)
        assert h.status == "finished"
        wb = (float(h.x["w"][0]), float(h.x["b"]))
        # The numbers behind the picture are fit's, exactly.
        run = w.evaluate("el => el.gdbook.run")
        assert run["steps"] == h.steps
        assert run["final_loss"] == h.final_loss
        assert run["x"] == list(wb)
        assert run["losses"] == [float(v) for v in h.losses]
        # What the reader sees: the readout (4 decimals, a Unicode minus).
        out = w.locator(".gd-readout output")
        assert out.nth(0).inner_text() == f"{h.steps} ({h.steps // 10} per epoch)"
        assert out.nth(1).inner_text() == f"{h.final_loss:.4f}"
        assert _shown(out.nth(2).inner_text()) == pytest.approx(wb[0], abs=5.1e-5)
        assert _shown(out.nth(3).inner_text()) == pytest.approx(wb[1], abs=5.1e-5)
        status = w.locator(".gd-status").inner_text()
        assert f"final loss {h.final_loss:.4f}" in status and f"{h.steps} in 10 epochs" in status
        # The end marker and the drawn path's last vertex sit at fit's final (w, b) on the plot
        # (the marker to 0.01 SVG units, the path in thousandths of a unit, to 0.1 SVG units).
        ex, ey = _data_point(geometry, *w.evaluate("el => el.gdbook.end"))
        assert (ex, ey) == (pytest.approx(wb[0], abs=2e-4), pytest.approx(wb[1], abs=2e-4))
        vx, vy = _data_point(geometry, *w.evaluate("el => el.gdbook.lastVertex"))
        assert (vx, vy) == (pytest.approx(wb[0], abs=2e-3), pytest.approx(wb[1], abs=2e-3))
        # One dot per step for the smaller runs, and the path has a vertex per step for all.
        n_points = len(w.locator(".gd-bs-trail").get_attribute("points").split(" "))
        assert n_points == h.steps + 1
        # The text alternative: the loss per epoch.
        cells = w.locator(".gd-table tbody tr td:nth-child(2)").all_text_contents()
        assert cells == [f"{v:.4f}" for v in h.losses]
    page.keyboard.press("ArrowRight")  # past the end: stays at the largest
    assert w.evaluate("el => el.gdbook.settings") == {"batch_size": 128}
    assert "Batch gradient descent" in w.locator(".gd-status").inner_text()
    page.keyboard.press("Home")
    assert "Stochastic gradient descent" in w.locator(".gd-status").inner_text()
    assert w.locator(".gd-status").get_attribute("aria-live") == "polite"
    # Every control has a name a screen reader can say.
    unnamed = w.evaluate("""el => [...el.querySelectorAll('button, input, select, [tabindex]')]
        .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.textContent.trim())
        .map(c => c.outerHTML.slice(0, 80))""")
    assert not unnamed, unnamed
    page.add_style_tag(content=HIDE_CHROME)
    screenshot(w, "widget-batch-size-desktop-light.png")
    _clean(report)


def test_batch_size_on_a_phone_in_dark_mode(open_page):
    page, report = open_page(PAGE, viewport="phone", scheme="dark")
    w = _widget(page)
    w.scroll_into_view_if_needed()
    # Nothing sticks out of the column: the two plots stack.
    width = page.evaluate("document.documentElement.clientWidth")
    box = w.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    plots = w.locator("svg.gd-bs-plot")
    a, b = plots.nth(0).bounding_box(), plots.nth(1).bounding_box()
    assert b["y"] >= a["y"] + a["height"] - 1, "on a phone the loss plot goes under the path plot"
    assert a["width"] >= 0.8 * box["width"] - 40
    page.add_style_tag(content=HIDE_CHROME)
    screenshot(w, "widget-batch-size-phone-dark.png")
    _clean(report)


def test_batch_size_without_javascript(open_page):
    page, _ = open_page(PAGE, js=False)
    w = _widget(page)
    assert "needs JavaScript" in w.inner_text() and w.locator("input").count() == 0
    # The figure above it shows the same runs.
    assert page.locator('img[src*="batches_paths"]').count() == 2
