"""Search finds the reader's own words: the 20 words readers most likely type (issue 29), each typed into the real
search box on a 360 px phone, in each language, must offer the page that answers it among the first results.

Readers type what they say, not the site's terms: docs/_data/search.yml lists such words per page and language,
and overrides/hooks/search_per_language.py puts them into the search index of the page's language."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

PHONE = {"width": 360, "height": 780}
FIRST = 3  # the pages a phone shows without scrolling the results

# (what an Indonesian reader types, what an English reader types, the pages that answer it: any one will do)
WORDS = [
    ("gaji", "salary", {"selama-bekerja/"}),
    ("upah", "wage", {"selama-bekerja/"}),
    ("calo", "broker", {"tppo/", "tppo/cek-tawaran/", "sebelum-berangkat/"}),
    ("agen", "agent", {"tppo/", "tppo/cek-tawaran/", "sebelum-berangkat/"}),
    ("sponsor", "sponsor", {"tppo/", "tppo/cek-tawaran/", "sebelum-berangkat/", "biaya/"}),
    ("biaya", "fee", {"biaya/"}),
    ("paspor", "passport", {"sebelum-berangkat/"}),
    ("visa", "visa", {"sebelum-berangkat/", "sarawak/"}),
    ("PLB", "border pass", {"sarawak/"}),
    ("permit", "permit", {"sarawak/"}),
    ("kontrak", "contract", {"sebelum-berangkat/", "selama-bekerja/"}),
    ("lapor", "report", {"tppo/minta-tolong/", "kontak/"}),
    ("tolong", "help", {"tppo/minta-tolong/", "kontak/"}),
    ("deportasi", "deported", {"sarawak/", "setelah-pulang/"}),
    ("KJRI", "consulate", {"kontak/", "sarawak/"}),
    ("Malaysia", "Malaysia", {"sarawak/", "sebelum-berangkat/"}),
    ("Sarawak", "Sarawak", {"sarawak/"}),
    ("Kuching", "Kuching", {"sarawak/", "kontak/"}),
    ("TPPO", "trafficking", {"tppo/"}),
    ("polisi", "police", {"kontak/", "tppo/minta-tolong/"}),
    ("umur", "age", {"sebelum-berangkat/"}),
    ("WhatsApp", "WhatsApp", {"kontak/"}),
]


def _first_pages(page, word: str) -> list[str]:
    """Type `word` into the open search box; the pages of the first results, as paths like 'sarawak/'."""
    box = page.locator("input.md-search__input")
    # Material searches on each key released (keyup), for the box's value then. Emptied with a key, the box
    # shows no results; the word's letters but its last are put in without a key, and its last letter is
    # typed: one search, for the whole word, so the first results that show are the word's own.
    box.fill("")
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for(state="detached")
    box.fill(word[:-1])
    page.keyboard.type(word[-1])
    # The first search may come before the index is loaded (Material's script loads when search opens): wait
    # for a result to show; a word that finds nothing shows none, and the assertion names it.
    try:
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    except PlaywrightTimeout:
        return []
    # One result item per page (its sections inside it): the page is the item's first link.
    return page.evaluate("""(first) => [...document.querySelectorAll('.md-search-result__item')].slice(0, first)
        .map(item => new URL(item.querySelector('a').href).pathname.replace(/^\\/(en\\/)?/, ''))""", FIRST)


@pytest.mark.parametrize("language", ["id", "en"])
def test_each_readers_word_finds_its_page(browser, served_site, language):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    page.goto(served_site + ("en/" if language == "en" else ""))
    page.click("label.md-header__button[for='__search']")
    # Once its index is ready, Material also searches for what the box holds then: a first search, left unread,
    # makes sure that happens before the words are searched (not halfway through the first one).
    _first_pages(page, WORDS[0][1] if language == "en" else WORDS[0][0])
    missed = []
    for indonesian, english, pages in WORDS:
        word = english if language == "en" else indonesian
        found = _first_pages(page, word)
        if not pages & set(found):
            missed.append(f"'{word}' offered {found or 'nothing'}, not one of {sorted(pages)}")
    context.close()
    assert not missed, f"searches on the {language} site that miss their page:\n" + "\n".join(missed)
