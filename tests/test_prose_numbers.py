"""Numbers come from code: every decimal number in the prose of a page is printed by a checked block
of that page, or is derived by hand in its maths and listed below with the reason.

The book promises that a number quoted in the text ("after 20 steps x is 2.9654") comes from a run.
This test reads every page under docs/ (the part-2 chapters too, as they are written) and finds each
decimal number outside code: in paragraphs, lists, maths, captions and alt text. Such a number is
*from code* when it matches a number in one of the page's checked blocks, which are its ```python
blocks (inputs such as a learning rate of 0.15), their expected outputs (results), and the figure
scripts the page includes (their settings, such as an axis range). It matches when it is the same
number, or a rounding of one to the decimals the prose shows (2.24 for a printed 2.2352; only for
numbers of two or more significant digits, so that 0.5 cannot match any printed 0.47).

Everything else must be in ``DERIVED`` below, page by page, each with the reason it is there: a number
worked out by hand in the maths of that page (0.8 = 1 - 2 x 0.1), a hyperparameter quoted from a
paper, and so on. An entry that no longer occurs in its page fails the test too, so the list stays
reviewed. Not numbers in this sense, and skipped: citation identifiers (arXiv:1506.01186), section
numbers of cited books (§9.3, section 8.1) and licence versions (CC BY 4.0).

Runs without a site or a browser (``make test-fast``). To see a page's numbers:
``python tests/test_prose_numbers.py docs/chapters/x.md``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from book import DOCS, ROOT, fences  # noqa: E402

PAGES = sorted(DOCS.rglob("*.md"))

# A decimal in prose: 2.9654, −1.47, 1,062.9, 4.7 \times 10^{-12} (one number), 2.5e-3.
_DECIMAL = re.compile(
    r"(?<![\w.^{])(?P<num>[−-]?\d{1,3}(?:,\d{3})+\.\d+|[−-]?\d+\.\d+(?:e[−+-]?\d+)?)"
    r"(?:\s*\\times\s*10\^\{?(?P<exp>[−-]?\d+)\}?)?(?![\w.]*\d)"
)
_ANY_NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?(?:e[−+-]?\d+)?")
_SKIP = [
    re.compile(r"arXiv:\s*\d{4}\.\d{4,5}(?:v\d+)?", re.I),  # citation identifiers
    re.compile(r"§\s*\d+(?:\.\d+)+"),  # section numbers of cited books
    re.compile(r"\b(?:[Ss]ection|[Cc]hapter|[Tt]heorem|[Ll]emma|[Ee]quation)s?\s+\d+(?:\.\d+)+"),
    re.compile(r"CC BY(?:-SA)? \d\.\d"),  # licence versions
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<!--.*?-->"),  # comments
]
_INCLUDE = re.compile(r"""--8<--\s+["']([^"':]+)(?::[\w-]+)?["']""")

# Numbers written by hand in a page's maths or prose: page -> {number as written: why it is there}.
DERIVED: dict[str, dict[str, str]] = {
    "chapters/what-is-gradient-descent.md": {
        "2.75": "exercise 1: the sum of the squared residuals, by hand (0.0625 + 0.5625 + 1.5625 + 0.5625)",
    },
    "chapters/gradients.md": {
        "3.2": "quick check: the dot product 4 x 0.8, worked in the answer",
        "2.25": "exercise 1: 1.5 squared, worked in the solution",
    },
    "chapters/update-rule.md": {
        "0.64": "the loss factor 0.8 squared, derived in the maths",
        "0.5": "the learning rate past which the factor 1 - 2 eta is negative, derived in the maths",
        "0.48": "the second step 0.1 x 2 x 2.4, by hand",
        "0.384": "the third step 0.1 x 2 x 1.92, by hand",
        "5.4": "quick check option: 5 + 0.4, a step the wrong way, by hand",
        "0.4": "quick check: the step 0.1 x 4, by hand",
        "1.6": "quick check: the distance 2 x 0.8, by hand",
        "1.2": "the growth factor 1 + 2 x 0.1 of the fix-the-bug starter; 1.2e7 = 12 / 1e-6 in the exercise",
        "23.5": "the exercise's log2(1.2e7), by hand",
        "0.7": "the write-it-yourself challenge's factor 1 - 2 x 0.15, derived in its solution",
        "0.49": "0.7 squared, the loss factor, derived in the same solution",
    },
    "chapters/learning-rate.md": {
        "1.92": "the second swing 0.8 x 2.4, by hand",
        "0.14": "a tenth of the printed blow-up point 1.36, rounded, by hand",
        "0.198": "the last learning rate of exercise 3's scan (np.arange stops before 0.1985)",
        "0.998": "the flat factor 1 - 2/kappa for kappa = 1000, by hand",
        "0.3": "the alt text's reading of the plotted curve (the printed table has lr = 2.79e-01 near the bottom)",
    },
    "chapters/convergence.md": {
        "0.999": "1 - 0.001, the factor in the ftol prediction, by hand",
        "−1.47": "the double well's global minimum, printed on the local-minima page; named in the figure's alt text",
        "1.35": "the double well's local minimum, printed on the local-minima page; named in the figure's alt text",
        "0.8": "the factor 1 - 2 x 0.1 of the update rule, derived there",
        "0.64": "0.8 squared, by hand",
        "0.9": "1 - mu/L for kappa = 10, by hand",
        "0.99": "1 - mu/L for kappa = 100, by hand",
        "0.4": "exercise 2: the learning rate 0.1 times the 4 of f'(x) = 4x^3, by hand",
        "1.5625": "exercise 2: 1 / 0.64, by hand",
        "0.006": "exercise 2: the x whose gradient 4x^3 is 1e-6, by hand",
    },
    "chapters/local-minima.md": {
        "2.8256": "-2.6186 - (-5.4442), both printed, subtracted in the text",
        "12.6": "ln 10 / ln 1.2, by hand",
        "0.58": "tanh(1) squared, the loss where the estimate ends (x = 1), by hand",
        "0.525": "(2.5 + 0.126) / 5, by hand",
        "0.001728": "the exercise's 0.12 cubed, by hand",
        "0.96": "the exercise's 8 x 0.12, by hand",
        "0.002197": "the exercise's 0.13 cubed, by hand",
        "1.04": "the exercise's 8 x 0.13, by hand",
    },
    "chapters/when-to-use.md": {
        "0.99": "the flat factor 1 - 1/kappa with kappa = 100, by hand",
        "0.25": "(-0.5) squared, by hand",
        "-1.4730": "the double well's global minimum, printed on the local-minima page the exercise links to",
    },
    "chapters/momentum.md": {
        "0.35": "0.9^10 = 0.349, the weight of a gradient ten steps old, by hand",
        "0.005": "0.9^50 = 0.0052, the weight of a gradient fifty steps old, by hand",
        "3.8": "the edge 2 + 2 beta of the stability window for beta = 0.9, derived in the maths",
        "0.949": "sqrt(0.9), the size of the complex roots for beta = 0.9, derived in the maths (figure caption)",
        "1.0046": "the double root's factor (300/150)^(1/150) = 2^(1/150), by hand",
        "0.0025": "noise-floor box: eta sigma^2/4 of the flat direction, by hand from the stationary-variance formula",
        "0.0050": "noise-floor box: SGD's steep direction (eta lambda = 1), by hand from the same formula",
        "0.0075": "noise-floor box: the sum 0.0025 + 0.0050, by hand",
        "0.0026": "noise-floor box: momentum's steep direction (lr 0.001, beta 0.9), by hand from the formula",
        "0.0051": "noise-floor box: the sum 0.0025 + 0.0026, by hand",
        "0.69": "exercise 1: the half-life ln 2/(1 - beta) with ln 2 = 0.69, by hand",
        "10.23915": "not a number: the DOI prefix of Goh's Distill article (doi:10.23915/distill.00006), a citation",
    },
    "chapters/epochs.md": {
        "0.2": "one test image of 450 is 1/450 = 0.22% of the test set, rounded, by hand",
        "15.6": "quick check: 1000/64 = 15.625 inside the ceiling, by hand",
    },
    "playground.md": {
        "0.21": "a learning rate for the reader to try, just above the limit 2/10 = 0.2 derived there",
        "0.95": "sqrt(0.9), the rate with momentum 0.9 and complex roots, derived in the momentum chapter",
        "0.85": "SGD's rate at lr 0.15, the larger factor: 1 - 0.15 x 1 along x (|1 - 0.15 x 10| = 0.5 across), by hand",
    },
    "chapters/schedules.md": {
        "0.85": "the base_momentum of torch's OneCycleLR (it cycles 0.95 to 0.85 by default), quoted from its docs",
        "0.99": "a smaller beta2 plugged into Ma and Yarats's 2/(1 - beta2) rule (200 steps), by hand",
        "0.4": "the upper end of the range read by hand off the printed range test, a bit below its lowest-loss 0.505",
        "63.5": "exercise 2: the peak step 0.3 x 215 - 1, by hand in the solution",
    },
    "chapters/adaptive.md": {
        "0.368": "0.999^1000, AdamW's decay factor 1 - 0.01 x 0.1 over the run's 1000 steps, by hand",
    },
    "faq.md": {
        "1.2": "the factor |1 - 2 x 1.1|, derived in the answer",
        "1.44": "1.2 squared, by hand",
        "-1.2": "the factor 1 - 2 x 1.1, derived in the answer",
    },
    "glossary.md": {
        "0.9": "the usual momentum coefficient (PyTorch's examples, Polyak)",
        "0.5": "the learning rate past which the parabola's factor 1 - 2 eta turns negative, derived in the update rule",
        "0.01": "AdamW's default weight decay in PyTorch, quoted",
    },
}


def _value(num: str, exp: str | None) -> float:
    text = num.replace("−", "-").replace(",", "")
    return float(f"{text}e{exp.replace('−', '-')}") if exp else float(text)


def _prose(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the page outside code fences and front matter."""
    lines = path.read_text(encoding="utf-8").splitlines()
    code = set()
    for f in fences(path):
        code.update(range(f.line - 1, f.line + len(f.body) + 1))
    out, front = [], bool(lines) and lines[0].strip() == "---"
    for i, line in enumerate(lines):
        if front:
            if i > 0 and line.strip() == "---":
                front = False
            continue
        if i not in code:
            out.append((i + 1, line))
    return out


def _checked_numbers(path: Path) -> list[tuple[float, int]]:
    """Every number in the page's checked blocks and the figure scripts it includes: (value, decimals)."""
    texts = []
    for f in fences(path):
        if f.info.strip() == "python" or any("expected-output" in m for m in f.markers):
            texts.append(f.code)
        for m in _INCLUDE.finditer("\n".join(f.body)):
            included = ROOT / m[1]
            if included.suffix == ".py" and included.is_relative_to(DOCS / "figures") and included.exists():
                texts.append(included.read_text(encoding="utf-8"))
    found = []
    for m in _ANY_NUMBER.finditer("\n".join(texts)):
        s = m.group()
        mantissa = s.split("e")[0]
        found.append((float(s.replace("−", "-")), len(mantissa.split(".")[1]) if "." in mantissa else 0))
    return found


def _from_code(num: str, exp: str | None, checked: list[tuple[float, int]]) -> bool:
    v = abs(_value(num, exp))
    if any(abs(c) == v for c, _ in checked):
        return True
    digits = re.sub(r"[^\d]", "", num.split("e")[0]).lstrip("0")
    if len(digits) < 2:
        return False
    if exp or "e" in num:  # 4.7 x 10^-12 against a printed 4.7e-12 (or 4.71e-12)
        sig = len(digits) - 1
        return any(c and float(f"{abs(c):.{sig}e}") == v for c, _ in checked)
    decimals = len(num.split(".")[1])
    return any(d >= decimals and round(abs(c), decimals) == v for c, d in checked)


def _percent(num: str) -> str:
    """'97.78' -> '0.9778': a percentage as the fraction a program prints."""
    whole, frac = num.replace("−", "-").lstrip("-").split(".")
    digits = whole.rjust(3, "0") + frac
    return ("-" if num[0] in "−-" else "") + str(int(digits[:-len(frac) - 2] or "0")) + "." + digits[-len(frac) - 2:]


def typed_numbers(path: Path) -> list[tuple[int, str]]:
    """The decimals of a page's prose that no checked block of the page prints: (line, number)."""
    checked = _checked_numbers(path)
    found = []
    for n, line in _prose(path):
        for skip in _SKIP:
            line = skip.sub(" ", line)
        for m in _DECIMAL.finditer(line):
            if _from_code(m["num"], m["exp"], checked):
                continue
            if re.match(r"\s*(?:%|\\%)", line[m.end():]) and _from_code(_percent(m["num"]), None, checked):
                continue  # 97.78% for a printed accuracy 0.9778
            found.append((n, m["num"]))
    return found


def _rel(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_numbers_in_the_prose_come_from_code(page):
    allowed = DERIVED.get(_rel(page), {})
    typed = [(n, num) for n, num in typed_numbers(page) if num not in allowed]
    assert not typed, (
        f"docs/{_rel(page)}: numbers in the prose that no checked block of the page prints: "
        + ", ".join(f"{num} (line {n})" for n, num in typed)
        + ". Print them in a checked output block, or derive them in the maths and add them, with the reason, "
        "to DERIVED in tests/test_prose_numbers.py"
    )


@pytest.mark.parametrize("page", sorted(DERIVED), ids=str)
def test_every_hand_derived_number_is_still_on_its_page(page):
    path = DOCS / page
    assert path.exists(), f"DERIVED lists {page}, which is not a page"
    present = {num for _, num in typed_numbers(path)}
    stale = sorted(set(DERIVED[page]) - present)
    assert not stale, f"docs/{page}: DERIVED lists {stale}, which the prose no longer types by hand: remove them"
    for num, reason in DERIVED[page].items():
        assert len(reason) > 15, f"docs/{page}: give {num} a reason, not {reason!r}"


def test_the_scan_finds_what_it_should(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "The run ends at 2.9654 and 1.23, about $4.7 \\times 10^{-12}$ (arXiv:1506.01186, §9.3).\n\n"
        "```python\nprint(2.9654, 4.7e-12)\n```\n\n<!--pytest-codeblocks:expected-output-->\n```\n2.96538 4.7e-12\n```\n",
        encoding="utf-8",
    )
    assert typed_numbers(page) == [(1, "1.23")]
    page.write_text("At $w = 2.24$, near the printed\n\n```python\nprint(2.2352)\n```\n", encoding="utf-8")
    assert typed_numbers(page) == []
    page.write_text("Nearly 0.5.\n\n```python\nprint(0.47)\n```\n", encoding="utf-8")
    assert typed_numbers(page) == [(1, "0.5")]
    page.write_text("It scores 97.78% (and 12.5%).\n\n```python\nprint(0.9778)\n```\n", encoding="utf-8")
    assert typed_numbers(page) == [(1, "12.5")]
    assert _percent("97.78") == "0.9778" and _percent("5.5") == "0.055"


if __name__ == "__main__":
    for arg in sys.argv[1:] or [str(p) for p in PAGES]:
        p = Path(arg).resolve()
        for n, num in typed_numbers(p):
            mark = "derived" if num in DERIVED.get(_rel(p), {}) else "TYPED"
            print(f"{p.relative_to(ROOT)}:{n}: {num}  {mark}")
