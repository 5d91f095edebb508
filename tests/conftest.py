"""Fixtures for the tests of the book: the built site, once per session."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from book import ROOT

SITE = ROOT / "build" / "test-site"


@pytest.fixture(scope="session")
def built_site():
    """Build the site with ``mkdocs build --strict`` into build/test-site and return its path and log."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(SITE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    log = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{log}", pytrace=False)
    return SITE, log
