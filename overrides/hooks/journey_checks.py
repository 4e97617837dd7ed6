"""Step-by-step pages: a reader told "step 4" or "the 8 documents" finds the same thing in both languages."""

from __future__ import annotations

import re

import markdown_parts as md

from sitecheck.model import Problem, Source
from sitecheck.project import Project


# A numbered item: "1. …" or "1) …", also inside an admonition or a nested list.
NUMBERED_ITEM = re.compile(r"^\s*\d+[.)]\s+\S")
STEP_ID = re.compile(r"^langkah-(\d+)$")
FIRST_NUMBER = re.compile(r"\d+")
TOP = "(top of the page)"


def _numbered_items_per_section(source: Source) -> dict[str, tuple[int, int]]:
    """Section id -> (line of its heading, how many numbered items it holds)."""
    heading_at = {line: anchor for (line, _, anchor) in source.headings}
    counts: dict[str, tuple[int, int]] = {TOP: (source.body_start, 0)}
    section = TOP
    body_lines = source.text.splitlines()[source.body_start - 1:]
    for index, line in md.lines_outside_fences(body_lines):
        number = index + source.body_start
        if number in heading_at:
            section = heading_at[number] or f"line {number}"
            counts.setdefault(section, (number, 0))
        elif NUMBERED_ITEM.match(line):
            start, count = counts[section]
            counts[section] = (start, count + 1)
    return counts


def check_step_count_parity(project: Project, sources: list[Source]) -> list[Problem]:
    """Each section of a translation has as many numbered steps and checklist items as its original."""
    problems = []
    for source, original in project.translation_pairs(sources):
        own, theirs = _numbered_items_per_section(source), _numbered_items_per_section(original)
        for section, (_, expected) in theirs.items():
            line, found = own.get(section, (None, 0))
            if section in own and found != expected:
                where = "before the first heading" if section == TOP else f"in the section '#{section}'"
                problems.append(Problem(source.rel,
                                        f"{where} there are {found} numbered item(s) here but {expected} in {original.rel}",
                                        "translate every numbered step and list item, so step numbers match in both languages",
                                        line))
    return problems


def check_step_numbers(project: Project, sources: list[Source]) -> list[Problem]:
    """Step headings count 1, 2, 3 … and the number a reader sees is the number in the link."""
    problems = []
    for source in sources:
        expected = 1
        for line, text, anchor in source.headings:
            match = STEP_ID.match(anchor or "")
            if not match:
                continue
            step = int(match.group(1))
            if step != expected:
                problems.append(Problem(source.rel, f"the step id '#{anchor}' comes where step {expected} was expected",
                                        f"number the steps 1, 2, 3 … in order; this one should end with '{{ #langkah-{expected} }}'",
                                        line))
            shown = FIRST_NUMBER.search(text)
            if shown is None or int(shown.group()) != step:
                problems.append(Problem(source.rel, f"the heading '{text}' does not show the step number {step} of its id",
                                        f"start the heading with the same number as its id, e.g. '## Langkah {step}: …'",
                                        line))
            expected = step + 1
    return problems


SOURCE_CHECKS = [check_step_count_parity, check_step_numbers]
SITE_CHECKS = []
