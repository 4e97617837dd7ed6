"""The editors' live preview: `mkdocs serve` (what `make serve` runs) checks every rebuild and shows the problems.

Only when MkDocs serves (on_startup says 'serve'; pipeline.py calls each step); a build changes nothing here.
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
- Edited hook code: MkDocs imports a hook once per process, so a saved change to a file in overrides/hooks/ would
  rebuild with the old code. Under `make serve` (scripts/build.py --serve sets its RESTART_SWITCH) the server
  stops with build.py's RESTART_EXIT at the next rebuild and build.py starts it again with the new code; under a
  bare `mkdocs serve` the terminal and the box say to restart it.

Four steps reach into MkDocs and watchdog: each runs only on the versions it was written for (internals.py) and
has a name for KA_NO_PATCH: preview_strict, preview_reload, preview_builder, preview_poll (ARCHITECTURE.md,
"Patched internals").
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

from mkdocs import utils
from mkdocs.config import config_options
from mkdocs.utils.yaml import yaml_load

import internals
import preview_cache
from problem import Problem

# MkDocs' strict counter, its livereload server's builder and reload times (preview_strict, preview_builder,
# preview_reload), and watchdog's polling interval (preview_poll): the versions they were read against.
WRITTEN_FOR = {"mkdocs": "1.6.1"}
POLL_WRITTEN_FOR = {"mkdocs": "1.6.1", "watchdog": "7.1.0"}
HOOKS = Path(__file__).resolve().parent

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"

BANNER_CLASS = "ka-preview-problems"
log = logging.getLogger("mkdocs.hooks.preview")
_serving = False
_server = None  # MkDocs' livereload server, once serving
_round = 0  # counts rebuilds: a background check of an older round shows nothing
_writing = threading.Lock()  # a rebuild does not start while a check writes its box into the pages
_checking: list[subprocess.Popen] = []  # the checks of the newest round, while they run
_code_at_start: dict[str, str] = {}  # each hook file's checksum when the server loaded the hooks


class _Collect(logging.Handler):
    """MkDocs' warnings of one rebuild, as the lines `mkdocs build` prints (read by sitecheck.mkdocs_log)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        if record.name != log.name:
            self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


_collected = _Collect()


def start(command, dirty):
    global _serving
    _serving = command == "serve"
    if _serving:
        preview_cache.install()  # a rebuild converts only the pages whose Markdown changed
        _code_at_start.clear()  # a file deleted since an earlier start is no edit
        _code_at_start.update(_hook_code())


def _hook_code() -> dict[str, str]:
    """Each Python file of the hooks' folder (the hooks and the modules they import), by its checksum."""
    return {path.relative_to(HOOKS.parents[1]).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(HOOKS.rglob("*.py")) if "__pycache__" not in path.parts}


def _edited_hooks() -> list[str]:
    now = _hook_code()
    return sorted(name for name in set(now) | set(_code_at_start) if now.get(name) != _code_at_start.get(name))


RESTART_SAID = "this hook code changed, but the preview still runs the code it started with"


def _restart_problems() -> list:
    """The box's line when hook code changed under a bare `mkdocs serve`, which keeps the code it started with."""
    return [Problem(name, RESTART_SAID,
                    "stop the preview (Ctrl+C) and start it again: make serve (which restarts by itself)")
            for name in _edited_hooks()]


def _checker():
    """scripts/build.py, whose checks the preview runs (MkDocs takes a hook's folder off sys.path after loading it)."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    import build
    return build


def _building_another_language(config) -> bool:
    i18n = config.plugins.get("i18n")
    return bool(i18n and i18n.building)


def prepare(config):
    if not _serving:
        return config
    edited = _edited_hooks() if not _building_another_language(config) else []
    if edited and os.environ.get(_checker().RESTART_SWITCH):
        print(f"\nPratinjau / Preview: {', '.join(edited)} berubah / changed: memulai ulang / restarting "
              "to load the new code.", file=sys.stderr)
        # SystemExit passes MkDocs' rebuild loop (it catches Exception); its `finally` blocks shut the server down.
        raise SystemExit(_checker().RESTART_EXIT)
    with open(config.config_file_path, encoding="utf-8") as file:
        written = yaml_load(file).get("site_url")  # MkDocs' own reading: `!ENV [SITE_URL, …]` as in a build
    if written:
        config.site_url = config_options.URL(is_dir=True).validate(written)  # with its "/", as MkDocs keeps it
    mkdocs_log = logging.getLogger("mkdocs")
    # Strict mode counts warnings with a handler on MkDocs' logger and stops the build at its end; the preview
    # lists them instead. (`make serve` runs `mkdocs serve --no-strict`, which needs none of this.)
    if config.strict and internals.allowed("preview_strict", WRITTEN_FOR):
        for handler in list(mkdocs_log.handlers):
            if isinstance(handler, utils.CountHandler):
                mkdocs_log.removeHandler(handler)
    if _collected not in mkdocs_log.handlers:
        mkdocs_log.addHandler(_collected)
    if not _building_another_language(config):
        _collected.lines.clear()
        _new_round()
    return config


def _new_round() -> None:
    """A rebuild starts: the checks of the last one would read pages it rewrites, and their box is stale."""
    global _round
    with _writing:
        _round += 1
        for process in _checking:
            process.kill()


# Last of all (pipeline.py): after the other languages, the offline lists and the service worker are written.
def after_build(config):
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
        _show(config, _restart_problems() + problems)
        _reload_browsers()


def _reload_browsers() -> None:
    """Tell the pages open in a browser to reload, as MkDocs' server does after a rebuild (mkdocs 1.6). Without
    it (another MkDocs), the box shows at the next save or reload."""
    server = _server
    if server is None or not internals.allowed("preview_reload", WRITTEN_FOR):
        return
    from mkdocs.livereload import _timestamp
    with server._epoch_cond:
        # After the server has announced the rebuild itself, or it would set its older time over ours.
        server._epoch_cond.wait_for(lambda: server._visible_epoch >= server._wanted_epoch, timeout=60)
        # Both: the server holds a page back while the version it shows is not the one it built.
        server._wanted_epoch = server._visible_epoch = _timestamp()
        server._epoch_cond.notify_all()


POLL_SECONDS = 0.2  # MkDocs looks for saved files every 0.5 s; the ~140 watched files cost little to look at


def serve(server, config, builder):
    global _server
    _server = server
    # A save shows sooner. watchdog's polling observer keeps its interval in `_timeout`, for itself (the folders
    # watched after this) and for each folder already watched.
    observer = getattr(server, "observer", None)
    if internals.allowed("preview_poll", POLL_WRITTEN_FOR):
        for watcher in [observer, *getattr(observer, "emitters", ())]:
            if watcher is not None and hasattr(watcher, "_timeout"):
                watcher._timeout = POLL_SECONDS
    if not internals.allowed("preview_builder", WRITTEN_FOR):
        return server  # MkDocs' own rebuild: a failed one logs the error and leaves the old pages

    def build_or_show_why():
        try:
            builder()
        except Exception as error:  # noqa: BLE001 — any failure of a rebuild is shown, the server keeps running
            build = _checker()
            from sitecheck.project import ConfigError, Project

            root = Path(config.config_file_path).parent
            try:
                problems = build.check_sources(Project.load(root))[0]
            except ConfigError as config_error:  # mkdocs.yml itself was saved with a setting MkDocs rejects
                problems = [build.config_problem(config_error, root)]
            problems = _restart_problems() + problems
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
    if not failed and all(problem.message == RESTART_SAID for problem in found):
        # Only edited hook code: nothing stops publishing; the preview itself must start again.
        return (f'<div class="{BANNER_CLASS}" role="alert" data-search-exclude>'
                '<p><strong lang="id">Pratinjau: kode hook berubah. Mulai ulang pratinjau untuk memakai kode baru.'
                '</strong> <span lang="en">Preview: hook code changed. Restart the preview to use the new code.'
                f'</span></p>{listed(found)}'
                '<p lang="id">Hentikan pratinjau (Ctrl+C), lalu jalankan lagi: make serve. '
                '<span lang="en">Stop the preview (Ctrl+C), then start it again: make serve.</span></p>'
                f'{quiet}</div>')
    return (f'<div class="{BANNER_CLASS}" role="alert" data-search-exclude>'
            f'<p><strong lang="id">Pratinjau: {len(found)} kesalahan harus diperbaiki sebelum situs bisa terbit.</strong> '
            f'<span lang="en">Preview: {len(found)} error(s) to fix before the site can be published.</span></p>'
            f'{listed(found)}'
            '<p lang="id">Perbaiki file yang disebut, lalu simpan: halaman ini dimuat ulang sendiri. '
            '<span lang="en">Fix the named file and save: this page reloads by itself.</span></p>'
            f'{quiet}</div>')
