"""The checks every page gets, whatever its feature: before MkDocs, the Markdown sources (language
suffix and twin, front matter, heading ids, what a translation carries); after it, the built pages (links,
https, other hosts, unrendered Markdown, title and headings, heading levels, image alt text, language twins)."""

from __future__ import annotations

import datetime
import re
from pathlib import PurePosixPath

import yaml
from bs4 import CData, NavigableString

import page_assets
import search_words
from page_assets import CSS_URL
from sitecheck.model import BuiltSite, Problem, Source, find_line, fetched_urls, is_external
from sitecheck.project import Project

MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
# Indonesian and Malaysian numbers start with + or 0; dots and commas (money) and dates are not numbers.
PHONE_LIKE = re.compile(r"(?<![\w/.,-])(?:\+|0)[\d\s()-]{6,}\d(?![\w/.,-]?\d)")
DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
UNRENDERED = [("**", "a '**' was not turned into bold", "close the bold with a second '**' on the same line, or remove it"),
              ("](", "a Markdown link was not rendered", "check the brackets: [text](page.md)"),
              ("!!!", "an admonition ('!!!') was not rendered", "write it as '!!! warning \"Title\"' on its own line, with the text indented by 4 spaces below"),
              ("{:", "an attribute list ('{:') was not rendered", "remove it, or put it right after the element it belongs to"),
              ("{ #", "a heading id ('{ #…}') was not rendered", "put the id at the very end of the heading line: '## Title { #id }'")]
STRAY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*[\s>/]")
NON_VISIBLE = ["script", "style", "code", "pre", "noscript", "template", "svg"]
LOCAL_SCHEMES = ("mailto:", "tel:", "sms:", "data:", "javascript:")


# --- source checks: each takes every source and returns problems -----------------------------------


def check_language_suffix(project: Project, sources: list[Source]) -> list[Problem]:
    langs = " or ".join(f".{lang}.md" for lang in project.languages)
    return [Problem(s.rel, "the file name has no language suffix",
                    f"rename it to end in {langs}, with its twin in the other language beside it")
            for s in sources if s.language is None]


def check_twins(project: Project, sources: list[Source]) -> list[Problem]:
    problems = []
    for source in sources:
        if source.language is None:
            continue
        for language in project.languages:
            if language == source.language:
                continue
            twin = project.twin_of(source.path, language)
            if not twin.exists():
                if source.language == project.default_language:
                    fix = f"add the translation as {project.rel(twin)}"
                else:
                    fix = f"add the original as {project.rel(twin)}, or remove this file"
                problems.append(Problem(source.rel, f"the page has no {language} twin", fix))
    return problems


def check_description(project: Project, sources: list[Source]) -> list[Problem]:
    problems = []
    for source in sources:
        value = source.meta.get("description")
        if source.front_matter_ok and not (isinstance(value, str) and value.strip()):
            problems.append(Problem(source.rel, "the front matter has no 'description'",
                                        "add one plain sentence: 'description: …' (it is used in search and link previews)",
                                        1))
    return problems


def check_review_and_sources(project: Project, sources: list[Source]) -> list[Problem]:
    """Every page says when it was last reviewed and where its facts come from."""
    problems = []
    today = datetime.date.today()
    for source in sources:
        if not source.front_matter_ok:
            continue
        meta = source.meta
        reviewed = meta.get("reviewed")
        if reviewed is None:
            problems.append(Problem(source.rel, "the front matter has no 'reviewed' date",
                                    "add the date the facts were last checked: 'reviewed: 2026-11-27'", 1))
        elif not isinstance(reviewed, datetime.date) or isinstance(reviewed, datetime.datetime):
            problems.append(Problem(source.rel, f"'reviewed: {reviewed}' is not a real date",
                                    "write it as year-month-day, e.g. 'reviewed: 2026-11-27'",
                                    find_line(source.path, "reviewed:")))
        elif reviewed > today:
            problems.append(Problem(source.rel, f"'reviewed: {reviewed}' is in the future",
                                    "use the date the page was actually checked", find_line(source.path, "reviewed:")))
        listed = meta.get("sources")
        line = find_line(source.path, "sources:") or 1
        if listed is None:
            problems.append(Problem(source.rel, "the front matter has no 'sources' list",
                                    "list where the facts come from: 'sources:' then '  - title: …' and '    url: https://…'", 1))
        elif not isinstance(listed, list):
            problems.append(Problem(source.rel, "'sources' is not a list",
                                    "write each source on its own line starting with '  - title: …'", line))
        else:
            # A draft states no facts yet; an assembled page (handouts, the booklet) only shows other
            # pages' text, whose sources are listed on those pages.
            if not listed and not (meta.get("draft") or meta.get("assembled")):
                problems.append(Problem(source.rel, "'sources' is empty",
                                        "list the laws and pages the facts come from (only a page marked 'draft: true' "
                                        "or 'assembled: true' may have none)", line))
            for item in listed:
                if not (isinstance(item, dict) and isinstance(item.get("title"), str) and item["title"].strip()):
                    problems.append(Problem(source.rel, f"the source '{item}' has no title",
                                            "write it as '  - title: …' with an optional '    url: https://…'", line))
                elif item.get("url") and not str(item["url"]).startswith("https://"):
                    problems.append(Problem(source.rel, f"the source url '{item['url']}' is not https",
                                            "use the https:// address, or leave the url out and name the document",
                                            find_line(source.path, str(item["url"])) or line))
    return problems


def check_heading_ids(project: Project, sources: list[Source]) -> list[Problem]:
    return [Problem(s.rel, f"the heading '{text}' has no id",
                    "end the heading with an id that is the same in both languages, e.g. '## Langkah 1 { #langkah-1 }'",
                    line)
            for s in sources for (line, text, anchor) in s.headings if anchor is None]


def check_heading_parity(project: Project, sources: list[Source]) -> list[Problem]:
    """A translation has the same heading ids as its original, so deep links survive translation."""
    problems = []
    for source, original in project.translation_pairs(sources):
        own = [a for (_, _, a) in source.headings if a]
        theirs = [a for (_, _, a) in original.headings if a]
        for anchor in theirs:
            if anchor not in own:
                problems.append(Problem(source.rel, f"the heading id '#{anchor}' of {original.rel} is missing here",
                                        f"translate that heading and end it with '{{ #{anchor} }}'"))
        for line, _, anchor in source.headings:
            if anchor and anchor not in theirs:
                problems.append(Problem(source.rel, f"the heading id '#{anchor}' is not in {original.rel}",
                                        "use the same heading ids as the Indonesian original", line))
    return problems


def _links(source: Source) -> list[str]:
    return sorted(MD_LINK.findall(source.body))


def _phone_numbers(source: Source) -> list[str]:
    return sorted(re.sub(r"\D", "", number) for number in PHONE_LIKE.findall(source.body)
                  if not DATE_LIKE.match(number.strip()))


def check_translation_parity(project: Project, sources: list[Source]) -> list[Problem]:
    """A translation carries the same links and phone numbers as its original."""
    problems = []
    for source, original in project.translation_pairs(sources):
        for what, read in (("link", _links), ("phone number", _phone_numbers)):
            own, theirs = read(source), read(original)
            for item in sorted(set(theirs) | set(own)):
                if own.count(item) != theirs.count(item):
                    problems.append(Problem(
                        source.rel,
                        f"the {what} '{item}' appears {own.count(item)} time(s) here but {theirs.count(item)} in {original.rel}",
                        f"make the translation carry the same {what}s as the original",
                        find_line(source.path, f"]({item}") if what == "link" else None))
    return problems


def check_search_words(project: Project, sources: list[Source]) -> list[Problem]:
    """docs/_data/search.yml names existing pages, each with a list of words per language of the site."""
    path = project.docs_dir / search_words.DATA_FILE
    rel = project.rel(path)
    shape = "write each page as 'tppo/index:' with one line per language under it: 'id: [calo, agen]'"
    try:
        data = search_words.load(project.docs_dir)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [Problem(rel, "the file cannot be read", shape, mark.line + 1 if mark else None)]
    if not isinstance(data, dict):
        return [Problem(rel, "the file is not a list of pages", shape, 1)]
    pages = {project.slug_of(source.path) for source in sources}
    problems = []
    for page, entry in data.items():
        line = find_line(path, f"{page}:")
        if page not in pages:
            problems.append(Problem(rel, f"'{page}' names no page",
                                    "name a page by its file without the language: tppo/index for docs/tppo/index.id.md",
                                    line))
        elif not isinstance(entry, dict) or not all(
                language in project.languages and isinstance(words, list) and all(isinstance(w, (str, int)) for w in words)
                for language, words in entry.items()):
            problems.append(Problem(rel, f"the words for '{page}' are not a list per language ({', '.join(project.languages)})",
                                    shape, line))
    return problems


def check_duplicate_slugs(project: Project, sources) -> list[Problem]:
    """docs/x.id.md and docs/x/index.id.md would both be published at /x/: MkDocs silently keeps one."""
    by_address: dict[tuple[str, str | None], list] = {}
    for source in sources:
        slug = project.slug_of(source.path)
        address = re.sub(r"(^|/)index$", "", slug)
        by_address.setdefault((address, source.language), []).append(source)
    problems = []
    for (address, _), group in sorted(by_address.items(), key=lambda item: str(item[0])):
        if len(group) < 2:
            continue
        group = sorted(group, key=lambda s: s.rel)
        keep, others = group[0], group[1:]
        for other in others:
            problems.append(Problem(other.rel, f"this page and {keep.rel} would both be published at /{address}"
                                    f"{'/' if address else ''}",
                                    f"keep one of the two: move its text into {keep.rel} and delete {other.rel}, "
                                    "or rename one file"))
    return problems


# --- built pages -------------------------------------------------------------------------------------


def check_links(site: BuiltSite) -> list[Problem]:
    problems = []
    for page in site.pages.values():
        for tag in page.named("a", "href"):
            href = tag["href"].strip()
            if not href or href.startswith(LOCAL_SCHEMES) or is_external(href):
                continue
            target, fragment = site.resolve(page, href)
            if target is None:
                problems.append(Problem(page.source_rel, f"the link '{href}' leads to a page that does not exist",
                                        "link to an existing page's Markdown file, e.g. [Kontak](kontak.md)",
                                        page.line_of(href.split("#")[0].rstrip("/").split("/")[-1] or href)))
            elif fragment and fragment not in site.ids_of(target):
                problems.append(Problem(page.source_rel, f"the link '{href}' points to '#{fragment}', which is not on that page",
                                        "use an id that a heading on the target page ends with, e.g. '{ #langkah-1 }'",
                                        page.line_of("#" + fragment)))
    return problems


def check_external_links_https(site: BuiltSite) -> list[Problem]:
    return [Problem(page.source_rel, f"the link '{tag['href']}' uses http, which can be read and changed on the way",
                    "use the https:// address of the same page",
                    page.line_of(tag["href"]))
            for page in site.pages.values()
            for tag in page.named("a", "href") if tag["href"].strip().lower().startswith("http://")]


def check_no_other_hosts(site: BuiltSite) -> list[Problem]:
    """No script, style, font or image comes from another host: privacy, speed and offline use."""
    problems = []
    for page in site.pages.values():
        for url in fetched_urls(page):
            if is_external(url):
                problems.append(Problem(page.source_rel, f"the page loads '{url}' from another host",
                                        "copy the file into docs/assets/ and link to it there, or remove it",
                                        page.line_of(url)))
        for link in page.named("link", "href"):
            if "stylesheet" not in (link.get("rel") or ()):
                continue
            href = link["href"]
            if is_external(href):
                continue
            target, _ = site.resolve(page, href)
            if target is None:
                continue
            text = site.css_text(target)
            for match in CSS_URL.finditer(text):
                url = match.group(1)
                if is_external(url):
                    problems.append(Problem(_css_source(site, target, text, match.start()),
                                            f"the stylesheet loads '{url}' from another host",
                                            "use the system fonts (theme.font: false) or copy the file into docs/assets/"))
    return sorted(set(problems), key=str)


def _css_source(site: BuiltSite, target: str, text: str, at: int) -> str:
    """The editor's file that holds position `at` of a built stylesheet: the part of a joined file
    (overrides/hooks/phone.py starts each part with `/*! from docs/… */`), or the file itself."""
    joined = page_assets.joined_source(text, at)
    if joined:
        return joined
    origin = site.project.docs_dir / target
    return site.project.rel(origin) if origin.exists() else "mkdocs.yml"


def check_unrendered_markdown(site: BuiltSite) -> list[Problem]:
    problems = []
    for page in site.content_pages:
        article = page.article or page.soup.body
        if article is None:
            continue
        visible = _visible_text(article)
        for marker, what, fix in UNRENDERED:
            if marker in visible:
                problems.append(Problem(page.source_rel, f"{what}: '{_context(visible, marker)}'", fix,
                                        page.line_of(marker)))
        stray = STRAY_TAG.search(visible)
        if stray:
            problems.append(Problem(page.source_rel, f"HTML code shows as text: '{_context(visible, stray.group(0))}'",
                                    "check that every HTML tag is complete, or write '<' as a word",
                                    page.line_of(stray.group(0).strip())))
    return problems


def _visible_text(element) -> str:
    """The text a reader sees (as get_text(" ") without scripts, code, and the headings' "#" links).

    Read from the page's one parse, without copying it: the soup is shared by every check."""
    def shown(text) -> bool:
        for parent in text.parents:
            if parent is element:
                return True
            if parent.name in NON_VISIBLE or "headerlink" in (parent.get("class") or ()):
                return False
        return True
    return " ".join(text for text in element.find_all(string=True)
                    if type(text) in (NavigableString, CData) and shown(text))


def _context(text: str, marker: str) -> str:
    at = text.find(marker)
    return " ".join(text[max(0, at - 30): at + 30].split())


def check_page_basics(site: BuiltSite) -> list[Problem]:
    problems = []
    for page in site.content_pages:
        soup = page.soup
        title = soup.title.get_text(strip=True) if soup.title else ""
        if not title:
            problems.append(Problem(page.source_rel, "the page has no <title>", "start the page with a '# Title { #id }' heading"))
        lang = (soup.html.get("lang") if soup.html else None) or ""
        if lang != page.language:
            problems.append(Problem(page.source_rel, f"the page says it is in '{lang}' but is published as '{page.language}'",
                                    f"check theme.language and the i18n languages in mkdocs.yml"))
        meta = soup.find("meta", attrs={"name": "description"})
        if not (meta and meta.get("content", "").strip()):
            problems.append(Problem(page.source_rel, "the page has no meta description",
                                    "add 'description: …' (one plain sentence) to the front matter", 1))
        h1s = page.article.find_all("h1") if page.article else page.named("h1")
        if len(h1s) != 1:
            problems.append(Problem(page.source_rel, f"the page has {len(h1s)} main headings (h1), not exactly one",
                                    "keep one '# Title { #id }' line at the top and make the others '##'",
                                    page.line_of("# ") if h1s else None))
    return problems


HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}


def check_heading_levels(site: BuiltSite) -> list[Problem]:
    """Headings go down one level at a time (h1, h2, h3), as screen readers list them and Lighthouse's
    accessibility audit ("heading-order") requires: a skipped level reads as a missing section."""
    problems = []
    for page in site.content_pages:
        above = 0
        for tag in page.tags:
            level = HEADING_LEVELS.get(tag.name)
            if level is None:
                continue
            if above and level > above + 1:
                text = " ".join(" ".join(piece for piece in tag.strings
                                         if "headerlink" not in (piece.parent.get("class") or ())).split())
                line = page.line_of(f"#{tag['id']} ") if tag.has_attr("id") else None
                fix = (f"make it h{above + 1} ('{'#' * (above + 1)} {text}'), one level below the heading above it" if line
                       else f"make it h{above + 1}: it comes from a marker's template (docs/_templates/, overrides/partials/ka/)")
                problems.append(Problem(page.source_rel, f"the heading '{text}' (h{level}) skips a level after an h{above}",
                                        fix, line))
            above = level
    return problems


def check_image_alt(site: BuiltSite) -> list[Problem]:
    return [Problem(page.source_rel, f"the image '{img.get('src', '')}' has no alt text",
                    "describe the image in the brackets: ![what it shows](file.png)",
                    page.line_of(PurePosixPath(img.get("src", "")).name))
            for page in site.pages.values()
            for img in page.named("img") if not img.get("alt", "").strip()]


def check_language_twins(site: BuiltSite) -> list[Problem]:
    """Every page exists in each language, from its own file, and its language links lead to its twins."""
    project = site.project
    problems = []
    for page in site.content_pages:
        if not page.source.exists():
            original = project.twin_of(page.source, project.default_language)
            problems.append(Problem(project.rel(original), f"the page has no {page.language} translation: "
                                    f"/{page.url_path} shows the {project.default_language} text",
                                    f"add {page.source_rel}"))
        own = page.rel if page.language == project.default_language else page.rel[len(page.language) + 1:]
        twins = {lang: own if lang == project.default_language else f"{lang}/{own}"
                 for lang in project.languages if lang != page.language}
        links = page.classed("ka-lang__link", name="a", attr="href")
        for lang, twin in twins.items():
            # The link to that language (hreflang), else the page's first language link.
            link = next((tag for tag in links if tag.get("hreflang") == lang), next(iter(links), None))
            if twin not in site.pages:
                problems.append(Problem(page.source_rel, f"the page has no twin at /{twin}",
                                        "add the page in the other language beside this file"))
            elif link is None:
                problems.append(Problem(page.source_rel, "the page has no language link",
                                        "keep overrides/partials/alternate.html and the language_link hook"))
            elif site.resolve(page, link["href"])[0] != twin:
                problems.append(Problem(page.source_rel, f"the language link '{link['href']}' does not lead to /{twin}",
                                        "check the i18n settings in mkdocs.yml and the language_link hook"))
    return problems


SOURCE_CHECKS = [
    check_language_suffix,
    check_twins,
    check_description,
    check_review_and_sources,
    check_heading_ids,
    check_heading_parity,
    check_translation_parity,
    check_search_words,
]

SITE_CHECKS = [
    check_links,
    check_external_links_https,
    check_no_other_hosts,
    check_unrendered_markdown,
    check_page_basics,
    check_heading_levels,
    check_image_alt,
    check_language_twins,
]

# Two files for one address: MkDocs would silently publish one of them. Like an unreadable file, the build
# reports this alone and does not start MkDocs until it is fixed.
STOPPING_CHECKS = [check_duplicate_slugs]
