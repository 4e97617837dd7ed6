"""Listen to this page: where the page finds the reader script, docs/assets/javascripts/listen.js.

The script is not in `extra_javascript` (every page would load it): listen-start.js loads it when the reader
taps "Dengarkan halaman ini / Listen to this page". Its address carries `?v=<hash of its content>`, like our
other assets (see phone.py), so the service worker may keep it for good; and it sits in the button's
`data-src`, so page_assets.py lists it with the on-demand files of the offline lists and the worker.
Print documents (front matter 'print_document: true', e.g. the booklet) get no button: they are for paper.
"""

from __future__ import annotations

import hashlib

from mkdocs.utils import get_relative_url

SCRIPT = "assets/javascripts/listen.js"


def script_version(files) -> str | None:
    """The hash of the script's content, for its address (kept on pipeline.Build for the pages)."""
    file = files.get_file_from_path(SCRIPT)
    return hashlib.sha256(file.content_bytes).hexdigest()[:10] if file is not None else None


def add_button(version: str | None, context, page):
    listen = None
    if version and page.meta.get("print_document") is not True:
        listen = {"src": f"{get_relative_url(SCRIPT, page.url or '.')}?v={version}"}
    context["ka_listen"] = listen
    return context
