"""The glossary: /istilah/ is rendered from docs/_data/glossary.yml, the first use of each term on other pages
links to it in the reader's language, and a link to a term that is not there fails the build."""

import importlib.util
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, run_build, run_source_checks


def _rules():
    spec = importlib.util.spec_from_file_location("glossary_data_under_test",
                                                  ROOT / "overrides" / "hooks" / "glossary_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gd = _rules()


def glossary_site(site_factory, *overlays):
    """The fixture site with the glossary overlay (plus defects), and the real glossary templates."""
    project = site_factory("glossary", *overlays)
    shutil.copytree(ROOT / "docs" / "_templates", project / "docs" / "_templates")
    return project


def _soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def _term_links(soup):
    return [(a.get_text(), a["href"]) for a in soup.select("article a.ka-term")]


@pytest.fixture(scope="module")
def built_glossary_site(tmp_path_factory):
    from conftest import make_site
    tmp = tmp_path_factory.mktemp("glossary")
    project = make_site(tmp, "glossary")
    shutil.copytree(ROOT / "docs" / "_templates", project / "docs" / "_templates")
    result = run_build(project, tmp / "site")
    assert result.code == 0, result.output
    return tmp / "site"


# --- linking first uses ----------------------------------------------------------------------

@pytest.mark.parametrize("page,glossary", [("tppo/cek-tawaran/index.html", "istilah/"),
                                           ("en/tppo/cek-tawaran/index.html", "en/istilah/")])
def test_first_use_links_to_the_glossary_in_the_same_language(built_glossary_site, page, glossary):
    links = _term_links(_soup(built_glossary_site, page))
    hrefs = {text: href for text, href in links}
    assert hrefs["P3MI"] == "../../istilah/#p3mi"
    # The relative link lands on the glossary of the page's own language, from a nested page.
    page_url = "/" + page.removesuffix("index.html")
    for _, href in links:
        assert urljoin(page_url, href).startswith("/" + glossary), href


def test_each_term_is_linked_once_and_second_use_is_not(built_glossary_site):
    article = _soup(built_glossary_site, "tppo/cek-tawaran/index.html").find("article")
    linked = [text for text, _ in _term_links(article)]
    assert linked.count("P3MI") == 1
    first_paragraph = article.find("p")
    assert first_paragraph.get_text().count("P3MI") == 2
    assert [a.get_text() for a in first_paragraph.select("a.ka-term")] == ["P3MI"]
    assert first_paragraph.find("a", class_="ka-term") is first_paragraph.find("a"), "the first use is linked"


@pytest.mark.parametrize("page", ["tppo/cek-tawaran/index.html", "en/tppo/cek-tawaran/index.html"])
def test_never_linked_inside_headings_links_or_code(built_glossary_site, page):
    article = _soup(built_glossary_site, page).find("article")
    for tag in article.select("h1, h2, h3, h4, code, a:not(.ka-term)"):
        assert not tag.select("a.ka-term"), f"a glossary link inside <{tag.name}>: {tag}"
    for link in article.select("a.ka-term"):
        assert not link.find_parent(["h1", "h2", "h3", "a", "code"])
    # "PMI" first appears in code and a heading: its first linked use is in running text after them.
    pmi = [a for a in article.select("a.ka-term") if a["href"].endswith("#pmi")]
    assert len(pmi) == 1 and pmi[0].find_parent("p") is not None


def test_whole_words_only(built_glossary_site):
    words = [text for text, _ in _term_links(_soup(built_glossary_site, "tppo/cek-tawaran/index.html"))]
    # CPMI and E-PMI contain PMI but are other words; "paspornya" is not "paspor".
    assert "pekerja migran" in words and "PMI" not in words
    assert words.count("paspor") == 1
    article = _soup(built_glossary_site, "tppo/cek-tawaran/index.html").find("article")
    paspor = article.find("a", href="../../istilah/#paspor")
    assert paspor.find_parent("p").get_text().startswith("Simpan paspor"), "the first whole-word use is linked"
    en = [text for text, _ in _term_links(_soup(built_glossary_site, "en/tppo/cek-tawaran/index.html"))]
    assert "passport" in en and "passports" not in en and "migrant worker" in en


def test_glossary_page_renders_every_term_in_both_languages(built_glossary_site):
    terms = yaml.safe_load((ROOT / "tests/fixtures/glossary/docs/_data/glossary.yml").read_text(encoding="utf-8"))
    for page in ("istilah/index.html", "en/istilah/index.html"):
        soup = _soup(built_glossary_site, page)
        for term in terms:
            heading = soup.find("h3", id=term["id"])
            assert heading is not None, f"{page} has no #{term['id']}"
        assert not soup.select("a.ka-term"), "the glossary does not link to itself"
        assert soup.find("h3", id="paspor").find_next("p").find("a", href="../kontak/")


# --- planted defects ---------------------------------------------------------------------------

def test_missing_glossary_anchor_fails_naming_the_file(site_factory):
    result = run_build(glossary_site(site_factory, "glossary_missing_anchor"))
    assert result.code == 1, result.output
    assert any("glossary page has 0" in line for line in result.lines_naming("docs/istilah.en.md")), result.output
    # The hook-made link on the English page is caught in the built HTML too, naming the page and the glossary.
    assert any("'#paspor', which is not on docs/istilah.en.md" in line
               for line in result.lines_naming("docs/tppo/cek-tawaran.en.md")), result.output


def test_link_to_unknown_term_fails_naming_file_and_line(site_factory):
    result = run_source_checks(glossary_site(site_factory, "glossary_unknown_term"))
    assert result.code == 1, result.output
    for path in ("docs/kontak.id.md:12", "docs/kontak.en.md:12"):
        assert any("names a glossary term that does not exist" in line for line in result.lines_naming(path)), \
            result.output


def test_broken_term_data_fails_naming_the_data_file(site_factory):
    project = glossary_site(site_factory)
    data = project / "docs" / "_data" / "glossary.yml"
    data.write_text(data.read_text(encoding="utf-8") + "- id: P4MI\n  term: {id: P4MI}\n", encoding="utf-8")
    result = run_source_checks(project)
    assert result.code == 1
    assert any("is not a lowercase anchor" in line for line in result.lines_naming("docs/_data/glossary.yml:")), \
        result.output


# --- matching rules --------------------------------------------------------------------------

def _finder(words_by_id, language="id"):
    terms = [gd.Term(id=ident, term={language: words[0]}, meaning={language: "x"}, words={language: words})
             for ident, words in words_by_id.items()]
    return gd.TermFinder(terms, language)


def _found(finder, text):
    return [(text[s:e], term) for s, e, term in finder.find(text)]


def test_acronyms_match_exactly_and_words_ignore_case():
    finder = _finder({"pmi": ["PMI"], "calo": ["calo"]})
    assert _found(finder, "pmi Calo PMI") == [("Calo", "calo"), ("PMI", "pmi")]


def test_words_touching_letters_or_hyphens_are_not_matched():
    finder = _finder({"pmi": ["PMI"]})
    assert _found(finder, "CPMI E-PMI PMIs PMI-nya (PMI)") == [("PMI", "pmi"), ("PMI", "pmi")]


def test_longest_words_win_and_spaces_may_break_lines():
    finder = _finder({"visa-kerja": ["visa kerja"], "visa": ["visa"]})
    assert _found(finder, "Visa\n kerja dan visa") == [("Visa\n kerja", "visa-kerja"), ("visa", "visa")]


# --- the real site ---------------------------------------------------------------------------

def test_real_glossary_has_forty_terms_with_every_language():
    terms, problems = gd.load_terms(ROOT / "docs" / gd.DATA_FILE, ["id", "en"])
    assert not problems, problems
    assert len(terms) >= 40
    required = {"pmi", "cpmi", "p3mi", "sip3mi", "bp3mi", "kp2mi", "ltsa", "siskop2mi", "disnaker", "tppo",
                "calo", "sponsor", "jalur-tikus", "pas-lintas-batas", "paspor", "visa-kerja", "perjanjian-kerja",
                "perjanjian-penempatan", "job-order", "orientasi-pra-pemberangkatan", "bpjs-ketenagakerjaan",
                "jkk", "jkm", "jht", "kbri", "kjri", "lapor-diri", "deportasi", "restitusi", "rehabilitasi", "plbn"}
    assert required <= {t.id for t in terms}
    assert "BP2MI" in next(t for t in terms if t.id == "kp2mi").words_in("id")


def test_about_page_lists_every_source_of_every_page(built_site):
    from mkdocs.utils.meta import get_data
    # The list is split in two pages (sources A–I with the laws, and J–Z) to keep each in the phone budget.
    for language, prefix in (("id", ""), ("en", "en/")):
        rel = f"{prefix}sumber/index.html"
        parts = [_soup(built_site, f"{prefix}{page}").select_one(".ka-all-sources")
                 for page in ("sumber/index.html", "sumber/lain/index.html")]
        assert None not in parts, "the all-sources list is rendered on both pages"
        hrefs = {a["href"] for part in parts for a in part.select("a[href^='https://']")}
        titles = " ".join(part.get_text() for part in parts)
        for path in sorted((ROOT / "docs").rglob(f"*.{language}.md")):
            if "_" in path.relative_to(ROOT / "docs").parts[0][:1]:
                continue
            _, meta = get_data(path.read_text(encoding="utf-8"))
            for source in meta.get("sources") or []:
                if source.get("url"):
                    assert source["url"] in hrefs, f"{path.name}: {source['url']} is not on /{rel} nor its J–Z part"
                else:
                    assert source["title"] in titles, f"{path.name}: {source['title']} is not on /{rel} nor its J–Z part"


def test_every_answer_links_to_a_page(built_site):
    for rel in ("tanya-jawab/index.html", "en/tanya-jawab/index.html"):
        article = _soup(built_site, rel).find("article")
        # Headings the theme adds (the sources list) start with "ka-"; "Butuh bantuan?" boxes are not questions.
        questions = [h for h in article.find_all("h2", id=True)
                     if not h["id"].startswith("ka-") and not h.find_parent(class_="ka-help")]
        assert 15 <= len(questions) <= 25, len(questions)
        for question in questions:
            answer = []
            for sibling in question.find_next_siblings():
                if sibling.name == "h2":
                    break
                answer.append(sibling)
            links = [a for part in answer for a in part.find_all("a", href=True)
                     if "ka-term" not in (a.get("class") or []) and not a["href"].startswith(("tel:", "https:"))]
            assert links, f"/{rel}#{question['id']} links to no page"


def test_each_part_of_the_sources_list_holds_only_its_letters(built_site):
    import re
    for prefix in ("", "en/"):
        first = _soup(built_site, f"{prefix}sumber/index.html").select_one(".ka-all-sources")
        second = _soup(built_site, f"{prefix}sumber/lain/index.html").select_one(".ka-all-sources")
        assert first.find(id="sumber-hukum"), "the laws stay on the first page"
        assert not second.find(id="sumber-hukum"), "the laws are not repeated on the J–Z page"
        for part, letters in ((first, "A-I"), (second, "J-Z")):
            others = part.find(id="sumber-lain").find_next("ol")
            for item in others.find_all("li", recursive=False):
                title = item.get_text().strip()
                initial = title[:1].upper() if re.match("[A-Z]", title[:1].upper()) else "A"
                assert re.match(f"[{letters}]", initial), f"{title[:60]} is on the wrong part"
