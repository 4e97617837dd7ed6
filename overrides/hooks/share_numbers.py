"""Numbers in forwardable messages, taken from docs/_data/contacts.yml.

A WhatsApp message is plain text: it cannot hold a contact card, so it carries the number written out. An
editor never types that number. The message names the contact by its id in braces, and the build writes the
number from the data file in its place:

    share: |
      *Mau kerja ke luar negeri?*
      ...
      Telepon gratis {kp2mi-call-center} · WA {kp2mi-whatsapp} · Polisi {polri-110}

becomes "Telepon gratis 0800-1000 (dari Indonesia) · WA +62 811-8080-141 (dari mana saja) · Polisi 110 (dari
Indonesia)": every number says from where it can be dialled (its `reach:` in the data, in the words of
the `reach:` group of overrides/strings/<language>.yml), because a forwarded message travels to readers in Malaysia. A changed number in
the data file changes every message at the next build, so a message can never drift from the data.

In a page's text the same braces give a tap-to-call link ("Tanyakan dulu ke {kp2mi-call-center}").

Shared by the share hook (overrides/hooks/share.py) and the build checks (share_checks.py).
"""

from __future__ import annotations

import re

# {kp2mi-call-center}: a contact id in braces. Heading ids ({ #langkah-1 }) have a space and a '#'.
TOKEN = re.compile(r"\{([a-z0-9]+(?:-[a-z0-9]+)*)\}")


def _help_parts(book, language: str) -> list[str]:
    """The line of numbers a message ends with, part by part ("Polisi {polri-110}"): the `message: help:` list
    of overrides/strings/<language>.yml."""
    return book.strings[language]["message"]["help"]


def example(book, language: str) -> str:
    """The whole help line, as an example for an editor."""
    return " · ".join(_help_parts(book, language))


def help_line(book, language: str) -> str:
    """The help line with only the contacts this data can fill (a generated page, e.g. the call sheet)."""
    return " · ".join(part for part in _help_parts(book, language)
                      if all(problem_with(cid, book) is None for cid in ids_in(part)))


def number_of(contact) -> str | None:
    """The number a message shows for a contact: its first phone, else its first WhatsApp number."""
    numbers = list(contact.phones) + list(contact.whatsapp)
    return numbers[0].display if numbers else None


def problem_with(cid: str, book) -> str | None:
    """Why a contact cannot stand in a message (a message has no room for "please check"), or None."""
    contact = book.contacts.get(cid) if book else None
    if contact is None:
        return f"names the contact '{{{cid}}}', which is not in docs/_data/contacts.yml"
    if contact.confidence != "confirmed":
        return f"names '{{{cid}}}', whose number is not confirmed ({contact.confidence})"
    # A number a phone check found wrong is taken off everywhere at once, messages included (WITHDRAWN):
    # the build warns about it (contacts_checks.py) and still publishes, so the wrong number goes.
    if number_of(contact) is None and not contact.withdrawn:
        return f"names '{{{cid}}}', which has no number"
    return None


def ids_in(text: str) -> list[str]:
    return TOKEN.findall(text or "")


def expand(text: str, book, links: bool = False, language: str | None = None) -> str:
    """The text with every usable contact id replaced by its number (other ids stay, for the check).

    links=True (a page's Markdown): the number becomes a tap-to-call or WhatsApp link, made from the same
    data as the contact cards, so the build's link check accepts it. A 'share' message stays plain text.
    Either way the number is followed by its reach words, as on the cards: "110 (dari Indonesia)".
    """
    if book is None:
        return text
    language = language or book.languages[0]

    def number(match: re.Match) -> str:
        cid = match.group(1)
        if problem_with(cid, book):
            return match.group(0)
        contact = book.contacts[cid]
        if contact.withdrawn:
            # Where a phone check found the number wrong or moved.
            return book.strings[language]["message"]["withdrawn"]
        first = (list(contact.phones) + list(contact.whatsapp))[0]
        reach = first.reach_text(language)
        if not links:
            return f"{first.display} ({reach})"
        return f'<a href="{first.tel}">{first.display}</a> <span class="ka-tel__note">({reach})</span>'

    return TOKEN.sub(number, text)


def numbers_in_book(book) -> set[str]:
    """Every number a message could show: what the HTML check looks for in a message box."""
    if book is None:
        return set()
    return {n for c in book.contacts.values() if c.confidence == "confirmed" for n in [number_of(c)] if n}
