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


def test_mkdocs_yml_has_no_duplicate_keys():
    """A merge that writes a key twice silently drops the first list (YAML keeps the last)."""
    import yaml

    class StrictLoader(yaml.SafeLoader):
        pass

    def no_duplicates(loader, node, deep=False):
        keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
        repeated = sorted({k for k in keys if keys.count(k) > 1}, key=str)
        assert not repeated, f"mkdocs.yml line {node.start_mark.line + 1}: keys written twice: {repeated}"
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, no_duplicates)
    StrictLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
    yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=StrictLoader)


def test_the_tests_temporary_files_go_to_memory_unless_tmpdir_is_set(monkeypatch, tmp_path):
    """conftest.py points TMPDIR at /dev/shm (memory) when it has room and nobody set TMPDIR."""
    import collections
    import os
    import shutil
    import tempfile

    import conftest
    monkeypatch.setattr(conftest, "IN_MEMORY", tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", tempfile.tempdir)  # put back after the test
    monkeypatch.delenv("TMPDIR", raising=False)
    conftest._temporary_files_in_memory()
    assert os.environ["TMPDIR"] == str(tmp_path) and tempfile.gettempdir() == str(tmp_path)

    monkeypatch.setenv("TMPDIR", "/elsewhere")
    conftest._temporary_files_in_memory()
    assert os.environ["TMPDIR"] == "/elsewhere", "a TMPDIR of the user's was replaced"

    monkeypatch.delenv("TMPDIR")
    usage = collections.namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(2 ** 30, 2 ** 30 - 2 ** 20, 2 ** 20))
    conftest._temporary_files_in_memory()
    assert "TMPDIR" not in os.environ, "the temporary files went to memory without room for them"
