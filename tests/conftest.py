"""Shared helpers: build a copy of a fixture site with one defect planted, and read what the build said."""

from __future__ import annotations

import functools
import io
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The tests' temporary files in memory. A run writes some 450 MB in about 26,000 files (copies of the fixture site,
# their builds, the browsers' profiles) and deletes them again: on a disk that costs seconds of system time, more
# when the disk is busy. Where Linux's /dev/shm (in memory) has room, TMPDIR points there, for the tests and every
# process they start (the workers, MkDocs, Chromium); a TMPDIR of your own is kept. pytest.ini keeps only the
# files of a test that failed, so a passing run gives the memory back.
IN_MEMORY = Path("/dev/shm")


def _temporary_files_in_memory() -> None:
    if os.environ.get("TMPDIR") or not IN_MEMORY.is_dir() or not os.access(IN_MEMORY, os.W_OK):
        return
    if shutil.disk_usage(IN_MEMORY).free < 4 * 1024 ** 3:
        return
    import tempfile
    os.environ["TMPDIR"] = str(IN_MEMORY)
    tempfile.tempdir = None  # asked again, from TMPDIR


_temporary_files_in_memory()
sys.path.insert(0, str(ROOT / "scripts"))
# Every fixture site of the session (and each parallel worker) shares one cache of compiled theme templates,
# one of drawn preview images, and one of Material's stylesheet cut to the pages (most fixture builds make the
# same pages).
os.environ.setdefault("KA_TEMPLATE_CACHE", str(ROOT / ".cache" / "jinja"))
os.environ.setdefault("KA_SHARE_CACHE", str(ROOT / ".cache" / "ka-share"))
os.environ.setdefault("KA_THEME_CSS_CACHE", str(ROOT / ".cache" / "theme-css"))

import build  # noqa: E402
from sitecheck.project import Project  # noqa: E402


# --- MkDocs, warm ---------------------------------------------------------------------------
# build.py starts `python -m mkdocs build` in a new process for every build; most of that process's time is
# importing MkDocs and its plugins. Here the same command line goes to tests/warm_mkdocs.py, which has them
# imported and forks a fresh child per build (so builds share no state). Any other command runs as usual.

import json  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402


class _WarmMkDocs:
    """One server per test process, started on the first build."""
    server: subprocess.Popen | None = None

    @classmethod
    def ask(cls, request: dict) -> tuple[subprocess.Popen, int]:
        if cls.server is None or cls.server.poll() is not None:
            cls.server = subprocess.Popen([sys.executable, str(Path(__file__).with_name("warm_mkdocs.py"))],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        cls.server.stdin.write(json.dumps(request) + "\n")
        cls.server.stdin.flush()
        return cls.server, json.loads(cls.server.stdout.readline())["pid"]


class _WarmProcess:
    """What build.py uses of the subprocess.Popen it gets for MkDocs: poll(), wait(), kill(), returncode, and the
    output written into the file it passed as stdout."""

    def __init__(self, args: list[str], cwd, env: dict, stdout):
        handle, self._log = tempfile.mkstemp(prefix="mkdocs-", suffix=".log")
        os.close(handle)
        self._out = stdout
        self._server, self.pid = _WarmMkDocs.ask({"args": args, "cwd": str(cwd), "env": dict(env), "log": self._log})
        self.returncode = None

    def poll(self):
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)  # the server reaps its child at once: gone means finished
                return None
            except ProcessLookupError:
                pass
        return self.wait()

    def wait(self, timeout=None):
        if self.returncode is None:
            self.returncode = json.loads(self._server.stdout.readline())["code"]
            self._out.write(Path(self._log).read_bytes())
            Path(self._log).unlink(missing_ok=True)
        return self.returncode

    def kill(self):
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class _Subprocess:
    """build.py's `subprocess`, except that `python -m mkdocs build` runs warm."""

    def __getattr__(self, name):
        return getattr(subprocess, name)

    @staticmethod
    def Popen(command, *args, cwd=None, env=None, **kwargs):
        if list(command[:4]) == [sys.executable, "-m", "mkdocs", "build"] and not args:
            return _WarmProcess(list(command[3:]), cwd or os.getcwd(), os.environ if env is None else env,
                                kwargs["stdout"])
        return subprocess.Popen(command, *args, cwd=cwd, env=env, **kwargs)


# Forking needs Linux or macOS; on Windows every build starts MkDocs the ordinary way.
if hasattr(os, "fork"):
    build.subprocess = _Subprocess()


class Result:
    def __init__(self, code: int, output: str):
        self.code, self.output = code, output

    def lines_naming(self, path: str) -> list[str]:
        return [line.strip() for line in self.output.splitlines() if line.strip().startswith(path)]

    def errors(self) -> list[str]:
        """The lines under "Errors (n):" (each alone makes the build fail), without the warnings."""
        if "Errors (" not in self.output:
            return []
        return [line.strip() for line in self.output.split("Errors (", 1)[1].splitlines()[1:] if line.startswith("  ")]


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


def differing_files(left: Path, right: Path) -> list[str]:
    """The files that are not the same, byte for byte, in two built sites (or are in only one of them)."""
    import filecmp

    def walk(compare) -> list[str]:
        found = [f"{compare.left}/{name}" for name in compare.diff_files + compare.left_only + compare.right_only]
        return found + [path for sub in compare.subdirs.values() for path in walk(sub)]
    return walk(filecmp.dircmp(left, right))


def package_name(name: str) -> str:
    """A package's name as pip compares it (PEP 503): lower case, each run of - _ . as one -."""
    import re
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(requirements: str) -> dict[str, str]:
    """The `package==version` lines of a requirements file in the project (its `-r` lines left out), by package_name.
    A line that is not pinned exactly fails, naming the file."""
    import re
    pins = {}
    for line in (ROOT / requirements).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-r "):
            assert re.fullmatch(r"[\w.-]+==[\w.+!-]+", line), \
                f"{requirements}: '{line}' is not pinned exactly (name==version)"
            package, version = line.split("==")
            pins[package_name(package)] = version
    return pins


def run_build(project: Path, site_dir: Path | None = None) -> Result:
    out = io.StringIO()
    loaded = Project.load(project)
    code = build.build(loaded, (site_dir or project / "site").resolve(), out=out)
    return Result(code, out.getvalue())


def run_plain_mkdocs(project: Path, *args: str, env: dict | None = None) -> tuple[int, str]:
    """`python -m mkdocs build ARGS` in the project's folder, as an editor runs it without scripts/build.py (on the warm
    MkDocs where it can fork): (its exit status, all it printed, stdout and stderr together)."""
    with tempfile.TemporaryFile() as log:
        code = build.subprocess.Popen([sys.executable, "-m", "mkdocs", "build", *args], cwd=project, env=env,
                                      stdout=log, stderr=subprocess.STDOUT).wait()
        log.seek(0)
        return code, log.read().decode("utf-8", errors="replace")


def run_source_checks(project: Path) -> Result:
    """What the build says of a project's Markdown sources, and the code it would exit with, without MkDocs: for
    a defect a source check exists to catch (test_code_layout.py proves that the build runs every registered
    check)."""
    from sitecheck.model import errors
    problems, _ = build.check_sources(Project.load(project))
    out = io.StringIO()
    build.print_problems(problems, out)
    return Result(1 if errors(problems) else 0, out.getvalue())


@pytest.fixture(scope="session")
def built_once(tmp_path_factory):
    """Build the clean fixture with the named overlays, once per test run (by the first worker that asks: most of
    these builds are asked for by tests on both workers), for the tests that only read what the build said or the
    site it made (or copy them): (project, result), the site in project/site. `edits`: (file, old, new) made with
    replace_once in the project's copy first."""
    import hashlib
    done = {}

    def make(overlays: tuple, edits: tuple, folder: Path) -> dict:
        project = make_site(folder, *overlays)
        for rel, old, new in edits:
            replace_once(project / rel, old, new)
        result = run_build(project, project / "site")
        return {"code": result.code, "output": result.output}

    def build(*overlays: str, edits: tuple = ()) -> tuple[Path, Result]:
        if (overlays, edits) not in done:
            name = "built-" + hashlib.sha256(repr((overlays, edits)).encode("utf-8")).hexdigest()[:16]
            try:
                folder, said = once_for_all_workers(tmp_path_factory, name, functools.partial(make, overlays, edits))
            except pytest.fail.Exception as failed:
                pytest.fail(f"building the fixture {overlays} with the edits {edits} failed:\n{failed}")
            done[overlays, edits] = folder / "project", Result(said["code"], said["output"])
        return done[overlays, edits]

    return build


def planted_with(defect: str, together: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The defects planted in one build with `defect`: its group in `together` (defects in files of their own that
    give together exactly the lines each gives alone, so each test still finds its own line), or it alone."""
    return next((group for group in together if defect in group), (defect,))


# The caches that a copy of the project shares with the next (template_cache.py, share.py): their variables.
COPY_CACHES = ("KA_TEMPLATE_CACHE", "KA_SHARE_CACHE")


@pytest.fixture(scope="session")
def copies_with_new_caches(tmp_path_factory) -> tuple[Path, dict]:
    """Two copies of the clean fixture built one after the other, with a template cache and a preview-image cache
    of their own, empty before the first build (once per test run): (the caches' folder, each under the name of its
    variable; {"first"/"second": {variable: {file kept: its mtime_ns}}}, what each held after each build)."""
    def make(folder: Path) -> dict:
        held = {}
        with pytest.MonkeyPatch.context() as patch:
            for variable in COPY_CACHES:
                patch.setenv(variable, str(folder / variable))
            for copy in ("first", "second"):
                result = run_build(make_site(folder / copy))
                assert result.code == 0, result.output
                held[copy] = {variable: {path.name: path.stat().st_mtime_ns for path in (folder / variable).iterdir()}
                              if (folder / variable).is_dir() else {} for variable in COPY_CACHES}
        return held
    return once_for_all_workers(tmp_path_factory, "copies-with-new-caches", make)


@pytest.fixture
def site_factory(tmp_path):
    return lambda *overlays: make_site(tmp_path, *overlays)


@functools.lru_cache(maxsize=None)
def parsed_page(path: Path):
    """A page of the real site (built once per run), parsed once per test process for every test that reads it.
    The tests get the same soup: they only read it, never change it."""
    from bs4 import BeautifulSoup
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- browser tests ---------------------------------------------------------------------------
# Debian's Chromium, driven by Playwright (never `playwright install`: these machines have no internet).

import functools  # noqa: E402
import http.server  # noqa: E402
import os  # noqa: E402
import threading  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


HEADLESS_SHELL = "chromium-headless-shell"


def chromium_path() -> str | None:
    """The browser the tests drive: $CHROMIUM if set; else Debian's chromium-headless-shell, the same Chromium
    (Blink, V8, printing) without the browser's window layer, which Playwright itself runs for headless tests: it
    costs well under half the CPU of the full browser per page; else Debian's full chromium."""
    candidate = (os.environ.get("CHROMIUM") or shutil.which(HEADLESS_SHELL) or shutil.which("chromium")
                 or shutil.which("chromium-browser"))
    return candidate if candidate and Path(candidate).exists() else None


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    path = chromium_path()
    if path is None:
        message = (f"Chromium not found: install Debian's packages '{HEADLESS_SHELL}' and 'chromium' "
                   "(or set CHROMIUM=/path)")
        if os.environ.get("CI"):
            pytest.fail(message + " — CI must run the browser tests")
        pytest.skip(message)
    if os.environ.get("CI") and not os.environ.get("CHROMIUM") and Path(path).name != HEADLESS_SHELL:
        pytest.fail(f"CI runs the browser tests in Debian's {HEADLESS_SHELL}, which .ci/run installs; "
                    f"found only {path}")
    from playwright.sync_api import sync_playwright
    # Playwright gives every launch a fresh, empty profile (its own --user-data-dir).
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def wait_until(page, expression: str, arg=None, timeout: float = 15.0) -> None:
    """Wait until `expression` (or the function, called with `arg`) is true in the page, asked from outside it.

    Playwright's wait_for_function evaluates its predicate with eval, which every page's Content-Security-Policy
    (a <meta> since GitHub Pages sends no headers) rightly blocks; page.evaluate is not subject to it. Asked again
    after 20 ms, then 40, 80 and every 100 ms: most waits end within a few tenths of a second (a fixed 100 ms cost
    each 50 ms on average), while a long one (a service worker's update) does not ask the page's caches 50
    times a second. (The polling stays out here: in a page with JavaScript off, a timer of the page's own would
    never fire.)"""
    import time
    deadline, pause = time.monotonic() + timeout, 20
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for: {expression[:80]}"
        page.wait_for_timeout(pause)
        pause = min(2 * pause, 100)


def start_serving(server: http.server.HTTPServer) -> str:
    """Serve in a thread of its own; the server's base URL. shutdown() returns once the serving loop has looked
    at its flag, which it does every poll_interval: 0.5 s by default, spent idle each time a test stops a server."""
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _real_build_folder(tmp_path_factory) -> Path:
    """This run's folder for the real site: with parallel workers (pytest-xdist), the one above each worker's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_for_all_workers(tmp_path_factory, name: str, make) -> tuple[Path, dict]:
    """(`name`, a folder of this run shared by all workers, what `make(folder)` returned): made by the first worker
    that asks, while any other waits for it. A module fixture asked for on both workers would be made twice."""
    import time
    import traceback
    folder = _real_build_folder(tmp_path_factory) / name
    record = folder.with_name(name + ".json")
    try:
        folder.mkdir()
    except FileExistsError:  # another worker makes it
        deadline = time.monotonic() + 900
        while not record.exists():
            assert time.monotonic() < deadline, f"the worker making {folder} wrote no {record}"
            time.sleep(0.1)
    else:
        try:
            said = {"made": make(folder)}
        except BaseException:
            said = {"failed": traceback.format_exc()}
        part = record.with_suffix(".part")
        part.write_text(json.dumps(said), encoding="utf-8")
        os.replace(part, record)  # whole or not there
    said = json.loads(record.read_text(encoding="utf-8"))
    if "failed" in said:
        pytest.fail(f"making {name} failed:\n{said['failed']}")
    return folder, said["made"]


@pytest.fixture(scope="session", autouse=True)
def _real_build_in_the_background(request, tmp_path_factory):
    """When the session has tests that need the real site, its build starts at once, in a process of its own
    (tests/real_build.py), once for all workers; the tests that do not need it run meanwhile (they come first,
    see pytest_collection_modifyitems)."""
    if not any("real_build" in getattr(item, "fixturenames", ()) for item in request.session.items):
        yield
        return
    folder = _real_build_folder(tmp_path_factory)
    try:
        os.close(os.open(folder / "real-site.started", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:  # another worker started it
        yield
        return
    process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("real_build.py")), str(folder)])
    yield
    process.wait()


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto` (pytest.ini): one worker more than the machine has cores. Every worker spends part of its time
    waiting (for Chromium to draw, a test server to answer, the real site's build), and the extra worker keeps the
    cores busy meanwhile. On 2 cores, empty caches, two runs each (6 December 2026): three workers 79 and 80 s, two
    85 and 88 s, with the same CPU time (one core was idle for 21 s of the run with two workers, 4 s with three)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores + 1


def pytest_collection_modifyitems(items):
    """Tests that need the real site last, so that workers have other work while it builds; in each part, the
    modules with tests that drive Chromium (seconds each, where most others take milliseconds) first, so that
    no long test starts last while the other worker has nothing left. A module's tests keep pytest's order
    (which makes each parameter of a module fixture once), and the order is the same in every worker, as
    pytest-xdist requires."""
    def fixtures(item):
        return getattr(item, "fixturenames", ())

    with_browser = {item.module for item in items if "browser" in fixtures(item)}
    items.sort(key=lambda item: ("real_build" in fixtures(item), item.module not in with_browser))


@pytest.fixture(scope="session")
def real_build(tmp_path_factory, _real_build_in_the_background) -> tuple[Path, Result]:
    """The real site, built and checked once per test run: (its folder, what the build said). Tests only read it."""
    import time
    folder = _real_build_folder(tmp_path_factory)
    record, deadline = folder / "real-site.json", time.monotonic() + 900
    while not record.exists():
        assert time.monotonic() < deadline, f"the real site's build (tests/real_build.py) wrote no {record}"
        time.sleep(0.1)
    said = json.loads(record.read_text(encoding="utf-8"))
    return folder / "site", Result(said["code"], said["output"])


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
    yield start_serving(server)
    server.shutdown()
