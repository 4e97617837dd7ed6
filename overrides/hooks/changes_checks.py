"""Change notes (front matter `changes:`) are written the way the "What changed" page (changes.py) reads them."""

from __future__ import annotations

import datetime

from sitecheck.model import WARNING, Problem, find_line
from sitecheck.project import Project


def check_change_notes(project: Project, sources) -> list[Problem]:
    """`changes:` is a list of `- date: YYYY-MM-DD` + `note: …`, never in the future."""
    problems = []
    today = datetime.date.today()
    for source in sources:
        if not source.front_matter_ok or "changes" not in source.meta:
            continue
        changes = source.meta["changes"]
        line = find_line(source.path, "changes:")
        example = "'changes:' then '  - date: 2026-11-27' and '    note: what changed, in one sentence'"
        if changes is None:
            continue
        if not isinstance(changes, list):
            problems.append(Problem(source.rel, "'changes' is not a list", f"write it as {example}", line))
            continue
        reviewed = source.meta.get("reviewed")
        for item in changes:
            date = item.get("date") if isinstance(item, dict) else None
            note = item.get("note") if isinstance(item, dict) else None
            if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
                problems.append(Problem(source.rel, f"the change '{item}' has no real date",
                                        f"write each change as {example}", find_line(source.path, str(date)) or line))
            elif not (isinstance(note, str) and note.strip()):
                problems.append(Problem(source.rel, f"the change of {date} has no note",
                                        "add '    note: …' under its date: one sentence saying what changed",
                                        find_line(source.path, str(date)) or line))
            elif date > today:
                problems.append(Problem(source.rel, f"the change of {date} is in the future",
                                        "use the date the page was changed", find_line(source.path, str(date))))
            elif isinstance(reviewed, datetime.date) and date > reviewed:
                problems.append(Problem(source.rel, f"the change of {date} is newer than 'reviewed: {reviewed}'",
                                        f"set 'reviewed: {date}' (a change means the page was checked that day)",
                                        find_line(source.path, "reviewed:"), level=WARNING))
    return problems


SOURCE_CHECKS = [check_change_notes]
SITE_CHECKS = []
