"""Every lab notebook runs from top to bottom in a fresh kernel (the site build runs them too,
with allow_errors off; here a failure reports the cell and its traceback)."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from book import DOCS

NOTEBOOKS = sorted((DOCS / "labs").glob("*.ipynb"))


def test_there_are_labs():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lab_runs(path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        f"{path.name} is committed with outputs; clear them (the build executes the notebook)"
    )
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
