"""Checks for the contact data and its use: the same rules the contacts hook applies while building.

The rules live once, in contacts_book.py beside this file; the hook (contacts.py) reads them too.
"""

from __future__ import annotations

import re

import contacts_book
import share_numbers

from sitecheck.model import WARNING, Problem, find_line
from sitecheck.project import Project

# A WhatsApp link to a number (wa.me/62…); "wa.me/?text=…" only shares a message and names no number.
WA_NUMBER = re.compile(r"^https?://(?:api\.)?wa\.me/\+?\d")


def check_contacts(project: Project, sources: list) -> list[Problem]:
    """The data file is valid; pages use markers with known ids and write no phone number by hand."""
    book, issues = contacts_book.load(project.root, project.languages)
    # Markers are checked against a readable data file; a broken one is reported alone.
    data_readable = book is not None or not issues
    for source in sources:
        if not source.text:
            continue
        if data_readable:
            issues += contacts_book.find_markers(source.text, source.rel, book)[1]
        issues += contacts_book.hand_written_numbers(source.text, source.rel, book)
    # The ways to report a mistake (mkdocs.yml extra.report): none configured fails the build.
    issues += contacts_book.report_channels(project.config, project.docs_dir)[1]
    return issues + withdrawn_warnings(book)


def withdrawn_warnings(book) -> list[Problem]:
    """A phone check found a number wrong: the build takes it off every page and says so, once per contact."""
    problems = []
    for contact in book.withdrawn() if book else []:
        call = contact.removing_call
        numbers = ", ".join(n.display for n in contact.withdrawn)
        problems.append(Problem(
            contacts_book.DATA_REL,
            f"the contact '{contact.id}': {numbers} is taken off the site (cards, help boxes, wallet card, .vcf, WhatsApp messages) "
            f"because the call of {call.date} by {call.by} found '{call.result}'",
            "find the right number in a source, correct it, call it, and record the answered call: "
            f"python scripts/contacts.py record {contact.id} --called YYYY-MM-DD --by \"…\" --result answered",
            contact.line, level=WARNING))
    return problems


# A source date must never read as a phone check (issue 16): these words are not used anywhere.
CHECK_WORDS = re.compile(r"terakhir\s+dicek|last\s+verified", re.I)


def check_contact_links(site) -> list[Problem]:
    """Every tel: and wa.me link on the built site comes from the data; no unconfirmed card has one; no number a
    phone check found wrong is shown; "Checked by phone" only where the newest call was answered; every page
    links to the report page."""
    book, _ = contacts_book.load(site.project.root, site.project.languages)
    tel = book.tel_links() if book else set()
    wa = book.wa_links() if book else set()
    withdrawn = {n.tel: c for c in (book.withdrawn() if book else []) for n in c.withdrawn}
    channels, _ = contacts_book.report_channels(site.project.config, site.project.docs_dir)
    report_wa = {f"https://wa.me/{c['value'].lstrip('+')}" for c in channels or [] if c["kind"] == "whatsapp"}
    problems = []
    for page in site.pages.values():
        problems += _date_problems(page, book)
        for link in page.named("a", "href"):
            href = link["href"].strip()
            if href.split("?")[0] in withdrawn:
                contact = withdrawn[href.split("?")[0]]
                call = contact.removing_call
                problems.append(Problem(page.source_rel, f"the number '{href}' is shown, but the call of {call.date} "
                                        f"found '{call.result}' ({contacts_book.DATA_REL}, '{contact.id}')",
                                        "show numbers only through contact markers, which leave it out",
                                        page.line_of(contact.id)))
            elif href.split("?")[0] in report_wa:
                continue
            elif href.lower().startswith("tel:") and href not in tel:
                problems.append(Problem(page.source_rel, f"the phone link '{href}' does not come from {contacts_book.DATA_REL}",
                                        "show numbers only through a contact marker, e.g. '<!-- contacts: polri-110 -->'",
                                        page.line_of(href[4:])))
            elif WA_NUMBER.match(href) and href not in wa:
                problems.append(Problem(page.source_rel, f"the WhatsApp link '{href}' does not come from {contacts_book.DATA_REL}",
                                        "show WhatsApp numbers only through a contact marker",
                                        page.line_of(href.split("wa.me/")[-1])))
        for card in page.classed("ka-contact--conflicting", "ka-contact--not_found"):
            # Its own numbers only: the list of numbers that work (SAPA 129, 0800-1000, 110) is not the card's.
            own = [a for a in card.find_all("a", href=True) if not a.find_parent(class_="ka-contact__fallback")]
            if any(a["href"].startswith("tel:") or WA_NUMBER.match(a["href"]) for a in own):
                name = card.find(class_="ka-contact__name")
                problems.append(Problem(page.source_rel, f"the unconfirmed contact '{name.get_text(strip=True) if name else card}' shows a number",
                                        f"remove its number from {contacts_book.DATA_REL}"))
    if channels is not None:
        problems += _report_link_problems(site)
    return problems


def _date_problems(page, book) -> list[Problem]:
    """No words that pass a source date off as a check (CHECK_WORDS); a "Checked by phone" line only on a card
    whose newest call was answered."""
    problems = []
    text = page.soup.get_text(" ")
    found = CHECK_WORDS.search(text)
    if found:
        problems.append(Problem(page.source_rel, f"the page says '{found.group(0)}', which reads as if somebody "
                                "checked the number; our dates are the newest source's date",
                                "say 'Sumber terbaru / Latest source' for a source date, and 'Dicek dengan menelepon / "
                                "Checked by phone' only for a recorded call (the 'contacts:' group of overrides/strings/<language>.yml)",
                                page.line_of(found.group(0))))
    for card in page.classed("ka-contact"):
        called = card.find(class_="ka-contact__called")
        contact = book.contacts.get(_card_id(card)) if book and called else None
        if called is None or contact is None:
            continue
        checked = contact.checked_call
        when = called.find("time")
        if checked is None or when is None or when.get("datetime") != checked.date.isoformat():
            problems.append(Problem(page.source_rel, f"the card '{contact.id}' says it was checked by phone, but "
                                    f"{contacts_book.DATA_REL} records no answered call on that day as its newest call",
                                    "show 'Dicek dengan menelepon' only from 'calls:' (card.html), never the source date"))
    return problems


def _card_id(card) -> str | None:
    """A card's contact id: from its anchor (directory) or its "Wrong number?" link (?kontak=…)."""
    if card.get("id", "").startswith("kontak-"):
        return card["id"].removeprefix("kontak-")
    for report in card.find_all(class_="ka-contact__report"):
        for link in report.find_all("a", href=True):
            if "kontak=" in link["href"]:
                return link["href"].split("kontak=", 1)[1].split("&")[0]
    return None


def _report_link_problems(site) -> list[Problem]:
    """Every page ends with a link to the report page (docs/lapor.<lang>.md); the report page offers channels."""
    problems = []
    for page in site.content_pages:
        stem = page.url_path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
        if stem == contacts_book.REPORT_PAGE:
            if not page.named("a", "data-ka-report"):
                problems.append(Problem(page.source_rel, "the report page offers no way to report",
                                        "keep the line '<!-- report: channels -->' in the page"))
            continue
        links = [a for box in page.classed("ka-report-link") for a in box.find_all("a", href=True)]
        targets = [site.resolve(page, a["href"])[0] for a in links]
        if not any(t and t.rsplit("/", 2)[-2 if t.endswith("index.html") else -1].startswith(contacts_book.REPORT_PAGE)
                   for t in targets):
            problems.append(Problem(page.source_rel, "the page has no working 'Laporkan kesalahan / Report a mistake' "
                                    "link at its end",
                                    "keep '{% include \"partials/ka/report-link.html\" %}' at the end of the content "
                                    "block in overrides/main.html"))
    return problems


# --- help that works from where the reader is (issue 26) -------------------------------------------------

# Front matter `audience:` says who a page is for. A page (or, with `abroad_sections:`, a part of a page) for
# people already abroad must offer in every help box, every card list of its crisis steps and its 'share'
# message at least one number a reader in Malaysia can use (contacts_book.Contact.reaches_malaysia).
AUDIENCES = {"indonesia": "readers in Indonesia", "abroad": "readers already abroad", "both": "both"}
ABROAD_FIX = ("add a contact that works from Malaysia: kp2mi-whatsapp (WhatsApp, from anywhere), kp2mi-call-center "
              "(+62 21 29244800 from abroad), kbri-kuala-lumpur-hotline, or malaysia-999 for danger now")
HEADING = re.compile(r"^(#{1,6})\s.*\{[^}]*#([\w-]+)[^}]*\}\s*$")
# A sentence that sends the reader to a number further down ("Nomornya ada di bawah", "the number is below").
PROMISE = re.compile(r"\b(?:nomor(?:nya)?|nomor-nomor)\b[^.!?]{0,40}\bdi bawah\b|"
                     r"\bnumbers?\b[^.!?]{0,40}\b(?:below|at the bottom)\b", re.I)


def check_reach(project: Project, sources: list) -> list[Problem]:
    """Every page says who it is for; pages for people abroad offer help that works from Malaysia; a message
    never shows a number that works only in Indonesia without saying so; a promised number is there."""
    book, issues = contacts_book.load(project.root, project.languages)
    if book is None or issues:
        return []  # without readable contact data there are no numbers to judge (the data's errors print)
    problems = []
    for source in sources:
        if not source.front_matter_ok or not source.text:
            continue
        markers = contacts_book.find_markers(source.text, source.rel, book)[0]
        problems += _audience_problems(source, book, markers)
        problems += _share_reach_problems(source, book)
        problems += _promise_problems(source, book, markers)
    return problems


def _audience_problems(source, book, markers) -> list[Problem]:
    meta, rel = source.meta, source.rel
    audience = meta.get("audience")
    line = find_line(source.path, "audience:") or 1
    how = "write 'audience: indonesia', 'audience: abroad' or 'audience: both' in the front matter"
    if audience is None:
        return [] if meta.get("draft") else [Problem(rel, "the front matter does not say who the page is for", how, 1)]
    if audience not in AUDIENCES:
        return [Problem(rel, f"'audience: {audience}' is not known", how, line)]
    sections = meta.get("abroad_sections") or []
    ids = {heading_id for _, _, heading_id in source.headings if heading_id}
    if not isinstance(sections, list) or any(section not in ids for section in sections) or \
            (sections and audience != "both"):
        return [Problem(rel, f"'abroad_sections: {sections}' does not name headings of this page",
                        "on a page for both, list the heading ids of the parts for readers abroad, e.g. "
                        "'abroad_sections: [terjebak]'", find_line(source.path, "abroad_sections:") or line)]
    if audience == "indonesia":
        return []
    problems = []
    enclosing = _enclosing_sections(source.text)
    for marker in markers:
        crisis = marker.kind == "contacts" and marker.ids != ("all",) and \
            (audience == "abroad" or set(sections) & enclosing.get(marker.line, set()))
        if (marker.kind == "help" or crisis) and not any(book.contacts[cid].reaches_malaysia for cid in marker.ids):
            what = "help box" if marker.kind == "help" else "contact cards"
            problems.append(Problem(rel, f"the {what} '{marker.text}' on a page for {AUDIENCES[audience]} offers no "
                                    "number that works from Malaysia", ABROAD_FIX, marker.line))
    message = meta.get("share")
    if isinstance(message, str):
        shown = [book.contacts[cid] for cid in share_numbers.ids_in(message)
                 if share_numbers.problem_with(cid, book) is None]
        if not any(_first_number(c) in contacts_book.wallet_numbers(c, "malaysia") for c in shown):
            problems.append(Problem(rel, f"the 'share' message of a page for {AUDIENCES[audience]} offers only "
                                    "numbers that do not work from Malaysia",
                                    "add a line such as 'Di Malaysia: darurat {malaysia-999} · KBRI Kuala Lumpur "
                                    "{kbri-kuala-lumpur-hotline}' (or WA {kp2mi-whatsapp})",
                                    find_line(source.path, "share:") or line))
    return problems


def _first_number(contact):
    """The number a message shows for a contact (share_numbers.number_of shows the same one)."""
    numbers = contact.phones + contact.whatsapp
    return numbers[0] if numbers else None


def _enclosing_sections(text: str) -> dict[int, set]:
    """For every line of a page, the ids of the headings it sits under (its section and the ones above it)."""
    stack, found = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = HEADING.match(line)
        if match:
            level = len(match.group(1))
            stack = [(lvl, hid) for lvl, hid in stack if lvl < level] + [(level, match.group(2))]
        found[number] = {hid for _, hid in stack}
    return found


def _share_reach_problems(source, book) -> list[Problem]:
    """A message shows every number that works only inside Indonesia with "(dari Indonesia)" after it: the
    build writes it for {ids}; a number typed by hand (or an id the data cannot fill) does not get it."""
    message = source.meta.get("share")
    if not isinstance(message, str):
        return []
    language = source.language or book.languages[0]
    text = share_numbers.expand(message, book, language=language)
    problems = []
    for contact in book.contacts.values():
        for number in contact.phones:
            if number.reach != "indonesia":
                continue
            words = number.reach_text(language)
            body = r"[\s-]?".join(number.dial)
            for found in re.finditer(rf"(?<![\w/.,=#+-]){body}(?![\w/,-]?\d)", text):
                after = text[found.end():found.end() + 40]
                if not re.match(rf"\s*\((?:[^()]*, )?{re.escape(words)}\)", after):
                    problems.append(Problem(source.rel, f"the 'share' message shows {found.group(0)}, which works only "
                                            f"inside Indonesia, without saying so",
                                            f"write the number as {{{contact.id}}}: the build adds '({words})'",
                                            _share_line(source, found.group(0))))
    return problems


def _share_line(source, written: str) -> int | None:
    """The line of the 'share' block that holds a number as written (else the 'share:' line)."""
    lines = source.text.splitlines()
    start = find_line(source.path, "share:") or 1
    for number in range(start, min(len(lines), start + 12) + 1):
        if written in lines[number - 1]:
            return number
    return start


def _promise_problems(source, book, markers) -> list[Problem]:
    """A sentence that says the number is below has a card or help box with that number below it (with a
    WhatsApp number when the sentence speaks of WhatsApp)."""
    problems = []
    lines = source.text.splitlines()
    for number, line in enumerate(lines, start=1):
        if number < source.body_start or not PROMISE.search(line):
            continue
        below = [m for m in markers if m.line > number and m.ids != ("all",)]
        numbers = [n for m in below for cid in m.ids for n in book.contacts[cid].phones + book.contacts[cid].whatsapp]
        if any(contacts_book.CALL_SHEET_MARKER.match(text) or "<!-- contacts: all -->" in text
               for text in lines[number:]):
            continue  # the call sheet or the whole directory follows: every number is there
        if not below or not numbers:
            problems.append(Problem(source.rel, "the page says a number is below, but no contact card or help box "
                                    "with a number follows", "add '<!-- help: … -->' or '<!-- contacts: … -->' below, "
                                    "or change the sentence", number))
        elif re.search(r"whats\s?app|\bWA\b", line, re.I) and not any(n.whatsapp for n in numbers):
            problems.append(Problem(source.rel, "the page says a WhatsApp number is below, but no card or help box "
                                    "below has one", "add kp2mi-whatsapp to the help box or cards below", number))
    return problems


SOURCE_CHECKS = [check_contacts, check_reach]
SITE_CHECKS = [check_contact_links]
