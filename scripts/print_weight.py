"""What the print header and print button add to each page a phone downloads (gzipped bytes).

    python scripts/print_weight.py [site/]

For every built page: gzip(page) minus gzip(the same page without the print header and print button),
the same way the build's size report measures pages. Run it after `python scripts/build.py`.
"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = re.compile(r'<div class="ka-print-header" hidden>.*?</figure>\s*</div>', re.S)
BUTTON = re.compile(r'<button type="button" class="md-button ka-print-button".*?</button>\s*'
                    r'(?:<a class="ka-print-howto".*?</a>)?', re.S)


def gz(data: str) -> int:
    return len(gzip.compress(data.encode("utf-8"), compresslevel=9, mtime=0))


def main(argv: list[str]) -> int:
    site = Path(argv[1]) if len(argv) > 1 else ROOT / "site"
    rows = []
    for path in sorted(site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        if not HEADER.search(html):
            continue
        without_header = HEADER.sub("", html, count=1)
        without_both = BUTTON.sub("", without_header, count=1)
        rows.append((path.relative_to(site).parent.as_posix() or ".", gz(html), gz(html) - gz(without_header),
                     gz(without_header) - gz(without_both)))
    if not rows:
        print(f"no page with a print header under {site}/ — build first")
        return 1
    print(f"{'page':<28} {'page gz':>8} {'header gz':>10} {'button gz':>10}")
    for name, total, header, button in rows:
        print(f"/{name + '/' if name != '.' else '':<27} {total:>8} {header:>10} {button:>10}")
    headers = [r[2] for r in rows]
    buttons = [r[3] for r in rows]
    print(f"print header: median {statistics.median(headers):.0f} B, max {max(headers)} B gzipped per page; "
          f"print button: median {statistics.median(buttons):.0f} B ({len(rows)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
