"""The editors' live preview: `mkdocs serve` (what `make serve` runs) checks every rebuild and shows the problems.

Only when MkDocs serves (on_startup says 'serve'); a build changes nothing here.
- on_config: the public https address stays the site's address (MkDocs serve swaps in http://127.0.0.1:8000/,
  which link previews and QR codes cannot use), and MkDocs' strict mode no longer stops a rebuild: a
  preview with a broken link still reloads, and the link is listed like every other problem.
- on_post_build (after every language is built): the same source and HTML checks as the checked build
  (scripts/build.py --check-preview, in a process of its own, so the server keeps answering at full speed),
  with MkDocs' own warnings in editors' words; each problem is printed as one line
  `docs/<file>.md:<line>: what — fix`, and every preview page gets a banner (both languages) listing them.
  On a rebuild the browser reloads as soon as the pages are written; the checks run in the background and
  reload it once more with their banner. A newer rebuild stops the older checks.
- on_startup: a rebuild converts only the pages whose Markdown changed, and search re-reads only the pages
  whose HTML changed (preview_cache.py).
- on_serve: a rebuild that fails outright (a page MkDocs cannot build) no longer leaves the preview stuck on
  the old pages: the problem is printed and shown on the preview's pages, and the server keeps running.
  Fix the file, save, and the preview comes back.
"""

from __future__ import annotations

import html
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

from mkdocs import utils
from mkdocs.livereload import _timestamp
from mkdocs.plugins import event_priority
from mkdocs.utils.yaml import yaml_load

import preview_cache

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"

BANNER_CLASS = "ka-preview-problems"
log = logging.getLogger("mkdocs.hooks.preview")
_serving = False
_server = None  # MkDocs' livereload server, once serving
_round = 0  # counts rebuilds: a background check of an older round shows nothing
_writing = threading.Lock()  # a rebuild does not start while a check writes its box into the pages
_checking: list[subprocess.Popen] = []  # the checks of the newest round, while they run


class _Collect(logging.Handler):
    """MkDocs' warnings of one rebuild, as the lines `mkdocs build` prints (read by sitecheck.mkdocs_log)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        if record.name != log.name:
            self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


_collected = _Collect()


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"
    if _serving:
        preview_cache.install()  # a rebuild converts only the pages whose Markdown changed


def _checker():
    """scripts/build.py, whose checks the preview runs (MkDocs takes a hook's folder off sys.path after loading it)."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    import build
    return build


def _building_another_language(config) -> bool:
    i18n = config.plugins.get("i18n")
    return bool(i18n and i18n.building)


@event_priority(100)
def on_config(config):
    if not _serving:
        return config
    with open(config.config_file_path, encoding="utf-8") as file:
        config.site_url = yaml_load(file).get("site_url") or config.site_url
    mkdocs_log = logging.getLogger("mkdocs")
    for handler in list(mkdocs_log.handlers):
        if isinstance(handler, utils.CountHandler):
            mkdocs_log.removeHandler(handler)
    if _collected not in mkdocs_log.handlers:
        mkdocs_log.addHandler(_collected)
    if not _building_another_language(config):
        _collected.lines.clear()
    return config


# Last of all: after the other languages, the offline lists and the service worker are written.
@event_priority(-2000)
def on_post_build(config):
    if not _serving or _building_another_language(config):
        return
    lines = list(_collected.lines)
    if _server is None:
        _check_and_show(config, lines)  # the first build, before the server starts
        return
    # Rebuilds: the browser reloads as soon as the pages are written; the checks follow in the background
    # and reload it once more with their box. A newer rebuild makes this round's results stale.
    threading.Thread(target=_check_and_show, args=(config, lines, _round), daemon=True).start()


def _check_and_show(config, log_lines: list[str], round_: int | None = None) -> None:
    build = _checker()
    from sitecheck.model import Problem

    command = [sys.executable, str(SCRIPTS / "build.py"), "--project", str(Path(config.config_file_path).parent),
               "--check-preview", str(config.site_dir)]
    with _writing:
        if round_ is not None and round_ != _round:
            return
        # UTF-8 both ways, also where the console's encoding is another (Windows).
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, encoding="utf-8", env=dict(os.environ, PYTHONIOENCODING="utf-8"))
        _checking.append(process)
    out, err = process.communicate("\n".join(log_lines))
    with _writing:
        if process in _checking:
            _checking.remove(process)
        if round_ is not None and round_ != _round:
            return  # a newer rebuild is rewriting the pages this round was reading
        if process.returncode != 0:
            problems = [Problem("scripts/build.py", f"the preview's checks stopped:\n{err.strip()[-2000:]}\n",
                                "read the message above; it names the file to correct")]
        else:
            problems = [Problem(**json.loads(line)) for line in out.splitlines() if line.strip()]
        _show(config, problems)
        _reload_browsers()


def _reload_browsers() -> None:
    """Tell the pages open in a browser to reload, as MkDocs' server does after a rebuild (mkdocs 1.6)."""
    server = _server
    if server is None:
        return
    with server._epoch_cond:
        # After the server has announced the rebuild itself, or it would set its older time over ours.
        server._epoch_cond.wait_for(lambda: server._visible_epoch >= server._wanted_epoch, timeout=60)
        # Both: the server holds a page back while the version it shows is not the one it built.
        server._wanted_epoch = server._visible_epoch = _timestamp()
        server._epoch_cond.notify_all()


POLL_SECONDS = 0.2  # MkDocs looks for saved files every 0.5 s; the ~140 watched files cost little to look at


def on_serve(server, config, builder):
    global _server
    _server = server
    # A save shows sooner. watchdog's polling observer keeps its interval in `_timeout`, for itself (the folders
    # watched after this) and for each folder already watched.
    observer = getattr(server, "observer", None)
    for watcher in [observer, *getattr(observer, "emitters", ())]:
        if watcher is not None and hasattr(watcher, "_timeout"):
            watcher._timeout = POLL_SECONDS

    def build_or_show_why():
        global _round
        with _writing:
            _round += 1
            for process in _checking:
                process.kill()  # it would read pages this rebuild rewrites
        try:
            builder()
        except Exception as error:  # noqa: BLE001 — any failure of a rebuild is shown, the server keeps running
            build = _checker()
            from sitecheck.model import Problem
            from sitecheck.project import Project

            project = Project.load(Path(config.config_file_path).parent)
            problems, _ = build.check_sources(project)
            if not problems:
                problems = [Problem("mkdocs.yml", f"MkDocs could not build the preview: {error}",
                                    "read the message above; it names the file to correct")]
            with _writing:
                _show(config, problems, failed=True)

    server.builder = build_or_show_why
    return server


def _show(config, problems, failed: bool = False) -> None:
    build = _checker()

    if problems:
        print(f"\nPratinjau / Preview: {len(problems)} masalah / problem(s):", file=sys.stderr)
        build.print_problems(problems, sys.stderr)
    else:
        print("\nPratinjau / Preview: tidak ada masalah / no problems.", file=sys.stderr)
    site = Path(config.site_dir)
    banner = _banner(problems, failed)
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        start = text.find("<body")
        end = text.find(">", start) + 1 if start >= 0 else 0
        if banner and end:
            page.write_text(text[:end] + banner + text[end:], encoding="utf-8")
    if failed:
        # The rebuild stopped part-way: the pages an editor opens first still explain why.
        for rel in ("index.html", "en/index.html", "404.html"):
            target = site / rel
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(f'<!doctype html><html lang="id"><meta charset="utf-8"><title>Kerja Aman: '
                                  f'pratinjau / preview</title><body>{banner}</body></html>', encoding="utf-8")


def _banner(problems, failed: bool) -> str:
    """Errors stop publishing: a loud box. Warnings do not (a contact due for a check): one quiet line to open."""
    build = _checker()
    found, warned = build.errors(problems), build.warnings(problems)
    if not found and not warned and not failed:
        return ""

    def listed(group):
        return "<ul>" + "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in group) + "</ul>"

    quiet = (f'<details><summary lang="id">{len(warned)} peringatan: tidak menghalangi terbit '
             f'<span lang="en">/ {len(warned)} warning(s): publishing goes ahead</span></summary>'
             f'{listed(warned)}</details>') if warned else ""
    if not found and not failed:
        return f'<div class="{BANNER_CLASS} {BANNER_CLASS}--quiet" data-search-exclude>{quiet}</div>'
    return (f'<div class="{BANNER_CLASS}" role="alert" data-search-exclude>'
            f'<p><strong lang="id">Pratinjau: {len(found)} kesalahan harus diperbaiki sebelum situs bisa terbit.</strong> '
            f'<span lang="en">Preview: {len(found)} error(s) to fix before the site can be published.</span></p>'
            f'{listed(found)}'
            '<p lang="id">Perbaiki file yang disebut, lalu simpan: halaman ini dimuat ulang sendiri. '
            '<span lang="en">Fix the named file and save: this page reloads by itself.</span></p>'
            f'{quiet}</div>')
