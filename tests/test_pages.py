"""What every built page promises a reader: who stands behind it, and a way home from a wrong address."""

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
