"""Material's stylesheet cut to what the site uses (overrides/hooks/theme_css.py): the same pixels, fewer bytes.

One build with the whole stylesheet (KA_THEME_CSS=full, a plain `mkdocs build`) and a copy of it cut by the
hook's own function, so the two sites differ in the stylesheet only. Real Chromium shows both at 360 px and
1280 px: pages in both languages, and each state a reader can reach (drawer open, search with results, the
listen bar playing, the message copied, the offline button's states, the checklist answered, a focused link,
print). Every screenshot must be the same pixel for pixel, and every print PDF the same number of pages.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import material
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from conftest import CHROMIUM_ARGS, ROOT, chromium_path, wait_until
from test_listen import STUB
from test_share import _screenshot_dir, serve  # noqa: F401  (serve: a fixture)

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))
import theme_css  # noqa: E402

WIDTHS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}
# At least six pages in each language: home, contacts (cards), checklist, a long guide page, glossary,
# the officers' page, a handout, the message check; and the error page.
PAGES = ["", "kontak/", "tppo/cek-tawaran/", "sebelum-berangkat/", "istilah/", "petugas/", "lapor/",
         "cetak/kartu-darurat/", "tppo/cek-pesan/"]
PAGES = PAGES + ["en/" + p for p in PAGES] + ["404.html"]
STATE_PAGES = ["tppo/cek-tawaran/", "en/kontak/", "tppo/cek-pesan/"]
# The same on both sides, so that a screenshot shows the end of every transition: Chromium draws the text of a
# box that moved (the search panel widening) a subpixel apart from one load to the next.
# (::placeholder too: the search box's placeholder fades in when on-demand.js shows the box.)
# A focused text box's blinking caret is no style either: hidden on both sides.
STILL = ("*, *::before, *::after, *::placeholder { transition: none !important; animation: none !important; }"
         " * { caret-color: transparent !important; }")
PRINTED = ["cetak/kartu-darurat/", "en/cetak/telepon/", "kontak/", "cetak/buku/"]


@pytest.fixture(scope="module")
def full_and_reduced(tmp_path_factory):
    """(the site with Material's whole stylesheet, the same site with the cut one)."""
    folder = tmp_path_factory.mktemp("theme-css")
    full = folder / "full"
    env = dict(os.environ, KA_THEME_CSS="full")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(full)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    reduced = folder / "reduced"
    shutil.copytree(full, reduced)
    theme = next((reduced / theme_css.THEME_CSS).glob("main.*.min.css"))
    cut = theme_css.reduce_theme(reduced, theme)
    return full, reduced, full / theme_css.THEME_CSS / theme.name, cut


def test_the_cut_stylesheet_is_much_smaller(full_and_reduced):
    _, _, whole, cut = full_and_reduced
    before = len(gzip.compress(whole.read_bytes(), 9))
    after = len(gzip.compress(cut.read_bytes(), 9))
    assert after < before * 0.7, f"the cut stylesheet is {after} bytes gzipped, the whole one {before}"


@pytest.fixture(scope="module")
def steady_browser(browser):
    """Chromium as the session's, with grey (not LCD) text smoothing: with LCD smoothing, the placeholder of the
    header's search box came out a shade apart from one load to the next, with the same stylesheet."""
    launched = browser.browser_type.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS + ["--disable-lcd-text"])
    yield launched
    launched.close()


# Chromium's anti-aliasing of a round edge (the checklist's radio buttons) can come out one shade of 255 apart
# from one load to the next, with the same stylesheet; a rule the cut dropped changes far more than that.
NOISE = 2


def _differs(a: bytes, b: bytes) -> bool:
    one, two = Image.open(io.BytesIO(a)).convert("RGB"), Image.open(io.BytesIO(b)).convert("RGB")
    if one.size != two.size:
        return True
    red, green, blue = ImageChops.difference(one, two).split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)  # per pixel, the channel that moved most
    return largest.point(lambda shade: 255 if shade > NOISE else 0).getbbox() is not None


def _compare(shoot, name: str, failures: list[str]) -> None:
    """shoot() loads both sides afresh and returns their screenshots. A difference the stylesheet makes shows
    every time; Chromium alone now and then draws a line of text a subpixel apart from one load to the next
    (seen with the very same stylesheet on both sides), so a difference counts only when it shows three times."""
    for _ in range(3):
        shots = shoot()
        if not _differs(shots["full"], shots["reduced"]):
            return
    folder = _screenshot_dir() / "theme-css"
    folder.mkdir(exist_ok=True)
    for kind, shot in shots.items():
        (folder / f"{name}-{kind}.png").write_bytes(shot)
    failures.append(f"{name}: see {folder}/{name}-full.png and -reduced.png")


def _shot(page) -> bytes:
    return page.screenshot(full_page=True, animations="disabled", caret="hide")


# Each state as the site's scripts make it (a real tap, a real search, the listen stand-in speaking).
def _drawer(page):
    page.evaluate("() => { document.getElementById('__drawer').checked = true; }")


def _search(page):
    page.click("label.md-header__button[for='__search']") if page.viewport_size["width"] < 1220 else \
        page.click("input.md-search__input")
    page.keyboard.type("kontak" if "/en/" not in page.url else "contact")
    page.wait_for_selector(".md-search-result__item a", timeout=20000)
    page.wait_for_timeout(300)


def _listen(page):
    page.evaluate("() => window.__speech.voices(['id-ID', 'en-US'])")
    page.click("[data-ka-listen-play]")
    wait_until(page, "document.querySelector('.ka-listen--on') !== null && window.__speech.busy()")


def _copied(page):
    page.click("button[data-ka-copy]")
    wait_until(page, "document.querySelector('.ka-share__status').textContent.length > 0")


def _offline_saved(page):
    # offline.js shows the box once its worker is registered, and marks it saved after the download.
    page.evaluate("""() => { const box = document.querySelector('[data-ka-offline]');
                             box.hidden = false; box.style.visibility = ''; box.setAttribute('data-saved', ''); }""")


def _checklist(page):
    if not page.locator("form[data-ka-cek]").count():
        return
    for item in page.locator(".ka-cek__item").all()[:3]:
        item.locator("input[type=radio]").first.check()


def _offer_checked(page):
    # The job-offer message check (issue 27), where the page has it: a message with warning signs, checked.
    if not page.locator("[data-offer-form] textarea").count():
        return
    page.fill("[data-offer-form] textarea", "Gaji besar! Paspor dipegang agen. Bayar biaya dulu, berangkat "
              "lewat jalan tikus. Salary is high, the agent keeps your passport, pay the fee first.")
    page.locator("[data-offer-form] button").first.click()
    page.wait_for_timeout(200)


def _focused(page):
    # A link in the text (Tab from the top would reach the search box, whose message depends on timing).
    page.locator("article a:not(.headerlink)").first.focus()


STATES = {"drawer": _drawer, "search": _search, "listen": _listen, "copied": _copied, "offline": _offline_saved,
          "checklist": _checklist, "offer": _offer_checked, "focus": _focused}


# One test per width: the two can run side by side on two workers.
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_and_state_looks_the_same_with_the_cut_stylesheet(steady_browser, serve, full_and_reduced,  # noqa: F811
                                                                      width):
    full, reduced = full_and_reduced[:2]
    bases = {"full": serve(full), "reduced": serve(reduced)}
    failures: list[str] = []
    contexts = {}
    for kind, base in bases.items():
        contexts[kind] = steady_browser.new_context(viewport=WIDTHS[width], service_workers="block", bypass_csp=True)
        contexts[kind].add_init_script(STUB)
        contexts[kind].grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    tabs = {kind: context.new_page() for kind, context in contexts.items()}
    for path in PAGES:
        _compare(lambda: {kind: _goto_and_shoot(tab, bases[kind] + path) for kind, tab in tabs.items()},
                 f"{width}-{_name(path)}", failures)
    for path in STATE_PAGES:
        for state, make in STATES.items():
            _compare(lambda: {kind: _in_state(tab, bases[kind] + path, make) for kind, tab in tabs.items()},
                     f"{width}-{_name(path)}-{state}", failures)
    for tab in tabs.values():
        tab.emulate_media(media="print")
    for path in PAGES[:4]:
        _compare(lambda: {kind: _goto_and_shoot(tab, bases[kind] + path) for kind, tab in tabs.items()},
                 f"{width}-{_name(path)}-print", failures)
    for context in contexts.values():
        context.close()
    assert not failures, "the cut stylesheet changed what a reader sees:\n" + "\n".join(failures)


def test_printed_pages_keep_their_page_counts(browser, serve, full_and_reduced):  # noqa: F811
    full, reduced = full_and_reduced[:2]
    counts = {}
    for kind, folder in (("full", full), ("reduced", reduced)):
        base = serve(folder)
        context = browser.new_context()
        tab = context.new_page()
        tab.emulate_media(media="print")
        for path in PRINTED:
            tab.goto(base + path)
            pdf = tab.pdf(format="A4", prefer_css_page_size=True)
            counts[kind, path] = len(PdfReader(io.BytesIO(pdf)).pages)
        context.close()
    changed = [f"/{p}: {counts['full', p]} pages with the whole stylesheet, {counts['reduced', p]} with the cut one"
               for p in PRINTED if counts["full", p] != counts["reduced", p]]
    assert not changed, "\n".join(changed)


def _goto(tab, url: str) -> None:
    tab.goto(url)
    tab.add_style_tag(content=STILL)


def _in_state(tab, url: str, make) -> bytes:
    _goto(tab, url)
    make(tab)
    return tab.screenshot(animations="disabled", caret="hide")


def _goto_and_shoot(tab, url: str) -> bytes:
    _goto(tab, url)
    return _shot(tab)


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "home"


def test_the_built_site_ships_only_the_cut_stylesheet_and_every_list_follows_it(built_site):
    """Pages, the service worker's list, the offline lists and the offline zip all name the cut file."""
    import json
    import zipfile
    themes = sorted(p.name for p in (built_site / theme_css.THEME_CSS).glob("[mp]a*.*"))
    assert len(themes) == 1 and themes[0].endswith(".min.css"), themes  # no whole file, palette, source map
    cut = themes[0]
    whole = sorted((Path(material.__file__).parent / "templates" / theme_css.THEME_CSS).glob("main.*.min.css"))
    assert whole and whole[0].name != cut
    for page in [built_site / "index.html", built_site / "en" / "kontak" / "index.html", built_site / "404.html"]:
        assert cut in page.read_text(encoding="utf-8"), page
    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    assert f'"assets/stylesheets/{cut}"' in worker
    for folder in (built_site, built_site / "en"):
        files = {e["url"] for e in json.loads((folder / "offline.json").read_text(encoding="utf-8"))["files"]}
        assert f"assets/stylesheets/{cut}" in files
    with zipfile.ZipFile(built_site / "kerja-aman-offline.zip") as copy:
        names = copy.namelist()
    assert f"kerja-aman/assets/stylesheets/{cut}" in names and not [n for n in names if whole[0].name in n]


def test_the_usage_report_names_a_dead_rule_of_ours_with_its_file(built_site, tmp_path):
    import css_usage_report
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.zip"))
    ours = site / theme_css.OURS
    ours.write_text(ours.read_text(encoding="utf-8") + "\n/*! from docs/assets/stylesheets/share.css */\n"
                    ".ka-share .ka-never-made{color:red}\n.ka-share__button{color:red}\n", encoding="utf-8")
    found = css_usage_report.unused(site)
    assert ("docs/assets/stylesheets/share.css", ".ka-share .ka-never-made") in found
    assert not [s for f, s in found if s == ".ka-share__button"]


@pytest.mark.parametrize("after", ["main.68ffec44.min.css", "main.6.min.css"])
def test_a_page_whose_stylesheet_was_renamed_keeps_its_early_parse(after):
    """The checked build parses pages while MkDocs writes them; the cut renames the stylesheet in every page
    afterwards. That one changed address updates the early parse instead of parsing the page again."""
    from bs4 import BeautifulSoup
    from sitecheck.model import _one_address_changed
    early = ('<html><head><link href=../assets/stylesheets/main.57a0d79d.min.css rel=stylesheet>'
             '<link href="x.css?v=1" rel=stylesheet></head><body><p class="a b">main</p></body></html>')
    html = early.replace("main.57a0d79d.min.css", after)
    soup = BeautifulSoup(early, "html.parser")
    assert _one_address_changed(early, html, soup)
    assert str(soup) == str(BeautifulSoup(html, "html.parser"))


@pytest.mark.parametrize("change", [("<p class=\"a b\">main</p>", "<p class=\"a c\">main</p>"),
                                    ("rel=stylesheet></head>", "rel=stylesheet><link href=y.css></head>"),
                                    ("main.57a0d79d.min.css rel", "main.1.min.css rel=x")])
def test_any_other_change_is_parsed_again(change):
    from bs4 import BeautifulSoup
    from sitecheck.model import _one_address_changed
    early = ('<html><head><link href=../assets/stylesheets/main.57a0d79d.min.css rel=stylesheet>'
             '<link href="x.css?v=1" rel=stylesheet></head><body><p class="a b">main</p></body></html>')
    assert change[0] in early
    soup = BeautifulSoup(early, "html.parser")
    assert not _one_address_changed(early, early.replace(*change), soup)
