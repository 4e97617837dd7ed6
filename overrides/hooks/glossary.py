"""The glossary: render /istilah/ from docs/_data/glossary.yml, and link each term's first use elsewhere.

- `<!-- glossary -->` on the glossary page becomes one `### Term { #id }` entry per term (Markdown, so
  MkDocs builds the table of contents and validates links to the anchors).
- On every other page, the first use of each term in running text links to `istilah/#id` in the same
  language (never inside headings, links, code or buttons). The build's HTML check proves each link lands.
- `<!-- all-sources -->` (the About page) becomes one list of every source named in any page's
  front matter, so the list never drifts from the pages. `<!-- all-sources: A-I -->` renders one part of
  it (the laws, and other sources A to I) and `<!-- all-sources: J-Z -->` the rest: /sumber/ and /sumber/lain/.
Templates live in docs/_templates/ (excluded from the site); the data in docs/_data/.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

import glossary_data as gd
import languages

# Words inside these are never linked: headings and labels are read at a glance, and a link inside
# a link or code is broken. `.ka-no-glossary` lets a widget opt out.
SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "script", "style",
             "svg", "button", "label", "summary", "dt", "abbr", "textarea", "select", "option",
             "template", "noscript"}
SKIP_CLASSES = {"admonition-title", "ka-no-glossary", "headerlink"}
LAW = re.compile(r"^(UU|Undang|PP\b|Perpres|Permen|Perban|Peraturan|Kepdirjen|Keputusan|Kepmen)", re.I)
TITLE = re.compile(r"^#\s+(.*?)\s*(\{[^}]*\})?\s*$", re.M)
SUFFIX = re.compile(r"\.([A-Za-z_-]+)\.md$")

_cache: dict = {}


def _docs(config) -> Path:
    return Path(config["docs_dir"])


def _terms(config) -> list[gd.Term]:
    """The glossary terms, read once per change of the data file."""
    path = gd.data_path(_docs(config))
    if not path.exists():
        return []
    stamp = (str(path), path.stat().st_mtime_ns)
    if _cache.get("stamp") != stamp:
        terms, problems = gd.load_terms(path, languages.of(config))
        if problems:
            raise PluginError(f"{gd.DATA_REL}: {problems[0].message} — {problems[0].fix}")
        _cache.update(stamp=stamp, terms=terms, finders={})
    return _cache["terms"]


def _slug(src_uri: str) -> str:
    """tppo/cek-tawaran.en.md -> tppo/cek-tawaran"""
    return SUFFIX.sub("", src_uri).removesuffix(".md")


def _file_language(page, config) -> str:
    match = SUFFIX.search(page.file.src_uri)
    return match.group(1) if match else config.theme["language"]


def _templates(config) -> Environment:
    # The theme's bytecode cache (template_cache.py): the templates compile once, not at every build.
    return Environment(loader=FileSystemLoader(str(_docs(config) / "_templates")), undefined=StrictUndefined,
                       keep_trailing_newline=True, autoescape=False,
                       bytecode_cache=config.theme.get_env().bytecode_cache)


def _title_of(path: Path) -> str:
    _, body = _front_matter(path)
    match = TITLE.search(body)
    return match.group(1).strip() if match else path.name


def _front_matter(path: Path) -> tuple[dict, str]:
    return _parsed(path.read_text(encoding="utf-8"))


# Every page's sources and titles are read for /sumber/ and the glossary, in each language: once per text.
@functools.lru_cache(maxsize=256)
def _parsed(text: str) -> tuple[dict, str]:
    body, meta = get_data(text)
    return meta or {}, body


def _page_link(slug: str, from_slug: str) -> str:
    return get_relative_url(f"{slug}.md", f"{from_slug}.md")


# --- the glossary page ------------------------------------------------------------------------

def _render_glossary(page, config, files) -> str:
    language = config.theme["language"]
    own = _slug(page.file.src_uri)
    sources = {_slug(f.src_uri): Path(f.abs_src_path) for f in files.documentation_pages()}
    groups: dict[str, list[dict]] = {}
    for term in sorted(_terms(config), key=lambda t: t.term[gd_default(config)].casefold()):
        entry = {"id": term.id, "term": term.term[language], "meaning": term.meaning[language]}
        if term.see:
            target, _, anchor = term.see.partition("#")
            target_slug = target.removesuffix(".md")
            if target_slug not in sources:
                raise PluginError(f"docs/{gd.DATA_FILE}: the term '{term.id}' points to '{term.see}', "
                                  "which is not a page — use a page's Markdown path, e.g. 'see: kontak.md'")
            entry["see"] = _page_link(target_slug, own) + (f"#{anchor}" if anchor else "")
            entry["see_title"] = _title_of(sources[target_slug])
        groups.setdefault(term.term[gd_default(config)][0].upper(), []).append(entry)
    return _templates(config).get_template("glossary.md.j2").render(
        lang=language, groups=[{"letter": k, "terms": v} for k, v in groups.items()])


def gd_default(config) -> str:
    """Terms are sorted and grouped by their heading in the default language in every language, so anchors line
    up."""
    return languages.default(config)


# --- every source of the site ----------------------------------------------------------------

def _in_part(title: str, part: tuple[str, str] | None) -> bool:
    if part is None:
        return True
    first = title[:1].upper()
    first = first if "A" <= first <= "Z" else "A"
    return part[0] <= first <= part[1]


def _render_sources(page, config, files, part: tuple[str, str] | None = None) -> str:
    own = _slug(page.file.src_uri)
    found: dict[str, dict] = {}
    for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        meta, _ = _front_matter(Path(file.abs_src_path))
        slug = _slug(file.src_uri)
        for source in meta.get("sources") or []:
            if not isinstance(source, dict) or not source.get("title"):
                continue
            key = str(source.get("url") or source["title"]).strip()
            item = found.setdefault(key, {"title": str(source["title"]).strip(), "url": source.get("url"),
                                          "pages": []})
            link = {"href": _page_link(slug, own), "title": _title_of(Path(file.abs_src_path))}
            if link not in item["pages"]:
                item["pages"].append(link)
    items = sorted(found.values(), key=lambda i: i["title"].casefold())
    laws = [i for i in items if LAW.match(i["title"])] if part is None or part[0] == "A" else []
    others = [i for i in items if not LAW.match(i["title"]) and _in_part(i["title"], part)]
    return _templates(config).get_template("all-sources.md.j2").render(
        lang=config.theme["language"],
        laws=laws, others=others, part=part)


def on_page_markdown(markdown, page, config, files):
    if gd.GLOSSARY_MARKER in markdown:
        if _slug(page.file.src_uri) != gd.GLOSSARY_SLUG:
            raise PluginError(f"docs/{page.file.src_uri}: '{gd.GLOSSARY_MARKER}' belongs on the glossary page only")
        markdown = markdown.replace(gd.GLOSSARY_MARKER, _render_glossary(page, config, files), 1)
    if gd.SOURCES_MARKER in markdown:
        markdown = markdown.replace(gd.SOURCES_MARKER, _render_sources(page, config, files), 1)
    part = gd.SOURCES_PART.search(markdown)
    if part:
        markdown = markdown.replace(part.group(0), _render_sources(page, config, files, part.groups()), 1)
    return markdown


# --- linking first uses ------------------------------------------------------------------------

def _glossary_url(files) -> str | None:
    for file in files.documentation_pages():
        if _slug(file.src_uri) == gd.GLOSSARY_SLUG:
            return file.url
    return None


def _finder(config, language: str) -> gd.TermFinder:
    finders = _cache.setdefault("finders", {})
    if language not in finders:
        finders[language] = gd.TermFinder(_terms(config), language)
    return finders[language]


def _skipped(node) -> bool:
    for parent in node.parents:
        if parent.name in SKIP_TAGS or SKIP_CLASSES & set(parent.get("class") or []):
            return True
    return False


def _letters_only(toc) -> None:
    """The glossary's table of contents lists the letters, not every term: the page stays light."""
    for item in toc:
        for letter in item.children:
            letter.children = []


def on_page_content(html, page, config, files):
    if _slug(page.file.src_uri) == gd.GLOSSARY_SLUG:
        _letters_only(page.toc)
        return html
    if not _terms(config):
        return html
    target = _glossary_url(files)
    if target is None:
        return html
    base = get_relative_url(target, page.url or ".")
    if target.endswith("/") and not base.endswith("/"):
        base += "/"
    return _linked(html, base, _finder(config, _file_language(page, config)))


# The same page with the same terms links the same words: a preview rebuild re-links only what changed.
@functools.lru_cache(maxsize=128)
def _linked(html: str, base: str, finder: gd.TermFinder) -> str:
    soup = BeautifulSoup(html, "html.parser")
    linked: set[str] = set()
    for text in list(soup.find_all(string=True)):
        if type(text) is not NavigableString or _skipped(text):
            continue
        hits = [(s, e, t) for s, e, t in finder.find(str(text)) if t not in linked]
        if not hits:
            continue
        pieces, at, value = [], 0, str(text)
        for start, end, term in hits:
            if term in linked:
                continue
            linked.add(term)
            link = soup.new_tag("a", href=f"{base}#{term}", attrs={"class": "ka-term"})
            link.string = value[start:end]
            pieces += [value[at:start], link]
            at = end
        pieces.append(value[at:])
        for piece in pieces:
            if piece != "":
                text.insert_before(piece if not isinstance(piece, str) else NavigableString(piece))
        text.extract()
    return str(soup) if linked else html
