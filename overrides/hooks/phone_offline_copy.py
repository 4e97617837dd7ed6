"""The offline copy of the whole site as one zip, made from the pages already built (no second MkDocs build).

A Migrant Center computer without internet unzips it anywhere and opens kerja-aman/index.html (English:
kerja-aman/en/index.html) from the file system. The built site needs four changes for that, made here while
the files are written into the zip; the published site itself is not touched:
- a browser shows a folder, not its index.html, for a file:// link to "kontak/": every relative link or
  source that names a folder gets "index.html" (also the search results' locations);
- search cannot fetch its index from a file: each language's index is also written as a script,
  search/search_index.js (`var __index = …`), which Material's search reads when opened from a file;
- Material's search runs in a web worker, which a file:// page cannot start: every page loads our vendored
  copy of the iframe-worker shim (vendor/iframe-worker/, never the CDN address Material would use);
- no Content-Security-Policy <meta> ('self' means nothing to a file:// page), no service worker, no offline
  lists, no sitemap and no zip inside the zip. The officers' page links the published zip instead.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[2]
SHIM_SOURCE = ROOT / "vendor" / "iframe-worker" / "shim.js"
SHIM_PATH = "assets/javascripts/vendor/iframe-worker-shim.js"
ZIP_NAME = "kerja-aman-offline.zip"
FOLDER = "kerja-aman"
# scripts/build.py sets this variable to "1" for the MkDocs run of the checked build, which makes the zip when
# mkdocs.yml asks for it (wanted). It starts MkDocs before reading mkdocs.yml, so the hook reads the setting.
SWITCH = "KA_CHECKED_BUILD"
# A page links the zip with this line (phone.py renders it; phone_checks.py checks it).
MARKER = "<!-- offline-zip -->"
# Written into the officers' page where the zip's size goes; filled in once the zip exists (phone.py).
SIZE_MARK = re.compile(r", KA-ZIP-SIZE:(?P<locale>[a-z]{2})")
LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz", "sw.js", "offline.json", "_headers", ZIP_NAME}
# An href or src attribute as the minifier writes it: quoted, or bare when the value needs no quotes.
ATTRIBUTE = re.compile(r"""(?P<name>\s(?:href|src))=(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s>"']+))""")
CSP_META = re.compile(r"<meta\b[^>]*http-equiv=[\"']?content-security-policy[^>]*>", re.I)


def asked(config) -> bool:
    """Whether mkdocs.yml asks for the zip: `extra: ka_offline_zip: true`."""
    return bool((config.get("extra") or {}).get("ka_offline_zip"))


def wanted(config) -> bool:
    """Whether this MkDocs run makes the zip: the checked build, and mkdocs.yml asks for it (asked). A plain
    `mkdocs build` or `mkdocs serve` makes none."""
    return bool(os.environ.get(SWITCH)) and asked(config)


def size_mark(locale: str) -> str:
    """What the officers' page shows for the size (after "ZIP, ") until the zip exists."""
    return f"KA-ZIP-SIZE:{locale}"


def for_a_file(url: str) -> str:
    """A relative link that names a folder ("kontak/", "..", "./#x") names that folder's index.html."""
    if not url or url.startswith(("#", "?", "/")) or re.match(r"[a-z][a-z0-9+.-]*:", url, re.I):
        return url
    path, rest = re.match(r"([^?#]*)(.*)", url, re.S).groups()
    if path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/"
    return path + ("index.html" if path.endswith("/") else "") + rest


def _attribute_for_a_file(match: re.Match) -> str:
    for group, quote in (("double", '"'), ("single", "'"), ("bare", "")):
        if match.group(group) is not None:
            return f"{match['name']}={quote}{for_a_file(match.group(group))}{quote}"
    return match.group(0)


def _page(html: str, rel: str, published_zip: str) -> str:
    html = CSP_META.sub("", html)
    html = ATTRIBUTE.sub(_attribute_for_a_file, html)
    html = re.sub(r"(href=[\"']?)[^\s>\"']*" + re.escape(ZIP_NAME), lambda m: m.group(1) + published_zip, html)
    html = SIZE_MARK.sub("", html)
    depth = rel.count("/")
    shim = "../" * depth + SHIM_PATH
    return html.replace("</head>", f'<script src="{shim}"></script></head>', 1)


def _search_script(data: bytes) -> bytes:
    index = json.loads(data)
    for doc in index.get("docs", []):
        doc["location"] = for_a_file(doc["location"]) if doc["location"] else "index.html"
    return b"var __index = " + json.dumps(index).encode("utf-8")


def write_zip(site: Path, target: Path, site_url: str) -> int:
    """The offline copy of the built `site` as `target` (folder kerja-aman/ inside); its size in bytes."""
    published_zip = urljoin(site_url, ZIP_NAME)
    # Listed before the zip is opened: the zip is written inside the site and must not hold itself.
    files = [path for path in sorted(site.rglob("*"))
             if path.is_file() and path.name not in LEFT_OUT and path.suffix not in (".map", ".part")]
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in files:
            rel = path.relative_to(site).as_posix()
            name = f"{FOLDER}/{rel}"
            if path.suffix == ".html":
                archive.writestr(name, _page(path.read_text(encoding="utf-8"), rel, published_zip))
            elif PurePosixPath(rel).name == "search_index.json":
                archive.write(path, name)
                archive.writestr(name[: -len(".json")] + ".js", _search_script(path.read_bytes()))
            else:
                archive.write(path, name)
        archive.writestr(f"{FOLDER}/{SHIM_PATH}", SHIM_SOURCE.read_bytes())
    partial.replace(target)
    return target.stat().st_size
