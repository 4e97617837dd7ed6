"""Checks for printed handouts: include and book markers, the handout list of /cetak/, phone links on paper."""

from __future__ import annotations

import re

import print_markers as pm
from sitecheck.model import BuiltSite, Problem, find_line
from sitecheck.project import Project


def check_print_markers(project: Project, sources) -> list[Problem]:
    """Every include and book marker names a page (and section) that exists in the same language."""
    problems = []
    for source in sources:
        if source.language is None or "<!--" not in source.text:
            continue
        for line in pm.unreadable_markers(source.text):
            problems.append(Problem(source.rel, "an include or book marker is not written the way it is read",
                                    "write it alone on its line: '<!-- include: page#section -->' or "
                                    "'<!-- book: page page … -->'", line))
        name = project.slug_of(source.path)
        for kind, arg, line in pm.markers_in(source.text):
            try:
                pm.check_targets(project.docs_dir, name, source.language, kind, arg, line)
            except pm.MarkerError as error:
                problems.append(error.problem(source.rel))
    return problems


def check_handout_list(project: Project, sources) -> list[Problem]:
    """A page's `handouts:` front matter (the /cetak/ page) names existing pages, each with its sheet budget."""
    problems = []
    for source in sources:
        listed = source.meta.get("handouts")
        if listed is None or source.language is None:
            continue
        line = find_line(source.path, "handouts:")
        if not isinstance(listed, list):
            problems.append(Problem(source.rel, "'handouts' is not a list",
                                    "write each handout as '  - page: cetak/dokumen.md' and '    sheets: 1'", line))
            continue
        for item in listed:
            page = item.get("page") if isinstance(item, dict) else None
            sheets = item.get("sheets") if isinstance(item, dict) else None
            if not (isinstance(page, str) and page.endswith(".md")) or not (isinstance(sheets, int) and sheets > 0):
                problems.append(Problem(source.rel, f"the handout '{item}' needs a page and a number of sheets",
                                        "write it as '  - page: cetak/dokumen.md' and '    sheets: 1'", line))
                continue
            target = project.docs_dir / f"{page[:-3]}.{source.language}.md"
            if not target.is_file():
                problems.append(Problem(source.rel, f"the handout '{page}' does not exist ({project.rel(target)})",
                                        "correct the page path (under docs/, ending in .md, without language)",
                                        find_line(source.path, page) or line))
    return problems


TEL = re.compile(r"^tel:", re.I)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _number_forms(href: str) -> set[str]:
    """The digit strings a reader may see for a tel: link: as dialled, and nationally (0 + number)."""
    dialled = _digits(href)
    forms = {dialled}
    try:
        import phonenumbers
        parsed = phonenumbers.parse(href[4:], None if href[4:].strip().startswith("+") else "ID")
        national = str(parsed.national_number)
        forms |= {national, "0" + national, str(parsed.country_code) + national}
    except Exception:
        pass
    return {form for form in forms if form}


def check_tel_links_show_number(site: BuiltSite) -> list[Problem]:
    """On paper a link is just its text: a phone link must show its whole number, not 'Call' or part of it."""
    problems = []
    for page in site.content_pages:
        for tag in (a for a in page.named("a", "href") if TEL.search(a["href"])):
            shown = _digits(tag.get_text(" "))
            forms = _number_forms(tag["href"].strip())
            if not any(form in shown for form in forms):
                problems.append(Problem(page.source_rel,
                                        f"the phone link '{tag['href']}' shows '{tag.get_text(' ', strip=True)}', "
                                        "not its whole number, so the number is lost on paper",
                                        "make the link text the number itself, e.g. [0800-1000](tel:08001000)",
                                        page.line_of(tag["href"])))
    return problems


SOURCE_CHECKS = [check_print_markers, check_handout_list]
SITE_CHECKS = [check_tel_links_show_number]
