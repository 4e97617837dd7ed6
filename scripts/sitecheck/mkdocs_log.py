"""Turn MkDocs' warnings into editor-facing problems that name the Markdown file and line."""

from __future__ import annotations

import re

from .model import Problem, find_line
from .project import Project

LINK_WARNING = re.compile(r"Doc file '(?P<file>[^']+)' contains (?P<kind>a|an absolute|an unrecognized relative) "
                          r"link '(?P<link>[^']*)'(?P<rest>.*)")
NAV_MISSING = re.compile(r"A reference to '(?P<file>[^']+)' is included in the 'nav' configuration")
NOT_IN_NAV = re.compile(r"^\s+- (?P<file>\S+\.md)\s*$")
# A hook that logs a problem in our own words ("docs/x.md:3: what — how to fix") is passed on as it is.
OWN_PROBLEM = re.compile(r"^(?P<path>(?:docs|overrides|vendor)/\S+?|mkdocs\.yml)(?::(?P<line>\d+))?: (?P<message>.+?) — (?P<fix>.+)$")
# MkDocs' line before the error a hook raised while a page was rendered ("Error building page 'x.md':"), which
# says nothing itself: the error follows on a line of its own.
BUILDING_PAGE = re.compile(r"Error building page '[^']+':")


def problems_from_log(project: Project, log: str) -> list[Problem]:
    problems: list[Problem] = []
    lines = log.splitlines()
    reading_not_in_nav = False
    for line in lines:
        if reading_not_in_nav:
            match = NOT_IN_NAV.match(line)
            if match:
                path = project.docs_dir / match.group("file")
                entry = project.slug_of(path) + ".md" if project.language_of(path) else match.group("file")
                problems.append(Problem(project.rel(path), "the page is not in the navigation",
                                        f"add a line '  - Title: {entry}' under 'nav:' in mkdocs.yml "
                                        "(without the language suffix)"))
                continue
            reading_not_in_nav = False
        if not line.startswith(("WARNING", "ERROR")):
            continue
        text = line.split("-", 1)[1].strip() if "-" in line else line
        if "not included in the \"nav\" configuration" in text:
            reading_not_in_nav = True
            continue
        match = OWN_PROBLEM.match(text)
        if match:
            line_number = int(match.group("line")) if match.group("line") else None
            problems.append(Problem(match.group("path"), match.group("message"), match.group("fix"), line_number))
            continue
        match = LINK_WARNING.search(text)
        if match:
            path = project.docs_dir / match.group("file")
            link = match.group("link")
            problems.append(Problem(project.rel(path), _link_message(match), _link_fix(match),
                                    find_line(path, f"]({link}") or find_line(path, link)))
            continue
        match = NAV_MISSING.search(text)
        if match:
            problems.append(Problem("mkdocs.yml", f"the navigation names '{match.group('file')}', which does not exist",
                                    "create the page (both languages) or correct its name under 'nav:'",
                                    find_line(project.root / "mkdocs.yml", match.group("file"))))
            continue
        if text.startswith("Aborted with"):
            continue
        problems.append(Problem("mkdocs.yml", f"MkDocs says: {text}", "read the message above and correct the named file"))
    if any(not problem.message.startswith("MkDocs says: ") for problem in problems):
        # One of our own lines tells what stopped the page: MkDocs' bare lead-in to it would only repeat it.
        problems = [problem for problem in problems
                    if not BUILDING_PAGE.fullmatch(problem.message.removeprefix("MkDocs says: "))]
    return problems


def _link_message(match: re.Match) -> str:
    link, rest, kind = match.group("link"), match.group("rest"), match.group("kind")
    if kind == "an absolute":
        return f"the link '{link}' starts with '/', which breaks on another host or offline"
    if kind == "an unrecognized relative":
        return f"the link '{link}' does not point to a Markdown page"
    anchor = re.search(r"anchor '(#[^']+)'", rest)
    if anchor:
        return f"the link '{link}' points to the heading {anchor.group(1)}, which does not exist"
    if "no such anchor" in rest:
        return f"the link '{link}' points to a heading that is not on this page"
    return f"the link '{link}' points to a page that does not exist"


def _link_fix(match: re.Match) -> str:
    kind = match.group("kind")
    if kind in ("an absolute", "an unrecognized relative"):
        return "link to the page's Markdown file instead, e.g. [Kontak](kontak.md)"
    if "anchor" in match.group("rest"):
        return "use an id that a heading on the target page ends with, e.g. '{ #langkah-1 }'"
    return "correct the file name (without the language suffix, e.g. kontak.md) or remove the link"
