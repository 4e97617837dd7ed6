"""Checks on the built HTML. The site is parsed once; each check is a function from it to problems."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, CData, NavigableString, Tag

import page_assets
from page_assets import CSS_URL

from .print_checks import check_tel_links_show_number
from .editors import check_csp
from .glossary import check_glossary_links
from .phone import check_page_weight
from .problems import WARNING, Problem, find_line
from .project import Project
from . import contacts
from .share import SHARE_HTML_CHECKS

UNRENDERED = [("**", "a '**' was not turned into bold", "close the bold with a second '**' on the same line, or remove it"),
              ("](", "a Markdown link was not rendered", "check the brackets: [text](page.md)"),
              ("!!!", "an admonition ('!!!') was not rendered", "write it as '!!! warning \"Title\"' on its own line, with the text indented by 4 spaces below"),
              ("{:", "an attribute list ('{:') was not rendered", "remove it, or put it right after the element it belongs to"),
              ("{ #", "a heading id ('{ #…}') was not rendered", "put the id at the very end of the heading line: '## Title { #id }'")]
STRAY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*[\s>/]")
NON_VISIBLE = ["script", "style", "code", "pre", "noscript", "template", "svg"]
LOCAL_SCHEMES = ("mailto:", "tel:", "sms:", "data:", "javascript:")
# A page left at an old address by the share hook (docs/_data/redirects.yml): not a page of its own.
REDIRECT_PAGE = re.compile(r'<meta http-equiv="refresh"', re.I)


@dataclass
class Page:
    rel: str                 # path inside site/, e.g. en/kontak/index.html
    path: Path
    language: str
    source: Path             # the Markdown file it comes from (may not exist: fallback page)
    source_rel: str
    html: str = field(repr=False)

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "html.parser")

    @property
    def url_path(self) -> str:
        """The page's path as a browser sees it, relative to the site root: en/kontak/"""
        return self.rel[: -len("index.html")] if self.rel.endswith("index.html") else self.rel

    # One walk of the parse gives every check its tags; a CSS selector over the whole page costs far more.
    @cached_property
    def tags(self) -> list[Tag]:
        """Every element of the page, in page order."""
        return [node for node in self.soup.descendants if isinstance(node, Tag)]

    @cached_property
    def _by_name(self) -> dict[str, list[Tag]]:
        found: dict[str, list[Tag]] = {}
        for tag in self.tags:
            found.setdefault(tag.name, []).append(tag)
        return found

    @cached_property
    def _by_class(self) -> dict[str, list[Tag]]:
        found: dict[str, list[Tag]] = {}
        for tag in self.tags:
            for name in tag.get("class") or ():
                found.setdefault(name, []).append(tag)
        return found

    def named(self, name: str, attr: str | None = None) -> list[Tag]:
        """The page's <name> elements (with the attribute `attr`), in page order: like find_all(name, attr=True)."""
        tags = self._by_name.get(name, [])
        return [tag for tag in tags if tag.has_attr(attr)] if attr else list(tags)

    def classed(self, *classes: str, name: str | None = None, attr: str | None = None) -> list[Tag]:
        """The elements with any of `classes` (of element `name`, with attribute `attr`), in page order, once each."""
        if len(classes) == 1:
            tags = self._by_class.get(classes[0], [])
        else:
            wanted = set(classes)
            tags = [tag for tag in self.tags if wanted.intersection(tag.get("class") or ())]
        return [tag for tag in tags if (name is None or tag.name == name) and (attr is None or tag.has_attr(attr))]

    @cached_property
    def article(self) -> Tag | None:
        """The page's <article> (its content), or None."""
        return next(iter(self.named("article")), None)

    @cached_property
    def fetched(self) -> list[str]:
        """Everything the page makes the browser load by itself (read once, for every check that asks)."""
        urls = []
        for tag in self.tags:
            values = {key: " ".join(value) if isinstance(value, list) else value for key, value in tag.attrs.items()}
            urls += page_assets.tag_urls(tag.name, values)
            if tag.name == "style":
                urls += page_assets.style_urls(tag.string or "")
        return urls

    def line_of(self, needle: str) -> int | None:
        return find_line(self.source, needle)


@dataclass
class BuiltSite:
    project: Project
    site_dir: Path
    pages: dict[str, Page]
    redirects: dict[str, Path] = field(default_factory=dict)
    preview: bool = False    # built by `mkdocs serve` for the editors' preview (overrides/hooks/preview.py)
    _ids: dict[str, set[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, project: Project, site_dir: Path, preview: bool = False,
             parsed: dict[str, tuple[str, BeautifulSoup]] | None = None) -> "BuiltSite":
        """`parsed`: pages parsed while MkDocs was still building (ParseAhead); used only where the file has not
        changed since."""
        pages, redirects = {}, {}
        parsed = parsed or {}
        for path in sorted(Path(site_dir).rglob("*.html")):
            rel = path.relative_to(site_dir).as_posix()
            html = path.read_text(encoding="utf-8")
            if REDIRECT_PAGE.search(html):
                redirects[rel] = path
                continue
            if rel == "404.html":
                source, language = project.root / "overrides" / "404.html", project.default_language
            else:
                source, language = project.source_for(rel)
            pages[rel] = Page(rel=rel, path=path, language=language, source=source,
                              source_rel=project.rel(source), html=html)
            early = parsed.get(rel)
            if early and early[0] == html:
                pages[rel].__dict__["soup"] = early[1]   # the cached_property's value
        return cls(project=project, site_dir=Path(site_dir), pages=pages, redirects=redirects, preview=preview)

    @property
    def content_pages(self) -> list[Page]:
        return [p for rel, p in self.pages.items() if rel != "404.html"]

    def resolve(self, page: Page, href: str) -> tuple[str | None, str]:
        """A local href -> (file inside site/, fragment). None when the target does not exist."""
        split = urlsplit(href)
        if split.path.startswith("/"):
            base = urlsplit(self.project.site_url or "/").path or "/"
            joined = split.path[len(base):] if split.path.startswith(base) else split.path.lstrip("/")
        else:
            joined = urljoin("/" + page.url_path, split.path)[1:] if split.path else page.url_path
        joined = unquote(joined)
        candidates = [joined] if not (joined == "" or joined.endswith("/")) else []
        candidates.append(str(PurePosixPath(joined) / "index.html") if joined else "index.html")
        for candidate in candidates:
            normal = str(PurePosixPath(candidate))
            if (self.site_dir / normal).is_file():
                return normal, split.fragment
        return None, split.fragment

    def ids_of(self, rel: str) -> set[str]:
        if rel not in self._ids:
            page = self.pages.get(rel)
            tags = page.tags if page else []
            self._ids[rel] = {tag["id"] for tag in tags if tag.has_attr("id")} | \
                             {tag["name"] for tag in tags if tag.name == "a" and tag.has_attr("name")}
        return self._ids[rel]

    def css_text(self, rel: str) -> str:
        path = self.site_dir / rel
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


class ParseAhead:
    """Parses the pages MkDocs has written while it still builds the others: MkDocs keeps one core busy, and
    parsing is the largest part of the HTML checks. A page changed after it was parsed (a later hook rewrote
    it) is simply parsed again by BuiltSite.load, which compares the text."""

    SETTLED = 0.2   # seconds without a change before a written file is read

    def __init__(self, site_dir: Path):
        self.site_dir = Path(site_dir)
        self.parsed: dict[str, tuple[str, BeautifulSoup]] = {}

    def run(self, busy) -> dict[str, tuple[str, BeautifulSoup]]:
        """Parse written pages until busy() is false (MkDocs has finished)."""
        while busy():
            if not self._parse_next(busy):
                time.sleep(0.05)
        return self.parsed

    def _parse_next(self, busy) -> bool:
        found = False
        try:
            paths = sorted(self.site_dir.rglob("*.html"))
        except OSError:
            return False
        for path in paths:
            rel = path.relative_to(self.site_dir).as_posix()
            if rel in self.parsed:
                continue
            try:
                if time.time() - path.stat().st_mtime < self.SETTLED:
                    continue
                html = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            self.parsed[rel] = (html, BeautifulSoup(html, "html.parser"))
            found = True
            if not busy():
                break
        return found


def is_external(url: str) -> bool:
    split = urlsplit(url)
    return bool(split.netloc) or split.scheme in ("http", "https")


def fetched_urls(page: Page) -> list[str]:
    """Everything the page makes the browser load by itself: scripts, styles, images, icons, fonts."""
    return page.fetched


# --- checks ----------------------------------------------------------------------------------

def check_links(site: BuiltSite) -> list[Problem]:
    problems = []
    for page in site.pages.values():
        for tag in page.named("a", "href"):
            href = tag["href"].strip()
            if not href or href.startswith(LOCAL_SCHEMES) or is_external(href):
                continue
            target, fragment = site.resolve(page, href)
            if target is None:
                problems.append(Problem(page.source_rel, f"the link '{href}' leads to a page that does not exist",
                                        "link to an existing page's Markdown file, e.g. [Kontak](kontak.md)",
                                        page.line_of(href.split("#")[0].rstrip("/").split("/")[-1] or href)))
            elif fragment and fragment not in site.ids_of(target):
                problems.append(Problem(page.source_rel, f"the link '{href}' points to '#{fragment}', which is not on that page",
                                        "use an id that a heading on the target page ends with, e.g. '{ #langkah-1 }'",
                                        page.line_of("#" + fragment)))
    return problems


def check_external_links_https(site: BuiltSite) -> list[Problem]:
    return [Problem(page.source_rel, f"the link '{tag['href']}' uses http, which can be read and changed on the way",
                    "use the https:// address of the same page",
                    page.line_of(tag["href"]))
            for page in site.pages.values()
            for tag in page.named("a", "href") if tag["href"].strip().lower().startswith("http://")]


def check_no_other_hosts(site: BuiltSite) -> list[Problem]:
    """No script, style, font or image comes from another host: privacy, speed and offline use."""
    problems = []
    for page in site.pages.values():
        for url in fetched_urls(page):
            if is_external(url):
                problems.append(Problem(page.source_rel, f"the page loads '{url}' from another host",
                                        "copy the file into docs/assets/ and link to it there, or remove it",
                                        page.line_of(url)))
        for link in page.named("link", "href"):
            if "stylesheet" not in (link.get("rel") or ()):
                continue
            href = link["href"]
            if is_external(href):
                continue
            target, _ = site.resolve(page, href)
            if target is None:
                continue
            text = site.css_text(target)
            for match in CSS_URL.finditer(text):
                url = match.group(1)
                if is_external(url):
                    problems.append(Problem(_css_source(site, target, text, match.start()),
                                            f"the stylesheet loads '{url}' from another host",
                                            "use the system fonts (theme.font: false) or copy the file into docs/assets/"))
    return sorted(set(problems), key=str)


def _css_source(site: BuiltSite, target: str, text: str, at: int) -> str:
    """The editor's file that holds position `at` of a built stylesheet: the part of a joined file
    (overrides/hooks/phone.py starts each part with `/*! from docs/… */`), or the file itself."""
    joined = page_assets.joined_source(text, at)
    if joined:
        return joined
    origin = site.project.docs_dir / target
    return site.project.rel(origin) if origin.exists() else "mkdocs.yml"


def check_unrendered_markdown(site: BuiltSite) -> list[Problem]:
    problems = []
    for page in site.content_pages:
        article = page.article or page.soup.body
        if article is None:
            continue
        visible = _visible_text(article)
        for marker, what, fix in UNRENDERED:
            if marker in visible:
                problems.append(Problem(page.source_rel, f"{what}: '{_context(visible, marker)}'", fix,
                                        page.line_of(marker)))
        stray = STRAY_TAG.search(visible)
        if stray:
            problems.append(Problem(page.source_rel, f"HTML code shows as text: '{_context(visible, stray.group(0))}'",
                                    "check that every HTML tag is complete, or write '<' as a word",
                                    page.line_of(stray.group(0).strip())))
    return problems


def _visible_text(element) -> str:
    """The text a reader sees (as get_text(" ") without scripts, code, and the headings' "#" links).

    Read from the page's one parse, without copying it: the soup is shared by every check."""
    def shown(text) -> bool:
        for parent in text.parents:
            if parent is element:
                return True
            if parent.name in NON_VISIBLE or "headerlink" in (parent.get("class") or ()):
                return False
        return True
    return " ".join(text for text in element.find_all(string=True)
                    if type(text) in (NavigableString, CData) and shown(text))


def _context(text: str, marker: str) -> str:
    at = text.find(marker)
    return " ".join(text[max(0, at - 30): at + 30].split())


def check_page_basics(site: BuiltSite) -> list[Problem]:
    problems = []
    for page in site.content_pages:
        soup = page.soup
        title = soup.title.get_text(strip=True) if soup.title else ""
        if not title:
            problems.append(Problem(page.source_rel, "the page has no <title>", "start the page with a '# Title { #id }' heading"))
        lang = (soup.html.get("lang") if soup.html else None) or ""
        if lang != page.language:
            problems.append(Problem(page.source_rel, f"the page says it is in '{lang}' but is published as '{page.language}'",
                                    f"check theme.language and the i18n languages in mkdocs.yml"))
        meta = soup.find("meta", attrs={"name": "description"})
        if not (meta and meta.get("content", "").strip()):
            problems.append(Problem(page.source_rel, "the page has no meta description",
                                    "add 'description: …' (one plain sentence) to the front matter", 1))
        h1s = page.article.find_all("h1") if page.article else page.named("h1")
        if len(h1s) != 1:
            problems.append(Problem(page.source_rel, f"the page has {len(h1s)} main headings (h1), not exactly one",
                                    "keep one '# Title { #id }' line at the top and make the others '##'",
                                    page.line_of("# ") if h1s else None))
    return problems


def check_image_alt(site: BuiltSite) -> list[Problem]:
    return [Problem(page.source_rel, f"the image '{img.get('src', '')}' has no alt text",
                    "describe the image in the brackets: ![what it shows](file.png)",
                    page.line_of(PurePosixPath(img.get("src", "")).name))
            for page in site.pages.values()
            for img in page.named("img") if not img.get("alt", "").strip()]


def check_language_twins(site: BuiltSite) -> list[Problem]:
    """Every page exists in each language, from its own file, and its language link leads to its twin."""
    project = site.project
    problems = []
    for page in site.content_pages:
        if not page.source.exists():
            original = project.twin_of(page.source, project.default_language)
            problems.append(Problem(project.rel(original), f"the page has no {page.language} translation: "
                                    f"/{page.url_path} shows the {project.default_language} text",
                                    f"add {page.source_rel}"))
        if page.language == project.default_language:
            twins = [f"{lang}/{page.rel}" for lang in project.other_languages]
        else:
            twins = [page.rel[len(page.language) + 1:]]
        link = next(iter(page.classed("ka-lang__link", name="a", attr="href")), None)
        for twin in twins:
            if twin not in site.pages:
                problems.append(Problem(page.source_rel, f"the page has no twin at /{twin}",
                                        "add the page in the other language beside this file"))
            elif link is None:
                problems.append(Problem(page.source_rel, "the page has no language link",
                                        "keep overrides/partials/alternate.html and the language_link hook"))
            elif site.resolve(page, link["href"])[0] != twin:
                problems.append(Problem(page.source_rel, f"the language link '{link['href']}' does not lead to /{twin}",
                                        "check the i18n settings in mkdocs.yml and the language_link hook"))
    return problems


HTML_CHECKS = [
    check_links,
    check_external_links_https,
    check_no_other_hosts,
    check_unrendered_markdown,
    check_page_basics,
    check_image_alt,
    check_language_twins,
    contacts.check_contact_links,
    check_tel_links_show_number,
    check_glossary_links,
    *SHARE_HTML_CHECKS,
    check_csp,
    check_page_weight,
]


def size_warning(source_rel: str, first_view: int, budget: int) -> Problem:
    return Problem(source_rel, f"the first view weighs {first_view / 1024:.1f} KiB gzipped, over {budget / 1024:.0f} KiB",
                   "make the page shorter, or shrink its images", level=WARNING)
