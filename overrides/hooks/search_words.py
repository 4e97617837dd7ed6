"""The words readers type for a page, kept once in docs/_data/search.yml (page -> language -> words).

Shared by the search hook (search_per_language.py puts them into the page's search entry) and the build's source
check (pages_checks.py: the file reads, each named page exists, each entry is a list of words per language).
Not a hook.
"""

from __future__ import annotations

from pathlib import Path

import yaml

import safe_yaml

DATA_FILE = "_data/search.yml"


def load(docs_dir) -> dict:
    """{page: {language: [word, …]}}; {} when the site has no such file. Raises yaml.YAMLError on bad YAML."""
    path = Path(docs_dir) / DATA_FILE
    if not path.is_file():
        return {}
    return safe_yaml.load(path.read_text(encoding="utf-8")) or {}


def page_key(src_uri: str) -> str:
    """tppo/index.id.md -> tppo/index (the page in every language)."""
    return src_uri.rsplit(".", 2)[0]


def words_for(docs_dir, src_uri: str, language: str) -> list[str]:
    """The words for one page in one language; none when the file is missing or malformed (the check says why)."""
    try:
        data = load(docs_dir)
    except yaml.YAMLError:
        return []
    entry = data.get(page_key(src_uri)) if isinstance(data, dict) else None
    words = entry.get(language) if isinstance(entry, dict) else None
    return [str(word) for word in words] if isinstance(words, list) else []
