"""The site's languages come from mkdocs.yml (the i18n plugin's `languages:`), each with one strings file.

A third language, Bahasa Melayu (`ms`), is a fixture only: tests/fixtures/third_language/ holds its pages (copies
of the English ones), and each test adds it to the clean fixture's mkdocs.yml and, where it should build, copies
the English strings to overrides/strings/ms.yml. The real site has no Malay translation.
"""

import shutil
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, replace_once, run_build

import languages
from build import check_sources
from sitecheck.project import Project

ENGLISH = "        - locale: en\n          name: English\n"


def _with_malay(site_factory, strings: bool, *overlays: str):
    project = site_factory(*overlays, "third_language")
    replace_once(project / "mkdocs.yml", ENGLISH, ENGLISH + "        - locale: ms\n          name: Bahasa Melayu\n")
    if strings:
        malay = project / "overrides" / "strings" / "ms.yml"
        shutil.copy(project / "overrides" / "strings" / "en.yml", malay)
        replace_once(malay, "og_locale: en_GB", "og_locale: ms_MY")
    return project


def test_the_real_site_has_a_strings_file_per_language_with_the_same_keys():
    codes = Project.load(ROOT).languages
    assert codes[0] == "id"
    found, problems = languages.load(ROOT, codes)
    assert problems == [] and list(found) == codes


def test_a_third_language_builds_and_passes_every_check(site_factory, tmp_path):
    project = _with_malay(site_factory, strings=True)
    result = run_build(project, tmp_path / "site")
    assert result.code == 0, result.output
    assert "0 errors" in result.output
    site = tmp_path / "site"
    for rel in ("index.html", "en/index.html", "ms/index.html", "ms/kontak/index.html"):
        assert (site / rel).is_file(), rel
    # Every page links every other language (not only the last one), in the order of mkdocs.yml.
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["hreflang"] for a in home.select("a.ka-lang__link")] == ["en", "ms"]
    malay = BeautifulSoup((site / "ms/kontak/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["hreflang"] for a in malay.select("a.ka-lang__link")] == ["id", "en"]
    assert malay.find("meta", property="og:locale")["content"] == "ms_MY"
    # The one 404 page speaks every language, with a link to each home page.
    missing = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert [div["lang"] for div in missing.select("article div[lang], .md-content div[lang]")][:3] == ["id", "en", "ms"]
    assert missing.select_one('div[lang="ms"] a')["href"].endswith("/ms/")


def test_a_language_without_a_strings_file_stops_the_build_with_one_line(site_factory):
    result = run_build(_with_malay(site_factory, strings=False))
    assert result.code != 0
    lines = result.lines_naming("mkdocs.yml")
    assert lines == ["mkdocs.yml: the language 'ms' has no interface strings file overrides/strings/ms.yml — copy "
                     "overrides/strings/id.yml to overrides/strings/ms.yml and translate every text"], result.output


def test_a_key_missing_in_one_language_stops_the_build_naming_the_file_and_the_key(site_factory):
    project = site_factory()
    replace_once(project / "overrides" / "strings" / "en.yml", "  copy: Copy message\n", "")
    result = run_build(project)
    assert result.code != 0
    assert result.lines_naming("overrides/strings/en.yml") == [
        "overrides/strings/en.yml: the key 'share.copy' is missing (overrides/strings/id.yml has it) — add it under "
        "'share:', translated"], result.output


@pytest.mark.parametrize("group,key,english,indonesian,reader", [
    ("share", "copy", "Copy message", "Salin pesan", "a template (the share box)"),
    ("page", "permalink", "Link to this section", "Tautan ke bagian ini", "a hook (language_link.py)")])
def test_a_key_deleted_from_every_language_stops_the_build_with_one_line(site_factory, group, key, english,
                                                                         indonesian, reader):
    """The languages agree, so their comparison finds nothing, but a template or a hook still reads the key. Before, Jinja
    printed nothing for it and the build reported the consequences on every page (script code, or no error)."""
    project = site_factory()
    for code, text in (("en", english), ("id", indonesian)):
        replace_once(project / "overrides" / "strings" / f"{code}.yml", f"  {key}: {text}\n", "")
    result = run_build(project)
    assert result.code != 0
    assert result.errors() == [
        f"overrides/strings/id.yml: the site reads the key '{group}.{key}', which is missing — add it under "
        f"'{group}:' in every language's strings file (overrides/strings/)"], result.output


def _malay_copy(value):
    """Data with every English text copied as Malay: {id: …, en: …} gains ms, name_en gains name_ms."""
    if isinstance(value, list):
        return [_malay_copy(item) for item in value]
    if not isinstance(value, dict):
        return value
    copy = {key: _malay_copy(item) for key, item in value.items()}
    if set(value) == {"id", "en"}:
        copy["ms"] = copy["en"]
    for key in value:
        if str(key).endswith("_en"):
            copy[key[:-3] + "_ms"] = copy[key]
    return copy


def _malay_contacts(project):
    data = project / "docs" / "_data" / "contacts.yml"
    data.write_text(yaml.safe_dump(_malay_copy(yaml.safe_load(data.read_text(encoding="utf-8"))), allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")


def test_a_third_language_with_contact_data_builds_and_passes_every_check(site_factory, tmp_path):
    project = _with_malay(site_factory, True, "contacts_base")
    shutil.copy(project / "docs" / "kontak.en.md", project / "docs" / "kontak.ms.md")
    _malay_contacts(project)
    result = run_build(project, tmp_path / "site")
    assert result.code == 0, result.output
    page = BeautifulSoup((tmp_path / "site/ms/kontak/index.html").read_text(encoding="utf-8"), "html.parser")
    # Each number says from where it can be dialled, in the words of overrides/strings/ms.yml (here the English).
    notes = [note.get_text() for note in page.select(".ka-tel__note")]
    assert notes and all(note.startswith("(") for note in notes)
    assert "(from Indonesia)" in notes


def test_data_without_the_third_language_names_the_file_the_entry_and_the_field(site_factory):
    result = run_build(_with_malay(site_factory, True, "contacts_base"))
    assert result.code != 0
    lines = result.lines_naming("docs/_data/contacts.yml")
    assert "docs/_data/contacts.yml:15: the contact 'polri-110' has no 'name_ms' — add 'name_ms: …'" in lines, \
        result.output
    assert any("'region' that is not exactly one text per language — write it as "
               "'region: {id: \"…\", en: \"…\", ms: \"…\"}'" in line for line in lines), result.output


def test_the_glossary_asks_for_every_configured_language(site_factory):
    """Its source check, no build needed."""
    problems, _ = check_sources(Project.load(_with_malay(site_factory, True, "glossary")))
    assert "docs/_data/glossary.yml:2: the term 'p3mi' has no term.ms, meaning.ms — write the heading ('term'), " \
           "the meaning and the words in every language" in [str(p) for p in problems]


def test_the_call_sheet_asks_for_its_page_in_every_configured_language(site_factory):
    project = _with_malay(site_factory, True, "contacts_base")
    _malay_contacts(project)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "contacts.py"), "--project", str(project),
                             "call-sheet"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == ("scripts/call_sheet/ms.md: the call sheet has no page in 'ms' — copy "
                                     "scripts/call_sheet/id.md there and translate it")
