"""Issue 28, point 8: the escape path off MkDocs 1.x is proven. ProperDocs (the maintained continuation of
MkDocs 1.6, pinned in requirements-test.txt) builds the same site as `mkdocs build`, apart from the generator
tag and what is measured from the pages' bytes (the offline copy's sizes, the service worker's build hash).

Two plain builds of the whole site: it runs in CI (`CI` set, as .ci/run does) and when asked for with
KA_ESCAPE_PATH=1, not in every local run (see ARCHITECTURE.md, "Leaving MkDocs 1 and Material 9")."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(not (os.environ.get("CI") or os.environ.get("KA_ESCAPE_PATH")),
                                reason="two full builds: runs in CI, or with KA_ESCAPE_PATH=1")

# Either order of the attributes: the minify hook writes `<meta content="…" name=generator>`, 404.html keeps Material's.
GENERATOR = re.compile(r'<meta (?:name="?generator"? content="([^"]*)"|content="([^"]*)" name="?generator"?)>')
# Measured from the pages' bytes, which the generator tag changes: the offline copy's sizes and the worker's hash.
SIZES = re.compile(r'"(bytes|gzip)": ?\d+')
BUILD_HASH = re.compile(r'const BUILD = "[0-9a-f]+";')


def _normal(rel: str, data: bytes) -> bytes:
    if rel.endswith(".html"):
        return GENERATOR.sub("<meta generator>", data.decode("utf-8")).encode("utf-8")
    if rel.endswith("offline.json"):
        return SIZES.sub(r'"\1": …', data.decode("utf-8")).encode("utf-8")
    if rel == "sw.js":
        return BUILD_HASH.sub('const BUILD = "…";', data.decode("utf-8")).encode("utf-8")
    return data


def generator(html: str) -> str | None:
    match = GENERATOR.search(html)
    return match and (match.group(1) or match.group(2))


def _tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def differences(mkdocs_site: Path, properdocs_site: Path) -> list[str]:
    """The files that are not the same in both builds once the generator tag and its consequences are set aside."""
    one, other = _tree(mkdocs_site), _tree(properdocs_site)
    found = [f"only in the MkDocs build: {rel}" for rel in sorted(set(one) - set(other))]
    found += [f"only in the ProperDocs build: {rel}" for rel in sorted(set(other) - set(one))]
    found += [f"differs: {rel}" for rel in sorted(set(one) & set(other))
              if _normal(rel, one[rel]) != _normal(rel, other[rel])]
    return found


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    runs = {tool: subprocess.Popen([sys.executable, "-m", tool, "build", "-q", "-d", str(tmp_path / tool)],
                                   cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for tool in ("mkdocs", "properdocs")}   # side by side: one core each
    for tool, run in runs.items():
        output = run.communicate(timeout=600)[0]
        assert run.returncode == 0, f"{tool} build failed:\n{output}"
    index = {tool: (tmp_path / tool / "index.html").read_text(encoding="utf-8") for tool in runs}
    assert generator(index["mkdocs"]).startswith("mkdocs-1."), generator(index["mkdocs"])
    assert "ProperDocs" in (generator(index["properdocs"]) or ""), "the second build was not ProperDocs'"
    found = differences(tmp_path / "mkdocs", tmp_path / "properdocs")
    assert not found, "\n".join(found)
