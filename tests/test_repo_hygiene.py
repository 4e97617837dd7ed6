"""The repository itself stays clean: no merge leftovers, no build output or environments committed."""

import subprocess

from conftest import ROOT


def _tracked():
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line]


def test_no_build_output_environment_or_cache_is_tracked():
    bad = [p for p in _tracked() if p.split("/")[0] in {"site", ".venv", ".build", ".cache"}
           or "__pycache__" in p or p.endswith(".pyc")]
    assert not bad, f"these must not be committed: {bad}"


def test_no_merge_conflict_markers():
    markers = ("<<<<<<< ", ">>>>>>> ")
    found = []
    for rel in _tracked():
        path = ROOT / rel
        if not path.is_file() or path.is_symlink():
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        found += [f"{rel}:{n}" for n, line in enumerate(lines, 1) if line.startswith(markers)]
    assert not found, f"unresolved merge conflicts at {found}"
