"""Phone-first delivery: one cache-safe stylesheet, versioned scripts, a service worker and offline lists.

- on_files: our local `extra_css` files are joined into one stylesheet (`assets/stylesheets/kerja-aman.css`)
  and our `extra_javascript` files into one script (`assets/javascripts/kerja-aman.js`), in the order
  mkdocs.yml lists them. Editors keep one small file per feature; a phone on a weak signal makes 2
  requests instead of 13, and the page paints sooner (each stylesheet blocks the first paint). Each part
  starts with a comment naming its source (`/*! from docs/assets/… */`), so the build checks can still
  name the file a problem is in. Scripts are only joined when plain (no async, defer or module).
- on_files: every local `extra_css`/`extra_javascript` address gets `?v=<hash of the file's content>`
  (Material's own files already carry a hash in their names). So an asset address always names one
  exact content: a page of one build can never be shown with the assets of another, whatever the
  service worker or the browser has cached.
- on_page_context: the address of the language's offline list, for the "save for offline" button.
- on_post_build (after every language is built): one offline list per language (`offline.json` in the
  language's root: its pages and the assets they load, with byte sizes; not print documents such as the
  booklet, front matter `print_document: true`, which repeat the other pages for paper), and the service worker
  `sw.js` stamped with a hash of the whole build, so every new build installs a new worker.
- Material's bundle (its file name carries a hash) is handed to the templates as `ka_material_bundle`:
  docs/assets/javascripts/on-demand.js loads it only when the reader wants search.
- The offline zip for Migrant Center computers: in the checked build (scripts/build.py sets KA_CHECKED_BUILD=1),
  when mkdocs.yml says `extra: ka_offline_zip: true`, on_post_build makes it from the pages just built
  (overrides/hooks/phone_offline_copy.py) and puts it at the root of the site. on_page_markdown turns the marker
  `<!-- offline-zip -->` (on its own line) into a link to it; its size is filled in once the zip exists. In
  the offline copy (it cannot hold itself) the link goes to the published zip, without a size. A plain
  `mkdocs build`/`mkdocs serve` makes no zip: the marker becomes a neutral note that publishing adds it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from babel.numbers import format_decimal
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

import languages
import phone_offline_copy
import page_assets

WORKER = "sw.js"
WORKER_MARKER = re.compile(r"^const BUILD = .*?;\nconst ASSETS = .*?;$", re.M)
MANIFEST = "offline.json"
NOT_OFFLINE = ("sitemap.xml", "sitemap.xml.gz", WORKER, MANIFEST, "404.html")
JOINED = {"extra_css": "assets/stylesheets/kerja-aman.css", "extra_javascript": "assets/javascripts/kerja-aman.js"}
log = logging.getLogger("mkdocs.hooks.phone")


def new_state() -> dict:
    """This feature's part of one build (pipeline.Build), shared by every language's build."""
    return {
        "bundle": None,  # Material's hashed bundle, loaded on demand (on-demand.js)
        "joined": {},  # per option, the joined files' sources, remembered from the first language's build
        "zip_pages": set(),  # built pages that link the zip: their size mark is filled in after it is made
        "print_documents": {},  # built files of print documents: left out of the offline lists
    }


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def _path_of(entry) -> str:
    return str(entry.path if hasattr(entry, "path") else entry)


def _with_path(entry, path: str):
    if hasattr(entry, "path"):
        entry.path = path
        return entry
    return path


# After the i18n plugin (-100) has sorted the files: it cannot handle generated ones.
def join_and_version_assets(state: dict, files, config):
    bundles = [f.src_uri for f in files if re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", f.src_uri)]
    state["bundle"] = bundles[0] if len(bundles) == 1 else None
    for option in ("extra_css", "extra_javascript"):
        entries = getattr(config, option) if option == "extra_css" else config[option]
        _join(state["joined"], files, config, option, entries)
        for i, entry in enumerate(entries):
            path = _path_of(entry)
            file = None if "?" in path or is_external(path) else files.get_file_from_path(path)
            if file is not None and not re.search(r"\.[0-9a-f]{8,}\.", path):
                entries[i] = _with_path(entry, f"{path}?v={_digest(file.content_bytes)}")
    return files


def _joinable(entry, files) -> bool:
    path = _path_of(entry)
    if "?" in path or is_external(path) or files.get_file_from_path(path) is None:
        return False
    return not any(getattr(entry, attr, None) for attr in ("async_", "defer", "type"))


def _join(joined: dict, files, config, option: str, entries: list) -> None:
    """Join our plain local files of `option` into one file, in the listed order (see the docstring).

    The i18n plugin builds each language on the same config: the first build rewrites the list to the
    joined file and remembers the sources; every build (fresh `files`) makes the joined file again."""
    target = JOINED[option]
    if option not in joined:
        plain = [i for i, entry in enumerate(entries) if _joinable(entry, files)]
        joined[option] = [_path_of(entries[i]) for i in plain] if len(plain) > 1 else []
        if len(plain) > 1:
            entries[plain[0]] = _with_path(entries[plain[0]], target)
            for i in reversed(plain[1:]):
                del entries[i]
    parts = []
    for source in joined[option]:
        file = files.get_file_from_path(source)
        if file is None:
            continue
        files.remove(file)
        # ";" keeps one script's last expression from running into the next one's first "(".
        separator = ";\n" if option == "extra_javascript" else ""
        origin = Path(os.path.relpath(file.abs_src_path, Path(config.config_file_path).parent)).as_posix()
        if option == "extra_css" and parts and re.search(r"@(import|charset)\b", file.content_string):
            # Inside a joined file the browser ignores them: they must come before every rule.
            log.error(f"{origin}: '@import' or '@charset' only works at the very top of a stylesheet, and "
                      "this file is joined after others — copy the imported rules into the file instead")
        parts.append(f"{page_assets.SOURCE_MARK.format(origin)}\n{separator}{file.content_string.rstrip()}\n")
    if parts:
        files.append(File.generated(config, target, content="\n".join(parts)))


def is_external(url: str) -> bool:
    split = urlsplit(url)
    return bool(split.scheme or split.netloc)


def fill_offline_zip_marker(state: dict, markdown, page, config):
    if phone_offline_copy.MARKER not in markdown:
        return markdown
    href = size = None
    if phone_offline_copy.wanted(config):
        href = get_relative_url(phone_offline_copy.ZIP_NAME, page.url or ".")
        size = phone_offline_copy.size_mark(config.theme["language"])
        state["zip_pages"].add(Path(page.file.abs_dest_path).resolve())
    # Without the zip (a plain `mkdocs build` or `mkdocs serve`) href stays none: the page says so, without a
    # link. Only the checked build insists on the zip (phone_checks.py: check_offline_zip_marker).
    html = languages.install(config.theme.get_env(), config).get_template("partials/ka/offline-zip.html").render(
        config=config, href=href, size=size)
    # One raw HTML block, on one line, as the contact markers do.
    return markdown.replace(phone_offline_copy.MARKER, "".join(line.strip() for line in html.splitlines()))


def add_material_bundle(state: dict, context):
    context["ka_material_bundle"] = state["bundle"]  # 404.html and other static templates
    return context


def add_page_assets(state: dict, context, page, config):
    # Built files of print documents (front matter 'print_document: true'): left out of the offline lists.
    state["print_documents"][Path(page.file.abs_dest_path).resolve()] = page.meta.get("print_document") is True
    context["ka_material_bundle"] = state["bundle"]
    folder = languages.folder(config, config.theme["language"])
    context["ka_offline_manifest"] = get_relative_url(folder + MANIFEST, page.url or ".")
    return context


# After every language is built, the search index split and the theme's stylesheet cut (pipeline.py).
def write_offline_lists(state: dict, config) -> None:
    site = Path(config.site_dir)
    if phone_offline_copy.wanted(config):
        _make_offline_zip(state["zip_pages"], config, site)
    default = languages.default(config)
    others = [lang for lang in languages.of(config) if lang != default]
    pages: dict[str, list[str]] = {lang: [] for lang in languages.of(config)}
    for html in sorted(site.rglob("index.html")):
        if state["print_documents"].get(html.resolve()):
            continue
        rel = html.relative_to(site).as_posix()
        first = rel.split("/", 1)[0]
        pages[first if first in others else default].append(rel[: -len("index.html")])
    shared_assets: set[str] = set()
    for lang, urls in pages.items():
        entries, assets = [], []
        for url in urls:
            entries.append(_entry(site, url, url))
            for asset in _assets_of(site, url):
                if asset not in assets:
                    assets.append(asset)
        search = languages.folder(config, lang) + "search/search_index.json"
        if (site / search).is_file():
            assets.append(search)
        # Search works offline too: the worker named in each page's __config (hashed name).
        assets += sorted(p.relative_to(site).as_posix() for p in (site / "assets/javascripts/workers").glob("*.js"))
        shared_assets.update(a for a in assets if "search_index" not in a)
        entries += [_entry(site, a.split("?")[0], a) for a in assets]
        folder = site / languages.folder(config, lang)
        manifest = {"build": None, "language": lang, "pages": len(urls),
                    "bytes": sum(e["bytes"] for e in entries), "gzip": sum(e["gzip"] for e in entries),
                    "files": entries}
        (folder / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")
    worker = site / WORKER
    if not worker.is_file():
        return
    build = _build_hash(site)
    source = worker.read_text(encoding="utf-8")
    stamped = f"const BUILD = {json.dumps(build)};\nconst ASSETS = {json.dumps(sorted(shared_assets))};"
    worker.write_text(WORKER_MARKER.sub(lambda _: stamped, source, count=1), encoding="utf-8")


def _make_offline_zip(zip_pages: set, config, site: Path) -> None:
    """The zip from the pages just built, then its size on the pages that link it (before the offline lists)."""
    if not phone_offline_copy.SHIM_SOURCE.is_file():
        log.error(f"{phone_offline_copy.SHIM_SOURCE.relative_to(phone_offline_copy.ROOT).as_posix()}: the offline zip needs this "
                  "copy of the iframe-worker shim (search from a file) — restore the file from the repository")
        return
    size = phone_offline_copy.write_zip(site, site / phone_offline_copy.ZIP_NAME, config.site_url or "")
    for page in zip_pages:
        html = page.read_text(encoding="utf-8")
        page.write_text(phone_offline_copy.SIZE_MARK.sub(lambda m: ", " + _megabytes(size, m["locale"]), html),
                        encoding="utf-8")
    zip_pages.clear()


def _megabytes(size: int, locale: str) -> str:
    return format_decimal(size / 1024 / 1024, "0.0", locale=locale) + " MB"


def _entry(site: Path, file: str, url: str) -> dict:
    path = site / (file + "index.html" if file.endswith("/") or file == "" else file)
    data = path.read_bytes()
    return {"url": url, "bytes": len(data), "gzip": len(gzip.compress(data, 9, mtime=0))}


def _assets_of(site: Path, url: str) -> list[str]:
    """The local files a page loads by itself (styles, scripts, icons), as site-root-relative URLs."""
    found = []
    for href in page_assets.fetched_urls((site / url / "index.html").read_text(encoding="utf-8"), on_demand=True):
        if is_external(href):
            continue
        target = urljoin("/" + url, href)[1:]
        path = target.split("?")[0]
        if (site / path).is_file() and not path.endswith(".html") and target not in found:
            found.append(target)
    return found


def _build_hash(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if PurePosixPath(rel).name in NOT_OFFLINE or rel.endswith(".zip"):
            continue
        digest.update(rel.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]
