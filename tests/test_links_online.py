"""The optional online link check, run against a small HTTP server on 127.0.0.1 (never the internet)."""

import datetime
import http.server
import io
import json
import threading
import time

import pytest

import check_links_online
from conftest import start_serving

SLOW = 1.5  # seconds the slow address takes the first time it is asked; the check's timeout in these tests is shorter
TIMEOUT = 0.5  # the check's timeout in these tests (_run)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests = []
        self.lock = threading.Lock()
        self.busy = self.most_busy = 0
        # The slow host is slow once, as a site down at one run may be back at the next: the test's later runs,
        # which ask it again because it failed, wait for no timeout.
        self.slow_was_asked = False


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, method):
        server = self.server
        with server.lock:
            server.requests.append((method, self.path))
            server.busy += 1
            server.most_busy = max(server.most_busy, server.busy)
            slow = self.path == "/slow" and not server.slow_was_asked
            server.slow_was_asked |= self.path == "/slow"
        counted = True
        try:
            time.sleep(0.05)
            if slow:
                # The check gives up after TIMEOUT and frees its worker; from then on this request is no longer
                # one of its requests at once, though the server still sleeps on it.
                time.sleep(TIMEOUT * 0.8)
                with server.lock:
                    server.busy -= 1
                    counted = False
                time.sleep(SLOW - TIMEOUT * 0.8)
            if self.path.startswith("/ok") or self.path == "/slow":
                status = 200
            elif self.path == "/no-head":
                status = 405 if method == "HEAD" else 200
            elif self.path == "/gone":
                status = 404
            else:
                status = 500
            # Done before answering: once the check has the answer, its worker may send the next request at
            # once, before this thread would get to count itself out.
            with server.lock:
                if counted:
                    server.busy -= 1
                    counted = False
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
        finally:
            if counted:
                with server.lock:
                    server.busy -= 1

    def do_HEAD(self):
        self._answer("HEAD")

    def do_GET(self):
        self._answer("GET")


@pytest.fixture
def server():
    running = Server()
    yield running, start_serving(running).rstrip("/")
    running.shutdown()


def _plant(project, base):
    # Only addresses on the local server: the tests never reach the internet.
    for page in (project / "docs").rglob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("https://example.org/", f"{base}/ok-fixture"),
                        encoding="utf-8")
    (project / "docs" / "kontak.id.md").write_text(
        "---\ndescription: Kontak.\nreviewed: 2026-11-01\nsources:\n"
        f"  - title: Sumber\n    url: {base}/ok-source\n---\n\n# Kontak {{ #kontak }}\n\n"
        f"Lihat [ini]({base}/ok), [itu]({base}/gone) dan [lambat]({base}/slow).\n"
        + "".join(f"Tautan [{n}]({base}/ok{n}).\n" for n in range(8)), encoding="utf-8")
    (project / "docs" / "_data").mkdir(exist_ok=True)
    (project / "docs" / "_data" / "contacts.yml").write_text(
        f"# a comment with {base}/commented-out is not a link\n- id: x\n  source_urls:\n    - {base}/no-head\n"
        f"    - {base}/broken\n", encoding="utf-8")


def _run(project, *extra):
    out = io.StringIO()
    code = check_links_online.main(["--project", str(project), "--timeout", str(TIMEOUT), "--workers", "3", *extra],
                                   out=out)
    return code, out.getvalue()


def test_dead_links_are_reported_by_file_and_line_without_failing(site_factory, server):
    running, base = server
    project = site_factory()
    _plant(project, base)
    code, output = _run(project)
    assert code == 0, "dead links are warnings: the check does not fail"
    lines = [line.strip() for line in output.splitlines() if line.startswith("  ")]
    assert any(line.startswith("docs/kontak.id.md:11:") and f"{base}/gone" in line and "404" in line
               for line in lines), output
    assert any(line.startswith("docs/kontak.id.md:11:") and f"{base}/slow" in line and "could not be reached" in line
               for line in lines), output
    assert any(line.startswith("docs/_data/contacts.yml:5:") and f"{base}/broken" in line for line in lines), output
    reported = " ".join(lines)
    for fine in ("/ok-source", "/ok)", "/no-head", "/commented-out"):
        assert base + fine.rstrip(")") + " " not in reported, f"{fine} was reported:\n{output}"
    assert len(lines) == 3, output
    # HEAD first; GET only where HEAD was refused.
    assert ("GET", "/no-head") in running.requests and ("GET", "/ok") not in running.requests
    assert running.most_busy <= 3, "no more requests at once than --workers"
    assert _run(project, "--strict")[0] == 1


def test_answers_are_cached_and_failures_asked_again(site_factory, server, tmp_path):
    running, base = server
    project = site_factory()
    _plant(project, base)
    _run(project)
    cache = json.loads((project / ".cache" / "links.json").read_text(encoding="utf-8"))
    assert cache[f"{base}/ok"]["ok"] is True and cache[f"{base}/gone"]["status"] == 404
    running.requests.clear()
    code, output = _run(project)
    asked = {path for _, path in running.requests}
    assert asked == {"/gone", "/slow", "/broken"}, asked
    assert "3 asked now" in output
    # An old answer is asked again.
    stale = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=30)).isoformat()
    cache = json.loads((project / ".cache" / "links.json").read_text(encoding="utf-8"))
    cache[f"{base}/ok"]["checked"] = stale
    (project / ".cache" / "links.json").write_text(json.dumps(cache), encoding="utf-8")
    running.requests.clear()
    _run(project)
    assert ("HEAD", "/ok") in running.requests


def test_the_offline_build_never_visits_links(site_factory, server):
    from conftest import run_build
    running, base = server
    project = site_factory()
    _plant(project, base)
    run_build(project)
    assert running.requests == [], "the ordinary build must work without the network"


def test_cache_folder_is_ignored_by_git():
    from conftest import ROOT
    assert "/.cache/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
