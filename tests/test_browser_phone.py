"""The site on a 360 px phone in real Chromium: the language link without JavaScript, and search.

That every page fits a 360 px (and a 320 px) screen is measured in test_phone.py, on every page at once."""

import pytest

PHONE = {"width": 360, "height": 780}


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


@pytest.mark.parametrize("path,open_with,word", [("en/kontak/", "tap", "glossary"), ("kontak/", "/", "istilah")])
def test_letters_typed_before_material_has_loaded_are_searched(browser, served_site, path, open_with, word):
    """A slow phone: the reader opens search and types at once; Material's bundle arrives only after."""
    # No service worker: it would fetch the bundle itself, past the route that holds it back.
    context = browser.new_context(viewport=PHONE, has_touch=True, service_workers="block")
    held = []
    context.route("**/assets/javascripts/bundle.*.min.js*", lambda route: held.append(route))
    page = context.new_page()
    try:
        page.goto(served_site + path)
        if open_with == "tap":
            page.tap("label.md-header__button[for='__search']")
        else:
            page.keyboard.press(open_with)
        page.keyboard.type(word, delay=20)
        page.wait_for_timeout(300)
        assert len(held) == 1 and not page.locator(".md-search-result__item").count(), "Material loaded too soon"
        typed = page.input_value("input.md-search__input")
        assert typed == word, f"the letters typed before Material had loaded went elsewhere: {typed!r}"
        held[0].continue_()
        page.wait_for_selector(".md-search-result__item a", timeout=15000)  # and no further key pressed
    finally:
        context.close()
