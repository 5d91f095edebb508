"""Every figure is drawn by its script, byte for byte the same in two processes, and every figure
is on a page with alt text, in both colour schemes, with its script one click away.

The SVGs checked are the ones the build writes (``python -m tools.figures``, run by the site
build's hook; the ``drawn`` fixture runs it too, so ``make test-fast`` checks them without a
site build). Determinism: each figure is drawn a second time, here, in another process than the
one that wrote the file, and must give the same bytes. That second drawing is skipped only for a
figure whose inputs (its script, gdbook, the helpers, the versions) and whose files are exactly
those already found repeatable: recorded in tests/fixtures/figures-repeatable.json, which the
tests update and which is committed with a figure change, so a fresh clone of an unchanged book
draws each figure once (its bytes must equal the recorded ones, drawn twice alike where they were
recorded) and a change draws twice only what it changed.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys

import pytest
from filelock import FileLock

from book import DOCS, ROOT
from tools import figures

SCRIPTS = figures.scripts()
PAGES = {p: p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md")}
REPEATABLE = ROOT / "tests" / "fixtures" / "figures-repeatable.json"  # committed: see the docstring
LOCK = ROOT / ".cache" / "figures-repeatable.lock"  # the xdist workers update the record in turn
# Panels side by side make a figure wider than this (single plots are about 410 pt): on a phone its
# labels would be a few pixels high, so the page marks it { .wide } and it scrolls sideways there.
WIDE_PT = 500
EMBEDDED = re.compile(r"assets/figures/([\w-]+?)(?:\.dark)?\.svg")


@pytest.fixture(scope="session")
def drawn(request):
    """Bring docs/assets/figures/ up to date as the build does, for the figures this run tests.

    Returns the digest of what all figures share. In ``make test`` the site build has usually
    drawn them already, and this finds nothing to do.
    """
    wanted = sorted({item.callspec.params["script"].stem for item in request.session.items
                     if "script" in getattr(getattr(item, "callspec", None), "params", {})})
    names = [] if len(wanted) == len(SCRIPTS) else wanted
    result = subprocess.run([sys.executable, "-m", "tools.figures", *names], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"python -m tools.figures failed:\n{result.stderr}", pytrace=False)
    return figures.shared_digest()


def _files(script) -> dict[str, bytes]:
    out = {}
    for scheme, suffix in figures.SCHEMES.items():
        path = figures.OUTPUT / f"{script.stem}{suffix}"
        assert path.exists(), f"{path.relative_to(ROOT)} was not written by python -m tools.figures"
        out[scheme] = path.read_bytes()
    return out


def test_there_are_figures():
    assert len(SCRIPTS) >= 2


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_figure_is_deterministic(script, drawn):
    files = _files(script)
    for scheme, data in files.items():
        assert data.startswith(b"<?xml") and b"<svg" in data, f"{script.name} ({scheme}) is not an SVG file"
    record = {"inputs": figures.inputs_digest(script, drawn), **{s: hashlib.sha256(d).hexdigest() for s, d in files.items()}}
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(LOCK))
    with lock:
        known = json.loads(REPEATABLE.read_text()) if REPEATABLE.exists() else {}
    if known.get(script.stem) == record:
        return  # these bytes, from these inputs, were already drawn twice alike
    for scheme, data in files.items():
        again = figures.render(script, scheme)
        assert again == data, f"{script.name} ({scheme}) gives different bytes in two runs (the build's and this one)"
    with lock:
        known = json.loads(REPEATABLE.read_text()) if REPEATABLE.exists() else {}
        known[script.stem] = record
        REPEATABLE.write_text(json.dumps(known, indent=1, sort_keys=True))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_figure_is_on_a_page_with_alt_text_and_its_code(script):
    name = script.stem
    light = re.compile(r"!\[([^\]]*)\]\([^)]*assets/figures/" + re.escape(name) + r"\.svg#only-light\)")
    dark = re.compile(r"!\[([^\]]*)\]\([^)]*assets/figures/" + re.escape(name) + r"\.dark\.svg#only-dark\)")
    code = f'--8<-- "docs/figures/{name}.py"'
    homes = [p for p, text in PAGES.items() if light.search(text)]
    assert homes, f"no page shows figure {name} (![alt](.../assets/figures/{name}.svg#only-light))"
    for page in homes:
        text = PAGES[page]
        where = page.relative_to(ROOT)
        assert dark.search(text), f"{where}: {name} has no dark-scheme twin ({name}.dark.svg#only-dark)"
        for scheme, pattern in (("light", light), ("dark", dark)):
            short = [alt for alt in pattern.findall(text) if len(alt.strip()) < 20]
            assert not short, (
                f"{where}: the alt text of {name} ({scheme} image) is missing or too short ({short[0]!r}); "
                "say in a sentence what the figure shows, on both images"
            )
        assert code in text, f"{where}: no 'Code for this figure' including docs/figures/{name}.py"


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_a_wide_figure_is_marked_wide_on_its_page(script, drawn):
    name = script.stem
    width = float(re.search(rb'<svg[^>]*\swidth="([0-9.]+)pt"', _files(script)["light"]).group(1))
    image = re.compile(r"assets/figures/" + re.escape(name) + r"(?:\.dark)?\.svg#only-(?:light|dark)\)(?:\{([^}]*)\})?")
    shown = 0
    for page, text in PAGES.items():
        for attrs in image.findall(text):
            shown += 1
            marked = ".wide" in attrs.split()
            where = f"{page.relative_to(ROOT)}: figure {name} ({width:.0f} pt wide)"
            assert marked == (width > WIDE_PT), (
                f"{where} should {'' if width > WIDE_PT else 'not '}be marked {{ .wide }}: "
                f"figures wider than {WIDE_PT} pt scroll sideways on a phone, narrower ones shrink to fit"
            )
    assert shown, f"no page shows figure {name}"


@pytest.mark.parametrize("page", sorted(PAGES), ids=[p.relative_to(ROOT).as_posix() for p in sorted(PAGES)])
def test_every_figure_a_page_embeds_has_a_script(page):
    names = {s.stem for s in SCRIPTS}
    missing = sorted(set(EMBEDDED.findall(PAGES[page])) - names)
    assert not missing, f"{page.relative_to(ROOT)} embeds figures with no script in docs/figures/: {missing}"


def test_build_draws_only_what_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "OUTPUT", tmp_path / "svg")
    monkeypatch.setattr(figures, "DIGESTS", tmp_path / "figures.json")
    name = SCRIPTS[0].stem
    first = figures.build([name])
    assert (first["drawn"], first["written"]) == (1, 2)
    again = figures.build([name])  # same inputs: not drawn again
    assert (again["drawn"], again["written"]) == (0, 0)
    forced = figures.build([name], force=True)  # drawn, but the same bytes: nothing rewritten
    assert (forced["drawn"], forced["written"]) == (1, 0)
    (tmp_path / "svg" / f"{name}.dark.svg").unlink()  # an output is missing: drawn again
    assert figures.build([name])["written"] == 1
    shared = figures.shared_digest
    monkeypatch.setattr(figures, "shared_digest", lambda: shared() + "-edited")
    assert figures.build([name])["drawn"] == 1  # the engine (say) changed: drawn again


def test_the_digest_follows_the_script_and_what_all_figures_share(tmp_path):
    script = tmp_path / "one.py"
    script.write_text("fig = None\n")
    shared = figures.shared_digest()
    assert shared == figures.shared_digest()
    before = figures.inputs_digest(script, shared)
    assert figures.inputs_digest(script, shared + "x") != before
    script.write_text("fig = None  # edited\n")
    assert figures.inputs_digest(script, shared) != before


def test_a_broken_script_is_reported_with_its_name(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("x = 1 / 0\n")
    with pytest.raises(figures.FigureError, match="ZeroDivisionError"):
        figures.render(bad, "light")
    nofig = tmp_path / "nofig.py"
    nofig.write_text("x = 1\n")
    with pytest.raises(figures.FigureError, match="variable named `fig`"):
        figures.render(nofig, "light")
