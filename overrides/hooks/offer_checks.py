"""Checks on the message check's rules (docs/_data/offer-signs.<language>.yml, read by offer_rules.py).

Every pattern compiles in the regex subset that JavaScript and Python share, and every rule names a warning
sign that is a heading on /tppo/ in the same language: the page links each sign found to that heading.
"""

from __future__ import annotations

import offer_rules

from sitecheck.model import Problem, Source
from sitecheck.project import Project


def check_offer_rules(project: Project, sources: list[Source]) -> list[Problem]:
    problems = []
    for language in project.languages:
        path = offer_rules.data_path(project.docs_dir, language)
        pages = [s for s in sources if s.language == language and offer_rules.MARKER.search(s.body)]
        if not path.exists():
            problems += [Problem(s.rel, "the page checks messages but has no rules in its language",
                                 f"write the rules in {project.rel(path)}") for s in pages]
            continue
        problems += _file_problems(project, sources, path, language)
    return problems


def _file_problems(project: Project, sources: list[Source], path, language: str) -> list[Problem]:
    rules, found = offer_rules.load(path, project.rel(path))
    page = offer_rules.signs_page(project.docs_dir, language)
    headings = {ident for s in sources if s.path == page for _, _, ident in s.headings if ident}
    return found + offer_rules.sign_problems(rules, headings, project.rel(page), project.rel(path))


SOURCE_CHECKS = [check_offer_rules]
SITE_CHECKS = []
