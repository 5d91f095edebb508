"""KaTeX's fonts cut down to the characters the book's maths uses (issue 15, item 5: a light first load).

KaTeX's woff2 fonts hold every glyph KaTeX can typeset; a page loads the few it needs (Main, Math,
AMS, Size1...), 10-27 KB each. ``subset_fonts(fonts_dir, chars)`` rewrites each ``*.woff2`` in
``fonts_dir`` (the built site's copy, assets/vendor/katex/fonts/) with only the glyphs of ``chars``
that the font has, plus ASCII letters, digits and punctuation as a margin (KaTeX's stylesheet adds
``(`` and ``)`` itself; a formula added under ``mkdocs serve`` is covered until the next rebuild).
The characters come from tools/katex.py, which records the text of KaTeX's HTML output while it
renders the pages. Layout features, glyph names and the .notdef outline are kept, as KaTeX's own
fonts have them; the TrueType hinting is dropped (a quarter of a subset's bytes; browsers on phones,
macOS and Linux do not use it, and Windows' DirectWrite barely does at text sizes). The .woff and
.ttf copies are left whole: only browsers without woff2 load them.

The subsets are cached in .cache/katex-fonts/, keyed by the digest of the characters, of the source
fonts and of fontTools' version and the subsetting options, so a ``mkdocs serve`` rebuild that adds no new character copies
files instead of subsetting again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import string
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "katex-fonts"
MARGIN = frozenset(string.ascii_letters + string.digits + string.punctuation + " ")


def _options() -> subset.Options:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.glyph_names = True
    options.notdef_glyph = True
    options.notdef_outline = True
    options.hinting = False
    options.legacy_kern = True
    options.symbol_cmap = True
    options.recalc_bounds = False
    options.recalc_timestamp = False  # the same characters give the same bytes
    return options


def digest(fonts: list[Path], chars: set[str]) -> str:
    h = hashlib.sha256(f"fontTools {fontTools.version}\n{sorted(vars(_options()).items())}\n".encode())
    h.update("".join(sorted(chars)).encode("utf-8", "surrogatepass"))
    for font in fonts:
        h.update(font.name.encode() + b"\0" + hashlib.sha256(font.read_bytes()).digest())
    return h.hexdigest()[:16]


def subset_font(source: Path, target: Path, chars: set[str]) -> None:
    """``target``: ``source`` (a woff2 font) with the glyphs of ``chars`` it has, as woff2."""
    font = TTFont(source)
    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(target, reorderTables=False)


def subset_fonts(fonts_dir: Path, chars: set[str], cache: Path = CACHE) -> tuple[int, int, bool]:
    """Every ``*.woff2`` of ``fonts_dir`` replaced by its subset to ``chars`` (and MARGIN).
    Returns the bytes before and after, and whether the subsets came from the cache."""
    fonts = sorted(fonts_dir.glob("*.woff2"))
    if not fonts:
        raise ValueError(f"{fonts_dir} has no .woff2 fonts to subset")
    wanted = set(chars) | MARGIN
    if any(len(c) != 1 for c in wanted):
        raise ValueError("the characters to keep must be single characters")
    entry = cache / digest(fonts, wanted)
    hit = all((entry / f.name).exists() for f in fonts)
    before = sum(f.stat().st_size for f in fonts)
    if not hit:
        partial = entry.with_name(f"{entry.name}.{os.getpid()}.partial")  # two builds at once do not meet
        shutil.rmtree(partial, ignore_errors=True)
        for font in fonts:
            subset_font(font, partial / font.name, wanted)
        shutil.rmtree(entry, ignore_errors=True)
        try:
            partial.rename(entry)
        except OSError:  # another build put the same subsets there first
            shutil.rmtree(partial, ignore_errors=True)
    for font in fonts:
        shutil.copyfile(entry / font.name, font)
    return before, sum(f.stat().st_size for f in fonts), hit
