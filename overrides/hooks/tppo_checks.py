"""Checks on the job-offer checklist (front matter `checklist:` shown by the marker '<!-- checklist -->')."""

from __future__ import annotations

import re

from sitecheck.model import Problem, Source, find_line
from sitecheck.project import Project


FIELDS = ("id", "question", "advice", "danger")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKER = re.compile(r"^<!--\s*checklist\s*-->[ \t]*$", re.M)


def _item_problems(source: Source) -> list[Problem]:
    items = source.meta.get("checklist")
    line = find_line(source.path, "checklist:") or 1
    if items is None:
        if MARKER.search(source.body):
            return [Problem(source.rel, "the page shows '<!-- checklist -->' but has no 'checklist:' list",
                            "add 'checklist:' to the front matter, with '- id:', 'question:', 'advice:' and 'danger:' per question",
                            find_line(source.path, "<!-- checklist"))]
        return []
    if not isinstance(items, list) or not items:
        return [Problem(source.rel, "'checklist' is not a list of questions",
                        "write each question as '  - id: …' with 'question:', 'advice:' and 'danger:' below it", line)]
    problems, seen = [], set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(source.rel, f"checklist question {number} is not a set of 'key: value' lines",
                                    "write it as '  - id: …' with 'question:', 'advice:' and 'danger:' below it", line))
            continue
        ident = str(item.get("id") or "")
        where = find_line(source.path, f"id: {ident}") if ident else line
        missing = [key for key in FIELDS if not str(item.get(key) or "").strip()]
        if missing:
            problems.append(Problem(source.rel, f"checklist question {number} ('{ident}') has no {', '.join(missing)}",
                                    "give every question an id, a question, advice, and danger: \"yes\" or \"no\"", where))
        if ident and not SLUG.match(ident):
            problems.append(Problem(source.rel, f"the checklist id '{ident}' is not a short slug",
                                    "use lower-case letters, digits and hyphens, e.g. 'visa-kerja'", where))
        if ident in seen:
            problems.append(Problem(source.rel, f"the checklist id '{ident}' is used twice",
                                    "give every question its own id", where))
        seen.add(ident)
        if item.get("danger") not in (None, "", "yes", "no"):
            problems.append(Problem(source.rel, f"checklist question '{ident}' has danger: {item.get('danger')!r}",
                                    "write danger: \"yes\" (a yes answer is the warning sign) or danger: \"no\" (in quotes)",
                                    find_line(source.path, "danger:") if not where else where))
    if not MARKER.search(source.body):
        problems.append(Problem(source.rel, "the page has a 'checklist:' list but does not show it",
                                "put a line '<!-- checklist -->' where the questions belong", line))
    return problems


def check_checklist(project: Project, sources: list[Source]) -> list[Problem]:
    """Every checklist is complete, and a translation asks the same questions (same ids, same warning answer)."""
    problems = []
    for source in sources:
        if source.front_matter_ok:
            problems += _item_problems(source)
    for source, original in project.translation_pairs(sources):
        own, theirs = _ids(source), _ids(original)
        if own != theirs and (own or theirs):
            problems.append(Problem(source.rel, f"the checklist questions {_describe(own)} differ from {original.rel} {_describe(theirs)}",
                                    "ask the same questions in the same order, with the same ids and danger answers as the original",
                                    find_line(source.path, "checklist:")))
    return problems


def _ids(source: Source) -> list[tuple[str, str]]:
    items = source.meta.get("checklist")
    if not isinstance(items, list):
        return []
    return [(str(i.get("id")), str(i.get("danger"))) for i in items if isinstance(i, dict)]


def _describe(ids: list[tuple[str, str]]) -> str:
    return "(" + ", ".join(f"{ident}/{danger}" for ident, danger in ids) + ")" if ids else "(none)"


SOURCE_CHECKS = [check_checklist]
SITE_CHECKS = []
