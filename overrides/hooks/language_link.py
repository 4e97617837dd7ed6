"""Give every page a plain, relative link to the same page in each other language.

The i18n plugin fills Material's `extra.alternate` per page, but its links on the home pages are
root-absolute ("/", "/en/"), which break under file:// and any other base path. We turn them into
links relative to the page, and hand the template every language that is not the page's own, in the order
of mkdocs.yml.
"""

from urllib.parse import urlsplit

from mkdocs.utils import get_relative_url

import languages


def _site_root_path(config) -> str:
    return urlsplit(config.site_url or "/").path


# After the i18n plugin (priority 50) has set this page's alternates.
def add_language_link(context, page, config):
    base = _site_root_path(config)
    own = config.theme["language"]
    links = []
    # The i18n plugin sets the per-page list as an attribute (what templates read), not as a key.
    for alternate in getattr(config.extra, "alternate", None) or []:
        if alternate["lang"] == own:
            continue
        target = alternate["link"]
        if target.startswith(base):
            target = target[len(base):]
        target = target.lstrip("/")
        href = get_relative_url(target or ".", page.url or ".")
        if alternate["link"].endswith("/") and not href.endswith("/"):
            href += "/"
        links.append({"href": href, "lang": alternate["lang"], "name": alternate["name"]})
    context["ka_language_links"] = links
    context["ka_home_path"] = base if base.endswith("/") else base + "/"
    return context


def add_home_path(context, config):
    # Static templates such as 404.html get no page context, but need the home address and the languages.
    base = _site_root_path(config)
    context["ka_home_path"] = base if base.endswith("/") else base + "/"
    context["ka_languages"] = languages.of(config)
    context["ka_language_folders"] = {code: languages.folder(config, code) for code in languages.of(config)}
    return context


# The "#" link after each heading has a title that screen readers speak: `page: permalink:` in each language's
# strings. The i18n plugin builds each language with the same config object, so each build sets its own.


# After the i18n plugin's own on_config (priority -100), which sets this build's language.
def set_language(config) -> None:
    toc = config.mdx_configs.get("toc")
    if toc is not None:
        toc["permalink_title"] = languages.strings(config)[config.theme["language"]]["page"]["permalink"]
    _404_from_the_default_language(config)


def _404_from_the_default_language(config) -> None:
    """One 404.html at the site's root answers a wrong address in any language, and every language's build
    writes it there: the last (English) one won. Only the default language's build writes it, so the page is
    Indonesian first (lang, menus, search); the template keeps the English line."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return
    if i18n.is_default_language_build:
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")
