"""The widgets' maths outside the browser: ``node --test tests/js/`` run from pytest.

tools/widget_data.py writes gdbook's constants and golden runs (``gdbook.minimize``) into a
temporary directory; the Node tests check docs/assets/js/widgets/gdmath.js against them (every
optimizer and hyperparameter, runs that converge and runs that diverge, to 1e-9 relative) and
check the constants (defaults, minima, windows, the divergence factor). About two seconds.

Node is a prerequisite (``make setup`` needs npm). Without it this test is skipped with a message,
except under ``CI=true``, where a missing node is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from book import ROOT
from tools import widget_data

NODE_TESTS = sorted((ROOT / "tests" / "js").glob("*.test.mjs"))
NO_NODE = (
    "the widgets' maths tests need Node.js (node --test): install Node.js 20+ "
    "(e.g. `sudo apt-get install nodejs npm`); make setup needs its npm anyway"
)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI=true and node is missing: {NO_NODE}", pytrace=False)
        pytest.skip(NO_NODE)
    return node


def test_widget_maths_agrees_with_gdbook_under_node(tmp_path):
    node = _node()
    assert NODE_TESTS, "no tests/js/*.test.mjs found"
    widget_data.write(tmp_path, tmp_path / "golden.json")
    env = dict(os.environ, GDBOOK_WIDGET_DATA=str(tmp_path))
    result = subprocess.run(
        [node, "--test", *map(str, NODE_TESTS)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        failed = "\n".join(line for line in result.stdout.splitlines() if line.startswith("not ok"))
        pytest.fail(
            f"node --test tests/js/ failed ({failed or 'see the output'}):\n{result.stdout[-20000:]}\n{result.stderr}",
            pytrace=False,
        )
    assert "# fail 0" in result.stdout and "# pass " in result.stdout, result.stdout[-2000:]


def test_widget_data_is_rewritten_only_when_it_changes(tmp_path):
    # mkdocs serve watches docs/: a hook that rewrote these files on every build would rebuild in a loop.
    first = widget_data.write(tmp_path)
    assert {p.name for p in first} == {"widgets.json", "widgets.js"} | {f"{w}.js" for w in widget_data.OWN_DATA}
    assert widget_data.write(tmp_path) == []
    (tmp_path / "widgets.json").write_text("{}", encoding="utf-8")
    assert [p.name for p in widget_data.write(tmp_path)] == ["widgets.json"]
