"""Numbers in forwardable messages, taken from docs/_data/contacts.yml.

A WhatsApp message is plain text: it cannot hold a contact card, so it carries the number written out. An
editor never types that number. The message names the contact by its id in braces, and the build writes the
number from the data file in its place:

    share: |
      *Mau kerja ke luar negeri?*
      ...
      Telepon gratis {kp2mi-call-center} · WA {kp2mi-whatsapp} · Polisi {polri-110}

becomes "Telepon gratis 0800-1000 · WA +62 811-8080-141 · Polisi 110". A changed number in the data file
changes every message at the next build, so a message can never drift from the data.

In a page's text the same braces give a tap-to-call link ("Tanyakan dulu ke {kp2mi-call-center}").

Shared by the share hook (overrides/hooks/share.py) and the build checks (share_checks.py).
"""

from __future__ import annotations

import re

# {kp2mi-call-center}: a contact id in braces. Heading ids ({ #langkah-1 }) have a space and a '#'.
TOKEN = re.compile(r"\{([a-z0-9]+(?:-[a-z0-9]+)*)\}")
# The line of numbers a message ends with, part by part: (words around the number, contact id).
HELP_PARTS = {
    "id": [("Telepon gratis {}", "kp2mi-call-center"), ("WA {}", "kp2mi-whatsapp"), ("Polisi {}", "polri-110")],
    "en": [("Free call {} (in Indonesia)", "kp2mi-call-center"), ("WhatsApp {}", "kp2mi-whatsapp"),
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

# Said beside a tap-to-call number that works only inside Indonesia, as the contact cards say it
# (overrides/partials/ka/contacts/strings.html, "domestic").
DOMESTIC_NOTE = {"id": "hanya dari Indonesia", "en": "only from Indonesia"}


def expand(text: str, book, links: bool = False, language: str = "id") -> str:
    """The text with every usable contact id replaced by its number (other ids stay, for the check).

    links=True (a page's Markdown): the number becomes a tap-to-call or WhatsApp link, made from the same
    data as the contact cards, so the build's link check accepts it; a number that works only inside
    Indonesia says so beside it, as on the cards. A 'share' message stays plain text.
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
        if not links:
            return first.display
        note = (f' <span class="ka-tel__note">({DOMESTIC_NOTE.get(language, DOMESTIC_NOTE["id"])})</span>'
                if first.domestic else "")
        return f'<a href="{first.tel}">{first.display}</a>{note}'

    return TOKEN.sub(number, text)


def numbers_in_book(book) -> set[str]:
    """Every number a message could show: what the HTML check looks for in a message box."""
    if book is None:
        return set()
    return {n for c in book.contacts.values() if c.confidence == "confirmed" for n in [number_of(c)] if n}
