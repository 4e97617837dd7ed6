"""The glossary, kept once in docs/_data/glossary.yml: its terms, and how to find them in a page's text.

Shared by the glossary hook (which renders the glossary page and links first uses) and the build's
source check (glossary_checks.py), so both read the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import safe_yaml
from problem import Problem, find_line

GLOSSARY_SLUG = "istilah"
DATA_FILE = "_data/glossary.yml"
DATA_REL = f"docs/{DATA_FILE}"
GLOSSARY_MARKER = "<!-- glossary -->"
SOURCES_MARKER = "<!-- all-sources -->"
# One part of that list, for when it outgrows one phone page: "<!-- all-sources: A-I -->" lists the sources whose
# title starts with A to I (a title starting with a digit counts as A); the laws go with the part that starts at A.
SOURCES_PART = re.compile(r"<!-- all-sources: ([A-Z])-([A-Z]) -->")
# Any comment that looks like one of our markers, so a typo fails instead of rendering nothing.
MARKER_LIKE = re.compile(r"<!--\s*(glossary|all[-_ ]?sources)\b[^>]*-->", re.I)
TERM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A word is whole when no letter, digit or hyphen touches its start, and no letter or digit its end.
# "E-PMI" does not contain PMI; "P3MI-nya" does (Indonesian suffix).
_BEFORE = r"(?<![\w-])"
_AFTER = r"(?!\w)(?!-[A-Z0-9])"


@dataclass(frozen=True)
class Term:
    id: str
    term: dict            # language -> heading text
    meaning: dict         # language -> one or two plain sentences (Markdown)
    words: dict = field(default_factory=dict)  # language -> words that link here (default: the term)
    see: str | None = None  # page (Markdown path from docs/) where the term matters

    def words_in(self, language: str) -> list[str]:
        return list(self.words.get(language) or [self.term[language]])


def data_path(docs_dir: Path) -> Path:
    return Path(docs_dir) / DATA_FILE


def load_terms(path: Path, languages: list[str]) -> tuple[list[Term], list[Problem]]:
    """Every well-formed term, and a problem for each entry that is not (on the line of the entry's id)."""
    def problem(needle: str, message: str, fix: str) -> Problem:
        return _problem(path, needle, message, fix)

    try:
        raw = safe_yaml.load(Path(path).read_text(encoding="utf-8")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return [], [problem("", f"the glossary cannot be read ({error})",
                            "write it as a YAML list of '- id: …' entries")]
    if not isinstance(raw, list):
        return [], [problem("", "the glossary is not a list of terms", "start each term with '- id: …'")]
    terms, problems, seen = [], [], {}
    for entry in raw:
        ident = str(entry.get("id", "")) if isinstance(entry, dict) else ""
        where = f"id: {ident}" if ident else ""
        if not TERM_ID.match(ident):
            problems.append(problem(where, f"the term id '{ident}' is not a lowercase anchor",
                                    "use lowercase letters, digits and hyphens, e.g. 'id: p3mi'"))
            continue
        if ident in seen:
            problems.append(problem(where, f"the term id '{ident}' is used twice",
                                    "give each term its own id, or merge the two entries"))
            continue
        broken = [f"{key}.{lang}" for key in ("term", "meaning") for lang in languages
                  if not isinstance(entry.get(key), dict) or not str(entry[key].get(lang) or "").strip()]
        words = entry.get("words") or {}
        if not isinstance(words, dict) or any(not isinstance(v, list) for v in words.values()):
            broken.append("words (a list per language)")
        if broken:
            problems.append(problem(where, f"the term '{ident}' has no {', '.join(broken)}",
                                    "write the heading ('term'), the meaning and the words in every language"))
            continue
        seen[ident] = True
        terms.append(Term(id=ident,
                          term={lang: str(entry["term"][lang]).strip() for lang in languages},
                          meaning={lang: str(entry["meaning"][lang]).strip() for lang in languages},
                          words={lang: [str(w) for w in words.get(lang, [])] for lang in words},
                          see=entry.get("see")))
    problems += _shared_words(terms, languages, path)
    return terms, problems


def _problem(path: Path, needle: str, message: str, fix: str) -> Problem:
    """A problem in the data file, on the first line holding `needle` (the entry's 'id: …')."""
    return Problem(DATA_REL, message, fix, find_line(Path(path), needle))


def _shared_words(terms: list[Term], languages: list[str], path: Path) -> list[Problem]:
    problems = []
    for language in languages:
        owner = {}
        for term in terms:
            for word in term.words_in(language):
                key = _key(word)
                if key in owner and owner[key] != term.id:
                    problems.append(_problem(path, f"id: {term.id}",
                                                f"the word '{word}' links to both '{owner[key]}' and '{term.id}'",
                                                "let each word lead to one term only"))
                owner.setdefault(key, term.id)
    return problems


def _is_acronym(word: str) -> bool:
    # PMI, P3MI, JKK: written in capitals, so matched exactly; other words ignore case.
    return not any(ch.islower() for ch in word)


def _key(word: str) -> str:
    word = " ".join(word.split())
    return word if _is_acronym(word) else word.lower()


class TermFinder:
    """Finds glossary words in plain text: whole words, longest first, acronyms by exact case."""

    def __init__(self, terms: list[Term], language: str):
        self._owner = {}
        patterns = []
        words = sorted({w for t in terms for w in t.words_in(language)}, key=lambda w: (-len(w), w))
        for term in terms:
            for word in term.words_in(language):
                self._owner.setdefault(_key(word), term.id)
        for word in words:
            body = r"\s+".join(re.escape(part) for part in word.split())
            patterns.append(body if _is_acronym(word) else f"(?i:{body})")
        self._regex = re.compile(_BEFORE + "(?:" + "|".join(patterns) + ")" + _AFTER) if patterns else None

    def find(self, text: str):
        """(start, end, term id) for every glossary word in the text, left to right."""
        if self._regex is None:
            return
        for match in self._regex.finditer(text):
            text_ = " ".join(match.group(0).split())
            owner = self._owner.get(_key(text_)) or self._owner.get(text_.lower())
            if owner:
                yield match.start(), match.end(), owner
