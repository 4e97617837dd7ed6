"""What every built page promises a reader: who stands behind it, and a way home from a wrong address."""

import re

from bs4 import BeautifulSoup


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_page_says_it_is_independent_in_its_language(built_site):
    for path in built_site.rglob("index.html"):
        text = _soup(path).select_one(".ka-independent").get_text(" ", strip=True)
        english = path.relative_to(built_site).parts[0] == "en"
        assert ("not a government website" in text) == english, path
        assert ("bukan situs pemerintah" in text) == (not english), path


def test_404_speaks_both_languages_and_links_both_homes(built_site):
    soup = _soup(built_site / "404.html")
    assert soup.select_one('[lang="id"]') and soup.select_one('[lang="en"]')
    homes = {a["href"] for a in soup.select("article a[href]")}
    assert {"/", "/en/"} <= homes
    footer = soup.select_one(".ka-independent").get_text(" ")
    assert "bukan situs pemerintah" in footer and "not a government website" in footer


def test_reviewed_date_is_shown_in_the_page_language(built_site):
    id_text = _soup(built_site / "kontak" / "index.html").select_one(".ka-reviewed").get_text(" ")
    en_text = _soup(built_site / "en" / "kontak" / "index.html").select_one(".ka-reviewed").get_text(" ")
    assert id_text.startswith("Terakhir diperiksa")
    assert en_text.startswith("Last reviewed")


def test_heading_links_are_named_in_the_page_language(built_site):
    """The "#" after each heading is read out by screen readers by its title: English on English pages."""
    for rel, title in (("kontak/index.html", "Tautan ke bagian ini"), ("en/kontak/index.html", "Link to this section")):
        titles = {a.get("title") for a in _soup(built_site / rel).select("a.headerlink")}
        assert titles == {title}, f"{rel}: {titles}"


def test_pages_are_minified_but_keep_their_closing_tags(built_site):
    """overrides/hooks/minify.py: no indentation left, and every paragraph still closes (parsers agree)."""
    html = (built_site / "en" / "tppo" / "index.html").read_text(encoding="utf-8")
    assert "\n    <" not in html, "indentation is left in the page"
    for tag in ("p", "li"):
        opened = len(re.findall(rf"<{tag}[\s>]", html))
        assert opened and opened == html.count(f"</{tag}>"), f"<{tag}> opened {opened} times, closed {html.count(f'</{tag}>')}"
    assert "__palette" not in html, "Material's palette script is back (we configure no palette)"
