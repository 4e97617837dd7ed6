"""Printed handouts: fill include and book markers from other pages, and repeat cut-out cards.

- `<!-- include: page#section -->` (with the option `short`: headings and bold-led lines only) and
  `<!-- book: page page … -->` (see print_markers.py) are checked
  when a page's Markdown is read (the build's source checks report them first, with file and line), and
  filled once every page is rendered: from the other pages' finished HTML, after all hooks ran on them,
  so contact cards, checklists and glossary links look exactly as on the page itself.
  Links are rewritten to work from the new place; a book's chapters get their ids prefixed (so they stay
  unique), headings one level down, and links between chapters point inside the booklet.
- A book page shows the oldest "reviewed" date of its chapters (a booklet is only as fresh as its
  stalest chapter) and lists the sources of every chapter after its own.
- Front matter `print_copies: N` repeats each `.ka-wallet` block N times in total; the copies are for
  paper only (hidden on screen and from screen readers, without ids).
"""

import copy
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

import print_markers as pm

HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
ID_REFERENCES = ["for", "aria-labelledby", "aria-describedby", "aria-controls", "headers", "list"]
# Links that keep leading to their own page even when the booklet holds that page: glossary words (the
# glossary feature checks that they lead to the glossary page of their language).
KEEP_PAGE_LINKS = {"ka-term"}


def _name(page) -> str:
    return page.file.src_uri.rsplit(".", 2)[0]  # "cetak/buku.id.md" -> "cetak/buku"


def _fail(page, message: str, fix: str, line=None):
    where = f"docs/{page.file.src_uri}" + (f":{line}" if line else "")
    raise PluginError(f"{where}: {message} — {fix}")


# Read the markers before other steps (contacts, glossary) change the text; the markers themselves stay
# in the page as HTML comments until fill_markers fills them.
def check_markers(markdown, page, config):
    if "<!--" not in markdown:
        return markdown
    offset = max(0, page.file.content_string.count("\n") - markdown.count("\n"))  # front matter lines
    bad = pm.unreadable_markers(markdown)
    if bad:
        _fail(page, "an include or book marker is not written the way it is read",
              "write it alone on its line: '<!-- include: page#section -->' or '<!-- book: page … -->'",
              bad[0] + offset)
    for kind, arg, line in pm.markers_in(markdown):
        try:
            pm.check_targets(Path(config.docs_dir), _name(page), config.theme["language"], kind, arg, line + offset)
        except pm.MarkerError as error:
            _fail(page, error.message, error.fix, error.line)
    return markdown


# After the search plugin has indexed the page (priority 0): search finds each text on its own page,
# not again in every handout and in the booklet. `files`: this language's files (pipeline.Build).
def fill_markers(files, context, page, config):
    if "<!--" not in (page.content or ""):
        return context
    soup = BeautifulSoup(page.content, "html.parser")
    markers = [c for c in soup.find_all(string=lambda s: isinstance(s, Comment)) if pm.COMMENT.match(c)]
    if not markers:
        return context
    books = {}
    for comment in markers:
        match = pm.COMMENT.match(comment)
        kind, arg = match.group("kind"), match.group("arg")
        try:
            found = pm.targets(kind, arg, None)
        except pm.MarkerError as error:
            _fail(page, error.message, error.fix)
        sources = [(target, _page_of(files, page, target)) for target in found]
        if kind == "include":
            nodes = _section(page, *sources[0])
            # A handout is only as fresh as the page it shows.
            oldest = pm.oldest_date([page.meta.get("reviewed"), sources[0][1].meta.get("reviewed")])
            if oldest:
                page.meta["reviewed"] = oldest
            for node in nodes:
                comment.insert_before(node)
            comment.extract()
        else:
            # The booklet goes in as text: it is made once and kept while its chapters stay the same.
            mark = Comment(f"ka-book-{len(books)}")
            books[f"<!--{mark}-->"] = _book_html(page, sources, config)
            comment.replace_with(mark)
    page.content = str(soup)
    for mark, book in books.items():
        page.content = page.content.replace(mark, book, 1)
    return context


def _page_of(files, page, target):
    language = page.file.src_uri.rsplit(".", 2)[1]
    file = files.get_file_from_path(f"{target.name}.{language}.md") if files else None
    if file is None or file.page is None or file.page.content is None:
        _fail(page, f"the page '{target.name}' is not in this build",
              "name a page that exists in docs/ in both languages")
    return file.page


# --- the include of one section ------------------------------------------------------------------

def _section(page, target, source):
    soup = BeautifulSoup(source.content, "html.parser")
    start = soup.find(id=target.section)
    if start is None or start.name not in HEADINGS:
        _fail(page, f"the include '{target.name}#{target.section}': the page has no heading with that id",
              f"use an id that a heading in docs/{source.file.src_uri} ends with")
    level = int(start.name[1])
    nodes = [start]
    for sibling in start.find_next_siblings():
        if sibling.name in HEADINGS and int(sibling.name[1]) <= level:
            break
        nodes.append(sibling)
    if target.short:
        nodes = [node for node in nodes if node.name in HEADINGS or _opens_with_bold(node)]
    # Only the Tags: the whitespace between them is kept by the copies' own text.
    nodes = [copy.copy(node) for node in nodes]
    own_ids = {tag["id"] for node in nodes for tag in [node, *node.find_all(True)] if tag.has_attr("id")}

    def local(url, fragment):
        return f"#{fragment}" if url == source.url and fragment in own_ids else None

    for node in nodes:
        _rewrite_urls(node, source.url, page.url, local)
    _shift_headings(nodes, 2 - level)
    if target.short:
        # One box, so that print.css can set the summary tighter than the page it comes from.
        box = BeautifulSoup("", "html.parser").new_tag("div", attrs={"class": "ka-include-short"})
        for node in nodes:
            box.append(node)
        return [box]
    return nodes


def _opens_with_bold(node) -> bool:
    """A paragraph whose first words are bold, like "**Lakukan ini:** …" (a short include keeps these)."""
    if node.name != "p":
        return False
    first = next((child for child in node.children if not (isinstance(child, str) and not child.strip())), None)
    return getattr(first, "name", None) == "strong"


# --- the book --------------------------------------------------------------------------------------

CONTENTS_TEMPLATE = "partials/ka/print-book-contents.html"
# Every rebuild of the live preview renders every page again; the booklet (every chapter parsed and copied)
# is the slowest. Kept here: (booklet, its contents template, each chapter's address, title and HTML) -> HTML.
_books: dict = {}


def _book_html(page, sources, config) -> str:
    env = config.theme.get_env()
    key = (page.url, env.loader.get_source(env, CONTENTS_TEMPLATE)[0],
           tuple((target.name, source.url, source.title, source.content) for target, source in sources))
    if key not in _books:
        if len(_books) >= 8:
            _books.clear()
        _books[key] = "".join(str(node) for node in _book(page, sources, config))
    _merge_book_meta(page, [source for _, source in sources])
    return _books[key]


def _book(page, sources, config):
    chapters = []
    for target, source in sources:
        soup = BeautifulSoup(source.content, "html.parser")
        top = soup.find("h1")
        if top is None or not top.get("id"):
            _fail(page, f"the book chapter '{target.name}' has no main heading with an id",
                  f"start docs/{source.file.src_uri} with '# Title {{ #id }}'")
        chapters.append({"target": target, "page": source, "soup": soup, "prefix": pm.chapter_prefix(target.name),
                         "top": top["id"], "ids": {tag["id"] for tag in soup.find_all(id=True)}})
    by_url = {chapter["page"].url: chapter for chapter in chapters}

    def local(url, fragment):
        chapter = by_url.get(url)
        if chapter is None:
            return None
        anchor = fragment if fragment in chapter["ids"] else chapter["top"]
        return f"#{chapter['prefix']}--{anchor}"

    template = config.theme.get_env().get_template(CONTENTS_TEMPLATE)
    contents = template.render(chapters=[{"title": c["page"].title, "href": f"#{c['prefix']}--{c['top']}"}
                                         for c in chapters], config=config, page=page)
    nodes = list(BeautifulSoup(contents, "html.parser").contents)
    for chapter in chapters:
        soup, prefix, ids = chapter["soup"], chapter["prefix"], chapter["ids"]
        for tag in soup.find_all(True):
            if tag.has_attr("id"):
                tag["id"] = f"{prefix}--{tag['id']}"
            for attribute in ID_REFERENCES:
                if tag.has_attr(attribute):
                    value = tag[attribute]
                    tokens = value if isinstance(value, list) else value.split()
                    tag[attribute] = " ".join(f"{prefix}--{t}" if t in ids else t for t in tokens)
        _rewrite_urls(soup, chapter["page"].url, page.url, local)
        _shift_headings([soup], 1)
        soup.find("h2")["class"] = soup.find("h2").get("class", []) + ["ka-chapter"]
        section = BeautifulSoup("", "html.parser").new_tag("section", attrs={"class": "ka-book-chapter"})
        for child in list(soup.contents):
            section.append(child.extract())
        nodes.append(section)
    return nodes


def _merge_book_meta(page, chapter_pages):
    oldest = pm.oldest_date([page.meta.get("reviewed")] + [p.meta.get("reviewed") for p in chapter_pages])
    if oldest:
        page.meta["reviewed"] = oldest
    sources, seen = [], set()
    for item in list(page.meta.get("sources") or []) + [s for p in chapter_pages for s in (p.meta.get("sources") or [])]:
        key = (item.get("title"), item.get("url")) if isinstance(item, dict) else (str(item), None)
        if key not in seen:
            seen.add(key)
            sources.append(item)
    page.meta["sources"] = sources


# --- moving HTML from one page to another ------------------------------------------------------------

def _rewrite_urls(root, from_url: str, to_url: str, local):
    """Make relative href/src written for the page at from_url work at to_url (both site-relative)."""
    base = "/" + (from_url or "")
    for tag in [root, *root.find_all(True)] if hasattr(root, "find_all") else []:
        for attribute in ("href", "src"):
            value = tag.get(attribute) if hasattr(tag, "get") else None
            if not value or urlsplit(value).scheme or value.startswith(("/", "//")):
                continue
            split = urlsplit(urljoin(base, value))
            target = split.path.lstrip("/")
            keep = KEEP_PAGE_LINKS & set(tag.get("class") or [])
            inside = None if keep else local(target, split.fragment)
            if inside:
                tag[attribute] = inside
                continue
            relative = get_relative_url(target or ".", to_url or ".")
            if (target == "" or target.endswith("/")) and not relative.endswith("/"):
                relative += "/"
            tag[attribute] = relative + (f"#{split.fragment}" if split.fragment else "")


def _shift_headings(roots, by: int):
    if by == 0:
        return
    for root in roots:
        found = [tag for tag in [root, *root.find_all(HEADINGS)] if getattr(tag, "name", None) in HEADINGS]
        for tag in found:
            tag.name = f"h{min(6, max(1, int(tag.name[1]) + by))}"


# --- cut-out cards -----------------------------------------------------------------------------------

def repeat_cards(html, page):
    copies = page.meta.get("print_copies")
    if not copies:
        return html
    soup = BeautifulSoup(html, "html.parser")
    cards = soup.select(".ka-wallet")
    if not cards:
        _fail(page, "'print_copies' is set but the page has no '<div class=\"ka-wallet\" markdown>' block",
              "wrap the card in one, or remove 'print_copies'")
    for card in cards:
        anchor = card
        for _ in range(int(copies) - 1):
            twin = copy.copy(card)
            for tag in [twin, *twin.find_all(True)]:
                if tag.has_attr("id"):
                    del tag["id"]
            twin["class"] = twin.get("class", []) + ["ka-wallet--copy"]
            twin["aria-hidden"] = "true"
            twin["data-search-exclude"] = ""  # the search index holds the card once, not once per copy
            anchor.insert_after(twin)
            anchor = twin
    return str(soup)
