"""How a page's Markdown is read line by line: front matter, code fences, headings and their ids.

Shared by the MkDocs hooks (print_markers.py) and the build's source checks (the *_checks.py beside it), so the
build and the checks can never read a page differently. Not a hook itself: mkdocs.yml does not list it.
"""

from __future__ import annotations

import copy
import functools
import re

import yaml

import safe_yaml

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
# attr_list reads both "{ #id }" and "{: #id }".
HEADING_ID = re.compile(r"\{\s*:?\s*#(?P<id>[A-Za-z0-9_-]+)[^}]*\}\s*$")


def split_front_matter_text(text: str) -> tuple[str, str, int] | None:
    """(the front matter's YAML, the body, the body's first line number) of a page that opens with a '---' line
    and closes it with another; None if it has none or does not close it. A byte order mark is ignored."""
    text = text.lstrip("\ufeff")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[4:end], text[end + 4:].lstrip("\n"), text[: end + 4].count("\n") + 2
    return None


def split_front_matter(text: str) -> tuple[dict, str]:
    """(meta, body) of a page; meta is {} when the front matter is missing or unreadable."""
    parts = split_front_matter_text(text)
    if parts is None:
        return {}, text.lstrip("\ufeff")
    header, body, _ = parts
    return copy.deepcopy(_parsed_header(header)), body


@functools.lru_cache(maxsize=512)
def _parsed_header(header: str) -> dict:
    """Front matter is read by several hooks and checks, for each language: YAML parses each text once."""
    try:
        meta = safe_yaml.load(header) or {}
    except yaml.YAMLError:
        meta = {}
    return meta if isinstance(meta, dict) else {}


def lines_outside_fences(lines: list[str]):
    """(index, line) of every line that is neither a code fence line nor inside a code fence."""
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield index, line


def heading(line: str) -> tuple[int, str, str | None] | None:
    """(level, text, id or None) of an ATX heading line such as '## Langkah 1 { #langkah-1 }'; None otherwise."""
    match = HEADING.match(line)
    if not match:
        return None
    id_match = HEADING_ID.search(match.group("text"))
    return len(match.group("hashes")), match.group("text"), id_match.group("id") if id_match else None
