"""Checks for the contact data and its use: the same rules the contacts hook applies while building.

The rules live once, in overrides/hooks/contact_book.py (see this package's __init__ for why there).
"""

from __future__ import annotations

import re

import contact_book

from .problems import Problem
from .project import Project

# A WhatsApp link to a number (wa.me/62…); "wa.me/?text=…" only shares a message and names no number.
WA_NUMBER = re.compile(r"^https?://(?:api\.)?wa\.me/\+?\d")


def _problem(issue: contact_book.Issue) -> Problem:
    return Problem(issue.path, issue.message, issue.fix, issue.line)


def check_contacts(project: Project, sources: list) -> list[Problem]:
    """The data file is valid; pages use markers with known ids and write no phone number by hand."""
    book, issues = contact_book.load(project.root)
    # Markers are checked against a readable data file; a broken one is reported alone.
    data_readable = book is not None or not issues
    for source in sources:
        if not source.text:
            continue
        if data_readable:
            issues += contact_book.find_markers(source.text, source.rel, book)[1]
        issues += contact_book.hand_written_numbers(source.text, source.rel, book)
    return [_problem(issue) for issue in issues]


def check_contact_links(site) -> list[Problem]:
    """Every tel: and wa.me link on the built site comes from the data; no unconfirmed card has one."""
    book, _ = contact_book.load(site.project.root)
    tel = book.tel_links() if book else set()
    wa = book.wa_links() if book else set()
    problems = []
    for page in site.pages.values():
        for link in page.soup.find_all("a", href=True):
            href = link["href"].strip()
            if href.lower().startswith("tel:") and href not in tel:
                problems.append(Problem(page.source_rel, f"the phone link '{href}' does not come from {contact_book.DATA_REL}",
                                        "show numbers only through a contact marker, e.g. '<!-- contacts: polri-110 -->'",
                                        page.line_of(href[4:])))
            elif WA_NUMBER.match(href) and href not in wa:
                problems.append(Problem(page.source_rel, f"the WhatsApp link '{href}' does not come from {contact_book.DATA_REL}",
                                        "show WhatsApp numbers only through a contact marker",
                                        page.line_of(href.split("wa.me/")[-1])))
        for card in page.soup.select(".ka-contact--conflicting, .ka-contact--not_found"):
            if card.select("a[href^='tel:']") or any(WA_NUMBER.match(a["href"]) for a in card.select("a[href]")):
                name = card.select_one(".ka-contact__name")
                problems.append(Problem(page.source_rel, f"the unconfirmed contact '{name.get_text(strip=True) if name else card}' shows a number",
                                        f"remove its number from {contact_book.DATA_REL}"))
    return problems
