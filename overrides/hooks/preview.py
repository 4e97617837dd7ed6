"""The editors' live preview: `mkdocs serve` (what `make serve` runs) checks every rebuild and shows the problems.

Only when MkDocs serves (on_startup says 'serve'); a build changes nothing here.
- on_config: the public https address stays the site's address (MkDocs serve swaps in http://127.0.0.1:8000/,
  which link previews and QR codes cannot use), and MkDocs' strict mode no longer stops a rebuild: a
  preview with a broken link still reloads, and the link is listed like every other problem.
- on_post_build (after every language is built): the same source and HTML checks as the checked build
  (scripts/build.py), with MkDocs' own warnings in editors' words; each problem is printed as one line
  `docs/<file>.md:<line>: what — fix`, and every preview page gets a banner (both languages) listing them.
- on_serve: a rebuild that fails outright (a page MkDocs cannot build) no longer leaves the preview stuck on
  the old pages: the problem is printed and shown on the preview's pages, and the server keeps running.
  Fix the file, save, and the preview comes back.
"""

from __future__ import annotations

import html
import logging
import sys
from pathlib import Path

from mkdocs import utils
from mkdocs.plugins import event_priority
from mkdocs.utils.yaml import yaml_load

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"

BANNER_CLASS = "ka-preview-problems"
log = logging.getLogger("mkdocs.hooks.preview")
_serving = False


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
    build = _checker()
    from sitecheck.mkdocs_log import problems_from_log
    from sitecheck.project import Project

    project = Project.load(Path(config.config_file_path).parent)
    problems, stopped = build.check_sources(project)
    problems += problems_from_log(project, "\n".join(_collected.lines))
    if not stopped:
        problems += build.check_site(project, Path(config.site_dir), preview=True)[0]
    _show(config, list(dict.fromkeys(problems)))


def on_serve(server, config, builder):
    def build_or_show_why():
        try:
            builder()
        except Exception as error:  # noqa: BLE001 — any failure of a rebuild is shown, the server keeps running
            build = _checker()
            from sitecheck.problems import Problem
            from sitecheck.project import Project

            project = Project.load(Path(config.config_file_path).parent)
            problems, _ = build.check_sources(project)
            if not problems:
                problems = [Problem("mkdocs.yml", f"MkDocs could not build the preview: {error}",
                                    "read the message above; it names the file to correct")]
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
