"""What every built page promises a reader: who stands behind it, and a way home from a wrong address."""

import re

import pytest

from conftest import parsed_page
from test_headers import _serve


def test_every_page_says_it_is_independent_in_its_language(built_site):
    for path in built_site.rglob("index.html"):
        text = parsed_page(path).select_one(".ka-independent").get_text(" ", strip=True)
        english = path.relative_to(built_site).parts[0] == "en"
        assert ("not a government website" in text) == english, path
        assert ("bukan situs pemerintah" in text) == (not english), path


LICENCE = {"id": "Boleh dicetak, disalin dan dibagikan — CC BY 4.0", "en": "You may print, copy and share this — CC BY 4.0"}


def test_every_page_ends_with_the_content_licence_in_its_language(built_site):
    """One short footer line on every page (both on the 404 page), its "CC BY 4.0" linking the licence."""
    for path in [*built_site.rglob("index.html"), built_site / "404.html"]:
        footer = parsed_page(path).select_one("footer .ka-licence")
        assert footer is not None, f"{path}: no licence line in the footer"
        english = path.relative_to(built_site).parts[0] == "en"
        wanted = [LICENCE["id"], LICENCE["en"]] if path.name == "404.html" else [LICENCE["en" if english else "id"]]
        said = [" ".join(part.get_text(" ", strip=True).split()) for part in footer.select("[lang]") or [footer]]
        assert said == wanted, f"{path}: {said}"
        links = {a["href"] for a in footer.select("a") if a.get_text(strip=True) == "CC BY 4.0"}
        assert links == {"https://creativecommons.org/licenses/by/4.0/"}, f"{path}: {links}"


def test_404_speaks_both_languages_and_links_both_homes(built_site):
    soup = parsed_page(built_site / "404.html")
    assert soup.select_one('[lang="id"]') and soup.select_one('[lang="en"]')
    homes = {a["href"] for a in soup.select("article a[href]")}
    assert {"/", "/en/"} <= homes
    footer = soup.select_one(".ka-independent").get_text(" ")
    assert "bukan situs pemerintah" in footer and "not a government website" in footer


def test_404_is_indonesian_first(built_site):
    """Built with the Indonesian pages, not the last language built: lang, menus and search speak Indonesian."""
    soup = parsed_page(built_site / "404.html")
    assert soup.html["lang"] == "id"
    menu = [a.get_text(" ", strip=True) for a in soup.select(".md-nav--primary a")]
    assert "Sebelum berangkat" in menu and "Before departure" not in menu, menu
    assert soup.select_one(".md-search__input")["placeholder"] == "Cari"
    english = " ".join(part.get_text(" ", strip=True) for part in soup.select('article [lang="en"]'))
    assert "Sorry, this page does not exist" in english


@pytest.mark.parametrize("missing", ["tidak-ada/", "en/no-such-page/"])
def test_a_wrong_address_shows_the_404_in_indonesian_first_and_leads_home(browser, built_site, missing):
    """As a static host answers a miss under / or /en/: its 404 page, whose links work from that depth."""
    server, base = _serve(built_site, [])
    page = browser.new_page(viewport={"width": 360, "height": 780})
    try:
        response = page.goto(base + missing)
        assert response.status == 404
        assert page.evaluate("document.documentElement.lang") == "id"
        assert page.locator(".md-header__topic").first.is_visible()
        page.click("text=Go to the home page (English)")
        page.wait_for_load_state()
        assert page.url == base + "en/" and page.evaluate("document.documentElement.lang") == "en"
    finally:
        page.close()
        server.shutdown()


def test_reviewed_date_is_shown_in_the_page_language(built_site):
    id_text = parsed_page(built_site / "kontak" / "index.html").select_one(".ka-reviewed").get_text(" ")
    en_text = parsed_page(built_site / "en" / "kontak" / "index.html").select_one(".ka-reviewed").get_text(" ")
    assert id_text.startswith("Terakhir diperiksa")
    assert en_text.startswith("Last reviewed")


def test_heading_links_are_named_in_the_page_language(built_site):
    """The "#" after each heading is read out by screen readers by its title: English on English pages."""
    for rel, title in (("kontak/index.html", "Tautan ke bagian ini"), ("en/kontak/index.html", "Link to this section")):
        titles = {a.get("title") for a in parsed_page(built_site / rel).select("a.headerlink")}
        assert titles == {title}, f"{rel}: {titles}"


def test_pages_are_minified_but_keep_their_closing_tags(built_site):
    """overrides/hooks/minify.py: no indentation left, and every paragraph still closes (parsers agree)."""
    html = (built_site / "en" / "tppo" / "index.html").read_text(encoding="utf-8")
    assert "\n    <" not in html, "indentation is left in the page"
    for tag in ("p", "li"):
        opened = len(re.findall(rf"<{tag}[\s>]", html))
        assert opened and opened == html.count(f"</{tag}>"), f"<{tag}> opened {opened} times, closed {html.count(f'</{tag}>')}"
    assert "__palette" not in html, "Material's palette script is back (we configure no palette)"


def test_the_phone_benchmark_measures_every_reader_page(built_site):
    """scripts/bench.py (Lighthouse, axe) covers every page of the navigation in both languages: every built page
    but the print documents under /cetak/ (not_in_nav in mkdocs.yml), so no reader page can slip outside a sample."""
    import bench
    from conftest import ROOT
    from sitecheck.project import Project
    built = {path.relative_to(built_site).as_posix()[: -len("index.html")] for path in built_site.rglob("index.html")}
    print_documents = {path for path in built if re.fullmatch(r"(en/)?cetak/.+/", path)}
    measured = bench.reader_pages(Project.load(ROOT))
    assert len(measured) == len(set(measured))
    assert set(measured) == built - print_documents
