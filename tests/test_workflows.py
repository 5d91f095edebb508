"""The GitHub workflows cannot be hijacked: zizmor (offline) finds nothing of medium or high severity in
.github/workflows, and every action is pinned to a full commit SHA with its version in a comment
(``uses: actions/checkout@<40 hex> # v4.4.0``), and every checkout drops its credentials.

zizmor runs with ``--no-ignores``: an ``# zizmor: ignore[...]`` comment or a zizmor.yml rule does not
silence this test. A pin's SHA is read from the action's repository (``git rev-parse vX.Y.Z^{commit}``
on the release tag); this test checks its form, not that it is that tag's commit.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s+v\d+(?:\.\d+){1,2}\s*$")


def zizmor() -> str:
    found = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    if not found and sys.version_info < (3, 11):
        pytest.skip("zizmor needs Python 3.11 or newer; the workflows are audited by the runs on 3.11+ "
                    "(make test, and the newest Python of the workflow's matrix)")
    if not found:
        pytest.fail("zizmor is not installed: pip install -c requirements/constraints.txt -r requirements/dev.txt")
    return found


def audit(path: Path) -> list[dict]:
    """zizmor's findings of medium or high severity for a workflow file or directory."""
    result = subprocess.run(
        [zizmor(), "--offline", "--no-ignores", "--no-progress", "--format", "json", "--min-severity", "medium",
         str(path)],
        capture_output=True, text=True, timeout=60,
    )
    if result.returncode not in (0, 10, 11, 12, 13, 14):  # 1x: findings; anything else: zizmor itself failed
        pytest.fail(f"zizmor failed (exit {result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout or "[]")


def unpinned(text: str) -> list[str]:
    """Every ``uses:`` line of a workflow that is not ``owner/repo@<40 hex> # vX.Y.Z``."""
    bad = []
    for n, line in enumerate(text.splitlines(), 1):
        m = USES.match(line)
        if m and not (PINNED.match(m["ref"]) and VERSION_COMMENT.match(m["rest"])):
            bad.append(f"line {n}: {line.strip()}")
    return bad


def test_there_are_workflows():
    assert {p.name for p in FILES} >= {"book.yml", "release.yml"}


def describe(findings: list[dict]) -> list[str]:
    """One line per finding: ``ident (severity): what, at file:line``."""
    lines = []
    for f in findings:
        loc = f["locations"][0] if f.get("locations") else {}
        path = loc.get("symbolic", {}).get("key", {}).get("Local", {}).get("verbatim_path", "?")
        row = loc.get("concrete", {}).get("location", {}).get("start_point", {}).get("row", -1) + 1
        lines.append(f"{f['ident']} ({f['determinations']['severity']}): {f['desc']}, at {path}:{row}")
    return lines


def test_zizmor_finds_nothing_medium_or_high():
    findings = audit(WORKFLOWS)
    assert not findings, "zizmor --offline:\n" + "\n".join(describe(findings))


def test_zizmor_reports_a_hijackable_workflow(tmp_path):
    """The audit above can fail: an unpinned action and a tag name pasted into a shell are found."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: {push: {tags: ['v*']}}\n"
        "permissions: {}\n"
        "jobs:\n  x:\n    runs-on: ubuntu-24.04\n    permissions: {contents: read}\n    steps:\n"
        "      - uses: actions/checkout@v4\n        with: {persist-credentials: false}\n"
        "      - run: echo ${{ github.event.head_commit.message }}\n"
    )
    findings = audit(bad)
    assert {"unpinned-uses", "template-injection"} <= {f["ident"] for f in findings}, findings
    assert any(line.startswith("unpinned-uses (High)") and line.endswith("bad.yml:8") for line in describe(findings))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    text = path.read_text(encoding="utf-8")
    assert USES.search(text.splitlines()[0]) is None
    assert not unpinned(text), f"{path.name}: pin each action as owner/repo@<40-hex commit> # vX.Y.Z:\n" + "\n".join(
        unpinned(text)
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_checkout_drops_its_credentials(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        if re.search(r"uses:\s*actions/checkout@", line):
            assert "persist-credentials: false" in lines[n + 1], f"{path.name}:{n + 1}: checkout without persist-credentials: false"


def test_the_pin_check_rejects_tags_and_bare_shas():
    sha = "11d5960a326750d5838078e36cf38b85af677262"
    assert not unpinned(f"      - uses: actions/checkout@{sha} # v4.4.0\n")
    assert not unpinned(f"        uses: pypa/gh-action-pypi-publish@{sha} # v1.8.14\n")
    for line in (
        "      - uses: actions/checkout@v4",  # a tag can be moved
        f"      - uses: actions/checkout@{sha}",  # no version comment
        f"      - uses: actions/checkout@{sha[:12]} # v4.4.0",  # a short SHA
        f"      - uses: actions/checkout@{sha} # latest",
    ):
        assert unpinned(line), line


def test_publishing_only_from_the_tag_workflow():
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        if "gh-action-pypi-publish" in text or "id-token: write" in text and "pypi" in text:
            assert path.name == "release.yml", f"{path.name} publishes to PyPI; only release.yml may"
    release = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    assert re.search(r"^on:\n  push:\n    tags: \[\"v\*\"\]\n(?!  \w)", release, re.M), "release.yml must run on v* tags only"
    assert "password:" not in release and "secrets." not in release, "trusted publishing needs no token"
