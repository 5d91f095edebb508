"""tools.outputs, which fills a page's expected-output blocks from a real run: it refreshes them,
adds a missing one, and refuses a marker that does not follow a ```python block."""

from __future__ import annotations

import pytest

from tools import outputs

MARK = "<!--pytest-codeblocks:expected-output-->"


def test_refreshes_an_output_block(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(f"```python\nprint(1 + 1)\n```\n\n{MARK}\n```\n3\n```\n")
    assert outputs.refresh(page) == 1
    assert page.read_text() == f"```python\nprint(1 + 1)\n```\n\n{MARK}\n```\n2\n```\n"
    assert outputs.refresh(page) == 0  # already right: nothing to do


def test_adds_a_missing_output_block_under_the_chain(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nx = 2\n```\n\n<!--pytest-codeblocks:cont-->\n```python\nprint(x * 21)\n```\n\n"
        "Prose.\n\n```python\ny = 1\n```\n"
    )
    assert outputs.refresh(page) == 1
    text = page.read_text()
    assert text.count(MARK) == 1
    assert f"print(x * 21)\n```\n\n{MARK}\n```text\n42\n```\n\nProse." in text
    assert text.endswith("```python\ny = 1\n```\n")  # prints nothing: no output block
    assert outputs.refresh(page, insert=False) == 0


def test_adds_output_inside_an_admonition_with_its_indent(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('??? note "N"\n\n    ```python\n    print("hi")\n    ```\n')
    outputs.refresh(page)
    assert page.read_text() == f'??? note "N"\n\n    ```python\n    print("hi")\n    ```\n\n    {MARK}\n    ```text\n    hi\n    ```\n'


@pytest.mark.parametrize("before", ["```text\nnot python\n```", "```{.python .starter}\nprint(3)\n```", ""])
def test_refuses_a_marker_that_does_not_follow_a_python_block(tmp_path, before):
    page = tmp_path / "page.md"
    original = f"```python\nprint(1)\n```\n\n{MARK}\n```\n1\n```\n\n{before}\n\n{MARK}\n```\n1\n```\n"
    if not before:  # the marker right at the top of a page
        original = f"{MARK}\n```\n1\n```\n"
    page.write_text(original)
    with pytest.raises(outputs.OutputError, match=r"page\.md:\d+: this expected-output block follows"):
        outputs.refresh(page)
    assert page.read_text() == original  # nothing written
