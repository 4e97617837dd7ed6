"""The offline copy of the whole site as one zip, for a Migrant Center computer without internet.

The checked build (scripts/build.py, also `make offline`) makes it when mkdocs.yml says
`extra: ka_offline_zip: true`: it sets KA_CHECKED_BUILD=1 for MkDocs, and overrides/hooks/phone.py makes
kerja-aman-offline.zip at the root of the site from the pages just built (overrides/hooks/phone_offline_copy.py
says how the copy differs from the site). Unzip it anywhere and open kerja-aman/index.html (English:
kerja-aman/en/index.html); it needs no network and no server. A plain `mkdocs build` makes no zip.
"""

from __future__ import annotations

from sitecheck.project import Project  # puts overrides/hooks on the path
from phone_offline_copy import FOLDER, SWITCH, ZIP_NAME, asked  # noqa: E402,F401 (the names tests and tools use)


def wanted(project: Project) -> bool:
    """Whether the checked build of `project` makes the zip (mkdocs.yml: `extra: ka_offline_zip: true`)."""
    return asked(project.config)
