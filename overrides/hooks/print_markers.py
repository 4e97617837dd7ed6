"""The markers of printed handouts, read from Markdown: no MkDocs here, so the source checks use it too.

Two markers, each alone on its line in a page's Markdown:

    <!-- include: sebelum-berangkat#langkah-7 -->  one section of another page: the heading with that id
                                                   and everything below it, up to the next heading of the
                                                   same or a higher level
    <!-- include: tppo/index#sepuluh-tanda short -->  the same section cut down to its headings and the
                                                   paragraphs that open with bold text (the "Lakukan ini:"
                                                   lines): a one-sheet summary that still cannot drift
    <!-- book: index sebelum-berangkat kontak -->   a list of contents and every named page in full, as
                                                   chapters of one printable document

A page is named by its path under docs/ without the language suffix and ".md" (`tppo/index`,
`tppo/cek-tawaran`), and is read in the language of the page that holds the marker. The hook
(print_handouts.py) fills the markers from the other pages' finished HTML, after every hook has run on
them, so a handout never holds a hand-made copy of a fact and shows contact cards, checklists and
glossary links exactly as the page itself does.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import markdown_parts as md

INCLUDE = re.compile(r"^[ \t]*<!--\s*include:\s*(?P<arg>[^\s>]*(?:[ \t]+[^\s>]+)?)\s*-->[ \t]*$", re.M)
# The one option of an include: keep only the headings and the paragraphs that open with bold text.
SHORT = "short"
BOOK = re.compile(r"^[ \t]*<!--\s*book:\s*(?P<arg>[^>]*?)\s*-->[ \t]*$", re.M)
ANY_MARKER = re.compile(r"<!--\s*(include|book)\b[^>]*-->")
# The same markers, as HTML comments in the rendered page (the text between "<!--" and "-->").
COMMENT = re.compile(r"^\s*(?P<kind>include|book):\s*(?P<arg>[^>]*?)\s*$")
PAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9/_-]*$")
SECTION_ID = re.compile(r"^[A-Za-z0-9_-]+$")


class MarkerError(ValueError):
    """A marker that cannot be filled. `line` is the marker's line in the page that holds it."""

    def __init__(self, message: str, fix: str, line: int | None = None):
        super().__init__(message)
        self.message, self.fix, self.line = message, fix, line


@dataclass
class Target:
    name: str              # tppo/index
    section: str | None    # langkah-7, or None for a whole page (a book chapter)
    short: bool = False    # an include with the option 'short'


def heading_ids(body: str) -> list[tuple[int, str]]:
    """(level, id) of every ATX heading with an id, outside code fences."""
    found = []
    for _, line in md.lines_outside_fences(body.split("\n")):
        parsed = md.heading(line)
        if parsed and parsed[2]:
            found.append((parsed[0], parsed[2]))
    return found


def markers_in(text: str) -> list[tuple[str, str, int]]:
    """('include'|'book', argument, line) for each marker in a page's Markdown, outside code fences."""
    outside = {index for index, _ in md.lines_outside_fences(text.split("\n"))}
    found = []
    for kind, pattern in (("include", INCLUDE), ("book", BOOK)):
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            if line - 1 in outside:
                found.append((kind, match.group("arg"), line))
    return sorted(found, key=lambda item: item[2])


def unreadable_markers(text: str) -> list[int]:
    """Lines that look like an include or book marker but are not written the way they are read."""
    return [index + 1 for index, line in md.lines_outside_fences(text.split("\n"))
            if ANY_MARKER.search(line) and not (INCLUDE.fullmatch(line) or BOOK.fullmatch(line))]


def targets(kind: str, arg: str, line: int | None) -> list[Target]:
    """What a marker asks for, checked for form only (see `check_targets` for existence)."""
    if kind == "include":
        first, *options = arg.split() or [""]
        name, _, section_id = first.partition("#")
        if not section_id or not SECTION_ID.match(section_id):
            raise MarkerError(f"the include '{arg}' names no section",
                              "write '<!-- include: page#section-id -->' with the id that ends the section's heading",
                              line)
        if options not in ([], [SHORT]):
            raise MarkerError(f"the include '{arg}' ends with '{options[0]}', which is not an option",
                              f"write '{SHORT}' after the section (headings and bold-led lines only), or nothing",
                              line)
        found = [Target(name, section_id, short=bool(options))]
    else:
        names = arg.split()
        if not names:
            raise MarkerError("the book marker names no page",
                              "list the pages, e.g. '<!-- book: index sebelum-berangkat kontak -->'", line)
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise MarkerError(f"the book marker names '{duplicates[0]}' twice", "name each page once", line)
        found = [Target(name, None) for name in names]
    for target in found:
        if not PAGE_NAME.match(target.name) or ".." in target.name.split("/"):
            raise MarkerError(f"the marker names '{target.name}', which is not a page name",
                              "name the page by its path under docs/ without language and '.md', "
                              "e.g. 'sebelum-berangkat' or 'tppo/index'", line)
    return found


def check_targets(docs_dir: Path, own_name: str, language: str, kind: str, arg: str, line: int | None) -> list[Target]:
    """The marker's pages exist in this language, with the section it names; raises MarkerError if not."""
    found = targets(kind, arg, line)
    for target in found:
        if target.name == own_name:
            raise MarkerError(f"the marker names its own page '{own_name}'", "name another page", line)
        path = Path(docs_dir) / f"{target.name}.{language}.md"
        if not path.is_file():
            raise MarkerError(f"the marker names the page '{target.name}', but docs/{target.name}.{language}.md does not exist",
                              "correct the page name (its path under docs/ without language and '.md'), or create the page",
                              line)
        _, body = md.split_front_matter(path.read_text(encoding="utf-8"))
        if ANY_MARKER.search(body):
            raise MarkerError(f"the page '{target.name}' holds an include or book marker itself",
                              "include only pages without markers of their own", line)
        ids = heading_ids(body)
        if target.section is None and not (ids and ids[0][0] == 1):
            raise MarkerError(f"the book chapter docs/{target.name}.{language}.md does not start with a '# Title {{ #id }}' heading",
                              "start that page with its one main heading and an id", line)
        if target.section is not None and target.section not in {anchor for _, anchor in ids}:
            raise MarkerError(f"the include '{target.name}#{target.section}': docs/{target.name}.{language}.md "
                              f"has no heading with the id '#{target.section}'",
                              f"use an id that a heading in docs/{target.name}.{language}.md ends with", line)
    return found


def chapter_prefix(name: str) -> str:
    """The id prefix of a chapter: tppo/index -> tppo, tppo/cek-tawaran -> tppo-cek-tawaran."""
    return (name[: -len("/index")] if name.endswith("/index") else name).replace("/", "-")


def oldest_date(dates) -> datetime.date | None:
    real = [d for d in dates if isinstance(d, datetime.date)]
    return min(real) if real else None
