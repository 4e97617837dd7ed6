"""How well the message check (/tppo/cek-pesan/) finds the warning signs in the labelled corpus.

Runs the real built page's script in headless Chromium on every message of tests/offer_corpus/messages.<language>.yml
and prints, per language: recall (signs found / signs labelled), the signs it missed, false flags on lawful offers
(goal: none), and signs it flagged on a risky message beyond the labels (shown, not counted against it).

    python scripts/build.py                  # the site to measure, in site/
    python scripts/bench_offer_check.py      # or: --site other/site

Needs Debian's Chromium (CHROMIUM=/path for another one). tests/test_offer_check.py runs the same measurement.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "offer_corpus"
PAGE = {"id": "tppo/cek-pesan/", "en": "en/tppo/cek-pesan/"}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RECALL_GOAL = 0.9


def corpus(language: str) -> list[dict]:
    return yaml.safe_load((CORPUS / f"messages.{language}.yml").read_text(encoding="utf-8"))


def signs_found(page, text: str) -> list[str]:
    """Paste one message into the open check page, tap the button, and read the signs the page lists."""
    page.fill("[data-offer-form] textarea", text)
    page.click("[data-offer-form] button")
    return page.eval_on_selector_all("[data-offer-results] [data-sign]", "items => items.map(i => i.dataset.sign)")


def signs_found_in_each(page, texts: list[str]) -> list[list[str]]:
    """What signs_found gives for each message, in one call into the page instead of three round trips per
    message: the page's own form handler runs on each (the submit event the button sends), and the signs are
    read from the results it lists. tests/test_offer_check.py checks that both ways agree."""
    return page.evaluate("""texts => {
        const form = document.querySelector("[data-offer-form]");
        const field = form.querySelector("textarea");
        return texts.map(text => {
            field.value = text;
            form.requestSubmit(form.querySelector("button"));
            return [...document.querySelectorAll("[data-offer-results] [data-sign]")].map(i => i.dataset.sign);
        });
    }""", texts)


@dataclass
class Score:
    language: str
    labelled: int = 0
    found: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)       # (sign, message)
    false_flags: list[tuple[str, str]] = field(default_factory=list)  # on lawful offers
    extra: list[tuple[str, str]] = field(default_factory=list)        # beyond the labels of a risky message
    lawful: int = 0
    messages: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 0.0


def measure(page, language: str) -> Score:
    """The score of the check page open in `page` (PAGE[language]) on the corpus of its language."""
    score = Score(language)
    entries = corpus(language)
    for entry, signs in zip(entries, signs_found_in_each(page, [entry["text"] for entry in entries])):
        text, labels, found = entry["text"], set(entry["signs"]), set(signs)
        short = " ".join(text.split())[:70]
        score.messages += 1
        if not labels:
            score.lawful += 1
            score.false_flags += [(sign, short) for sign in sorted(found)]
            continue
        score.labelled += len(labels)
        score.found += len(labels & found)
        score.missed += [(sign, short) for sign in sorted(labels - found)]
        score.extra += [(sign, short) for sign in sorted(found - labels)]
    return score


def report(score: Score) -> str:
    lines = [f"{score.language}: {score.messages} messages ({score.lawful} lawful offers)",
             f"  recall: {score.found}/{score.labelled} signs = {score.recall:.1%} (goal ≥ {RECALL_GOAL:.0%})",
             f"  false flags on lawful offers: {len(score.false_flags)} (goal: 0)"]
    lines += [f"    FALSE FLAG {sign}: {text}" for sign, text in score.false_flags]
    lines += [f"    missed {sign}: {text}" for sign, text in score.missed]
    lines.append(f"  signs beyond the labels on risky messages: {len(score.extra)}")
    lines += [f"    extra {sign}: {text}" for sign, text in score.extra]
    return "\n".join(lines)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def served(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    args = parser.parse_args()
    if not (args.site / PAGE["id"] / "index.html").is_file():
        print(f"{args.site}: no built message check page — run python scripts/build.py first", file=sys.stderr)
        return 2
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("Chromium not found: install Debian's package 'chromium' (or set CHROMIUM=/path)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright
    scores = []
    with served(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for language in PAGE:
            page.goto(base + PAGE[language])
            scores.append(measure(page, language))
            print(report(scores[-1]))
        browser.close()
    met = all(s.recall >= RECALL_GOAL and not s.false_flags for s in scores)
    print("goal met" if met else "goal NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
