"""The site's languages (mkdocs.yml) and their interface strings (rules: languages.py beside this file)."""

from __future__ import annotations

import languages

from sitecheck.project import Project


def check_strings(project: Project, sources) -> list:
    """Every language of mkdocs.yml has overrides/strings/<language>.yml, with every key of the default's."""
    return languages.load(project.root, project.languages)[1]


SOURCE_CHECKS = []
SITE_CHECKS = []
# A missing text would fail every page's template: reported alone, before MkDocs starts.
STOPPING_CHECKS = [check_strings]
