"""How much a reader downloads: per page, the gzipped HTML and the first view (HTML plus what it loads).

Beside the first view, the report shows what it weighed with Material's whole stylesheet (before
overrides/hooks/theme_css.py cut it), and the bytes every page shares, both ways.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

import material

from phone_budgets import is_print_document

from .model import BuiltSite, Page, fetched_urls, is_external


@lru_cache(maxsize=None)
def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


# Material's stylesheet as the package ships it; the build ships a cut copy under a name of its own.
THEME = "assets/stylesheets/main.*.min.css"


@lru_cache(maxsize=None)
def whole_theme_gz() -> int | None:
    found = sorted((Path(material.__file__).parent / "templates").glob(THEME))
    return gzipped_size(found[0]) if len(found) == 1 else None


@dataclass
class PageSize:
    page: Page
    html_gz: int
    first_view_gz: int
    assets: list[str]
    files: dict[str, int]  # every file of the first view (the page's own HTML too): its size gzipped
    whole_theme_first_view_gz: int  # the first view with Material's whole stylesheet


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
        files = {page.path.relative_to(site.site_dir).as_posix(): html_gz}
        files.update((a, gzipped_size(site.site_dir / a)) for a in assets)
        total = sum(files.values())
        sizes.append(PageSize(page, html_gz, total, assets, files, total + _theme_cut(files)))
    return sizes


def _theme_cut(files: dict[str, int]) -> int:
    """How many bytes the cut of Material's stylesheet saves this page (0 when it loads the whole one)."""
    whole = whole_theme_gz()
    themes = [size for name, size in files.items() if PurePosixPath(name).match(THEME)]
    return whole - themes[0] if whole and len(themes) == 1 else 0


def shared(sizes: list[PageSize]) -> tuple[int, int]:
    """(bytes gzipped that every phone page loads, the same with Material's whole stylesheet)."""
    phone = [s for s in sizes if not is_print_document(s.page)] or sizes
    if not phone:
        return 0, 0
    common = set(phone[0].assets).intersection(*(s.assets for s in phone[1:]))
    files = {a: phone[0].files[a] for a in common}
    total = sum(files.values())
    return total, total + _theme_cut(files)


def format_report(sizes: list[PageSize]) -> str:
    width = max([len(s.page.url_path or "/") for s in sizes] + [4]) + 1
    lines = [f"{'page':<{width}} {'HTML gz':>9} {'first view gz':>14} {'whole theme':>12}"]
    for size in sizes:
        kind = "  print document" if is_print_document(size.page) else ""
        lines.append(f"/{size.page.url_path:<{width - 1}} {size.html_gz / 1024:>7.1f} K {size.first_view_gz / 1024:>12.1f} K"
                     f" {size.whole_theme_first_view_gz / 1024:>10.1f} K{kind}")
    if sizes:
        phone = [s for s in sizes if not is_print_document(s.page)] or sizes
        largest = max(phone, key=lambda s: s.first_view_gz)
        before = max(phone, key=lambda s: s.whole_theme_first_view_gz)
        lines.append(f"largest first view of a phone page: /{largest.page.url_path} {largest.first_view_gz / 1024:.1f} "
                     f"KiB gzipped ({len(sizes)} pages); with Material's whole stylesheet /{before.page.url_path} "
                     f"{before.whole_theme_first_view_gz / 1024:.1f} KiB")
        now, whole = shared(sizes)
        lines.append(f"shared by every phone page: {now / 1024:.1f} KiB gzipped; with Material's whole stylesheet "
                     f"{whole / 1024:.1f} KiB")
    return "\n".join(lines)
