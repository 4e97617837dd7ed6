"""Phone checks on the built HTML: a page's own weight, what a reader pays for each further page."""

from __future__ import annotations

import gzip

import phone_offline_copy
from phone_budgets import PRINT_DOCUMENT_KEY, PRINT_DOCUMENT_FOLDER, SECOND_PAGE_BUDGET, first_view_budget, \
    is_print_document
from sitecheck.model import WARNING, Problem, find_line
from sitecheck.size_report import measure


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
    if phone_offline_copy.asked(project.config):
        return []
    return [Problem(source.rel, "the page links to the offline zip, but this build makes none",
                    "keep 'ka_offline_zip: true' under 'extra:' in mkdocs.yml, or remove the line "
                    f"'{phone_offline_copy.MARKER}'", find_line(source.path, phone_offline_copy.MARKER))
            for source in sources if phone_offline_copy.MARKER in source.text]


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


def check_first_view(site) -> list[Problem]:
    """The first view of a page (its HTML and everything it loads by itself) fits the phone budget; over it
    the build fails, naming the page and its three largest files (what to shrink first). Not in the live
    preview, which keeps Material's whole stylesheet (overrides/hooks/theme_css.py)."""
    if site.preview:
        return []
    problems = []
    for s in measure(site):
        if s.first_view_gz <= first_view_budget(s.page):
            continue
        largest = sorted(s.files.items(), key=lambda item: -item[1])[:3]
        files = ", ".join(f"{name} {size / 1024:.1f} KiB" for name, size in largest)
        problems.append(Problem(s.page.source_rel, f"the first view of /{s.page.url_path} weighs "
                                f"{s.first_view_gz / 1024:.1f} KiB gzipped, over {first_view_budget(s.page) / 1024:.0f}"
                                f" KiB; its largest files: {files}", "make the page shorter, or make the largest "
                                "files smaller"))
    return problems


SOURCE_CHECKS = [check_print_document_flag, check_offline_zip_marker]
SITE_CHECKS = [check_page_weight, check_first_view]
