"""The site on a 360 px phone in real Chromium: it fits the screen, and works with JavaScript off."""

import pytest

PHONE = {"width": 360, "height": 780}
PAGES = ["", "kontak/", "tppo/cek-tawaran/", "en/", "en/sebelum-berangkat/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scrolling_at_360px(browser, served_site, path):
    page = browser.new_page(viewport=PHONE)
    page.goto(served_site + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.close()
    assert overflow <= 0, f"/{path} is {overflow}px wider than a 360px screen"


def test_language_link_works_without_javascript(browser, served_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "tppo/cek-tawaran/")
    page.click("a.ka-lang__link")
    assert page.url == served_site + "en/tppo/cek-tawaran/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("a.ka-lang__link")
    assert page.url == served_site + "tppo/cek-tawaran/"
    context.close()


@pytest.mark.parametrize("path,word,inside", [("en/kontak/", "glossary", "/en/"), ("kontak/", "istilah", None)])
def test_search_finds_pages_in_the_readers_language(browser, served_site, path, word, inside):
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(served_site + path)
    page.click("input.md-search__input")
    page.keyboard.type(word)
    page.wait_for_selector(".md-search-result__item a")
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    page.close()
    assert links
    for link in links:
        assert ("/en/" in link) == bool(inside), f"search on /{path} offered {link}"
