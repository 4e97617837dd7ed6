"""What a built page makes the browser load, and where a part of a joined stylesheet or script came from.

One reader for the hooks and the checks (scripts/sitecheck puts this folder on its path):
- overrides/hooks/phone.py: the offline lists and the worker's list (with the on-demand files);
- the checks (pages_checks.py: other hosts), scripts/sitecheck/size_report.py (page budgets) and
  scripts/bench.py (first view, second page).
It is an HTML parser, not a pattern: minified pages leave many attribute values unquoted.
Not a hook: it has no MkDocs events.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

# Elements and attributes the browser fetches by itself.
RESOURCE_ATTRS = {"script": ("src",), "img": ("src",), "source": ("src",), "iframe": ("src",), "embed": ("src",),
                  "video": ("src", "poster"), "audio": ("src",), "object": ("data",), "input": ("src",)}
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                 "prefetch", "preconnect", "dns-prefetch", "manifest", "mask-icon"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")
# overrides/hooks/phone.py joins our stylesheets (and scripts) into one file; each part starts with this mark.
SOURCE_MARK = "/*! from {} */"
_SOURCE_MARK = re.compile(r"/\*! from (\S+) \*/")


def tag_urls(tag: str, values: dict, on_demand: bool = False) -> list[str]:
    """What one start tag makes the browser load; `values` are its attributes, each one string (or None).
    The text inside <style> loads what style_urls finds in it."""
    urls = [values[name] for name in RESOURCE_ATTRS.get(tag, ()) if values.get(name)]
    if tag in ("img", "source") and values.get("srcset"):
        urls += [part.strip().split(" ")[0] for part in values["srcset"].split(",") if part.strip()]
    if tag == "link" and values.get("href") and FETCHING_RELS & set((values.get("rel") or "").lower().split()):
        urls.append(values["href"])
    if values.get("style"):
        urls += CSS_URL.findall(values["style"])
    # Material's bundle, which docs/assets/javascripts/on-demand.js loads when a reader opens search.
    if on_demand and tag == "div" and values.get("data-src"):
        urls.append(values["data-src"])
    return urls


def style_urls(css: str) -> list[str]:
    return CSS_URL.findall(css)


class _Fetched(HTMLParser):
    def __init__(self, on_demand: bool):
        super().__init__(convert_charrefs=True)
        self.on_demand = on_demand
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.urls += tag_urls(tag, dict(attrs), self.on_demand)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += style_urls(data)


def fetched_urls(html: str, on_demand: bool = False) -> list[str]:
    """Every address the page loads by itself (scripts, styles, images, icons, fonts), in page order.
    With on_demand, also the files our scripts load later on the reader's request (search)."""
    return list(_fetched(html, on_demand))


# Each rebuild of the live preview asks again for pages that did not change.
@functools.lru_cache(maxsize=256)
def _fetched(html: str, on_demand: bool) -> tuple[str, ...]:
    parser = _Fetched(on_demand)
    parser.feed(html)
    parser.close()
    return tuple(parser.urls)


def joined_source(text: str, at: int) -> str | None:
    """The file (as the mark names it, e.g. docs/assets/stylesheets/site.css) that holds position `at` of a
    joined file; None when the text has no mark before it."""
    marks = list(_SOURCE_MARK.finditer(text, 0, at))
    return marks[-1].group(1) if marks else None
