"""Translation freshness: the English records which Indonesian it follows; the build warns when it falls behind."""

import datetime
import re
import io

import pytest

from conftest import replace_once, run_build

import translations  # scripts/translations.py (conftest puts scripts/ on the path)
from sitecheck.project import Project
from freshness_checks import MAX_AGE_MONTHS, contact_age_problems, months_before, version_of

STALE = "has changed since this translation was made"
UNRECORDED = "does not record which version"


def _run(project, *args):
    out = io.StringIO()
    loaded = Project.load(project)
    if args[0] == "report":
        code = translations.report(loaded, out=out)
    else:
        every = "--all" in args
        code = translations.update(loaded, [project / a for a in args[1:] if a != "--all"], every, out=out)
    return code, out.getvalue()


class _Checked:
    """The source checks alone (no MkDocs build): the same lines the build prints, in a fraction of the time."""
    def __init__(self, project):
        from build import check_sources
        problems, _ = check_sources(Project.load(project))
        self.output = "\n".join(str(p) for p in problems)

    def lines_naming(self, path):
        return [line for line in self.output.splitlines() if line.startswith(path)]


@pytest.fixture
def recorded(site_factory):
    """The clean fixture with every translation recorded as up to date."""
    project = site_factory()
    code, output = _run(project, "update", "--all")
    assert code == 0, output
    return project


def test_update_all_records_every_translation_and_the_build_is_quiet(recorded):
    for page in ("index.en.md", "kontak.en.md"):
        assert "translation_of: " in (recorded / "docs" / page).read_text(encoding="utf-8")
    result = run_build(recorded)
    assert result.code == 0, result.output
    assert STALE not in result.output and UNRECORDED not in result.output
    code, report = _run(recorded, "report")
    assert "0 stale, 0 not recorded" in report


def test_changed_original_makes_a_warning_naming_the_english_page(recorded):
    replace_once(recorded / "docs" / "kontak.id.md", "Kembali ke", "Silakan kembali ke")
    result = run_build(recorded)
    assert result.code == 0, "a stale translation is a warning, not an error\n" + result.output
    lines = [line for line in result.lines_naming("docs/kontak.en.md") if STALE in line]
    assert lines, result.output
    assert "docs/kontak.id.md" in lines[0] and "translations.py update docs/kontak.en.md" in lines[0]
    assert result.output.index("Warnings (") < result.output.index(lines[0])
    assert not [line for line in result.lines_naming("docs/index.en.md") if STALE in line]
    code, report = _run(recorded, "report")
    assert "STALE       docs/kontak.en.md" in report and "1 stale" in report


def test_update_one_page_makes_it_fresh_and_touches_only_the_record(recorded):
    english = recorded / "docs" / "kontak.en.md"
    replace_once(recorded / "docs" / "kontak.id.md", "Situs [resmi]", "Situs web [resmi]")
    before = english.read_text(encoding="utf-8").splitlines()
    code, output = _run(recorded, "update", "docs/kontak.en.md")
    assert code == 0 and "1 page(s) updated" in output
    after = english.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 1 and changed[0][1].startswith("translation_of: ")
    result = _Checked(recorded)
    assert STALE not in result.output, result.output


@pytest.mark.parametrize("file,old,new", [
    ("kontak.id.md", "reviewed: 2026-11-01", "reviewed: 2026-11-20"),      # facts re-checked, no words changed
    ("kontak.en.md", "Back to the", "Go back to the"),                     # the English itself improved
    ("kontak.id.md", "Situs [resmi](https://example.org/).", "Situs [resmi](https://example.org/).   \n\n"),
])
def test_changes_that_need_no_translation_do_not_make_it_stale(recorded, file, old, new):
    replace_once(recorded / "docs" / file, old, new)
    result = _Checked(recorded)
    assert STALE not in result.output, result.output


def test_windows_line_endings_do_not_make_it_stale(recorded):
    original = recorded / "docs" / "kontak.id.md"
    original.write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))
    code, report = _run(recorded, "report")
    assert "0 stale" in report, report


@pytest.mark.parametrize("old,new", [
    ("description: Kontak contoh.", "description: Kontak contoh yang baru."),
    ("  - title: Fixture source", "  - title: Sumber lain"),
])
def test_translated_front_matter_counts(recorded, old, new):
    replace_once(recorded / "docs" / "kontak.id.md", old, new)
    result = _Checked(recorded)
    assert [line for line in result.lines_naming("docs/kontak.en.md") if STALE in line], result.output


def test_unrecorded_translation_is_a_warning_and_in_the_report(site_factory):
    project = site_factory()
    result = _Checked(project)
    assert [line for line in result.lines_naming("docs/kontak.en.md") if UNRECORDED in line], result.output
    code, report = _run(project, "report")
    assert "UNRECORDED  docs/kontak.en.md" in report


def test_update_refuses_an_indonesian_page(site_factory):
    project = site_factory()
    code, output = _run(project, "update", "docs/kontak.id.md")
    assert code == 1 and "give the English file" in output
    assert "translation_of" not in (project / "docs" / "kontak.id.md").read_text(encoding="utf-8")


def test_the_hash_ignores_only_untranslated_fields():
    base = version_of({"description": "a", "reviewed": datetime.date(2026, 1, 1)}, "text\n")
    assert base == version_of({"description": "a", "reviewed": datetime.date(2026, 5, 1), "draft": True}, "text")
    assert base != version_of({"description": "b", "reviewed": datetime.date(2026, 1, 1)}, "text")
    assert base != version_of({"description": "a"}, "text changed")
    assert base != version_of({"description": "a", "share": "*new*"}, "text")


# --- reviewed ages ----------------------------------------------------------------------------

def test_old_review_is_a_warning_in_build_and_report(site_factory):
    project = site_factory()
    old = months_before(datetime.date.today(), MAX_AGE_MONTHS + 1)
    replace_once(project / "docs" / "kontak.id.md", "reviewed: 2026-11-01", f"reviewed: {old}")
    replace_once(project / "docs" / "kontak.en.md", "reviewed: 2026-11-01", f"reviewed: {datetime.date.today()}")
    result = run_build(project)
    assert result.code == 0, result.output
    lines = [line for line in result.lines_naming("docs/kontak.id.md:3") if "last reviewed on" in line]
    assert lines and f"more than {MAX_AGE_MONTHS} months ago" in lines[0], result.output
    assert not [line for line in result.lines_naming("docs/kontak.en.md") if "last reviewed on" in line]
    code, report = _run(project, "report")
    assert "OLD         docs/kontak.id.md:3" in report


def test_review_just_inside_the_age_is_quiet(site_factory):
    project = site_factory()
    recent = months_before(datetime.date.today(), MAX_AGE_MONTHS) + datetime.timedelta(days=1)
    replace_once(project / "docs" / "kontak.id.md", "reviewed: 2026-11-01", f"reviewed: {recent}")
    result = _Checked(project)
    assert not [line for line in result.lines_naming("docs/kontak.id.md") if "last reviewed on" in line]


@pytest.mark.parametrize("day,months,expected", [
    ("2026-03-31", 1, "2026-02-28"), ("2028-02-29", 12, "2027-02-28"), ("2026-01-15", 12, "2025-01-15"),
    ("2026-01-31", 2, "2025-11-30"),
])
def test_months_before(day, months, expected):
    assert months_before(datetime.date.fromisoformat(day), months) == datetime.date.fromisoformat(expected)


CONTACTS = """\
# contacts
groups: []
contacts:
- id: hotline-lama
  name_id: Hotline lama
  phone:
    - as_written: "0800-1"
  source_date: {old}
- id: hotline-baru
  name_id: Hotline baru
  source_date: {new}
- id: tanpa-tanggal
  name_id: Tanpa tanggal
- id: bulan-saja
  source_date: "{old_month}"
- id: tahun-saja
  source_date: "{old_year}"
- id: bulan-ini
  source_date: "{this_month}"
- id: sumber-lama-ditelepon-baru
  source_date: {old}
  calls:
    - {{date: {new}, by: Tes, result: answered}}
- id: telepon-lama
  source_date: {new}
  calls:
    - {{date: {old}, by: Tes, result: answered}}
- id: tidak-dijawab
  source_date: {old}
  calls:
    - {{date: {new}, by: Tes, result: no_answer}}
"""


def test_contact_not_confirmed_for_too_long_is_reported_from_the_call_or_the_source_date(site_factory):
    project = site_factory()
    today = datetime.date.today()
    (project / "docs" / "_data").mkdir(exist_ok=True)
    (project / "docs" / "_data" / "contacts.yml").write_text(
        CONTACTS.format(old=months_before(today, MAX_AGE_MONTHS + 2), new=today,
                        old_month=months_before(today, MAX_AGE_MONTHS + 1).isoformat()[:7],
                        old_year=today.year - 2, this_month=today.isoformat()[:7]), encoding="utf-8")
    problems = contact_age_problems(Project.load(project))
    assert [p.message.split("'")[1] for p in problems] == [
        "hotline-lama", "bulan-saja", "tahun-saja", "telepon-lama", "tidak-dijawab"], problems
    assert str(problems[0]).startswith("docs/_data/contacts.yml:8: the contact 'hotline-lama' has never been checked "
                                       "by phone, and its newest source is from")
    assert f"its newest source is from {today.year - 2}," in problems[2].message, "a year only stays a year"
    assert "was last checked by phone (answered) on" in problems[3].message
    assert "has never been checked by phone" in problems[4].message, "a call nobody answered checks nothing"
    assert not any(re.search(r"verified", str(p), re.I) for p in problems)
    code, report = _run(project, "report")
    assert "5 contacts" in report and "hotline-lama" in report


@pytest.mark.parametrize("text", [None, "- id: x\n  source_date: [unclosed\n", "contacts:\n  - id: x\n", "{}"])
def test_contacts_file_absent_broken_or_without_dates_is_not_our_error(site_factory, text):
    project = site_factory()
    if text is not None:
        (project / "docs" / "_data").mkdir(exist_ok=True)
        (project / "docs" / "_data" / "contacts.yml").write_text(text, encoding="utf-8")
    assert contact_age_problems(Project.load(project)) == []


def test_contacts_are_read_by_the_contact_books_loader_and_reported_at_their_line(site_factory):
    project = site_factory()
    (project / "docs" / "_data").mkdir(exist_ok=True)
    (project / "docs" / "_data" / "contacts.yml").write_text(
        "groups:\n  - id: darurat\ncontacts:\n  - id: lama\n    source_date: 2020-01-02\n", encoding="utf-8")
    problems = contact_age_problems(Project.load(project))
    assert [(p.line, p.message.split("'")[1]) for p in problems] == [(5, "lama")]
