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
contacts_book.REACH_WORDS), because a forwarded message travels to readers in Malaysia. A changed number in
the data file changes every message at the next build, so a message can never drift from the data.

In a page's text the same braces give a tap-to-call link ("Tanyakan dulu ke {kp2mi-call-center}").

Shared by the share hook (overrides/hooks/share.py) and the build checks (share_checks.py).
"""

from __future__ import annotations

import re

# {kp2mi-call-center}: a contact id in braces. Heading ids ({ #langkah-1 }) have a space and a '#'.
TOKEN = re.compile(r"\{([a-z0-9]+(?:-[a-z0-9]+)*)\}")
# The line of numbers a message ends with, part by part: (words around the number, contact id).
HELP_PARTS = {
    "id": [("Telepon gratis {}", "kp2mi-call-center"), ("WA KP2MI {}", "kp2mi-whatsapp"), ("Polisi {}", "polri-110")],
    "en": [("Free call {}", "kp2mi-call-center"), ("KP2MI WhatsApp {}", "kp2mi-whatsapp"),
           ("Police {}", "polri-110")],
}
EXAMPLE = {lang: " · ".join(words.format("{" + cid + "}") for words, cid in parts) for lang, parts in HELP_PARTS.items()}


def help_line(book, language: str) -> str:
    """The help line with only the contacts this data can fill (a generated page, e.g. the call sheet)."""
    return " · ".join(words.format("{" + cid + "}") for words, cid in HELP_PARTS[language]
                      if problem_with(cid, book) is None)


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


# Said where a message names a contact whose number a phone check found wrong or moved.
WITHDRAWN = {"id": "(nomor sedang dicek)", "en": "(number being checked)"}


def expand(text: str, book, links: bool = False, language: str = "id") -> str:
    """The text with every usable contact id replaced by its number (other ids stay, for the check).

    links=True (a page's Markdown): the number becomes a tap-to-call or WhatsApp link, made from the same
    data as the contact cards, so the build's link check accepts it. A 'share' message stays plain text.
    Either way the number is followed by its reach words, as on the cards: "110 (dari Indonesia)".
    """
    if book is None:
        return text

    def number(match: re.Match) -> str:
        cid = match.group(1)
        if problem_with(cid, book):
            return match.group(0)
        contact = book.contacts[cid]
        if contact.withdrawn:
            return WITHDRAWN.get(language, WITHDRAWN["id"])
        first = (list(contact.phones) + list(contact.whatsapp))[0]
        reach = first.reach_text(language if language in ("id", "en") else "id")
        if not links:
            return f"{first.display} ({reach})"
        return f'<a href="{first.tel}">{first.display}</a> <span class="ka-tel__note">({reach})</span>'

    return TOKEN.sub(number, text)


def numbers_in_book(book) -> set[str]:
    """Every number a message could show: what the HTML check looks for in a message box."""
    if book is None:
        return set()
    return {n for c in book.contacts.values() if c.confidence == "confirmed" for n in [number_of(c)] if n}
