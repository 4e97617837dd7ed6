"""The "Perubahan / What changed" page lists every change note, newest first, in the page's own language."""

from bs4 import BeautifulSoup

from conftest import run_build, run_source_checks

from sitecheck.model import find_line


def _soup(site, rel):
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def test_change_notes_newest_first_in_each_language(site_factory, tmp_path):
    site = tmp_path / "site"
    result = run_build(site_factory("change_notes"), site)
    assert result.code == 0, result.output
    assert "<!-- changes -->" not in (site / "perubahan" / "index.html").read_text(encoding="utf-8")

    soup = _soup(site, "perubahan/index.html")
    items = soup.select(".ka-changes__list li")
    assert [li.time["datetime"] for li in items] == ["2026-10-05", "2026-09-20", "2026-09-01"]
    assert "Nomor darurat diganti." in items[0].get_text() and "5 Oktober 2026" in items[0].get_text()
    # A note is text, never markup: its '&' is escaped.
    assert "ulang &amp; dipendekkan" in str(items[1]) and "ulang & dipendekkan" in items[1].get_text()
    # Each note links to its page; the table lists every page, the most recently changed first.
    assert items[0].a["href"] == "../kontak/" and items[1].a["href"] == "../"
    rows = soup.select(".ka-changes__pages tbody tr")
    assert [r.a["href"] for r in rows] == ["../kontak/", "../"]
    assert rows[0].find_all("time")[0]["datetime"] == "2026-10-05"

    english = _soup(site, "en/perubahan/index.html")
    items = english.select(".ka-changes__list li")
    assert [li.time["datetime"] for li in items] == ["2026-10-05", "2026-09-20", "2026-09-01"]
    assert "Emergency number replaced." in items[0].get_text() and "5 October 2026" in items[0].get_text()
    assert "Latest changes" in english.get_text() and "diganti" not in english.select_one(".ka-changes").get_text()


def test_broken_change_note_is_an_error_naming_the_file(site_factory):
    project = site_factory("bad_change_note")
    result = run_source_checks(project)
    assert result.code == 1
    dated, listed = (find_line(project / "docs" / "kontak.id.md", text) for text in ("- date: 2026-10-05", "changes:"))
    assert [l for l in result.lines_naming(f"docs/kontak.id.md:{dated}") if "has no note" in l], result.output
    assert [l for l in result.lines_naming(f"docs/kontak.id.md:{listed}") if "no real date" in l], result.output


def test_real_site_has_the_page_in_both_languages_and_in_the_navigation(built_site):
    for rel, title, nav_label in [("perubahan/index.html", "Perubahan", "Perubahan"),
                                  ("en/perubahan/index.html", "What changed", "What changed")]:
        soup = _soup(built_site, rel)
        assert soup.h1.get_text(strip=True).startswith(title)
        assert soup.select_one(".ka-changes"), f"{rel}: the change list was not rendered"
        labels = [a.get_text(strip=True) for a in soup.select("nav.md-nav--primary a")]
        assert nav_label in labels, labels
