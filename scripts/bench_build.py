"""What the checks cost: the checked build beside a plain `mkdocs build` of the same tree, in one run.

    python scripts/bench_build.py            3 rounds (default), each runs both builds, alternating who goes first
    python scripts/bench_build.py --runs 5

The checked build (`python scripts/build.py`: source checks, MkDocs, the offline zip, HTML checks, size report)
and a plain `mkdocs build --strict` (what every MkDocs user runs) build into throwaway folders; site/ is not
touched. Prints each round's wall-clock seconds, the medians, and the ratio checked / plain (goal: at most 1.5).
Run it on an idle machine: both builds use both cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.5


def _timed(command: list[str]) -> float:
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    seconds = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command[1:])} failed:\n{(result.stdout + result.stderr)[-2000:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
