"""The "Perubahan / What changed" page: `<!-- changes -->` becomes the list of every page's change notes,
newest first, and a table of when each page was last reviewed, so staff know which printouts are out of date.

Notes come from each page's front matter, in that page's language:

    changes:
      - date: 2026-11-27
        note: Nomor WhatsApp KP2MI diganti.

The list is filled in after every page has been read (on_page_context), so it sees all pages of the language.
"""

import datetime
import re

from mkdocs.utils import get_relative_url


MARKER = re.compile(r"<!--\s*changes\s*-->")
def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _entries(page, nav):
    changes, pages = [], []
    for other in nav.pages:
        meta = other.meta or {}
        if other is page or not meta:
            continue
        url = get_relative_url(other.url or ".", page.url or ".")
        if (not other.url or other.url.endswith("/")) and not url.endswith("/"):
            url += "/"
        notes = []
        for item in meta.get("changes") or []:
            if isinstance(item, dict) and _date(item.get("date")) and str(item.get("note") or "").strip():
                notes.append({"date": _date(item["date"]), "note": str(item["note"]).strip(),
                              "title": other.title, "url": url})
        changes += notes
        reviewed = _date(meta.get("reviewed"))
        pages.append({"title": other.title, "url": url, "reviewed": reviewed,
                      "changed": max((n["date"] for n in notes), default=None),
                      "draft": bool(meta.get("draft"))})
    changes.sort(key=lambda n: (n["date"], n["title"]), reverse=True)
    oldest = datetime.date.min
    pages.sort(key=lambda p: p["title"])
    pages.sort(key=lambda p: (p["changed"] or oldest, p["reviewed"] or oldest), reverse=True)
    return changes, pages


def fill_list(env, context, page, config, nav):
    """The theme's Jinja environment of this language (`env`, from on_env) renders the list."""
    if not page.content or not MARKER.search(page.content):
        return context
    changes, pages = _entries(page, nav)
    template = env.get_template("partials/ka/changes.html")
    html = template.render(config=config, changes=changes, pages=pages)
    page.content = MARKER.sub(lambda _: html, page.content)
    context["page"] = page
    return context
