"""Contacts: one data file, checked at build time, shown through markers as tap-to-call cards and a .vcf file.

Each rule is proven by planting the defect it exists to catch (tests/fixtures/contact_*), and the real site
is read the way a phone would use it: tel: and wa.me links, the please-check label, the saved contacts.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, make_site, parsed_page, replace_once, run_build, run_source_checks
from sitecheck.project import Project

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import contacts_book  # noqa: E402

DATA = "docs/_data/contacts.yml"
E164 = re.compile(r"^tel:\+[1-9]\d{6,14}$")
EMERGENCY_ORDER = ["polri-110", "sapa-129", "kp2mi-call-center", "kp2mi-whatsapp"]
ADDED_CONTACTS = ["malaysia-999"]


# --- planted defects: the build fails with a line naming the file to correct ----------------------------

# (overlay laid on contacts_base, the file that must be named, the text on the line it must name, words)
PLANTED = [
    ("contact_bad_number", DATA, '"+6221292"', "'+6221292', which is not a valid phone number"),
    ("contact_bad_domestic_number", DATA, '"1199"', "'1199', which is not a number that works in Indonesia"),
    ("contact_without_source", DATA, "- id: migrant-care", "'migrant-care' has no 'sources'"),
    ("contact_without_source_date", DATA, "- id: migrant-care", "'migrant-care' has no 'source_date'"),
    ("contact_bad_confidence", DATA, "confidence: probably", "confidence 'probably'"),
    ("contact_conflicting_number", DATA, '"+6082460734"', "'conflicting' but has phone: it would be shown as fact"),
    ("contact_hand_written_number", "docs/kontak.id.md", "0812-3456-7890", "'0812-3456-7890' is written by hand"),
    ("contact_unknown_id", "docs/kontak.id.md", "kp2mi-callcenter",
     "'kp2mi-callcenter', which is not in docs/_data/contacts.yml"),
    ("contact_foreign_tel_link", "docs/kontak.id.md", None, "'tel:112' does not come from docs/_data/contacts.yml"),
    # Issue 26: where a number works, and help that works from where the reader is.
    ("contact_without_reach", DATA, '- domestic: "110"', "'110' without 'reach:'"),
    ("contact_without_companion", "docs/kontak.id.md", "<!-- contacts: migrant-care -->",
     "shows 'migrant-care' without 'polri-110'"),
    ("reach_abroad_page_indonesia_only", "docs/kontak.id.md", "<!-- help: polri-110 kp2mi-call-center -->",
     "on a page for readers already abroad offers no number that works from Malaysia"),
    ("reach_abroad_page_indonesia_only", "docs/kontak.id.md", "share: |",
     "'share' message of a page for readers already abroad offers only numbers that do not work from Malaysia"),
    ("reach_share_number_without_reach", "docs/kontak.id.md", "Polisi 110",
     "shows 110, which works only inside Indonesia, without saying so"),
    ("reach_promise_without_number", "docs/kontak.id.md", "Nomornya ada di bawah",
     "says a WhatsApp number is below, but no card or help box below has one"),
    # Issue 25, point 8: a copy in a code repository never sets a source date.
    ("contact_date_from_code_copy", DATA, "dated_by: https://github.com",
     "'migrant-care' takes its source_date from a copy in a code repository (github.com)"),
]


def _line_in_overlay(overlay: str, rel: str, needle: str) -> int:
    lines = (FIXTURES / overlay / rel).read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, start=1) if needle in text)


# The defects only the built pages show (a site check finds them). The others are found by the source checks, which
# the build runs on the Markdown and the data before MkDocs (test_code_layout.py proves it runs every registered
# check): they are run here without MkDocs, whose build of the pages would prove nothing more.
IN_BUILT_PAGES = {"contact_foreign_tel_link"}


@pytest.mark.parametrize("overlay,rel,needle,words", PLANTED, ids=[f"{p[0]}:{p[2]}" for p in PLANTED])
def test_planted_contact_defect_fails_naming_the_file(built_once, tmp_path, overlay, rel, needle, words):
    if overlay in IN_BUILT_PAGES:
        _, result = built_once("contacts_base", overlay)
    else:
        result = run_source_checks(make_site(tmp_path, "contacts_base", overlay))
    assert result.code == 1, result.output
    path = f"{rel}:{_line_in_overlay(overlay, rel, needle)}:" if needle else f"{rel}"
    named = [line for line in result.lines_naming(path) if words in line]
    assert named, f"no line names {path} with {words!r}:\n{result.output}"
    assert " — " in named[0], "each problem says how to fix it"


def test_yaml_error_is_one_clear_line_with_its_line_number(site_factory):
    result = run_build(site_factory("contacts_base", "contact_yaml_error"))
    assert result.code == 1, result.output
    errors = result.output.split("Errors (", 1)[1].splitlines()[1:]
    errors = [line.strip() for line in errors if line.startswith("  ")]
    # The quote left open on line 48 runs on to the next '"' (line 52), where the YAML parser stops.
    opened = _line_in_overlay("contact_yaml_error", DATA, '"Migrant CARE')
    assert len(errors) == 1, result.output
    line = int(re.match(rf"{DATA}:(\d+): the contact list cannot be read", errors[0]).group(1))
    assert opened <= line <= opened + 4, errors[0]


def test_hand_written_number_names_the_contact_to_use(site_factory):
    project = site_factory("contacts_base")
    page = project / "docs" / "kontak.en.md"
    text = page.read_text(encoding="utf-8") + "\nOr call +62 21 2924 4800.\n"
    page.write_text(text, encoding="utf-8")
    result = run_source_checks(project)
    assert result.code == 1
    line = len(text.splitlines())
    assert any("'+62 21 2924 4800' is written by hand" in named and "<!-- contacts: kp2mi-call-center -->" in named
               for named in result.lines_naming(f"docs/kontak.en.md:{line}")), result.output


def test_a_source_date_whose_note_names_a_code_copy_fails(site_factory):
    """The way the KP2MI WhatsApp got its 2026 date (review N9): a source's address, but the date from a copy."""
    project = site_factory("contacts_base")
    replace_once(project / DATA, "    source_date: 2026-03-02\n",
                 "    source_date: 2026-09-12  # the office's page as copied on that day (reported in a code repository)\n")
    result = run_source_checks(project)
    assert result.code == 1
    line = _line_in_project(project, DATA, "source_date: 2026-09-12")
    assert any("'migrant-care' has a source_date whose note says it comes from a copy" in named
               for named in result.lines_naming(f"{DATA}:{line}:")), result.output


def test_a_page_without_audience_fails_naming_the_file(site_factory):
    project = site_factory("contacts_base")
    replace_once(project / "docs/kontak.en.md", "audience: indonesia\n", "")
    result = run_source_checks(project)
    assert result.code == 1
    assert any("does not say who the page is for" in named and "audience: abroad" in named
               for named in result.lines_naming("docs/kontak.en.md:1:")), result.output


def test_a_wallet_side_takes_only_numbers_that_work_there(site_factory, tmp_path):
    """<!-- wallet: malaysia … -->: KP2MI shows +62 21 29244800 and its WhatsApp there, never 0800-1000 or 110."""
    project = site_factory("contacts_base")
    page = project / "docs/kontak.id.md"
    replace_once(page, "<!-- contacts: all -->", "<div class=\"ka-wallet\" markdown>\n\n"
                 "<!-- wallet: indonesia polri-110 kp2mi-call-center -->\n\n"
                 "<!-- wallet: malaysia kp2mi-call-center -->\n\n</div>")
    site = tmp_path / "out"
    result = run_build(project, site)
    assert result.code == 0, result.output
    soup = BeautifulSoup((site / "kontak/index.html").read_text(encoding="utf-8"), "html.parser")
    indonesia, malaysia = soup.select(".ka-wallet__side--indonesia"), soup.select(".ka-wallet__side--malaysia")
    assert len(indonesia) == len(malaysia) == 1
    assert [a["href"] for a in indonesia[0].select("a.ka-tel")] == ["tel:110", "tel:08001000", "https://wa.me/628118080141"]
    assert [a["href"] for a in malaysia[0].select("a.ka-tel")] == ["tel:+622129244800", "https://wa.me/628118080141"]
    assert "(Berbayar" not in malaysia[0].get_text() and "(dari luar negeri)" in malaysia[0].get_text()
    # A number that does not work on its side is refused, naming the line (by the source checks, run without MkDocs).
    replace_once(page, "<!-- wallet: malaysia kp2mi-call-center -->", "<!-- wallet: malaysia polri-110 -->")
    result = run_source_checks(project)
    assert result.code == 1
    line = _line_in_project(project, "docs/kontak.id.md", "<!-- wallet: malaysia polri-110 -->")
    assert any("the wallet side 'malaysia' names 'polri-110', which has no number that works there" in named
               for named in result.lines_naming(f"docs/kontak.id.md:{line}:")), result.output


def _line_in_project(project: Path, rel: str, needle: str) -> int:
    lines = (project / rel).read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, start=1) if needle in text)


def test_fixture_with_contacts_builds_and_renders_both_languages(built_once):
    project, result = built_once("contacts_base")
    site = project / "site"
    assert result.code == 0, result.output
    for rel, check in (("kontak/index.html", "Mohon dicek"), ("en/kontak/index.html", "Please check")):
        soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
        hrefs = [a["href"] for a in soup.select("a.ka-tel")]
        assert "tel:110" in hrefs and "tel:08001000" in hrefs and "tel:+622129244800" in hrefs
        assert "https://wa.me/628118080141" in hrefs
        assert check in soup.select_one(".ka-contact--single_source").get_text()
        assert soup.select_one("#butuh-bantuan") is not None
        assert not soup.select(".ka-contact--conflicting a.ka-tel")
        assert (site / rel).with_name("kerja-aman-kontak.vcf").is_file()


# --- the real data and the real site ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def book():
    loaded, issues = contacts_book.load(ROOT, Project.load(ROOT).languages)
    assert not issues, "\n".join(map(str, issues))
    return loaded


def _pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path, parsed_page(path)


def test_every_tel_link_is_e164_or_a_documented_domestic_number_from_the_data(built_site, book):
    domestic = {n.tel for c in book.contacts.values() for n in c.phones if n.domestic}
    allowed = book.tel_links()
    seen = 0
    for path, soup in _pages(built_site):
        for link in soup.select("a[href^='tel:']"):
            href = link["href"]
            seen += 1
            assert href in allowed, f"{path}: {href} does not come from the data"
            assert E164.match(href) or href in domestic, f"{path}: {href} is neither E.164 nor a domestic number"
            # Every number says from where it can be dialled, in the words of the data's `reach:`.
            note = link.find_next_sibling(class_="ka-tel__note")
            reach = {n.tel: n.reach for c in book.contacts.values() for n in c.phones}[href]
            words = [book.strings[language]["reach"][reach] for language in book.languages]
            assert note and any(word in note.get_text() for word in words), \
                f"{path}: {href} does not say from where it works ({words})"
        for link in soup.select("a[href*='wa.me/']"):
            if link["href"].split("wa.me/", 1)[1].startswith("?"):
                continue  # a "share this page" link: a message, no number
            assert re.fullmatch(r"https://wa\.me/[1-9]\d{6,14}", link["href"]) and link["href"] in book.wa_links()
    assert seen >= 2 * len(allowed), "every number appears on /kontak/ in both languages"


def test_single_source_contacts_carry_the_please_check_label(built_site, book):
    single = [cid for cid, c in book.contacts.items() if c.confidence == "single_source"]
    assert single
    for rel, label in (("kontak/index.html", "Mohon dicek"), ("en/kontak/index.html", "Please check")):
        soup = parsed_page(built_site / rel)
        for cid in single:
            card = soup.select_one(f"#kontak-{cid}")
            assert card is not None, f"{cid} missing from /{rel}"
            assert label in card.select_one(".ka-contact__check").get_text(), f"{cid} on /{rel}"
        for card in soup.select(".ka-contact--confirmed"):
            assert card.select_one(".ka-contact__check") is None


def test_unconfirmed_contacts_show_no_number_and_say_so(built_site, book):
    hidden = [cid for cid, c in book.contacts.items() if not c.has_number]
    assert {"bp3mi-kalbar", "kjri-kuching", "kjri-johor-bahru"} <= set(hidden)
    for rel, words in (("kontak/index.html", "belum bisa memastikan nomornya"),
                       ("en/kontak/index.html", "cannot confirm the number yet")):
        soup = parsed_page(built_site / rel)
        for cid in hidden:
            card = soup.select_one(f"#kontak-{cid}")
            assert not card.select("a[href^='tel:'], a[href*='wa.me']"), cid
            assert words in card.get_text(), cid
    for cid, contact in book.contacts.items():
        if contact.confidence in contacts_book.UNPUBLISHABLE:
            assert not (contact.data.get("phone") or contact.data.get("whatsapp") or contact.data.get("email")), cid


def test_every_card_shows_its_source_date_and_sources_and_never_last_verified(built_site, book):
    for rel, label, called, not_called in (
            ("en/kontak/index.html", "Latest source", "Checked by phone", "Not yet checked by phone"),
            ("kontak/index.html", "Sumber terbaru", "Dicek dengan menelepon", "Belum dicek dengan menelepon")):
        soup = parsed_page(built_site / rel)
        cards = soup.select(".ka-contacts--all .ka-contact")
        assert len(cards) == len(book.contacts)
        for card in cards:
            text = card.get_text(" ")
            assert label in text and not re.search(r"last verified|terakhir dicek", text, re.I)
            facts = card.select_one(".ka-contact__facts")
            contact = book.contacts[card["id"].removeprefix("kontak-")]
            # A date as precise as the source ("2025", "December 2025", "25 October 2025"), or "undated" when no
            # dated source outside code repositories showed the details.
            shown = card.select_one(".ka-contact__date").get_text()
            if contact.undated:
                assert shown in ("tanpa tanggal", "undated"), contact.id
            else:
                assert contact.source_date[0][:4] in shown and len(shown.split()) == {4: 1, 7: 2, 10: 3}[
                    len(contact.source_date[0])], (contact.id, shown)
            assert card.select(".ka-contact__sources a[href^='https://']")
            if not contact.data_has_number:
                # Nothing to call and no number to be wrong: no phone-check line, no report link.
                assert card.select_one(".ka-contact__notcalled, .ka-contact__report") is None, contact.id
            elif contact.checked_call:
                assert called in card.select_one(".ka-contact__called").get_text()
            else:
                assert card.select_one(".ka-contact__called") is None
                assert not_called in card.select_one(".ka-contact__notcalled").get_text()


def test_kontak_page_lists_emergency_first(built_site):
    for rel in ("kontak/index.html", "en/kontak/index.html"):
        soup = parsed_page(built_site / rel)
        directory = soup.select_one(".ka-contacts--all")
        assert directory.find("h2")["id"] == "darurat"
        ids = [card["id"].removeprefix("kontak-") for card in directory.select(".ka-contact")]
        assert ids[: len(EMERGENCY_ORDER)] == EMERGENCY_ORDER
        first_tel = soup.select_one("article a[href^='tel:']")
        assert first_tel["href"] == "tel:110"
        groups = [h2["id"] for h2 in directory.find_all("h2") if h2["id"] != "simpan-nomor"]
        assert groups == ["darurat", "kalbar", "perbatasan", "malaysia", "organisasi"]
        malaysia = directory.find("h2", id="malaysia").find_next(class_="ka-contact")
        assert malaysia["id"] == "kontak-kjri-kuching-hotline", "Kuching first among the missions"


def parse_vcards(text: str) -> list[dict]:
    """A small vCard reader: unfold lines, split cards, collect properties (enough to check what we write).
    A grouped property (item1.TEL, item1.X-ABLabel) is collected under its name, its group kept in order."""
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    lines = text.replace("\r\n ", "").split("\r\n")
    cards, card = [], None
    for line in filter(None, lines):
        name, _, value = line.partition(":")
        if line == "BEGIN:VCARD":
            assert card is None
            card = {}
        elif line == "END:VCARD":
            assert card is not None and card.get("VERSION") == ["3.0"] and card.get("FN")
            cards.append(card)
            card = None
        else:
            assert card is not None and value, line
            card.setdefault(name.split(";")[0].split(".")[-1], []).append(value)
    assert card is None
    return cards


@pytest.mark.parametrize("rel", ["kontak/kerja-aman-kontak.vcf", "en/kontak/kerja-aman-kontak.vcf"])
def test_vcf_parses_and_holds_the_emergency_numbers(built_site, book, rel):
    raw = (built_site / rel).read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines are folded at 75 octets"
    cards = parse_vcards(raw.decode("utf-8"))
    assert len(cards) == len(book.vcard_contacts())
    assert all(c.confidence == "confirmed" and not c.withdrawn for c in book.vcard_contacts())
    numbers = {tel for card in cards for tel in card.get("TEL", [])}
    assert {"110", "129", "08001000", "+622129244800", "+628118080141", "+628111129129", "999"} <= numbers
    expected = {n.dial for c in book.vcard_contacts() for n in c.phones + c.whatsapp}
    assert "+60168866734" not in numbers, "the KJRI Kuching hotline has only code copies: not in the .vcf"
    assert numbers == expected, "the file holds exactly the numbers of the data"
    # Each number's label says from where it works (X-ABLabel beside the TEL, in the file's language).
    lang = "en" if rel.startswith("en/") else "id"
    for card in cards:
        assert len(card["TEL"]) == len(card["X-ABLabel"])
    labels = {tel: label for card in cards for tel, label in zip(card["TEL"], card["X-ABLabel"])}
    words = book.strings[lang]["reach"]
    assert labels["110"].endswith(words["indonesia"]) and labels["+622129244800"].endswith(words["abroad"])
    assert labels["999"] == words["malaysia"] and labels["+628118080141"].endswith(words["anywhere"])


def test_kontak_page_links_to_its_vcf(built_site):
    for rel in ("kontak/index.html", "en/kontak/index.html"):
        soup = parsed_page(built_site / rel)
        link = soup.select_one("a.ka-save__link")
        assert link["href"] == "kerja-aman-kontak.vcf" and (built_site / rel).with_name(link["href"]).is_file()


def test_data_keeps_the_reference_ids():
    """Every researched contact appears once, under its id from the shared reference."""
    candidates = [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    reference = next((c / "reference" / "contacts.yml" for c in candidates
                      if (c / "reference" / "contacts.yml").exists()), None)
    if reference is None:
        pytest.skip("../shared/reference/contacts.yml is not beside the project")
    researched = [entry["id"] for entry in yaml.safe_load(reference.read_text(encoding="utf-8"))]
    ours = [entry["id"] for entry in yaml.safe_load((ROOT / DATA).read_text(encoding="utf-8"))["contacts"]]
    # Added after the research file, with their own sources (issue 26: Malaysia's emergency number).
    assert sorted(set(ours) - set(ADDED_CONTACTS)) == sorted(researched) and len(ours) == len(set(ours))


# --- in a browser: 360px wide, with and without JavaScript ----------------------------------------------

@pytest.mark.parametrize("path,js", [("kontak/", True), ("en/kontak/", True), ("kontak/", False)])
def test_kontak_fits_a_small_phone_with_big_tap_targets(browser, served_site, path, js):
    context = browser.new_context(viewport={"width": 360, "height": 780}, java_script_enabled=js)
    page = context.new_page()
    page.goto(served_site + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    boxes = page.evaluate("[...document.querySelectorAll('a.ka-tel')].map(a => a.getBoundingClientRect())"
                          ".map(r => [r.height, r.width, r.right])")
    assert boxes and all(h >= 44 and w >= 44 and right <= 360 for h, w, right in boxes), boxes
    context.close()


# --- issue 26: help that works from where the reader is (the real site) ----------------------------------

ABROAD_PAGES = ["selama-bekerja/index.html", "tppo/minta-tolong/index.html", "sarawak/index.html",
                "en/selama-bekerja/index.html", "en/tppo/minta-tolong/index.html", "en/sarawak/index.html"]


def test_every_real_message_says_where_its_indonesia_only_numbers_work(built_site, book):
    only_here = [n.display for c in book.contacts.values() for n in c.phones if n.reach == "indonesia"]
    seen = 0
    for path, soup in _pages(built_site):
        box = soup.select_one(".ka-share__message")
        if box is None:
            continue
        text = box.get_text(" ")
        words = "from Indonesia" if "/en/" in f"/{path.relative_to(built_site).as_posix()}" else "dari Indonesia"
        for number in only_here:
            for found in re.finditer(rf"(?<![\d+-]){re.escape(number)}(?![\d-])", text):
                seen += 1
                assert text[found.end():].lstrip().startswith(f"({words})"), f"{path}: {number} without ({words})"
    assert seen > 40


@pytest.mark.parametrize("rel", ABROAD_PAGES)
def test_pages_for_people_abroad_give_numbers_that_work_in_malaysia(built_site, rel):
    soup = parsed_page(built_site / rel)
    message = soup.select_one(".ka-share__message").get_text(" ")
    in_malaysia = "(in Malaysia)" if rel.startswith("en/") else "(di Malaysia)"
    assert f"999 {in_malaysia}" in message and f"+60 17-668 8032 {in_malaysia}" in message
    hrefs = {a["href"] for a in soup.select("article a[href]")}
    assert "https://wa.me/628118080141" in hrefs and "tel:+60176688032" in hrefs


def test_trapped_abroad_steps_offer_the_kp2mi_whatsapp_and_999(built_site):
    for rel in ("tppo/minta-tolong/index.html", "en/tppo/minta-tolong/index.html"):
        soup = parsed_page(built_site / rel)
        cards = soup.find(id="terjebak").find_next(class_="ka-contacts")
        hrefs = [a["href"] for a in cards.select("a.ka-tel")]
        assert "https://wa.me/628118080141" in hrefs and "tel:999" in hrefs and "tel:+60176688032" in hrefs


def test_the_kuching_hotline_never_stands_alone_and_shows_its_street(built_site):
    kuching, kbri = "tel:+60168866734", "tel:+60176688032"
    seen = 0
    for path, soup in _pages(built_site):
        for link in soup.select(f"a[href='{kuching}']"):
            if link.find_parent(class_="ka-callsheet"):
                continue  # the staff call sheet lists every number, one row each
            seen += 1
            box = link.find_parent(class_=["ka-contacts", "ka-help"])
            assert box is not None and box.select_one(f"a[href='{kbri}']") is not None, \
                f"{path}: the KJRI Kuching hotline without the KBRI Kuala Lumpur hotline beside it"
    assert seen >= 10
    for rel, check in (("kontak/index.html", "Mohon dicek"), ("en/kontak/index.html", "Please check")):
        card = parsed_page(built_site / rel).select_one(
            "#kontak-kjri-kuching-hotline")
        address = card.select_one(".ka-contact__facts").get_text(" ")
        assert "Jalan Central Timur" in address and check in address
        assert "Jalan Stutong" in card.select_one(".ka-contact__notes").get_text()


def test_every_number_in_the_data_says_where_it_works_and_who_it_helps(book):
    for contact in book.contacts.values():
        for number in contact.phones + contact.whatsapp:
            assert number.reach in contacts_book.REACHES, (contact.id, number.display)
        if contact.has_number:
            assert contact.data["helps_in"], contact.id
    assert book.contacts["malaysia-999"].phones[0].reach == "malaysia"
    assert book.contacts["malaysia-999"].confidence == "confirmed"
    assert not any("github" in str(c.data.get("dated_by")) for c in book.contacts.values())
    assert book.contacts["kp2mi-whatsapp"].source_date[0] == "2025-04-10"
    assert book.contacts["kjri-kuching-hotline"].undated


def test_a_number_of_unknown_reach_says_so_on_its_card(site_factory, tmp_path):
    project = site_factory("contacts_base")
    replace_once(project / DATA, '      - e164: "+622127808211"\n        reach: anywhere\n',
                 '      - e164: "+622127808211"\n        reach: unknown\n')
    site = tmp_path / "out"
    result = run_build(project, site)
    assert result.code == 0, result.output
    for rel, words in (("kontak/index.html", "(belum pasti dari mana)"), ("en/kontak/index.html", "(not yet known from where)")):
        card = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser").select_one("#kontak-migrant-care")
        assert card.select_one(".ka-tel__note").get_text(strip=True) == words


def test_no_real_message_says_where_a_number_works_twice(built_site):
    for path, soup in _pages(built_site):
        box = soup.select_one(".ka-share__message")
        if box is not None:
            assert "(in Indonesia)" not in box.get_text(" "), path
