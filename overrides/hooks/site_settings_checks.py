"""The site's own settings under `extra:` in mkdocs.yml (rules and hook: site_settings.py beside this file)."""

from __future__ import annotations

import site_settings

from sitecheck.project import Project


def check_extra_settings(project: Project, sources) -> list:
    """Each `extra:` setting of this site has the type its code expects, no `ka_…` key is misspelt, and each way to
    report a mistake (`extra.report`) is one that works."""
    return site_settings.problems(project.config, project.root / "mkdocs.yml")


SOURCE_CHECKS = []
SITE_CHECKS = []
# A wrong setting changes what MkDocs builds: reported alone, before MkDocs starts.
STOPPING_CHECKS = [check_extra_settings]
