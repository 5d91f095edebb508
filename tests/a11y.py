"""Accessibility checks for the browser tests: axe-core (from npm, node_modules/axe-core) run inside a page.

``axe_problems(page, where)`` returns one readable line per serious or critical violation; the
browser tests add them to their problems, so a page with any fails.
"""

from __future__ import annotations

import pytest

from book import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# The rules axe runs: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices, each that
# can report a failing impact. No such rule is disabled.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
# The impacts that fail a test; "moderate" and "minor" ones are axe's advice, not failures, so the
# rules that can report nothing worse (heading-order, region, ... 26 of axe 4.14's 100 here) are
# turned off: a sixth of a full run's time.
FAILING = ("serious", "critical")
# The ids of TAGS' rules whose own impact and whose checks' impacts are all below FAILING (axe's metadata).
ADVICE_ONLY = """([tags, failing]) => axe._audit.rules
    .filter(r => r.tags.some(t => tags.includes(t)))
    .filter(r => ![r.impact, ...[...r.any, ...r.all, ...r.none]
        .map(c => (axe._audit.data.checks[typeof c === 'string' ? c : c.id] || {}).impact)]
        .some(i => failing.includes(i)))
    .map(r => r.id)"""
# The rules whose outcome depends on the colours, so on the scheme (the rest look at the DOM, which is
# the same in both): run alone in the second scheme, they take 1.7 s of a full run's 2.5 s per page.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# How many of a violation's elements a line names.
TARGETS_SHOWN = 3


def axe_problems(page, where: str, rules: list[str] | None = None) -> list[str]:
    """Run axe-core on ``page`` (a Playwright page) and describe each serious or critical violation:
    every rule of TAGS that can fail, or only ``rules`` (e.g. COLOUR_RULES) if given.

    Each line names ``where`` (page, viewport and scheme), the rule id, axe's help text, how many
    elements fail and the CSS selectors of the first few.
    """
    if not AXE.exists():
        pytest.fail(
            f"{AXE.relative_to(ROOT)} is missing: the accessibility checks need axe-core from npm; "
            "`make setup` installs it (npm ci, from package-lock.json)",
            pytrace=False,
        )
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    if rules:
        options = {"runOnly": {"type": "rule", "values": rules}}
    else:  # axe's own choice of TAGS' rules (experimental ones stay out), minus those that cannot fail
        off = page.evaluate(ADVICE_ONLY, [TAGS, list(FAILING)])
        options = {"runOnly": {"type": "tag", "values": TAGS}, "rules": {rule: {"enabled": False} for rule in off}}
    violations = page.evaluate(
        """options => axe.run(document, {...options, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' '))})))""",
        options,
    )
    problems = []
    for v in violations:
        if v["impact"] not in FAILING:
            continue
        shown = ", ".join(v["targets"][:TARGETS_SHOWN])
        more = f" (+{len(v['targets']) - TARGETS_SHOWN} more)" if len(v["targets"]) > TARGETS_SHOWN else ""
        problems.append(f"{where}: axe {v['impact']} {v['id']}: {v['help']}; {len(v['targets'])} element(s): {shown}{more}")
    return problems
