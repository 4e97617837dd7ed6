"""Checks on the Markdown sources, run before MkDocs: they catch what MkDocs would silently accept."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown_parts as md
import yaml

import safe_yaml

from .print_checks import check_handout_list, check_print_markers
from .journey import check_step_count_parity, check_step_numbers
from .glossary import check_glossary_sources
from .editors import check_change_notes, check_review_age, check_translation_freshness
from .problems import Problem, find_line
from .project import Project
from . import contacts
from .share import SHARE_SOURCE_CHECKS
from .tppo import check_checklist
from .phone import check_offline_zip_marker, check_print_document_flag

MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
# Indonesian and Malaysian numbers start with + or 0; dots and commas (money) and dates are not numbers.
PHONE_LIKE = re.compile(r"(?<![\w/.,-])(?:\+|0)[\d\s()-]{6,}\d(?![\w/.,-]?\d)")
DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Source:
    """One Markdown page, read and split once, shared by every source check."""
    path: Path
    rel: str
    language: str | None
    text: str = ""
    meta: dict = field(default_factory=dict)
    front_matter_ok: bool = False
    body: str = ""
    body_start: int = 1  # line number of the first body line
    headings: list[tuple[int, str, str | None]] = field(default_factory=list)  # (line, text, id)


def read_sources(project: Project) -> tuple[list[Source], list[Problem]]:
    sources, problems = [], []
    for path in project.markdown_files():
        source = Source(path=path, rel=project.rel(path), language=project.language_of(path))
        raw = path.read_bytes()
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
            # UTF-16 (Windows Notepad's "Unicode"): every other byte is zero, so it may even decode as UTF-8.
            problems.append(Problem(source.rel, "the file is saved as UTF-16 ('Unicode'), not as UTF-8 text",
                                    "open it in your editor and save it again with the encoding UTF-8", 1))
            continue
        try:
            source.text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            problems.append(Problem(source.rel, "the file is not saved as UTF-8 text",
                                    "open it in your editor and save it again with the encoding UTF-8",
                                    line))
            continue
        problems += _split_front_matter(source)
        source.headings = _headings(source)
        sources.append(source)
    return sources, problems


def _split_front_matter(source: Source) -> list[Problem]:
    parts = md.split_front_matter_text(source.text)
    if parts is None:
        source.body = source.text.lstrip("\ufeff")
        if not source.body.startswith("---\n"):
            return [Problem(source.rel, "the page has no front matter",
                            "start the file with a line '---', the lines 'description: …' and a closing '---'", 1)]
        return [Problem(source.rel, "the front matter is not closed",
                        "add a line with only '---' after the last front matter line", 1)]
    header, source.body, source.body_start = parts
    try:
        meta = safe_yaml.load(header) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(error, "problem", None) or "it is not valid YAML"
        return [Problem(source.rel, f"the front matter cannot be read ({reason})",
                        "write each line as 'key: value'; put quotes around a value that contains ': ' or starts with a special sign",
                        line)]
    except ValueError as error:
        # YAML reads 2026-13-45 as a date and fails on it.
        return [Problem(source.rel, f"a date in the front matter is not a real date ({error})",
                        "write dates as year-month-day, e.g. 'reviewed: 2026-11-27'",
                        find_line(source.path, "reviewed:") or 2)]
    if not isinstance(meta, dict):
        return [Problem(source.rel, "the front matter is not a list of 'key: value' lines",
                        "write each line as 'key: value'", 2)]
    source.meta = meta
    source.front_matter_ok = True
    return []


def _headings(source: Source) -> list[tuple[int, str, str | None]]:
    found = []
    for index, line in md.lines_outside_fences(source.text.splitlines()):
        parsed = md.heading(line)
        if parsed and index + 1 >= source.body_start:
            found.append((index + 1, parsed[1], parsed[2]))
    return found


# --- checks: each takes every source and returns problems ----------------------------------------

def check_language_suffix(project: Project, sources: list[Source]) -> list[Problem]:
    langs = " or ".join(f".{lang}.md" for lang in project.languages)
    return [Problem(s.rel, "the file name has no language suffix",
                    f"rename it to end in {langs}, with its twin in the other language beside it")
            for s in sources if s.language is None]


def check_twins(project: Project, sources: list[Source]) -> list[Problem]:
    problems = []
    for source in sources:
        if source.language is None:
            continue
        for language in project.languages:
            if language == source.language:
                continue
            twin = project.twin_of(source.path, language)
            if not twin.exists():
                if source.language == project.default_language:
                    fix = f"add the translation as {project.rel(twin)}"
                else:
                    fix = f"add the original as {project.rel(twin)}, or remove this file"
                problems.append(Problem(source.rel, f"the page has no {language} twin", fix))
    return problems


def check_description(project: Project, sources: list[Source]) -> list[Problem]:
    problems = []
    for source in sources:
        value = source.meta.get("description")
        if source.front_matter_ok and not (isinstance(value, str) and value.strip()):
            problems.append(Problem(source.rel, "the front matter has no 'description'",
                                        "add one plain sentence: 'description: …' (it is used in search and link previews)",
                                        1))
    return problems


def check_review_and_sources(project: Project, sources: list[Source]) -> list[Problem]:
    """Every page says when it was last reviewed and where its facts come from."""
    problems = []
    today = datetime.date.today()
    for source in sources:
        if not source.front_matter_ok:
            continue
        meta = source.meta
        reviewed = meta.get("reviewed")
        if reviewed is None:
            problems.append(Problem(source.rel, "the front matter has no 'reviewed' date",
                                    "add the date the facts were last checked: 'reviewed: 2026-11-27'", 1))
        elif not isinstance(reviewed, datetime.date) or isinstance(reviewed, datetime.datetime):
            problems.append(Problem(source.rel, f"'reviewed: {reviewed}' is not a real date",
                                    "write it as year-month-day, e.g. 'reviewed: 2026-11-27'",
                                    find_line(source.path, "reviewed:")))
        elif reviewed > today:
            problems.append(Problem(source.rel, f"'reviewed: {reviewed}' is in the future",
                                    "use the date the page was actually checked", find_line(source.path, "reviewed:")))
        listed = meta.get("sources")
        line = find_line(source.path, "sources:") or 1
        if listed is None:
            problems.append(Problem(source.rel, "the front matter has no 'sources' list",
                                    "list where the facts come from: 'sources:' then '  - title: …' and '    url: https://…'", 1))
        elif not isinstance(listed, list):
            problems.append(Problem(source.rel, "'sources' is not a list",
                                    "write each source on its own line starting with '  - title: …'", line))
        else:
            # A draft states no facts yet; an assembled page (handouts, the booklet) only shows other
            # pages' text, whose sources are listed on those pages.
            if not listed and not (meta.get("draft") or meta.get("assembled")):
                problems.append(Problem(source.rel, "'sources' is empty",
                                        "list the laws and pages the facts come from (only a page marked 'draft: true' "
                                        "or 'assembled: true' may have none)", line))
            for item in listed:
                if not (isinstance(item, dict) and isinstance(item.get("title"), str) and item["title"].strip()):
                    problems.append(Problem(source.rel, f"the source '{item}' has no title",
                                            "write it as '  - title: …' with an optional '    url: https://…'", line))
                elif item.get("url") and not str(item["url"]).startswith("https://"):
                    problems.append(Problem(source.rel, f"the source url '{item['url']}' is not https",
                                            "use the https:// address, or leave the url out and name the document",
                                            find_line(source.path, str(item["url"])) or line))
    return problems


def check_heading_ids(project: Project, sources: list[Source]) -> list[Problem]:
    return [Problem(s.rel, f"the heading '{text}' has no id",
                    "end the heading with an id that is the same in both languages, e.g. '## Langkah 1 { #langkah-1 }'",
                    line)
            for s in sources for (line, text, anchor) in s.headings if anchor is None]


def check_heading_parity(project: Project, sources: list[Source]) -> list[Problem]:
    """A translation has the same heading ids as its original, so deep links survive translation."""
    problems = []
    for source, original in project.translation_pairs(sources):
        own = [a for (_, _, a) in source.headings if a]
        theirs = [a for (_, _, a) in original.headings if a]
        for anchor in theirs:
            if anchor not in own:
                problems.append(Problem(source.rel, f"the heading id '#{anchor}' of {original.rel} is missing here",
                                        f"translate that heading and end it with '{{ #{anchor} }}'"))
        for line, _, anchor in source.headings:
            if anchor and anchor not in theirs:
                problems.append(Problem(source.rel, f"the heading id '#{anchor}' is not in {original.rel}",
                                        "use the same heading ids as the Indonesian original", line))
    return problems


def _links(source: Source) -> list[str]:
    return sorted(MD_LINK.findall(source.body))


def _phone_numbers(source: Source) -> list[str]:
    return sorted(re.sub(r"\D", "", number) for number in PHONE_LIKE.findall(source.body)
                  if not DATE_LIKE.match(number.strip()))


def check_translation_parity(project: Project, sources: list[Source]) -> list[Problem]:
    """A translation carries the same links and phone numbers as its original."""
    problems = []
    for source, original in project.translation_pairs(sources):
        for what, read in (("link", _links), ("phone number", _phone_numbers)):
            own, theirs = read(source), read(original)
            for item in sorted(set(theirs) | set(own)):
                if own.count(item) != theirs.count(item):
                    problems.append(Problem(
                        source.rel,
                        f"the {what} '{item}' appears {own.count(item)} time(s) here but {theirs.count(item)} in {original.rel}",
                        f"make the translation carry the same {what}s as the original",
                        find_line(source.path, f"]({item}") if what == "link" else None))
    return problems


SOURCE_CHECKS = [
    check_language_suffix,
    check_twins,
    check_description,
    check_review_and_sources,
    check_heading_ids,
    check_heading_parity,
    check_translation_parity,
    contacts.check_contacts,
    check_print_markers,
    check_handout_list,
    check_step_count_parity,
    check_step_numbers,
    check_glossary_sources,
    *SHARE_SOURCE_CHECKS,
    check_checklist,
    check_translation_freshness,
    check_review_age,
    check_change_notes,
    check_print_document_flag,
    check_offline_zip_marker,
]


def run_source_checks(project: Project, sources: list[Source]) -> list[Problem]:
    problems = []
    for check in SOURCE_CHECKS:
        problems += check(project, sources)
    return problems


def check_sources(project: Project) -> tuple[list[Source], list[Problem]]:
    sources, problems = read_sources(project)
    return sources, problems + run_source_checks(project, sources)
