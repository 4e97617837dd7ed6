"""Markdown-level building blocks for printed handouts: no MkDocs, so the source checks can use them too.

Two markers, each alone on its line in a page's Markdown:

    <!-- include: sebelum-berangkat#dokumen -->   one section of another page (the heading with that id
                                                  and everything below it, up to the next heading of the
                                                  same or a higher level)
    <!-- book: index sebelum-berangkat kontak -->  a table of contents and every named page in full, as
                                                  chapters: headings one level down, ids prefixed with the
                                                  chapter name so they stay unique in the one document

A page is named by its path under docs/ without the language suffix and ".md" (`tppo/index`,
`tppo/cek-tawaran`). The text is read from the page's source in the same language at build time, so a
handout never holds a hand-made copy of a fact. Links inside the inserted text are rewritten so they
still lead to the same place from the page that includes them.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

INCLUDE = re.compile(r"^[ \t]*<!--\s*include:\s*(?P<arg>[^\s>]*)\s*-->[ \t]*$", re.M)
BOOK = re.compile(r"^[ \t]*<!--\s*book:\s*(?P<arg>[^>]*?)\s*-->[ \t]*$", re.M)
ANY_MARKER = re.compile(r"<!--\s*(include|book)\b[^>]*-->")
PAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9/-]*$")
SECTION_ID = re.compile(r"^[A-Za-z0-9_-]+$")
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(?P<hashes>#{1,6})(?P<rest>\s.*)$")
HEADING_ID = re.compile(r"\{\s*:?\s*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
ATTR_ID = re.compile(r"(\{\s*:?[^}\n]*?)#([A-Za-z0-9_-]+)")
HTML_ID = re.compile(r"""(\sid=["'])([^"']+)(["'])""")
MD_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
REF_DEF = re.compile(r"^( {0,3}\[[^\]]+\]:\s*<?)(\S+?)(>?(?:\s|$))", re.M)
HTML_HREF = re.compile(r"""(\s(?:href|src)=["'])([^"']+)(["'])""")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class MarkerError(ValueError):
    """A marker that cannot be filled. `line` is the marker's line in the page that holds it."""

    def __init__(self, message: str, fix: str, line: int | None = None):
        super().__init__(message)
        self.message, self.fix, self.line = message, fix, line


@dataclass
class Chapter:
    name: str          # tppo/index
    prefix: str        # tppo
    title: str         # the page's h1 text
    top_id: str        # the page's h1 id
    meta: dict = field(default_factory=dict)


# --- reading sources -----------------------------------------------------------------------------

def split_front_matter(text: str) -> tuple[dict, str]:
    text = text.lstrip("\ufeff")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            meta = yaml.safe_load(text[4:end]) or {}
            return (meta if isinstance(meta, dict) else {}), text[end + 4:].lstrip("\n")
    return {}, text


def source_file(docs_dir: Path, name: str, language: str) -> Path:
    return Path(docs_dir) / f"{name}.{language}.md"


def read_page(docs_dir: Path, name: str, language: str, marker_line: int | None) -> tuple[dict, str]:
    if not PAGE_NAME.match(name) or ".." in name.split("/"):
        raise MarkerError(f"the marker names '{name}', which is not a page name",
                          "name the page by its path under docs/ without language and '.md', e.g. 'sebelum-berangkat' or 'tppo/index'",
                          marker_line)
    path = source_file(docs_dir, name, language)
    if not path.is_file():
        raise MarkerError(f"the marker names the page '{name}', but docs/{name}.{language}.md does not exist",
                          "correct the page name (its path under docs/ without language and '.md'), or create the page",
                          marker_line)
    return split_front_matter(path.read_text(encoding="utf-8"))


def _lines_outside_fences(lines: list[str]):
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield index, line


def headings(body: str) -> list[tuple[int, int, str, str | None]]:
    """(line index, level, text without its id, id) of every ATX heading outside code fences."""
    found = []
    lines = body.split("\n")
    for index, line in _lines_outside_fences(lines):
        match = HEADING.match(line)
        if match:
            rest = match.group("rest").strip()
            id_match = HEADING_ID.search(rest)
            text = HEADING_ID.sub("", rest).strip().rstrip("#").strip()
            found.append((index, len(match.group("hashes")), text, id_match.group(1) if id_match else None))
    return found


def section(body: str, section_id: str) -> str | None:
    """The heading with this id and everything under it, or None when no heading has that id."""
    lines = body.split("\n")
    found = headings(body)
    for position, (index, level, _, anchor) in enumerate(found):
        if anchor == section_id:
            end = len(lines)
            for later_index, later_level, _, _ in found[position + 1:]:
                if later_level <= level:
                    end = later_index
                    break
            return "\n".join(lines[index:end]).rstrip() + "\n"
    return None


def ids_in(text: str) -> set[str]:
    ids = set()
    for _, line in _lines_outside_fences(text.split("\n")):
        ids.update(match.group(2) for match in ATTR_ID.finditer(line))
        ids.update(match.group(2) for match in HTML_ID.finditer(line))
    return ids


# --- rewriting -----------------------------------------------------------------------------------

def _page_of(md_path: str) -> str | None:
    """'tppo/index.md' -> 'tppo/index'; None for anything that is not a Markdown page."""
    return md_path[:-3] if md_path.endswith(".md") else None


def rewrite_links(text: str, from_page: str, to_page: str, local) -> str:
    """Rewrite relative links written in `from_page` (e.g. 'tppo/index') for a text now inside `to_page`.

    `local(page, fragment)` may return an in-document link ('#x') for a target that the new page holds;
    otherwise the link is made relative to the new page's folder.
    """
    from_dir = posixpath.dirname(from_page)
    to_dir = posixpath.dirname(to_page)

    def new_target(target: str) -> str:
        if not target or SCHEME.match(target) or target.startswith("/"):
            return target
        path, _, fragment = target.partition("#")
        resolved = f"{from_page}.md" if not path else posixpath.normpath(posixpath.join(from_dir, path))
        inside = local(_page_of(resolved), fragment)
        if inside:
            return inside
        relative = posixpath.relpath(resolved, to_dir or ".")
        return relative + (f"#{fragment}" if fragment else "")

    def one_line(line: str) -> str:
        line = MD_LINK.sub(lambda m: m.group(1) + new_target(m.group(2)), line)
        line = REF_DEF.sub(lambda m: m.group(1) + new_target(m.group(2)) + m.group(3), line)
        return HTML_HREF.sub(lambda m: m.group(1) + new_target(m.group(2)) + m.group(3), line)

    lines = text.split("\n")
    for index, line in list(_lines_outside_fences(lines)):
        lines[index] = one_line(line)
    return "\n".join(lines)


def shift_headings(text: str, to_level_of_first: int) -> str:
    """Move every heading so that the first one is at the given level (the rest keep their distance)."""
    found = headings(text)
    if not found:
        return text
    by = to_level_of_first - found[0][1]
    lines = text.split("\n")
    for index, level, _, _ in found:
        new_level = min(6, max(1, level + by))
        lines[index] = "#" * new_level + HEADING.match(lines[index]).group("rest")
    return "\n".join(lines)


def prefix_ids(text: str, prefix: str) -> str:
    lines = text.split("\n")
    for index, line in list(_lines_outside_fences(lines)):
        line = ATTR_ID.sub(lambda m: f"{m.group(1)}#{prefix}--{m.group(2)}", line)
        lines[index] = HTML_ID.sub(lambda m: f"{m.group(1)}{prefix}--{m.group(2)}{m.group(3)}", line)
    return "\n".join(lines)


def _add_class_to_first_heading(text: str, css_class: str) -> str:
    found = headings(text)
    if not found:
        return text
    lines = text.split("\n")
    index = found[0][0]
    lines[index] = re.sub(r"\}\s*$", f" .{css_class} }}", lines[index]) if HEADING_ID.search(lines[index]) \
        else lines[index] + f" {{ .{css_class} }}"
    return "\n".join(lines)


# --- the two markers -----------------------------------------------------------------------------

def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def fill_include(arg: str, docs_dir: Path, page_name: str, language: str, marker_line: int | None) -> str:
    name, _, section_id = arg.partition("#")
    if not section_id or not SECTION_ID.match(section_id):
        raise MarkerError(f"the include '{arg}' names no section",
                          "write '<!-- include: page#section-id -->' with the id that ends the section's heading",
                          marker_line)
    _, body = read_page(docs_dir, name, language, marker_line)
    text = section(body, section_id)
    if text is None:
        raise MarkerError(f"the include '{arg}': docs/{name}.{language}.md has no heading with the id '#{section_id}'",
                          f"use an id that a heading in docs/{name}.{language}.md ends with, e.g. '{{ #{section_id} }}'",
                          marker_line)
    if ANY_MARKER.search(text):
        raise MarkerError(f"the include '{arg}' holds another include or book marker",
                          "include text that has no include or book marker of its own", marker_line)
    own_ids = ids_in(text)

    def local(target: str | None, fragment: str) -> str | None:
        return f"#{fragment}" if target == name and fragment in own_ids else None

    text = rewrite_links(text, name, page_name, local)
    return shift_headings(text, 2)


def chapter_prefix(name: str) -> str:
    return name[: -len("/index")].replace("/", "-") if name.endswith("/index") else name.replace("/", "-")


def read_book(arg: str, docs_dir: Path, language: str, marker_line: int | None) -> list[tuple[Chapter, str]]:
    names = arg.split()
    if not names:
        raise MarkerError("the book marker names no page",
                          "list the pages, e.g. '<!-- book: index sebelum-berangkat kontak -->'", marker_line)
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise MarkerError(f"the book marker names '{duplicates[0]}' twice", "name each page once", marker_line)
    chapters = []
    for name in names:
        meta, body = read_page(docs_dir, name, language, marker_line)
        found = headings(body)
        if not found or found[0][1] != 1 or not found[0][3]:
            raise MarkerError(f"the book chapter 'docs/{name}.{language}.md' does not start with a '# Title {{ #id }}' heading",
                              "start that page with its one main heading and an id", marker_line)
        if ANY_MARKER.search(body):
            raise MarkerError(f"the book chapter '{name}' holds an include or book marker",
                              "a chapter cannot hold another book or include", marker_line)
        chapters.append((Chapter(name, chapter_prefix(name), found[0][2], found[0][3], meta), body))
    return chapters


def fill_book(arg: str, docs_dir: Path, page_name: str, language: str,
              marker_line: int | None) -> tuple[str, list[Chapter]]:
    """A numbered list of the chapters (the page puts its own heading above the marker), then each chapter."""
    chapters = read_book(arg, docs_dir, language, marker_line)
    by_name = {chapter.name: chapter for chapter, _ in chapters}
    chapter_ids = {chapter.name: ids_in(body) for chapter, body in chapters}

    def local(target: str | None, fragment: str) -> str | None:
        chapter = by_name.get(target)
        if chapter is None:
            return None
        if fragment and fragment in chapter_ids[target]:
            return f"#{chapter.prefix}--{fragment}"
        return f"#{chapter.prefix}--{chapter.top_id}"

    parts = [f"{number}. [{chapter.title}](#{chapter.prefix}--{chapter.top_id})"
              for number, (chapter, _) in enumerate(chapters, start=1)]
    parts.append("")
    for chapter, body in chapters:
        text = rewrite_links(body.strip("\n") + "\n", chapter.name, page_name, local)
        text = prefix_ids(text, chapter.prefix)
        text = shift_headings(text, 2)
        parts += [_add_class_to_first_heading(text, "ka-chapter"), ""]
    return "\n".join(parts), [chapter for chapter, _ in chapters]


def markers_in(text: str) -> list[tuple[str, str, int]]:
    """('include'|'book', argument, line) for each marker in a page's Markdown, outside code fences."""
    found = []
    outside = {index for index, _ in _lines_outside_fences(text.split("\n"))}
    for kind, pattern in (("include", INCLUDE), ("book", BOOK)):
        for match in pattern.finditer(text):
            line = line_of(text, match.start())
            if line - 1 in outside:
                found.append((kind, match.group("arg"), line))
    return sorted(found, key=lambda item: item[2])


def unreadable_markers(text: str) -> list[int]:
    """Lines that look like an include or book marker but are not written the way the hook reads them."""
    lines = text.split("\n")
    return [index + 1 for index, line in _lines_outside_fences(lines)
            if ANY_MARKER.search(line) and not (INCLUDE.fullmatch(line) or BOOK.fullmatch(line))]


def oldest_date(dates) -> datetime.date | None:
    real = [d for d in dates if isinstance(d, datetime.date)]
    return min(real) if real else None
