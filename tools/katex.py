"""The book's maths rendered at build time by KaTeX (HTML for the eye, MathML for screen readers),
so that no page loads KaTeX's JavaScript or typesets anything when it opens.

``render_page(html, where)`` finds every formula of a built page and puts KaTeX's output in its place:

* pymdownx.arithmatex's generic output, ``<span class="arithmatex">\\(...\\)</span>`` and
  ``<div class="arithmatex">\\[...\\]</div>``: the element stays, KaTeX's output goes inside;
* maths written straight into the text, with the delimiters the pages' auto-render script used
  (``$$...$$``, ``$...$``, ``\\(...\\)``, ``\\[...\\]``): the labs' Markdown cells (mkdocs-jupyter
  leaves their maths as it is), a figure caption written in HTML, a table of contents entry made
  from a heading with maths. Text inside ``pre``, ``code``, ``script``, ``style``, ``textarea``,
  ``svg``, ``math`` and comments is left alone, as auto-render left it.

The page is scanned, not parsed and re-serialised, so every byte that is not maths stays as it was.
A formula KaTeX cannot parse comes back in ``problems`` (and is shown in red, as KaTeX shows it);
tools/mkdocs_hooks.py logs each one, naming the page and the TeX, which fails ``mkdocs build --strict``.

KaTeX runs in Node (tools/katex_render.mjs, KaTeX from node_modules): one process, started on the
first formula and kept for the life of this Python process, so each ``mkdocs serve`` rebuild
reuses it; renderings are memoised by (TeX, display).

Every character of KaTeX's HTML output (its ``.katex-html`` text, which KaTeX's fonts draw) is added
to ``USED`` as the pages are rendered; tools/mkdocs_hooks.py empties it before each build and, after
it, cuts KaTeX's fonts in the built site down to these characters (tools/fonts.py).
"""

from __future__ import annotations

import atexit
import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "katex_render.mjs"
PACKAGE = ROOT / "node_modules" / "katex"


class KaTeXError(ValueError):
    """A formula KaTeX cannot render; the message is KaTeX's."""


def missing() -> str | None:
    """Why KaTeX cannot run at build time, or None if it can."""
    if shutil.which("node") is None:
        return "Node.js (`node`) is not on PATH: the build renders the maths with KaTeX in Node (install Node.js 20+ with npm)."
    if not (PACKAGE / "package.json").exists():
        return f"{PACKAGE.relative_to(ROOT)} is missing: the build renders the maths with it (npm ci installs it)."
    return None


@dataclass
class Renderer:
    """The Node process that renders, asked one formula at a time (a JSON line each way)."""

    process: subprocess.Popen | None = None
    memo: dict[tuple[str, bool], tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    def _start(self) -> subprocess.Popen:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                ["node", str(SCRIPT)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                text=True, encoding="utf-8", bufsize=1,
            )
        return self.process

    def render(self, tex: str, display: bool) -> tuple[str, tuple[str, ...]]:
        """KaTeX's HTML for ``tex`` and its strict-mode warnings; KaTeXError if it cannot parse it."""
        key = (tex, display)
        if key not in self.memo:
            process = self._start()
            process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"{SCRIPT.relative_to(ROOT)} stopped (exit code {process.wait()}); see its error above")
            answer = json.loads(line)
            if "error" in answer:
                raise KaTeXError(answer["error"])
            self.memo[key] = (answer["html"], tuple(answer["warnings"]))
        return self.memo[key]

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        self.process = None


RENDERER = Renderer()
atexit.register(RENDERER.close)

# The characters of KaTeX's HTML output since the last reset (see the module's docstring).
USED: set[str] = set()
TAG = re.compile(r"<[^>]*>")


def html_text(rendered: str) -> str:
    """The text of the ``katex-html`` part of KaTeX's output (the MathML part is for screen readers)."""
    visual = rendered.split('class="katex-html"', 1)[-1]
    return html.unescape(TAG.sub("", visual))

# What a page is scanned for, in one pass: things whose text is left alone, arithmatex's elements
# (group 2: the tag, 3: the TeX with its delimiters, HTML-escaped), and any other tag. Text between
# two matches is a text node.
SCAN = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|pre|code|textarea|svg|math|head)\b.*?</\1\s*>"
    r'|<(span|div) class="arithmatex">(.*?)</\2>'
    r"""|<(?:[^>"']|"[^"]*"|'[^']*')*>""",
    re.S | re.I,
)
# auto-render's delimiters, longest first (KaTeX's contrib/auto-render: $$ before $).
DELIMITERS = [("$$", "$$", True), ("\\[", "\\]", True), ("\\(", "\\)", False), ("$", "$", False)]
LEFT = re.compile("|".join(re.escape(left) for left, _, _ in DELIMITERS))


def _end_of_maths(text: str, right: str, start: int) -> int:
    """Where ``right`` closes the formula starting at ``start`` (-1 if nowhere): outside braces and
    not escaped by a backslash (auto-render's findEndOfMath)."""
    braces, i = 0, start
    while i < len(text):
        if braces <= 0 and text.startswith(right, i):
            return i
        if text[i] == "\\":
            i += 1
        elif text[i] == "{":
            braces += 1
        elif text[i] == "}":
            braces -= 1
        i += 1
    return -1


@dataclass
class Page:
    where: str  # the page, for messages
    problems: list[str] = field(default_factory=list)
    count: int = 0

    def formula(self, tex: str, display: bool) -> str:
        """KaTeX's HTML for one formula (its TeX unescaped), or KaTeX's red error text."""
        self.count += 1
        try:
            rendered, warnings = RENDERER.render(tex, display)
        except KaTeXError as err:
            self.problems.append(f"{self.where}: KaTeX cannot render {tex!r}: {err}")
            return f'<span class="katex-error" title="{html.escape(str(err))}" style="color:#cc0000">{html.escape(tex)}</span>'
        self.problems += [f"{self.where}: KaTeX warns about {tex!r}: {w}" for w in warnings]
        USED.update(html_text(rendered))
        return rendered

    def text(self, text: str) -> str:
        """A text node (HTML-escaped) with its delimited formulas rendered."""
        out, i = [], 0
        while (m := LEFT.search(text, i)) is not None:
            left = m.group()
            right, display = next((r, d) for l, r, d in DELIMITERS if l == left)
            end = _end_of_maths(text, right, m.end())
            if end < 0:
                break  # an opening delimiter with no closing one is plain text, as in auto-render
            out += [text[i : m.start()], self.formula(html.unescape(text[m.end() : end]).strip(), display)]
            i = end + len(right)
        return "".join(out) + text[i:]

    def arithmatex(self, match: re.Match) -> str:
        tag, source = match.group(2), html.unescape(match.group(3)).strip()
        for left, right, display in DELIMITERS[1:3]:
            if source.startswith(left) and source.endswith(right):
                inner = self.formula(source[len(left) : -len(right)].strip(), display)
                return f'<{tag} class="arithmatex">{inner}</{tag}>'
        self.problems.append(f"{self.where}: arithmatex output without \\( \\) or \\[ \\] delimiters: {source[:80]!r}")
        return match.group()


def render_page(page_html: str, where: str) -> tuple[str, list[str], int]:
    """The page with every formula rendered; the problems found (KaTeX errors and warnings, each
    naming ``where`` and the TeX); the number of formulas."""
    page = Page(where)
    out, i = [], 0
    for m in SCAN.finditer(page_html):
        out.append(page.text(page_html[i : m.start()]))
        out.append(page.arithmatex(m) if m.group(2) else m.group())
        i = m.end()
    out.append(page.text(page_html[i:]))
    return "".join(out), page.problems, page.count
