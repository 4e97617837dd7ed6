"""Visit every external link of the site and report the ones that no longer work. Needs the internet.

    python scripts/check_links_online.py              check (answers younger than a week come from the cache)
    python scripts/check_links_online.py --fresh      ignore the cache and ask every site again
    python scripts/build.py --online-links            build as usual, then run this check

The links come from the Markdown pages (text and `sources:` front matter) and from the data files in
docs/_data/. Each address is asked once, with a short timeout and only a few requests at a time, and the
answer is kept in .cache/links.json. Dead links are reported as warnings: this check never fails the
build, because a site that is down today may be back tomorrow. Use --strict to exit with 1 when a link is dead.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitecheck.model import WARNING, Problem, read_sources  # noqa: E402
from sitecheck.project import Project  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 10          # seconds per request
WORKERS = 4           # requests at the same time
CACHE_DAYS = 7        # a working link is asked again after this many days; a failing one at every run
USER_AGENT = "KerjaAman-linkcheck/1.0 (+https://kerja-aman.github.io/)"
URL = re.compile(r"https?://[^\s)<>\"'\]]+")


@dataclass
class Link:
    url: str
    where: list[tuple[str, int | None]]   # (file, line) of every place it appears


def collect_links(project: Project) -> dict[str, Link]:
    links: dict[str, Link] = {}

    def add(url: str, rel: str, line: int | None):
        url = url.rstrip(".,;:")
        links.setdefault(url, Link(url, [])).where.append((rel, line))

    sources, _ = read_sources(project)
    for source in sources:
        for number, text in enumerate(source.text.splitlines(), start=1):
            for url in URL.findall(text):
                add(url, source.rel, number)
    data_dir = project.docs_dir / "_data"
    for path in sorted(data_dir.rglob("*.y*ml")) if data_dir.is_dir() else []:
        try:
            text = path.read_text(encoding="utf-8-sig")
            yaml.safe_load(text)
        except (yaml.YAMLError, UnicodeDecodeError, ValueError):
            continue   # the data file's own check reports it
        for number, line in enumerate(text.splitlines(), start=1):
            if line.lstrip().startswith("#"):
                continue
            for url in URL.findall(line):
                add(url, project.rel(path), number)
    return links


def ask(url: str, timeout: float) -> dict:
    """One address: HEAD first (small), GET when the server does not answer HEAD properly."""
    result: dict = {}
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT,
                                                                      "Accept": "text/html,*/*"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(1024)
                return {"status": response.status, "ok": True, "error": ""}
        except urllib.error.HTTPError as error:
            result = {"status": error.code, "ok": False, "error": f"HTTP {error.code} {error.reason}"}
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            result = {"status": None, "ok": False, "error": f"could not be reached ({reason})"}
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                return result
    return result


def load_cache(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def check(project: Project, cache_path: Path, timeout: float = TIMEOUT, workers: int = WORKERS,
          fresh: bool = False, now: datetime.datetime | None = None) -> tuple[list[Problem], dict]:
    now = now or datetime.datetime.now(datetime.timezone.utc)
    links = collect_links(project)
    cache = {} if fresh else load_cache(cache_path)
    to_ask = []
    for url in links:
        known = cache.get(url)
        if known and known.get("ok"):
            age = now - datetime.datetime.fromisoformat(known["checked"])
            if age < datetime.timedelta(days=CACHE_DAYS):
                continue
        to_ask.append(url)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for url, answer in zip(to_ask, pool.map(lambda u: ask(u, timeout), to_ask)):
            cache[url] = dict(answer, checked=now.isoformat())
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    problems = []
    for url, link in sorted(links.items()):
        answer = cache[url]
        if answer.get("ok"):
            continue
        status = answer.get("status")
        if status in (404, 410):
            fix = "find the page's new address on the same site, or remove the link"
        elif status in (401, 403, 429):
            fix = "open it in a browser: the site may only refuse automatic checks"
        else:
            fix = "open it in a browser later; if it stays broken, find the new address or remove the link"
        for rel, line in link.where:
            problems.append(Problem(rel, f"the link {url} does not work: {answer.get('error')}", fix, line,
                                    level=WARNING))
    return problems, {"links": len(links), "asked": len(to_ask)}


def main(argv: list[str] | None = None, out=sys.stdout) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT, help="folder with mkdocs.yml (default: this project)")
    parser.add_argument("--cache", type=Path, help="where answers are kept (default: <project>/.cache/links.json)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help=f"seconds per request (default {TIMEOUT})")
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"requests at a time (default {WORKERS})")
    parser.add_argument("--fresh", action="store_true", help="ignore the cache")
    parser.add_argument("--strict", action="store_true", help="exit with 1 when a link does not work")
    args = parser.parse_args(argv)
    project = Project.load(args.project)
    cache = args.cache or project.root / ".cache" / "links.json"
    problems, stats = check(project, cache, args.timeout, args.workers, args.fresh)
    print(f"External links: {stats['links']} addresses, {stats['asked']} asked now, the rest from "
          f"{project.rel(cache)}.", file=out)
    if problems:
        print(f"Warnings ({len(problems)}):", file=out)
        for problem in problems:
            print(f"  {problem}", file=out)
    else:
        print("Every external link answered.", file=out)
    return 1 if (problems and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
