"""Measure what link-preview images cost: drawing time per card (cold), cached copy time, and file sizes.

    python scripts/bench_share.py [site/]

Reads every page's og:title from a built site (default: site/) and draws its card the way the share hook
does, into a scratch folder. Prints timings and sizes; it changes nothing in the project.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))

from share_card import write_card  # noqa: E402


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "site"
    cards = []
    for path in sorted(site.rglob("index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        title = soup.find("meta", property="og:title")
        name = soup.find("meta", property="og:site_name")
        url = soup.find("meta", property="og:url")
        tagline = soup.find("meta", attrs={"name": "description"})
        if title and name and url:
            cards.append((path.relative_to(site).as_posix(), name["content"], title["content"],
                          urlsplit(url["content"]).netloc, tagline["content"] if tagline else ""))
    if not cards:
        print(f"no page with og tags under {site}/: build the site first")
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        cold, warm, sizes = [], [], []
        for rel, name, title, host, tagline in cards:
            target = scratch / "out" / rel.replace("/", "_") / "card.png"
            started = time.perf_counter()
            write_card(target, scratch / "cache", name, title, host, tagline)
            cold.append(time.perf_counter() - started)
            sizes.append(target.stat().st_size)
        for rel, name, title, host, tagline in cards:
            started = time.perf_counter()
            write_card(scratch / "again.png", scratch / "cache", name, title, host, tagline)
            warm.append(time.perf_counter() - started)
    print(f"{len(cards)} cards")
    print(f"cold (drawn):   total {sum(cold):.2f} s, median {statistics.median(cold) * 1000:.0f} ms, max {max(cold) * 1000:.0f} ms")
    print(f"warm (cached):  total {sum(warm) * 1000:.0f} ms, median {statistics.median(warm) * 1000:.1f} ms")
    print(f"size: median {statistics.median(sizes) / 1024:.1f} KB, max {max(sizes) / 1024:.1f} KB (limit 300 KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
