"""tools/katex.py: the maths rendered at build time by KaTeX in Node (needs node_modules/katex, so
marked ``site`` like the other tests that need npm; ``make test-fast`` deselects them)."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from tools import katex, mkdocs_hooks

pytestmark = pytest.mark.site


def test_arithmatex_output_is_rendered_in_place():
    page = (
        '<p>A slope <span class="arithmatex">\\(f\'(x) &lt; 0\\)</span> here.</p>\n'
        '<div class="arithmatex">\\[\nx_{k+1} = x_k - \\eta\\, f\'(x_k)\n\\]</div>'
    )
    out, problems, count = katex.render_page(page, "chapters/x.md")
    assert (problems, count) == ([], 2)
    assert out.startswith('<p>A slope <span class="arithmatex"><span class="katex"><span class="katex-mathml"><math')
    assert out.endswith("</span></div>") and " here.</p>\n" in out
    assert '<annotation encoding="application/x-tex">f&#x27;(x) &lt; 0</annotation>' in out  # TeX unescaped, then KaTeX's
    assert '<div class="arithmatex"><span class="katex-display">' in out


def test_maths_in_text_is_rendered_and_everything_else_kept_byte_for_byte():
    page = (
        '<head><title>$a$</title></head><body><p title="$b$">Both $x^2$ and $$\\sum_i x_i$$, '
        "and \\(y\\), cost $5 (no closing dollar)</p>"
        "<pre><code>echo $HOME $PATH</code></pre><code>$c$</code><!-- $d$ --><script>s='$e$'</script>"
        '<svg><text>$f$</text></svg><img alt="x"><br></body>'
    )
    out, problems, count = katex.render_page(page, "labs/x.ipynb")
    assert (problems, count) == ([], 3)
    untouched = [
        '<head><title>$a$</title></head><body><p title="$b$">Both ',
        ", cost $5 (no closing dollar)</p><pre><code>echo $HOME $PATH</code></pre><code>$c$</code>"
        "<!-- $d$ --><script>s='$e$'</script><svg><text>$f$</text></svg><img alt=\"x\"><br></body>",
    ]
    assert all(part in out for part in untouched)
    assert out.count('<span class="katex-display">') == 1 and out.count('<span class="katex">') == 3


def test_a_brace_or_escaped_dollar_does_not_end_a_formula():
    out, problems, count = katex.render_page("<p>$\\text{if $x$ is}$ and $\\$5$, ${1$</p>", "p.md")
    assert (problems, count) == ([], 2)
    assert ">\\text{if $x$ is}</annotation>" in out and ">\\$5</annotation>" in out
    assert out.endswith(", ${1$</p>")  # an open brace never closed: no formula (as auto-render)


def test_a_formula_katex_cannot_parse_names_the_page_and_the_tex():
    out, problems, _ = katex.render_page('<p><span class="arithmatex">\\(\\frac{1\\)</span></p>', "chapters/bad.md")
    assert len(problems) == 1
    assert problems[0].startswith("chapters/bad.md: KaTeX cannot render '\\\\frac{1': KaTeX parse error")
    assert 'class="katex-error"' in out  # shown in red under mkdocs serve


def test_the_hook_logs_each_problem_as_a_warning_so_a_strict_build_fails(caplog):
    page = SimpleNamespace(file=SimpleNamespace(src_uri="chapters/bad.md"))
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.gdbook"):
        out = mkdocs_hooks.on_post_page('<span class="arithmatex">\\(\\frac{1\\)</span> $\\text{é}$ $é$', page, {})
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(messages) == 2, messages
    assert messages[0].startswith("chapters/bad.md: KaTeX cannot render '\\\\frac{1'")
    assert messages[1].startswith("chapters/bad.md: KaTeX warns about 'é'")
    assert out.count('class="katex"') == 2  # the two it could render are rendered


def test_the_node_process_is_started_once_and_reused():
    katex.RENDERER.render("x", False)
    process = katex.RENDERER.process
    katex.RENDERER.memo.clear()
    katex.RENDERER.render("y + 1", True)
    assert katex.RENDERER.process is process and process.poll() is None
