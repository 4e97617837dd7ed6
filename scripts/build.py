"""Build the site, check it, and publish it to site/ only when every check passes.

When mkdocs.yml asks for it (`extra: ka_offline_zip: true`), the offline copy (scripts/offline_zip.py) is
made from the built pages and published with the site as site/kerja-aman-offline.zip.

    python scripts/build.py            build and check; replace site/ if all is well
    python scripts/build.py --serve    live preview on http://127.0.0.1:8000/ (mkdocs serve: reloads on every
                                       save and shows the checks' problems on the page; publishes nothing)
    python scripts/build.py --online-links   also visit every external link (warnings only; see
                                       scripts/check_links_online.py)

Every problem is one line: `docs/<file>.md[:line]: what is wrong — how to fix it`. On any error the
command exits with 1 and the last good site/ stays exactly as it was.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sitecheck  # noqa: E402,F401 (puts overrides/hooks on the path)
# MkDocs runs with this variable set to "1" in the checked build: the hooks then make what only it makes (the offline
# zip, when mkdocs.yml asks for it: phone_offline_copy.wanted).
from phone_offline_copy import SWITCH as CHECKED_BUILD  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def start_mkdocs(root: Path, out_dir: Path, variables: dict[str, str] | None = None) -> subprocess.Popen:
    """`mkdocs build --strict` of the project in `root`, into `out_dir`, in a process of its own."""
    # UTF-8 output on every console (Windows included); a file, not a pipe, so MkDocs never waits for a reader.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8", **(variables or {}))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "-f", str(Path(root) / "mkdocs.yml"), "-d", str(out_dir)]
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.log_file = log
    return process


def start_checked_build(root: Path) -> tuple[Path, subprocess.Popen]:
    """(a private folder for this run, MkDocs building the site into its site-new/)."""
    # A private folder per run, beside site/ (same disk, so the final swap is a rename): two builds at
    # once (an editor's preview while the tests run) never share files.
    (Path(root) / ".build").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=Path(root) / ".build"))
    return work, start_mkdocs(root, work / "site-new", {CHECKED_BUILD: "1"})


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT, help="folder with mkdocs.yml (default: this project)")
    parser.add_argument("--site-dir", type=Path, help="where the checked site goes (default: <project>/site)")
    parser.add_argument("--serve", action="store_true",
                        help="live preview instead of a build: `mkdocs serve` with the checks after every save")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--online-links", action="store_true",
                        help="also visit every external link (needs the internet; only warns)")
    # For overrides/hooks/preview.py: check a preview build in a process of its own (the second core), while
    # the server goes on serving; MkDocs' warnings come on stdin, each problem goes out as one JSON line.
    parser.add_argument("--check-preview", type=Path, metavar="SITE_DIR", help=argparse.SUPPRESS)
    return parser


# `python scripts/build.py` (a checked build): MkDocs starts before this process imports the checks and reads
# mkdocs.yml (about 0.25 s, a twentieth of the build); they load while it builds, on the other core.
_ARGS = parser().parse_args() if __name__ == "__main__" else None
STARTED = start_checked_build(_ARGS.project.resolve()) if _ARGS and not (_ARGS.serve or _ARGS.check_preview) else None

from sitecheck.mkdocs_log import problems_from_log  # noqa: E402
from sitecheck.model import BuiltSite, ParseAhead, Problem, errors, find_line, read_sources, warnings  # noqa: E402
from sitecheck.project import ConfigError, Project  # noqa: E402
from sitecheck.size_report import format_report, measure  # noqa: E402


def run_mkdocs(project: Project, out_dir: Path, variables: dict[str, str] | None = None) -> tuple[bool, str]:
    return finish_mkdocs(start_mkdocs(project.root, out_dir, variables))


def finish_mkdocs(process: subprocess.Popen) -> tuple[bool, str]:
    """(whether MkDocs built the site, everything it printed)."""
    process.wait()
    process.log_file.seek(0)
    log = process.log_file.read().decode("utf-8", errors="replace")
    process.log_file.close()
    return process.returncode == 0, log


def build_failed(project: Project, log: str, what: str) -> list[Problem]:
    """Why MkDocs stopped: its warnings in editors' words, or else the end of its log."""
    problems = problems_from_log(project, log)
    if not problems:
        tail = "\n".join(log.strip().splitlines()[-15:])
        problems.append(Problem("mkdocs.yml", f"MkDocs could not build {what}:\n{tail}\n",
                                "read the MkDocs message above; it names the file to correct"))
    return problems


def check_sources(project: Project) -> tuple[list[Problem], list[Problem]]:
    """(every problem in the Markdown sources, those that stop MkDocs from building at all)."""
    # Imported here, not at the top: every check module loads while MkDocs already builds on the other core.
    from sitecheck import registry
    sources, unreadable = read_sources(project)
    # Two files for one address: MkDocs would silently publish one of them. Report it alone, like unreadable files.
    unreadable += [problem for check in registry.stopping_checks() for problem in check(project, sources)]
    problems = unreadable + [problem for check in registry.source_checks() for problem in check(project, sources)]
    return problems, unreadable


def check_site(project: Project, site_dir: Path, preview: bool = False,
               parsed: dict | None = None) -> tuple[list[Problem], list]:
    """(every problem in the built HTML, the size of each page); the site is parsed once for all checks
    (`parsed`: pages ParseAhead read while MkDocs was building)."""
    from sitecheck import registry
    site = BuiltSite.load(project, site_dir, preview, parsed)
    return run_checks(site, registry.site_checks()), measure(site)


def run_checks(site: BuiltSite, checks: list, split: bool | None = None) -> list[Problem]:
    """Every check's problems on `site`, in the order of `checks`.

    They run after MkDocs has finished, so they are all the time a checked build takes beyond MkDocs. With `split`
    (default: when the machine has two cores and this process no other thread, which a fork would not copy),
    every other check runs in a forked copy of this process, which shares the parsed pages, while this one runs
    the rest: both cores work, and the problems come back in the same order."""
    if split is None:
        split = hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
    if not split:
        return [problem for check in checks for problem in check(site)]
    reader, writer = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # the copy's garbage collector leaves the shared pages unwritten (copy-on-write stays cheap)
    child = os.fork()
    if child == 0:
        os.close(reader)
        try:
            said = pickle.dumps([list(check(site)) for check in checks[1::2]])
        except BaseException:
            said = pickle.dumps(traceback.format_exc())
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(said)
        os._exit(0)
    gc.unfreeze()
    os.close(writer)
    mine = [list(check(site)) for check in checks[0::2]]
    with os.fdopen(reader, "rb") as pipe:
        answer = pipe.read()
    _, status = os.waitpid(child, 0)
    # A copy killed before it answered (out of memory) says nothing: that, too, is a failed check run.
    theirs = pickle.loads(answer) if answer else f"it stopped without an answer (exit status {status})"
    if isinstance(theirs, str):
        raise RuntimeError(f"a site check failed in the second process:\n{theirs}")
    found = [None] * len(checks)
    found[0::2], found[1::2] = mine, theirs
    return [problem for problems in found for problem in problems]


def check_preview(project: Project, site_dir: Path, mkdocs_log: str) -> list[Problem]:
    """Every problem of a preview build (`mkdocs serve`): the sources, MkDocs' own warnings, the built pages."""
    problems, stopped = check_sources(project)
    problems += problems_from_log(project, mkdocs_log)
    if not stopped:
        problems += check_site(project, site_dir, preview=True)[0]
    return list(dict.fromkeys(problems))


def build(project: Project, site_dir: Path, out=sys.stdout,
          started: tuple[Path, subprocess.Popen] | None = None) -> int:
    """The checked build; `started`: what start_checked_build returned, when MkDocs is already building."""
    began = time.monotonic()
    # MkDocs builds in its own process while this one checks the sources: two cores, both busy.
    work, mkdocs = started or start_checked_build(project.root)
    new_site = work / "site-new"
    problems, stopped = check_sources(project)
    sizes = []
    # A file that cannot be read (front matter, encoding) makes MkDocs fail in confusing ways: report it
    # alone, and build once it is fixed.
    parsed = {}
    if stopped:
        mkdocs.kill()
        finish_mkdocs(mkdocs)
        built, log = False, ""
    else:
        # Meanwhile, this process reads the pages MkDocs has written: both cores stay busy.
        parsed = ParseAhead(new_site).run(lambda: mkdocs.poll() is None)
        built, log = finish_mkdocs(mkdocs)
    if built:
        found, sizes = check_site(project, new_site, parsed=parsed)
        problems += found
    elif log:
        problems += build_failed(project, log, "the site")

    problems = list(dict.fromkeys(problems))
    if sizes:
        print(format_report(sizes), file=out)
        print(file=out)
    print_problems(problems, out)
    seconds = time.monotonic() - began
    found = errors(problems)
    if found or not built:
        shutil.rmtree(work, ignore_errors=True)
        print(f"\n{len(found)} error(s), {len(warnings(problems))} warning(s) in {seconds:.1f} s. "
              f"Nothing was published: {project.rel(site_dir)}/ is unchanged.", file=out)
        return 1
    _publish(new_site, site_dir, work)
    shutil.rmtree(work, ignore_errors=True)
    print(f"0 errors, {len(warnings(problems))} warning(s) in {seconds:.1f} s. "
          f"Published to {project.rel(site_dir)}/ ({len(sizes)} pages).", file=out)
    return 0


def config_problem(error: ConfigError, root: Path) -> Problem:
    """A setting of mkdocs.yml that MkDocs rejects, on its line."""
    key = re.search(r"Config value '(\w+)", str(error))
    return Problem("mkdocs.yml", f"MkDocs cannot use a setting: {error}",
                   "correct the setting it names in mkdocs.yml (see the MkDocs message)",
                   find_line(Path(root) / "mkdocs.yml", f"{key.group(1)}:") if key else None)


def print_problems(problems: list[Problem], out=sys.stdout) -> None:
    for label, group in (("Warnings", warnings(problems)), ("Errors", errors(problems))):
        if group:
            print(f"{label} ({len(group)}):", file=out)
            for problem in group:
                print(f"  {problem}", file=out)


def _publish(new_site: Path, site_dir: Path, work: Path) -> None:
    """Swap the checked build into place; the old site is removed only after the new one is there.

    The swap is two renames, which only work within one file system. A --site-dir on another one than the project's
    .build/ (a USB disk; the tests' folders in memory) gets the build copied into a folder beside it first."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    if work.stat().st_dev == site_dir.parent.stat().st_dev:
        _swap(new_site, site_dir, work / "site-old")
        return
    beside = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        shutil.copytree(new_site, beside / "site-new", symlinks=True)
        _swap(beside / "site-new", site_dir, beside / "site-old")
    finally:
        shutil.rmtree(beside, ignore_errors=True)


def _swap(new_site: Path, site_dir: Path, old: Path) -> None:
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    new_site.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


# `make serve`: MkDocs' server may stop with this code to load edited hook code (overrides/hooks/preview.py).
RESTART_SWITCH = "KA_PREVIEW_RESTARTS"
RESTART_EXIT = 75


def serve(project: Project, port: int) -> int:
    """The editors' live preview: MkDocs' own `serve`, which rebuilds and reloads the browser on every save.

    overrides/hooks/preview.py runs the same checks after each rebuild and shows the problems on the page. Not
    strict: a warning is listed with the other problems instead of stopping the rebuild. MkDocs keeps a hook's code
    for the life of the server, so when a hook file changes the server stops with RESTART_EXIT and starts again
    here with the new code (the open pages reload once it is back)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **{RESTART_SWITCH: "1"})
    command = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "-f", str(project.root / "mkdocs.yml"),
               "-a", f"127.0.0.1:{port}"]
    try:
        while (code := subprocess.call(command, cwd=project.root, env=env)) == RESTART_EXIT:
            pass
        return code
    except KeyboardInterrupt:
        return 0


def main(argv: list[str] | None = None) -> int:
    args = _ARGS if argv is None and _ARGS is not None else parser().parse_args(argv)
    started = STARTED if args is _ARGS else None
    try:
        project = Project.load(args.project)
    except BaseException as error:
        if started:  # the MkDocs started before mkdocs.yml was read: stopped, its folder removed
            started[1].kill()
            finish_mkdocs(started[1])
            shutil.rmtree(started[0], ignore_errors=True)
        if not isinstance(error, ConfigError):
            raise
        # MkDocs itself would stop on this setting: one line, and nothing else is tried.
        problem = config_problem(error, args.project)
        if args.check_preview:
            print(json.dumps(dataclasses.asdict(problem)))
            return 0
        print_problems([problem])
        print("\n1 error(s). Nothing was published: site/ is unchanged.")
        return 1
    if args.check_preview:
        for problem in check_preview(project, args.check_preview, sys.stdin.read()):
            print(json.dumps(dataclasses.asdict(problem)))  # ASCII: safe on any console encoding
        return 0
    if args.serve:
        return serve(project, args.port)
    site_dir = (args.site_dir or project.root / "site").resolve()
    status = build(project, site_dir, started=started)
    if args.online_links:
        import check_links_online
        print()
        check_links_online.main(["--project", str(project.root)])
    return status


if __name__ == "__main__":
    sys.exit(main())
