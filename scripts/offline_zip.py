"""The offline copy of the whole site as one zip, for a Migrant Center computer without internet.

The checked build (scripts/build.py, also `make offline`) makes it when mkdocs.yml asks for it
(`extra: ka_offline_zip: true`): the same sources are built again with Material's offline plugin
(OFFLINE=true: page links end in .html, the search index is inlined per language as
search/search_index.js, the iframe-worker shim is our vendored copy) and zipped into
kerja-aman-offline.zip at the root of the site (folder kerja-aman/ inside). This happens before the
site itself is built and checked: the officers' page shows the zip's size, and the link check finds the
real file. Unzip it anywhere and open kerja-aman/index.html (English: kerja-aman/en/index.html); it needs
no network and no server.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from sitecheck.project import Project

ZIP_NAME = "kerja-aman-offline.zip"
FOLDER = "kerja-aman"
# Where the build makes the zip, for overrides/hooks/phone.py: it links the zip (name and size) from the
# officers' page and puts it at the root of the site.
PATH_VARIABLE = "KA_OFFLINE_ZIP"


def wanted(project: Project) -> bool:
    return bool((project.config.get("extra") or {}).get("ka_offline_zip"))


def write_zip(site: Path, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file() and path.suffix != ".map" and not path.name.startswith("sitemap.xml"):
                archive.write(path, f"{FOLDER}/{path.relative_to(site).as_posix()}")
    partial.replace(target)
    return target.stat().st_size
