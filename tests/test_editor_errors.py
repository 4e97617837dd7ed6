"""Mistakes an editor can make: each gives one clear line naming the file and the fix, exit 1, and the last
good site/ stays exactly as it was."""

import hashlib
import os
import shutil

import pytest

from conftest import run_build, run_plain_mkdocs

NAV = """
nav:
  - Beranda: index.md
  - Kontak: kontak.md
"""


def _fingerprint(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good_site(built_once):
    """A site published by a good build: every failed build below must leave a copy of it untouched."""
    project, result = built_once()
    assert result.code == 0, result.output
    return project / "site"


def _fails_cleanly(project, good_site, tmp_path, path, words):
    site = tmp_path / "published"
    shutil.copytree(good_site, site)
    before = _fingerprint(site)
    result = run_build(project, site)
    assert result.code == 1, result.output
    named = [line for line in result.lines_naming(path) if words in line]
    assert len(named) == 1, f"expected one line naming {path} with {words!r}:\n{result.output}"
    assert " — " in named[0], "the line says how to fix it"
    assert "is unchanged" in result.output
    assert _fingerprint(site) == before, "a failed build changed the published site"
    return result, named[0]


def test_malformed_front_matter(site_factory, good_site, tmp_path):
    _fails_cleanly(site_factory("broken_front_matter"), good_site, tmp_path,
                   "docs/kontak.id.md", "front matter cannot be read")


def test_page_missing_from_the_navigation(site_factory, good_site, tmp_path):
    project = site_factory("not_in_nav")
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write(NAV)
    result, line = _fails_cleanly(project, good_site, tmp_path, "docs/baru.id.md", "not in the navigation")
    assert "baru.md" in line.split(" — ", 1)[1], "the fix names the entry to add under nav:"
    assert [l for l in result.lines_naming("docs/baru.en.md") if "not in the navigation" in l]


def test_duplicate_slug(site_factory, good_site, tmp_path):
    result, line = _fails_cleanly(site_factory("duplicate_slug"), good_site, tmp_path,
                                  "docs/kontak/index.id.md", "would both be published at /kontak/")
    assert "docs/kontak.id.md" in line
    # Reported alone: MkDocs does not run, so no second, confusing message about the same files.
    assert len(result.lines_naming("docs/kontak/index.id.md")) == 1
    assert "first view gz" not in result.output


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_file_saved_as_utf16(site_factory, good_site, tmp_path, encoding):
    project = site_factory()
    page = project / "docs" / "kontak.id.md"
    page.write_bytes(page.read_text(encoding="utf-8").encode(encoding))
    result, line = _fails_cleanly(project, good_site, tmp_path, "docs/kontak.id.md:1", "UTF-16")
    assert "save it again with the encoding UTF-8" in line


def test_file_saved_in_a_windows_code_page(site_factory, good_site, tmp_path):
    project = site_factory()
    page = project / "docs" / "kontak.id.md"
    page.write_bytes(page.read_text(encoding="utf-8").replace("Kembali", "Kembali caf\u00e9").encode("cp1252"))
    _fails_cleanly(project, good_site, tmp_path, "docs/kontak.id.md", "not saved as UTF-8")


def test_utf8_with_byte_order_mark_is_fine(site_factory, tmp_path):
    """Notepad's "UTF-8 with BOM" is still UTF-8: it builds, and the page keeps its front matter."""
    project = site_factory()
    page = project / "docs" / "kontak.id.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())
    result = run_build(project, tmp_path / "site")
    assert result.code == 0, result.output
    html = (tmp_path / "site" / "kontak" / "index.html").read_text(encoding="utf-8")
    assert "Kontak contoh." in html and "reviewed:" not in html


def test_offline_zip_that_cannot_be_built(site_factory, good_site, tmp_path):
    """The zip is made from the built pages: when it cannot be, the cause is named and site/ stays as it was."""
    project = site_factory()
    config = project / "mkdocs.yml"
    # Ask for the zip as the real mkdocs.yml does; the fixture has no vendor/ folder, so the vendored
    # iframe-worker shim (search from a file) is missing.
    config.write_text(config.read_text(encoding="utf-8").replace("\nhooks:", "\nextra:\n  ka_offline_zip: true\nhooks:"),
                      encoding="utf-8")
    site = tmp_path / "published"
    shutil.copytree(good_site, site)
    before = _fingerprint(site)
    result = run_build(project, site)
    assert result.code == 1, result.output
    named = [line for line in result.lines_naming("vendor/iframe-worker/shim.js") if "offline zip" in line]
    assert named and " — restore the file" in named[0], result.output
    assert "is unchanged" in result.output
    assert _fingerprint(site) == before, "a failed build changed the published site"


def test_offline_zip_link_without_the_zip(site_factory, good_site, tmp_path):
    project = site_factory()
    for language in ("id", "en"):
        page = project / "docs" / f"kontak.{language}.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n<!-- offline-zip -->\n", encoding="utf-8")
    line = len((project / "docs" / "kontak.id.md").read_text(encoding="utf-8").splitlines())
    _, named = _fails_cleanly(project, good_site, tmp_path, f"docs/kontak.id.md:{line}", "links to the offline zip")
    assert "ka_offline_zip: true" in named.split(" — ", 1)[1]


def test_plain_mkdocs_shows_a_neutral_note_instead_of_the_zip(site_factory, tmp_path):
    """`mkdocs build` makes no zip: it builds (strict) and says so on the page; only the checked build insists."""
    project = site_factory()
    for language in ("id", "en"):
        page = project / "docs" / f"kontak.{language}.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n<!-- offline-zip -->\n", encoding="utf-8")
    out = tmp_path / "plain"
    code, said = run_plain_mkdocs(project, "--strict", "-q", "-d", str(out), env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert code == 0, said
    for path, words in (("kontak/index.html", "Pratinjau ini tidak membuatnya"),
                        ("en/kontak/index.html", "This preview does not make it")):
        html = (out / path).read_text(encoding="utf-8")
        assert words in html and "kerja-aman-offline.zip" not in html, path
