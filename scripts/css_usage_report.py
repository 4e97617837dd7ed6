"""Which rules of our own stylesheet can match nothing on the built site, in any state a reader can reach.

    python scripts/css_usage_report.py             reads site/ (run `make build` first)
    python scripts/css_usage_report.py SITE_DIR

The same test as the one that cuts Material's stylesheet at build time (overrides/hooks/css_usage.py): a
selector counts as used when, relaxed for every state a script or the reader can make, it matches an element
of a built page. Each unused selector is printed with the file it comes from (docs/assets/stylesheets/…).
Our stylesheet is not cut by the build: a rule may wait for content that comes and goes (a contact that was
called, a page not yet translated, the preview's box under `mkdocs serve`). Remove a rule only once you know it
is dead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sitecheck  # noqa: E402,F401  (puts overrides/hooks on the path)
import css_usage  # noqa: E402
import page_assets  # noqa: E402
import theme_css  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def unused(site: Path) -> list[tuple[str, str]]:
    """(source file, selector) for every selector of our stylesheet that can match nothing."""
    ours = (site / theme_css.OURS).read_text(encoding="utf-8")
    names = css_usage.ScriptNames.of([p.read_text(encoding="utf-8") for p in theme_css.page_scripts(site)])
    pages = css_usage.Site.of([p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))])
    starts = [0]
    for line in ours.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return [(page_assets.joined_source(ours, starts[line - 1]) or theme_css.OURS, selector)
            for line, selector in css_usage.reduce(ours, names, pages).dropped]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    if not (args.site / theme_css.OURS).is_file():
        print(f"{args.site / theme_css.OURS}: not found — build the site first (make build)", file=sys.stderr)
        return 1
    found = unused(args.site)
    for source, selector in found:
        print(f"{source}: '{selector}' matches nothing on any page, in any state")
    print(f"{len(found)} unused selector(s) in {theme_css.OURS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
