"""Sharing on WhatsApp: preview tags and images, the wa.me link, the message box, the sitemap, redirects.

Each check is proven by planting its defect (as tests/fixtures/<defect>/, or by one edit of a copy of the real
template) and finding the file it names.
"""

import functools
import http.server
import io
import os
import shutil
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import (ROOT, _QuietHandler, make_site, parsed_page, planted_with, replace_once, run_build,
                      run_source_checks, start_serving, wait_until)

import build  # noqa: E402  (scripts/ is on sys.path through conftest)
from sitecheck import registry  # noqa: E402
from sitecheck.model import BuiltSite  # noqa: E402
from sitecheck.project import Project  # noqa: E402
from share_checks import whatsapp_text  # noqa: E402

PHONE = {"width": 360, "height": 780}
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}

# Defects planted by one edit of the real template in the fixture's copy of overrides/ (the file, the text it
# must hold, what replaces it): a template that changes makes the test fail loudly instead of testing a stale copy.
IN_TEMPLATES = {
    "missing_og_image": ("overrides/partials/ka/head-share.html",
                         '  <meta property="og:image" content="{{ ka_share.image | e }}">\n', ""),
    "relative_og_url": ("overrides/partials/ka/head-share.html",
                        '<meta property="og:url" content="{{ ka_share.url | e }}">',
                        '<meta property="og:url" content="{{ page.url }}">'),
    "malformed_whatsapp_link": ("overrides/partials/ka/actions-share.html",
                                'href="{{ ka_share.whatsapp | e }}"',
                                'href="https://wa.me/?text={{ ka_share.title }} {{ ka_share.url }}"'),
    # The button sends the page's title and description instead of the message shown in the box (issue 19).
    "whatsapp_sends_description": ("overrides/partials/ka/actions-share.html",
                                   'href="{{ ka_share.whatsapp | e }}"',
                                   'href="https://wa.me/?text={{ (ka_share.title ~ "\n" ~ ka_share.description ~ "\n" '
                                   '~ ka_share.url) | urlencode | replace("/", "%2F") }}"'),
    "relative_sitemap": ("overrides/sitemap.xml",
                         '<loc>{{ (config.site_url ~ file.url) | replace(config.site_url ~ "./", config.site_url) | e }}</loc>',
                         '<loc>{{ file.url }}</loc>'),
}

# (a defect in IN_TEMPLATES or an overlay, the file that must be named, words the message must contain)
PLANTED = [
    ("missing_share_message", "docs/kontak.id.md", "no 'share' message"),
    ("share_too_long", "docs/kontak.en.md:7", "has 8 line(s), not 3 to 6"),
    ("missing_og_image", "docs/index.id.md", "0 'og:image' tag(s)"),
    ("missing_og_image", "docs/kontak.en.md", "0 'og:image' tag(s)"),
    ("relative_og_url", "docs/kontak.en.md", "'og:url' is 'en/kontak/', not an absolute https address"),
    ("malformed_whatsapp_link", "docs/kontak.id.md", "WhatsApp link"),
    ("relative_sitemap", "overrides/sitemap.xml", "not an absolute address"),
    ("whatsapp_sends_description", "docs/kontak.id.md", "sends a different text than the message box shows"),
    ("whatsapp_sends_description", "docs/index.en.md", "sends a different text than the message box shows"),
    ("redirect_to_missing_page", "docs/_data/redirects.yml:2", "'hilang.md' has no id page"),
    ("redirect_over_page", "docs/_data/redirects.yml:2", "'kontak.md' is still a page"),
]


# Defects planted together in one build: each in a file of its own, and together they give exactly the lines each
# gives alone (checked when the groups were made: none hides or changes another's line). Each test still asserts
# its own line, an error naming its own file. The others are built alone.
TOGETHER = [("missing_og_image", "relative_sitemap", "malformed_whatsapp_link"),
            ("relative_og_url", "whatsapp_sends_description")]

# Defects in the Markdown and the data files, which the source checks find: the build runs them before MkDocs
# (test_code_layout.py proves it runs every registered check), so they are planted alone and checked without
# MkDocs, whose build of the pages would prove nothing more.
IN_SOURCES = {"missing_share_message", "share_too_long", "redirect_to_missing_page", "redirect_over_page"}


@pytest.mark.parametrize("defect,path,words", PLANTED, ids=[f"{p[0]}-{i}" for i, p in enumerate(PLANTED)])
def test_planted_share_defect_fails_naming_the_file(built_once, tmp_path, defect, path, words):
    if defect in IN_SOURCES:
        result = run_source_checks(make_site(tmp_path, defect))
    else:
        planted = planted_with(defect, TOGETHER)
        _, result = built_once(*(d for d in planted if d not in IN_TEMPLATES),
                               edits=tuple(IN_TEMPLATES[d] for d in planted if d in IN_TEMPLATES))
    assert result.code == 1, result.output
    named = [line for line in result.errors() if line.startswith(path) and words in line]
    assert named, f"no error names {path} with {words!r}:\n{result.output}"
    assert " — " in named[0], "each problem says how to fix it"


@pytest.fixture(scope="module")
def clean_build(built_once):
    """The clean fixture, built once: (project, site dir)."""
    project, result = built_once()
    assert result.code == 0, result.output
    return project, project / "site"


def _problems_after(clean_build, tmp_path, plant):
    """Copy the built clean site, plant a defect in it, and run the HTML checks on the copy."""
    project, site = clean_build
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    plant(copy)
    built = BuiltSite.load(Project.load(project), copy)
    return [str(problem) for check in registry.site_checks() for problem in check(built)]


def test_a_head_past_300_kb_is_named(clean_build, tmp_path):
    """WhatsApp reads only the first 300 KB of a page: link-preview tags after that are never seen. Planted in a
    copy of the built home page (over 300 KB of meta tags before the end of its <head>): a build of pages that
    long proves nothing more, and took seconds per page."""
    def plant(site):
        page = site / "index.html"
        html = page.read_text(encoding="utf-8")
        assert html.count("</head>") == 1
        page.write_text(html.replace("</head>", '<meta name=ka-padding content=padding>' * 9000 + "</head>"),
                        encoding="utf-8")

    named = [p for p in _problems_after(clean_build, tmp_path, plant)
             if p.startswith("docs/index.id.md") and "WhatsApp reads only the first 300 KB" in p]
    assert named and " — " in named[0], "no line names docs/index.id.md with the head's end"


def _save_png(path, size, noise=False):
    image = Image.effect_noise(size, 100).convert("RGB") if noise else Image.new("RGB", size, "navy")
    image.save(path, format="PNG")


IMAGE = "assets/images/social/id/kontak.png"


@pytest.mark.parametrize("plant,words", [
    (lambda site: (site / IMAGE).unlink(), "does not exist in the built site"),
    (lambda site: _save_png(site / IMAGE, (800, 600)), "is 800×600, not 1200×630"),
    (lambda site: _save_png(site / IMAGE, (1200, 630), noise=True), "over 300 KB"),
    (lambda site: (site / IMAGE).write_bytes(b"not an image"), "not a readable image"),
], ids=["missing", "wrong-size", "too-large", "not-an-image"])
def test_broken_preview_image_is_named(clean_build, tmp_path, plant, words):
    problems = _problems_after(clean_build, tmp_path, plant)
    assert any(p.startswith("docs/kontak.id.md") and words in p for p in problems), problems


def _edit_head(site, edit):
    """Change the <head> of the built /kontak/ page (the Indonesian contacts page)."""
    path = site / "kontak" / "index.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    edit(soup.head)
    path.write_text(str(soup), encoding="utf-8")


TAGS = ["og:title", "og:description", "og:url", "og:type", "og:locale", "og:image", "og:image:width",
        "og:image:height", "og:image:alt", "twitter:card"]


@pytest.mark.parametrize("tag", TAGS)
def test_each_missing_preview_tag_is_named(clean_build, tmp_path, tag):
    def remove(head):
        for meta in head.find_all("meta"):
            if tag in (meta.get("property"), meta.get("name")):
                meta.decompose()
    problems = _problems_after(clean_build, tmp_path, lambda site: _edit_head(site, remove))
    assert any(p.startswith("docs/kontak.id.md") and f"0 '{tag}' tag(s)" in p for p in problems), problems


@pytest.mark.parametrize("edit,words", [
    (lambda head: head.find("link", rel="canonical").decompose(), "the canonical link is missing"),
    (lambda head: head.find("link", hreflang="x-default").decompose(), "0 hreflang 'x-default' link(s)"),
    (lambda head: head.find("link", hreflang="en").attrs.update(href="../en/kontak/"), "'../en/kontak/' is relative"),
    (lambda head: head.find("meta", property="og:image").attrs.update(content="assets/images/social/id/kontak.png"),
     "'og:image' is 'assets/images/social/id/kontak.png', not an absolute https address"),
    (lambda head: head.find("meta", property="og:title").attrs.update(content="Kontak - Fixture"), "carries the site name"),
    (lambda head: head.find("meta", property="og:locale").attrs.update(content="en_GB"), "not the page's language 'id'"),
], ids=["no-canonical", "no-x-default", "relative-hreflang", "relative-image", "branded-title", "wrong-locale"])
def test_wrong_head_tag_is_named(clean_build, tmp_path, edit, words):
    problems = _problems_after(clean_build, tmp_path, lambda site: _edit_head(site, edit))
    assert any(p.startswith("docs/kontak.id.md") and words in p for p in problems), problems


def test_clean_fixture_has_no_share_problem(clean_build, tmp_path):
    assert _problems_after(clean_build, tmp_path, lambda site: None) == []


@pytest.mark.parametrize("href", [
    "https://wa.me/?text=Kontak https://example.org/kontak/",        # not encoded
    "http://wa.me/?text=Kontak",                                      # not https
    "https://api.whatsapp.com/send?text=Kontak",                      # another address
    "https://wa.me/?text=",                                           # empty message
    "https://wa.me/?text=a%0Ab&x=1",                                  # extra parameter
    "https://wa.me/6281234567890?text=Kontak",                        # sends to one number
    "https://wa.me/?text=%E0%A4",                                     # broken UTF-8
])
def test_malformed_whatsapp_links_are_refused(href):
    assert whatsapp_text(href) is None


def test_whatsapp_text_round_trip():
    message = "*Kontak*\nNomor & alamat: 100% gratis?\nhttps://example.org/kontak/"
    assert whatsapp_text("https://wa.me/?text=" + quote(message, safe="")) == message


# --- the real site -----------------------------------------------------------------------------

@functools.lru_cache(maxsize=2)
def _pages(site) -> tuple:
    """Every real page but the redirects, as (its address, its parsed HTML): parsed once for the tests here,
    which only read it."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        if 'http-equiv="refresh"' not in path.read_text(encoding="utf-8"):
            pages.append((path.relative_to(site).parent.as_posix().strip("."), parsed_page(path)))
    return tuple(pages)


def test_every_real_page_shares_its_own_address(built_site):
    site_url = Project.load(ROOT).site_url
    pages = list(_pages(built_site))
    assert len(pages) >= 2
    for rel, soup in pages:
        own = site_url + (rel + "/" if rel else "")
        href = soup.select_one("a.ka-share__whatsapp")["href"]
        text = whatsapp_text(href)
        assert text is not None, f"/{rel}: malformed {href}"
        lines = text.splitlines()
        assert lines[-1] == own, f"/{rel}: the message ends with {lines[-1]!r}"
        # The button sends the message shown in the box (issue 19), which ends with the same address.
        box = soup.select_one(".ka-share__message")
        assert box is not None, f"/{rel}: no message to forward"
        shown = [line.strip() for line in box.get_text("\n").splitlines() if line.strip()]
        assert [line.strip() for line in lines if line.strip()] == shown, f"/{rel}: the button sends another text"
        assert soup.find("meta", property="og:url")["content"] == own
        label = "Share on WhatsApp" if rel.startswith("en") else "Bagikan ke WhatsApp"
        assert soup.select_one("a.ka-share__whatsapp").get_text(strip=True) == label


def test_real_preview_images_are_small_and_right_sized(built_site):
    site_url = Project.load(ROOT).site_url
    seen = set()
    for rel, soup in _pages(built_site):
        url = soup.find("meta", property="og:image")["content"]
        language = "en" if rel.startswith("en") else "id"
        assert url.startswith(f"{site_url}assets/images/social/{language}/"), url
        path = built_site / url[len(site_url):]
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (1200, 630)
        assert path.stat().st_size < 100 * 1024, f"{path.name}: aim well under WhatsApp's 300 KB"
        seen.add(url)
    assert len(seen) == len(list(_pages(built_site))), "each page has its own image"


def test_copies_of_the_project_share_the_drawn_images_and_new_drawing_code_redraws_them(copies_with_new_caches,
                                                                                       tmp_path, monkeypatch):
    """Preview images are kept (KA_SHARE_CACHE) under a hash of their texts, the font and the drawing code
    (overrides/hooks/share_card.py): a second copy of the project draws none, and a copy whose drawing code
    changed draws every card again instead of reusing the old pictures."""
    caches, held = copies_with_new_caches
    cache = caches / "KA_SHARE_CACHE"
    drawn = held["first"]["KA_SHARE_CACHE"]
    assert len(drawn) >= 4 and all(name.endswith(".png") for name in drawn), f"KA_SHARE_CACHE holds {sorted(drawn)}"
    assert held["second"]["KA_SHARE_CACHE"] == drawn, "a copy of the project drew its preview images again"
    # A copy of the run's shared cache: this test's new cards stay out of the folder the other tests read.
    cache = Path(shutil.copytree(cache, tmp_path / "cards"))
    monkeypatch.setenv("KA_SHARE_CACHE", str(cache))
    changed = make_site(tmp_path / "changed")
    with open(changed / "overrides" / "hooks" / "share_card.py", "a", encoding="utf-8") as code:
        code.write("\n# the drawing changed\n")
    third = run_build(changed)
    assert third.code == 0, third.output
    redrawn = {path.name for path in cache.iterdir()} - set(drawn)
    assert len(redrawn) == len(drawn), "new drawing code reused the cards drawn by the old code"


def test_sitemap_lists_both_languages_with_x_default(built_site):
    site_url = Project.load(ROOT).site_url
    root = ElementTree.parse(built_site / "sitemap.xml").getroot()
    entries = root.findall("s:url", NS)
    locs = [e.findtext("s:loc", namespaces=NS) for e in entries]
    assert site_url in locs and site_url + "en/" in locs
    for entry in entries:
        links = {l.get("hreflang"): l.get("href") for l in entry.findall("x:link", NS)}
        assert set(links) == {"id", "en", "x-default"}
        assert links["x-default"] == links["id"]
        assert all(href.startswith(site_url) for href in links.values())


def test_head_has_one_set_of_absolute_hreflang_links(built_site):
    soup = parsed_page(built_site / "en" / "kontak" / "index.html")
    links = {l["hreflang"]: l["href"] for l in soup.head.find_all("link", rel="alternate", hreflang=True)}
    assert len(soup.head.find_all("link", rel="alternate", hreflang=True)) == 3
    site_url = Project.load(ROOT).site_url
    assert links == {"id": site_url + "kontak/", "en": site_url + "en/kontak/", "x-default": site_url + "kontak/"}


def test_fallback_page_is_not_advertised_as_english(site_factory, tmp_path):
    project = site_factory("missing_twin")  # docs/tentang.id.md without its English twin
    built, log = build.run_mkdocs(Project.load(project), tmp_path / "out")
    assert built, log
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/tentang/" in sitemap
    assert "https://example.org/en/tentang/" not in sitemap
    head = BeautifulSoup((tmp_path / "out" / "en" / "tentang" / "index.html").read_text(encoding="utf-8"),
                         "html.parser").head
    hreflangs = {l["hreflang"] for l in head.find_all("link", rel="alternate", hreflang=True)}
    assert hreflangs == {"id", "x-default"}
    assert head.find("meta", property="og:locale")["content"] == "id_ID"


def test_renamed_page_leaves_a_redirect_in_both_languages(built_once):
    project, result = built_once("renamed_page")
    assert result.code == 0, result.output
    for old, new, lang in (("lama", "kontak", "id"), ("en/lama", "en/kontak", "en")):
        soup = BeautifulSoup((project / "site" / old / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == lang
        assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../kontak/"
        assert soup.find("link", rel="canonical")["href"] == f"https://example.org/{new}/"
        assert not soup.find("script"), "no inline script: the redirect works under a strict CSP"


@pytest.fixture
def serve():
    servers = []

    def start(folder):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                 functools.partial(_QuietHandler, directory=str(folder)))
        servers.append(server)
        return start_serving(server)

    yield start
    for server in servers:
        server.shutdown()


def test_old_links_keep_working_in_a_browser(browser, built_once, serve):
    project, result = built_once("renamed_page")
    assert result.code == 0, result.output
    base = serve(project / "site")
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    for old, new in (("lama/", "kontak/"), ("en/lama/", "en/kontak/")):
        page.goto(base + old)
        page.wait_for_url(base + new)
        assert page.locator("h1").count() == 1
    context.close()


def _screenshot_dir():
    folder = Path(os.environ.get("KA_SCREENSHOTS", ROOT / ".build" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_share_box_without_and_with_javascript(browser, site_factory, serve):
    project = site_factory()
    # The fixture site with the real site's share stylesheet and script, as mkdocs.yml lists them.
    for asset in ("stylesheets/share.css", "javascripts/share.js"):
        target = project / "docs" / "assets" / asset
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "docs" / "assets" / asset, target)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - assets/stylesheets/site.css\n", "  - assets/stylesheets/site.css\n  - assets/stylesheets/share.css\n"
                            "extra_javascript:\n  - assets/javascripts/share.js\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_build(project)
    assert result.code == 0, result.output
    base = serve(project / "site")
    for javascript in (False, True):
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(base + "kontak/")
        message = page.locator("#ka-share-message")
        assert message.is_visible()
        assert message.inner_text().splitlines()[0] == "*Kontak contoh*"
        assert page.locator("button[data-ka-copy]").is_visible() == javascript
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.locator(".ka-share").scroll_into_view_if_needed()
        page.screenshot(path=str(_screenshot_dir() / f"share-360-js-{'on' if javascript else 'off'}.png"))
        if javascript:
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
            page.click("button[data-ka-copy]")
            wait_until(page, "document.querySelector('.ka-share__status').textContent.length > 0")
            assert "disalin" in page.locator(".ka-share__status").inner_text()
        context.close()


# --- numbers in forwardable messages (issue 19) ------------------------------------------------------

def test_share_message_without_a_number_fails_naming_the_file(built_once):
    """A message that names no number to call does not help a reader who never opens the link (a source check).
    A full build: the line must appear once in all the build says, MkDocs' log included."""
    _, result = built_once("contacts_base", "share_without_number")
    assert result.code == 1, result.output
    named = [line for line in result.lines_naming("docs/kontak.id.md:7") if "has no number to call" in line]
    assert len(named) == 1, result.output
    assert "{kp2mi-call-center}" in named[0] and " — " in named[0]


def test_share_message_with_an_unconfirmed_number_fails(site_factory):
    """A message has no room for "please check": only confirmed numbers may be forwarded (a source check)."""
    result = run_source_checks(site_factory("contacts_base", "share_unconfirmed_number"))
    assert result.code == 1, result.output
    assert any("'{migrant-care}', whose number is not confirmed (single_source)" in line
               for line in result.lines_naming("docs/kontak.id.md:11")), result.output


def test_share_numbers_come_from_the_data_file(built_once, tmp_path):
    """The box and the button carry the number from contacts.yml; a new number there changes both."""
    project, result = built_once("contacts_base")
    assert result.code == 0, result.output
    # Every number says from where it works (its `reach:` in the data), in the message's language.
    for rel, lead in (("kontak/index.html", "Telepon gratis 0800-1000 (dari Indonesia) · Polisi 110 (dari Indonesia)"),
                      ("en/kontak/index.html", "Free call 0800-1000 (from Indonesia) · Police 110 (from Indonesia)")):
        soup = BeautifulSoup((project / "site" / rel).read_text(encoding="utf-8"), "html.parser")
        box = soup.select_one(".ka-share__message")
        assert lead in box.get_text(), box
        sent = whatsapp_text(soup.select_one("a.ka-share__whatsapp")["href"])
        assert sent.startswith("*") and lead in sent and sent.rstrip().endswith(rel[: -len("index.html")])
    # Another number in the data file: the message follows it at the next build, with no page edited.
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    replace_once(copy / "docs/_data/contacts.yml", 'domestic: "0800-1000"', 'domestic: "1500-630"')
    again = run_build(copy, copy / "site")
    soup = BeautifulSoup((copy / "site/kontak/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Telepon gratis 1500-630" in soup.select_one(".ka-share__message").get_text(), again.output


def test_every_real_share_message_carries_the_numbers(built_site):
    """The real site: each page's message (box and button) carries 0800-1000, the KP2MI WhatsApp and 110."""
    for rel, soup in _pages(built_site):
        box = soup.select_one(".ka-share__message")
        if box is None:
            continue
        text = box.get_text(" ")
        for number in ("0800-1000", "+62 811-8080-141", "110"):
            assert number in text, (rel, text)
        assert "0800-1000" in whatsapp_text(soup.select_one("a.ka-share__whatsapp")["href"]), rel
