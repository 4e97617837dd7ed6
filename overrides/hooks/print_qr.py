"""The print header's address and QR code, and where the "how to print" link leads.

The address is the page's own public address in the page's language (site_url + page url). The QR code
is made here at build time with segno (no network) as a small inline SVG (one path); the template
(overrides/partials/ka/print-header.html) places it, hidden on screen and shown on paper.
"""

import functools
import re

import segno
from mkdocs.utils import get_relative_url

import languages

# The printing instructions: the /cetak/ page of the page's language, at this heading.
HOWTO_PAGE, HOWTO_ANCHOR = "cetak/", "cara-mencetak"


@functools.lru_cache(maxsize=256)
def _qr_svg(url: str) -> str:
    """The page's QR code; drawn once per address (a rebuild of the preview draws none again)."""
    return segno.make(url, error="m").svg_inline(border=4, omitsize=True, svgclass="ka-print-qr", lineclass=None)


def add_print_header(context, page, config, nav):
    url = page.canonical_url  # e.g. https://kerja-aman.github.io/en/kontak/
    if not url:
        context["ka_print"] = None
        return context
    howto_url = languages.folder(config, config.theme["language"]) + HOWTO_PAGE
    howto = None
    if any(other.url == howto_url for other in nav.pages):
        howto = get_relative_url(howto_url, page.url or ".") + "#" + HOWTO_ANCHOR
    context["ka_print"] = {
        "url": url,
        "short_url": re.sub(r"^https?://", "", url),
        "qr_svg": _qr_svg(url),
        "howto": howto,
    }
    return context
