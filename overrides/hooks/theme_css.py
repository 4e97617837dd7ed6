"""Material's stylesheet, cut to the rules that can apply to this site: the same look for fewer bytes.

Material's `assets/stylesheets/main.<hash>.min.css` (22.6 KB gzipped) styles every feature Material has
(code blocks, tabs, annotations, blog, version selector…); most match nothing here. Every page loads it
first, before it can paint. on_post_build (once the whole site, every language, is on disk) keeps only the
rules that can match an element of a built page in some state a reader can reach — menus, search with
results, the listen bar, print — as overrides/hooks/css_usage.py explains (tinycss2 parses, soupsieve matches;
states a script creates are kept by rule, from the words of the scripts themselves). The reduced file gets a
name of its own content (`main.<hash of the reduced text>.min.css`: a cached copy of another build's cut
can never be used), every page's link names it, and the full file and its source map leave the site (with
Material's palette stylesheet, which no page here loads). The
service worker's list, the offline lists and the offline zip are made after this (phone.py, next in pipeline.py), from the
files the pages load: they follow the reduced file.

Switch: `KA_THEME_CSS=full` keeps Material's whole stylesheet (tests/test_theme_css.py builds both ways and
compares screenshots). The live preview (`mkdocs serve`) keeps it too: a rebuild there stays fast, and the
reader sees the same either way. `KA_THEME_CSS_CACHE=<folder>` (tests/conftest.py sets it; a plain build has
none) keeps each cut there under a hash of all it is made from and of the cutting code: the tests' many builds
of the same fixture pages cut once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

import bs4
import soupsieve
import tinycss2

import css_usage

SWITCH = "KA_THEME_CSS"
CACHE = "KA_THEME_CSS_CACHE"
THEME_CSS = "assets/stylesheets"
OURS = "assets/stylesheets/kerja-aman.css"
# Scripts that run in a page and may set classes or create elements. Search's worker and lunr run in a
# worker, with no page to change.
SCRIPTS = "assets/javascripts"
NOT_IN_PAGE = ("workers", "lunr")
log = logging.getLogger("mkdocs.hooks.theme_css")


def _full_wanted(serving: bool) -> bool:
    return serving or os.environ.get(SWITCH, "reduced") == "full"


def page_scripts(site: Path) -> list[Path]:
    folder = site / SCRIPTS
    return sorted(p for p in folder.rglob("*.js") if p.relative_to(folder).parts[0] not in NOT_IN_PAGE)


# After every language and the search split, before the offline lists and zip (phone.py) and the headers' cache
# rules (headers.py), which must name the reduced file (pipeline.py).
def cut_theme_stylesheet(serving: bool, config) -> None:
    if _full_wanted(serving):
        return
    site = Path(config.site_dir)
    themes = sorted((site / THEME_CSS).glob("main.*.min.css"))
    if len(themes) != 1:
        log.warning(f"{THEME_CSS}: expected one Material main.*.min.css, found {len(themes)}; the stylesheet "
                    "stays whole")
        return
    reduce_theme(site, themes[0])


def reduce_theme(site: Path, theme: Path) -> Path:
    pages = sorted(site.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    scripts = [p.read_text(encoding="utf-8") for p in page_scripts(site)]
    ours = site / OURS
    made_from = (theme.read_text(encoding="utf-8"), scripts, ours.read_text(encoding="utf-8") if ours.is_file() else "",
                 list(texts.values()))
    cache = os.environ.get(CACHE)
    kept = _cut_once(Path(cache), *made_from) if cache else _cut(*made_from)
    digest = hashlib.sha256(kept.encode("utf-8")).hexdigest()[:8]
    reduced = theme.with_name(f"main.{digest}.min.css")
    reduced.write_text(kept, encoding="utf-8")
    for page, text in texts.items():
        if theme.name in text:
            page.write_text(text.replace(theme.name, reduced.name), encoding="utf-8")
    # The whole file, and Material's palette stylesheet (mkdocs.yml sets no palette), which no page loads: out
    # of the site and so out of the offline zip, with their source maps.
    unused = [theme] + [p for p in theme.parent.glob("palette.*.min.css") if not any(p.name in t for t in texts.values())]
    for path in unused:
        path.unlink()
        path.with_name(path.name + ".map").unlink(missing_ok=True)
    return reduced


def _cut(theme: str, scripts: list[str], ours: str, pages: list[str]) -> str:
    """The theme's stylesheet with only the rules that can apply to these pages (css_usage.py)."""
    parsed = css_usage.Site.of(pages)
    return css_usage.reduce(theme, css_usage.ScriptNames.of(scripts), parsed, ours + parsed.inline_css).css


def _cut_once(cache: Path, *made_from) -> str:
    """_cut, kept in the folder KA_THEME_CSS_CACHE names (set by the tests only: their many copies of one fixture site
    cut the same stylesheet for the same pages), under a hash of all it is made from and of the code that makes it
    (ours, the versions of the CSS and HTML libraries it uses, and Python's)."""
    digest = hashlib.sha256()
    for part in [Path(css_usage.__file__).read_bytes(), Path(__file__).read_bytes(), tinycss2.__version__,
                 soupsieve.__version__, bs4.__version__, sys.version, repr(made_from)]:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
    kept = cache / f"{digest.hexdigest()}.css"
    if kept.is_file():
        return kept.read_text(encoding="utf-8")
    css = _cut(*made_from)
    cache.mkdir(parents=True, exist_ok=True)
    part = kept.with_name(f"{kept.name}.{os.getpid()}")
    part.write_text(css, encoding="utf-8")
    os.replace(part, kept)  # whole or not there: parallel builds share the folder
    return css
