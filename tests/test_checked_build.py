"""How scripts/build.py spends the time it adds to MkDocs (issue 28: the checked build costs at most 1.3 times a plain
`mkdocs build`, measured by `make bench-build`): MkDocs starts before the checks are even imported, and the HTML
checks, which run after MkDocs, use both cores."""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT
from sitecheck import registry
from sitecheck.model import BuiltSite, Problem
from sitecheck.project import Project

import build


def test_mkdocs_starts_before_the_checks_are_imported(tmp_path, monkeypatch):
    """`python scripts/build.py` starts MkDocs first: the checks, BeautifulSoup and MkDocs' own config loader are not
    loaded yet (they load while MkDocs builds), and MkDocs is told that this is the checked build, which makes the
    offline zip when mkdocs.yml asks for it."""
    started = {}

    class Started(Exception):
        pass

    def popen(command, *args, **kwargs):
        started.update(command=command, env=kwargs["env"],
                       loaded=[name for name in ("bs4", "sitecheck.model", "sitecheck.registry", "mkdocs.config")
                               if name in sys.modules])
        raise Started

    for name in [name for name in sys.modules if name == "bs4" or name.startswith(("bs4.", "sitecheck.", "mkdocs"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.setattr(sys, "argv", ["scripts/build.py", "--project", str(tmp_path)])
    with pytest.raises(Started):
        runpy.run_path(str(ROOT / "scripts" / "build.py"), run_name="__main__")
    assert started["command"][1:4] == ["-m", "mkdocs", "build"], started
    assert started["loaded"] == [], f"loaded before MkDocs started: {started['loaded']}"
    assert started["env"].get(build.CHECKED_BUILD) == "1"


def _site_with_defects(built_site) -> BuiltSite:
    """The real built pages, with defects planted in three of them (as strings: nothing is built)."""
    texts = {path.relative_to(built_site).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted(built_site.rglob("*.html"))}
    plants = {"kontak/index.html": ("</article>", '<a href="../tidak-ada/">x</a></article>'),
              "en/index.html": ("</article>", '<img src="x.png"><script src="https://cdn.example.com/a.js"></script></article>'),
              "tppo/index.html": ("</article>", '<a href="../kontak/#tidak-ada">x</a></article>')}
    for rel, (old, new) in plants.items():
        assert old in texts[rel], f"{rel} no longer has {old!r}: plant the defect elsewhere"
        texts[rel] = texts[rel].replace(old, new, 1)
    return BuiltSite.from_html(Project.load(ROOT), texts, built_site)


def test_the_checks_find_the_same_problems_on_one_core_and_on_two(built_site):
    """With two cores, every other HTML check runs in a forked copy of the build's process: the problems are the same,
    in the same order, as when one process runs them all."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system: the checks always run in one process")
    checks, site = registry.site_checks(), _site_with_defects(built_site)
    one = build.run_checks(site, checks, split=False)
    two = build.run_checks(site, checks, split=True)  # the pages parsed by the first run: the copy shares them
    said = "\n".join(map(str, one))
    assert "tidak-ada/" in said and "#tidak-ada" in said and "cdn.example.com" in said, said
    assert [str(problem) for problem in two] == [str(problem) for problem in one]


def test_each_checks_problems_keep_their_place():
    """Five checks, two problems each: split between two processes, they come back in the checks' order."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    checks = [lambda site, n=n: [Problem(f"docs/c{n}.md", f"problem {n}.{k}", "fix it") for k in (1, 2)]
              for n in range(5)]
    found = build.run_checks(None, checks, split=True)
    assert [problem.message for problem in found] == [f"problem {n}.{k}" for n in range(5) for k in (1, 2)]


def test_a_check_that_fails_in_the_second_process_is_reported():
    def broken(site):
        raise ValueError("planted failure")

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    with pytest.raises(RuntimeError, match="planted failure"):
        build.run_checks(None, [lambda site: [], broken], split=True)


def test_a_second_process_that_dies_is_reported():
    def killed(site):
        os._exit(9)  # as the system ends a process that runs out of memory: no answer at all

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    with pytest.raises(RuntimeError, match="stopped without an answer"):
        build.run_checks(None, [lambda site: [], killed], split=True)


def test_mkdocs_started_early_is_stopped_when_the_project_cannot_be_read(tmp_path, monkeypatch):
    """MkDocs starts before mkdocs.yml is read. If reading it fails in any way (not only a rejected setting), that
    MkDocs is stopped and its private folder removed before the error goes on."""
    class Process:
        returncode, killed = None, False

        def kill(self):
            self.killed = True

        def wait(self):
            self.returncode = -9
            return self.returncode

    started = Process()
    monkeypatch.setattr(subprocess, "Popen", lambda *args, **kwargs: started)
    monkeypatch.setattr(Project, "load", classmethod(lambda cls, root: (_ for _ in ()).throw(RuntimeError("planted"))))
    monkeypatch.setattr(sys, "argv", ["scripts/build.py", "--project", str(tmp_path)])
    with pytest.raises(RuntimeError, match="planted"):
        runpy.run_path(str(ROOT / "scripts" / "build.py"), run_name="__main__")
    assert started.killed
    assert list((tmp_path / ".build").iterdir()) == [], "the early build's folder is left behind"


def _another_file_system(than: Path) -> Path | None:
    """A folder for temporary files on another file system than `than`: Debian always has /dev/shm in memory, and
    the project's own .build/ is on the disk (conftest.py may put the temporary folder in memory)."""
    (ROOT / ".build").mkdir(exist_ok=True)
    for candidate in (Path("/dev/shm"), Path(tempfile.gettempdir()), ROOT / ".build"):
        if candidate.is_dir() and os.access(candidate, os.W_OK) and candidate.stat().st_dev != than.stat().st_dev:
            return candidate
    return None


def test_a_site_folder_on_another_file_system_is_published(tmp_path):
    """`--site-dir` on another disk than the project's .build/: the checked build cannot be renamed there, so it is
    copied beside the site folder first; the old site is replaced whole and nothing is left beside it."""
    elsewhere = _another_file_system(tmp_path)
    if elsewhere is None:
        message = f"no second file system beside {tmp_path} (/dev/shm, the temporary folder or .build/)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI machines have /dev/shm")
        pytest.skip(message)
    work = tmp_path / "run"
    (work / "site-new" / "kontak").mkdir(parents=True)
    (work / "site-new" / "kontak" / "index.html").write_text("baru", encoding="utf-8")
    (work / "site-new" / "sw.js").write_text("// baru", encoding="utf-8")
    parent = Path(tempfile.mkdtemp(dir=elsewhere))
    try:
        site_dir = parent / "site"
        (site_dir / "lama").mkdir(parents=True)
        (site_dir / "lama" / "index.html").write_text("lama", encoding="utf-8")
        build._publish(work / "site-new", site_dir, work)
        assert sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")) == \
            ["kontak", "kontak/index.html", "sw.js"]
        assert (site_dir / "kontak" / "index.html").read_text(encoding="utf-8") == "baru"
        assert [p.name for p in parent.iterdir()] == ["site"], "the copy's folder was left beside the site"
    finally:
        shutil.rmtree(parent)
