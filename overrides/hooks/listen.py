"""Listen to this page: where the page finds the reader script, docs/assets/javascripts/listen.js.

The script is not in `extra_javascript` (every page would load it): listen-start.js loads it when the reader
taps "Dengarkan halaman ini / Listen to this page". Its address carries `?v=<hash of its content>`, like our
other assets (see phone.py), so the service worker may keep it for good; and it sits in the button's
`data-src`, so page_assets.py lists it with the on-demand files of the offline lists and the worker.
Print documents (front matter 'print_document: true', e.g. the booklet) get no button: they are for paper.

The words of the controls the script adds (Pause, Resume, Stop, Slower) are each language's `listen:` strings
(overrides/strings/<language>.yml): the build writes them into the script's `var WORDS = {};`, so the script
names no language and a new language needs no change to it.
"""

from __future__ import annotations

import hashlib
import json

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

import languages

SCRIPT = "assets/javascripts/listen.js"
WORDS = b"var WORDS = {};"


def write_words(files, config) -> str | None:
    """Writes every language's words into the script (default language first) and returns the hash of what is
    served, for its address (kept on pipeline.Build for the pages)."""
    file = files.get_file_from_path(SCRIPT)
    if file is None:
        return None
    source = file.content_bytes
    if WORDS not in source:
        raise PluginError(f"docs/{SCRIPT}: the line '{WORDS.decode()}' is missing — put it back where the script "
                          "reads its words: the build writes each language's 'listen:' strings there")
    words = {language: texts["listen"] for language, texts in languages.strings(config).items()}
    file.content_bytes = source.replace(WORDS, f"var WORDS = {json.dumps(words, ensure_ascii=False)};".encode(), 1)
    return hashlib.sha256(file.content_bytes).hexdigest()[:10]


def add_button(version: str | None, context, page):
    listen = None
    if version and page.meta.get("print_document") is not True:
        listen = {"src": f"{get_relative_url(SCRIPT, page.url or '.')}?v={version}"}
    context["ka_listen"] = listen
    return context
