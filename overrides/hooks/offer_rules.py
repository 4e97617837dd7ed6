"""The rules of the message check (/tppo/cek-pesan/): which words in a job offer raise which warning sign.

One data file per language, docs/_data/offer-signs.<language>.yml (its header explains the fields to
editors). Shared by the hook offer_check.py (which puts the rules into the page for the script
docs/assets/javascripts/cek-pesan.js) and the build's source check offer_checks.py, so both read them the
same way. Not a hook.

A pattern runs in the reader's browser (JavaScript) but is checked here (Python): it must mean the same in
both, so only the common part of the two regex languages is allowed (see FORBIDDEN). A space in a pattern
stands for any run of characters that are not letters or digits (spaces, line breaks, punctuation,
emoji): "potong gaji" finds "potong gaji", "POTONG\ngaji" and "potong - gaji". A space followed by "?"
makes that gap optional: "10 ?jt" finds "10 jt" and "10jt".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

import safe_yaml
from problem import Problem

DATA_FILE = "_data/offer-signs.{language}.yml"
SIGNS_PAGE = "tppo/index.{language}.md"
MARKER = re.compile(r"^<!--\s*offer-check\s*-->[ \t]*$", re.M)
# What a space in a pattern becomes (see the docstring): at least one character, so words never run together;
# "a ?b" (or "a *b") makes the gap optional. With the "i" flag, a-z covers capitals too.
GAP = "[^a-z0-9]+"
OPTIONAL_GAP = "[^a-z0-9]*"
_SPACE = re.compile(r" [?*+]?")
# Regex syntax that Python and JavaScript read differently, or that only one of them has.
FORBIDDEN = [
    (re.compile(r"\(\?<"), "a look-behind or a named group '(?<'"),
    (re.compile(r"\(\?P"), "a Python named group '(?P'"),
    (re.compile(r"\(\?[a-zA-Z#>-]"), "an inline flag, comment or atomic group '(?…'"),
    (re.compile(r"\\[AZzGpPhRKNQE]"), "an escape that only one language knows (\\A \\Z \\p …)"),
    (re.compile(r"[*+?}][+]"), "a possessive quantifier ('*+', '++', '?+')"),
    (re.compile(r"\{,"), "'{,n}' (JavaScript reads it as plain text: write '{0,n}')"),
    (re.compile(r"\[[^\]]* [^\]]*\]"), "a space inside [ ] (a space already matches any gap)"),
]
FIELDS = ("sign", "why", "patterns")


@dataclass(frozen=True)
class Rule:
    sign: str
    why: str
    patterns: tuple[str, ...]      # as the browser gets them (spaces already turned into GAP)
    unless: tuple[str, ...] = ()   # a hit that overlaps a match of one of these is not a sign
    line: int = 0                  # the line of 'sign:' in the data file


def data_path(docs_dir: Path, language: str) -> Path:
    return Path(docs_dir) / DATA_FILE.format(language=language)


def signs_page(docs_dir: Path, language: str) -> Path:
    return Path(docs_dir) / SIGNS_PAGE.format(language=language)


def browser_pattern(pattern: str) -> str:
    return _SPACE.sub(lambda space: GAP if space.group(0) in (" ", " +") else OPTIONAL_GAP, pattern)


def pattern_problem(pattern: str) -> str | None:
    """Why the pattern cannot be used, or None."""
    for forbidden, what in FORBIDDEN:
        if forbidden.search(pattern):
            return f"uses {what}, which JavaScript and Python do not read alike"
    try:
        compiled = re.compile(browser_pattern(pattern), re.IGNORECASE)
    except re.error as error:
        return f"does not compile ({error})"
    if compiled.search(""):
        return "matches an empty message, so it would flag every message"
    return None


def load(path: Path, rel: str) -> tuple[list[Rule], list[Problem]]:
    """The rules of one data file (`rel` from the project root), and a problem (with its line) for each entry
    that is wrong.
    A rule with a bad pattern is left out whole, so the page never runs half a rule."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=safe_yaml.LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return [], [Problem(rel, f"the rules cannot be read ({error})".replace("\n", " "),
                            "write the file as a YAML list of '- sign: …' entries, as in its header",
                            getattr(getattr(error, "problem_mark", None), "line", -1) + 1 or None)]
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        return [], [Problem(rel, "the rules are not a list", "start each rule with '- sign: …'",
                            root.start_mark.line + 1)]
    rules, problems = [], []
    for node in root.value:
        rule, found = _rule(node, rel)
        problems += found
        if rule is not None:
            rules.append(rule)
    return rules, problems


def _rule(node, rel: str) -> tuple[Rule | None, list[Problem]]:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(rel, "this rule is not a set of 'key: value' lines",
                              "write '- sign: …' with 'why:' and 'patterns:' below it", line)]
    fields = {key.value: value for key, value in node.value}
    missing = [name for name in FIELDS if name not in fields]
    if missing:
        return None, [Problem(rel, f"this rule has no {', '.join(missing)}",
                              "give every rule a sign (a heading id of /tppo/), a why line and a list of patterns", line)]
    lists, problems = {}, []
    for name in ("patterns", "unless"):
        value = fields.get(name)
        if value is None:
            lists[name] = []
            continue
        items = value.value if isinstance(value, yaml.SequenceNode) else None
        if not items or any(not isinstance(item, yaml.ScalarNode) or not item.value.strip() for item in items):
            problems.append(Problem(rel, f"'{name}' is not a list of patterns",
                                    "write one pattern per line, as \"  - 'potong gaji'\"", value.start_mark.line + 1))
            continue
        for item in items:
            why = pattern_problem(item.value)
            if why:
                problems.append(Problem(rel, f"the pattern '{item.value}' {why}",
                                        "correct it (see the list of allowed regex in the file's header)",
                                        item.start_mark.line + 1))
        lists[name] = [item.value for item in items]
    if problems:
        return None, problems
    return Rule(sign=str(fields["sign"].value), why=str(fields["why"].value).strip(),
                patterns=tuple(browser_pattern(p) for p in lists["patterns"]),
                unless=tuple(browser_pattern(p) for p in lists["unless"]),
                line=fields["sign"].start_mark.line + 1), []



def sign_problems(rules: list[Rule], headings: set[str], page_rel: str, rel: str) -> list[Problem]:
    """A rule (in the data file `rel`) whose sign is not a heading id of the signs page (page_rel), or a second
    rule for one sign."""
    problems, seen = [], set()
    for rule in rules:
        if rule.sign not in headings:
            problems.append(Problem(rel, f"the sign '{rule.sign}' is not a heading on {page_rel}",
                                    f"use the id of a warning sign's heading there ({', '.join(sorted(headings)) or 'none'}), "
                                    "or add the sign to that page first", rule.line))
        elif rule.sign in seen:
            problems.append(Problem(rel, f"the sign '{rule.sign}' has two rules",
                                    "add the patterns to the first rule and remove the second", rule.line))
        seen.add(rule.sign)
    return problems
