"""How much a reader downloads: per page, the gzipped HTML and the first view (HTML plus what it loads)."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from phone_budgets import is_print_document

from .model import BuiltSite, Page, fetched_urls, is_external


@lru_cache(maxsize=None)
def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


@dataclass
class PageSize:
    page: Page
    html_gz: int
    first_view_gz: int
    assets: list[str]


def measure(site: BuiltSite) -> list[PageSize]:
    sizes = []
    for page in site.content_pages:
        assets = []
        for url in fetched_urls(page):
            if is_external(url):
                continue
            target, _ = site.resolve(page, url)
            if target and target not in assets:
                assets.append(target)
        html_gz = gzipped_size(page.path)
        total = html_gz + sum(gzipped_size(site.site_dir / a) for a in assets)
        sizes.append(PageSize(page, html_gz, total, assets))
    return sizes


def format_report(sizes: list[PageSize]) -> str:
    width = max([len(s.page.url_path or "/") for s in sizes] + [4]) + 1
    lines = [f"{'page':<{width}} {'HTML gz':>9} {'first view gz':>14}"]
    for size in sizes:
        kind = "  print document" if is_print_document(size.page) else ""
        lines.append(f"/{size.page.url_path:<{width - 1}} {size.html_gz / 1024:>7.1f} K {size.first_view_gz / 1024:>12.1f} K{kind}")
    if sizes:
        phone = [s for s in sizes if not is_print_document(s.page)] or sizes
        largest = max(phone, key=lambda s: s.first_view_gz)
        lines.append(f"largest first view of a phone page: /{largest.page.url_path} {largest.first_view_gz / 1024:.1f} "
                     f"KiB gzipped ({len(sizes)} pages)")
    return "\n".join(lines)
