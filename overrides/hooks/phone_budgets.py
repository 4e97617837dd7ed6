"""What a page may weigh on a phone, and which pages are print documents with a budget of their own.

Shared by the phone checks (phone_checks.py), the build's size report (scripts/sitecheck/size_report.py) and
the phone benchmark (scripts/bench.py), so all three use the same numbers.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import markdown_parts as md

# A second page in the same visit (assets already cached) costs its HTML only: keep it within this.
SECOND_PAGE_BUDGET = 12 * 1024
# The first view of a page: its HTML plus every CSS, JS and image it loads by itself (gzipped). Over it the
# checked build fails (phone_checks.py): on 2G the first page decides whether a reader stays (issue 30).
FIRST_VIEW_BUDGET = 40 * 1024

# A print document (front matter 'print_document: true') is made to be printed at a Migrant Center, not
# read on a phone: the whole-guide booklet holds every core page in one document (the print issue asks
# for exactly that), so it cannot fit a phone page's budget. Only pages under cetak/ may say so; the
# phone budgets above apply to every other page, and a print document has its own, larger one.
PRINT_DOCUMENT_KEY = "print_document"
PRINT_DOCUMENT_FOLDER = "cetak/"
PRINT_DOCUMENT_FIRST_VIEW_BUDGET = 128 * 1024


@lru_cache(maxsize=None)
def _front_matter(path: Path) -> dict:
    try:
        return md.split_front_matter(path.read_text(encoding="utf-8"))[0]
    except (OSError, UnicodeDecodeError):
        return {}


def is_print_document(page) -> bool:
    """A built page whose Markdown says 'print_document: true' (checked to be under docs/cetak/)."""
    return _front_matter(page.source).get(PRINT_DOCUMENT_KEY) is True


def first_view_budget(page) -> int:
    return PRINT_DOCUMENT_FIRST_VIEW_BUDGET if is_print_document(page) else FIRST_VIEW_BUDGET
