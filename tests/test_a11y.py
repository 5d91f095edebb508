"""tests/a11y.py itself: axe-core finds what it should, says it in one readable line, and a missing
axe-core says how to install it. (The browser test of every page uses it: tests/test_browser.py.)"""

from __future__ import annotations

import pytest

import a11y


def test_axe_reports_serious_and_critical_violations_one_line_each(open_page):
    page, _ = open_page("/glossary/")
    where = "/glossary/ [desktop, light]"
    assert a11y.axe_problems(page, where) == []
    page.evaluate("""() => {
        const main = document.querySelector('.md-content .md-typeset');
        for (let i = 0; i < 5; i++) main.append(Object.assign(document.createElement('button'), {className: 'unnamed'}));
        main.append(Object.assign(document.createElement('p'), {textContent: 'faint', style: 'color: #ddd'}));
        main.append(document.createElement('h2'));  // empty-heading: minor, advice only
    }""")
    problems = a11y.axe_problems(page, where)
    assert [p.split(":")[1] for p in problems] == [" axe critical button-name", " axe serious color-contrast"], problems
    button = problems[0]
    assert button.startswith(where) and "Buttons must have discernible text" in button
    assert "5 element(s): .unnamed" in button and button.endswith("(+2 more)")
    colours = a11y.axe_problems(page, where, rules=a11y.COLOUR_RULES)  # as in the second scheme
    assert [p.split(":")[1] for p in colours] == [" axe serious color-contrast"], colours


def test_the_rules_turned_off_are_those_that_cannot_fail(open_page):
    """Of a11y.TAGS' rules, those that can report only moderate or minor violations are turned off."""
    page, _ = open_page("/glossary/")
    a11y.axe_problems(page, "/glossary/")
    off = set(page.evaluate(a11y.ADVICE_ONLY, [a11y.TAGS, list(a11y.FAILING)]))
    every = set(page.evaluate("tags => axe.getRules(tags).map(r => r.ruleId)", a11y.TAGS))
    assert {"region", "heading-order", "landmark-one-main"} <= off
    assert not off & {"color-contrast", "link-in-text-block", "button-name", "image-alt", "target-size", "empty-heading"}
    assert len(off) < 0.4 * len(every)


def test_a_missing_axe_core_says_make_setup(monkeypatch):
    monkeypatch.setattr(a11y, "AXE", a11y.ROOT / "node_modules" / "no-such-package" / "axe.min.js")
    with pytest.raises(pytest.fail.Exception, match=r"make setup.*npm ci"):
        a11y.axe_problems(None, "anywhere")
