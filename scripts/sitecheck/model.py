"""The types every check receives, and nothing else: it imports no feature.

- Problem: what is wrong, told to an editor (file, line, what, how to fix it); defined in
  overrides/hooks/problem.py so the hooks' rules report the same type.
- Source: one Markdown page, read once before MkDocs runs; read_sources reads them all.
- BuiltSite and Page: the built site, parsed once after MkDocs has run (or given as HTML strings, for a test);
  ParseAhead parses while MkDocs builds.

A source check is `fn(project, sources) -> list[Problem]`, a site check `fn(site) -> list[Problem]`; each
feature lists its own in overrides/hooks/<feature>_checks.py, and sitecheck/registry.py lists the features.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

import markdown_parts as md
import page_assets
import safe_yaml
from problem import ERROR, WARNING, Problem, find_line  # noqa: F401  (the checks import them from here)

from .project import Project

# A page left at an old address by the share hook (docs/_data/redirects.yml): not a page of its own.
REDIRECT_PAGE = re.compile(r'<meta http-equiv="refresh"', re.I)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == ERROR]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == WARNING]


# --- Markdown sources, before MkDocs ---------------------------------------------------------

@dataclass
class Source:
    """One Markdown page, read and split once, shared by every source check."""
    path: Path
    rel: str
    language: str | None
    text: str = ""
    meta: dict = field(default_factory=dict)
    front_matter_ok: bool = False
    body: str = ""
    body_start: int = 1  # line number of the first body line
    headings: list[tuple[int, str, str | None]] = field(default_factory=list)  # (line, text, id)


def read_sources(project: Project) -> tuple[list[Source], list[Problem]]:
    sources, problems = [], []
    for path in project.markdown_files():
        source = Source(path=path, rel=project.rel(path), language=project.language_of(path))
        raw = path.read_bytes()
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
            # UTF-16 (Windows Notepad's "Unicode"): every other byte is zero, so it may even decode as UTF-8.
            problems.append(Problem(source.rel, "the file is saved as UTF-16 ('Unicode'), not as UTF-8 text",
                                    "open it in your editor and save it again with the encoding UTF-8", 1))
            continue
        try:
            source.text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            problems.append(Problem(source.rel, "the file is not saved as UTF-8 text",
                                    "open it in your editor and save it again with the encoding UTF-8",
                                    line))
            continue
        problems += _split_front_matter(source)
        source.headings = _headings(source)
        sources.append(source)
    return sources, problems


def _split_front_matter(source: Source) -> list[Problem]:
    parts = md.split_front_matter_text(source.text)
    if parts is None:
        source.body = source.text.lstrip("\ufeff")
        if not source.body.startswith("---\n"):
            return [Problem(source.rel, "the page has no front matter",
                            "start the file with a line '---', the lines 'description: …' and a closing '---'", 1)]
        return [Problem(source.rel, "the front matter is not closed",
                        "add a line with only '---' after the last front matter line", 1)]
    header, source.body, source.body_start = parts
    try:
        meta = safe_yaml.load(header) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(error, "problem", None) or "it is not valid YAML"
        return [Problem(source.rel, f"the front matter cannot be read ({reason})",
                        "write each line as 'key: value'; put quotes around a value that contains ': ' or starts with a special sign",
                        line)]
    except ValueError as error:
        # YAML reads 2026-13-45 as a date and fails on it.
        return [Problem(source.rel, f"a date in the front matter is not a real date ({error})",
                        "write dates as year-month-day, e.g. 'reviewed: 2026-11-27'",
                        find_line(source.path, "reviewed:") or 2)]
    if not isinstance(meta, dict):
        return [Problem(source.rel, "the front matter is not a list of 'key: value' lines",
                        "write each line as 'key: value'", 2)]
    source.meta = meta
    source.front_matter_ok = True
    return []


def _headings(source: Source) -> list[tuple[int, str, str | None]]:
    found = []
    for index, line in md.lines_outside_fences(source.text.splitlines()):
        parsed = md.heading(line)
        if parsed and index + 1 >= source.body_start:
            found.append((index + 1, parsed[1], parsed[2]))
    return found


# --- the built site, after MkDocs --------------------------------------------------------------

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


def _normal(path: str) -> str:
    """A relative path as str(PurePosixPath(path)) writes it (no empty or "." parts), without its cost: the checks
    ask this for each of about 5,000 links."""
    return "/".join(part for part in path.split("/") if part and part != ".") or "."


@dataclass
class BuiltSite:
    project: Project
    site_dir: Path
    pages: dict[str, Page]
    redirects: dict[str, Path] = field(default_factory=dict)
    preview: bool = False    # built by `mkdocs serve` for the editors' preview (overrides/hooks/preview.py)
    _ids: dict[str, set[str]] = field(default_factory=dict, repr=False)
    # Whether a file exists inside site/, asked once per file: every page links the same menu (about 6,500
    # links, 300 files), and the checks run on a finished site.
    _is_file: dict[str, bool] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, project: Project, site_dir: Path, preview: bool = False,
             parsed: dict[str, tuple[str, BeautifulSoup]] | None = None) -> "BuiltSite":
        """`parsed`: pages parsed while MkDocs was still building (ParseAhead); used only where the file has not
        changed since, or changed in one address only (_one_address_changed)."""
        texts = {path.relative_to(site_dir).as_posix(): path.read_text(encoding="utf-8")
                 for path in sorted(Path(site_dir).rglob("*.html"))}
        site = cls.from_html(project, texts, site_dir, preview)
        for rel, (html, soup) in (parsed or {}).items():
            page = site.pages.get(rel)
            if page is not None and (page.html == html or _one_address_changed(html, page.html, soup)):
                page.__dict__["soup"] = soup   # the cached_property's value
        return site

    @classmethod
    def from_html(cls, project: Project, texts: dict[str, str], site_dir: Path | None = None,
                  preview: bool = False) -> "BuiltSite":
        """The site from its pages' HTML ({path inside site/: text}): what load reads from disk, or what a test
        gives as strings to run a site check on a page without building. `site_dir` (default: the project's
        site/) is where the checks look for files other than pages (links, stylesheets, _headers)."""
        site_dir = Path(site_dir) if site_dir is not None else project.root / "site"
        pages, redirects = {}, {}
        for rel, html in texts.items():
            path = site_dir / rel
            if REDIRECT_PAGE.search(html):
                redirects[rel] = path
                continue
            if rel == "404.html":
                source, language = project.root / "overrides" / "404.html", project.default_language
            else:
                source, language = project.source_for(rel)
            pages[rel] = Page(rel=rel, path=path, language=language, source=source,
                              source_rel=project.rel(source), html=html)
        return cls(project=project, site_dir=site_dir, pages=pages, redirects=redirects, preview=preview)

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
        candidates.append(joined + "/index.html" if joined else "index.html")
        for candidate in candidates:
            normal = _normal(candidate)
            if normal not in self._is_file:
                self._is_file[normal] = (self.site_dir / normal).is_file()
            if self._is_file[normal]:
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


def _matching(a: str, b: str, from_end: bool = False) -> int:
    """How many characters a and b share at their start (or end): a binary search, each step one C compare."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        same = a[len(a) - middle:] == b[len(b) - middle:] if from_end else a[:middle] == b[:middle]
        low, high = (middle, high) if same else (low, middle - 1)
    return low


_VALUE_END = " \t\n\"'=<>"


def _one_address_changed(early: str, html: str, soup: BeautifulSoup) -> bool:
    """Whether `html` is `early` with one attribute value changed, as a hook does that renames a file after
    the pages are written (overrides/hooks/theme_css.py: Material's stylesheet, cut). Then the early parse
    is brought up to date in place instead of parsing the page again; otherwise False."""
    start = _matching(early, html)
    end = min(_matching(early, html, from_end=True), len(early) - start, len(html) - start)
    while start > 0 and early[start - 1] not in _VALUE_END:
        start -= 1
    old_end, new_end = len(early) - end, len(html) - end
    while old_end < len(early) and early[old_end] not in _VALUE_END:
        old_end, new_end = old_end + 1, new_end + 1
    old, new = early[start:old_end], html[start:new_end]
    if not old or any(c in _VALUE_END for c in old + new) or early[old_end:] != html[new_end:]:
        return False
    holders = [(tag, name) for tag in soup.find_all(True) for name, value in tag.attrs.items() if value == old]
    if len(holders) != 1 or early.count(old) != 1:
        return False
    tag, name = holders[0]
    tag[name] = new
    return True


def is_external(url: str) -> bool:
    split = urlsplit(url)
    return bool(split.netloc) or split.scheme in ("http", "https")


def fetched_urls(page: Page) -> list[str]:
    """Everything the page makes the browser load by itself: scripts, styles, images, icons, fonts."""
    return page.fetched
