"""Benchmark the phone goals of issue 5 and print ONE table: targets, our site, plain Material.

    python scripts/bench.py              (or: make bench)
    python scripts/bench.py --no-lighthouse   sizes, axe and layout only (faster)

It builds our site and a plain Material site of the same pages (same docs, same i18n and search, no
overrides, hooks, extra CSS/JS), serves each gzip-compressed on 127.0.0.1, and measures:
- size: first view of every page (gzipped HTML + every CSS/JS/font/image it loads by itself, plus the
  service worker), and a second page in the same visit (what is not cached yet); the whole language
  as stored by "save for offline";
- Lighthouse 12 (mobile, simulated throttling, Debian's Chromium via CHROME_PATH) and axe-core on every
  reader page of our site (every page of the navigation, in both languages; the printed handouts under
  /cetak/ aside), and, for comparison, on plain Material's home page, one journey page, /tppo/ and /kontak/
  in both languages;
- no horizontal scrolling at 320 and 360 px, body text size, tap-target size, failing requests.
Lighthouse and axe-core come from bench/package.json (exact pins), installed by `npm ci` into
bench/node_modules on first use. Exit code 1 when a SIZE budget is exceeded (scores are reported).
Not a test: performance is measured here, never by timed tests.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urljoin

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402
from sitecheck import phone_metrics  # noqa: E402
from sitecheck.model import BuiltSite, fetched_urls, is_external  # noqa: E402
from mkdocs.utils.yaml import yaml_load  # noqa: E402
from sitecheck.project import Project  # noqa: E402
from phone_budgets import (FIRST_VIEW_BUDGET, PRINT_DOCUMENT_FIRST_VIEW_BUDGET, SECOND_PAGE_BUDGET,  # noqa: E402
                           is_print_document)

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = ROOT / ".build" / "bench"
CHROME = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run " \
               "--disable-background-networking --disable-component-update --disable-sync"
# For Lighthouse only. Without it, headless Chromium here draws its first frame on a one-second tick (about
# 1.2 s or 2.2 s after the start), whatever the page: plain Material and ours alike, while the browser's own
# paint timing (Playwright) says 0.3-0.4 s. Lighthouse's speed index reads those frames, so it measured the
# tick, not the page. With this flag the frames come when the page paints (observed: 0.2-0.3 s).
LIGHTHOUSE_CHROME_FLAGS = CHROME_FLAGS + " --run-all-compositor-stages-before-draw"
LIGHTHOUSE_ATTEMPTS = 3  # a run that ends in a runtime error (e.g. NO_FCP) measured nothing: run it again
# Plain Material is measured on these only: it is the comparison, not the goal.
SAMPLE = ["", "sebelum-berangkat/", "tppo/", "kontak/", "en/", "en/sebelum-berangkat/", "en/tppo/", "en/kontak/"]
FIRST_VIEW = FIRST_VIEW_BUDGET      # the same budgets as the build's warnings (overrides/hooks/phone_budgets.py)
SECOND_PAGE = SECOND_PAGE_BUDGET
LANGUAGE_TOTAL = 1024 * 1024
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


# --- serving -----------------------------------------------------------------------------------

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that sends text files gzip-compressed when the browser accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to "…/"
            path = path / "index.html"
        if (not path.is_file() or path.suffix not in COMPRESSIBLE
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(path.stat().st_mtime))
        self.end_headers()
        import io
        return io.BytesIO(body)


@functools.lru_cache(maxsize=None)
def _gzipped(path: str, _mtime: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


def serve(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                             functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- building ----------------------------------------------------------------------------------

def build_ours(site: Path, base: str) -> None:
    # Built exactly as published (site_url stays the public https address: link previews require it),
    # then served from 127.0.0.1.
    code = build.build(Project.load(ROOT), site, out=open(os.devnull, "w"))
    if code:
        sys.exit("our site does not build: run `python scripts/build.py` and fix what it says")


def build_plain(site: Path, base: str) -> None:
    """The same pages with plain Material: no overrides, hooks, extra CSS/JS or offline plugin."""
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))  # MkDocs' own YAML, as written
    theme = {k: v for k, v in config["theme"].items() if k not in ("custom_dir", "features")}
    plugins = [p for p in config["plugins"] if not (isinstance(p, dict) and "offline" in p)]
    plain = {"site_name": config["site_name"], "site_description": config.get("site_description"),
             "site_url": base, "docs_dir": str(ROOT / config.get("docs_dir", "docs")),
             "exclude_docs": config.get("exclude_docs"), "theme": theme,
             "markdown_extensions": config.get("markdown_extensions"), "plugins": plugins,
             "nav": config.get("nav")}
    folder = WORK / "plain"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-f",
                             str(folder / "mkdocs.yml"), "-d", str(site)],
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True)
    if result.returncode:
        sys.exit("the plain Material reference does not build:\n" + result.stderr[-2000:])


# --- measuring ---------------------------------------------------------------------------------

def reader_pages(project: Project) -> list[str]:
    """Every page of the navigation in every language, as URL paths ('', 'tppo/', 'en/tppo/' …): the pages a
    reader reaches from the menu, so that no page outside a sample can slip."""
    def files(entries):
        for entry in entries:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            yield from files(value) if isinstance(value, list) else [value]

    def url_path(file: str) -> str:  # "tppo/index.md" -> "tppo/", "index.md" -> "", "biaya.md" -> "biaya/"
        path = file[: -len(".md")].removesuffix("index")
        return path if not path or path.endswith("/") else path + "/"

    paths = [url_path(file) for file in files(project.config["nav"])]
    return [f"{language}/{path}" if language != project.default_language else path
            for language in project.languages for path in paths]


def gz(path: Path) -> int:
    return len(_gzipped(str(path), path.stat().st_mtime_ns))


def sizes(site_dir: Path) -> dict:
    """First view of every page, and the largest second page (every other page after it)."""
    site = BuiltSite.load(Project.load(ROOT), site_dir)
    worker = site_dir / "sw.js"
    assets_of, html_of, printed = {}, {}, set()
    for page in site.content_pages:
        if is_print_document(page):
            printed.add(page.url_path)
        assets = set()
        for url in fetched_urls(page):
            target, _ = (None, None) if is_external(url) else site.resolve(page, url.split("?")[0])
            if target and not target.endswith(".html"):
                assets.add(target)
        if worker.is_file():
            assets.add("sw.js")  # registered on every page
        assets_of[page.url_path], html_of[page.url_path] = assets, gz(page.path)
    first = {url: html_of[url] + sum(gz(site_dir / a) for a in assets_of[url]) for url in assets_of}
    second = {}
    for url in assets_of:
        worst = 0
        for before in assets_of:
            if before != url:
                worst = max(worst, html_of[url] + sum(gz(site_dir / a) for a in assets_of[url] - assets_of[before]))
        second[url] = worst
    language = {}
    for manifest in sorted(site_dir.rglob("offline.json")):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        language[data["language"]] = data
    return {"first": first, "second": second, "language": language, "print": printed}


def browse(base: str, pages: list[str], axe: Path) -> dict:
    """axe-core violations, overflow at 320/360 px, text and tap-target sizes, failing requests."""
    from playwright.sync_api import sync_playwright
    result = {"axe": {}, "overflow": {}, "font": {}, "target": {}, "failed": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=CHROME_FLAGS.split())
        for path in pages:
            for width in (320, 360):
                context = browser.new_context(viewport={"width": width, "height": 780})
                page = context.new_page()
                failed = []
                page.on("response", lambda r, failed=failed: r.status >= 400 and failed.append(r.url))
                page.on("requestfailed", lambda r, failed=failed: failed.append(r.url))
                page.goto(base + path, wait_until="load")
                page.wait_for_timeout(700)
                result["overflow"][(path, width)] = phone_metrics.overflow(page)
                if width == 360:
                    texts = phone_metrics.text_sizes(page)
                    result["font"][path] = min((t[0] for t in texts), default=0)
                    targets = phone_metrics.tap_targets(page, drawer_open=True)
                    result["target"][path] = min((min(t[0], t[1]) for t in targets), default=0)
                    # Evaluated from outside the page: a <script> tag added by the bench is inline code, which
                    # the page's own Content-Security-Policy rightly blocks.
                    page.evaluate(axe.read_text(encoding="utf-8"))
                    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                                               ".violations.map(v => v.id + ' (' + v.impact + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ') + ')')")
                    result["axe"][path] = violations
                    result["failed"][path] = failed
                context.close()
        browser.close()
    return result


def lighthouse(base: str, pages: list[str], out: Path, runs: int) -> dict:
    """Each page `runs` times; the run with the median performance score counts (Lighthouse's advice)."""
    scores = {}
    for path in pages:
        results = [r for r in (_lighthouse_once(base, path, out, i) for i in range(runs)) if r]
        results.sort(key=lambda r: r["performance"])
        # The median; with an even number of runs (a run that failed three times), the lower middle one.
        scores[path] = results[(len(results) - 1) // 2] if results else None
    return scores


def _lighthouse_once(base: str, path: str, out: Path, run: int) -> dict | None:
    cli = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
    report = out / f"{path.replace('/', '_') or 'home'}-{run}.json"
    command = ["node", str(cli), base + path, "--quiet", "--output=json", f"--output-path={report}",
               "--form-factor=mobile", "--throttling-method=simulate",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}"]
    for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
        report.unlink(missing_ok=True)
        proc = subprocess.run(command, env=dict(os.environ, CHROME_PATH=CHROME), capture_output=True, text=True)
        data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
        error = (data.get("runtimeError") or {}).get("code")
        if not proc.returncode and data and not error:
            break
        # NO_FCP now and then: the run measured nothing, so it does not count as a score; run it again.
        print(f"lighthouse run {run + 1} on /{path}, attempt {attempt} of {LIGHTHOUSE_ATTEMPTS}: "
              f"{error or proc.stderr.strip()[-300:]}", file=sys.stderr)
    else:
        return None
    score = {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    score["_benchmark"] = data.get("environment", {}).get("benchmarkIndex")
    score["_tbt"] = data["audits"]["total-blocking-time"].get("numericValue")
    weighted = {r["id"] for c in CATEGORIES for r in data["categories"][c]["auditRefs"] if r["weight"]}
    score["_fails"] = sorted(a for a, v in data["audits"].items()
                             if a in weighted and v.get("score") is not None and v["score"] < 1)
    return score


def ensure_node_tools() -> None:
    marker = BENCH / "node_modules" / ".package-lock.json"
    if not marker.exists() or marker.stat().st_mtime < (BENCH / "package-lock.json").stat().st_mtime:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(BENCH)], check=True)


# --- the table ---------------------------------------------------------------------------------

def kib(n: int | None) -> str:
    return "-" if n is None else f"{n / 1024:.1f} KiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (sizes, axe, layout only)")
    parser.add_argument("--runs", type=int, default=3,
                        help="Lighthouse runs per page; the median counts (default 3: single runs on a shared machine "
                             "vary with its load)")
    args = parser.parse_args(argv)
    ensure_node_tools()
    WORK.mkdir(parents=True, exist_ok=True)
    sites = {}
    pages = {"ours": reader_pages(Project.load(ROOT)), "plain": SAMPLE}
    for name, builder in (("ours", build_ours), ("plain", build_plain)):
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        site = WORK / f"{name}-site"
        builder(site.resolve(), base)
        server = serve(site, port)
        measured = {"pages": pages[name], "sizes": sizes(site), "browse": browse(base, pages[name], BENCH / "node_modules/axe-core/axe.min.js")}
        if not args.no_lighthouse:
            reports = WORK / f"lighthouse-{name}"
            reports.mkdir(exist_ok=True)
            measured["lighthouse"] = lighthouse(base, pages[name], reports, args.runs)
        server.shutdown()
        sites[name] = measured
    return print_table(sites, lighthouse_run=not args.no_lighthouse, runs=args.runs)


def print_page_table(sizes: dict) -> None:
    """Every page of our site: its first view and its cost as a second page, each against its budget."""
    width = max(len(url) for url in sizes["first"]) + 2
    print(f"{'page':<{width}} {'first view':>11} {'second page':>12}  met")
    for url in sorted(sizes["first"]):
        if url in sizes["print"]:
            ok, note = sizes["first"][url] <= PRINT_DOCUMENT_FIRST_VIEW_BUDGET, "  (print document: own budget)"
        else:
            ok, note = sizes["first"][url] <= FIRST_VIEW and sizes["second"][url] <= SECOND_PAGE, ""
        print(f"/{url:<{width - 1}} {kib(sizes['first'][url]):>11} {kib(sizes['second'][url]):>12}  "
              f"{'yes' if ok else 'NO'}{note}")
    print()


def print_table(sites: dict, lighthouse_run: bool, runs: int) -> int:
    rows = []  # (what, target, ours, plain, ok)
    over = False

    def largest(sizes, key):
        """The heaviest phone page: print documents (the booklet) have their own row below."""
        phone = {url: size for url, size in sizes[key].items() if url not in sizes.get("print", ())}
        url = max(phone, key=phone.get)
        return phone[url], url

    print_page_table(sites["ours"]["sizes"])

    for key, label, budget in (("first", "first view, largest page (gz)", FIRST_VIEW),
                               ("second", "second page in a visit, largest (gz)", SECOND_PAGE)):
        ours, where = largest(sites["ours"]["sizes"], key)
        plain, _ = largest(sites["plain"]["sizes"], key)
        ok = ours <= budget
        over |= not ok
        rows.append((label, f"<= {kib(budget)}", f"{kib(ours)} (/{where})", kib(plain), ok))
    for url in sorted(sites["ours"]["sizes"]["print"]):
        ours = sites["ours"]["sizes"]["first"][url]
        ok = ours <= PRINT_DOCUMENT_FIRST_VIEW_BUDGET
        over |= not ok
        rows.append((f"print document /{url}, first view (not a phone page)", f"<= {kib(PRINT_DOCUMENT_FIRST_VIEW_BUDGET)}",
                     kib(ours), "-", ok))
    for lang, data in sites["ours"]["sizes"]["language"].items():
        # What the reader downloads (gzip, as GitHub Pages serves it); the unpacked size is shown beside it.
        ok = data["gzip"] <= LANGUAGE_TOTAL
        over |= not ok
        rows.append((f"save for offline, all '{lang}' ({data['pages']} pages, download)", f"<= {kib(LANGUAGE_TOTAL)}",
                     f"{kib(data['gzip'])} gz ({kib(data['bytes'])} unpacked)", "-", ok))
    for path in sites["ours"]["pages"]:
        cells = []
        for name in ("ours", "plain"):
            if not lighthouse_run:
                cells.append("(skipped)")
                continue
            if path not in sites[name]["lighthouse"]:
                cells.append("-")  # plain Material: measured on the sample only
                continue
            score = sites[name]["lighthouse"][path]
            cells.append("failed" if score is None else "/".join(str(score[c]) for c in CATEGORIES))
        ok = None if not lighthouse_run else cells[0] == "100/100/100/100"
        rows.append((f"Lighthouse mobile P/A/BP/SEO /{path}", "100/100/100/100", cells[0], cells[1], ok))
    counted = f"{len(sites['ours']['pages'])} pages; plain Material {len(sites['plain']['pages'])}"
    for name_key, label, target, fmt, good in (
            ("axe", f"axe-core violations ({counted})", "0", lambda v: str(sum(len(x) for x in v.values())), lambda v: not any(v.values())),
            ("failed", f"failing requests ({counted})", "0", lambda v: str(sum(len(x) for x in v.values())), lambda v: not any(v.values())),
            ("font", "smallest body text", ">= 16 px", lambda v: f"{min(v.values()):.1f} px", lambda v: min(v.values()) >= 16),
            ("target", "smallest tap target (side)", ">= 44 px", lambda v: f"{min(v.values()):.1f} px", lambda v: min(v.values()) >= 44)):
        ours, plain = sites["ours"]["browse"][name_key], sites["plain"]["browse"][name_key]
        rows.append((label, target, fmt(ours), fmt(plain), good(ours)))
    for width in (320, 360):
        values = {name: max(v for (p, w), v in sites[name]["browse"]["overflow"].items() if w == width)
                  for name in sites}
        rows.append((f"wider than a {width} px screen", "<= 0 px", f"{values['ours']} px", f"{values['plain']} px",
                     values["ours"] <= 0))
    widths = [max(len(str(r[i])) for r in rows + [("what", "target", "ours", "plain Material", "")]) for i in range(4)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths))  # noqa: E731
    print(line(("what", "target", "ours", "plain Material")) + "  met")
    print("  ".join("-" * w for w in widths) + "  ---")
    for what, target, ours, plain, ok in rows:
        print(line((what, target, ours, plain)) + "  " + {True: "yes", False: "NO", None: "-"}[ok])
    details = []
    for name in sites:
        for path, found in sites[name]["browse"]["axe"].items():
            if found:
                details.append(f"{name} /{path} axe: {', '.join(found)}")
        for path, failed in sites[name]["browse"]["failed"].items():
            if failed:
                details.append(f"{name} /{path} failing requests: {', '.join(sorted(set(failed)))}")
        for path, score in (sites[name].get("lighthouse") or {}).items():
            if score and score["_fails"]:
                details.append(f"{name} /{path} Lighthouse audits below 1: {', '.join(score['_fails'])}")
    if details:
        print("\n" + "\n".join(details))
    indexes = [score["_benchmark"] for name in sites for score in (sites[name].get("lighthouse") or {}).values()
               if score and score.get("_benchmark")]
    if indexes:
        print(f"\nLighthouse's CPU benchmark index on this machine: {min(indexes):.0f}-{max(indexes):.0f} "
              f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores). Below about 1000 the machine "
              "is slower or busier than Lighthouse assumes, and performance scores (total blocking time) drop for "
              "every site alike: compare ours with plain Material, or re-run on an idle machine.")
        print(f"Lighthouse ran {CHROME} with: {LIGHTHOUSE_CHROME_FLAGS} (the median of {runs} runs per page).")
    if over:
        print("\nA SIZE BUDGET IS EXCEEDED (see the rows marked NO).")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
