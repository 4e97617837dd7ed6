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
reader sees the same either way.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import css_usage

SWITCH = "KA_THEME_CSS"
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
    names = css_usage.ScriptNames.of([p.read_text(encoding="utf-8") for p in page_scripts(site)])
    ours = site / OURS
    parsed = css_usage.Site.of(list(texts.values()))
    also_used = (ours.read_text(encoding="utf-8") if ours.is_file() else "") + parsed.inline_css
    kept = css_usage.reduce(theme.read_text(encoding="utf-8"), names, parsed, also_used)
    digest = hashlib.sha256(kept.css.encode("utf-8")).hexdigest()[:8]
    reduced = theme.with_name(f"main.{digest}.min.css")
    reduced.write_text(kept.css, encoding="utf-8")
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
