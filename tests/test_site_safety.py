"""A failed build never touches the published site; the real site builds and passes every check."""

import hashlib
import shutil

from conftest import ROOT, run_build


def _fingerprint(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_leaves_site_byte_for_byte(site_factory, built_once, tmp_path):
    clean, published = built_once()
    assert published.code == 0, published.output
    site = tmp_path / "published"
    shutil.copytree(clean / "site", site)
    project = site_factory()
    before = _fingerprint(site)
    assert before, "the first build published files"
    (project / "docs" / "kontak.en.md").write_text(
        "---\ndescription: x\n---\n\n# Contacts { #kontak }\n\n## Emergency { #darurat }\n\n[gone](gone.md)\n",
        encoding="utf-8")
    result = run_build(project, site)
    assert result.code == 1
    assert "is unchanged" in result.output
    assert _fingerprint(site) == before


def test_good_build_replaces_site(site_factory, tmp_path):
    project = site_factory()
    site = tmp_path / "published"
    site.mkdir()
    (site / "stale.html").write_text("old", encoding="utf-8")
    assert run_build(project, site).code == 0
    assert not (site / "stale.html").exists()
    assert (site / "en" / "kontak" / "index.html").exists()


def test_real_site_builds_and_passes_every_check(real_build):
    _, result = real_build
    assert result.code == 0, result.output
    assert "0 errors" in result.output
    assert "first view gz" in result.output
