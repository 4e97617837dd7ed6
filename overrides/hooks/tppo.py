"""The trafficking pages: the job-offer checklist and the quick-exit link, rendered by Jinja templates.

A page asks for them with a marker line in its Markdown:
    <!-- checklist -->    the yes/no questions of the page's front matter `checklist:`
    <!-- quick-exit -->   the "Keluar cepat / Quick exit" link
The source check tppo_checks.py explains mistakes to editors before MkDocs runs; the
errors raised here are a safety net, so a broken checklist never ships as a blank box.
"""

import re

from mkdocs.exceptions import PluginError

import languages

MARKER = re.compile(r"^<!--\s*(checklist|quick-exit)\s*-->[ \t]*$", re.M)
TEMPLATES = {"checklist": "partials/ka/tppo-checklist.html", "quick-exit": "partials/ka/quick-exit.html"}
FIELDS = ("id", "question", "advice", "danger")


def _items(page):
    items = (page.meta or {}).get("checklist")
    where = page.file.src_uri
    if not isinstance(items, list) or not items:
        raise PluginError(f"{where}: '<!-- checklist -->' needs a 'checklist:' list in the front matter")
    for item in items:
        if not isinstance(item, dict) or any(not str(item.get(key) or "").strip() for key in FIELDS) \
                or item["danger"] not in ("yes", "no"):
            raise PluginError(f"{where}: each checklist item needs {', '.join(FIELDS)} (danger: yes or no): {item}")
    return items


def on_page_markdown(markdown, page, config, files):
    if not MARKER.search(markdown):
        return markdown
    env = languages.install(config.theme.get_env(), config)

    def render(match):
        name = match.group(1)
        context = {"config": config, "page": page}
        if name == "checklist":
            context["items"] = _items(page)
        html = env.get_template(TEMPLATES[name]).render(**context)
        # One raw HTML block for Markdown: no blank or indented lines inside it.
        lines = [line.strip() for line in html.splitlines() if line.strip()]
        return "\n".join(lines)

    return MARKER.sub(render, markdown)
