"""Checks for sharing on WhatsApp: the forwardable message, link-preview tags and images, the wa.me link,
the sitemap and the redirects of renamed pages.

Rules checked, and where they come from:
- Meta's "Link Previews" (WhatsApp Business Platform docs): og:title, og:description, og:url and og:image in
  the <head>, non-empty; the <head> within the first 300 KB of the HTML; og:title without branding.
- The Open Graph protocol (ogp.me): og:url is the canonical address; og:image is an absolute address;
  og:locale is language_TERRITORY; og:image:width/height/alt describe the image.
- WhatsApp previews (community rules, conservative): JPEG or PNG, 1200×630, under 300 KB, https.
- Google's localized versions guide: hreflang addresses fully qualified, one per language, plus x-default.
- wa.me "click to chat" without a number: https://wa.me/?text=<URL-encoded message>.
- Ours (issue 19): a forwarded message must work without opening the link, so every 'share' message names at
  least one number to call, as a contact id in braces ({kp2mi-call-center}) that the build replaces with the
  number from docs/_data/contacts.yml (overrides/hooks/share_numbers.py); and the "Bagikan ke WhatsApp" button
  sends exactly the message in the box (plus the page's address), not the page description.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, urlsplit

import contacts_book
import share_numbers
import yaml

import safe_yaml
from bs4 import BeautifulSoup

from sitecheck.model import BuiltSite, Page, Problem, Source, find_line
from sitecheck.project import Project


SHARE_LINES = (3, 6)
# Pages that need no forwardable message although they are not drafts. Add a page's file name with a reason.
SHARE_NOT_NEEDED: dict[str, str] = {}
REDIRECTS = "_data/redirects.yml"
HEAD_LIMIT = 300 * 1024
IMAGE_LIMIT = 300 * 1024
IMAGE_SIZE = (1200, 630)
REQUIRED_PROPERTIES = ["og:title", "og:description", "og:url", "og:type", "og:locale", "og:image",
                       "og:image:width", "og:image:height", "og:image:alt"]
OG_TYPES = {"website", "article"}
OG_LOCALE = re.compile(r"^([a-z]{2,3})_[A-Z]{2}$")
ENCODED_QUERY = re.compile(r"^text=[A-Za-z0-9%._~-]+$")
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
HEAD_FIX = "keep overrides/partials/ka/head-share.html in main.html and overrides/hooks/pipeline.py (it runs share.py) under hooks: in mkdocs.yml"


# --- sources ---------------------------------------------------------------------------------

def check_share_message(project: "Project", sources: list["Source"]) -> list[Problem]:
    """Every finished page carries a short message an outreach worker can paste into a WhatsApp group."""
    problems = []
    # Numbers come from the contact data; a site without that file has no number to give (test fixtures).
    book, issues = contacts_book.load(project.root, project.languages)
    book = None if issues else book
    for source in sources:
        if book is not None:
            problems += _unusable_numbers(source, book)
        if not source.front_matter_ok or source.path.name in SHARE_NOT_NEEDED:
            continue
        message = source.meta.get("share")
        line = find_line(source.path, "share:") or 1
        if message is None:
            if not source.meta.get("draft"):
                problems.append(Problem(source.rel, "the front matter has no 'share' message",
                                        "add 'share: |' and below it 3 to 6 indented lines that make sense without the link "
                                        "(WhatsApp *bold* allowed)", 1))
            continue
        if not isinstance(message, str) or not message.strip():
            problems.append(Problem(source.rel, "'share' is not a text",
                                    "write 'share: |' and the message on the indented lines below it", line))
            continue
        lines = [text for text in message.strip().splitlines() if text.strip()]
        low, high = SHARE_LINES
        if not low <= len(lines) <= high:
            problems.append(Problem(source.rel, f"the 'share' message has {len(lines)} line(s), not {low} to {high}",
                                    "write 'share: |' then 3 to 6 short indented lines: what the page is about, "
                                    "the key points, where to get help", line))
        if message.count("*") % 2:
            problems.append(Problem(source.rel, "the 'share' message has an unpaired '*'",
                                    "WhatsApp shows *text* in bold: put a '*' on both sides, or remove it", line))
        if book is not None and not share_numbers.ids_in(message):
            example = share_numbers.example(book, source.language or book.languages[0])
            problems.append(Problem(source.rel, "the 'share' message has no number to call, so it does not help "
                                                "a reader who does not open the link",
                                    f"add a last line such as '{example}' (contact ids in braces; the build writes "
                                    "the numbers from docs/_data/contacts.yml)", line))
    return problems


def _unusable_numbers(source: "Source", book) -> list[Problem]:
    """A contact id in braces, in a 'share' message or a page's text, must be a confirmed contact with a number."""
    problems = []
    for number, text in enumerate(source.text.splitlines(), start=1):
        for cid in dict.fromkeys(share_numbers.ids_in(text)):
            why = share_numbers.problem_with(cid, book)
            if why:
                problems.append(Problem(source.rel, f"the message {why}",
                                        "use the id of a confirmed contact with a number, e.g. {kp2mi-call-center}, "
                                        "{kp2mi-whatsapp} or {polri-110}", number))
    return problems


def check_redirect_map(project: "Project", sources: list["Source"]) -> list[Problem]:
    """docs/_data/redirects.yml: each old page name leads to a page that exists, in every language."""
    path = project.docs_dir / REDIRECTS
    if not path.exists():
        return []
    rel = project.rel(path)
    try:
        redirects = safe_yaml.load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [Problem(rel, "the redirect list cannot be read", "write one 'old.md: new.md' per line",
                        mark.line + 1 if mark else None)]
    if not isinstance(redirects, dict):
        return [Problem(rel, "the redirect list is not a list of 'old.md: new.md' lines",
                        "write one 'old.md: new.md' per line", None)]
    problems = []
    for old, new in redirects.items():
        line = find_line(path, f"{old}:")
        if not (isinstance(old, str) and isinstance(new, str) and old.endswith(".md")
                and new.split("#")[0].endswith(".md")):
            problems.append(Problem(rel, f"the redirect '{old}: {new}' is not of the form 'old.md: new.md'",
                                    "name both pages by their file name without the language suffix, e.g. 'lama.md: kontak.md'",
                                    line))
            continue
        for language in project.languages:
            if _source_of(project, old, language).exists():
                problems.append(Problem(rel, f"'{old}' is still a page ({project.rel(_source_of(project, old, language))}); "
                                             "a redirect would hide it",
                                        "remove the line, or rename the page first", line))
            if not _source_of(project, new.split("#")[0], language).exists():
                problems.append(Problem(rel, f"the redirect target '{new}' has no {language} page "
                                             f"({project.rel(_source_of(project, new.split('#')[0], language))})",
                                        "point the redirect to an existing page, named without the language suffix",
                                        line))
    return problems


def _source_of(project: "Project", name: str, language: str) -> Path:
    stem = name[: -len(".md")]
    return project.docs_dir / f"{stem}.{language}.md"


# --- built pages -----------------------------------------------------------------------------

def _absolute(site: "BuiltSite", url_path: str) -> str:
    base = site.project.site_url if site.project.site_url.endswith("/") else site.project.site_url + "/"
    return base + url_path


def _is_absolute_https(url: str) -> bool:
    split = urlsplit(url)
    return split.scheme == "https" and bool(split.netloc)


def _local_target(site: "BuiltSite", url: str) -> str | None:
    """An absolute address on this site -> the file inside site/ it serves, or None."""
    base = _absolute(site, "")
    if not url.startswith(base):
        return None
    rest = urlsplit(url[len(base):]).path
    candidate = rest + "index.html" if rest == "" or rest.endswith("/") else rest
    return candidate if (site.site_dir / candidate).is_file() else None


def _properties(page: "Page") -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    head = page.soup.head
    for meta in head.find_all("meta") if head else []:
        key = meta.get("property") or meta.get("name")
        if key and (key.startswith("og:") or key.startswith("twitter:")):
            found.setdefault(key, []).append(meta.get("content", "").strip())
    return found


def _h1_text(page: "Page") -> str:
    h1 = (page.article or page.soup).find("h1")
    if h1 is None:
        return ""
    for link in h1.select(".headerlink"):
        link.extract()
    return " ".join(h1.get_text(" ").split())


def check_share_tags(site: "BuiltSite") -> list[Problem]:
    project = site.project
    problems = []
    for page in site.content_pages:
        def problem(message: str, fix: str = HEAD_FIX, line: int | None = None) -> None:
            problems.append(Problem(page.source_rel, message, fix, line))

        head_end = page.html.encode("utf-8").find(b"</head>")
        if head_end == -1 or head_end > HEAD_LIMIT:
            problem(f"the <head> ends {head_end / 1024:.0f} KB into the page; WhatsApp reads only the first 300 KB",
                    "move large inline content out of the <head>")
        props = _properties(page)
        own = _absolute(site, page.url_path)
        for key in REQUIRED_PROPERTIES + ["twitter:card"]:
            values = props.get(key, [])
            if len(values) != 1 or not values[0]:
                problem(f"the page has {len(values)} '{key}' tag(s) in its <head>, not exactly one with content",
                        "add 'description: …' to the front matter" if key == "og:description" else HEAD_FIX,
                        1 if key == "og:description" else None)
        value = {key: values[0] for key, values in props.items() if values}

        for key in ("og:url", "og:image"):
            if key in value and not _is_absolute_https(value[key]):
                problem(f"'{key}' is '{value[key]}', not an absolute https address",
                        "set site_url in mkdocs.yml to the public https address")
        if value.get("og:url") and value["og:url"] != own:
            problem(f"'og:url' is '{value['og:url']}', not the page's own address {own}")
        canonicals = [link.get("href", "") for link in page.soup.head.find_all("link", rel="canonical")] if page.soup.head else []
        if canonicals != [own]:
            problem(f"the canonical link is {canonicals or 'missing'}, not exactly [{own}]",
                    "set site_url in mkdocs.yml to the public https address")

        title = value.get("og:title", "")
        site_name = project.config.get("site_name", "")
        if title and title != _h1_text(page):
            problem(f"'og:title' is '{title}', not the page's title '{_h1_text(page)}'")
        if title and site_name and title != site_name and site_name in title:
            problem(f"'og:title' '{title}' carries the site name; Meta asks for the title without branding")
        description = page.soup.find("meta", attrs={"name": "description"})
        if value.get("og:description") and description and value["og:description"] != " ".join(description.get("content", "").split()):
            problem("'og:description' differs from the page's description",
                    "keep one plain sentence in 'description:'; the share hook copies it", 1)
        if value.get("og:type") and value["og:type"] not in OG_TYPES:
            problem(f"'og:type' is '{value['og:type']}', not one of {sorted(OG_TYPES)}")
        locale = OG_LOCALE.match(value.get("og:locale", ""))
        if value.get("og:locale") and not (locale and locale.group(1) == page.language):
            problem(f"'og:locale' is '{value['og:locale']}', which is not the page's language '{page.language}'")
        others = [lang for lang in project.languages if lang != page.language]
        alternates = props.get("og:locale:alternate", [])
        alternate_langs = sorted(m.group(1) for m in map(OG_LOCALE.match, alternates) if m)
        if alternate_langs != sorted(others) or len(alternates) != len(others):
            problem(f"'og:locale:alternate' is {alternates}, not one tag for each other language {others}")
        if value.get("og:image:width") != str(IMAGE_SIZE[0]) or value.get("og:image:height") != str(IMAGE_SIZE[1]):
            problem(f"'og:image:width'/'og:image:height' say {value.get('og:image:width')}×{value.get('og:image:height')}, "
                    f"not {IMAGE_SIZE[0]}×{IMAGE_SIZE[1]}")
        if value.get("twitter:card") and value["twitter:card"] != "summary_large_image":
            problem(f"'twitter:card' is '{value['twitter:card']}', not 'summary_large_image'")
        problems += _hreflang_problems(site, page)
    return problems


def _hreflang_problems(site: "BuiltSite", page: "Page") -> list[Problem]:
    project = site.project
    links = [link for link in (page.soup.head.find_all("link", rel="alternate") if page.soup.head else [])
             if link.get("hreflang")]
    found: dict[str, list[str]] = {}
    for link in links:
        found.setdefault(link["hreflang"], []).append(link.get("href", ""))
    problems = []
    for lang in [*project.languages, "x-default"]:
        hrefs = found.get(lang, [])
        if len(hrefs) != 1:
            problems.append(Problem(page.source_rel, f"the page has {len(hrefs)} hreflang '{lang}' link(s), not one", HEAD_FIX))
            continue
        href = hrefs[0]
        if not _is_absolute_https(href):
            problems.append(Problem(page.source_rel, f"the hreflang '{lang}' address '{href}' is relative",
                                    "hreflang addresses must be absolute: set site_url and keep the share hook"))
        elif _local_target(site, href) is None:
            problems.append(Problem(page.source_rel, f"the hreflang '{lang}' address '{href}' is not a page of this site", HEAD_FIX))
    if page.language == project.default_language and found.get("x-default") != [_absolute(site, page.url_path)]:
        problems.append(Problem(page.source_rel, "hreflang x-default does not point to the Indonesian original", HEAD_FIX))
    own = found.get(page.language, [])
    if own and own != [_absolute(site, page.url_path)]:
        problems.append(Problem(page.source_rel, f"the hreflang '{page.language}' link is {own}, not the page itself", HEAD_FIX))
    return problems


def check_preview_images(site: "BuiltSite") -> list[Problem]:
    from PIL import Image, UnidentifiedImageError

    problems = []
    for page in site.content_pages:
        images = _properties(page).get("og:image", [])
        if len(images) != 1 or not _is_absolute_https(images[0]):
            continue  # reported by check_share_tags
        url = images[0]
        target = _local_target(site, url)
        if target is None:
            problems.append(Problem(page.source_rel, f"the preview image {url} does not exist in the built site",
                                    "keep overrides/hooks/pipeline.py (it runs share.py) under hooks: in mkdocs.yml; it draws one image per page"))
            continue
        path = site.site_dir / target
        size = path.stat().st_size
        if size > IMAGE_LIMIT:
            problems.append(Problem(page.source_rel, f"the preview image {target} weighs {size / 1024:.0f} KB, over 300 KB "
                                    "(WhatsApp then shows no picture)", "draw it with fewer colours, or as JPEG"))
        try:
            with Image.open(path) as image:
                kind, dimensions = image.format, image.size
        except (UnidentifiedImageError, OSError):
            problems.append(Problem(page.source_rel, f"the preview image {target} is not a readable image",
                                    "delete .cache/ka-share/ and build again"))
            continue
        if kind not in ("PNG", "JPEG"):
            problems.append(Problem(page.source_rel, f"the preview image {target} is {kind}, not PNG or JPEG",
                                    "WhatsApp shows only JPEG and PNG previews"))
        if dimensions != IMAGE_SIZE:
            problems.append(Problem(page.source_rel, f"the preview image {target} is {dimensions[0]}×{dimensions[1]}, "
                                    f"not {IMAGE_SIZE[0]}×{IMAGE_SIZE[1]}", "delete .cache/ka-share/ and build again"))
    return problems


def whatsapp_text(href: str) -> str | None:
    """The decoded message of a well-formed https://wa.me/?text=… link, or None when the link is malformed."""
    split = urlsplit(href)
    if (split.scheme, split.netloc, split.path, split.fragment) != ("https", "wa.me", "/", ""):
        return None
    if not ENCODED_QUERY.match(split.query):
        return None
    try:
        pairs = parse_qsl(split.query, strict_parsing=True, errors="strict")
    except (ValueError, UnicodeDecodeError):
        return None
    return pairs[0][1] if len(pairs) == 1 and pairs[0][0] == "text" else None


def _message_box_lines(page: "Page") -> list[str] | None:
    """The lines of the page's forwardable message as the box shows them (address included), or None."""
    box = next(iter(page.classed("ka-share__message")), None)
    if box is None:
        return None
    box = BeautifulSoup(str(box), "html.parser")
    for br in box.find_all("br"):
        br.replace_with("\n")
    return [line.strip() for line in box.get_text().splitlines() if line.strip()]


def check_whatsapp_links(site: "BuiltSite") -> list[Problem]:
    book, issues = contacts_book.load(site.project.root, site.project.languages)
    numbers = share_numbers.numbers_in_book(None if issues else book)
    problems = []
    for page in site.content_pages:
        links = page.classed("ka-share__whatsapp", name="a")
        own = _absolute(site, page.url_path)
        if len(links) != 1:
            problems.append(Problem(page.source_rel, f"the page has {len(links)} 'Share on WhatsApp' link(s), not one",
                                    "keep overrides/partials/ka/actions-share.html in main.html"))
            continue
        href = links[0].get("href", "")
        text = whatsapp_text(href)
        if text is None:
            problems.append(Problem(page.source_rel, f"the WhatsApp link '{href[:80]}' is malformed",
                                    "it must be https://wa.me/?text= followed by the URL-encoded message (share hook)"))
            continue
        if own not in text.split():
            problems.append(Problem(page.source_rel, f"the WhatsApp message does not carry the page's address {own}",
                                    "keep the share hook; it ends the message with the page's address"))
        box = _message_box_lines(page)
        if box is None:
            if _h1_text(page) not in text:
                problems.append(Problem(page.source_rel, "the WhatsApp message does not start with the page's title",
                                        "keep the share hook; it starts the message with the page's title"))
            continue
        sent = [line.strip() for line in text.splitlines() if line.strip()]
        if sent != box:
            problems.append(Problem(page.source_rel, "the 'Bagikan ke WhatsApp' button sends a different text than "
                                                     "the message box shows",
                                    "keep overrides/hooks/share.py and overrides/partials/ka/actions-share.html: the "
                                    "button must send the 'share' message and the page's address"))
        if numbers and not any(number in " ".join(box) for number in numbers):
            problems.append(Problem(page.source_rel, "the forwardable message shows no phone number",
                                    "name a contact in braces in the 'share' message, e.g. {kp2mi-call-center}; keep "
                                    "overrides/hooks/share.py, which writes its number"))
    return problems


def check_sitemap(site: "BuiltSite") -> list[Problem]:
    project = site.project
    sitemap = site.site_dir / "sitemap.xml"
    where = "overrides/sitemap.xml"
    if not sitemap.is_file():
        return [Problem(where, "the site has no sitemap.xml", "keep overrides/sitemap.xml")]
    try:
        root = ElementTree.parse(sitemap).getroot()
    except ElementTree.ParseError as error:
        return [Problem(where, f"sitemap.xml is not valid XML ({error})", "correct overrides/sitemap.xml")]
    problems = []
    listed = {}
    for entry in root.findall("s:url", SITEMAP_NS):
        loc = (entry.findtext("s:loc", "", SITEMAP_NS) or "").strip()
        target = _local_target(site, loc)
        if not _is_absolute_https(loc) or target is None:
            problems.append(Problem(where, f"the sitemap lists '{loc}', which is not an absolute address of a page here",
                                    "build addresses from site_url"))
            continue
        page = site.pages.get(target)
        listed[target] = page
        alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", SITEMAP_NS)}
        for lang in [*project.languages, "x-default"]:
            href = alternates.get(lang)
            if href is None or not _is_absolute_https(href) or _local_target(site, href) is None:
                problems.append(Problem(page.source_rel if page else where,
                                        f"the sitemap entry {loc} has no valid hreflang '{lang}' address (got {href!r})",
                                        "every page needs its twin in the other language; keep overrides/sitemap.xml"))
        for lang, href in alternates.items():
            alt_target = _local_target(site, href or "")
            alt_page = site.pages.get(alt_target) if alt_target else None
            if alt_page and lang in project.languages and not alt_page.source.exists():
                problems.append(Problem(alt_page.source_rel, f"the sitemap announces {href} as '{lang}', but it is a fallback copy",
                                        "keep overrides/sitemap.xml, which skips fallback pages"))
    for page in site.content_pages:
        if page.source.exists() and page.rel not in listed:
            problems.append(Problem(page.source_rel, f"/{page.url_path} is missing from sitemap.xml", "keep overrides/sitemap.xml"))
        if not page.source.exists() and page.rel in listed:
            problems.append(Problem(page.source_rel, f"the sitemap lists /{page.url_path}, a fallback copy in the wrong language",
                                    "keep overrides/sitemap.xml, which skips fallback pages"))
    return problems


def check_redirect_pages(site: "BuiltSite") -> list[Problem]:
    """Every old address listed in docs/_data/redirects.yml leads to a page, in every language."""
    project = site.project
    path = project.docs_dir / REDIRECTS
    rel = project.rel(path)
    try:
        redirects = safe_yaml.load(path.read_text(encoding="utf-8")) or {} if path.exists() else {}
    except yaml.YAMLError:
        return []  # reported by check_redirect_map
    problems = []
    for old in redirects if isinstance(redirects, dict) else []:
        stem = PurePosixPath(str(old)).with_suffix("")
        folder = (stem.parent if stem.name == "index" else stem).as_posix().strip(".")
        for language in project.languages:
            prefix = "" if language == project.default_language else f"{language}/"
            stub = f"{prefix}{folder}/index.html" if folder else f"{prefix}index.html"
            page_path = site.site_dir / stub
            if stub not in site.redirects:
                problems.append(Problem(rel, f"the old address /{stub[:-len('index.html')]} has no redirect page",
                                        "keep overrides/hooks/pipeline.py (it runs share.py) under hooks: in mkdocs.yml", find_line(path, f"{old}:")))
                continue
            html = page_path.read_text(encoding="utf-8")
            refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
            canonical = re.search(r'rel="canonical" href="([^"]+)"', html)
            target = refresh and site.resolve(_stub_page(site, stub), refresh.group(1))[0]
            if not target or not canonical or _local_target(site, canonical.group(1)) != target:
                problems.append(Problem(rel, f"the redirect page /{stub} does not lead to an existing page",
                                        "point the redirect to an existing page", find_line(path, f"{old}:")))
    return problems


def _stub_page(site: "BuiltSite", rel: str):
    """A stand-in page at a redirect's address, so relative links resolve from there."""
    return Page(rel=rel, path=site.site_dir / rel, language="", source=Path(), source_rel="", html="")


SOURCE_CHECKS = [check_share_message, check_redirect_map]
SITE_CHECKS = [check_share_tags, check_preview_images, check_whatsapp_links, check_sitemap, check_redirect_pages]
