"""Contacts from one data file: markers in pages become cards, the directory and the help box.

    <!-- contacts: ID ID -->   cards          <!-- contacts: all -->   the directory, by group
    <!-- help: ID ID ID -->    the "Butuh bantuan? / Need help?" box

The data (docs/_data/contacts.yml) is read and checked by contacts_book, which the build checks share.
Any mistake is logged as an error (fatal under strict) in the same words as the build checks, so the
build script reports it once. After the build, each directory page gets a .vcf file beside it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from babel.dates import format_date

# A sibling module: importable only here, at the top (MkDocs puts this folder on sys.path while loading).
import contacts_book
import languages

log = logging.getLogger("mkdocs.hooks.contacts")
TEMPLATES = "partials/ka/contacts/"
VCARD_NAME = "kerja-aman-kontak.vcf"

_state: dict = {"book": None, "env": None, "root": None, "vcards": {}}


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    book, issues = contacts_book.load(root)
    for issue in issues:
        log.error(str(issue))
    _state.update(book=book if not issues else None, root=root, broken=bool(issues))
    # Ways to report a mistake (mkdocs.yml extra.report); the source checks report a wrong setting.
    channels, _ = contacts_book.report_channels(config, Path(config.docs_dir))
    _state.update(channels=channels or [], report_hrefs={})
    return config


def _env(config) -> jinja2.Environment:
    """Our own environment on the theme's template folders (pages are read before on_env runs)."""
    if _state["env"] is None:
        theme = config.theme.get_env()
        own = jinja2.Environment(loader=theme.loader, bytecode_cache=theme.bytecode_cache, autoescape=True,
                                 undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        own.filters["ka_contact_date"] = _date_text
        own.filters["ka_call_date"] = lambda day, language: format_date(day, format="d MMMM y", locale=language)
        own.filters["ka_host"] = lambda url: urlsplit(url).hostname.removeprefix("www.")
        own.filters["vcard"] = _vcard_text
        own.globals["wallet_numbers"] = contacts_book.wallet_numbers
        _state["env"] = languages.install(own, config)
    return _state["env"]


def on_page_markdown(markdown, page, config, files):
    language = _language_of(Path(page.file.abs_src_path), config)
    href = _report_href(page, files, language) if _state.get("channels") else None
    _state["report_hrefs"][page.url] = href
    if contacts_book.CALL_SHEET_MARKER.search(markdown) and _state["book"] is not None:
        sheet = _env(config).get_template(TEMPLATES + "call-sheet.html").render(book=_state["book"], lang=language)
        sheet = "\n" + "".join(line.strip() for line in sheet.splitlines()) + "\n"
        markdown = contacts_book.CALL_SHEET_MARKER.sub(lambda m: sheet, markdown)
    if contacts_book.REPORT_MARKER.search(markdown):
        markdown = contacts_book.REPORT_MARKER.sub(lambda m: _channels_html(config, language), markdown)
    if not contacts_book.MARKER_LIKE.search(markdown):
        return markdown
    root = _state["root"]
    source = Path(page.file.abs_src_path)
    rel = source.resolve().relative_to(root).as_posix()
    book = _state["book"]
    if book is None and _state.get("broken"):
        return markdown  # the data file's own errors are already logged; the build stops anyway
    markers, issues = contacts_book.find_markers(source.read_text(encoding="utf-8"), rel, book)
    for issue in issues:
        log.error(str(issue))
    if issues:
        return markdown
    _env(config)
    _state["report_href"] = href
    by_text = {m.text: m for m in markers}
    lines = markdown.splitlines()
    helps = 0
    for index, line in enumerate(lines):
        marker = by_text.get(line.strip())
        if marker:
            helps += marker.kind == "help"
            # A page may hold several help boxes (one per answer): the first heading is #butuh-bantuan.
            anchor = "butuh-bantuan" if helps <= 1 else f"butuh-bantuan-{helps}"
            lines[index] = "\n" + _render(marker, book, language, page, anchor) + "\n"
    return "\n".join(lines)


def _language_of(source: Path, config) -> str:
    return languages.language_of_file(source.name, languages.of(config)) or config.theme["language"]


def _render(marker, book, language: str, page, anchor: str) -> str:
    env = _state["env"]
    context = {"lang": language, "book": book, "report_href": _state.get("report_href")}
    if marker.kind == "help":
        html = env.get_template(TEMPLATES + "help.html").render(
            contacts=[book.contacts[cid] for cid in marker.ids], anchor=anchor, **context)
    elif marker.kind == "wallet":
        html = env.get_template(TEMPLATES + "wallet-side.html").render(
            contacts=[book.contacts[cid] for cid in marker.ids], side=marker.side, **context)
    elif marker.ids == ("all",):
        _state["vcards"].setdefault(language, set()).add(page.url)
        html = env.get_template(TEMPLATES + "directory.html").render(vcard_href=VCARD_NAME, **context)
    else:
        html = env.get_template(TEMPLATES + "cards.html").render(
            contacts=[book.contacts[cid] for cid in marker.ids], **context)
    # One raw HTML block for Markdown, on one line: no blank line can end it early, and it is smaller.
    return "".join(line.strip() for line in html.splitlines())


def on_page_context(context, page, config, nav):
    """`ka_report_href`: the report page as seen from this page (None on the report page itself)."""
    href = _state.get("report_hrefs", {}).get(page.url)
    context["ka_report_href"] = href or None
    return context


def _channels_html(config, language: str) -> str:
    """<!-- report: channels -->: one plain link per configured channel (JavaScript may add the page)."""
    env = _env(config)
    html = env.get_template(TEMPLATES + "report-channels.html").render(
        channels=_state["channels"], lang=language, href=contacts_book.report_href)
    return "\n" + "".join(line.strip() for line in html.splitlines()) + "\n"


def on_post_build(config):
    """Write the 'save these numbers' card file beside each page that shows the directory."""
    book = _state["book"]
    if book is None:
        return
    site_dir = Path(config.site_dir)
    env = _env(config)
    for language, urls in _state["vcards"].items():
        text = env.get_template(TEMPLATES + "vcard.html").render(
            contacts=book.vcard_contacts(), lang=language, book=book)
        # vCard lines end in CRLF and are folded at 75 octets (RFC 6350, 3.2); the template writes plain lines.
        text = "".join(_fold(line) + "\r\n" for line in text.splitlines() if line.strip())
        for url in urls:
            # The i18n plugin builds every language into one site_dir; page.url carries the "en/" prefix.
            # Directory URLs ("kontak/") name a folder; a page built with use_directory_urls off names a file.
            folder = url if (not url or url.endswith("/")) else url.rsplit("/", 1)[0] if "/" in url else ""
            target = site_dir / folder / VCARD_NAME
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))


def _report_href(page, files, language: str) -> str | None:
    """The report-a-mistake page (lapor.<lang>.md) as seen from this page, or None when the site has none."""
    from mkdocs.utils import get_relative_url
    for file in files:
        stem, _, rest = file.src_uri.partition(".")
        if stem == contacts_book.REPORT_PAGE and rest in (f"{language}.md", "md"):
            if file.src_uri == page.file.src_uri:
                return None
            return get_relative_url(file.url, page.url) if file.url else None
    return None


def _date_text(source_date: tuple, language: str) -> str:
    """"25 Oktober 2025", "Desember 2025" or "2025": as precise as the source, never more."""
    iso, day = source_date
    pattern = {10: "d MMMM y", 7: "MMMM y", 4: "y"}[len(iso)]
    return format_date(day, format=pattern, locale=language)


def _fold(line: str, limit: int = 75) -> str:
    """One vCard content line, cut into pieces of at most `limit` octets; each further piece starts with a space."""
    pieces, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > (limit if not pieces else limit - 1):
            pieces.append(current)
            current = ""
        current += char
    pieces.append(current)
    return "\r\n ".join(pieces)


def _vcard_text(value) -> str:
    """A vCard text value: backslash, comma, semicolon and line breaks escaped (RFC 6350, 3.4)."""
    text = " ".join(str(value).split())
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
