"""What the checks cost: the checked build beside a plain `mkdocs build` of the same tree, in one run.

    python scripts/bench_build.py            3 rounds (default), each runs both builds, alternating who goes first
    python scripts/bench_build.py --runs 5
    python scripts/bench_build.py --preview  also: how long the live preview (mkdocs serve) takes to show an edit

The checked build (`python scripts/build.py`: source checks, MkDocs, the offline zip, HTML checks, size report)
and a plain `mkdocs build --strict` (what every MkDocs user runs) build into throwaway folders; site/ is not
touched. Prints each round's wall-clock seconds, the medians, and the ratio checked / plain (goal: at most 1.3, issue 28).
Run it on an idle machine: both builds use both cores.

With --preview it also starts `mkdocs serve` on a copy of the project, appends a line to a page three times,
and prints how many seconds each edit took to appear in the served page (goal: within 3 s of saving).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.3


def _timed(command: list[str]) -> float:
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    seconds = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command[1:])} failed:\n{(result.stdout + result.stderr)[-2000:]}")
    return seconds


def _fetch(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=30).read().decode("utf-8")
    except OSError:
        return ""


def preview_seconds(edits: int = 3) -> list[float]:
    """Seconds from saving an edit to the live preview serving it, for `edits` edits of one page."""
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as work:
        project = Path(work) / "project"
        project.mkdir()
        for name in ("docs", "overrides", "scripts", "vendor"):
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        url = f"http://127.0.0.1:{port}/tentang/"
        page = project / "docs" / "tentang.id.md"
        seconds = []
        try:
            deadline = time.monotonic() + 120
            while not _fetch(url):
                if time.monotonic() > deadline:
                    sys.exit("mkdocs serve did not start within 120 s")
                time.sleep(0.5)
            time.sleep(10)  # the first build's checks run in the background
            for edit in range(edits):
                mark = f"Tanda ukur {edit} {time.time()}."
                started = time.monotonic()
                page.write_text(page.read_text(encoding="utf-8") + f"\n{mark}\n", encoding="utf-8")
                while mark not in _fetch(url):
                    time.sleep(0.05)
                seconds.append(time.monotonic() - started)
                time.sleep(12)  # let this round's checks finish before the next edit
        finally:
            server.terminate()
            server.wait(timeout=10)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--preview", action="store_true", help="also time the live preview's reload of an edit")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-build-") as work:
        commands = {
            "plain": [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", f"{work}/plain"],
            "checked": [sys.executable, "scripts/build.py", "--site-dir", f"{work}/checked"],
        }
        times: dict[str, list[float]] = {"plain": [], "checked": []}
        for round_ in range(args.runs):
            order = ["plain", "checked"] if round_ % 2 == 0 else ["checked", "plain"]
            for name in order:
                times[name].append(_timed(commands[name]))
            print(f"round {round_ + 1}: plain {times['plain'][-1]:.1f} s, checked {times['checked'][-1]:.1f} s")
    plain, checked = statistics.median(times["plain"]), statistics.median(times["checked"])
    ratio = checked / plain
    print(f"\nmedian of {args.runs}: plain `mkdocs build` {plain:.1f} s, checked build {checked:.1f} s "
          f"(all checks and the offline zip)")
    print(f"ratio checked / plain: {ratio:.2f} (goal ≤ {GOAL}) {'OK' if ratio <= GOAL else 'OVER'}")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.preview:
        seconds = preview_seconds()
        print(f"live preview: an edit appeared after {', '.join(f'{s:.1f}' for s in seconds)} s "
              f"(median {statistics.median(seconds):.1f} s; goal ≤ 3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
