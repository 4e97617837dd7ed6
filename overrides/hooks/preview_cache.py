"""The live preview redoes only the pages that changed (`mkdocs serve` only; preview.py installs it).

Every save rebuilds the whole site. Two steps of it take about a third of a rebuild, and each depends on one
page only: converting its Markdown to HTML, and Material's search reading the HTML for its index. An editor
changes one page at a time.

Converting Markdown. The preview keeps each page's HTML and gives it back while nothing it depends on has
changed:
- the page's Markdown, as the hooks have left it (data files and the glossary are already in it);
- the page's own file and address, and every file of the build with its address (links point at them);
- the Markdown settings of mkdocs.yml and MkDocs' link checks (`validation`).
With anything else changed, the page is converted again. MkDocs' messages about a page (a broken link, say)
are kept with it and said again at every rebuild, so the preview lists them as long as they are true.

Only Markdown extensions that read nothing but the page are trusted (PURE). With any other extension in
mkdocs.yml (pymdownx.snippets reads other files, for example) every page is converted, as before.

Search. Material's search index reads each page's finished HTML (after every hook) into entries. The preview
keeps each page's entries and gives them back while the page's HTML, address, title, table of contents, front
matter and the search settings are the same.

`make build`, CI and the deploy never use this: it is installed only when MkDocs serves. It replaces a method of
MkDocs (Page.render) and one of Material (SearchIndex.add_entry_from_context): only on the versions in WRITTEN_FOR
(internals.py); KA_NO_PATCH=preview_cache serves without it (tests/test_preview.py finds the same site).
"""

from __future__ import annotations

import copy
import logging
import threading

from mkdocs.structure.pages import Page

import internals

WRITTEN_FOR = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}

# Extensions whose output depends only on the page's own Markdown and their settings.
PURE = {"attr_list", "md_in_html", "admonition", "def_list", "tables", "toc", "abbr", "footnotes", "sane_lists",
        "smarty", "meta", "nl2br", "fenced_code", "codehilite", "extra", "wikilinks", "legacy_attrs"}

_kept: dict[tuple[str, str], tuple[tuple, dict]] = {}  # (source, address) -> (what it was made from, result)
_signatures: dict[int, tuple[object, object]] = {}  # id(files or config) -> (the object, its signature)
_indexed: dict[str, tuple[tuple, list[dict]]] = {}  # address -> (what the entries were made from, entries)
_original = _original_index = None
counts = {"converted": 0, "reused": 0, "indexed": 0, "index_reused": 0}  # for the tests


def install() -> None:
    """Put the caches in front of MkDocs' Page.render and the search index, once per process."""
    global _original, _original_index
    if _original is None and internals.allowed("preview_cache", WRITTEN_FOR):
        # Imported here: on another Material version the module may have moved, and this is not used.
        from material.plugins.search.plugin import SearchIndex
        _original, _original_index = Page.render, SearchIndex.add_entry_from_context
        Page.render = _render
        SearchIndex.add_entry_from_context = _index


def _signature(thing, make):
    kept = _signatures.get(id(thing))
    if kept is None or kept[0] is not thing:
        kept = (thing, make(thing))
        _signatures[id(thing)] = kept
        if len(_signatures) > 64:  # old builds' files and configs
            for key in list(_signatures)[:-8]:
                del _signatures[key]
    return kept[1]


def _files_signature(files) -> int:
    return hash(tuple((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files))


def _config_signature(config) -> tuple | None:
    names = [name if isinstance(name, str) else None for name in config["markdown_extensions"]]
    if not all(name in PURE or (name or "").removeprefix("markdown.extensions.") in PURE for name in names):
        return None
    return (repr(config["markdown_extensions"]), repr(config["mdx_configs"]), repr(dict(config["validation"])),
            config["use_directory_urls"])


class _Said(logging.Handler):
    """What MkDocs logs while it converts one page (in this thread only)."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []
        self.thread = threading.get_ident()

    def emit(self, record):
        if record.thread == self.thread:
            self.records.append(record)


def _render(page: Page, config, files) -> None:
    settings = _signature(config, _config_signature)
    if settings is None or page.markdown is None:
        _original(page, config, files)
        return
    made_from = (page.markdown, settings, _signature(files, _files_signature))
    where = (page.file.src_uri, page.file.url)
    kept = _kept.get(where)
    if kept is not None and kept[0] == made_from:
        result = kept[1]
        counts["reused"] += 1
        for record in result["said"]:
            logging.getLogger(record.name).handle(record)
    else:
        said = _Said()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(said)
        try:
            _original(page, config, files)
        finally:
            mkdocs_log.removeHandler(said)
        counts["converted"] += 1
        links = page.links_to_anchors
        result = {"content": page.content, "toc": copy.deepcopy(page.toc), "title": page._title_from_render,
                  "anchors": set(page.present_anchor_ids or ()),
                  "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
                  "said": said.records}
        _kept[where] = (made_from, result)
    page.content = result["content"]
    page.toc = copy.deepcopy(result["toc"])
    page._title_from_render = result["title"]
    page.present_anchor_ids = set(result["anchors"])
    if result["links"] is not None:
        page.links_to_anchors = {files.get_file_from_path(src): dict(v) for src, v in result["links"].items()
                                 if files.get_file_from_path(src) is not None}


def _index(index, page: Page) -> None:
    made_from = (page.content, page.url, page.title, "".join(map(str, page.toc or ())), repr(page.meta),
                 repr(index.config))
    kept = _indexed.get(page.url)
    if kept is not None and kept[0] == made_from:
        counts["index_reused"] += 1
        index.entries.extend(copy.deepcopy(kept[1]))
        return
    before = len(index.entries)
    _original_index(index, page)
    counts["indexed"] += 1
    _indexed[page.url] = (made_from, copy.deepcopy(index.entries[before:]))
