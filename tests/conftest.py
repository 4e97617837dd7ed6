"""Shared helpers: build a copy of a fixture site with one defect planted, and read what the build said."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT / "scripts"))
# Every fixture site of the session (and each parallel worker) shares one cache of compiled theme templates.
os.environ.setdefault("KA_TEMPLATE_CACHE", str(ROOT / ".cache" / "jinja"))

import build  # noqa: E402
from sitecheck.project import Project  # noqa: E402


class Result:
    def __init__(self, code: int, output: str):
        self.code, self.output = code, output

    def lines_naming(self, path: str) -> list[str]:
        return [line.strip() for line in self.output.splitlines() if line.strip().startswith(path)]


def make_site(tmp_path: Path, *overlays: str) -> Path:
    """A copy of the clean fixture with the real theme overrides, and each named overlay laid on top."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", project)
    shutil.copytree(ROOT / "overrides", project / "overrides")
    for overlay in overlays:
        shutil.copytree(FIXTURES / overlay, project, dirs_exist_ok=True)
    return project


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit one place of a file in a test's project copy; fails loudly once the real file no longer has `old`."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once: update the test to the changed file"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run_build(project: Path, site_dir: Path | None = None) -> Result:
    out = io.StringIO()
    loaded = Project.load(project)
    code = build.build(loaded, (site_dir or project / "site").resolve(), out=out)
    return Result(code, out.getvalue())


@pytest.fixture
def site_factory(tmp_path):
    return lambda *overlays: make_site(tmp_path, *overlays)


# --- browser tests ---------------------------------------------------------------------------
# Debian's Chromium, driven by Playwright (never `playwright install`: these machines have no internet).

import functools  # noqa: E402
import http.server  # noqa: E402
import os  # noqa: E402
import threading  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return candidate if candidate and Path(candidate).exists() else None


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    path = chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's package 'chromium' (or set CHROMIUM=/path)"
        if os.environ.get("CI"):
            pytest.fail(message + " — CI must run the browser tests")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    # Playwright gives every launch a fresh, empty profile (its own --user-data-dir).
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def wait_until(page, expression: str, arg=None, timeout: float = 15.0) -> None:
    """Wait until `expression` (or the function, called with `arg`) is true in the page, asked from outside it.

    Playwright's wait_for_function evaluates its predicate with eval, which every page's Content-Security-Policy
    (a <meta> since GitHub Pages sends no headers) rightly blocks; page.evaluate is not subject to it."""
    import time
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for: {expression[:80]}"
        page.wait_for_timeout(100)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> tuple[Path, Result]:
    """The real site, built and checked once per test session (per worker): (its folder, what the build said)."""
    site = tmp_path_factory.mktemp("real-site") / "site"
    return site, run_build(ROOT, site)


@pytest.fixture(scope="session")
def built_site(real_build):
    site, result = real_build
    assert result.code == 0, result.output
    return site


@pytest.fixture(scope="session")
def served_site(built_site):
    """The real site served on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
