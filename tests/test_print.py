"""Printing, as a Migrant Center does it: real Chromium, print media, A4 PDF; text read back with pypdf,
the QR code decoded from the PDF rendered to an image (pdftoppm + zbarimg)."""

from __future__ import annotations

import contextlib
import datetime
import functools
import http.server
import io
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from babel.dates import format_date
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT, _QuietHandler, make_site, run_build, start_serving
from sitecheck.project import Project
from test_tppo import tab  # noqa: F401 (a fixture, used by name: a phone-sized tab shared by the module's tests)

PROJECT = Project.load(ROOT)
SITE_URL = PROJECT.site_url  # SITE_URL from the environment, as the build reads it
# A journey page, the contact list, the job-offer form, the warning signs, a handout, in both languages.
PAGES = ["sebelum-berangkat/", "en/sebelum-berangkat/", "kontak/", "en/kontak/", "tppo/cek-tawaran/",
         "en/tppo/", "cetak/dokumen/", "en/cetak/kartu-darurat/"]


# --- helpers ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pdf_tools():
    """pdftoppm and pdftotext (Debian poppler-utils) and zbarimg (Debian zbar-tools): CI installs them (.ci/run)."""
    missing = [tool for tool in ("pdftoppm", "pdftotext", "zbarimg") if shutil.which(tool) is None]
    if missing:
        message = f"{' and '.join(missing)} not found: install Debian's poppler-utils and zbar-tools"
        if os.environ.get("CI"):
            pytest.fail(message + " — CI must run the print tests")
        pytest.skip(message)


@pytest.fixture(scope="session")
def print_page(browser):
    """A browser tab that turns a URL into the A4 PDF a reader gets from the browser's print.

    Each URL is printed once per session (several tests read the same PDF)."""
    context = browser.new_context()
    tab = context.new_page()
    printed = {}

    def render(url: str) -> bytes:
        if url not in printed:
            tab.goto(url)
            tab.emulate_media(media="print")
            printed[url] = tab.pdf(format="A4", prefer_css_page_size=True)
        return printed[url]

    yield render
    context.close()


def pdf_pages_text(pdf: bytes) -> list[str]:
    """The text of each sheet (read once per PDF: several tests read the same one)."""
    return list(_pdf_pages_text(pdf))


@functools.lru_cache(maxsize=64)
def _pdf_pages_text(pdf: bytes) -> tuple[str, ...]:
    # pdftotext (Debian poppler-utils, beside pdftoppm) reads a 40-sheet booklet in 0.3 s; pypdf took 5 s.
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    sheets = done.stdout.decode("utf-8").split("\f")
    count = len(PdfReader(io.BytesIO(pdf)).pages)
    assert len(sheets) >= count, "pdftotext gave fewer sheets than the PDF has"
    return tuple(" ".join(sheet.split()) for sheet in sheets[:count])


def qr_codes_on_first_page(pdf: bytes, tmp_path: Path) -> list[str]:
    source = tmp_path / "page.pdf"
    source.write_bytes(pdf)
    # A grey map (PGM), which zbarimg reads as it is: encoding the same pixels as a PNG cost pdftoppm 7 times as
    # much time as drawing them, and zbarimg turns every image into grey levels anyway.
    subprocess.run(["pdftoppm", "-gray", "-r", "150", "-f", "1", "-l", "1", "-singlefile", str(source),
                    str(tmp_path / "page")], check=True)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                             str(tmp_path / "page.pgm")], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line.strip()]


def source_of(path: str) -> tuple[Path, str]:
    rel = path + "index.html"
    return PROJECT.source_for(rel)


def front_matter(markdown: Path) -> dict:
    text = markdown.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---", 1)[0][4:]) or {}


def screen_soup(built_site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((built_site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _norm(text: str) -> str:
    return " ".join(text.split())


# --- every page on paper ---------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES)
def test_paper_has_no_screen_chrome(print_page, served_site, built_site, path, pdf_tools):
    """Navigation, search, language link and the share/print/offline buttons are not on paper."""
    soup = screen_soup(built_site, path)
    article = screen_soup(built_site, path).select_one("article")
    for tag in article.select(".ka-actions"):
        tag.decompose()
    content = _norm(article.get_text(" "))
    chrome = []
    for selector in [".md-header", ".md-sidebar--primary .md-nav__link", ".md-search", ".ka-actions",
                     ".md-footer", "a.ka-lang__link"]:
        for tag in soup.select(selector):
            for piece in tag.stripped_strings:
                # Only words that are not also part of the page's own text can prove anything.
                if len(piece) > 3 and _norm(piece) not in content:
                    chrome.append(_norm(piece))
    assert any(t for t in chrome), "the screen page has navigation to compare with"
    text = " ".join(pdf_pages_text(print_page(served_site + path)))
    on_paper = sorted({piece for piece in chrome if piece in text})
    assert not on_paper, f"/{path} prints screen chrome: {on_paper}"


@pytest.mark.parametrize("path", PAGES)
def test_paper_header_has_title_date_and_address(print_page, served_site, built_site, path, pdf_tools):
    _, language = source_of(path)
    soup = screen_soup(built_site, path)
    # The date the page shows at its end (its front matter, or the older date of a page it includes).
    reviewed = datetime.date.fromisoformat(soup.select_one(".ka-reviewed time")["datetime"])
    title = _norm(soup.select_one("article h1").get_text(" ").replace("#", ""))
    first = pdf_pages_text(print_page(served_site + path))[0]
    address = (SITE_URL + path).split("://", 1)[1]
    assert title in first, f"/{path}: no title {title!r} on the first sheet"
    assert address in first.replace(" ", ""), f"/{path}: no address {address!r} on the first sheet: {first[:300]}"
    date = format_date(reviewed, format="d MMMM y", locale=language)
    assert date in first, f"/{path}: no reviewed date {date!r} on the first sheet"
    label = {"id": "Terakhir diperiksa", "en": "Last reviewed"}[language]
    assert label in first
    licence = {"id": "Boleh dicetak, disalin dan dibagikan — CC BY 4.0",
               "en": "You may print, copy and share this — CC BY 4.0"}[language]
    assert licence in first, f"/{path}: no licence line on the first sheet"


@pytest.mark.parametrize("path", ["sebelum-berangkat/", "en/sebelum-berangkat/", "en/kontak/", "tppo/",
                                  "cetak/kartu-darurat/", "en/cetak/buku/"])
def test_qr_code_on_paper_opens_this_page_in_this_language(print_page, served_site, pdf_tools, tmp_path, path):
    codes = qr_codes_on_first_page(print_page(served_site + path), tmp_path)
    assert codes == [SITE_URL + path], f"/{path}: the QR code says {codes}"


def test_print_header_is_hidden_on_screen(tab, served_site):
    page = tab()
    page.goto(served_site + "kontak/")
    assert page.locator(".ka-print-header svg path").count() == 1
    assert not page.locator(".ka-print-header").is_visible()


def test_print_button_needs_javascript_and_a_link_stands_in_without(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page.goto(served_site + "en/kontak/")
    button = page.locator(".ka-actions [data-ka-print]")
    assert button.is_visible() and not page.locator("[data-ka-print-howto]").is_visible()
    button.click()
    assert page.evaluate("window.__printed") == 1
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "en/kontak/")
    assert not page.locator("[data-ka-print]").is_visible()
    page.click("[data-ka-print-howto]")
    page.wait_for_load_state()
    assert page.url == served_site + "en/cetak/#cara-mencetak"
    page.locator("#cara-mencetak").wait_for(state="visible", timeout=10000)
    context.close()


# --- the handouts of /cetak/ --------------------------------------------------------------------

@pytest.mark.parametrize("language", PROJECT.languages)
def test_each_handout_fits_its_page_budget(print_page, served_site, built_site, language):
    cetak = PROJECT.docs_dir / f"cetak.{language}.md"
    handouts = front_matter(cetak)["handouts"]
    prefix = "" if language == PROJECT.default_language else f"{language}/"
    listing = screen_soup(built_site, f"{prefix}cetak/")
    linked = {urljoin(f"/{prefix}cetak/", a["href"]) for a in listing.select("article a[href]")}
    assert len(handouts) >= 5
    over = []
    for handout in handouts:
        slug = handout["page"][: -len(".md")]
        path = prefix + (slug[: -len("index")] if slug.endswith("index") else slug + "/")
        assert "/" + path in linked, f"/{prefix}cetak/ does not link the handout {handout['page']}"
        sheets = len(PdfReader(io.BytesIO(print_page(served_site + path))).pages)
        if sheets > handout["sheets"]:
            over.append(f"/{path}: {sheets} sheets, budget {handout['sheets']}")
    assert not over, "handouts over their page budget:\n" + "\n".join(over)


@pytest.mark.parametrize("path", ["cetak/kartu-darurat/", "en/cetak/kartu-darurat/"])
def test_emergency_cards_fill_one_sheet(print_page, served_site, built_site, tab, path, pdf_tools):
    source, _ = source_of(path)
    copies = front_matter(source)["print_copies"]
    soup = screen_soup(built_site, path)
    card_title = _norm(soup.select_one(".ka-wallet strong").get_text(" "))
    pdf = print_page(served_site + path)
    pages = pdf_pages_text(pdf)
    assert len(pages) == 1, f"/{path} prints on {len(pages)} sheets"
    assert pages[0].count(card_title) == copies, f"/{path}: {pages[0].count(card_title)} cards, not {copies}"
    # Each card has two sides: "Di Indonesia" and "Di Malaysia", each with the numbers that work there.
    english = path.startswith("en/")
    malaysia = _norm(soup.select_one(".ka-wallet__side--malaysia strong").get_text(" "))
    assert malaysia == ("Kerja Aman · In Malaysia" if english else "Kerja Aman · Di Malaysia")
    assert pages[0].count(malaysia) == copies, f"/{path}: {pages[0].count(malaysia)} Malaysia sides, not {copies}"
    sides = {side: [a["href"] for a in soup.select(f".ka-wallet__side--{side} a.ka-tel")] for side in ("indonesia", "malaysia")}
    assert "tel:999" in sides["malaysia"] and "tel:+60176688032" in sides["malaysia"]
    assert "tel:110" not in sides["malaysia"] and "tel:08001000" not in sides["malaysia"]
    assert "tel:110" in sides["indonesia"] and "tel:999" not in sides["indonesia"]
    # On screen: one card (a preview), the copies stay off screen.
    screen = tab()
    screen.goto(served_site + path)
    visible = [screen.locator(".ka-wallet").nth(i).is_visible() for i in range(screen.locator(".ka-wallet").count())]
    # On paper no side cuts its text off (each side is a bank card, 85 x 54 mm, overflow hidden).
    screen.emulate_media(media="print")
    clipped = screen.evaluate("""() => [...document.querySelectorAll('.ka-wallet__side')]
        .filter(s => s.scrollHeight > s.clientHeight + 1).length""")
    sides_on_paper = screen.locator(".ka-wallet__side").count()
    screen.emulate_media(media="screen")  # the tab is shared
    assert visible.count(True) == 1 and len(visible) == copies
    assert sides_on_paper == 2 * copies and clipped == 0, f"/{path}: {clipped} sides cut off on paper"


@pytest.mark.parametrize("path", ["cetak/buku/", "en/cetak/buku/"])
def test_booklet_has_every_chapter_numbered_pages_and_working_links(print_page, served_site, built_site, path, pdf_tools):
    soup = screen_soup(built_site, path)
    article = soup.select_one("article")
    chapters = article.select("h2.ka-chapter")
    contents = article.select("ol.ka-book-contents a[href^='#']")
    assert len(chapters) == len(contents) >= 7
    ids = [tag["id"] for tag in article.find_all(id=True)]
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}"
    for link in article.select("a[href^='#']"):
        assert link["href"][1:] in ids, f"the booklet link {link['href']} leads nowhere"
    pages = pdf_pages_text(print_page(served_site + path))
    assert len(pages) >= len(chapters) + 1, "every chapter starts on a new sheet"
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in text, f"sheet {number} has no page number"


# --- the markers, proven on the fixture site ---------------------------------------------------

@contextlib.contextmanager
def serving(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    try:
        yield start_serving(server)
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def handout_fixture(tmp_path_factory):
    project = make_site(tmp_path_factory.mktemp("handouts"), "print_handouts")
    # The fixture site takes the real print stylesheet, so the PDF is what a reader gets.
    shutil.copy(ROOT / "docs/assets/stylesheets/print.css", project / "docs/assets/stylesheets/print.css")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - assets/stylesheets/site.css\n", "  - assets/stylesheets/site.css\n  - assets/stylesheets/print.css\n"),
        encoding="utf-8")
    site = project / "site"
    result = run_build(project, site)
    assert result.code == 0, result.output
    return site


def test_include_brings_the_section_with_links_that_still_work(handout_fixture):
    soup = BeautifulSoup((handout_fixture / "cetak" / "lembar" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    article = soup.select_one("article")
    heading = article.select_one("h2#darurat")
    assert heading is not None and "Darurat" in heading.get_text()
    home = article.find("a", string="beranda")
    assert home["href"] == "../../", "a link of the included section leads to the same page as before"


def test_short_include_keeps_only_headings_and_bold_led_lines(handout_fixture):
    for language, lead in (("", "Lakukan ini:"), ("en/", "Do this instead:")):
        soup = BeautifulSoup((handout_fixture / language / "cetak" / "ringkas" / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        box = soup.select_one("article .ka-include-short")
        assert box is not None, "a short include comes in one box that print.css sets tight"
        assert [h["id"] for h in box.find_all(["h2", "h3"])] == ["tanda", "satu"]
        paragraphs = [p.get_text(" ", strip=True) for p in box.find_all("p")]
        assert len(paragraphs) == 1 and paragraphs[0].startswith(lead), paragraphs
        assert box.select_one(".admonition") is None and "tanpa" not in box.get_text() and "no bold" not in box.get_text()
        assert box.find("a", string="beranda")["href"] == "../../", "its links still lead to the same page"


def test_book_prefixes_ids_and_points_links_inside_the_booklet(handout_fixture):
    soup = BeautifulSoup((handout_fixture / "cetak" / "buku" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    article = soup.select_one("article")
    assert [h["id"] for h in article.select("h2.ka-chapter")] == ["index--beranda", "kontak--kontak"]
    assert article.select_one("h3#kontak--darurat") is not None
    assert article.find("a", string="kontak")["href"] == "#kontak--darurat"
    assert article.find("a", string="beranda")["href"] == "#index--beranda"
    assert article.select_one("img")["src"] == "../../assets/images/logo.svg"
    assert len(soup.find_all("h1")) == 1
    # The booklet is as fresh as its oldest chapter, and lists every chapter's sources.
    assert soup.select_one(".ka-reviewed time")["datetime"] == "2026-11-01"
    sources = [li.get_text(" ", strip=True) for li in soup.select(".ka-sources li")]
    assert sources == ["Booklet fixture source", "Fixture source"]


def test_booklet_on_paper_breaks_chapters_and_prints_link_addresses(handout_fixture, print_page, pdf_tools):
    with serving(handout_fixture) as base:
        pages = pdf_pages_text(print_page(base + "cetak/buku/"))
    assert len(pages) == 3, "contents, then each of the two chapters on its own sheet"
    assert "Beranda" in pages[1] and "Darurat" in pages[2]
    assert "(https://example.org/)" in pages[2].replace(" ", ""), "an external link prints its address"


# One build per overlay (builds are the slow part); each overlay plants its defects in several files.
PLANTED = {
    "missing_include": [
        ("docs/cetak/lembar.id.md:14", "has no heading with the id '#tidak-ada'"),
        ("docs/cetak/lembar.en.md:14", "has no heading with the id '#tidak-ada'"),
        ("docs/cetak/lain.id.md:16", "docs/lama.id.md does not exist"),
        ("docs/cetak/salah.en.md:14", "not written the way it is read"),
        ("docs/cetak/pilihan.id.md:14", "'pendek', which is not an option"),
        ("docs/cetak/pilihan.en.md:14", "'pendek', which is not an option"),
    ],
    "tel_link_without_number": [
        ("docs/kontak.id.md:13", "the phone link 'tel:110' shows 'Telepon polisi'"),
        ("docs/kontak.en.md:13", "the phone link 'tel:110' shows 'Call the police'"),
    ],
}


@pytest.mark.parametrize("overlay", PLANTED)
def test_planted_print_defect_fails_naming_the_file(site_factory, overlay):
    result = run_build(site_factory(overlay))
    assert result.code == 1, result.output
    for path, words in PLANTED[overlay]:
        named = [line for line in result.lines_naming(path) if words in line]
        assert named, f"no line names {path} with {words!r}:\n{result.output}"
        assert " — " in named[0]
