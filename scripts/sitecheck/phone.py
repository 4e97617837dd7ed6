"""Phone checks on the built HTML: a page's own weight, what a reader pays for each further page."""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

import markdown_parts as md
import offline_copy

from .problems import WARNING, Problem, find_line

# A second page in the same visit (assets already cached) costs its HTML only: keep it within this.
SECOND_PAGE_BUDGET = 12 * 1024
# The first view of a page: its HTML plus every CSS, JS and image it loads by itself.
FIRST_VIEW_BUDGET = 70 * 1024

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


def check_print_document_flag(project, sources) -> list[Problem]:
    """'print_document' only as 'true', and only on a page under docs/cetak/: no phone page may opt out."""
    problems = []
    for source in sources:
        if not source.front_matter_ok or PRINT_DOCUMENT_KEY not in source.meta:
            continue
        value = source.meta[PRINT_DOCUMENT_KEY]
        line = find_line(source.path, PRINT_DOCUMENT_KEY + ":")
        if value is not True:
            problems.append(Problem(source.rel, f"'{PRINT_DOCUMENT_KEY}: {value}' is not 'true'",
                                    f"write '{PRINT_DOCUMENT_KEY}: true', or remove the line", line))
        elif not source.rel.startswith("docs/" + PRINT_DOCUMENT_FOLDER):
            problems.append(Problem(source.rel, f"'{PRINT_DOCUMENT_KEY}: true' is only for print documents under "
                                    f"docs/{PRINT_DOCUMENT_FOLDER}; a page people read on their phone must fit the "
                                    "phone budgets", "remove the line, and make the page shorter or split it into "
                                    "two pages", line))
    return problems


def check_offline_zip_marker(project, sources) -> list[Problem]:
    """Only the checked build insists on the offline zip: a page linking it needs the switch that makes it.

    A plain `mkdocs build` or `mkdocs serve` shows a neutral note instead (overrides/hooks/phone.py)."""
    if (project.config.get("extra") or {}).get("ka_offline_zip"):
        return []
    return [Problem(source.rel, "the page links to the offline zip, but this build makes none",
                    "keep 'ka_offline_zip: true' under 'extra:' in mkdocs.yml, or remove the line "
                    f"'{offline_copy.MARKER}'", find_line(source.path, offline_copy.MARKER))
            for source in sources if offline_copy.MARKER in source.text]


def check_page_weight(site) -> list[Problem]:
    problems = []
    for page in site.content_pages:
        if is_print_document(page):
            continue
        size = len(gzip.compress(page.path.read_bytes(), compresslevel=9, mtime=0))
        if size > SECOND_PAGE_BUDGET:
            problems.append(Problem(page.source_rel, f"the page's HTML weighs {size / 1024:.1f} KiB gzipped, over "
                                    f"{SECOND_PAGE_BUDGET // 1024} KiB for a page opened after another",
                                    "make the page shorter, or split it into two pages", level=WARNING))
    return problems
