"""Is the English still a translation of today's Indonesian, and are the facts still recently checked?

Used by the build (warnings) and by `python scripts/translations.py` (report, update).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import contacts_book
from sitecheck.model import WARNING, Problem, find_line
from sitecheck.project import Project

# A page reviewed, or a contact confirmed, longer ago than this is reported (a warning, never an error).
MAX_AGE_MONTHS = 12

# What a translation follows: the Indonesian body and every front matter field, except the ones that do not
# carry words to translate. `reviewed` is only a date (re-checking facts changes no sentence), `draft` is a
# flag, `translation_of` is this record itself, `audience` and `abroad_sections` say who the page is for (the
# same words in both languages, set in both files). Everything else (description, share, sources, changes, and
# any field added later) is text the English must mirror, so a change there makes the English stale.
NOT_TRANSLATED = ("reviewed", "draft", "translation_of", "audience", "abroad_sections")
RECORD_KEY = "translation_of"
HASH_LENGTH = 10
RECORD_LINE = re.compile(rf"^{RECORD_KEY}\s*:.*$", re.M)


def _normal_body(body: str) -> str:
    """Line endings, trailing spaces and blank lines at the end do not change a text."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def version_of(meta: dict, body: str) -> str:
    """A short fingerprint of the Indonesian text a translation must follow."""
    fields = {key: value for key, value in meta.items() if key not in NOT_TRANSLATED}
    payload = json.dumps({"meta": fields, "body": _normal_body(body)}, sort_keys=True, default=str,
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:HASH_LENGTH]


@dataclass
class Translation:
    path: Path            # the English (or other) page
    original: Path        # its Indonesian original
    recorded: str | None  # what its front matter says it translates
    current: str          # what the original is today

    @property
    def state(self) -> str:
        if not self.recorded:
            return "unrecorded"
        return "fresh" if self.recorded == self.current else "stale"


def translations(project: Project, sources) -> list[Translation]:
    """Every translated page whose original can be read, with its recorded and current versions."""
    found = []
    for source, original in project.translation_pairs(sources):
        recorded = source.meta.get(RECORD_KEY)
        found.append(Translation(source.path, original.path, str(recorded) if recorded else None,
                                 version_of(original.meta, original.body)))
    return found


def translation_problems(project: Project, sources) -> list[Problem]:
    problems = []
    for item in translations(project, sources):
        rel, original = project.rel(item.path), project.rel(item.original)
        command = f"python scripts/translations.py update {rel}"
        if item.state == "stale":
            problems.append(Problem(rel, f"{original} has changed since this translation was made",
                                    f"bring the translation up to date, then run '{command}' "
                                    f"(or set 'translation_of: {item.current}' by hand)",
                                    find_line(item.path, f"{RECORD_KEY}:"), level=WARNING))
        elif item.state == "unrecorded":
            problems.append(Problem(rel, f"the page does not record which version of {original} it translates",
                                    f"check that it says the same as the original, then run '{command}' "
                                    f"(or add 'translation_of: {item.current}' by hand)",
                                    level=WARNING))
    return problems


def write_record(path: Path, version: str) -> bool:
    """Set `translation_of: <version>` in a page's front matter, touching no other line. True if changed."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ValueError(f"{path}: no front matter")
    end = text.find("\n---", 4)
    if end == -1:
        raise ValueError(f"{path}: the front matter is not closed")
    header, rest = text[4:end], text[end:]
    line = f"{RECORD_KEY}: {version}"
    if RECORD_LINE.search(header):
        new_header = RECORD_LINE.sub(line, header, count=1)
    else:
        new_header = header.rstrip("\n") + "\n" + line
    new_text = ("---\n" + new_header + rest).replace("\n", newline)
    if raw.startswith(b"\xef\xbb\xbf"):
        new_text = "\ufeff" + new_text
    if new_text.encode("utf-8") == raw:
        return False
    path.write_bytes(new_text.encode("utf-8"))
    return True


# --- how old is the last check? ----------------------------------------------------------------

def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the last day of that month when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def _as_date(value) -> datetime.date | None:
    """A date, or the first day of a month ("2025-12") or year ("2025") when only that is known: the
    earliest day it can mean, so an old check is reported sooner rather than later."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int) and 1900 < value < 3000:
        return datetime.date(value, 1, 1)
    if isinstance(value, str):
        text = value.strip()
        for pattern, build in ((r"\d{4}-\d{2}-\d{2}", datetime.date.fromisoformat),
                               (r"\d{4}-\d{2}", lambda s: datetime.date(int(s[:4]), int(s[5:]), 1)),
                               (r"\d{4}", lambda s: datetime.date(int(s), 1, 1))):
            if re.fullmatch(pattern, text):
                try:
                    return build(text)
                except ValueError:
                    return None
    return None


def review_age_problems(project: Project, sources, today: datetime.date | None = None) -> list[Problem]:
    limit = months_before(today or datetime.date.today(), MAX_AGE_MONTHS)
    problems = []
    for source in sources:
        reviewed = _as_date(source.meta.get("reviewed")) if source.front_matter_ok else None
        if reviewed and reviewed < limit:
            problems.append(Problem(
                source.rel, f"the page was last reviewed on {reviewed}, more than {MAX_AGE_MONTHS} months ago",
                "check every fact against its sources, correct what changed, then set 'reviewed:' to today's date",
                find_line(source.path, "reviewed:"), level=WARNING))
    return problems


def _last_answered_call(entry: dict) -> datetime.date | None:
    """The newest answered phone check of a contact (`calls:`), or None."""
    calls = entry.get("calls")
    days = [_as_date(call.get("date")) for call in calls if isinstance(call, dict) and call.get("result") == "answered"] \
        if isinstance(calls, list) else []
    days = [day for day in days if day]
    return max(days) if days else None


def contact_age_problems(project: Project, today: datetime.date | None = None) -> list[Problem]:
    """Contacts not confirmed for too long: counted from the newest answered phone call, or, when nobody has
    called yet, from the source date, and the warning says which. No file, no date, or a broken file:
    nothing to say here (the contacts check owns that file's format and reports its errors). The book comes from
    the one loader, contacts_book.load, which checks it once per run whoever asks."""
    book, _ = contacts_book.load(project.root, project.languages)
    if book is None:
        return []
    path = project.root / contacts_book.DATA_REL
    limit = months_before(today or datetime.date.today(), MAX_AGE_MONTHS)
    problems = []
    for contact in book.contacts.values():
        entry = contact.data
        called = _last_answered_call(entry)
        name = contact.id
        command = f"python scripts/contacts.py record {name} --called YYYY-MM-DD --by \"…\" --result …"
        if called:
            if called < limit:
                problems.append(Problem(
                    project.rel(path), f"the contact '{name}' was last checked by phone (answered) on {called}, "
                    f"more than {MAX_AGE_MONTHS} months ago",
                    f"call it again and record the call: {command}",
                    _line_of_contact(path, str(entry.get("id") or ""), "calls"), level=WARNING))
            continue
        source_date = _as_date(entry.get("source_date"))
        if source_date and source_date < limit:
            problems.append(Problem(
                project.rel(path), f"the contact '{name}' has never been checked by phone, and its newest source "
                f"is from {entry.get('source_date')}, more than {MAX_AGE_MONTHS} months ago",
                f"call the number and record the call ({command}); if a newer source shows the details, "
                "add it to 'sources:' and set 'source_date:' to that source's date",
                _line_of_contact(path, str(entry.get("id") or ""), "source_date"), level=WARNING))
    return problems


def _line_of_contact(path: Path, contact_id: str, key: str = "source_date") -> int | None:
    """The contact's `key:` line (or its `id:` line), so an editor can jump to it."""
    if not contact_id:
        return None
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    own_id = re.compile(rf"^[\s-]*id:\s*['\"]?{re.escape(contact_id)}['\"]?\s*$")
    any_id = re.compile(r"^[\s-]*id:")
    start = None
    for number, line in enumerate(lines, start=1):
        if start is None:
            start = number if own_id.match(line) else None
        elif any_id.match(line):
            break
        elif re.match(rf"^\s*{key}\s*:", line):
            return number
    return start


def check_translation_freshness(project: Project, sources) -> list[Problem]:
    return translation_problems(project, sources)


def check_review_age(project: Project, sources) -> list[Problem]:
    return review_age_problems(project, sources) + contact_age_problems(project)


SOURCE_CHECKS = [check_translation_freshness, check_review_age]
SITE_CHECKS = []
