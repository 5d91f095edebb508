"""The book's practice challenges and quick checks, read from the Markdown the way the page's
JavaScript reads them from the HTML (docs/assets/js/widgets/practice.js and quickcheck.js).

A challenge is an admonition ``!!! practice KIND "Title"`` followed by a ``??? success "Solution"``::

    !!! practice fix "Fix the bug"

        The task, in words.

        ```{.python .starter}
        the buggy code the reader starts from
        ```

    ??? success "Solution"

        Why.

        ```python
        the corrected code (run by the tests, like every ```python block)
        ```

        <!--pytest-codeblocks:expected-output-->
        ```text
        what it prints
        ```

KIND is ``predict`` (the task shows a ```` ```python ```` block and no starter; the reader types what it
prints), ``fix`` (a starter with a bug), ``write`` (an unfinished starter), ``fill`` (a starter with
blanks ``___``) or ``order`` (a starter with the solution's lines shuffled). The code is plain
Python, standard library only, because the page runs it with Pyodide.

A quick check is a ``!!! question`` admonition with a numbered list of options, followed by
``??? success answer-N "Answer"``, N being the right option.

    python -m tools.challenges [FILES...]    # check them all (default: every page in docs/)
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tools.fences import STARTER_INFO, Fence, fences_in

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
KINDS = ("predict", "fix", "write", "fill", "order")
BLANK = re.compile(r"_{3,}")

_ADMONITION = re.compile(r"^(?P<mark>!!!|\?\?\?\+?) (?P<classes>[\w-]+(?: +[\w-]+)*)(?: +\"(?P<title>.*)\")?\s*$")
_OPTION = re.compile(r"^    (?P<n>\d+)\. ")
_ANSWER = re.compile(r"(?:^| )answer-(?P<n>\d+)(?: |$)")


@dataclass
class Block:
    """A top-level admonition or details block: its classes, title, body lines and fences."""

    line: int  # 1-based line of the ``!!!`` / ``???`` line
    mark: str
    classes: list[str]
    title: str
    body: list[str]
    fences: list[Fence] = field(default_factory=list)


@dataclass
class Challenge:
    path: Path
    line: int
    kind: str
    title: str
    code: str  # what the reader starts from: the starter, or for `predict` the code to read
    solution: str | None  # the solution's code (None for `predict`: the code itself is the solution)
    expected: str | None  # what the solution prints

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path}:{self.line}"

    @property
    def runs(self) -> str:
        """The code that must print ``expected``."""
        return self.code if self.kind == "predict" else (self.solution or "")


@dataclass
class QuickCheck:
    path: Path
    line: int
    options: int
    answer: int | None  # the N of answer-N, None when the answer does not say
    reasons: int  # items in the answer's per-option list (0 when it has none)

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """Every top-level ``!!!`` / ``???`` block of a page, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        m = _ADMONITION.match(lines[i])
        if not m:
            i += 1
            continue
        start, body = i, []
        i += 1
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
            body.append(lines[i])
            i += 1
        while body and not body[-1].strip():
            body.pop()
        block = Block(start + 1, m["mark"], m["classes"].split(), m["title"] or "", body)
        block.fences = fences_in(body, path, start + 2)
        found.append(block)
    return found


def challenges(path: Path) -> list[Challenge]:
    """The practice challenges of a page (a malformed one raises ValueError naming its line)."""
    found = []
    bl = blocks(path)
    for n, b in enumerate(bl):
        if b.mark != "!!!" or b.classes[0] != "practice":
            continue
        where = f"{path}:{b.line}"
        kinds = [c for c in b.classes[1:] if c in KINDS]
        if len(kinds) != 1:
            raise ValueError(f"{where}: write `!!! practice KIND \"Title\"` with KIND one of {', '.join(KINDS)}")
        kind = kinds[0]
        nxt = bl[n + 1] if n + 1 < len(bl) else None
        if nxt is None or not nxt.mark.startswith("???") or nxt.line - 1 > b.line + len(b.body) + 2:
            raise ValueError(f"{where}: a challenge must be followed right away by `??? success \"Solution\"`")
        starters = [f for f in b.fences if f.info.strip() == STARTER_INFO]
        shown = [f for f in b.fences if f.info.strip() == "python"]
        solutions = [f for f in nxt.fences if f.info.strip() == "python"]
        outputs = [f for f in nxt.fences if any("expected-output" in m for m in f.markers)]
        if kind == "predict":
            if len(shown) != 1 or starters:
                raise ValueError(f"{where}: a `predict` challenge shows exactly one ```python block (and no starter)")
            code, solution = shown[0].code, None
        else:
            if len(starters) != 1:
                raise ValueError(f"{where}: a `{kind}` challenge needs exactly one ```{STARTER_INFO} block")
            if len(solutions) != 1:
                raise ValueError(f"{where}: its solution needs exactly one ```python block")
            code, solution = starters[0].code, solutions[0].code
        if len(outputs) != 1:
            raise ValueError(f"{where}: its solution needs the printed output, after <!--pytest-codeblocks:expected-output-->")
        found.append(Challenge(path, b.line, kind, b.title, code, solution, outputs[0].code))
    return found


def quick_checks(path: Path) -> list[QuickCheck]:
    """Every quick check of a page: a ``!!! question`` with numbered options and the answer after it."""
    found = []
    bl = blocks(path)
    for n, b in enumerate(bl):
        if b.mark != "!!!" or b.classes[0] != "question":
            continue
        options = sum(1 for line in b.body if _OPTION.match(line))
        nxt = bl[n + 1] if n + 1 < len(bl) else None
        if not options or nxt is None or not nxt.mark.startswith("???"):
            continue
        m = _ANSWER.search(" ".join(nxt.classes))
        # The per-option reasons: the answer's last top-level numbered list.
        lists, current = [], 0
        for line in nxt.body:
            if _OPTION.match(line):
                current += 1
            elif line.strip() and not line.startswith("       "):
                if current:
                    lists.append(current)
                current = 0
        if current:
            lists.append(current)
        found.append(QuickCheck(path, b.line, options, int(m["n"]) if m else None, lists[-1] if lists else 0))
    return found


def blanks(starter: str, solution: str) -> list[str] | None:
    """What goes in each blank ``___`` of a fill-in challenge (practice.js derives it the same way)."""
    pieces = BLANK.split(starter)
    m = re.fullmatch("(.+?)".join(re.escape(p) for p in pieces), solution, flags=re.S)
    return list(m.groups()) if m else None


def lines_of(code: str) -> list[str]:
    """The non-blank lines, without trailing spaces: what an order challenge shuffles."""
    return [line.rstrip() for line in code.splitlines() if line.strip()]


def non_stdlib_imports(code: str) -> list[str]:
    """Modules the code imports that Pyodide's core does not have (anything outside the stdlib)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []  # a starter may be broken on purpose; its solution is checked too
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return sorted(n for n in names if n not in sys.stdlib_module_names)


def run(code: str, timeout: float = 20.0) -> tuple[str, str | None]:
    """Run code as a fresh `python` would; return (stdout, error or None)."""
    try:
        r = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return "", f"did not finish in {timeout} s"
    err = r.stderr.strip().splitlines()[-1] if r.returncode else None
    return r.stdout, err


def problems(ch: Challenge) -> list[str]:
    """What is wrong with a challenge (empty when it is sound)."""
    out = []
    for what, code in (("code", ch.code), ("solution", ch.solution or "")):
        bad = non_stdlib_imports(code)
        if bad:
            out.append(f"its {what} imports {', '.join(bad)}: challenges are plain Python (the page runs them with Pyodide)")
    printed, error = run(ch.runs)
    if error or printed != ch.expected:
        out.append(f"the {'code' if ch.kind == 'predict' else 'solution'} does not print the expected output "
                   f"(it printed {printed!r}{', then failed: ' + error if error else ''}; expected {ch.expected!r})")
    if ch.kind != "predict":
        printed, error = run(ch.code)
        if not error and printed.rstrip() == (ch.expected or "").rstrip():
            out.append("the starter already prints the expected output: there is nothing to do")
    if ch.kind == "fill":
        if not BLANK.search(ch.code):
            out.append("a fill-in challenge needs blanks ___ in its starter")
        elif blanks(ch.code, ch.solution or "") is None:
            out.append("the solution is not the starter with its blanks filled in (everything else must be identical)")
    if ch.kind == "order":
        if sorted(lines_of(ch.code)) != sorted(lines_of(ch.solution or "")):
            out.append("the starter must have exactly the solution's lines (with their indentation), shuffled")
        elif lines_of(ch.code) == lines_of(ch.solution or ""):
            out.append("the starter's lines are already in order: shuffle them")
    return out


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted(DOCS.rglob("*.md"))
    bad = 0
    for f in files:
        for ch in challenges(f):
            p = problems(ch)
            bad += bool(p)
            print(f"{'FAIL' if p else 'ok  '} {ch.where} {ch.kind}: {ch.title}" + "".join(f"\n     - {x}" for x in p))
        for q in quick_checks(f):
            ok = q.answer is not None and 1 <= q.answer <= q.options and q.reasons in (0, q.options)
            bad += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {q.where} quick check: {q.options} options, answer-{q.answer}, "
                  f"{q.reasons or 'no'} per-option reasons")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
