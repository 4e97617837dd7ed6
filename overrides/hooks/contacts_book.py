"""The contact book: read docs/_data/contacts.yml, check every entry, find contact markers in pages.

Shared by the MkDocs hook (overrides/hooks/contacts.py) and the build checks (overrides/hooks/contacts_checks.py),
so the build and the checks can never disagree. Plain data only: HTML comes from Jinja templates.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers
import yaml

import languages
import safe_yaml
import site_settings
from problem import Problem
from phonenumbers import shortnumberinfo

DATA_REL = "docs/_data/contacts.yml"
KINDS = {"hotline", "police", "office", "embassy", "ngo"}
CONFIDENCE = {"confirmed", "single_source", "conflicting", "not_found"}
# Never published as fact: the build refuses a number, WhatsApp or email on these.
UNPUBLISHABLE = {"conflicting", "not_found"}
# `name` is written once per language of mkdocs.yml: name_id, name_en.
REQUIRED = ["id", "name", "kind", "group", "phone", "whatsapp", "region", "sources", "source_date", "confidence"]
PER_LANGUAGE = {"name"}
KNOWN_FIELDS = set(REQUIRED) | {"email", "address", "address_confidence", "former", "hours", "helps", "notes", "calls",
                                "dated_by", "helps_in", "shown_with"}
# From where a number can be dialled: every phone and WhatsApp entry says it (`reach:`), and every place that
# shows the number says it in these short words, so a reader in Kuching never dials a number that only works
# in Indonesia. The words live once per language, in the `reach:` group of overrides/strings/<language>.yml:
# cards, help boxes, the wallet card, the .vcf, the call sheet and the forwarded messages all take them from there
# (Number.reach_text).
REACHES = (
    "indonesia",  # dialled inside Indonesia only
    "abroad",     # the number for calls from abroad
    "malaysia",   # dialled in Malaysia
    "anywhere",   # WhatsApp with internet, any phone
    "unknown",
)
REACH_HOW = ("'reach: indonesia' (dialled only inside Indonesia), 'abroad' (the number for calls from outside "
             "Indonesia), 'malaysia' (dialled in Malaysia), 'anywhere' (WhatsApp with internet, or any phone) or "
             "'unknown' (the card then says so)")
# What a reader who is in Malaysia now can use: a number that works from there and an office that helps there.
FROM_MALAYSIA = {"abroad", "malaysia", "anywhere"}
HELPS_IN = ("indonesia", "malaysia")
# A short number dialled as written works only in its own country (`country:` on a domestic entry, default ID).
DOMESTIC_COUNTRIES = {"ID": "indonesia", "MY": "malaysia"}
# The wallet card's two sides (<!-- wallet: SIDE ID ID -->): the reaches a number needs to be useful there.
WALLET_SIDES = {"indonesia": {"indonesia", "anywhere"}, "malaysia": FROM_MALAYSIA}
# source_date is set by one dated source, named in `dated_by:` (one of `sources`), or `dated_by: undated` (the
# file's "no dated source" rule). A copy in a code repository never sets it (review 2026-12-05, N9).
UNDATED = "undated"
CODE_HOSTS = ("github.com", "githubusercontent.com", "gitlab.com", "bitbucket.org", "codeberg.org",
              "sourceforge.net", "huggingface.co", "gitee.com")
CODE_WORDS = re.compile(r"repositor|\bcode\b|\bcopy\b|salinan", re.I)
# A phone check by a person: `calls: [{date: 2026-12-10, by: "…", result: answered, note: "…"}]`.
RESULTS = {
    "answered": "somebody answered and confirmed the office",
    "no_answer": "nobody answered",
    "wrong_number": "the number belongs to somebody else",
    "moved": "the office has a new number or moved",
}
# The newest of these results decides whether a contact's numbers are shown; no_answer decides nothing.
DECIDING = {"answered", "wrong_number", "moved"}
REMOVING = {"wrong_number", "moved"}
CALL_FIELDS = {"date", "by", "result", "note"}
# The numbers shown on a card that has none: they work, so a reader never meets a dead end.
FALLBACK = ("sapa-129", "kp2mi-call-center", "polri-110")
ID_FORMAT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOMESTIC_REGION = "ID"
# Real Indonesian service numbers that libphonenumber's metadata (phonenumbers 9.0.43) does not know.
# Each is confirmed in ../shared/reference/contacts.yml; keep this list short and give the reason.
KNOWN_DOMESTIC = {
    "129": "SAPA 129, KemenPPPA's line for women and children (launched March 2021), missing from the ID "
           "short-number metadata",
    "08001000": "the KP2MI call centre, free from Indonesian operators since 2011; too short for the ID "
                "toll-free pattern in the metadata",
}

# Markers, each alone on its line: <!-- contacts: ID ID -->, <!-- contacts: all -->, <!-- help: ID ID ID -->,
# and on the wallet card one per side: <!-- wallet: malaysia ID ID --> (the numbers of each that work there).
MARKER = re.compile(r"^\s*<!--\s*(?P<kind>contacts|help|wallet)\s*:\s*(?P<ids>[^>]*?)\s*-->\s*$")
MARKER_LIKE = re.compile(r"<!--\s*(?:contacts?|help|wallet|kontak|bantuan)\b", re.I)
# Four: a page for people abroad needs the consulate, the embassy beside it, and KP2MI by phone and WhatsApp.
HELP_SIZE = (2, 4)
# Phone-like text in a page: starts with + or 0 and has at least 8 digits (dates and money excluded).
PHONE_LIKE = re.compile(r"(?<![\w/.,=-])(?:\+|0)[\d\s()-]{6,}\d(?![\w/.,-]?\d)")
URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Number:
    display: str          # how the page writes it
    dial: str             # what a phone dials: E.164 (+62…) or, inside Indonesia only, the digits
    tel: str              # the link: tel:<dial>, or https://wa.me/<digits> for WhatsApp
    domestic: bool        # a short or national number dialled as written (in its own country only)
    label: dict           # {"id": ..., "en": ...} (one text per language) or {}
    reach: str = "unknown"  # from where it can be dialled: one of REACHES
    whatsapp: bool = False
    reach_words: dict = field(default_factory=dict, compare=False, hash=False)  # {language: the reach in words}

    def reach_text(self, language: str) -> str:
        return self.reach_words[language]


@dataclass(frozen=True)
class Call:
    date: datetime.date
    by: str
    result: str
    note: str = ""
    index: int = 0        # its place in the list: of two calls on one day, the one written later is newer


@dataclass
class Contact:
    id: str
    data: dict
    line: int | None
    # The newest date a source showed these details: (ISO text as precise as the source: "2025-10-25",
    # "2025-12" or "2025", its first day). Never a phone check: that is `calls`.
    source_date: tuple | None = None
    phones: list[Number] = field(default_factory=list)
    whatsapp: list[Number] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    # Numbers in the data that the newest deciding call found wrong (wrong_number/moved): not shown anywhere.
    withdrawn: list[Number] = field(default_factory=list)

    @property
    def confidence(self) -> str:
        return self.data["confidence"]

    @property
    def has_number(self) -> bool:
        """A number is shown (published in the data and not taken off by a phone check)."""
        return bool(self.phones or self.whatsapp)

    @property
    def data_has_number(self) -> bool:
        return bool(self.phones or self.whatsapp or self.withdrawn)

    @property
    def newest_call(self) -> Call | None:
        return max(self.calls, key=lambda c: (c.date, c.index)) if self.calls else None

    @property
    def checked_call(self) -> Call | None:
        """The newest call, when it was answered: only then does a card say "Checked by phone"."""
        newest = self.newest_call
        return newest if newest and newest.result == "answered" else None

    @property
    def last_answered(self) -> Call | None:
        answered = [c for c in self.calls if c.result == "answered"]
        return max(answered, key=lambda c: (c.date, c.index)) if answered else None

    @property
    def removing_call(self) -> Call | None:
        """The call that took the numbers off (the newest answered/wrong_number/moved one), if any."""
        deciding = [c for c in self.calls if c.result in DECIDING]
        newest = max(deciding, key=lambda c: (c.date, c.index)) if deciding else None
        return newest if newest and newest.result in REMOVING else None

    @property
    def in_vcard(self) -> bool:
        return self.confidence == "confirmed" and self.has_number

    @property
    def undated(self) -> bool:
        """No dated source showed these details: the card says so instead of a date."""
        return self.data.get("dated_by") == UNDATED

    def helps_in(self, place: str) -> bool:
        return place in (self.data.get("helps_in") or [])

    @property
    def reaches_malaysia(self) -> bool:
        """A reader in Malaysia can use it: a number that works from there, of an office that helps there."""
        return bool(wallet_numbers(self, "malaysia"))

    def text(self, key: str, language: str) -> str:
        """A field in one language: name_id/name_en, or {id: …, en: …}."""
        if f"{key}_{language}" in self.data:
            return self.data[f"{key}_{language}"]
        value = self.data.get(key)
        return value.get(language, "") if isinstance(value, dict) else (value or "")


@dataclass
class Book:
    groups: list[dict]
    contacts: dict[str, Contact]
    vcard: list[str]
    # The site's interface strings, {language: groups}, the default language first (languages.py): the words a
    # forwarded message puts around its numbers.
    strings: dict = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        return list(self.strings)

    def vcard_contacts(self) -> list[Contact]:
        """The contacts saved in the .vcf file: confirmed, with a number no phone check found wrong."""
        return [self.contacts[cid] for cid in self.vcard if self.contacts[cid].in_vcard]

    def call_sheet(self) -> list[Contact]:
        """The contacts on the staff call sheet: every shown number, those from one source first (a phone
        check settles them), then the rest, each group in the order of the file."""
        shown = [c for c in self.contacts.values() if c.has_number]
        return sorted(shown, key=lambda c: c.confidence != "single_source")

    def fallback(self) -> list[Contact]:
        """SAPA 129, KP2MI 0800-1000 and the police 110, for a card without a number (those still shown)."""
        return [self.contacts[cid] for cid in FALLBACK if cid in self.contacts and self.contacts[cid].has_number]

    def withdrawn(self) -> list[Contact]:
        return [c for c in self.contacts.values() if c.withdrawn]

    def by_group(self) -> list[tuple[dict, list[Contact]]]:
        return [(group, [c for c in self.contacts.values() if c.data["group"] == group["id"]])
                for group in self.groups]

    def tel_links(self) -> set[str]:
        return {n.tel for c in self.contacts.values() for n in c.phones}

    def wa_links(self) -> set[str]:
        return {n.tel for c in self.contacts.values() for n in c.whatsapp}


# --- reading and checking the data file -----------------------------------------------------------

def load(root: Path, codes: list[str], text: str | None = None) -> tuple[Book | None, list[Problem]]:
    """The checked contact book of a project in its languages (`codes`, the default first: languages.of(config),
    or Project.languages), or None when there is no data file. Issues name the file. `text` checks a new version
    of the file before it is written (scripts/contacts.py record)."""
    path = Path(root) / DATA_REL
    if text is None:
        if not path.exists():
            return None, []
        text = path.read_text(encoding="utf-8")
    words, problems = languages.load(root, codes)
    if problems:
        return None, problems  # the site's strings first: the reach words come from them
    book, issues = _checked(text, tuple(codes), _Strings(words), datetime.date.today())
    return book, list(issues)


class _Strings(dict):
    """The site's interface strings as part of a cache key: equal when their content is equal."""

    def __hash__(self):
        return hash(repr(self))


# Keyed by content (the file's text, the languages and their strings): a build, a check run and the tests check
# the book once per content, however many steps and checks ask for it. `today` is only part of the key (the
# checks of dates read the clock themselves): a preview left running past midnight checks again. load() hands
# out a copy of the list of problems.
@functools.lru_cache(maxsize=8)
def _checked(text: str, codes: tuple[str, ...], words: _Strings, today: datetime.date
             ) -> tuple[Book | None, list[Problem]]:
    try:
        raw = safe_yaml.load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        context = getattr(error, "context_mark", None)
        reason = getattr(error, "problem", None) or "it is not valid YAML"
        if context and mark and context.line < mark.line:
            reason += f", in the part that starts on line {context.line + 1}"
        return None, [Problem(DATA_REL, f"the contact list cannot be read ({reason})",
                              "check the indentation and the quotes on this line and the lines above it: each field "
                              "is 'key: value', each contact starts with '  - id: …', every '\"' is closed",
                              mark.line + 1 if mark else None)]
    lines = text.splitlines()
    issues = []
    if not isinstance(raw, dict) or not isinstance(raw.get("contacts"), list) or not isinstance(raw.get("groups"), list):
        return None, [Problem(DATA_REL, "the file has no 'groups:' and 'contacts:' lists",
                              "keep the layout of the file: 'groups:', 'vcard:' and 'contacts:' at the top level", 1)]
    groups = [g for g in raw["groups"] if isinstance(g, dict)]
    group_ids = {g.get("id") for g in groups}
    titles = [f"title_{code}" for code in codes]
    for group in groups:
        if not all(group.get(k) for k in ("id", *titles)):
            issues.append(Problem(DATA_REL, f"the group '{group.get('id')}' needs an id, {', '.join(titles[:-1])} and "
                                  f"{titles[-1]}",
                                  "write all three under '  - id: …'" if len(titles) == 2 else
                                  "write each of them under '  - id: …'", _line_of(lines, f"id: {group.get('id')}")))
    contacts: dict[str, Contact] = {}
    for entry in raw["contacts"]:
        if not isinstance(entry, dict) or not entry.get("id"):
            issues.append(Problem(DATA_REL, f"a contact has no id: {str(entry)[:60]}",
                                  "start each contact with '  - id: short-name'"))
            continue
        cid = str(entry["id"])
        line = _line_of(lines, f"- id: {cid}")
        if cid in contacts:
            issues.append(Problem(DATA_REL, f"the contact '{cid}' is listed twice",
                                  "keep every contact once and merge the two entries", line))
            continue
        contact = Contact(id=cid, data=entry, line=line)
        issues += _check_contact(contact, group_ids, lines, words)
        contacts[cid] = contact
    for contact in contacts.values():
        issues += _check_shown_with(contact, contacts, lines)
    vcard = raw.get("vcard") or []
    for cid in vcard:
        if cid not in contacts:
            issues.append(Problem(DATA_REL, f"'vcard' names '{cid}', which is not a contact here",
                                  "use the id of a contact in this file", _line_of(lines, f"- {cid}")))
        elif contacts[cid].confidence != "confirmed" or not contacts[cid].data_has_number:
            issues.append(Problem(DATA_REL, f"'vcard' names '{cid}', which has no confirmed number",
                                  "save only confirmed numbers in the .vcf file", _line_of(lines, f"- {cid}")))
    return Book(groups=groups, contacts=contacts, vcard=list(vcard), strings=words), issues


def _line_of(lines: list[str], needle: str) -> int | None:
    """The first line that is `needle`, or starts with it followed by a space or a comment ("- id: kjri-kuching"
    is not the line of "- id: kjri-kuching-hotline")."""
    for number, text in enumerate(lines, start=1):
        stripped = text.strip()
        if stripped == needle or stripped.startswith((needle + " ", needle + "#")):
            return number
    return None


def _check_contact(contact: Contact, group_ids: set, lines: list[str], words: dict[str, dict]) -> list[Problem]:
    """`words`: the site's interface strings, {language: groups}, the default language first."""
    data, cid, line = contact.data, contact.id, contact.line
    codes = list(words)

    def issue(message: str, fix: str, needle: str | None = None) -> Problem:
        """The problem, at the line inside this contact that holds `needle` (else at its '- id:' line)."""
        at = line
        for number in range((line or 1), len(lines) + 1):
            if number > (line or 1) and lines[number - 1].lstrip().startswith("- id:"):
                break
            if needle and needle in lines[number - 1]:
                at = number
                break
        return Problem(DATA_REL, f"the contact '{cid}' {message}", fix, at)

    issues = []
    if not ID_FORMAT.match(cid):
        issues.append(issue("has an id that is not a short name", "use lower-case letters, digits and '-'"))
    required = [name for key in REQUIRED
                for name in ([f"{key}_{code}" for code in codes] if key in PER_LANGUAGE else [key])]
    for key in required:
        if key not in data or data[key] is None or data[key] == "":
            fix = {"sources": "list the https:// pages where the details were seen: 'sources:' then '  - https://…'",
                   "source_date": "add the newest date a source showed these details: 'source_date: 2025-10-25'"}
            issues.append(issue(f"has no '{key}'", fix.get(key, f"add '{key}: …'")))
    known = set(required) | KNOWN_FIELDS - PER_LANGUAGE
    for key in sorted(set(data) - known - {"verified"}):
        issues.append(issue(f"has an unknown field '{key}'", f"remove it, or use one of: {', '.join(sorted(known))}",
                            f"{key}:"))
    if data.get("kind") and data["kind"] not in KINDS:
        issues.append(issue(f"has the kind '{data['kind']}'", f"use one of: {', '.join(sorted(KINDS))}", "kind:"))
    if data.get("group") and data["group"] not in group_ids:
        issues.append(issue(f"is in the group '{data['group']}', which is not under 'groups:'",
                            f"use one of: {', '.join(sorted(g for g in group_ids if g))}", "group:"))
    confidence = data.get("confidence")
    if confidence and confidence not in CONFIDENCE:
        issues.append(issue(f"has the confidence '{confidence}'", f"use one of: {', '.join(sorted(CONFIDENCE))}",
                            "confidence:"))
    sources = data.get("sources")
    if "sources" in data and (not isinstance(sources, list) or not sources):
        issues.append(issue("has no sources", "list the https:// pages where the details were seen: '  - https://…'"))
    for url in sources if isinstance(sources, list) else []:
        if not (isinstance(url, str) and url.startswith("https://")):
            issues.append(issue(f"has the source '{url}', which is not an https:// address",
                                "use the https:// address of the page, or leave that source out", str(url)))
    if "verified" in data:
        issues.append(issue("has 'verified:', an old name that mixed up two dates",
                            "rename it 'source_date:' (the newest date a source showed the details); a phone check "
                            "goes under 'calls:' (python scripts/contacts.py record …)", "verified:"))
    source_date = data.get("source_date")
    if source_date not in (None, ""):
        parsed = parse_source_date(source_date)
        if parsed is None:
            issues.append(issue(f"has 'source_date: {source_date}', which is not a date",
                                "write the day the source showed it, 'source_date: 2025-10-25', or only the month or "
                                "year the source gives, in quotes: 'source_date: \"2025-12\"'", "source_date:"))
        elif parsed[1] > datetime.date.today():
            issues.append(issue(f"has 'source_date: {source_date}', which is in the future",
                                "use the date a source showed it", "source_date:"))
        else:
            contact.source_date = parsed
    issues += _check_dated_by(contact, issue, lines)
    issues += _check_calls(contact, issue)
    former = data.get("former")
    if former is not None and not (isinstance(former, list) and former and
                                   all(isinstance(n, str) and n.strip() for n in former)):
        issues.append(issue("has 'former' that is not a list of names",
                            "write earlier names as a list: 'former: [\"P4TKI Entikong\"]'", "former:"))
    address_confidence = data.get("address_confidence")
    if address_confidence is not None and (address_confidence not in ("confirmed", "single_source", "conflicting")
                                           or not data.get("address")):
        issues.append(issue(f"has 'address_confidence: {address_confidence}'",
                            "use 'single_source' or 'conflicting' (both shown with 'Mohon dicek'; say in 'notes' "
                            "what the other sources give) or 'confirmed', next to an 'address:'",
                            "address_confidence:"))
    for key in ("hours", "region", "helps", "notes"):
        value = data.get(key)
        if value is not None and not _in_every_language(value, codes):
            issues.append(issue(f"has '{key}' that is not exactly one text per language",
                                f"write it as '{key}: {_per_language(codes)}' (quotes keep a comma inside the text)",
                                f"{key}:"))
    for key in ("phone", "whatsapp"):
        if key in data and not isinstance(data[key], list):
            issues.append(issue(f"has '{key}' that is not a list", f"write '{key}: []' or a list of '- e164: \"+62…\"'",
                                f"{key}:"))
    issues += _check_numbers(contact, issue, words)
    helps_in = data.get("helps_in")
    if helps_in is not None or data.get("phone") or data.get("whatsapp"):
        if not (isinstance(helps_in, list) and helps_in and all(place in HELPS_IN for place in helps_in)):
            issues.append(issue(f"has 'helps_in: {helps_in}'" if helps_in is not None else
                                "has numbers but no 'helps_in'",
                                "say where the office helps: 'helps_in: [indonesia]', '[malaysia]' or "
                                "'[indonesia, malaysia]'", "helps_in:" if helps_in is not None else None))
    removing = contact.removing_call
    if removing and not issues:
        contact.withdrawn = contact.phones + contact.whatsapp
        contact.phones, contact.whatsapp = [], []
    if confidence in UNPUBLISHABLE:
        shown = [k for k in ("phone", "whatsapp", "email") if data.get(k)]
        if shown:
            issues.append(issue(f"is '{confidence}' but has {' and '.join(shown)}: it would be shown as fact",
                                "remove the number and say in 'notes' that it could not be confirmed",
                                _written(data[shown[0]][0]) if isinstance(data[shown[0]], list) else str(data[shown[0]])))
    return issues


def _check_dated_by(contact: Contact, issue, lines: list[str]) -> list[Problem]:
    """`dated_by:` names the one dated source that sets source_date: one of `sources`, never a copy in a code
    repository (those count as one source at most and never date an entry), or `undated`."""
    data = contact.data
    if data.get("source_date") in (None, ""):
        return []
    dated_by = data.get("dated_by")
    how = (f"write 'dated_by:' with the address (from 'sources:') of the newest dated page of the office, a news "
           f"report or an official document that showed these details, or 'dated_by: {UNDATED}' (the date of the "
           "file's \"no dated source\" rule); a copy in a code repository never sets 'source_date'")
    if not dated_by:
        return [issue("has 'source_date' but no 'dated_by'", how, "source_date:")]
    if dated_by == UNDATED:
        return []
    host = (re.match(r"https?://([^/:?#]+)", str(dated_by)) or [None, ""])[1].lower()
    if any(host == code or host.endswith("." + code) for code in CODE_HOSTS):
        return [issue(f"takes its source_date from a copy in a code repository ({host})", how, "dated_by:")]
    if dated_by not in (data.get("sources") or []):
        return [issue(f"has 'dated_by: {dated_by}', which is not one of its sources", how, "dated_by:")]
    # The date's own comment may still say where it came from ("reported in a code repository").
    block = lines[(contact.line or 1):]
    block = block[:next((i for i, text in enumerate(block) if text.lstrip().startswith("- id:")), len(block))]
    line = next((text for text in block if text.strip().startswith("source_date:")), "")
    comment = line.split("#", 1)[1] if "#" in line else ""
    if CODE_WORDS.search(comment):
        return [issue(f"has a source_date whose note says it comes from a copy ('{comment.strip()}')", how,
                      "source_date:")]
    return []


def _check_shown_with(contact: Contact, contacts: dict, lines: list[str]) -> list[Problem]:
    """`shown_with: [ID]`: contacts that must stand beside this one wherever it is shown (a second way)."""
    shown_with = contact.data.get("shown_with")
    if shown_with is None:
        return []
    if not (isinstance(shown_with, list) and shown_with and all(cid in contacts and contacts[cid].data_has_number
                                                               for cid in shown_with)):
        return [Problem(DATA_REL, f"the contact '{contact.id}' has 'shown_with: {shown_with}'",
                        "name contacts of this file that have a number: 'shown_with: [kbri-kuala-lumpur-hotline]'",
                        contact.line)]
    return []


def _check_calls(contact: Contact, issue) -> list[Problem]:
    """`calls:` is a list of phone checks, each with a past date, who called, and a known result."""
    calls = contact.data.get("calls")
    if calls is None:
        return []
    how = "write 'calls:' then '  - {date: 2026-12-10, by: \"Migrant Center Pontianak\", result: answered}', " \
          "or use: python scripts/contacts.py record"
    if not isinstance(calls, list):
        return [issue("has 'calls' that is not a list", how, "calls:")]
    issues = []
    for index, call in enumerate(calls):
        if not isinstance(call, dict):
            issues.append(issue(f"has a call that is not 'date, by, result': {str(call)[:40]}", how, "calls:"))
            continue
        needle = str(call.get("date", "calls:"))
        unknown = sorted(set(call) - CALL_FIELDS)
        missing = [key for key in ("date", "by", "result") if not call.get(key)]
        day = call.get("date")
        if unknown:
            issues.append(issue(f"has a call with the unknown field '{unknown[0]}'",
                                "a call has only date, by, result and note", needle))
        if missing:
            issues.append(issue(f"has a call without '{missing[0]}'", how, needle))
            continue
        if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
            issues.append(issue(f"has a call dated '{day}', which is not a date",
                                "write the day of the call as 2026-12-10 (year-month-day, no quotes)", needle))
            continue
        if day > datetime.date.today():
            issues.append(issue(f"has a call dated {day}, which is in the future",
                                "write the day the call was made", needle))
            continue
        if call["result"] not in RESULTS:
            issues.append(issue(f"has a call with the result '{call['result']}'",
                                f"use one of: {', '.join(RESULTS)}", needle))
            continue
        if not isinstance(call["by"], str) or (call.get("note") is not None and not isinstance(call["note"], str)):
            issues.append(issue("has a call whose 'by' or 'note' is not plain text",
                                "write them in quotes: by: \"Migrant Center Pontianak\"", needle))
            continue
        contact.calls.append(Call(date=day, by=call["by"].strip(), result=call["result"],
                                  note=(call.get("note") or "").strip(), index=index))
    return issues


def parse_source_date(value) -> tuple[str, datetime.date] | None:
    """A source date as precise as its source: a day, a month ("2025-12") or a year ("2025")."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat(), value
    text = str(value)
    try:
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return text, datetime.date(int(text[:4]), int(text[5:]), 1)
        if re.fullmatch(r"\d{4}", text) and isinstance(value, str):
            return text, datetime.date(int(text), 1, 1)
    except ValueError:
        return None
    return None


def _in_every_language(value, codes: list[str]) -> bool:
    """{id: …, en: …} and nothing else: an unquoted comma in a {…} line would add a stray key."""
    return isinstance(value, dict) and set(value) == set(codes) and \
        all(isinstance(value[code], str) and value[code].strip() for code in codes)


def _per_language(codes: list[str]) -> str:
    """How a field with one text per language is written: {id: "…", en: "…"}."""
    return "{" + ", ".join(f'{code}: "…"' for code in codes) + "}"


def _check_numbers(contact: Contact, issue, words: dict[str, dict]) -> list[Problem]:
    issues = []
    for entry in contact.data.get("phone") or [] if isinstance(contact.data.get("phone"), list) else []:
        number, problem = _phone(entry, words=words)
        if problem:
            issues.append(issue(problem[0], problem[1], _needle(entry)))
        else:
            contact.phones.append(number)
    for entry in contact.data.get("whatsapp") or [] if isinstance(contact.data.get("whatsapp"), list) else []:
        number, problem = _phone(entry, whatsapp=True, words=words)
        if problem:
            issues.append(issue(problem[0], problem[1], _needle(entry)))
        else:
            contact.whatsapp.append(number)
    return issues


def _needle(entry) -> str | None:
    """The number as the file writes it, in quotes ('"110"'), so the line named is the number's own line and not
    a name that contains it ("Polisi 110")."""
    written = _written(entry)
    return f'"{written}"' if written else None


def _written(entry) -> str | None:
    if isinstance(entry, dict):
        value = entry.get("e164", entry.get("domestic"))
        return str(value) if value is not None else None
    return str(entry)


def _phone(entry, whatsapp: bool = False, words: dict[str, dict] | None = None
           ) -> tuple[Number | None, tuple[str, str] | None]:
    """A phone entry -> (Number, None), or (None, (message, fix)) when it is not a real number. `words`: the
    site's strings per language, for the reach in words (none for a number that is only dialled)."""
    words = words or {}
    if not isinstance(entry, dict) or not ({"e164", "domestic"} & set(entry)):
        return None, (f"has the number '{entry}' without 'e164:' or 'domestic:'",
                      "write '- e164: \"+62…\"' (works from anywhere) or '- domestic: \"110\"' (only inside Indonesia)")
    label = entry.get("label") or {}
    if label and not _in_every_language(label, list(words)):
        return None, ("has a number label without every language" if len(words) > 2 else
                      "has a number label without both languages",
                      f"write 'label: {_per_language(list(words))}' (quotes keep a comma inside the text)")
    unknown = sorted(set(entry) - {"e164", "domestic", "label", "reach", "country"})
    if unknown:
        return None, (f"has the number '{_written(entry)}' with the unknown field '{unknown[0]}'",
                      "a number has e164 or domestic, reach, and optionally label and country")
    reach = entry.get("reach")
    if reach not in REACHES:
        return None, (f"has the number '{_written(entry)}' " + (f"with 'reach: {reach}'" if reach else "without 'reach:'"),
                      f"say from where it can be dialled: {REACH_HOW}")
    reach_words = {code: texts["reach"][reach] for code, texts in words.items()}
    country = str(entry.get("country", DOMESTIC_REGION))
    if "domestic" in entry and country not in DOMESTIC_COUNTRIES:
        return None, (f"has the domestic number '{_written(entry)}' in the country '{country}'",
                      f"use 'country: ID' (the default) or one of: {', '.join(DOMESTIC_COUNTRIES)}")
    if "domestic" in entry and reach != DOMESTIC_COUNTRIES[country]:
        return None, (f"has the number '{_written(entry)}', dialled as written, with 'reach: {reach}'",
                      f"a number dialled as written works only in its own country: "
                      f"'reach: {DOMESTIC_COUNTRIES[country]}'")
    if whatsapp and reach not in ("anywhere", "unknown"):
        return None, (f"has the WhatsApp number '{_written(entry)}' with 'reach: {reach}'",
                      "WhatsApp works wherever the phone has internet: 'reach: anywhere' (or 'unknown')")
    if "e164" in entry and "country" in entry:
        return None, (f"has 'country:' on the number '{_written(entry)}'", "only a domestic number has a country")
    if "e164" in entry:
        written = str(entry["e164"])
        try:
            parsed = phonenumbers.parse(written, None)
        except phonenumbers.NumberParseException:
            parsed = None
        if not (re.fullmatch(r"\+\d{7,15}", written) and parsed and phonenumbers.is_valid_number(parsed)):
            return None, (f"has '{written}', which is not a valid phone number in E.164 form",
                          "write the full number with country code and no spaces, e.g. \"+622129244800\", "
                          "and copy it from the source again")
        if whatsapp and phonenumbers.number_type(parsed) not in (phonenumbers.PhoneNumberType.MOBILE,
                                                                 phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
            return None, (f"has the WhatsApp number '{written}', which is not a mobile number",
                          "WhatsApp runs on mobile numbers: check the number in the source")
        if reach == "indonesia" or (reach == "malaysia" and parsed.country_code != 60):
            return None, (f"has '{written}' with 'reach: {reach}'",
                          "a number with its country code can be dialled from abroad; 'malaysia' is for Malaysian "
                          "numbers (+60): use 'abroad', 'anywhere' or 'unknown'")
        display = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        target = f"https://wa.me/{written[1:]}" if whatsapp else f"tel:{written}"
        return Number(display=display, dial=written, tel=target, domestic=False, label=label, reach=reach,
                      whatsapp=whatsapp, reach_words=reach_words), None
    if whatsapp:
        return None, ("has a 'domestic' WhatsApp number", "write WhatsApp numbers as '- e164: \"+62…\"'")
    written = str(entry["domestic"])
    digits = re.sub(r"\D", "", written)
    if not re.fullmatch(r"[\d\s-]+", written) or not _is_domestic_number(digits, country):
        where = "Indonesia" if country == DOMESTIC_REGION else country
        return None, (f"has the domestic number '{written}', which is not a number that works in {where}",
                      "copy it from the source again; a number that works from abroad goes under 'e164:'")
    return Number(display=written, dial=digits, tel=f"tel:{digits}", domestic=True, label=label, reach=reach,
                  reach_words=reach_words), None


def _is_domestic_number(digits: str, country: str = DOMESTIC_REGION) -> bool:
    if country == DOMESTIC_REGION and digits in KNOWN_DOMESTIC:
        return True
    try:
        parsed = phonenumbers.parse(digits, country)
    except phonenumbers.NumberParseException:
        return False
    return shortnumberinfo.is_valid_short_number_for_region(parsed, country) or \
        phonenumbers.is_valid_number_for_region(parsed, country)


# --- pages: markers and hand-written numbers ------------------------------------------------------

@dataclass(frozen=True)
class Marker:
    line: int          # line in the Markdown file (1-based)
    text: str          # the whole line
    kind: str          # "contacts", "help" or "wallet"
    ids: tuple         # contact ids, or ("all",); a wallet marker's ids (its side comes first: `side`)
    side: str = ""     # wallet: "indonesia" or "malaysia"


def find_markers(text: str, rel: str, book: Book | None) -> tuple[list[Marker], list[Problem]]:
    """Every contact marker in a Markdown file, and the mistakes in them (bad form, unknown id)."""
    markers, issues = [], []
    known = set(book.contacts) if book else set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not MARKER_LIKE.search(line):
            continue
        match = MARKER.match(line)
        if not match:
            issues.append(Problem(rel, f"the contact marker '{line.strip()}' is not understood",
                                  "write it alone on its line: '<!-- contacts: polri-110 sapa-129 -->', "
                                  "'<!-- contacts: all -->' or '<!-- help: polri-110 sapa-129 -->'", number))
            continue
        kind, ids = match.group("kind"), tuple(match.group("ids").split())
        side = ""
        if kind == "wallet":
            side, ids = (ids[0], ids[1:]) if ids else ("", ids)
            if side not in WALLET_SIDES:
                issues.append(Problem(rel, f"the wallet marker '{line.strip()}' names the side '{side}'",
                                      f"start it with the side: '<!-- wallet: malaysia malaysia-999 … -->' "
                                      f"({' or '.join(WALLET_SIDES)})", number))
                continue
        marker = Marker(line=number, text=line.strip(), kind=kind, ids=ids, side=side)
        if not ids:
            issues.append(Problem(rel, f"the marker '{marker.text}' names no contact",
                                  "add contact ids from docs/_data/contacts.yml", number))
            continue
        if book is None:
            issues.append(Problem(rel, f"the marker '{marker.text}' needs {DATA_REL}, which does not exist",
                                  f"add {DATA_REL}, or remove the marker", number))
            continue
        if kind == "contacts" and ids == ("all",):
            markers.append(marker)
            continue
        unknown = [cid for cid in ids if cid not in known]
        for cid in unknown:
            issues.append(Problem(rel, f"the marker names '{cid}', which is not in {DATA_REL}",
                                  f"use an id from that file, e.g. {_closest(cid, known)}", number))
        if kind == "help":
            if not HELP_SIZE[0] <= len(ids) <= HELP_SIZE[1]:
                issues.append(Problem(rel, f"the help box names {len(ids)} contacts",
                                      f"name {HELP_SIZE[0]} or {HELP_SIZE[1]}: the box is meant to be short", number))
            for cid in ids:
                if cid in known and not book.contacts[cid].data_has_number:
                    issues.append(Problem(rel, f"the help box names '{cid}', which has no number to call",
                                          "choose a contact with a number, e.g. polri-110", number))
        if kind == "wallet":
            issues += _wallet_issues(marker, book, rel, known)
        for cid in ids:
            for companion in (book.contacts[cid].data.get("shown_with") or []) if cid in known else []:
                if companion not in ids:
                    issues.append(Problem(rel, f"the marker shows '{cid}' without '{companion}'",
                                          f"add '{companion}' to the marker: {DATA_REL} asks for it beside '{cid}', "
                                          "so the reader always has a second way", number))
        if not unknown:
            markers.append(marker)
    return markers, issues


def _wallet_issues(marker: Marker, book: Book, rel: str, known: set) -> list[Problem]:
    """A wallet side holds confirmed numbers (the card has no room for "please check") that work there."""
    issues = []
    for cid in marker.ids:
        contact = book.contacts.get(cid) if cid in known else None
        if contact is None:
            continue
        if contact.confidence != "confirmed":
            issues.append(Problem(rel, f"the wallet card names '{cid}', which is {contact.confidence}",
                                  "put only confirmed numbers on the wallet card", marker.line))
        elif contact.data_has_number and not wallet_numbers(contact, marker.side, withdrawn=True):
            issues.append(Problem(rel, f"the wallet side '{marker.side}' names '{cid}', which has no number that "
                                  f"works there for an office that helps there",
                                  f"give its numbers the right 'reach:' and 'helps_in:' in {DATA_REL}, or move it "
                                  "to the other side", marker.line))
    return issues


def wallet_numbers(contact: Contact, side: str, withdrawn: bool = False) -> list[Number]:
    """The numbers of a contact that a wallet side shows: those that work on that side, of an office that helps
    there (with `withdrawn`, also numbers a phone check took off: the data, not what is shown)."""
    if not contact.helps_in(side):
        return []
    numbers = contact.phones + contact.whatsapp + (contact.withdrawn if withdrawn else [])
    return [n for n in numbers if n.reach in WALLET_SIDES[side]]


def _closest(cid: str, known: set) -> str:
    match = difflib.get_close_matches(cid, sorted(known), n=1)
    return f"'{match[0]}'" if match else "'polri-110'"


def hand_written_numbers(text: str, rel: str, book: Book | None) -> list[Problem]:
    """Phone numbers typed into a page instead of coming from the data file, with the contact to use."""
    issues = []
    short = _domestic_patterns(book)
    shared = _share_lines(text)
    for number, line in enumerate(text.splitlines(), start=1):
        if MARKER.match(line):
            continue
        plain = URL.sub(" ", line)
        found = [m.group(0).strip() for m in PHONE_LIKE.finditer(plain)
                 if len(re.sub(r"\D", "", m.group(0))) >= 8 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.group(0).strip())]
        found += [m.group(0) for pattern in short for m in pattern.finditer(plain)]
        for written in dict.fromkeys(found):
            owner = _owner(written, book)
            if owner and number in shared:
                continue  # a forwarded message carries the numbers to call, as the data writes them
            fix = (f"use the marker '<!-- contacts: {owner} -->' on its own line" if owner else
                   f"add the contact to {DATA_REL} with its sources, then use a marker")
            issues.append(Problem(rel, f"the phone number '{written}' is written by hand", fix, number))
    return issues


def _share_lines(text: str) -> set[int]:
    """Line numbers of the front matter's `share:` block (a WhatsApp message: it must carry the numbers)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return set()
    found, inside = set(), False
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if re.match(r"^share\s*:", line):
            inside = True
            found.add(number)
        elif inside and (line.startswith((" ", "\t")) or not line.strip()):
            found.add(number)
        else:
            inside = False
    return found


def _domestic_patterns(book: Book | None) -> list[re.Pattern]:
    """Domestic numbers of the data (1500-630) as they could be typed in a sentence.

    Three-digit codes are left out: "Polisi 110" and "SAPA 129" are the names of those services.
    """
    if book is None:
        return []
    patterns = []
    for contact in book.contacts.values():
        for phone in contact.phones:
            if phone.domestic and len(phone.dial) >= 5:
                body = r"[\s-]?".join(phone.dial)
                patterns.append(re.compile(rf"(?<![\w/.,=#-]){body}(?![\w/.,-]?\d)"))
    return patterns


def _owner(written: str, book: Book | None) -> str | None:
    if book is None:
        return None
    digits = re.sub(r"\D", "", written)
    for contact in book.contacts.values():
        for phone in contact.phones + contact.whatsapp:
            known = re.sub(r"\D", "", phone.tel)
            if digits == known or (digits.startswith("0") and known.startswith("62") and digits[1:] == known[2:]):
                return contact.id
    return None


# --- reporting a mistake: mkdocs.yml `extra.report` and the page docs/lapor.<lang>.md -----------------------

REPORT_PAGE = "lapor"
CALL_SHEET_MARKER = re.compile(r"^\s*<!--\s*call-sheet\s*-->\s*$", re.M)
REPORT_MARKER = re.compile(r"^\s*<!--\s*report\s*:\s*channels\s*-->\s*$", re.M)


def report_page_exists(docs_dir: Path) -> bool:
    return any(Path(docs_dir).glob(f"{REPORT_PAGE}.*md"))


def report_channels(config, docs_dir: Path) -> tuple[list[dict] | None, list[Problem]]:
    """The ways to report a mistake that `extra.report` sets and its schema accepts (site_settings.py checks each
    channel and names a wrong one), in order; None when the site has neither a report page nor `extra.report` (test
    sites). The page and the setting go together: one without the other is a problem."""
    report = (config.get("extra") or {}).get("report")
    has_page = report_page_exists(docs_dir)
    if report is None and not has_page:
        return None, []
    if not has_page:
        pages = [f"docs/{REPORT_PAGE}.{code}.md" for code in languages.of(config)]
        return None, [Problem("mkdocs.yml", f"'extra: report:' is set but there is no report page {pages[0]}",
                              f"add {' and '.join(pages)} (see README, 'Reporting a mistake')")]
    if report is None:
        return [], [Problem("mkdocs.yml", site_settings.NO_CHANNEL, site_settings.HOW_TO_REPORT)]
    return site_settings.report_channels(config), []


def report_href(channel: dict, about: str, subject: str) -> str:
    """A channel's link, prefilled with what the report is about (a page address or a contact id)."""
    from urllib.parse import quote
    kind, value = channel["kind"], channel["value"]
    if kind == "github":
        joiner = "&" if "?" in value else "?"
        return f"{value}{joiner}title={quote(subject)}" + (f"&halaman={quote(about)}" if about else "")
    text = f"{subject}: {about}" if about else subject
    if kind == "email":
        return f"mailto:{value}?subject={quote(subject)}&body={quote(text)}"
    return f"https://wa.me/{value.lstrip('+')}?text={quote(text)}"
