"""The editors' live preview: `mkdocs serve` reloads an edit, prints the problems and shows them on the page.

A planted broken link must appear in the terminal (one line naming the file) and in a banner on the preview
page, the server must keep running, and fixing the file must bring the clean preview back.

The tests that only need a preview of the clean fixture share one server (`preview`); each starts from the
first build's files and pages.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, differing_files, make_site

PHONE_VIEWPORT = {"width": 360, "height": 780}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _serving(project, log, make_serve: bool = False, env: dict | None = None):
    """The preview of `project` on a free port, as a bare `mkdocs serve` or as `make serve` runs it
    (scripts/build.py --serve); yields its base url. Its output goes to `log`."""
    with _servers([(project, log, make_serve, env)]) as (base,):
        yield base


@contextlib.contextmanager
def _servers(previews: list[tuple]):
    """Previews, each (project, log, make_serve, env) as for _serving, started together; yields their base urls
    once each has answered."""
    started = []
    try:
        for project, log, make_serve, env in previews:
            port = _free_port()
            command = ([sys.executable, "scripts/build.py", "--serve", "--project", ".", "--port", str(port)]
                       if make_serve else [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"])
            # MkDocs serves from a temporary folder that it removes only when stopped with Ctrl+C, not when killed
            # as below: the folder goes beside the project, with the test's own files.
            scratch = tempfile.mkdtemp(prefix="serve-", dir=Path(project).parent)
            with open(log, "a", encoding="utf-8") as out:
                # A session of its own: build.py's `mkdocs serve` stops with it.
                server = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT,
                                          start_new_session=True,
                                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=scratch,
                                                   **(env or {})))
            started.append((server, f"http://127.0.0.1:{port}/", log))
        for server, base, log in started:
            _wait_for(base, lambda text: True, log, server)
        yield [base for _, base, _ in started]
    finally:
        for server, _, _ in started:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


def _fetch(url: str, timeout: float = 10) -> str:
    return urllib.request.urlopen(url, timeout=timeout).read().decode("utf-8")


def _without_livereload(page: str) -> str:
    """A served page without livereload's script call, which differs per request."""
    return re.sub(r"livereload\([^)]*\)", "", page)


def _wait_for(url: str, wanted, log, server=None, seconds: float = 90, waiting: str = "") -> str:
    """The page at `url` once `wanted(its text)` holds (the server may be restarting meanwhile); `waiting`: what
    for, said if it never holds. Between two looks it waits as the page open in a browser would (_next_version)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            text = _fetch(url, timeout=5)
            if wanted(text):
                return text
            _next_version(url, text)
        except OSError:  # not serving yet, or restarting
            time.sleep(0.1)
        assert server is None or server.poll() is None, "the preview stopped:\n" + log.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, f"timed out waiting for {url}{waiting}:\n" + log.read_text(encoding="utf-8")


def _next_version(url: str, page: str) -> None:
    """Returns when the server has pages newer than `page`, asked as livereload's script in the page asks: it answers
    once the server has rebuilt, or the preview has added its box (with preview_reload on; else the caller looks
    again after half a second)."""
    shown = re.search(r"livereload\((\d+),", page)
    if shown is None:
        raise OSError(f"no livereload script in {url}")
    origin = "/".join(url.split("/")[:3])
    asked = urllib.request.Request(f"{origin}/livereload/{shown[1]}/0", headers={"Referer": url})
    with contextlib.suppress(TimeoutError):
        urllib.request.urlopen(asked, timeout=0.5).read()


def _previewable(project):
    # The preview runs the build's checks from the project's own scripts/ folder.
    shutil.copytree(ROOT / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    return project


class _SaidSince:
    """A server's output file, read from where it stood when a test began (the shared preview keeps one file)."""

    def __init__(self, path):
        self.path, self.start = path, path.stat().st_size

    def read_text(self, encoding="utf-8") -> str:
        return self.path.read_bytes()[self.start:].decode(encoding)


@pytest.fixture(scope="module")
def _shared_preview(tmp_path_factory):
    """One `mkdocs serve` of the clean fixture for every test that asks for `preview` (a server start is a Python
    start, a build and a check run); with the project's files as they were and its first checked contact page."""
    folder = tmp_path_factory.mktemp("preview")
    project, log = _previewable(make_site(folder)), folder / "serve.log"
    files = {path: path.read_bytes() for path in project.rglob("*")
             if path.is_file() and "__pycache__" not in path.parts}  # Python rewrites its caches by itself
    with _serving(project, log) as base:
        yield project, base, log, files, _without_livereload(_fetch(base + "kontak/"))


@pytest.fixture
def preview(_shared_preview):
    """`mkdocs serve` on a copy of the fixture site, as its first build left it: a file an earlier test edited is
    put back, and the test starts once the server has rebuilt and checked it (the contact page is the first one
    again, box included). Yields (project, base url, what the server says from the test's start)."""
    project, base, log, files, first = _shared_preview
    for path, data in files.items():
        if path.read_bytes() != data:
            path.write_bytes(data)
    _wait_for(base + "kontak/", lambda text: _without_livereload(text) == first, log,
              waiting=" to be the first build's page again once an earlier test's edits were undone")
    yield project, base, _SaidSince(log)


def test_preview_reloads_and_shows_a_planted_problem(browser, preview):
    project, base, log = preview
    page = browser.new_page(viewport=PHONE_VIEWPORT)
    page.goto(base + "kontak/")
    assert page.locator(".ka-preview-problems[role=alert]").count() == 0, "the clean fixture shows an error banner"
    source = project / "docs" / "kontak.id.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good + "\nLihat [halaman hilang](tidak-ada.md).\n", encoding="utf-8")
    line = len(source.read_text(encoding="utf-8").splitlines())

    # livereload reloads the open page by itself; the banner lists the problem.
    banner = page.wait_for_selector(".ka-preview-problems[role=alert]", timeout=60000)
    text = banner.inner_text()
    assert f"docs/kontak.id.md:{line}: the link 'tidak-ada.md' points to a page that does not exist" in text, text
    assert "Pratinjau" in text and "Preview" in text, "the banner speaks both languages"
    terminal = log.read_text(encoding="utf-8")
    assert f"  docs/kontak.id.md:{line}: the link 'tidak-ada.md' points to a page that does not exist — " in terminal

    # The server kept running; the fixed file brings the clean preview back.
    source.write_text(good, encoding="utf-8")
    page.wait_for_selector(".ka-preview-problems[role=alert]", state="detached", timeout=60000)
    assert "Lihat" not in page.inner_text("article")
    page.close()


def test_preview_keeps_the_public_address_for_previews(preview):
    """MkDocs serve swaps in http://127.0.0.1; link previews and QR codes keep the site's https address."""
    _, base, _ = preview
    from bs4 import BeautifulSoup
    html = _fetch(base + "kontak/")
    assert BeautifulSoup(html, "html.parser").find("meta", property="og:url")["content"] == "https://example.org/kontak/"


def test_the_preview_reads_site_url_as_mkdocs_does(site_factory, tmp_path):
    """`site_url: !ENV [SITE_URL, …]`: the preview's pages carry the address SITE_URL gives (here without its final
    "/", which MkDocs adds), not MkDocs serve's http://127.0.0.1."""
    from conftest import replace_once
    project = _previewable(site_factory())
    replace_once(project / "mkdocs.yml", "site_url: https://example.org/\n",
                 "site_url: !ENV [SITE_URL, \"https://example.org/\"]\n")
    with _serving(project, tmp_path / "serve.log", env={"SITE_URL": "https://example.net/panduan"}) as base:
        html = _fetch(base + "panduan/kontak/")
    for tag in ("<link href=https://example.net/panduan/kontak/ rel=canonical>",
                "<meta content=https://example.net/panduan/kontak/ property=og:url>"):
        assert tag in html, html[:2000]


# --- the preview's caches (overrides/hooks/preview_cache.py) ---------------------------------------------------

_TWO_BUILDS = r"""
import json, logging, sys
from pathlib import Path
project, mode = Path(sys.argv[1]), sys.argv[2]
sys.path.insert(0, str(project / "overrides" / "hooks"))
import preview_cache
preview_cache.install()  # as the preview does; "plain" has it switched off (KA_NO_PATCH=preview_cache)
from mkdocs.config import load_config
from mkdocs.commands.build import build

said = []
class Keep(logging.Handler):
    def emit(self, record):
        said.append(f"{record.levelname}: {record.getMessage()}")
logging.getLogger("mkdocs").addHandler(Keep(logging.WARNING))

def once(folder):
    said.clear()
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / folder), strict=False)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    return list(said)

once("first")
page = project / "docs" / "index.id.md"
page.write_text(page.read_text(encoding="utf-8") + "\nKalimat baru dari editor.\n", encoding="utf-8")
print(json.dumps({"said": once("second"), "counts": preview_cache.counts}))
"""


def _start_two_builds(project, mode: str) -> subprocess.Popen:
    switch = {"KA_NO_PATCH": "preview_cache"} if mode == "plain" else {}
    return subprocess.Popen([sys.executable, "-c", _TWO_BUILDS, str(project), mode], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=project,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **switch))


def _two_builds_said(process: subprocess.Popen) -> dict:
    import json
    out, err = process.communicate()
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def test_a_rebuild_redoes_only_the_changed_page_and_makes_the_same_site(tmp_path):
    """The preview keeps each page's HTML and search entries between rebuilds. After an edit of one page the
    rebuilt site is byte for byte the site MkDocs makes with the caches switched off (KA_NO_PATCH), and MkDocs'
    warning about a page that was not edited (a broken link) is still said."""
    projects = {mode: make_site(tmp_path / mode, "broken_link") for mode in ("cached", "plain")}
    running = {mode: _start_two_builds(project, mode) for mode, project in projects.items()}  # side by side
    cached, plain = _two_builds_said(running["cached"]), _two_builds_said(running["plain"])

    pages = cached["counts"]["reused"] + cached["counts"]["converted"]
    assert cached["counts"]["converted"] == pages // 2 + 1, f"more than the edited page was converted: {cached}"
    assert cached["counts"]["index_reused"] == cached["counts"]["reused"], cached
    assert plain["counts"]["reused"] == 0
    assert any("lama.md" in line for line in cached["said"]), f"the kept page's warning was not said: {cached}"
    assert cached["said"] == plain["said"]
    assert not differing_files(projects["cached"] / "second", projects["plain"] / "second"), \
        "the cached rebuild made a different site"


# --- edited hook code (issue 28, point 5) ------------------------------------------------------------------------
# MkDocs imports each hook once per process. The planted edit gives preview.py an event it did not have: a
# paragraph at the end of every page's body.
# A step's new code (overrides/hooks/pipeline.py calls minify.minify_page on every page).
EDITED_STEP = "overrides/hooks/minify.py"
_EDITED_HOOK = '''

def minify_page(output):
    return output.replace("</body>", "<p>kode hook baru</p></body>")
'''


def test_make_serve_restarts_itself_to_run_an_edited_hook(site_factory, tmp_path):
    project, log = _previewable(site_factory()), tmp_path / "serve.log"
    with _serving(project, log, make_serve=True) as base:
        assert "kode hook baru" not in _fetch(base + "kontak/")
        with open(project / EDITED_STEP, "a", encoding="utf-8") as hook:
            hook.write(_EDITED_HOOK)
        _wait_for(base + "kontak/", lambda text: "kode hook baru" in text, log)
    said = log.read_text(encoding="utf-8")
    assert f"{EDITED_STEP} berubah / changed: memulai ulang / restarting to load the new code" in said, said


def test_a_bare_mkdocs_serve_says_to_restart_after_a_hook_edit(preview):
    project, base, log = preview
    with open(project / EDITED_STEP, "a", encoding="utf-8") as hook:
        hook.write(_EDITED_HOOK)
    line = (f"{EDITED_STEP}: this hook code changed, but the preview still runs the code it started with "
            "— stop the preview (Ctrl+C) and start it again: make serve (which restarts by itself)")
    page = _wait_for(base + "kontak/", lambda text: "this hook code changed" in text, log)
    assert html.escape(line) in page and "kode hook baru" not in page, page[:3000]
    # Nothing stops publishing: the box says to restart, not that errors must be fixed before the site can go out.
    assert "Restart the preview to use the new code." in page and "before the site can be published" not in page, \
        page[:3000]
    assert f"  {line}" in log.read_text(encoding="utf-8")


# --- the patched internals switched off (overrides/hooks/internals.py) ------------------------------------------

def test_with_every_patch_off_the_preview_serves_the_same_pages(tmp_path):
    """KA_NO_PATCH=all: MkDocs' own paths everywhere (no template cache, no page cache, MkDocs' strict counter,
    polling and rebuild loop). After an edit of one page, the preview serves the same pages, byte for byte apart
    from livereload's per-request script (the page cache gives back the pages that were not edited), as a preview
    with every patch on, started at the same time: each compared at its first rebuild."""
    pages = ["", "en/", "kontak/", "en/kontak/", "404.html", "sitemap.xml", "search/search_index.json"]

    def edit(project):
        edited = project / "docs" / "kontak.id.md"
        edited.write_text(edited.read_text(encoding="utf-8") + "\nKalimat baru dari editor.\n", encoding="utf-8")

    def served_after_the_edit(base, log):
        # The checks' box goes into every page after the rebuild, kontak/ last.
        _wait_for(base + "kontak/", lambda text: "Kalimat baru" in text and "ka-preview-problems" in text, log)
        return [_without_livereload(_fetch(base + page)) for page in pages]

    projects = {mode: _previewable(make_site(tmp_path / mode)) for mode in ("patched", "plain")}
    logs = {mode: tmp_path / f"{mode}.log" for mode in projects}
    with _servers([(projects["patched"], logs["patched"], False, None),
                   (projects["plain"], logs["plain"], False, {"KA_NO_PATCH": "all"})]) as (patched_base, plain_base):
        for project in projects.values():
            edit(project)
        plain = served_after_the_edit(plain_base, logs["plain"])
        patched = served_after_the_edit(patched_base, logs["patched"])
    assert plain == patched, [page for page, one, other in zip(pages, plain, patched) if one != other]
