"""Phone-first goals in real Chromium, on EVERY built page: fits 320/360 px, readable text, big tap
targets, complete without JavaScript, offline reading (service worker), and the offline zip."""

from __future__ import annotations

import http.server
import json
import shutil
import zipfile
from urllib.parse import urljoin, urlsplit
from pathlib import Path

import pytest

from conftest import ROOT, make_site, parsed_page, run_build, start_serving, wait_until
from sitecheck import phone_metrics

PHONE = {"width": 360, "height": 780}


def built_pages(site: Path) -> list[str]:
    """Every page of the built site as a URL path: '', 'kontak/', 'en/tppo/cek-tawaran/' …"""
    pages = [p.relative_to(site).as_posix()[: -len("index.html")] for p in sorted(site.rglob("index.html"))]
    assert len(pages) >= 4, "the site has almost no pages"
    return pages


@pytest.fixture(scope="module")
def pages(built_site):
    return built_pages(built_site)


@pytest.fixture(scope="module")
def page_without_javascript(browser):
    """One tab with JavaScript off for this module's tests: without scripts a page keeps nothing for the next
    visit (no storage, no service worker), so they need no fresh context each."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def site_model(built_site):
    """The built site as the build's checks read it, its pages parsed once for the tests of this module."""
    from sitecheck.model import BuiltSite
    from sitecheck.project import Project
    return BuiltSite.load(Project.load(ROOT), built_site)


# --- every page, as a phone shows it ----------------------------------------------------------------
# Each page is opened once with JavaScript and once without (per language, so that the two parallel workers
# share the pages), and every check below reads what those two visits saw.

CONTENT = "article :is(h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, summary, figcaption)"
_VISIBLE_TEXTS = """(selector) => [...document.querySelectorAll(selector)]
    .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
    .map(el => el.innerText.replace(/\\s+/g, ' ').trim()).filter(Boolean)"""


_ALL_TEXTS = """(selector) => [...document.querySelectorAll(selector)]
    .map(el => el.textContent.replace(/\\s+/g, ' ').trim())"""


# Each phone link outside the paper-only wallet copies: (href, visible, width, height), read in one call.
_PHONE_LINKS = """() => [...document.querySelectorAll("a[href^='tel:']")]
    .filter(a => !a.closest('.ka-wallet--copy'))
    .map(a => { const r = a.getBoundingClientRect();
                return [a.getAttribute('href'), !!a.getClientRects().length && getComputedStyle(a).visibility !== 'hidden',
                        r.width, r.height]; })"""

NARROW = {"width": 320, "height": 780}  # a small phone

# Each visible h1/h2 that its "#" link makes taller than its text alone: (height with the link, without, text).
# All links are hidden at once (one layout, not two per heading): a heading's height depends on its own content.
_TALLER_FOR_THE_LINK = """() => {
    const headings = [...document.querySelectorAll('article :is(h1, h2)')]
        .filter(h => h.getClientRects().length && h.querySelector('.headerlink'));
    const links = headings.flatMap(h => [...h.querySelectorAll('.headerlink')]);
    const tall = headings.map(h => h.getBoundingClientRect().height);
    links.forEach(a => a.style.display = 'none');
    const text = headings.map(h => h.getBoundingClientRect().height);
    links.forEach(a => a.style.removeProperty('display'));
    return headings.map((h, i) => [tall[i], text[i], h.textContent.replace(/#$/, '').trim().slice(0, 40)])
        .filter(([tall, text]) => tall > text);
}"""

# With JavaScript, in one call (each call to the page costs about as much as a measurement): phone_metrics'
# measurements, in the order the bench takes them, and the texts and headings the checks below need. The tap
# targets are measured with the navigation drawer open, which is closed again before the narrow screen.
_WITH_JAVASCRIPT = """(selectors) => {
    const overflow = %s, textSizes = %s, tapTargets = %s, visibleTexts = %s, tallForTheLink = %s;
    const seen = {wide: overflow()};
    if (!selectors) return seen;  // the 404 page only has to fit
    seen.text_sizes = textSizes(selectors.text);
    seen.texts = visibleTexts(selectors.content);
    seen.tall_headings = tallForTheLink();
    const drawer = document.getElementById('__drawer');
    if (drawer) drawer.checked = true;
    seen.tap_targets = tapTargets(selectors.targets);
    if (drawer) drawer.checked = false;
    return seen;
}""" % (phone_metrics._OVERFLOW, phone_metrics._SMALL_TEXT, phone_metrics._TARGETS, _VISIBLE_TEXTS,
        _TALLER_FOR_THE_LINK)


def _seen_with_javascript(page, path: str) -> dict:
    selectors = None if path == "404.html" else {"text": phone_metrics.TEXT, "content": CONTENT,
                                                "targets": phone_metrics.TARGETS}
    seen = page.evaluate(_WITH_JAVASCRIPT, selectors)
    if selectors:
        seen["small_text"] = [f"/{path} {what} ({size}px)" for size, what in seen.pop("text_sizes") if size < 16]
        seen["tall_headings"] = [f"/{path} {text!r} ({tall:.0f}px, its text {alone:.0f}px)"
                                 for tall, alone, text in seen["tall_headings"]]
        seen["small_targets"] = [f"/{path} {what} ({w}x{h})" for w, h, what in seen.pop("tap_targets")
                                 if w < 44 or h < 44]
    # The same page on a 320 px screen: the layout follows the new width, as when a phone turns.
    page.set_viewport_size(NARROW)
    seen["wide_320"] = phone_metrics.overflow(page)
    page.set_viewport_size(PHONE)
    return seen


# Without JavaScript, in one call: what the checks below need of the page.
_WITHOUT_JAVASCRIPT = """(content) => {
    const visibleTexts = %s, allTexts = %s, phoneLinks = %s;
    const hrefs = selector => [...document.querySelectorAll(selector)].map(e => e.href);
    const language = document.querySelector("a.ka-lang__link");
    return {
        // Controls that JavaScript shows (hidden in the HTML, or buttons) are enhancements, not content.
        controls: allTexts("article [hidden], article button").filter(Boolean),
        texts: visibleTexts(content),
        all: document.body.textContent,
        phone_links: phoneLinks(),
        language_link: language && language.getAttribute("href"),
        headings: document.querySelectorAll("article h1").length,
        links: hrefs("a[href]"),
        navigation: hrefs(".md-nav--primary a.md-nav__link[href]"),
    };
}""" % (_VISIBLE_TEXTS, _ALL_TEXTS, _PHONE_LINKS)


def _seen_without_javascript(page, path: str) -> dict:
    seen = page.evaluate(_WITHOUT_JAVASCRIPT, CONTENT)
    seen["all"] = " ".join(seen["all"].split())  # spaces counted as Python counts them, like the texts below
    return seen


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_of_the_language_on_a_phone(browser, page_without_javascript, built_site, served_site, pages,
                                               language):
    """On a 360 px phone, every page of the language:
    - fits the screen, and a 320 px one; its text is at least 16 px; its tap targets are at least 44 x 44 px
      (drawer open); no h1 or h2 is taller than its text because of its "#" link;
    - is complete without JavaScript: every piece of text a reader sees with JavaScript is there and visible
      without it, unless JavaScript itself wrote it (an enhancement such as a button);
    - without JavaScript: its language link leads to the twin page, in the other language; its phone links
      are plain, visible links of at least 44 x 44 px; it answers and has one h1; and following links from
      the home page's navigation reaches it.
    The site's 404 page is measured with the Indonesian pages (it only has to fit)."""
    home = "en/" if language == "en" else ""
    mine = [path for path in pages if path.startswith("en/") == (language == "en")]
    # All pages with JavaScript, then all without: one browser context (and its renderer) at work at a time.
    on = browser.new_context(viewport=PHONE, service_workers="block")
    page_on, with_js = on.new_page(), {}
    for path in mine + (["404.html"] if language == "id" else []):
        page_on.goto(served_site + path)
        with_js[path] = _seen_with_javascript(page_on, path)
    on.close()
    page_off, without_js, answered = page_without_javascript, {}, {}
    for path in mine:
        answered[path] = page_off.goto(served_site + path).status
        without_js[path] = _seen_without_javascript(page_off, path)

    wide = {path: seen["wide"] for path, seen in with_js.items() if seen["wide"] > 0}
    wide_320 = {path: seen["wide_320"] for path, seen in with_js.items() if seen["wide_320"] > 0}
    small_text = [line for seen in with_js.values() for line in seen.get("small_text", [])]
    small_targets = [line for seen in with_js.values() for line in seen.get("small_targets", [])]
    tall_headings = [line for seen in with_js.values() for line in seen.get("tall_headings", [])]
    hidden, broken_language, bad_phone_links = [], [], []
    for path in mine:
        off_seen = without_js[path]

        def content(text):
            for control in off_seen["controls"]:
                text = text.replace(control, " ")
            return " ".join(text.split())

        seen_off = {content(t) for t in off_seen["texts"]}
        for text in map(content, with_js[path]["texts"]):
            # Text that is in the page without JavaScript but not shown there: content needing JS.
            if text and text not in seen_off and text in off_seen["all"]:
                hidden.append(f"/{path}: {text[:60]}")
        # The emergency card's extra copies exist only on paper (print.css); the first copy is on screen.
        for href, visible, width, height in off_seen["phone_links"]:
            if not (visible and width >= 44 and height >= 44):
                bad_phone_links.append(f"/{path} {href}")
        # The language link is a plain link to the twin page, which is in the other language.
        twin = urljoin(served_site + path, off_seen["language_link"])[len(served_site):]
        expected = path[3:] if path.startswith("en/") else "en/" + path
        if twin != expected or f"lang={language}" in (built_site / twin / "index.html").read_text(encoding="utf-8")[:200]:
            broken_language.append(f"/{path} -> /{twin}")

    # Every page of the language is reached by following links (navigation first, then links in pages).
    queue = list(without_js[home]["navigation"])
    in_nav = {u.split("#")[0][len(served_site):] for u in queue if u.startswith(served_site)}
    reached = set()
    while queue:
        url = queue.pop(0).split("#")[0]
        path = url[len(served_site):]
        if not url.startswith(served_site) or path in reached or path not in without_js:
            continue
        reached.add(path)
        queue += without_js[path]["links"]
    unanswered = {path: status for path, status in answered.items() if not 200 <= status < 300}
    not_one_heading = [path for path, seen in without_js.items() if seen["headings"] != 1]

    assert not wide, f"pages wider than 360 px (px too wide): {wide}"
    assert not wide_320, f"pages wider than 320 px (px too wide): {wide_320}"
    assert not small_text, "text smaller than 16 px:\n" + "\n".join(small_text[:20])
    assert not small_targets, "tap targets smaller than 44x44 px:\n" + "\n".join(small_targets[:20])
    assert not tall_headings, "headings that their \"#\" link makes taller:\n" + "\n".join(tall_headings[:20])
    assert not hidden, "text shown only with JavaScript:\n" + "\n".join(hidden[:20])
    assert not broken_language, f"language links that do not lead to the twin: {broken_language}"
    assert not bad_phone_links, f"phone links hidden or too small without JavaScript: {bad_phone_links}"
    assert not unanswered, f"pages that did not answer 200 without JavaScript: {unanswered}"
    assert not not_one_heading, f"pages without exactly one h1: {not_one_heading}"
    assert in_nav & set(mine), f"the navigation of /{home} links to no page"
    missing = sorted(set(mine) - reached)
    assert not missing, f"pages no link leads to from /{home} without JavaScript: {missing}"


@pytest.mark.parametrize("home", ["", "en/"])
def test_the_navigation_drawer_opens_and_a_tap_follows_its_link_without_javascript(page_without_javascript,
                                                                                    served_site, home):
    page = page_without_javascript
    page.goto(served_site + home)
    # Material's drawer is a checkbox and a label: it opens with JavaScript off.
    drawer = page.locator(".md-sidebar--primary")
    page.click("label.md-header__button[for='__drawer']")
    wait_until(page, "() => document.getAnimations().every(a => a.playState === 'finished')")  # the slide-in
    assert page.locator("#__drawer").is_checked()
    assert drawer.bounding_box()["x"] >= -1, "the navigation drawer did not open"
    # A real tap through the open drawer.
    target = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link").nth(1)
    href = target.get_attribute("href")
    target.click()
    assert page.url.rstrip("/").endswith(href.strip("./").rstrip("/")), page.url


# --- offline reading ----------------------------------------------------------------------------

def _wait_until_kept(page, url: str) -> None:
    """Until the worker has kept the page and every stylesheet it loaded (it keeps them one after another)."""
    wait_until(page, """async (url) => {
        await navigator.serviceWorker.ready;
        const wanted = [url, ...[...document.querySelectorAll("link[rel=stylesheet]")].map(link => link.href)];
        const keys = await caches.keys();
        for (const address of wanted) {
            let found = false;
            for (const key of keys) {
                if (await (await caches.open(key)).match(address)) { found = true; break; }
            }
            if (!found) return false;
        }
        return true;
    }""", url)


def test_service_worker_serves_a_visited_page_with_the_network_cut(browser, served_site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(served_site + "kontak/")
    _wait_until_kept(page, served_site + "kontak/")
    styled = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    context.set_offline(True)
    page.goto(served_site + "kontak/")
    assert page.locator("article h1").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == styled
    with pytest.raises(Exception):
        page.goto(served_site + "tentang/")  # never opened, never saved: not there offline
    context.close()


def test_save_for_offline_keeps_every_page_of_the_language(browser, served_site, built_site):
    manifest = json.loads((built_site / "en" / "offline.json").read_text(encoding="utf-8"))
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(served_site + "en/kontak/")
    button = page.locator(".ka-offline button")
    button.wait_for(state="visible")
    button.click()
    status = page.locator(".ka-offline [role=status]")
    wait_until(page, "document.querySelector('.ka-offline [role=status]').textContent.includes('KB')")
    assert f"{manifest['pages']} pages" in status.inner_text()  # the size is shown before it starts
    button.click()
    page.wait_for_selector(".ka-offline[data-saved]", timeout=30000)
    context.set_offline(True)
    for entry in manifest["files"]:
        if entry["url"].endswith("/"):
            page.goto(served_site + entry["url"])
            assert page.locator("article h1").count() == 1, entry["url"]
            assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def test_no_js_no_offline_button(page_without_javascript, served_site):
    page = page_without_javascript
    page.goto(served_site + "kontak/")
    assert page.locator(".ka-offline").count() == 1
    assert not page.locator(".ka-offline").is_visible()


class _SwitchableHandler(http.server.SimpleHTTPRequestHandler):
    root: Path

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(type(self).root), **kwargs)

    def end_headers(self):
        # No HTTP caching in the browser: only the service worker may keep a page. (Two builds written within
        # the same second have the same Last-Modified: the server would answer 304 and the browser would
        # show its cached old page without the worker having any part in it.)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):
        pass


def _fixture_build(tmp_path: Path, colour: str, words: str) -> Path:
    """The small fixture site with our worker and script, its header colour and a sentence set."""
    tmp_path.mkdir(parents=True)
    project = make_site(tmp_path)
    shutil.copy(ROOT / "docs" / "sw.js", project / "docs" / "sw.js")
    (project / "docs" / "assets" / "javascripts").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "docs" / "assets" / "javascripts" / "offline.js", project / "docs" / "assets" / "javascripts")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "\nextra_javascript:\n  - assets/javascripts/offline.js\n",
                                        encoding="utf-8")
    with open(project / "docs" / "assets" / "stylesheets" / "site.css", "a", encoding="utf-8") as css:
        css.write(f"\n.md-header {{ background-color: {colour}; }}\n")
    page = project / "docs" / "kontak.id.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.code == 0, result.output
    return site


def test_a_page_of_an_old_build_is_never_shown_with_new_assets(browser, tmp_path):
    old = _fixture_build(tmp_path / "old", "rgb(1, 2, 3)", "Kalimat build lama.")
    new = _fixture_build(tmp_path / "new", "rgb(4, 5, 6)", "Kalimat build baru.")
    assert (old / "sw.js").read_text() != (new / "sw.js").read_text(), "a new build must stamp a new worker"
    handler = type("Handler", (_SwitchableHandler,), {"root": old})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = start_serving(server)

    def shown(page):
        text = page.inner_text("article")
        build = "old" if "build lama" in text else "new" if "build baru" in text else "?"
        colour = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        return build, {"rgb(1, 2, 3)": "old", "rgb(4, 5, 6)": "new"}.get(colour, colour)

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(base + "kontak/")
        _wait_until_kept(page, base + "kontak/")
        old_cache = page.evaluate("async () => (await caches.keys()).join()")
        page.reload()
        assert shown(page) == ("old", "old")
        handler.root = new  # the new build is published
        context.set_offline(True)  # no signal: the kept old page, with its own old assets
        page.goto(base + "kontak/")
        assert shown(page) == ("old", "old")
        context.set_offline(False)  # signal again: the new page, with the new assets only
        page.goto(base + "kontak/")
        assert shown(page) == ("new", "new")
        # The new worker has taken over and refreshed what was kept: its cache is the only one, as the old cache
        # is deleted once the new worker is active.
        wait_until(page, "async (old) => { const keys = await caches.keys(); return keys.length === 1 && keys[0] !== old; }",
                   old_cache)
        page.goto(base + "kontak/")
        assert shown(page) == ("new", "new")
        _wait_until_kept(page, base + "kontak/")
        context.set_offline(True)
        page.goto(base + "kontak/")
        assert shown(page) == ("new", "new")
        # Keeping the page again made no second cache.
        assert page.evaluate("async () => (await caches.keys()).length") == 1
    finally:
        context.close()
        server.shutdown()


# --- the offline zip ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory, built_site):
    """The zip as published with the checked site (mkdocs.yml asks for it), unzipped."""
    import offline_zip as tool
    work = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(built_site / tool.ZIP_NAME) as archive:
        archive.extractall(work)
    return work / tool.FOLDER


@pytest.mark.parametrize("path,decimal_sign", [("petugas/", ","), ("en/petugas/", ".")])
def test_officers_page_links_the_published_zip_with_its_size(built_site, path, decimal_sign):
    import offline_zip as tool
    zip_file = built_site / tool.ZIP_NAME
    assert zip_file.is_file(), "the checked build publishes the zip with the site"
    soup = parsed_page(built_site / path / "index.html")
    links = soup.select(f"a[href$='{tool.ZIP_NAME}']")
    assert len(links) == 1, f"/{path} should link the offline zip once"
    assert (built_site / path / links[0]["href"]).resolve() == zip_file.resolve()
    size = f"{zip_file.stat().st_size / 1024 / 1024:.1f} MB".replace(".", decimal_sign)
    assert f"(ZIP, {size})" in links[0].parent.get_text(), links[0].parent
    assert "kerja-aman/index.html" in links[0].parent.find_next_sibling("p").get_text()


def test_the_phone_does_not_keep_the_zip(browser, served_site):
    """The zip is for computers: the service worker lets it through, so a phone never keeps 1 MB it cannot use."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(served_site + "petugas/")
    wait_until(page, "navigator.serviceWorker.controller !== null")
    kept = page.evaluate("""async (url) => {
        await (await fetch(url)).arrayBuffer();
        for (const key of await caches.keys()) {
            if (await (await caches.open(key)).match(url)) return true;
        }
        return false;
    }""", served_site + "kerja-aman-offline.zip")
    context.close()
    assert not kept, "the service worker stored the offline zip on the phone"


def test_offline_zip_needs_no_other_host(offline_zip):
    for path in offline_zip.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "unpkg.com" not in html, f"{path.name} loads a script from unpkg.com"
    assert (offline_zip / "search" / "search_index.js").is_file()
    assert (offline_zip / "en" / "search" / "search_index.js").is_file()


@pytest.mark.parametrize("path,word,english", [("en/kontak/index.html", "glossary", True),
                                               ("tppo/index.html", "istilah", False)])
def test_offline_zip_search_works_from_file(browser, offline_zip, path, word, english):
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    outside = []
    page.on("request", lambda r: r.url.startswith("file:") or outside.append(r.url))
    page.goto((offline_zip / path).as_uri())
    page.click("input.md-search__input")
    page.keyboard.type(word)
    page.wait_for_selector(".md-search-result__item a", timeout=10000)
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    page.close()
    assert not outside, f"the offline copy asked the network for {outside}"
    assert links and all(link.startswith("file:") for link in links)
    for link in links:
        assert ("/en/" in link) == english, f"search on {path} offered {link}"
        # From a file, a link to a folder shows the folder: every result names the page's file.
        assert urlsplit(link).path.endswith("/index.html"), f"search on {path} offered {link}"


def test_offline_zip_links_name_files(offline_zip):
    """Every relative link and source in the copy names a file that is in the copy (no folder, no address)."""
    from bs4 import BeautifulSoup
    from urllib.parse import unquote
    missing = []
    for page in [offline_zip / "index.html", offline_zip / "en" / "petugas" / "index.html",
                 offline_zip / "tppo" / "cek-tawaran" / "index.html"]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"}), f"{page}: a policy from file://"
        for tag in soup.find_all(href=True) + soup.find_all(src=True):
            url = tag.get("href") or tag.get("src")
            split = urlsplit(url)
            if split.scheme or url.startswith("#") or not split.path:
                continue
            if not (page.parent / unquote(split.path)).is_file():
                missing.append(f"{page.relative_to(offline_zip)}: {url}")
    assert missing == []


# --- the build warns about a page too heavy for a phone ---------------------------------------------

def test_a_heavy_page_is_named_with_a_warning(site_factory):
    result = run_build(site_factory("heavy_page"))
    assert result.code == 0, result.output  # a warning: the site is still published
    named = [line for line in result.lines_naming("docs/kontak.id.md") if "over 12 KiB" in line]
    assert named and " — " in named[0], result.output
    assert not [line for line in result.lines_naming("docs/index.id.md") if "over 12 KiB" in line]


def test_search_loads_material_on_demand_without_failed_requests(browser, served_site):
    """Material's JavaScript comes only with search, and then asks for no missing sitemap.xml."""
    page = browser.new_page(viewport=PHONE)
    requests, failed = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(served_site + "en/kontak/")
    page.wait_for_load_state("load")
    assert not [u for u in requests if "/bundle." in u], "Material's bundle loaded before search was wanted"
    page.click("label.md-header__button[for='__search']")
    # Type once Material has loaded and focused the search field (on a busy machine that takes a moment).
    wait_until(page, "document.activeElement && document.activeElement.matches('.md-search__input')")
    wait_until(page, "() => [...performance.getEntriesByType('resource')].some(e => e.name.includes('/search_index.json'))")
    page.keyboard.type("glossary")
    page.wait_for_selector(".md-search-result__item a", timeout=15000)
    page.wait_for_timeout(500)
    page.close()
    assert [u for u in requests if "/bundle." in u]
    assert not [u for u in requests if "sitemap.xml" in u], "Material fetched sitemap.xml"
    assert not failed, f"failed requests: {failed}"


def test_only_a_print_document_under_cetak_may_leave_the_phone_budgets(site_factory):
    """'print_document: true' lifts the phone budgets (the booklet); a phone page saying it fails the build."""
    project = site_factory("heavy_page")
    page = project / "docs" / "kontak.id.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    page.write_text("---\nprint_document: true\n" + text[4:], encoding="utf-8")
    result = run_build(project)
    assert result.code == 1, result.output
    named = [line for line in result.lines_naming("docs/kontak.id.md:2") if "only for print documents" in line]
    assert named and " — remove the line" in named[0], result.output


def test_the_booklet_is_a_print_document_and_every_other_page_is_not(site_model):
    from phone_budgets import is_print_document
    printed = sorted(page.url_path for page in site_model.content_pages if is_print_document(page))
    assert printed == ["cetak/buku/", "en/cetak/buku/"], printed


def test_save_for_offline_leaves_out_the_print_booklet(built_site):
    """The booklet repeats every page for paper: a reader saving pages for the phone does not need it."""
    for language, prefix in (("id", ""), ("en", "en/")):
        manifest = json.loads((built_site / prefix / "offline.json").read_text(encoding="utf-8"))
        urls = {entry["url"] for entry in manifest["files"]}
        assert prefix + "kontak/" in urls and prefix + "cetak/" in urls
        assert prefix + "cetak/buku/" not in urls, f"{language}: the booklet is in the offline list"
        # The budget is what the reader downloads (the size the button shows), as scripts/bench.py measures it.
        assert manifest["gzip"] < 1024 * 1024, f"{language}: {manifest['gzip']} bytes to download"


def test_offline_lists_hold_every_file_each_page_loads(built_site, site_model):
    """Each page's stylesheets, scripts and icons are in its language's offline list and in the worker's
    list for a new build, read with an HTML parser (the minified pages leave many values unquoted)."""
    from urllib.parse import urljoin

    from phone_budgets import is_print_document
    from sitecheck.model import fetched_urls, is_external
    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    worker_assets = set(json.loads(worker.split("const ASSETS = ", 1)[1].split(";\n", 1)[0]))
    lists = {prefix: {entry["url"] for entry in
                      json.loads((built_site / prefix / "offline.json").read_text(encoding="utf-8"))["files"]}
             for prefix in ("", "en/")}
    missing = []
    for page in site_model.content_pages:
        if is_print_document(page):
            continue
        listed = lists["en/" if page.url_path.startswith("en/") else ""]
        assert page.url_path in listed, f"/{page.url_path} is not in its offline list"
        for url in fetched_urls(page):
            if is_external(url) or url.startswith("data:"):
                continue
            asset = urljoin("/" + page.url_path, url)[1:]
            if asset not in listed or asset not in worker_assets:
                missing.append(f"/{page.url_path}: {asset}")
    assert any(a.startswith("assets/stylesheets/main.") for a in worker_assets), "Material's stylesheet is missing"
    assert not missing, "files a page loads but offline lists leave out:\n" + "\n".join(sorted(set(missing))[:20])


def test_our_stylesheets_and_scripts_arrive_joined_in_the_listed_order(built_site):
    """One stylesheet and one script of ours per page (fewer requests on a weak signal), holding every file
    mkdocs.yml lists, in that order, each marked with its source for the build checks."""
    import yaml
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    html = (built_site / "kontak" / "index.html").read_text(encoding="utf-8")
    for option, joined in (("extra_css", "assets/stylesheets/kerja-aman.css"),
                           ("extra_javascript", "assets/javascripts/kerja-aman.js")):
        assert len(config[option]) > 1
        assert html.count(f"../{joined}?v=") == 1, f"{joined} is not linked once"
        text = (built_site / joined).read_text(encoding="utf-8")
        at = -1
        for source in config[option]:
            mark = f"/*! from docs/{source} */"
            assert mark in text, f"{source} is missing from {joined}"
            part = (ROOT / "docs" / source).read_text(encoding="utf-8").strip()
            assert part in text
            assert text.index(mark) > at, f"{source} is out of order in {joined}"
            at = text.index(mark)
            assert not (built_site / source).exists(), f"{source} is published beside the joined file"
            assert f"/{source.split('/')[-1]}?v=" not in html, f"{source} is still linked on its own"


def test_page_assets_reads_minified_html_and_joined_parts():
    """The one reader of what a page loads (hooks and checks): unquoted values as minify-html writes them,
    link rels that fetch nothing left out, the on-demand bundle only when asked, and the source of a part."""
    import page_assets
    html = ("<link href=../a/main.css rel=stylesheet><link rel=canonical href=https://x.org/><link rel=alternate "
            "hreflang=en href=../en/><script src=../a/site.js?v=1></script><div hidden data-src=../a/bundle.js></div>"
            "<img src=i.png srcset='j.png 2x'><style>b{background:url(k.png)}</style>")
    assert page_assets.fetched_urls(html) == ["../a/main.css", "../a/site.js?v=1", "i.png", "j.png", "k.png"]
    assert "../a/bundle.js" in page_assets.fetched_urls(html, on_demand=True)
    joined = page_assets.SOURCE_MARK.format("docs/a.css") + "\nb{}\n" + page_assets.SOURCE_MARK.format("docs/b.css") + "\nc{}"
    assert page_assets.joined_source(joined, joined.index("c{}")) == "docs/b.css"
    assert page_assets.joined_source(joined, joined.index("b{}")) == "docs/a.css"
    assert page_assets.joined_source("b{}", 1) is None


# --- the first view of every phone page fits 40 KiB (issue 30) ------------------------------------------

def test_a_first_view_over_40_kib_fails_naming_the_page_and_its_largest_files(site_factory):
    """A photo far too heavy for a phone on 2G: the build fails, and says which files to shrink first."""
    result = run_build(site_factory("heavy_first_view"))
    assert result.code == 1, result.output
    named = [line for line in result.lines_naming("docs/kontak.id.md") if "over 40 KiB" in line]
    assert len(named) == 1, result.output
    assert "/kontak/" in named[0] and "assets/images/foto.png" in named[0], named[0]
    largest = named[0].split("its largest files: ", 1)[1].split(" — ", 1)[0].split(", ")
    assert len(largest) == 3 and largest[0].startswith("assets/images/foto.png "), named[0]
    assert not [line for line in result.lines_naming("docs/kontak.en.md") if "over 40 KiB" in line]


def test_every_real_phone_page_first_view_fits_40_kib(site_model):
    from sitecheck.size_report import measure
    from phone_budgets import FIRST_VIEW_BUDGET, is_print_document
    over = [f"/{s.page.url_path}: {s.first_view_gz}" for s in measure(site_model)
            if not is_print_document(s.page) and s.first_view_gz > FIRST_VIEW_BUDGET]
    assert FIRST_VIEW_BUDGET == 40 * 1024 and not over, over
