"""Printed handouts: fill include and book markers from other pages' sources, and repeat cut-out cards.

The marker syntax and the Markdown rewriting live in print_markers.py (beside this file), which the
build's source checks use too, so a wrong marker is reported with its file and line before MkDocs runs.
This hook is the second line of defence when MkDocs is run alone: it stops the build on a bad marker.

- `<!-- include: page#section -->` and `<!-- book: page page ... -->`: see print_markers.py.
- A book page shows, on paper and on screen, the oldest "reviewed" date of its chapters (a booklet is
  only as fresh as its stalest chapter) and the sources of every chapter after its own.
- Front matter `print_copies: N` on a page repeats each `.ka-wallet` block N times in total; the copies
  are for paper only (hidden on screen and from screen readers, without ids).
"""

import copy
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import print_markers as pm


def _page_name(page) -> str:
    # "cetak/buku.id.md" -> "cetak/buku"
    return page.file.src_uri.rsplit(".", 2)[0]


def _fail(page, error: pm.MarkerError):
    where = f"docs/{page.file.src_uri}" + (f":{error.line}" if error.line else "")
    raise PluginError(f"{where}: {error.message} — {error.fix}")


# Before every other hook that reads markers (contacts, glossary): the text they see is the full text.
@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    if "<!--" not in markdown:
        return markdown
    language = config.theme["language"]
    docs_dir = Path(config.docs_dir)
    name = _page_name(page)
    # Marker lines are counted in the body; the editor's file has the front matter above it.
    raw = page.file.content_string
    offset = max(0, raw.count("\n") - markdown.count("\n"))
    bad = pm.unreadable_markers(markdown)
    if bad:
        _fail(page, pm.MarkerError("an include or book marker is not written the way it is read",
                                   "write it alone on its line: '<!-- include: page#section -->' or "
                                   "'<!-- book: page page … -->'", bad[0] + offset))
    for kind, arg, line in reversed(pm.markers_in(markdown)):
        try:
            if kind == "include":
                text = pm.fill_include(arg, docs_dir, name, language, line + offset)
            else:
                text, chapters = pm.fill_book(arg, docs_dir, name, language, line + offset)
                _merge_book_meta(page, chapters)
        except pm.MarkerError as error:
            _fail(page, error)
        lines = markdown.split("\n")
        markdown = "\n".join(lines[: line - 1] + ["", text, ""] + lines[line:])
    return markdown


def _merge_book_meta(page, chapters):
    oldest = pm.oldest_date([page.meta.get("reviewed")] + [c.meta.get("reviewed") for c in chapters])
    if oldest:
        page.meta["reviewed"] = oldest
    sources, seen = [], set()
    for item in list(page.meta.get("sources") or []) + [s for c in chapters for s in (c.meta.get("sources") or [])]:
        key = (item.get("title"), item.get("url")) if isinstance(item, dict) else (str(item), None)
        if key not in seen:
            seen.add(key)
            sources.append(item)
    page.meta["sources"] = sources


def on_page_content(html, page, config, files):
    copies = page.meta.get("print_copies")
    if not copies:
        return html
    soup = BeautifulSoup(html, "html.parser")
    cards = soup.select(".ka-wallet")
    if not cards:
        raise PluginError(f"docs/{page.file.src_uri}: 'print_copies' is set but the page has no "
                          "'<div class=\"ka-wallet\" markdown>' block — wrap the card in one, or remove 'print_copies'")
    for card in cards:
        anchor = card
        for _ in range(int(copies) - 1):
            twin = copy.copy(card)
            for tag in [twin, *twin.find_all(True)]:
                if tag.has_attr("id"):
                    del tag["id"]
            twin["class"] = twin.get("class", []) + ["ka-wallet--copy"]
            twin["aria-hidden"] = "true"
            anchor.insert_after(twin)
            anchor = twin
    return str(soup)
