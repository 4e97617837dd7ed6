"""Keep it true (issue 16): two dates never mixed, phone checks recorded and shown, wrong numbers taken off,
and a way for every reader to report a mistake.

Each rule is proven by planting the defect it exists to catch in a copy of the fixture site (contacts_base for
the contacts, report_base for the report page and channel) and seeing the build fail with a line naming the
file; `record` is run as an editor would run it, and the data file is compared byte for byte.
"""

from __future__ import annotations

import datetime
import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.dates import format_date
from bs4 import BeautifulSoup

from conftest import ROOT, parsed_page, replace_once, run_build, run_source_checks
from sitecheck.project import Project

DATA = "docs/_data/contacts.yml"
SCRIPT = ROOT / "scripts" / "contacts.py"
YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def record(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`python scripts/contacts.py record …` on a project copy, as an editor types it."""
    return subprocess.run([sys.executable, str(SCRIPT), "--project", str(project), "record", *args],
                          capture_output=True, text=True)


def _soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


# --- record: bad input leaves the file byte-identical; good input keeps comments and order -----------------

BAD_RECORDS = [
    ("unknown id", ["polisi-110", "--called", YESTERDAY.isoformat(), "--by", "Tes", "--result", "answered"],
     "kontak 'polisi-110' tidak ada"),
    ("future date", ["polri-110", "--called", (datetime.date.today() + datetime.timedelta(days=3)).isoformat(),
                     "--by", "Tes", "--result", "answered"], "belum lewat"),
    ("unknown result", ["polri-110", "--called", YESTERDAY.isoformat(), "--by", "Tes", "--result", "ok"],
     "hasil 'ok' tidak dikenal"),
    ("malformed date", ["polri-110", "--called", "10/12/2026", "--by", "Tes", "--result", "answered"],
     "tanggal '10/12/2026' tidak bisa dibaca"),
    ("impossible date", ["polri-110", "--called", "2026-02-30", "--by", "Tes", "--result", "answered"],
     "tanggal '2026-02-30' tidak ada"),
    ("no caller", ["polri-110", "--called", YESTERDAY.isoformat(), "--result", "answered"],
     "perintah tidak lengkap atau salah"),
]


@pytest.mark.parametrize("what,args,words", BAD_RECORDS, ids=[b[0] for b in BAD_RECORDS])
def test_bad_record_is_refused_in_one_line_and_leaves_the_file_unchanged(site_factory, what, args, words):
    project = site_factory("contacts_base")
    before = (project / DATA).read_bytes()
    result = record(project, *args)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{DATA}: ") and words in lines[0] and " — " in lines[0], lines[0]
    assert (project / DATA).read_bytes() == before, "the data file must stay byte-identical"


def test_record_on_the_real_data_keeps_every_comment_and_the_order(tmp_path):
    project = tmp_path / "real"
    (project / "docs" / "_data").mkdir(parents=True)
    # The languages the data is written in come from mkdocs.yml (read as MkDocs reads it: its hooks must exist),
    # their words from overrides/strings/.
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    original = (ROOT / DATA).read_text(encoding="utf-8")
    (project / DATA).write_text(original, encoding="utf-8")
    result = record(project, "kp2mi-call-center", "--called", YESTERDAY.isoformat(), "--by", "Migrant Center Pontianak",
                    "--result", "answered", "--note", "Dijawab, 24 jam")
    assert result.returncode == 0, result.stderr
    after = (project / DATA).read_text(encoding="utf-8")
    diff = [line for line in difflib.ndiff(original.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert all(line.startswith("+ ") for line in diff), "nothing may be lost or changed:\n" + "\n".join(diff)
    assert [line[2:] for line in diff] == [
        "    calls:",
        f'      - {{date: {YESTERDAY.isoformat()}, by: "Migrant Center Pontianak", result: answered, '
        f'note: "Dijawab, 24 jam"}}']
    # A second call appends to the same list.
    assert record(project, "kp2mi-call-center", "--called", YESTERDAY.isoformat(), "--by", "Tes",
                  "--result", "no_answer").returncode == 0
    again = (project / DATA).read_text(encoding="utf-8")
    assert again.count("    calls:") == 1 and "result: no_answer}" in again
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    import contacts_book
    book, issues = contacts_book.load(project, Project.load(project).languages)
    assert not issues
    contact = book.contacts["kp2mi-call-center"]
    assert [c.result for c in contact.calls] == ["answered", "no_answer"]
    assert contact.checked_call is None, "the newest call was not answered"


# --- the cards: a recorded answered call shows; a wrong number is taken off everywhere ----------------------

def _built_after_a_call(site_factory, tmp_path, cid: str, by: str, outcome: str):
    """The fixture site built after recording yesterday's call: (the project, its built folder, what the build said)."""
    project = site_factory("contacts_base", "report_base")
    assert record(project, cid, "--called", YESTERDAY.isoformat(), "--by", by, "--result", outcome).returncode == 0
    site = tmp_path / "out"
    result = run_build(project, site)
    assert result.code == 0, result.output
    return project, site, result


def test_answered_call_shows_on_the_card_and_the_source_date_stays_a_source_date(site_factory, tmp_path):
    _, site, _ = _built_after_a_call(site_factory, tmp_path, "kp2mi-call-center", "Migrant Center Pontianak", "answered")
    for rel, lang, called, latest in (("kontak/index.html", "id", "Dicek dengan menelepon", "Sumber terbaru"),
                                      ("en/kontak/index.html", "en", "Checked by phone", "Latest source")):
        soup = _soup(site, rel)
        card = soup.select_one("#kontak-kp2mi-call-center")
        line = card.select_one(".ka-contact__called").get_text(" ", strip=True)
        day = format_date(YESTERDAY, format="d MMMM y", locale=lang)
        assert line.startswith(called) and day in line and "(Migrant Center Pontianak)" in line, line
        assert latest in card.select_one(".ka-contact__facts").get_text()
        other = soup.select_one("#kontak-polri-110")
        assert other.select_one(".ka-contact__called") is None and other.select_one(".ka-contact__notcalled")


def test_wrong_number_call_takes_the_number_off_every_page_and_the_build_says_so(site_factory, tmp_path):
    project, site, result = _built_after_a_call(site_factory, tmp_path, "polri-110", "Tes", "wrong_number")
    warned = [line for line in result.lines_naming(DATA) if "'polri-110'" in line and "taken off" in line]
    assert warned, result.output
    for path in site.rglob("*.html"):
        assert "tel:110" not in path.read_text(encoding="utf-8"), f"{path} still links 110"
    # The forwardable messages drop it too, and say so, instead of stopping the build.
    box = _soup(site, "kontak/index.html").select_one(".ka-share__message").get_text()
    assert "(nomor sedang dicek)" in box and " 110" not in box, box
    for rel in ("kontak/kerja-aman-kontak.vcf", "en/kontak/kerja-aman-kontak.vcf"):
        assert "TEL;TYPE=VOICE:110" not in (site / rel).read_text(encoding="utf-8")
    card = _soup(site, "kontak/index.html").select_one("#kontak-polri-110")
    assert "tidak kami tampilkan lagi" in card.get_text() and card.select_one("a[href^='tel:']") is None
    # A newer answered call brings it back.
    later = datetime.date.today()
    assert record(project, "polri-110", "--called", later.isoformat(), "--by", "Tes",
                  "--result", "answered").returncode == 0
    result = run_build(project, site)
    assert result.code == 0 and not [l for l in result.lines_naming(DATA) if "taken off" in l], result.output
    assert _soup(site, "kontak/index.html").select_one("#kontak-polri-110 a[href='tel:110']") is not None


def test_planted_wrong_number_still_shown_fails_the_build(site_factory):
    project = site_factory("contacts_base", "report_base")
    assert record(project, "polri-110", "--called", YESTERDAY.isoformat(), "--by", "Tes",
                  "--result", "wrong_number").returncode == 0
    # The defect: the build's hook (the project's copy) forgets to take the numbers off; the checks still know.
    replace_once(project / "overrides/hooks/contacts_book.py",
                 "        contact.phones, contact.whatsapp = [], []\n", "")
    result = run_build(project)
    assert result.code == 1, result.output
    named = [line for line in result.errors() if line.startswith("docs/kontak.id.md")
             and "'tel:110' is shown, but the call of" in line and "wrong_number" in line]
    assert named, result.output


# Two defects planted in one build, each in a file of its own: the source date's label says it was a check, and the
# theme's page template drops the report link. Together they give exactly the error lines each gives alone (checked
# when they were put together); each test asserts its own.
LABEL_SAYS_CHECKED = ("overrides/strings/id.yml", "  source_date: Sumber terbaru\n", "  source_date: Terakhir dicek\n")
NO_REPORT_LINK = ("overrides/main.html", '{% include "partials/ka/report-link.html" %}', "")


@pytest.mark.parametrize("plant", ["label", "no_answer shown as checked"])
def test_planted_source_date_shown_as_a_check_fails_the_build(site_factory, built_once, plant):
    if plant == "label":
        _, result = built_once("contacts_base", "report_base", edits=(LABEL_SAYS_CHECKED, NO_REPORT_LINK))
        words = "says 'Terakhir dicek'"
    else:
        project = site_factory("contacts_base", "report_base")
        assert record(project, "polri-110", "--called", YESTERDAY.isoformat(), "--by", "Tes",
                      "--result", "no_answer").returncode == 0
        replace_once(project / "overrides/partials/ka/contacts/card.html",
                     "{% set checked = c.checked_call %}", "{% set checked = c.newest_call %}")
        words = "the card 'polri-110' says it was checked by phone"
        result = run_build(project)
    assert result.code == 1, result.output
    assert [line for line in result.errors() if line.startswith("docs/kontak.id.md") and words in line], result.output


def test_bad_calls_in_the_data_file_are_one_line_errors_naming_the_file(site_factory):
    project = site_factory("contacts_base")
    replace_once(project / DATA, "    source_date: 2025-10-25\n",
                 "    source_date: 2025-10-25\n    calls:\n      - {date: 2026-12-01, by: Tes, result: busy}\n")
    result = run_source_checks(project)  # the source checks read the data file
    assert result.code == 1
    line = next(n for n, t in enumerate((project / DATA).read_text().splitlines(), 1) if "result: busy" in t)
    assert [l for l in result.lines_naming(f"{DATA}:{line}:") if "'busy'" in l and "answered" in l], result.output


# --- reporting a mistake --------------------------------------------------------------------------------

def test_every_page_links_to_the_report_page_and_cards_ask_wrong_number(site_factory, tmp_path):
    site = tmp_path / "out"
    result = run_build(site_factory("contacts_base", "report_base"), site)
    assert result.code == 0, result.output
    for rel, words in (("index.html", "Laporkan kesalahan"), ("en/kontak/index.html", "Report a mistake")):
        soup = _soup(site, rel)
        link = soup.select_one(".ka-report-link a")
        assert words in link.get_text() and link["href"].startswith(("lapor/", "../lapor/")) and "halaman=" in link["href"]
        assert "ka-no-print" in link.parent["class"]
    card = _soup(site, "kontak/index.html").select_one("#kontak-polri-110 .ka-contact__report a")
    assert "Nomor ini salah?" in card.get_text() and card["href"] == "../lapor/?kontak=polri-110"
    channel = _soup(site, "lapor/index.html").select_one("a[data-ka-report='github']")
    assert channel["href"].startswith("https://github.com/example/fixture/issues/new?template=laporan-kesalahan.yml")
    assert not _soup(site, "lapor/index.html").select("a[data-ka-report='email'], a[data-ka-report='whatsapp']")


def test_planted_page_without_report_link_fails_naming_the_page(built_once):
    _, result = built_once("contacts_base", "report_base", edits=(LABEL_SAYS_CHECKED, NO_REPORT_LINK))
    assert result.code == 1
    for rel in ("docs/index.id.md", "docs/kontak.en.md"):
        assert [l for l in result.lines_naming(rel) if "no working 'Laporkan kesalahan / Report a mistake' link" in l], \
            result.output


@pytest.mark.parametrize("github,words", [
    # No channel at all.
    ("\"\"\n    # email: nobody configured", ["no way to report a mistake"]),
    # repo_url is the one place that names the repository: a report address typed in full must point into it.
    ("https://github.com/example/old-name/issues/new?template=laporan-kesalahan.yml",
     ["is not in the repository of repo_url (https://github.com/example/fixture)", "github: laporan-kesalahan.yml"]),
], ids=["no-channel", "another-repository"])
def test_a_bad_report_channel_fails_naming_mkdocs_yml(site_factory, github, words):
    project = site_factory("contacts_base", "report_base")
    replace_once(project / "mkdocs.yml", "    github: laporan-kesalahan.yml\n", f"    github: {github}\n")
    result = run_source_checks(project)  # the source checks read mkdocs.yml
    assert result.code == 1
    assert [l for l in result.lines_naming("mkdocs.yml") if all(w in l for w in words)], result.output


# --- the real site ----------------------------------------------------------------------------------------

def test_no_page_or_template_says_last_verified():
    """Grep docs/ and overrides/ (templates and pages) for the words that mixed the two dates."""
    found = []
    for folder in ("docs", "overrides"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".md", ".html", ".yml", ".py", ".js", ".j2"}:
                text = path.read_text(encoding="utf-8", errors="replace")
                found += [f"{path.relative_to(ROOT)}: {m.group(0)}"
                          for m in re.finditer(r"terakhir dicek|last verified", text, re.I)
                          if "re.compile" not in text[max(0, m.start() - 200):m.start()]]
    assert not found, found


def test_real_site_every_page_has_the_report_link(built_site):
    pages = [p for p in built_site.rglob("index.html") if "lapor" not in p.parts]
    assert len(pages) > 20
    for path in pages:
        soup = parsed_page(path)
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        assert soup.select_one(".ka-report-link a[href*='lapor/']") is not None, path


def test_real_wallet_card_and_vcard_leave_out_single_source_numbers(built_site):
    for rel in ("cetak/kartu-darurat/index.html", "en/cetak/kartu-darurat/index.html"):
        wallet = parsed_page(built_site / rel).select_one(".ka-wallet")
        assert "+60168866734" not in str(wallet) and "tel:+6256" not in str(wallet)
    assert "+60168866734" not in (built_site / "kontak/kerja-aman-kontak.vcf").read_text(encoding="utf-8")
    assert "766375" not in (ROOT / DATA).read_text(encoding="utf-8").split("contacts:", 1)[1]


def test_call_sheet_lists_every_shown_number_with_boxes(built_site):
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    import contacts_book
    book, _ = contacts_book.load(ROOT, Project.load(ROOT).languages)
    # Numbers from one source first (a phone check settles them): the KJRI Kuching hotline heads the sheet.
    assert book.call_sheet()[0].id == "kjri-kuching-hotline"
    shown = [n.display for c in book.call_sheet() for n in c.phones + c.whatsapp]
    for rel, ask in (("cetak/telepon/index.html", "Apakah ini nomor"), ("en/cetak/telepon/index.html", "Is this the number of")):
        table = parsed_page(built_site / rel).select_one("table.ka-callsheet")
        rows = table.select("tbody tr")
        assert len(rows) == len(shown)
        for row, number in zip(rows, shown):
            assert number in row.get_text() and ask in row.get_text()
            assert len(row.select("td.ka-callsheet__box")) == 3
    for rel in ("petugas/index.html", "en/petugas/index.html"):
        assert parsed_page(built_site / rel).select_one("a[href$='cetak/telepon/']") is not None


def test_call_sheet_command_writes_both_pages_and_they_build(site_factory, tmp_path):
    project = site_factory("contacts_base", "report_base")
    result = subprocess.run([sys.executable, str(SCRIPT), "--project", str(project), "call-sheet"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for language in ("id", "en"):
        text = (project / f"docs/cetak/telepon.{language}.md").read_text(encoding="utf-8")
        # The message names its numbers by contact id; the build writes them from the data file.
        assert "<!-- call-sheet -->" in text and "{kp2mi-call-center}" in text.split("---", 2)[1]
    again = subprocess.run([sys.executable, str(SCRIPT), "--project", str(project), "call-sheet"],
                           capture_output=True, text=True)
    assert "wrote" not in again.stdout, "a second run changes nothing"
    import translations
    assert translations.main(["--project", str(project), "update", "docs/cetak/telepon.en.md"]) == 0
    # A later run that rewrites the sheet (here: the Indonesian text changed) keeps the translation record.
    english = project / "docs/cetak/telepon.en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("\n<!-- call-sheet -->", "\nOld.\n\n<!-- call-sheet -->"),
                       encoding="utf-8")
    assert "wrote" in subprocess.run([sys.executable, str(SCRIPT), "--project", str(project), "call-sheet"],
                                     capture_output=True, text=True).stdout
    assert "\ntranslation_of: " in english.read_text(encoding="utf-8"), "the rewrite dropped the translation record"
    site = tmp_path / "out"
    built = run_build(project, site)
    assert built.code == 0, built.output
    rows = _soup(site, "cetak/telepon/index.html").select("table.ka-callsheet tbody tr")
    # The number from one source (Migrant CARE here) first, then the confirmed ones in the file's order, each
    # with the words that say from where it works.
    assert [r.select_one(".ka-callsheet__number").get_text(strip=True) for r in rows][:3] == \
        ["+62 21 27808211", "110", "0800-1000"]
    assert "(dari mana saja)" in rows[0].get_text() and "(dari Indonesia)" in rows[1].get_text()
