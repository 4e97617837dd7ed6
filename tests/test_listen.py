"""Listen to this page: the button, the order the page is read in, and its weight on the first view.

The browser tests give Chromium a stand-in speechSynthesis (installed before the page's own scripts) that
reports the voices a test chooses, records every utterance and ends one when the test says so.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, parsed_page, wait_until
from sitecheck.project import Project
import languages  # noqa: E402
import page_assets  # noqa: E402  (overrides/hooks is on sys.path through scripts/sitecheck)

PHONE = {"width": 360, "height": 780}
FIRST_VIEW_ADDED_BUDGET = 3 * 1024  # bytes gzipped that the feature may add to a phone page's first view

# The stand-in: no voices at first; __speech.voices([...]) adds some and fires "voiceschanged", as Chrome does
# when its voices arrive late. Each utterance is logged with the element highlighted when it starts. A cancel
# is also counted in sessionStorage, which outlives the page, to see that leaving the page stops the reading.
STUB = """
(() => {
  const voices = [];
  const log = [];
  const synth = new EventTarget();
  let current = null;
  class Utterance {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.rate = 1; }
  }
  synth.getVoices = () => voices.slice();
  synth.speak = (u) => {
    const lit = document.querySelector(".ka-listen-now");
    log.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name, rate: u.rate,
               lit: lit ? (lit.id || lit.tagName.toLowerCase()) : null });
    current = u;
  };
  synth.cancel = () => {
    log.push({ cancel: true });
    sessionStorage.setItem("cancels", String(Number(sessionStorage.getItem("cancels") || 0) + 1));
    const u = current;
    current = null;
    if (u && u.onerror) setTimeout(() => u.onerror({ error: "interrupted" }));
  };
  synth.pause = () => log.push({ pause: true });
  synth.resume = () => log.push({ resume: true });
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
  window.__speech = {
    log,
    voices(list) {
      list.forEach((lang) => voices.push({ name: "voice " + lang, lang, localService: true, default: false }));
      synth.dispatchEvent(new Event("voiceschanged"));
    },
    // End the utterance being spoken (as the voice does when it has said it); false when none is.
    end() { const u = current; current = null; if (u && u.onend) u.onend({}); return Boolean(u); },
    busy() { return Boolean(current); },
    // The voice fails on the utterance being spoken.
    fail() { const u = current; current = null; if (u && u.onerror) u.onerror({ error: "synthesis-failed" }); },
    // What was said (listen-start.js first "says" an empty utterance inside the tap, for Safari).
    spoken() { return log.filter((entry) => entry.text); },
  };
})();
"""

# The article of a page read in the test (it replaces the real text of /kontak/ after the button), with
# everything the reader must leave out.
ARTICLE = """
<h1 id=judul>Judul halaman<a class=headerlink href=#judul title="Tautan ke bagian ini">#</a></h1>
<p class=ka-exit><a class=ka-exit__link href=https://www.google.com/>Keluar cepat</a></p>
<p id=pembuka>Kalimat pertama. Kalimat kedua di Jl. Merdeka No. 5!</p>
<div class=ka-contact><h3 id=nama class=ka-contact__name>Call Center KP2MI</h3>
<ul class=ka-contact__numbers><li id=nomor><a class=ka-tel href=tel:08001000><span class=ka-tel__what>Telepon</span>
<span class=ka-tel__number>0800-1000</span></a></li></ul>
<dl class=ka-contact__facts><dt id=jam>Jam layanan</dt><dd id=jam-isi>24 jam</dd><dt>Sumber</dt>
<dd class=ka-contact__sources><a href=https://example.org/>example.org</a></dd></dl></div>
<p id=teks>Hubungi +62 811-1129-129 kapan saja. <img src=ikon.svg alt="ikon telepon"> Tahun 2026.</p>
<p hidden>Teks tersembunyi.</p>
<div class="ka-wallet ka-wallet--copy"><p>Salinan untuk kertas.</p></div>
<ul><li id=butir>Butir satu<ul><li id=dalam>Butir dalam</li></ul></li></ul>
<section class=ka-sources><h2>Sumber</h2><ol><li>Sumber yang tidak dibaca</li></ol></section>
"""
EXPECTED = [
    ("Judul halaman", "judul"),
    ("Kalimat pertama.", "pembuka"),
    ("Kalimat kedua di Jl. Merdeka No. 5!", "pembuka"),
    ("Call Center KP2MI", "nama"),
    ("Telepon 0 8 0 0, 1 0 0 0.", "nomor"),
    ("Jam layanan", "jam"),
    ("24 jam", "jam-isi"),
    ("Hubungi plus 6 2, 8 1 1, 1 1 2 9, 1 2 9, kapan saja.", "teks"),
    ("Tahun 2026.", "teks"),
    ("Butir satu", "butir"),
    ("Butir dalam", "dalam"),
]
BOX = re.compile(r"(<div[^>]*\bdata-ka-listen\b.*?</button></div>).*?(</article>)", re.S)


@pytest.fixture(scope="module")
def tab(browser):
    """A phone-sized tab with the stand-in speechSynthesis, shared by this module's tests (a page load in a tab
    already open costs about half of one in a new context); each test goes to its page itself. The slower speed
    a test turns on is kept in localStorage: each test starts with it cleared, as in a new context."""
    context = browser.new_context(viewport=PHONE, service_workers="block")
    context.add_init_script(STUB)
    yield context.new_page()
    context.close()


def _fresh(tab, url):
    if tab.url.startswith("http"):  # on the site: its storage, cleared before the page reads it
        tab.evaluate("localStorage.clear()")
    tab.goto(url)
    return tab


def _box_hidden(page) -> bool:
    return page.eval_on_selector("[data-ka-listen]", "box => box.hidden || !box.offsetHeight")


def _label(page) -> str:
    return page.inner_text("[data-ka-listen-play]").strip()


def test_button_shows_only_with_a_voice_for_the_page_language(tab, served_site):
    page = _fresh(tab, served_site + "kontak/")
    assert _box_hidden(page), "the button shows although the browser has no voice"
    page.evaluate("__speech.voices([])")
    assert _box_hidden(page), "the button shows although the browser has no voice"
    page.evaluate("__speech.voices(['en-US', 'ms-MY'])")
    assert _box_hidden(page), "the button shows on an Indonesian page with only English and Malay voices"
    page.evaluate("__speech.voices(['in_ID'])")  # Android's old code for Indonesian, arriving late
    assert not _box_hidden(page), "an Indonesian voice arrived, but the button stays hidden"
    assert _label(page) == "Dengarkan halaman ini"
    page.emulate_media(media="print")
    assert _box_hidden(page), "the listen button is printed on paper"
    page.emulate_media(media="screen")
    page.goto(served_site + "en/kontak/")
    page.evaluate("__speech.voices(['id-ID'])")
    assert _box_hidden(page), "the button shows on an English page with only an Indonesian voice"
    page.evaluate("__speech.voices(['en-GB'])")
    assert not _box_hidden(page)
    assert _label(page) == "Listen to this page"


def test_reads_the_page_in_order_with_numbers_digit_by_digit(tab, served_site):
    def planted(route):
        response = route.fetch()
        html, found = BOX.subn(lambda m: m.group(1) + ARTICLE + m.group(2), response.text())
        assert found == 1, "the listen button is no longer the first thing of the article"
        route.fulfill(response=response, body=html)

    tab.route(served_site + "kontak/", planted)
    page = _fresh(tab, served_site + "kontak/")
    page.evaluate("__speech.voices(['en-US', 'id-ID'])")
    page.click("[data-ka-listen-play]")
    wait_until(page, "__speech.spoken().length === 1")
    assert _label(page) == "Jeda" and page.is_visible("[data-ka-listen-stop]")

    # Three sentences, then pause: the sentence stops, and Resume says it again from its start.
    page.evaluate("__speech.end(); __speech.end()")
    page.click("[data-ka-listen-play]")
    assert _label(page) == "Lanjut"
    assert page.evaluate("__speech.log[__speech.log.length - 1].cancel"), "Pause did not stop the voice"
    assert not page.evaluate("__speech.end()"), "something is still being spoken after Pause"
    page.click("[data-ka-listen-play]")
    assert _label(page) == "Jeda"
    # The rest, to the end of the page.
    page.evaluate("(() => { while (__speech.end()); })()")
    spoken = page.evaluate("__speech.spoken()")
    heard = [(entry["text"], entry["lit"]) for entry in spoken]
    assert heard == EXPECTED[:3] + EXPECTED[2:], "\n".join(map(str, heard))
    assert {entry["lang"] for entry in spoken} == {"id-ID"} and {entry["voice"] for entry in spoken} == {"voice id-ID"}
    assert {entry["rate"] for entry in spoken} == {1}
    assert _label(page) == "Dengarkan halaman ini" and not page.is_visible("[data-ka-listen-stop]")
    assert page.locator(".ka-listen-now").count() == 0, "a sentence stays highlighted after the end"

    # Slower, remembered; Stop ends the reading.
    page.evaluate("__speech.log.length = 0")
    page.click("[data-ka-listen-play]")
    page.check("[data-ka-listen-slow]")
    assert page.evaluate("localStorage.getItem('ka-listen-slow')") == "1"
    assert [entry["rate"] for entry in page.evaluate("__speech.spoken()")] == [1, 0.8], "the sentence is not said again slower"
    page.click("[data-ka-listen-stop]")
    assert _label(page) == "Dengarkan halaman ini" and not page.is_visible("[data-ka-listen-stop]")
    assert page.locator(".ka-listen-now").count() == 0
    assert not page.evaluate("__speech.end()"), "something is still being spoken after Stop"

    # A voice that fails skips a sentence; three failures in a row stop the reading.
    page.evaluate("__speech.log.length = 0")
    page.click("[data-ka-listen-play]")
    page.evaluate("__speech.fail(); __speech.end(); __speech.fail(); __speech.fail()")
    assert [entry["text"] for entry in page.evaluate("__speech.spoken()")] == [text for text, _ in EXPECTED[:5]]
    assert page.evaluate("__speech.fail(); __speech.busy()") is False
    assert _label(page) == "Dengarkan halaman ini", "the reading goes on with a voice that fails"

    # Leaving the page stops the voice: the next page (English) sees the cancel, and keeps the slower speed.
    page.click("[data-ka-listen-play]")
    page.evaluate("__speech.end()")
    cancels = page.evaluate("Number(sessionStorage.getItem('cancels'))")
    page.goto(served_site + "en/kontak/")
    assert page.evaluate("Number(sessionStorage.getItem('cancels'))") > cancels, "leaving the page did not stop the voice"
    page.evaluate("__speech.voices(['id-ID', 'en-GB'])")
    page.click("[data-ka-listen-play]")
    wait_until(page, "__speech.spoken().length === 1")
    assert _label(page) == "Pause"
    first = page.evaluate("__speech.spoken()[0]")
    assert (first["lang"], first["rate"], first["lit"]) == ("en-GB", 0.8, "kontak")
    tab.unroute(served_site + "kontak/")


def test_real_page_is_read_without_signs_sources_or_buttons(tab, served_site, built_site):
    """The whole English contacts page: headings in order, numbers digit by digit, and nothing that is not read."""
    # A soup of its own (not conftest.parsed_page's, which other tests read): the "#" is taken out of the h1.
    soup = BeautifulSoup((built_site / "en/kontak/index.html").read_text(encoding="utf-8"), "html.parser")
    h1 = soup.find("h1")
    h1.find(class_="headerlink").decompose()
    # Never said as a sentence of its own / never inside a sentence.
    not_alone = {"Sources", soup.select_one(".ka-share__title").get_text().strip()}
    not_inside = [li.get_text().strip() for li in soup.select(".ka-sources li")]
    not_inside += [dd.get_text().strip() for dd in soup.select(".ka-contact__sources") if "," in dd.get_text()]
    assert len(not_inside) > 5, "the page no longer has the source lists this test is about"
    page = _fresh(tab, served_site + "en/kontak/")
    page.evaluate("__speech.voices(['en-US'])")
    page.click("[data-ka-listen-play]")
    wait_until(page, "__speech.spoken().length === 1")
    drain = """(limit) => {
        const unread = ".ka-sources, .ka-contact__sources, .ka-actions, .ka-print-header, .ka-listen, .headerlink";
        const bad = [];
        for (let n = 0; n < limit && __speech.busy(); n++) {
            const lit = document.querySelector(".ka-listen-now");
            if (!lit || lit.closest(unread)) bad.push(lit ? lit.outerHTML.slice(0, 80) : "nothing highlighted");
            __speech.end();
        }
        return bad;
    }"""
    lit_outside = page.evaluate(drain, 60)
    # The sentence being read is brought into view (below the header bar).
    wait_until(page, """() => {
        const box = document.querySelector(".ka-listen-now").getBoundingClientRect();
        return window.scrollY > 1000 && box.top >= 48 && box.bottom <= window.innerHeight;
    }""")
    lit_outside += page.evaluate(drain, 10000)
    spoken = [entry["text"] for entry in page.evaluate("__speech.spoken()")]
    assert not lit_outside, lit_outside
    assert len(spoken) > 100
    assert spoken[0] == h1.get_text().strip()
    assert "Call 0 8 0 0, 1 0 0 0." in spoken
    assert not any("#" in text for text in spoken)
    assert not not_alone & set(spoken), not_alone & set(spoken)
    for text in not_inside:
        assert not any(text in said for said in spoken), f"{text!r} was read aloud"
    headings = [h.get_text().replace("#", "").strip() for h in soup.select("article h2")
                if not h.find_parent(class_=["ka-actions", "ka-sources"])]
    assert [text for text in spoken if text in headings] == headings, "the headings are not read in page order"


def test_hidden_without_javascript_and_absent_from_print_documents(built_site):
    for path in ("index.html", "kontak/index.html", "en/tppo/index.html", "cetak/kartu-darurat/index.html"):
        box = parsed_page(built_site / path).select_one("[data-ka-listen]")
        assert box is not None and box.has_attr("hidden"), f"{path}: the listen button must start hidden"
    for path in ("cetak/buku/index.html", "en/cetak/buku/index.html", "404.html"):
        assert "data-ka-listen" not in (built_site / path).read_text(encoding="utf-8"), f"{path} has a listen button"


def test_reader_script_is_loaded_on_demand_and_kept_offline(built_site):
    html = (built_site / "kontak/index.html").read_text(encoding="utf-8")
    src = parsed_page(built_site / "kontak/index.html").select_one("[data-ka-listen]")["data-src"]
    assert re.fullmatch(r"\.\./assets/javascripts/listen\.js\?v=[0-9a-f]{10}", src), src
    assert src not in page_assets.fetched_urls(html), "listen.js is part of the first view"
    assert src in page_assets.fetched_urls(html, on_demand=True), "listen.js is not among the on-demand files"
    address = src.replace("../", "")
    for manifest in ("offline.json", "en/offline.json"):
        urls = [entry["url"] for entry in json.loads((built_site / manifest).read_text(encoding="utf-8"))["files"]]
        assert address in urls, f"{manifest} does not keep {address} for offline reading"
    assert json.dumps(address) in (built_site / "sw.js").read_text(encoding="utf-8")


def test_the_controls_words_come_from_each_languages_strings_file(built_site):
    """listen.js names no language: the build writes every language's 'listen:' strings into it, the default
    language first (overrides/hooks/listen.py), and the address's hash is of what is served."""
    served = (built_site / "assets/javascripts/listen.js").read_bytes()
    found = re.search(r"var WORDS = (\{.*?\});", served.decode("utf-8"))
    assert found, "listen.js was served without the controls' words"
    codes = Project.load(ROOT).languages
    strings, problems = languages.load(ROOT, codes)
    assert problems == []
    assert json.loads(found.group(1)) == {code: strings[code]["listen"] for code in codes}
    src = parsed_page(built_site / "index.html").select_one("[data-ka-listen]")["data-src"]
    assert src.endswith("?v=" + hashlib.sha256(served).hexdigest()[:10]), src
    source = (ROOT / "docs/assets/javascripts/listen.js").read_text(encoding="utf-8")
    assert not re.search(r"[\"'](id|en)[\"']", source), "listen.js names a language; the strings files hold the words"


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def test_first_view_grows_by_at_most_3_kib(built_site):
    """What the feature adds to every phone page: its part of the joined script and stylesheet, and the button."""
    added = 0
    for joined, mark in (("assets/javascripts/kerja-aman.js", "listen-start.js"),
                         ("assets/stylesheets/kerja-aman.css", "listen.css")):
        text = (built_site / joined).read_text(encoding="utf-8")
        parts = re.split(r"(?=/\*! from )", text)
        ours = [part for part in parts if part.startswith(f"/*! from docs/assets/") and mark in part.split("*/")[0]]
        assert len(ours) == 1, f"{joined} has no part from {mark}"
        added += _gzipped(ours[0].encode("utf-8"))
    html = (built_site / "en/sebelum-berangkat/index.html").read_text(encoding="utf-8")
    box = re.search(r"<div[^>]*\bdata-ka-listen\b.*?</button></div>", html, re.S).group(0)
    added += _gzipped(box.encode("utf-8"))
    print(f"listen button adds about {added} bytes gzipped to a page's first view")
    assert added <= FIRST_VIEW_ADDED_BUDGET, f"the listen button adds {added} bytes gzipped to the first view"
