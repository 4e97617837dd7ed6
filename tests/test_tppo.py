"""The trafficking pages: the job-offer checklist (no JavaScript, with JavaScript, on paper, private)
and the quick-exit link, in real Chromium; and the checklist's source check, by planting its defects."""

import io
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from conftest import run_source_checks, wait_until

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 720}  # Playwright's default, where Migrant Center staff print from
CHECKLIST = {"id": "tppo/cek-tawaran/", "en": "en/tppo/cek-tawaran/"}
WARNING_PAGE = {"id": "tppo/", "en": "en/tppo/"}
NEUTRAL_BODY = "<!doctype html><title>neutral</title><p>neutral"


# --- the source check, proven by planting the defects it exists to catch ----------------------

@pytest.mark.parametrize("overlay,path,words", [
    ("checklist_id_mismatch", "docs/kontak.en.md", "differ from docs/kontak.id.md"),
    ("checklist_without_questions", "docs/kontak.id.md:13", "no 'checklist:' list"),
])
def test_planted_checklist_defect_fails_naming_the_file(site_factory, overlay, path, words):
    result = run_source_checks(site_factory(overlay))
    assert result.code == 1, result.output
    assert any(words in line and " — " in line for line in result.lines_naming(path)), result.output


def test_checklist_question_without_advice_is_named(site_factory):
    project = site_factory("checklist_id_mismatch")
    page = project / "docs" / "kontak.id.md"
    page.write_text(page.read_text(encoding="utf-8").replace("    advice: Visa kerja wajib.\n", ""), encoding="utf-8")
    # The source checks alone (no MkDocs run): this is the line the build prints.
    lines = run_source_checks(project).lines_naming("docs/kontak.id.md")
    assert any(line.startswith("docs/kontak.id.md:8:") and "('visa-kerja') has no advice" in line for line in lines), lines


# --- helpers ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tab(browser):
    """tab(**context options): a tab (phone-sized unless a viewport is given) in a browser context with those
    options, one per kind, shared by the tests of a module (test_offer_check.py and test_print.py import it):
    a page load in a tab already open costs about half of one in a new context. Each test goes to its page
    itself, so it starts from a freshly loaded document; one that changes the tab (print media, a route) puts
    it back."""
    contexts = {}

    def open_tab(**options):
        options = {"viewport": PHONE, **options}
        key = repr(sorted(options.items()))
        if key not in contexts:
            contexts[key] = browser.new_context(**options)
            contexts[key].new_page()
        return contexts[key].pages[0]

    yield open_tab
    for context in contexts.values():
        context.close()


def _questions(page):
    """Each question as the reader sees it: its id, warning answer, and what is visible on screen."""
    return page.eval_on_selector_all(".ka-cek__item", """items => items.map(item => {
        const shown = el => !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
        const radios = [...item.querySelectorAll("input[type=radio]")];
        return {
            id: item.id, danger: item.dataset.danger,
            question: item.querySelector(".ka-cek__q").textContent.trim(),
            advice: item.querySelector(".ka-cek__advice").textContent.trim(),
            questionShown: shown(item.querySelector(".ka-cek__q")),
            adviceShown: shown(item.querySelector(".ka-cek__advice")),
            flagShown: shown(item.querySelector(".ka-cek__flag")),
            radios: radios.length, radiosUsable: radios.every(r => shown(r) && !r.disabled),
            marks: item.querySelectorAll(".ka-cek__mark").length, spoken: item.querySelectorAll(".ka-vh").length,
        };
    })""")


def _answer(page, danger_at):
    """Tap an answer to every question: the warning answer for the numbers in danger_at, the safe one otherwise."""
    for index, item in enumerate(_questions(page)):
        value = item["danger"] if index in danger_at else {"yes": "no", "no": "yes"}[item["danger"]]
        page.check(f"#{item['id']} input[value='{value}']")


# --- the checklist without JavaScript ------------------------------------------------------------

@pytest.mark.parametrize("language", ["id", "en"])
def test_checklist_is_complete_and_usable_without_javascript(tab, served_site, language):
    page = tab(java_script_enabled=False)
    page.goto(served_site + CHECKLIST[language])
    questions = _questions(page)
    assert 10 <= len(questions) <= 15
    for item in questions:
        assert item["questionShown"] and item["question"].endswith("?"), item
        assert item["adviceShown"] and len(item["advice"]) > 20, item
        assert item["radios"] == 2 and item["radiosUsable"], item
        # The warning answer is marked by ⚠ for the eye and in words for screen readers.
        assert item["marks"] == 1 and item["spoken"] == 1, item
    # A reader can tick answers without JavaScript.
    first = page.locator(f"#{questions[0]['id']} input[value='no']")
    first.check()
    assert first.is_checked()


def test_both_languages_ask_the_same_questions(tab, served_site):
    page = tab(java_script_enabled=False)
    seen = {}
    for language, path in CHECKLIST.items():
        page.goto(served_site + path)
        seen[language] = [(item["id"], item["danger"]) for item in _questions(page)]
    assert seen["id"] == seen["en"]


# --- the checklist with JavaScript ---------------------------------------------------------------

@pytest.mark.parametrize("language,words", [("id", "Tanda bahaya"), ("en", "Warning signs")])
def test_ticking_answers_counts_warning_signs_in_the_pages_language(tab, served_site, language, words):
    page = tab()
    page.goto(served_site + CHECKLIST[language])
    result = page.locator(".ka-cek__result")
    assert result.is_hidden(), "nothing answered yet, nothing to report"
    total = len(_questions(page))

    _answer(page, danger_at={0, 5, 8})
    assert result.is_visible()
    text = result.inner_text()
    assert f"{words}: 3" in text and str(total) in text
    # The strings come from the page, in its language, not from the script.
    assert result.get_attribute("data-some") in text
    assert result.locator("li").count() == 3
    for index, item in enumerate(_questions(page)):
        flagged = index in {0, 5, 8}
        assert item["flagShown"] == flagged, item
        assert item["adviceShown"] == flagged, "the advice that fits stays, the rest folds away"

    # Change one answer to safe: the count follows.
    first = _questions(page)[0]
    page.check(f"#{first['id']} input[value='{ {'yes': 'no', 'no': 'yes'}[first['danger']] }']")
    assert f"{words}: 2" in result.inner_text()

    # All safe: the page says so, in its language.
    _answer(page, danger_at=set())
    assert f"{words}: 0" in result.inner_text()
    assert result.get_attribute("data-none") in result.inner_text()

    page.locator(".ka-cek__reset").click()
    wait_until(page, "document.querySelector('.ka-cek__result').hidden")
    assert page.locator(".ka-cek input:checked").count() == 0


def test_using_the_checklist_sends_and_stores_nothing(tab, served_site):
    page = tab()
    requests = []

    def record(request):
        requests.append(request.url)
    page.on("request", record)
    # The tab is shared: what earlier tests left in its storage goes first, so that the page starts as on a first
    # visit and anything answering stores shows as a difference below (an earlier test's answers would hide it).
    page.context.clear_cookies()
    if page.url.startswith("http"):
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    page.goto(served_site + CHECKLIST["id"])
    # Counted from "load" on: the loaded page asks for nothing more (no 500 ms wait for quiet needed), so any
    # request from here on, even one the page would make on its own, counts against answering.
    stored = page.evaluate("() => [JSON.stringify(localStorage), JSON.stringify(sessionStorage), document.cookie]")
    loaded = len(requests)
    _answer(page, danger_at={1, 2})
    page.locator(".ka-cek__reset").click()
    _answer(page, danger_at={3})
    page.wait_for_timeout(300)  # a request that comes late: there is no event for "none will come"
    page.remove_listener("request", record)  # the tab is shared with the module's other tests
    assert len(requests) == loaded, f"answering made requests: {requests[loaded:]}"
    hosts = {urlsplit(url).hostname for url in requests if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, [u for u in requests if urlsplit(u).hostname != "127.0.0.1"]
    after = page.evaluate("() => [JSON.stringify(localStorage), JSON.stringify(sessionStorage), document.cookie]")
    assert after == stored, "answers must not be stored"


# --- the checklist on paper ----------------------------------------------------------------------

@pytest.mark.parametrize("language", ["id", "en"])
def test_checklist_prints_on_one_a4_page_with_boxes_to_tick(tab, served_site, language):
    page = tab(viewport=DESKTOP)
    page.goto(served_site + CHECKLIST[language])
    page.emulate_media(media="print")
    box = page.locator(".ka-cek input[type=radio]").first
    style = box.evaluate("e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.borderTopWidth, s.borderRadius, e.getBoundingClientRect().width]; }")
    assert style[0] == "solid" and float(style[1].rstrip("px")) >= 1 and style[2] in ("0px", "0") and style[3] >= 10
    questions = page.eval_on_selector_all(".ka-cek__q", "els => els.map(e => e.textContent.trim())")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    page.emulate_media(media="screen")
    assert len(pdf.pages) == 1, f"the form takes {len(pdf.pages)} A4 pages"
    printed = " ".join(pdf.pages[0].extract_text().split())
    for question in questions:
        assert " ".join(question.split())[:40] in printed


# --- quick exit ----------------------------------------------------------------------------------

def _exit_link(page):
    link = page.locator("a[data-ka-exit]")
    assert link.count() == 1
    return link


def _answer_locally(page, href):
    """The neutral site is answered by the test itself: tests never reach the internet."""
    page.route(f"https://{urlsplit(href).hostname}/**",
               lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL_BODY))


def _leave_the_neutral_site(page, href):
    """The tab is shared with the module's other tests: the route goes."""
    page.unroute(f"https://{urlsplit(href).hostname}/**")


@pytest.mark.parametrize("language,label", [("id", "Keluar cepat"), ("en", "Quick exit")])
def test_quick_exit_leaves_for_another_host_without_javascript(tab, served_site, language, label):
    page = tab(java_script_enabled=False)
    page.goto(served_site + WARNING_PAGE[language])
    link = _exit_link(page)
    href = link.get_attribute("href")
    assert link.inner_text().strip() == label
    assert urlsplit(href).scheme == "https" and urlsplit(href).hostname not in (None, "127.0.0.1")
    assert not urlsplit(href).query, "no tracking parameters"
    assert "noreferrer" in link.get_attribute("rel")
    box = link.bounding_box()
    assert link.is_visible() and box["y"] + box["height"] <= PHONE["height"], "the way out is on screen at once"
    _answer_locally(page, href)
    link.click()
    page.wait_for_url(href)
    _leave_the_neutral_site(page, href)


def test_quick_exit_with_javascript_takes_the_page_out_of_back_history(tab, served_site):
    page = tab()
    page.goto(served_site)
    page.goto(served_site + WARNING_PAGE["id"])
    # Jumps inside the page (here: the headings' own links) must not leave entries that show it again.
    page.click(".md-content a[href='#sponsor']")
    page.click(".md-content a[href='#keamanan-hp']")
    href = _exit_link(page).get_attribute("href")
    _answer_locally(page, href)
    _exit_link(page).click()
    page.wait_for_url(href)
    _leave_the_neutral_site(page, href)
    page.go_back()
    assert page.url == served_site, f"Back returned to {page.url}"


def test_warning_page_title_is_neutral(tab, served_site):
    page = tab(java_script_enabled=False)
    for path in WARNING_PAGE.values():
        page.goto(served_site + path)
        assert "perdagangan" not in page.title().lower() and "trafficking" not in page.title().lower()
