"""A pytest plugin for `make test-wheel` (scripts/check_wheel.py loads it with ``-p wheel_guard``).

The run must test the wheel installed in the venv, not a source tree: before any test, ``gdbook`` must
import from this interpreter's site-packages, and the installed distribution must be the wheel file
named by ``GDBOOK_WHEEL`` (pip records it in ``direct_url.json``), not an editable install of a clone.
The report header says where ``gdbook`` came from; check_wheel.py looks for that line.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import sysconfig
from pathlib import Path

import pytest


def installed_gdbook() -> str:
    """``gdbook VERSION from PATH (wheel NAME)``, or a UsageError saying what was imported instead."""
    import gdbook

    where = Path(gdbook.__file__).resolve()
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    if not where.is_relative_to(site):
        raise pytest.UsageError(
            f"gdbook was imported from {where}, not from this venv's site-packages ({site}): "
            "this run would test a source tree instead of the installed wheel"
        )
    direct_url = importlib.metadata.distribution("gdbook").read_text("direct_url.json") or "{}"
    url = json.loads(direct_url).get("url", "")
    wheel = os.environ.get("GDBOOK_WHEEL", "")
    if not wheel or not url.endswith("/" + Path(wheel).name) or "archive_info" not in direct_url:
        raise pytest.UsageError(f"the installed gdbook is not the wheel {wheel or '(GDBOOK_WHEEL unset)'}: {direct_url}")
    return f"gdbook {gdbook.__version__} from {where} (wheel {Path(wheel).name})"


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_KEY] = installed_gdbook()


def pytest_report_header(config: pytest.Config) -> str:
    return "installed: " + config.stash[_KEY]


_KEY = pytest.StashKey[str]()
