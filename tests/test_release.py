"""Installing and releasing gdbook: every chapter says how to install it outside a clone (one text,
includes/running-the-code.md, that names the repository of mkdocs.yml), the README too, the CHANGELOG's
newest entry is gdbook.__version__, and the release checks of scripts/check_wheel.py reject a tag or a
CHANGELOG that does not match. `make test-wheel` itself (build, install, run) is too slow for the suite.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import gdbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from check_wheel import CheckFailed, check_release_tag, source_version  # noqa: E402

INCLUDE = ROOT / "includes" / "running-the-code.md"
INCLUDE_LINE = '    --8<-- "includes/running-the-code.md"'
CHAPTERS = sorted((ROOT / "docs" / "chapters").glob("*.md"))
REPO_URL = re.search(r"^repo_url:\s*(\S+)\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]


def test_the_install_text_names_the_books_repository():
    text = INCLUDE.read_text(encoding="utf-8")
    assert f'pip install "gdbook @ git+{REPO_URL}"' in text
    assert f'pip install "gdbook[plot] @ git+{REPO_URL}"' in text
    assert "pip install -e" not in text, "the chapters' line must work outside a clone"


@pytest.mark.parametrize("page", CHAPTERS + [ROOT / "templates" / "chapter.md"], ids=lambda p: p.name)
def test_every_chapter_includes_the_install_text_in_its_box(page):
    lines = page.read_text(encoding="utf-8").splitlines()
    assert INCLUDE_LINE in lines, f"{page.name}: its 'Running the code on this page' box must include {INCLUDE.name}"
    at = lines.index(INCLUDE_LINE)
    assert lines[at - 2] == '!!! tip "Running the code on this page"' and not lines[at - 1].strip()
    rest = "\n".join(lines)
    assert "pip install gdbook`" not in rest and "pip install -e" not in rest, (
        f"{page.name} has its own install command; the included text is the one"
    )


def test_the_readme_says_how_to_install_and_release():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = readme.split("## Install\n", 1)[1].split("\n## ", 1)[0]
    assert f'pip install "gdbook @ git+{REPO_URL}"' in install
    release = readme.split("## Releasing\n", 1)[1].split("\n## ", 1)[0]
    assert "__version__" in release and "CHANGELOG.md" in release and "make test-wheel" in release


def test_the_changelog_starts_with_this_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    entries = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (?:\d{4}-\d{2}-\d{2}|Unreleased)$", changelog, re.M)
    assert entries and entries[0] == gdbook.__version__ == source_version(), (entries, gdbook.__version__)
    assert f"[{gdbook.__version__}]: {REPO_URL}/releases/tag/v{gdbook.__version__}" in changelog


def test_a_release_tag_must_be_the_version_with_a_dated_entry():
    dated = "## [0.2.0] - 2027-01-31\n"
    check_release_tag("v0.2.0", "0.2.0", dated)
    with pytest.raises(CheckFailed, match="is not v0.2.0"):
        check_release_tag("v0.2.1", "0.2.0", dated)
    with pytest.raises(CheckFailed, match="is not v0.2.0"):
        check_release_tag("0.2.0", "0.2.0", dated)
    with pytest.raises(CheckFailed, match="no dated entry"):
        check_release_tag("v0.2.0", "0.2.0", "## [0.2.0] - Unreleased\n")
