"""The book with the keyboard alone, in Chromium: a part-2 widget (chapter 10's heavy ball), a quick
check and the "Code for this figure" boxes are reached with Tab and Shift+Tab and worked with arrows,
Space and Enter (no clicks, no typing into fields). Each result is announced (it lands in a polite
live region), and the focused control always shows an outline that reads at 3:1 or more against what
is behind it, light and dark (WCAG 2.4.7 and 1.4.11).

Each test starts from a section's address (``#id``): Chromium starts the Tab order at the element the
address names, as it does for a reader who follows a link there.
"""

from __future__ import annotations

import pytest

from browsing import look

pytestmark = pytest.mark.site

MOMENTUM = "/chapters/momentum/"
UPDATE_RULE = "/chapters/update-rule/"

# The focused element's outline: its style, width and the contrast of its colour against the first
# opaque background behind the element (the page's, if none), as WCAG computes it.
FOCUS_RING = """() => {
  const el = document.activeElement;
  const cs = getComputedStyle(el);
  const rgba = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
  let bg = rgba(getComputedStyle(document.body).backgroundColor);
  for (let e = el.parentElement; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] === 1) { bg = c; break; }
  }
  const fg = rgba(cs.outlineColor);
  const mixed = fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3]));
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [a, b] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
  return {style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), contrast: (a + 0.05) / (b + 0.05),
          what: el.outerHTML.slice(0, 80)};
}"""

# The live region an element's text sits in (polite), or null.
LIVE = """el => { const r = el.closest('[aria-live], [role=status]');
  return r ? (r.getAttribute('aria-live') || (r.getAttribute('role') === 'status' ? 'polite' : null)) : null; }"""


def _tab_to(page, selector: str, key: str = "Tab", limit: int = 40) -> None:
    """Press ``key`` until the focused element matches ``selector`` (at most ``limit`` times)."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    focused = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"{limit} x {key} did not reach {selector!r}; the focus is on {focused}")


def _focus_is_visible(page) -> None:
    """The focused element has a solid outline of 2 px or more, at 3:1 or more, in both schemes."""
    for scheme in ("light", "dark"):
        look(page, "desktop", scheme)
        ring = page.evaluate(FOCUS_RING)
        assert ring["style"] not in ("none", "hidden") and ring["width"] >= 2, (scheme, ring)
        assert ring["contrast"] >= 3, (scheme, ring)
    look(page, "desktop", "light")


def test_the_heavy_ball_by_keyboard(open_page):
    page, report = open_page(MOMENTUM + "#try-it-tune-the-heavy-ball")
    w = page.locator('[data-widget="momentum"]')
    status = w.locator(".gd-status")
    settings = lambda: w.evaluate("el => el.gdbook.settings")  # noqa: E731
    start, said = settings(), status.inner_text()

    _tab_to(page, '[data-widget="momentum"] input[type=radio]')   # the checked condition number
    _focus_is_visible(page)
    page.keyboard.press("ArrowLeft")                              # the previous condition number
    assert settings()["condition"] != start["condition"]
    assert status.inner_text() != said and f"κ = {settings()['condition']}," in status.inner_text()

    _tab_to(page, '[data-widget="momentum"] input[type=range]')   # the learning rate
    before, said = settings(), status.inner_text()
    page.keyboard.press("ArrowRight")
    assert settings()["lr"] > before["lr"] and status.inner_text() != said
    _focus_is_visible(page)

    _tab_to(page, '[data-widget="momentum"] button')               # "Best plain GD", then "Best momentum"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Best momentum"
    _focus_is_visible(page)
    page.keyboard.press("Enter")
    best = settings()
    q = best["condition"] ** 0.5
    assert best["beta"] == pytest.approx(((q - 1) / (q + 1)) ** 2, rel=1e-12)
    assert f"β = {best['beta']:.3f}" in status.inner_text()
    page.keyboard.press("Shift+Tab")                               # back to "Best plain GD"
    page.keyboard.press("Space")
    assert settings()["beta"] == 0 and "β = 0.000" in status.inner_text()

    # Every result is announced, politely, from one status line.
    assert status.evaluate(LIVE) == "polite"
    assert w.locator("[aria-live], [role=status]").count() == 1
    assert not report["errors"] and not report["foreign"]


def test_a_quick_check_by_keyboard(open_page):
    page, report = open_page(UPDATE_RULE + "#quick-check")
    feedback = page.locator(".admonition.question .gd-feedback")
    answer = page.locator("details.answer-2")
    assert not answer.evaluate("d => d.open")

    _tab_to(page, ".gd-choice")                                    # option 1: x = 5.4 (wrong)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "x = 5.4"
    _focus_is_visible(page)
    page.keyboard.press("Enter")
    assert feedback.inner_text().startswith("✗ Not quite.")
    assert feedback.evaluate(LIVE) == "polite"
    assert not answer.evaluate("d => d.open")

    page.keyboard.press("Tab")                                     # option 2: x = 4.6 (right)
    page.keyboard.press("Space")
    assert feedback.inner_text().startswith("✓ Right.")
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
    assert answer.evaluate("d => d.open"), "the right pick opens the whole answer"

    page.keyboard.press("Shift+Tab")                               # back to option 1, no longer the pick
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "x = 5.4"
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "false"
    assert not report["errors"] and not report["foreign"]


def test_code_for_this_figure_opens_with_enter(open_page):
    page, report = open_page(MOMENTUM + "#intuition-a-heavy-ball-in-a-narrow-valley")
    _tab_to(page, "details > summary")
    summary = page.evaluate("document.activeElement.textContent.trim()")
    assert summary == "Code for this figure"
    box = page.locator("details:has(> summary:focus)")
    assert not box.evaluate("d => d.open")
    _focus_is_visible(page)
    page.keyboard.press("Enter")
    assert box.evaluate("d => d.open")
    assert "import" in box.inner_text()                             # the figure's script is inside
    page.keyboard.press("Enter")
    assert not box.evaluate("d => d.open")
    assert not report["errors"] and not report["foreign"]
