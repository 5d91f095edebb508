"""The package as a whole: public names, cheap import, types, docstrings."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import gdbook

MODULES = ["functions", "optim", "schedules", "gradcheck", "data", "models", "loop", "plot"]
ROOT = Path(__file__).resolve().parents[2]


def test_version_is_a_release_number():
    assert re.fullmatch(r"\d+\.\d+\.\d+", gdbook.__version__), gdbook.__version__


def test_installed_metadata_has_gdbook_version():
    """pyproject.toml takes the version from gdbook.__version__: the installed distribution says the same.

    In a clone (an editable install) the metadata is written at install time: after changing
    __version__, reinstall (pip install -e .) for this to pass.
    """
    assert importlib.metadata.version("gdbook") == gdbook.__version__


def test_public_api_imports():
    from gdbook import History, data, fit, minimize, models, plot  # noqa: F401
    from gdbook.functions import DoubleWell, Himmelblau, Objective, Parabola, Quadratic, Rosenbrock, Saddle  # noqa: F401
    from gdbook.gradcheck import check_grad, numerical_grad  # noqa: F401
    from gdbook.optim import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop  # noqa: F401
    from gdbook.schedules import (  # noqa: F401
        CosineAnnealingLR,
        ExponentialLR,
        LinearLR,
        MultiStepLR,
        OneCycleLR,
        StepLR,
    )


def _run(code: str) -> str:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return out.stdout.strip()


def test_import_gdbook_does_not_import_matplotlib():
    code = "import sys, gdbook, gdbook.plot; from gdbook import plot; print('matplotlib' in sys.modules)"
    assert _run(code) == "False"


def test_drawing_imports_matplotlib():
    code = (
        "import sys, gdbook.plot as p\n"
        "import matplotlib; matplotlib.use('Agg')\n"
        "p.loss_curve([1.0, 0.5]); print('matplotlib.pyplot' in sys.modules)"
    )
    assert _run(code) == "True"


def test_py_typed_marker():
    assert (Path(gdbook.__file__).parent / "py.typed").exists()


def _public(module_name: str):
    module = importlib.import_module(f"gdbook.{module_name}")
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            yield f"{module_name}.{name}", obj


PUBLIC = [item for m in MODULES for item in _public(m)]


@pytest.mark.parametrize("name,obj", PUBLIC, ids=[n for n, _ in PUBLIC])
def test_every_public_name_has_a_docstring_with_an_example(name, obj):
    doc = inspect.getdoc(obj)
    assert doc, f"{name} has no docstring"
    assert ">>>" in doc, f"{name}'s docstring has no runnable example"


@pytest.mark.parametrize("module_name", MODULES)
def test_modules_have_docstrings_and_all(module_name):
    module = importlib.import_module(f"gdbook.{module_name}")
    assert module.__doc__ and module.__all__


@pytest.mark.parametrize("name,obj", [p for p in PUBLIC if inspect.isfunction(p[1])], ids=lambda v: v if isinstance(v, str) else "")
def test_public_functions_have_type_hints(name, obj):
    hints = obj.__annotations__
    assert "return" in hints, f"{name} has no return annotation"


@pytest.mark.parametrize("name,obj", PUBLIC, ids=[n for n, _ in PUBLIC])
def test_every_example_runs_when_pasted_alone(name, obj):
    """A docstring example imports what it uses: it runs with no module globals (not even np)."""
    import doctest

    test = doctest.DocTestParser().get_doctest(inspect.getdoc(obj), {}, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=lambda s: None, clear_globs=True)
    assert runner.failures == 0, f"{name}'s example fails when pasted into a fresh interpreter"


CLASSES = [(n, o) for n, o in PUBLIC if inspect.isclass(o) and o.__init__ is not object.__init__]


@pytest.mark.parametrize("name,cls", CLASSES, ids=[n for n, _ in CLASSES])
def test_every_class_documents_each_parameter(name, cls):
    params = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
    doc = inspect.getdoc(cls) or ""
    if cls is gdbook.History:  # made by the loops, not by users: its docstring lists every field
        assert all(f"``{p}" in doc for p in params), f"History's docstring misses a field of {params}"
        return
    if not params:
        return
    assert "Args:" in doc, f"{name}'s docstring has no Args: section"
    args = doc.split("Args:", 1)[1]
    missing = [p for p in params if f"{p}:" not in args]
    assert not missing, f"{name}'s Args: section does not document {missing}"


def test_plot_without_matplotlib_says_how_to_install_it():
    code = (
        "import sys; sys.modules['matplotlib'] = None; sys.modules['matplotlib.pyplot'] = None\n"
        "import gdbook.plot as p\n"
        "try:\n    p.loss_curve([1.0, 0.5])\nexcept ImportError as e:\n    print(e)\n"
    )
    assert 'pip install "gdbook[plot]"' in _run(code)
