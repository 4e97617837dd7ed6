"""Sharing on WhatsApp: link-preview tags, preview images, the share link, and redirects for renamed pages.

Per page (on_page_context) it hands the templates `ka_share`: absolute addresses built from site_url, the
og:locale pair, the preview image, the forwardable message and the wa.me link, which sends that same message
and the page address (or, on a page without a message, its title and description). A contact id in braces in
a message or a page ({kp2mi-call-center}) becomes its number from docs/_data/contacts.yml (share_numbers.py). Material prints hreflang links from `extra.alternate`;
we make those absolute, drop languages that only have a fallback copy, and add x-default, so the head holds
one consistent set. After the build it draws the preview images and writes the redirect pages listed in
docs/_data/redirects.yml, in every language. Drawn images are kept in `.cache/ka-share/` (or the folder in
KA_SHARE_CACHE; the tests' copies of the project share one), so a build draws only the cards that changed.
"""

from __future__ import annotations

import html
import os
import time
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urljoin, urlsplit

import safe_yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import get_relative_url

import languages
import share_numbers
from share_card import write_card

log = get_plugin_logger("share")

IMAGE_DIR = "assets/images/social"
REDIRECTS_FILE = "_data/redirects.yml"


def _book(build):
    """The contact book, for numbers in messages; its own mistakes are reported by the contacts step."""
    return None if build.book_problems else build.book


def fill_numbers(build, markdown, page, config):
    # A page's text names numbers the same way (the messages on /petugas/), as tap-to-call links.
    if not share_numbers.TOKEN.search(markdown):
        return markdown
    parts = page.file.src_uri.split(".")
    language = parts[-2] if len(parts) >= 3 else config.theme["language"]
    return share_numbers.expand(markdown, _book(build), links=True, language=language)


def _site_url(config) -> str:
    url = config.site_url or ""
    if not url.startswith("https://"):
        raise PluginError(f"mkdocs.yml: site_url must be an absolute https address for link previews, not '{url}'")
    return url if url.endswith("/") else url + "/"


def _site_root(config) -> Path:
    """The i18n plugin builds other languages into site/<locale>/; images and redirects go from the root."""
    site_dir = Path(config.site_dir)
    return site_dir.parent if site_dir.name in languages.of(config) and site_dir.name != languages.default(config) else site_dir


def _content_title(page) -> str:
    """The page's own h1 (the nav label may be shorter): the title a preview should show, without branding."""
    for item in page.toc.items if page.toc else []:
        if item.level == 1:
            return html.unescape(item.title)
    return page.title or ""


def _slug(page, locale_prefix: str) -> str:
    path = page.url[len(locale_prefix):] if page.url.startswith(locale_prefix) else page.url
    return path.strip("/") or "index"


def drop_hook_files(files):
    # The font and its licence sit beside this hook, the interface strings in strings/ (languages.py); MkDocs
    # would publish every non-template theme file.
    for file in [f for f in files if f.src_uri.startswith(("hooks/", "strings/"))]:
        files.remove(file)
    return files


# After the i18n plugin (50) set this page's alternates and language_link read them.
def add_share(build, context, page, config):
    site_url = _site_url(config)
    locale = config.theme["language"]
    default = languages.default(config)
    prefix = languages.folder(config, locale)
    file_locale = context.get("i18n_file_locale", locale)
    own_url = urljoin(site_url, page.url)

    # Each language's version of this page, only when it exists in that language (no fallback copies).
    versions = {}
    for lang, alternate in (getattr(page.file, "alternates", None) or {}).items():
        if getattr(alternate, "locale", lang) == lang:
            versions[lang] = urljoin(site_url, alternate.url)
    if file_locale == locale:
        versions[locale] = own_url
    alternates = [{"lang": lang, "link": versions[lang], "name": lang} for lang in languages.of(config) if lang in versions]
    if default in versions:
        alternates.append({"lang": "x-default", "link": versions[default], "name": "x-default"})
    config.extra.alternate = alternates

    og_locales = {lang: texts["page"]["og_locale"] for lang, texts in languages.strings(config).items()}
    title = _content_title(page)
    description = " ".join(str((page.meta or {}).get("description") or config.site_description or "").split())
    site_name = config.site_name
    image_path = f"{IMAGE_DIR}/{locale}/{_slug(page, prefix)}.png"
    # Preview images to draw after each language's build: (path inside site/, site name, title, tagline).
    build.share_cards.append((image_path, site_name, title, config.site_description or ""))
    message = (page.meta or {}).get("share")
    message = "\n".join(line.rstrip() for line in str(message).strip().splitlines()) if message else ""
    message = share_numbers.expand(message, _book(build), language=locale)
    # The button sends what the box shows: the message, then the page's address.
    shared = f"{message}\n{own_url}" if message else f"*{title}*\n{description}\n{own_url}"
    context["ka_share"] = {
        "title": title,
        "description": description,
        "url": own_url,
        "type": "website" if page.is_homepage else "article",
        "site_name": site_name,
        # og:locale (language_TERRITORY) is `page: og_locale:` in each language's strings.
        "locale": og_locales[file_locale],
        "locale_alternates": [og_locales[lang] for lang in versions if lang != file_locale],
        "image": urljoin(site_url, image_path),
        "image_alt": f"{site_name}: {title}",
        "whatsapp": "https://wa.me/?text=" + quote(shared, safe=""),
        "message": message,
    }
    return context


def add_default_locale(context, config):
    context["ka_default_locale"] = languages.default(config)
    return context


def clear_alternates(config) -> None:
    # Static pages (404.html) are no page's translation: they get no hreflang links of the last page built.
    config.extra.alternate = []


def write_images_and_redirects(build, config) -> None:
    root = _site_root(config)
    started, drawn = time.monotonic(), 0
    cache = Path(os.environ.get("KA_SHARE_CACHE") or Path(config.config_file_path).parent / ".cache" / "ka-share")
    host = urlsplit(_site_url(config)).netloc
    for image_path, site_name, title, tagline in build.share_cards:
        drawn += write_card(root / image_path, cache, site_name, title, host, tagline)
    log.info(f"preview images: {len(build.share_cards)} written, {drawn} drawn, in {time.monotonic() - started:.2f} s")
    build.share_cards.clear()
    _write_redirects(build.env, config, root)


def _write_redirects(env, config, root: Path) -> None:
    """docs/_data/redirects.yml maps an old page name to its new one (`lama.md: kontak.md`), in every language."""
    source = Path(config.docs_dir) / REDIRECTS_FILE
    if not source.exists():
        return
    redirects = safe_yaml.load(source.read_text(encoding="utf-8")) or {}
    locale = config.theme["language"]
    prefix = languages.folder(config, locale)
    template = env.get_template("partials/ka/redirect.html")
    for old, new in redirects.items():
        old_path = prefix + _page_path(old)
        new_path, _, fragment = str(new).partition("#")
        target = prefix + _page_path(new_path)
        if not (root / target / "index.html").is_file():
            log.warning(f"{REDIRECTS_FILE}: the redirect target '{new}' is not a page")
            continue
        if (root / old_path / "index.html").is_file():
            log.warning(f"{REDIRECTS_FILE}: '{old}' is still a page; a redirect would replace it")
            continue
        relative = get_relative_url(target, old_path) + "/" + (f"#{fragment}" if fragment else "")
        out = root / old_path / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(template.render(config=config, lang=locale, relative=relative,
                                       absolute=urljoin(_site_url(config), target + "/")), encoding="utf-8")


def _page_path(name: str) -> str:
    """kontak.md -> kontak, tppo/index.md -> tppo, index.md -> '' (directory URLs)."""
    path = PurePosixPath(str(name))
    stem = path.with_suffix("") if path.suffix == ".md" else path
    if stem.name == "index":
        stem = stem.parent
    text = stem.as_posix()
    return "" if text == "." else text
