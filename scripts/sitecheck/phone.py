"""Phone checks on the built HTML: a page's own weight, what a reader pays for each further page."""

from __future__ import annotations

import gzip

from .problems import WARNING, Problem

# A second page in the same visit (assets already cached) costs its HTML only: keep it within this.
SECOND_PAGE_BUDGET = 12 * 1024


def check_page_weight(site) -> list[Problem]:
    problems = []
    for page in site.content_pages:
        size = len(gzip.compress(page.path.read_bytes(), compresslevel=9, mtime=0))
        if size > SECOND_PAGE_BUDGET:
            problems.append(Problem(page.source_rel, f"the page's HTML weighs {size / 1024:.1f} KiB gzipped, over "
                                    f"{SECOND_PAGE_BUDGET // 1024} KiB for a page opened after another",
                                    "make the page shorter, or split it into two pages", level=WARNING))
    return problems
