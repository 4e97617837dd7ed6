"""One search index per language, so a reader only finds pages in the language they read; and the words readers
type for a page (docs/_data/search.yml) in its index.

The i18n plugin stacks every language into one `search/search_index.json`. Material's search loads
`search/search_index.json` relative to the `base` in each page's `__config`, and resolves result
locations against the same base. So we split the index by location prefix, write the English part
under `en/search/`, and point the `base` of English pages at the `en/` folder.
"""

import json
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

import languages
import search_words

CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def add_search_words(markdown, page, config):
    """The words readers type for this page (docs/_data/search.yml: "salary" where the page says "wage") become
    the page's search tags, which Material's search index weighs above its title and text. Runs before the search
    plugin reads the page (on_page_context); results do not show them (site.css)."""
    words = search_words.words_for(config.docs_dir, page.file.src_uri, config.theme["language"])
    if words:
        page.meta["tags"] = words
    return markdown


def point_search_at_language(output, page, config):
    if config.theme["language"] == languages.default(config):
        return output
    locale = config.theme["language"]
    match = CONFIG_SCRIPT.search(output)
    if not match:
        return output
    settings = json.loads(match.group(2))
    settings["base"] = get_relative_url(f"{locale}/", page.url)
    return output[: match.start(2)] + json.dumps(settings) + output[match.end(2):]


# After the i18n plugin (priority -100) has written the merged index.
def split_index(config) -> None:
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    if "_ka_split" in index:
        return
    others = languages.of(config)[1:]
    split = {locale: [] for locale in others}
    default_docs = []
    for doc in index["docs"]:
        prefix = doc["location"].split("/", 1)[0]
        if prefix in split:
            doc = dict(doc, location=doc["location"][len(prefix) + 1:])
            split[prefix].append(doc)
        else:
            default_docs.append(doc)
    for locale, docs in [*split.items(), (languages.default(config), default_docs)]:
        folder = Path(config.site_dir) / languages.folder(config, locale) / "search"
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(dict(index, docs=docs, _ka_split=locale))
        (folder / "search_index.json").write_text(data, encoding="utf-8")
