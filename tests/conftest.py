"""Shared helpers: build a copy of a fixture site with one defect planted, and read what the build said."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT / "scripts"))

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


def run_build(project: Path, site_dir: Path | None = None) -> Result:
    out = io.StringIO()
    loaded = Project.load(project)
    code = build.build(loaded, (site_dir or project / "site").resolve(), out=out)
    return Result(code, out.getvalue())


@pytest.fixture
def site_factory(tmp_path):
    return lambda *overlays: make_site(tmp_path, *overlays)
