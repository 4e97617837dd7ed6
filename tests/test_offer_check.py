"""The message check (/tppo/cek-pesan/): the reader pastes a recruiter's message and sees the warning signs in it.

The real built page's script runs in Chromium on the labelled corpus (tests/offer_corpus/); the rules' data files
fail the build, naming file and line, on a sign that is not on /tppo/ and on a pattern that does not compile."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import sys

import pytest

import bench_offer_check as bench
from conftest import ROOT, parsed_page, run_build, wait_until
from test_editor_errors import _fails_cleanly, good_site  # noqa: F401 (a fixture, used by name)
from test_phone import _wait_until_kept
from test_tppo import tab  # noqa: F401 (a fixture, used by name: a tab per kind of context)

PHONE = {"width": 360, "height": 780}
LANGUAGES = {"id": "", "en": "en/"}
RISKY = {"id": "Halo kak 😊 lowongan kilang Kuching, gaji besar!!\nTdk perlu paspor, pakai PLB aja. Ongkos nanti POTONG GAJI.",
         "en": "Hi sis 😊 factory job in Kuching, high salary!!\nNo need passport, just use PLB. Ticket cost deducted from your salary."}
RISKY_SIGNS = {"gaji-tinggi", "pas-lintas-batas", "bayar-nanti"}
LAWFUL = {"id": "PT resmi (P3MI berizin). Tanpa biaya, biaya ditanggung majikan. Paspor dipegang sendiri. "
                "Permit disetujui sebelum berangkat. Kontrak ditandatangani sebelum berangkat.",
          "en": "A licensed P3MI. No fees, costs paid by the employer. You keep your own passport. "
                "Work permit approved before departure. Contract signed before departure."}
MARKED = {"id": ["POTONG GAJI", "PLB"], "en": ["deducted from your salary", "PLB"]}
NOT_SAFE = {"id": "tidak berarti tawaran ini aman", "en": "does not mean the offer is safe"}


def _rules():
    spec = importlib.util.spec_from_file_location("offer_rules_under_test", ROOT / "overrides" / "hooks" / "offer_rules.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


rules = _rules()


# --- the rules' data files ---------------------------------------------------------------------

def test_valid_rules_pass(site_factory):
    result = run_build(site_factory("offer_rules"))
    assert result.code == 0, result.output


def test_sign_that_is_not_on_the_signs_page_fails_naming_file_and_line(site_factory, good_site, tmp_path):  # noqa: F811
    _, line = _fails_cleanly(site_factory("offer_rules", "offer_unknown_sign"), good_site, tmp_path,
                             "docs/_data/offer-signs.en.yml", "'visa-turis' is not a heading on docs/tppo/index.en.md")
    assert line.startswith("docs/_data/offer-signs.en.yml:6:"), line


def test_pattern_that_does_not_compile_fails_naming_file_and_line(site_factory, good_site, tmp_path):  # noqa: F811
    result, line = _fails_cleanly(site_factory("offer_rules", "offer_bad_pattern"), good_site, tmp_path,
                                  "docs/_data/offer-signs.id.yml", "does not compile")
    assert line.startswith("docs/_data/offer-signs.id.yml:9:"), line
    behind = [l for l in result.lines_naming("docs/_data/offer-signs.id.yml:10:") if "look-behind" in l]
    assert behind, f"the look-behind on line 10 is not reported:\n{result.output}"


@pytest.mark.parametrize("pattern", ["(?<!tanpa )biaya", "(?P<x>gaji)", "(?i)gaji", r"gaji\Z", "gaji{,3}",
                                     "[a b]", "gaji++", "(gaji", ""])
def test_patterns_outside_the_shared_regex_subset_are_refused(pattern):
    assert rules.pattern_problem(pattern) is not None


def test_a_space_is_a_gap_of_non_letters():
    gap = re.compile(rules.browser_pattern("potong gaji"), re.I)
    assert gap.search("POTONG\ngaji") and gap.search("potong - gaji 💸") and not gap.search("potonggaji")
    optional = re.compile(rules.browser_pattern("10 ?jt"), re.I)
    assert optional.search("10jt") and optional.search("10 jt")


# --- the page in the browser ----------------------------------------------------------------------

def _open(tab, served_site, language, **options):
    page = tab(**options)
    page.goto(served_site + LANGUAGES[language] + "tppo/cek-pesan/")
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_corpus_reaches_the_goal(tab, served_site, language):
    page = _open(tab, served_site, language)
    score = bench.measure(page, language)
    assert score.messages >= 40 and score.lawful >= 10, bench.report(score)
    assert score.recall >= bench.RECALL_GOAL, bench.report(score)
    assert not score.false_flags, bench.report(score)
    # The corpus goes through the page's form handler in one call; a risky and a lawful message of it also go
    # through the form as a reader fills it in and taps the button, and both ways find the same signs.
    corpus = bench.corpus(language)
    for entry in (next(e for e in corpus if e["signs"]), next(e for e in corpus if not e["signs"])):
        in_one_call = bench.signs_found_in_each(page, [entry["text"]])[0]
        page.reload()  # no result left on the page: what the form shows next is the typed message's own
        typed = bench.signs_found(page, entry["text"])
        assert typed == in_one_call and set(typed) >= set(entry["signs"]), (typed, entry)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_sign_found_quotes_the_words_and_links_to_its_heading(tab, served_site, built_site, language):
    page = _open(tab, served_site, language)
    assert set(bench.signs_found(page, RISKY[language])) == RISKY_SIGNS
    headings = {tag["id"] for tag in parsed_page(built_site / LANGUAGES[language] / "tppo/index.html").select("h3[id]")}
    for item in page.locator("[data-offer-results] [data-sign]").all():
        sign = item.get_attribute("data-sign")
        href = item.locator("a").first.get_attribute("href")
        assert href == f"../#{sign}" and sign in headings, (sign, href)
        assert item.locator(".ka-offer__words").inner_text().count("\u201c") >= 1
        assert item.locator(".ka-offer__why").inner_text().strip()
    marked = page.locator("[data-offer-results] mark").all_inner_texts()
    assert all(words in marked for words in MARKED[language]), marked
    _assert_ends_with_numbers_and_checklist(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_lawful_offer_raises_nothing_and_is_never_called_safe(tab, served_site, language):
    page = _open(tab, served_site, language)
    assert bench.signs_found(page, LAWFUL[language]) == []
    summary = page.locator("[data-offer-results] .ka-offer__summary").inner_text()
    assert NOT_SAFE[language] in summary
    _assert_ends_with_numbers_and_checklist(page)


def _assert_ends_with_numbers_and_checklist(page):
    """Every result ends with the KP2MI call centre (tap to call), its WhatsApp (tap to chat), the checklist link."""
    end = page.locator("[data-offer-results] > :last-child")
    assert end.get_attribute("data-offer-end") is not None
    assert end.locator("a[href='tel:08001000']").count() == 1
    assert end.locator("a[href^='https://wa.me/62']").count() == 1
    assert end.locator("a[href='../cek-tawaran/']").count() == 1
    assert end.is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_checking_sends_nothing_stores_nothing_and_keeps_the_address(tab, served_site, language):
    # Recorded from "load" on: the loaded page asks for nothing more (no 500 ms wait for quiet needed), so any
    # request from here on, even one the page would make on its own, counts against the check.
    page = _open(tab, served_site, language)
    address, history = page.url, page.evaluate("history.length")
    requests = []

    def record(request):
        requests.append(request.url)
    page.on("request", record)
    bench.signs_found(page, RISKY[language])
    bench.signs_found(page, LAWFUL[language])
    page.wait_for_timeout(300)  # a request that comes late: there is no event for "none will come"
    page.remove_listener("request", record)  # the tab is shared with the module's other tests
    assert requests == [], f"checking a message made requests: {requests}"
    assert page.url == address and page.evaluate("history.length") == history
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("document.cookie") == ""
    assert page.context.cookies() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_script_moves_nothing_on_the_page_before_the_reader_checks(tab, served_site, language):
    # The box and the help numbers are in the page from the start: a layout shift here (the script swapping the
    # list for the box after the first paint) cost the page its Lighthouse performance score.
    page = _open(tab, served_site, language, service_workers="block")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    shift = page.evaluate("""() => new Promise(done => {
        let sum = 0;
        new PerformanceObserver(list => list.getEntries().forEach(entry => { sum += entry.value; }))
            .observe({type: "layout-shift", buffered: true});
        setTimeout(() => done(sum), 200);
    })""")
    # Below 0.01 Lighthouse counts no shift (the swap measured 0.074); the site's own buttons move a hair.
    assert shift < 0.01, f"the page's layout shifted by {shift:.3f} while it loaded"


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_javascript_the_list_of_signs_and_the_checklist_show_instead_of_the_box(tab, served_site,
                                                                                       built_site, language):
    page = _open(tab, served_site, language, java_script_enabled=False)
    assert not page.locator("[data-offer-check]").is_visible()
    signs = page.locator("[data-offer-signs] li[data-rule]")
    data = rules.data_path(ROOT / "docs", language)
    assert signs.count() == len(rules.load(data, data.relative_to(ROOT).as_posix())[0])
    assert all(item.is_visible() for item in signs.all())
    assert page.locator("[data-offer-end] a[href='../cek-tawaran/']").is_visible()
    assert page.locator("[data-offer-end] a[href^='tel:']").first.is_visible()


def test_works_offline_once_the_page_was_opened(browser, served_site):
    # A context of its own: it goes offline.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    url = served_site + "tppo/cek-pesan/"
    page.goto(url)
    script = page.evaluate("document.querySelector('script[src*=\"cek-pesan.js\"]').src")
    _wait_until_kept(page, url)
    wait_until(page, """async (src) => { for (const key of await caches.keys()) {
        if (await (await caches.open(key)).match(src)) return true; } return false; }""", script)
    context.set_offline(True)
    page.goto(url)
    assert set(bench.signs_found(page, RISKY["id"])) == RISKY_SIGNS
    context.close()


# --- light --------------------------------------------------------------------------------------

def test_script_loads_only_on_the_check_page_and_stays_small(built_site):
    pages = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
             if "cek-pesan.js" in p.read_text(encoding="utf-8")]
    assert sorted(pages) == ["en/tppo/cek-pesan/index.html", "tppo/cek-pesan/index.html"]
    script = (built_site / "assets/javascripts/cek-pesan.js").read_bytes()
    assert len(gzip.compress(script, 9, mtime=0)) < 6 * 1024
    for manifest, page in (("offline.json", "tppo/cek-pesan/"), ("en/offline.json", "en/tppo/cek-pesan/")):
        urls = [entry["url"] for entry in json.loads((built_site / manifest).read_text(encoding="utf-8"))["files"]]
        assert page in urls and any(u.startswith("assets/javascripts/cek-pesan.js?v=") for u in urls), manifest
