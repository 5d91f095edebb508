"""`make test-wheel`: build gdbook's sdist and wheel, check them, install the wheel in a fresh venv and
run the engine's tests, its docstring examples and every chapter's code blocks against the installed
wheel, not the source tree. The release workflow (.github/workflows/release.yml) runs it on a tag.

1. ``python -m build`` into build/dist: the sdist, then the wheel built from the sdist (so a file
   missing from the sdist shows up as a missing file in the wheel).
2. The names carry gdbook.__version__ (read from gdbook/__init__.py, the version's one source); the
   wheel holds every module of gdbook/, py.typed and the digits data, and nothing but gdbook;
   the sdist holds the data too; ``twine check --strict``.
3. A fresh venv in build/wheel-venv with the wheel (and its ``[plot]`` extra), pytest,
   pytest-codeblocks and hypothesis, at the versions of requirements/constraints.txt.
4. In a temporary directory outside the clone (no gdbook/ beside the tests): copies of tests/engine,
   tests/fixtures (the recorded PyTorch runs, which the engine tests and one block of chapter 13 read
   by their path in a clone), docs/chapters, and what runs the blocks as `make test` does
   (conftest.py, tools/fences.py, pyproject.toml's pytest settings). pytest runs there with
   ``-p wheel_guard`` (scripts/wheel_guard.py), which stops the run unless gdbook is imported from
   the venv's site-packages and is the wheel just built; this script checks the header line it prints.

With GDBOOK_RELEASE_TAG set (the release workflow sets it to the pushed tag), the tag must be
v<version> and CHANGELOG.md must have a dated entry for that version.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "build" / "dist"
VENV = ROOT / "build" / "wheel-venv"
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
# What the run needs from the clone, besides the tests and the pages: the block runner (conftest.py),
# the fence guard it imports and the pytest settings of `make test` (pyproject.toml).
COPIED = ["conftest.py", "tools/__init__.py", "tools/fences.py", "pyproject.toml", "scripts/wheel_guard.py",
          "tests/engine", "tests/fixtures", "docs/chapters"]
WHEEL_DATA = ["gdbook/py.typed", "gdbook/datasets/digits.csv.gz", "gdbook/datasets/README.md"]


class CheckFailed(Exception):
    """One check of the distributions failed; the message says which and what to do."""


def source_version() -> str:
    """gdbook.__version__ as written in gdbook/__init__.py (read, not imported)."""
    tree = ast.parse((ROOT / "gdbook" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return ast.literal_eval(node.value)
    raise CheckFailed("gdbook/__init__.py has no __version__ = '...' line")


def check_release_tag(tag: str, version: str, changelog: str) -> None:
    """A release tag is v<version>, and CHANGELOG.md dates that version's entry."""
    if tag != f"v{version}":
        raise CheckFailed(f"the tag {tag!r} is not v{version} (gdbook.__version__): tag the commit whose "
                          f"__version__ is the release, or bump __version__ first")
    if not re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M):
        raise CheckFailed(f"CHANGELOG.md has no dated entry '## [{version}] - YYYY-MM-DD' for the release {tag}")


def check_wheel_contents(wheel: Path, version: str) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(f"gdbook-{version}.dist-info/METADATA").decode()
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "gdbook").rglob("*.py")}
    missing = sorted((modules | set(WHEEL_DATA)) - names)
    if missing:
        raise CheckFailed(f"{wheel.name} lacks {missing}: see [tool.setuptools] in pyproject.toml")
    stray = sorted(n for n in names if not n.startswith(("gdbook/", f"gdbook-{version}.dist-info/")))
    if stray:
        raise CheckFailed(f"{wheel.name} holds files outside gdbook: {stray}")
    if f"\nVersion: {version}\n" not in metadata or "Provides-Extra: plot" not in metadata:
        raise CheckFailed(f"{wheel.name}'s METADATA lacks 'Version: {version}' or the plot extra")


def check_sdist_contents(sdist: Path, version: str) -> None:
    with tarfile.open(sdist) as tf:
        names = set(tf.getnames())
    top = f"gdbook-{version}"
    missing = [n for n in WHEEL_DATA + ["LICENSE", "pyproject.toml"] if f"{top}/{n}" not in names]
    if missing:
        raise CheckFailed(f"{sdist.name} lacks {missing}")


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def main() -> int:
    start = time.perf_counter()
    version = source_version()
    tag = os.environ.get("GDBOOK_RELEASE_TAG")
    if tag:
        check_release_tag(tag, version, (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))

    shutil.rmtree(DIST, ignore_errors=True)
    run([sys.executable, "-m", "build", "--quiet", "--outdir", DIST, ROOT])
    built = sorted(p.name for p in DIST.iterdir())
    sdist, wheel = DIST / f"gdbook-{version}.tar.gz", DIST / f"gdbook-{version}-py3-none-any.whl"
    if built != sorted([sdist.name, wheel.name]):
        raise CheckFailed(f"build made {built}, expected {sdist.name} and {wheel.name}")
    check_wheel_contents(wheel, version)
    check_sdist_contents(sdist, version)
    run([sys.executable, "-m", "twine", "check", "--strict", sdist, wheel])
    print(f"built and checked {sdist.name} and {wheel.name} ({time.perf_counter() - start:.0f} s)", flush=True)

    shutil.rmtree(VENV, ignore_errors=True)
    run([sys.executable, "-m", "venv", VENV])
    python = VENV / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", CONSTRAINTS,
         f"{wheel}[plot]", "pytest", "pytest-codeblocks", "hypothesis"])
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    print(f"installed into {VENV} ({time.perf_counter() - start:.0f} s)", flush=True)

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(GDBOOK_WHEEL=str(wheel), PATH=f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    with tempfile.TemporaryDirectory(prefix="gdbook-wheel-") as tmp:
        work = Path(tmp)
        for rel in COPIED:
            src = ROOT / rel
            dst = work / (Path(rel).name if rel.startswith("scripts/") else rel)  # the plugin: importable from cwd
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(src, dst)
        assert not (work / "gdbook").exists()
        pytest = [python, "-m", "pytest", "-p", "no:cacheprovider", "--import-mode=importlib", "-p", "wheel_guard"]
        runs = {
            "the engine's tests and every chapter's blocks": pytest + ["tests/engine", "docs/chapters"],
            # The installed modules' docstring examples. --noconftest: the venv lies inside the clone
            # (build/wheel-venv), whose conftest.py pytest would otherwise load for these files.
            "the docstring examples of the installed modules": pytest + [
                "--noconftest", "-c", "pyproject.toml", "--rootdir", ".", Path(purelib) / "gdbook"],
        }
        header = f"installed: gdbook {version} from {Path(purelib).resolve() / 'gdbook' / '__init__.py'} (wheel {wheel.name})"
        for what, cmd in runs.items():
            print(f"pytest, against the installed wheel: {what}", flush=True)
            result = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
            print(result.stdout[-20000:], result.stderr[-5000:], sep="\n", flush=True)
            if result.returncode != 0:
                raise CheckFailed(f"{what} failed against the installed wheel (pytest exit {result.returncode})")
            if header not in result.stdout:
                raise CheckFailed(f"the run of {what} did not report testing the installed wheel; expected:\n{header}")
    print(f"make test-wheel: {wheel.name} passes its tests and every chapter's blocks, installed "
          f"({time.perf_counter() - start:.0f} s in all)", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (CheckFailed, subprocess.CalledProcessError) as exc:
        print(f"make test-wheel: {exc}", file=sys.stderr)
        sys.exit(1)
