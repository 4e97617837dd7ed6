"""Material's stylesheet cut to what the site uses (overrides/hooks/theme_css.py): the same look, fewer bytes.

The session's real build ships the cut stylesheet; Material's whole one is served beside it. Real Chromium shows
each page at 360 px and 1280 px: pages in both languages, and each state a reader can reach (drawer open,
search with results, the listen bar playing, the message copied, the offline button's states, the checklist
answered, a focused link, print). In each view the page is read as Chromium draws it (see _drawn), with the cut
stylesheet, then again in the same tab once the whole stylesheet has taken its place: the same page, state
and timing, the stylesheet the only change. Both must be the same. Every print PDF keeps its page count too.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import material
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from conftest import ROOT, _QuietHandler, parsed_page, start_serving, wait_until
from test_listen import STUB
from test_share import _screenshot_dir

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
# Transitions and animations stopped, so that a view shows the end of every one (the search panel widening,
# the search box's ::placeholder fading in), whichever stylesheet took its place last.
# A focused text box's blinking caret is no style either: hidden.
STILL = ("*, *::before, *::after, *::placeholder { transition: none !important; animation: none !important; }"
         " * { caret-color: transparent !important; }")
# A <style> of STILL at the end of <head>: what Playwright's add_style_tag makes, without its waiting for the
# element's load event (an inline stylesheet applies as it is inserted), which cost twice as much.
_STILL_IN_PLACE = "(still) => document.head.append(Object.assign(document.createElement('style'), {textContent: still}))"
PRINTED = ["cetak/kartu-darurat/", "en/cetak/telepon/", "kontak/", "cetak/buku/"]


@pytest.fixture(scope="module")
def stylesheets(built_site) -> tuple[Path, Path]:
    """(the cut stylesheet the real build shipped, Material's whole one)."""
    cut = sorted((built_site / theme_css.THEME_CSS).glob("main.*.min.css"))
    whole = sorted((Path(material.__file__).parent / "templates" / theme_css.THEME_CSS).glob("main.*.min.css"))
    assert len(cut) == 1 and len(whole) == 1 and cut[0].name != whole[0].name, (cut, whole)
    return cut[0], whole[0]


@pytest.fixture(scope="module")
def site_with_both(built_site, stylesheets):
    """The real site on 127.0.0.1, where Material's whole stylesheet is also found, at its own address beside
    the cut one (the build took it out of the site)."""
    whole = stylesheets[1]
    address = f"/{theme_css.THEME_CSS}/{whole.name}"

    class Handler(_QuietHandler):
        def translate_path(self, path):
            return str(whole) if urlsplit(path).path == address else super().translate_path(path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(built_site)))
    yield start_serving(server)
    server.shutdown()


def test_the_cut_stylesheet_is_much_smaller(stylesheets):
    cut, whole = stylesheets
    before = len(gzip.compress(whole.read_bytes(), 9))
    after = len(gzip.compress(cut.read_bytes(), 9))
    assert after < before * 0.7, f"the cut stylesheet is {after} bytes gzipped, the whole one {before}"


# In the page's place of the cut stylesheet's <link>, one to the whole stylesheet; the cut one goes once the
# whole one has loaded, in the same task, so that no frame is drawn with neither or both.
_SWAP = """([cut, whole]) => new Promise((done, failed) => {
    const old = [...document.querySelectorAll('link[rel=stylesheet]')].find(link => link.href.endsWith('/' + cut));
    if (!old) return failed(new Error('no <link> to ' + cut));
    const link = old.cloneNode();
    link.href = old.href.slice(0, -cut.length) + whole;
    link.onload = () => { old.remove(); done(); };
    link.onerror = () => failed(new Error('could not load ' + link.href));
    old.after(link);
})"""


def _whole_in_place(tab, stylesheets) -> None:
    tab.evaluate(_SWAP, [path.name for path in stylesheets])


# Pseudo-elements in Material's stylesheet, and how each is compared. "layout": Chromium's layout tree holds its
# box when it is drawn. "style": read with getComputedStyle. None: drawn by nothing, with either stylesheet;
# test_what_the_comparison_cannot_see_is_not_drawn shows it: headless Chromium draws no scrollbar and gives it
# no room, it no longer applies ::-webkit-details-marker (a <summary>'s marker is its ::marker), and
# ::-ms-clear is old Edge's.
PSEUDO_ELEMENTS = {"before": "layout", "after": "layout", "marker": "layout", "first-letter": "layout",
                   "placeholder": "style", "-webkit-details-marker": None, "-webkit-scrollbar": None,
                   "-webkit-scrollbar-thumb": None, "-ms-clear": None}

# The properties any stylesheet of the page (Material's, ours, an inline style) sets, as longhands. Each other
# property takes the same value with either stylesheet: from the browser's own stylesheet, the parent, or
# properties of this list it depends on (em on font-size, currentColor on color). Custom properties (--md-…)
# draw nothing themselves: each property that uses one is in the list and shows it in its value. Material's whole
# stylesheet, which holds every rule of the cut one, is the same in every view: its longhands are read once per
# tab (_WHOLE_DECLARED), and each view adds those of the page's own stylesheets and style attributes.
_WHOLE_DECLARED = """(whole) => {
    const names = new Set(), parsed = new CSSStyleSheet();
    const visit = rules => { for (const rule of rules) {
        for (const name of rule.style || []) names.add(name);
        visit(rule.cssRules || []);
    } };
    parsed.replaceSync(whole);
    visit(parsed.cssRules);
    return [...names];
}"""
_DECLARED = """(whole) => {
    const computed = new Set(getComputedStyle(document.documentElement)), names = new Set(whole);
    const visit = rules => { for (const rule of rules) {
        for (const name of rule.style || []) names.add(name);
        visit(rule.cssRules || []);
    } };
    for (const sheet of document.styleSheets) visit(sheet.cssRules);
    for (const box of document.querySelectorAll('[style]')) for (const name of box.style) names.add(name);
    return [...names].filter(name => computed.has(name) && !name.startsWith('--'));
}"""
_PLACEHOLDERS = """(properties) => [...document.querySelectorAll('input, textarea')].filter(box => box.placeholder)
    .map(box => { const style = getComputedStyle(box, '::placeholder');
                  return properties.map(name => style.getPropertyValue(name)); })"""


def _captured(cdp, params: dict) -> dict:
    """cdp.send("DOMSnapshot.captureSnapshot", params), without the copy Playwright's sync API makes of the answer:
    it walks each of the answer's quarter of a million numbers in Python, looking for Playwright objects (a
    snapshot has none), which took two thirds of the Python time of a snapshot (40 of 60 ms). Through the call
    underneath it in the Playwright pinned in requirements-test.txt (another version may fail here, loudly);
    test_a_snapshot_read_directly_is_playwrights_own shows that the answer is the same."""
    return cdp._sync(cdp._impl_obj.send("DOMSnapshot.captureSnapshot", params, None))


def _drawn(tab, cdp, properties: list[str]) -> dict:
    """The page in `tab` as Chromium draws it: each box of the layout tree (element, text, generated ::before,
    ::after, ::marker, ::first-letter) with `properties` as computed, its place and paint order, and each text
    run's place (one DOMSnapshot, asked through `cdp`, the tab's own session: a session that detaches takes the
    emulated print media and focus with it); each placeholder's style."""
    snapshot = _captured(cdp, {"computedStyles": properties, "includeDOMRects": True, "includePaintOrder": True})
    string = snapshot["strings"].__getitem__
    boxes, runs = [], []
    for document in snapshot["documents"]:
        nodes, layout = document["nodes"], document["layout"]
        pseudo = dict(zip(nodes["pseudoType"]["index"], nodes["pseudoType"]["value"]))
        names, attributes = nodes["nodeName"], nodes["attributes"]
        for node, styles, bounds, scroll, paint, text in zip(layout["nodeIndex"], layout["styles"], layout["bounds"],
                                                              layout["scrollRects"], layout["paintOrders"],
                                                              layout["text"]):
            named = dict(zip(map(string, attributes[node][::2]), map(string, attributes[node][1::2])))
            what = string(names[node]) + (f"::{string(pseudo[node])}" if node in pseudo else "") + \
                "".join(mark + named[key] for mark, key in (("#", "id"), (".", "class")) if key in named)
            boxes.append((node, what, tuple(map(string, styles)), tuple(bounds), tuple(scroll), paint,
                          string(text) if text >= 0 else None))
        texts = document["textBoxes"]
        runs += list(zip(texts["layoutIndex"], map(tuple, texts["bounds"]), texts["start"], texts["length"]))
    return {"boxes": boxes, "runs": runs, "placeholders": tab.evaluate(_PLACEHOLDERS, properties)}


def _unlike(properties: list[str], cut: dict, whole: dict) -> list[str]:
    """How the page drawn with the cut stylesheet differs from the page drawn with the whole one (the first few)."""
    said: list[str] = []
    if len(cut["boxes"]) != len(whole["boxes"]):
        said.append(f"{len(whole['boxes'])} boxes drawn with the whole stylesheet, {len(cut['boxes'])} with the cut one")
    for one, two in zip(cut["boxes"], whole["boxes"]):
        if one == two:
            continue
        if one[:2] != two[:2]:
            said.append(f"box {two[1]} with the whole stylesheet is {one[1]} with the cut one")
            break
        styles = [f"{name}: {b!r} whole, {a!r} cut" for name, a, b in zip(properties, one[2], two[2]) if a != b]
        place = [] if one[3:] == two[3:] else [f"place, scroll, paint order, text: {two[3:]} whole, {one[3:]} cut"]
        said.append(f"{one[1]}: " + "; ".join((styles + place)[:4]))
        if len(said) >= 5:
            break
    if not said and cut["runs"] != whole["runs"]:
        said.append("a run of text is placed differently")
    if cut["placeholders"] != whole["placeholders"]:
        said.append("a placeholder's style differs")
    return said


def _compare(tab, cdp, show, stylesheets, whole_declared: list[str], name: str, failures: list[str]) -> None:
    """show() brings `tab` to the view afresh; it is read as drawn with the cut stylesheet, then with the whole one
    in its place. The stylesheet is the only change, but the page may still move on its own meanwhile (a list
    filled as the search index arrives), so a difference counts only when it shows three times. Then both are
    saved as screenshots, for a person to look at."""
    for _ in range(3):
        show()
        properties = tab.evaluate(_DECLARED, whole_declared)
        cut = _drawn(tab, cdp, properties)
        _whole_in_place(tab, stylesheets)
        unlike = _unlike(properties, cut, _drawn(tab, cdp, properties))
        if not unlike:
            return
    folder = _screenshot_dir() / "theme-css"
    folder.mkdir(exist_ok=True)
    tab.screenshot(path=str(folder / f"{name}-whole.png"), animations="disabled", caret="hide")
    show()
    tab.screenshot(path=str(folder / f"{name}-cut.png"), animations="disabled", caret="hide")
    failures.append(f"{name} (see {folder}/{name}-whole.png and -cut.png):\n    " + "\n    ".join(unlike))


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


# The parts that only some pages have, which a state below needs (see STATE_NEEDS).
CHECKLIST_ITEM = "form[data-ka-cek] .ka-cek__item"
OFFER_BOX = "[data-offer-form] textarea"


def _checklist(page):
    items = page.locator(CHECKLIST_ITEM).all()
    assert items, f"no {CHECKLIST_ITEM} on {page.url}"
    for item in items[:3]:
        item.locator("input[type=radio]").first.check()


def _offer_checked(page):
    # The job-offer message check (issue 27): a message with warning signs, checked.
    page.fill(OFFER_BOX, "Gaji besar! Paspor dipegang agen. Bayar biaya dulu, berangkat "
              "lewat jalan tikus. Salary is high, the agent keeps your passport, pay the fee first.")
    page.locator("[data-offer-form] button").first.click()
    wait_until(page, "!document.querySelector('[data-offer-results]').hidden")


def _focused(page):
    # A link in the text (Tab from the top would reach the search box, whose message depends on timing).
    page.locator("article a:not(.headerlink)").first.focus()


STATES = {"drawer": _drawer, "search": _search, "listen": _listen, "copied": _copied, "offline": _offline_saved,
          "checklist": _checklist, "offer": _offer_checked, "focus": _focused}
# States of a part that only some pages have. On a page without it, the state would be the page's own view, which
# its pages group compares already: not drawn a second time.
STATE_NEEDS = {"checklist": CHECKLIST_ITEM, "offer": OFFER_BOX}


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "home"


# The views in groups of a few seconds each, one test per group and width, so that both workers share them:
# {group: (media, [(path, state or None)])}.
VIEWS = {"pages-id": ("screen", [(path, None) for path in PAGES if not path.startswith("en/")]),
         "pages-en": ("screen", [(path, None) for path in PAGES if path.startswith("en/")]),
         **{f"states-{_name(path)}": ("screen", [(path, state) for state in STATES]) for path in STATE_PAGES},
         "print": ("print", [(path, None) for path in PAGES[:4]])}


@pytest.fixture(scope="module")
def tabs(browser, site_with_both, stylesheets):
    """tab(width) -> (a tab at that width, its own CDP session, the whole stylesheet's longhands): one tab for each
    width, which every view test of this worker uses in turn. A new tab costs Chromium about half a second of CPU
    (a renderer process, its caches cold), a page load a tenth. Each view starts with a page load; what a tab keeps
    from the views before draws nothing: neither stylesheet has a :visited rule, and the states set no storage
    (the listen bar's "Slower" is never ticked)."""
    made = {}

    def tab(width: str):
        if width not in made:
            context = browser.new_context(viewport=WIDTHS[width], service_workers="block", bypass_csp=True)
            context.add_init_script(STUB)
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_with_both.rstrip("/"))
            page = context.new_page()
            made[width] = (context, page, context.new_cdp_session(page),
                           page.evaluate(_WHOLE_DECLARED, stylesheets[1].read_text(encoding="utf-8")))
        return made[width][1:]
    yield tab
    for context, *_ in made.values():
        context.close()


@pytest.mark.parametrize("group", VIEWS)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_and_state_looks_the_same_with_the_cut_stylesheet(tabs, site_with_both, stylesheets, built_site,
                                                                    width, group):
    base, (media, views) = site_with_both, VIEWS[group]
    failures: list[str] = []
    tab, cdp, whole_declared = tabs(width)
    # Media set through the tab's own session: with a second session on the tab, Chromium drops the media
    # Playwright emulates at the next page load.
    cdp.send("Emulation.setEmulatedMedia", {"media": media})

    def show(path, state):
        def at():
            tab.goto(base + path)
            tab.evaluate(_STILL_IN_PLACE, STILL)
            if state:
                STATES[state](tab)
        return at

    for path, state in views:
        if state in STATE_NEEDS and not parsed_page(built_site / path / "index.html").select(STATE_NEEDS[state]):
            assert (path, None) in VIEWS["pages-en" if path.startswith("en/") else "pages-id"][1]
            continue
        name = "-".join([width, _name(path)] + [state] * bool(state) + [media] * (media != "screen"))
        _compare(tab, cdp, show(path, state), stylesheets, whole_declared, name, failures)
    assert not failures, "the cut stylesheet changed how Chromium draws the page:\n" + "\n".join(failures)


def test_each_state_of_a_part_is_drawn_on_a_page_that_has_the_part(built_site):
    """The views skip a state on a page without its part (STATE_NEEDS): each such state must still be drawn, on at
    least one of the state pages, and only pages the views show are looked at."""
    for state, part in STATE_NEEDS.items():
        assert state in STATES
        having = [path for path in STATE_PAGES if parsed_page(built_site / path / "index.html").select(part)]
        assert having, f"the state '{state}' is drawn on no page: none of {STATE_PAGES} has {part}"


def test_every_pseudo_element_of_the_stylesheet_is_compared(stylesheets):
    """A pseudo-element that a new Material brings must be told how it is compared (PSEUDO_ELEMENTS)."""
    whole = stylesheets[1].read_text(encoding="utf-8")
    used = set(re.findall(r"::([-\w]+)", whole)) | set(re.findall(r"(?<!:):(before|after|first-letter|first-line)\b", whole))
    assert used and used <= set(PSEUDO_ELEMENTS), f"compared how? {sorted(used - set(PSEUDO_ELEMENTS))}"


# Something for each pseudo-element left out of the comparison to draw on: an open <details>, a scrolling box,
# text boxes with a value.
_UNSEEN = ("<details open><summary>Ringkasan</summary>Isi</details>"
           "<div style='overflow:auto;height:60px;width:200px'>" + "baris<br>" * 20 + "</div>"
           "<input type=text value=teks><input type=search value=teks>")


def test_what_the_comparison_cannot_see_is_not_drawn(browser):
    """Each pseudo-element left out of the comparison (None in PSEUDO_ELEMENTS) changes no pixel: a rule giving it
    content, a size, colours, or no display at all draws the same picture as no rule."""
    context = browser.new_context(viewport={"width": 360, "height": 300})
    tab = context.new_page()

    def picture(css: str) -> Image.Image:
        tab.set_content(f"<style>{css}</style>{_UNSEEN}")
        return Image.open(io.BytesIO(tab.screenshot())).convert("RGB")

    plain, drawn = picture(""), []
    for name in [name for name, how in PSEUDO_ELEMENTS.items() if how is None]:
        for rule in ("display: none", "content: 'x'; width: 30px; height: 30px; background: red; color: red; "
                                      "font-size: 40px"):
            if ImageChops.difference(plain, picture(f"::{name} {{ {rule} }}")).getbbox():
                drawn.append(f"::{name} {{ {rule} }}")
    context.close()
    assert not drawn, f"drawn, but not compared (see PSEUDO_ELEMENTS): {drawn}"


def test_a_snapshot_read_directly_is_playwrights_own(browser):
    """_captured skips the sync API's copy of the answer: it must be the answer cdp.send gives."""
    context = browser.new_context(viewport={"width": 360, "height": 300})
    tab = context.new_page()
    cdp = context.new_cdp_session(tab)
    tab.set_content(f"<style>p::before {{ content: 'x'; color: red }}</style><p>Isi</p>{_UNSEEN}")
    params = {"computedStyles": ["color", "display", "font-size"], "includeDOMRects": True, "includePaintOrder": True}
    directly, through_the_api = _captured(cdp, params), cdp.send("DOMSnapshot.captureSnapshot", params)
    context.close()
    assert directly["documents"][0]["layout"]["styles"] and directly == through_the_api


def test_printed_pages_keep_their_page_counts(browser, site_with_both, stylesheets):
    context = browser.new_context()
    tab = context.new_page()
    tab.emulate_media(media="print")
    changed = []
    for path in PRINTED:
        tab.goto(site_with_both + path)
        cut = len(PdfReader(io.BytesIO(tab.pdf(format="A4", prefer_css_page_size=True))).pages)
        _whole_in_place(tab, stylesheets)
        whole = len(PdfReader(io.BytesIO(tab.pdf(format="A4", prefer_css_page_size=True))).pages)
        if cut != whole:
            changed.append(f"/{path}: {whole} pages with the whole stylesheet, {cut} with the cut one")
    context.close()
    assert not changed, "\n".join(changed)


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
