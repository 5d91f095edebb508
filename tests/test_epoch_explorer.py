"""The epoch explorer (chapter 8, docs/assets/js/widgets/epoch-explorer.js) in Chromium.

The widget replays runs of ``gdbook.fit`` that the build precomputes (tools/widget_data.py,
``epoch_explorer()``). Here, set up through its controls as a reader would (keyboard only), it
must show what gdbook computes in this test for the same settings: which examples each step uses
(``gdbook.data.batches`` with ``seed + epoch``, as ``fit`` calls it), the examples ``drop_last``
leaves out, every batch loss and every epoch's training loss (to the 4 decimals shown), and the
step and epoch counters. A page without JavaScript shows the static figure and text instead.
Screenshots: build/screenshots/widget-epoch-explorer-*.png.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from browsing import STATES, look, screenshot
from gdbook import data, fit, models
from gdbook.optim import SGD
from tools import widget_data

pytestmark = pytest.mark.site

PAGE = "/chapters/epochs/"
WIDGET = '[data-widget="epoch-explorer"]'
D = widget_data.epoch_explorer()


def _engine(batch_size, drop_last):
    """What gdbook computes for these settings: the batches of every epoch, what each epoch leaves
    out, and fit's History."""
    X, y = data.noisy_line(n=D["n"], seed=0)
    model = models.LinearRegression(n_features=1)
    h = fit(model, model.init(seed=0), X, y, SGD(lr=D["lr"]), epochs=D["epochs"], batch_size=batch_size,
            seed=D["seed"], drop_last=drop_last)
    ids = np.arange(D["n"])
    batches, dropped = [], []
    for e in range(D["epochs"]):
        used = [b.tolist() for _, b in data.batches(ids[:, None], ids, batch_size, seed=D["seed"] + e, drop_last=drop_last)]
        order = np.random.default_rng(D["seed"] + e).permutation(D["n"]).tolist()  # fit's shuffle
        assert [i for b in used for i in b] == order[:sum(len(b) for b in used)]
        batches.append(used)
        dropped.append(order[sum(len(b) for b in used):])
    return batches, dropped, h


def _shown(text):
    return float(text.replace("−", "-"))


def _choose(page, w, batch_size, drop_last):
    """Keyboard only: arrow keys through the batch-size radios, Space on the checkbox."""
    sizes = [r["batch_size"] for r in D["runs"] if not r["drop_last"]]
    radios = w.get_by_role("radio")
    current = w.evaluate("el => el.gdbook.settings.batch_size")
    radios.nth(sizes.index(current)).focus()
    key = "ArrowRight" if sizes.index(batch_size) > sizes.index(current) else "ArrowLeft"
    for _ in range(abs(sizes.index(batch_size) - sizes.index(current))):
        page.keyboard.press(key)
    box = w.get_by_role("checkbox")
    if box.is_checked() != drop_last:
        box.focus()
        page.keyboard.press("Space")
    assert w.evaluate("el => el.gdbook.settings") == {"batch_size": batch_size, "drop_last": drop_last}


CASES = [(8, False), (8, True), (3, True), (1, False), (20, False)]


def test_epoch_explorer_shows_the_engines_batches_and_losses(open_page):
    page, report = open_page(PAGE)
    w = page.locator(WIDGET).first
    assert w.evaluate("el => el.gdbook.settings") == {"batch_size": 8, "drop_last": False}  # data-batch-size
    for batch_size, drop_last in CASES:
        _choose(page, w, batch_size, drop_last)
        batches, dropped, h = _engine(batch_size, drop_last)
        per_epoch = (D["n"] // batch_size) if drop_last else math.ceil(D["n"] / batch_size)
        assert h.steps == per_epoch * D["epochs"]
        where = f"batch_size={batch_size} drop_last={drop_last}"
        # the data the page was built with is the engine's, to the last bit
        run = w.evaluate("el => el.gdbook.run")
        assert run["batches"] == batches and run["dropped"] == dropped, where
        np.testing.assert_allclose(run["batch_losses"], h.batch_losses, rtol=1e-12, err_msg=where)
        np.testing.assert_allclose(run["losses"], h.losses, rtol=1e-12, err_msg=where)
        # the grid: each epoch's row shows its batches, then what drop_last leaves out
        rows = w.locator(".gd-ep-row")
        assert rows.count() == D["epochs"]
        for e in range(D["epochs"]):
            groups = rows.nth(e).locator(".gd-ep-batch:not(.gd-ep-dropped)")
            shown = [[int(t) for t in groups.nth(j).locator(".gd-ep-ex").all_inner_texts()] for j in range(groups.count())]
            assert shown == batches[e], (where, e)
            out = rows.nth(e).locator(".gd-ep-dropped .gd-ep-ex").all_inner_texts()
            assert [int(t) for t in out] == dropped[e], (where, e)
        assert f"{per_epoch} steps per epoch" in w.locator(".gd-status").inner_text()
        # step through every epoch with the keyboard: S for the first step, E for the rest of each epoch
        w.get_by_role("button", name="Step").focus()
        page.keyboard.press("s")
        for _ in range(D["epochs"] if per_epoch > 1 else D["epochs"] - 1):  # S already ended epoch 1 if it is one step
            page.keyboard.press("e")
        assert w.evaluate("el => el.gdbook.k") == h.steps
        readout = w.locator(".gd-readout output").all_inner_texts()
        assert readout == [f"{h.steps} of {h.steps}", f"{D['epochs']} of {D['epochs']}", f"{per_epoch} of {per_epoch}"], where
        # the table: one row per step (examples, batch loss) and one per epoch (training loss)
        table = w.locator(".gd-table tbody tr")
        steps = [b for epoch in batches for b in epoch]
        k = 0
        epoch_losses = []
        for i in range(table.count()):
            cells = table.nth(i).locator("td").all_text_contents()  # the table is folded
            if cells[2] == "—":
                epoch_losses.append(_shown(cells[4]))
                continue
            assert int(cells[0]) == k + 1 and [int(t) for t in cells[3].split()] == steps[k], (where, cells)
            assert _shown(cells[4]) == pytest.approx(h.batch_losses[k], abs=5.1e-5), (where, cells)
            k += 1
        assert k == h.steps
        np.testing.assert_allclose(epoch_losses, h.losses, atol=5.1e-5, err_msg=where)
        status = w.locator(".gd-status").inner_text()
        assert f"training loss {gd_num(h.losses[-1])}" in status and f"Finished: {h.steps} steps" in status, status
        # the plot: a dot per step, a square per epoch record
        assert w.locator(".gd-ep-stepdots circle").count() == h.steps
        assert w.locator(".gd-ep-epochdots rect").count() == D["epochs"] + 1
        page.keyboard.press("r")
        assert w.evaluate("el => el.gdbook.k") == 0
    assert not report["errors"], report["errors"]
    assert not report["foreign"], report["foreign"]


def gd_num(v):
    """A number as the widget prints it (gd.num with 4 decimals)."""
    return f"{v:.4f}".replace("-", "−")


def test_epoch_explorer_screenshots_and_no_javascript(open_page):
    page, report = open_page(PAGE)
    w = page.locator(WIDGET).first
    w.get_by_role("button", name="Step").focus()
    for _ in range(2):
        page.keyboard.press("s")
    page.keyboard.press("e")
    page.keyboard.press("s")
    for viewport, scheme in STATES:  # one page, looked at in place
        look(page, viewport, scheme)
        w.scroll_into_view_if_needed()
        if viewport == "phone":
            width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width <= inner, f"the page scrolls sideways on a phone: {width}px in {inner}px"
        screenshot(w, f"widget-epoch-explorer-{viewport}-{scheme}.png")
    assert not report["errors"], report["errors"]
    page, _ = open_page(PAGE, js=False)
    w = page.locator(WIDGET).first
    assert "needs JavaScript" in w.inner_text()
    assert page.locator('img[src*="epochs_batches"]').count() == 2
