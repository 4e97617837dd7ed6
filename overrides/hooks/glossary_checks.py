"""Glossary checks: the term data and its markers before MkDocs; every glossary link lands after it.

The rules for reading docs/_data/glossary.yml live once, in overrides/hooks/glossary_data.py (the hook
uses them too); it is loaded from the project being checked.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from sitecheck.model import BuiltSite, Problem, Source, find_line
from sitecheck.project import Project


GLOSSARY_LINK = re.compile(r"\]\(\s*<?((?:\.\./)*istilah\.md)#([^)\s>]+)")


@lru_cache(maxsize=None)
def _rules(hooks_dir: Path):
    path = hooks_dir / "glossary_data.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("ka_glossary_data", path)
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up in sys.modules while they are defined.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _load(project: "Project"):
    rules = _rules(project.root / "overrides" / "hooks")
    if rules is None:
        return None, [], []
    path = rules.data_path(project.docs_dir)
    if not path.exists():
        return rules, [], []
    terms, problems = rules.load_terms(path, project.languages)
    return rules, terms, problems


def check_glossary_sources(project: "Project", sources: list["Source"]) -> list[Problem]:
    """The term data is complete, the glossary page carries its marker, and hand-made term links exist."""
    rules, terms, data_problems = _load(project)
    if rules is None or not rules.data_path(project.docs_dir).exists():
        return []
    data = rules.data_path(project.docs_dir)
    data_rel = project.rel(data)
    problems = [replace(p, path=data_rel) for p in data_problems]
    ids = {t.id for t in terms}
    for source in sources:
        slug = project.slug_of(source.path)
        markers = [m.group(0) for m in rules.MARKER_LIKE.finditer(source.body)]
        for marker in markers:
            if marker not in (rules.GLOSSARY_MARKER, rules.SOURCES_MARKER) and not rules.SOURCES_PART.fullmatch(marker):
                problems.append(Problem(source.rel, f"the marker '{marker}' is unknown",
                                        f"write '{rules.GLOSSARY_MARKER}' or '{rules.SOURCES_MARKER}' exactly "
                                        "(or '<!-- all-sources: A-I -->' for one part of the list)",
                                        find_line(source.path, marker)))
        count = markers.count(rules.GLOSSARY_MARKER)
        if slug == rules.GLOSSARY_SLUG and count != 1:
            problems.append(Problem(source.rel, f"the glossary page has {count} '{rules.GLOSSARY_MARKER}' markers, "
                                    "so its terms are not all on the page",
                                    f"keep exactly one line '{rules.GLOSSARY_MARKER}' where the terms go; "
                                    f"write the terms in {data_rel}, not by hand"))
        elif slug != rules.GLOSSARY_SLUG and count:
            problems.append(Problem(source.rel, f"'{rules.GLOSSARY_MARKER}' belongs on the glossary page only",
                                    "remove it; link to a term instead, e.g. [P3MI](istilah.md#p3mi)",
                                    find_line(source.path, rules.GLOSSARY_MARKER)))
        if slug == rules.GLOSSARY_SLUG:
            continue
        for target, anchor in GLOSSARY_LINK.findall(source.body):
            if anchor not in ids:
                problems.append(Problem(source.rel, f"the link '{target}#{anchor}' names a glossary term that does not exist",
                                        f"use the id of a term in {data_rel}, or add the term there",
                                        find_line(source.path, f"#{anchor}")))
    return problems


def check_glossary_links(site: "BuiltSite") -> list[Problem]:
    """Every link the glossary hook made leads to the term on the glossary page of the same language."""
    rules, terms, _ = _load(site.project)
    if rules is None or not terms:
        return []
    data_rel = site.project.rel(rules.data_path(site.project.docs_dir))
    problems = []
    for page in site.content_pages:
        expected = "istilah/index.html" if page.language == site.project.default_language \
            else f"{page.language}/istilah/index.html"
        for link in page.classed("ka-term", name="a", attr="href"):
            target, fragment = site.resolve(page, link["href"])
            if target != expected:
                problems.append(Problem(page.source_rel, f"the glossary link for '{link.get_text()}' leads to "
                                        f"'{link['href']}', not to the glossary in this language",
                                        "keep the glossary page as docs/istilah.<language>.md in every language"))
            elif fragment not in site.ids_of(target):
                glossary = site.pages[target].source_rel
                problems.append(Problem(page.source_rel, f"the word '{link.get_text()}' links to '#{fragment}', "
                                        f"which is not on {glossary}",
                                        f"keep the '{rules.GLOSSARY_MARKER}' line in {glossary} so every term in "
                                        f"{data_rel} is shown"))
    return problems


SOURCE_CHECKS = [check_glossary_sources]
SITE_CHECKS = [check_glossary_links]
