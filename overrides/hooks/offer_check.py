"""The message check (/tppo/cek-pesan/): the reader pastes a recruiter's message and sees the warning signs in it.

The marker `<!-- offer-check -->` (on its own line) becomes, from partials/ka/offer-check.html:
- the box (label, text field, button) and the results element `data-offer-results`, hidden until the script
  docs/assets/javascripts/cek-pesan.js shows them;
- the list of the signs the check knows, each linked to its heading on /tppo/ with its "why" line. Without
  JavaScript this list is what the reader sees; each item also carries its sign's patterns for the script.
The rules come from docs/_data/offer-signs.<language>.yml (offer_rules.py); the sign names are the headings of
docs/tppo/index.<language>.md. offer_checks.py explains mistakes to editors before MkDocs runs; this hook logs
the same problems as errors (fatal under strict), so a plain `mkdocs build` never ships a broken check either.

The script is not in `extra_javascript` (every page would load it): only a page with the marker gets it, at
an address with `?v=<hash of its content>` like our other assets (see phone.py). The page loads it by itself,
so the offline lists and the service worker keep it with the page.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

import languages
import markdown_parts as md
import offer_rules

SCRIPT = "assets/javascripts/cek-pesan.js"
# Hides the box and shows the list of signs when JavaScript is off (a <noscript> link on the page's head).
NOJS_CSS = "assets/stylesheets/offer-nojs.css"
TEMPLATE = "partials/ka/offer-check.html"
_state: dict = {"versions": {}, "pages": set()}
log = logging.getLogger("mkdocs.hooks.offer_check")


def on_files(files, config):
    _state["versions"] = {}
    for path in (SCRIPT, NOJS_CSS):
        file = files.get_file_from_path(path)
        if file is not None:
            _state["versions"][path] = hashlib.sha256(file.content_bytes).hexdigest()[:10]
    return files


def _signs(page: Path) -> dict[str, str]:
    """Heading id -> heading text (without its number) of the warning signs page."""
    if not page.is_file():
        return {}
    found = {}
    for _, line in md.lines_outside_fences(page.read_text(encoding="utf-8").splitlines()):
        parsed = md.heading(line)
        if parsed and parsed[2]:
            text = md.HEADING_ID.sub("", parsed[1]).strip()
            number, _, rest = text.partition(". ")
            found[parsed[2]] = rest if number.isdigit() and rest else text
    return found


def _rules(config, language: str) -> list[dict] | None:
    """The rules with their signs' titles; None (each problem logged) when the data is broken."""
    root = Path(config.config_file_path).resolve().parent
    path = offer_rules.data_path(Path(config.docs_dir), language)
    page = offer_rules.signs_page(Path(config.docs_dir), language)
    rel = path.resolve().relative_to(root).as_posix()
    rules, problems = offer_rules.load(path, rel)
    signs = _signs(page)
    problems += offer_rules.sign_problems(rules, set(signs), page.resolve().relative_to(root).as_posix(), rel)
    # In the build checks' own words (offer_checks.py), so scripts/build.py reports each problem once.
    for problem in problems:
        log.error(str(problem))
    if problems or not rules:
        return None
    return [{"rule": rule, "title": signs[rule.sign]} for rule in rules]


def _signs_url(page, files, language: str) -> str:
    for name in (f"tppo/index.{language}.md", "tppo/index.md"):
        file = files.get_file_from_path(name)
        if file is not None:
            return get_relative_url(file.url, page.url or ".")
    raise PluginError(f"{page.file.src_uri}: the message check needs the warning signs page docs/tppo/index.{language}.md")


def on_page_markdown(markdown, page, config, files):
    if not offer_rules.MARKER.search(markdown):
        return markdown
    language = config.theme["language"]
    signs = _rules(config, language)
    if signs is None:
        return markdown  # the problems are logged, and strict mode stops the build
    _state["pages"].add(page.url)
    html = languages.install(config.theme.get_env(), config).get_template(TEMPLATE).render(
        config=config, signs=signs, signs_url=_signs_url(page, files, language))
    # One raw HTML block for Markdown: no blank or indented lines inside it.
    block = "\n".join(line.strip() for line in html.splitlines() if line.strip())
    return offer_rules.MARKER.sub(lambda _: block, markdown)


def _address(path: str, page) -> str | None:
    version = _state["versions"].get(path)
    if not version or page.url not in _state["pages"]:
        return None
    return f"{get_relative_url(path, page.url or '.')}?v={version}"


def on_page_context(context, page, config, nav):
    context["ka_offer_script"] = _address(SCRIPT, page)
    context["ka_offer_nojs_css"] = _address(NOJS_CSS, page)
    return context
