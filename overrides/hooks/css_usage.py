"""Which CSS rules can apply to the built site, in any state a reader can reach.

Used by overrides/hooks/theme_css.py (keeps only the rules of Material's stylesheet that can apply) and by
scripts/css_usage_report.py (reports the rules of our own stylesheet that cannot). Not a hook: it has no MkDocs events.

CSS is parsed with tinycss2, selectors are matched with soupsieve against every built page (BeautifulSoup).
A page as built is not every state a reader sees: scripts add classes and attributes (Material's
`md-search-result__item`, our `ka-listen--on`), create elements (search results, the listen bar's stop button)
and the reader hovers, focuses, ticks and opens things. So a selector is first *relaxed*, and the relaxed
selector is matched against the built pages. Relaxing drops every part of a selector that a script or the
reader can make true, which only ever makes a selector match more, never less:

- every pseudo-class and pseudo-element (`:hover`, `:checked`, `:not(…)`, `:has(…)`, `:first-child`,
  `::before`, …); inside `:is()` and `:where()` each argument is relaxed the same way;
- every class, attribute name and id that a shipped script names other than in a selector it looks for
  (the words of the scripts: Material's bundle, our joined script and listen.js), since a script may set it;
- every element name that a shipped script writes in quotes or as HTML ("li", `<mark`), since a script may
  create it.

A compound left with nothing may be an element a script creates anywhere: the selector is cut there, and the
pieces around it must each match on one page. A rule is kept when one of its relaxed selectors matches; a
selector list keeps only the selectors that can match. Custom properties and @keyframes that no kept rule, our
stylesheet, a page's inline style or a script uses go too. The rule list of a state set by a script is therefore derived from the
scripts themselves and follows them when Material or our scripts change, with no list to keep by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import soupsieve
import tinycss2
from bs4 import BeautifulSoup

# The functional pseudo-classes whose arguments are selectors that may match (relaxed inside, kept).
# (`:has()` is left out with the others: dropping it only widens the match, as for `:not()`.)
RELAXED_INSIDE = {"is", "where", "matches", "-webkit-any", "-moz-any"}
# A name a script may set: a word of the script (class names have - and _), except where it follows ".", "#"
# or "[": there the script only looks for it (a selector: ".tabbed-set", "[data-md-component]"), and what a
# script only looks for it does not create. Setting names it bare: class:"md-search-result__link",
# classList.add("ka-listen--on"), setAttribute("data-state", …).
SCRIPT_WORD = re.compile(r"(?<![\w.#\[-])[A-Za-z_][\w-]*")
# An element name a script writes in quotes or as HTML: document.createElement("li"), Material's h("h1", …),
# `<mark data-md-highlight>` in a template string.
SCRIPT_TAG = re.compile(r"""["'`]([a-z][a-z0-9]*)["'`]|<([a-z][a-z0-9]*)[\s>/]""")


@dataclass
class ScriptNames:
    """The names the site's scripts use: any class, attribute or id among them may be set by a script."""
    words: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, scripts: list[str]) -> "ScriptNames":
        names = cls()
        for text in scripts:
            names.words.update(SCRIPT_WORD.findall(text))
            names.tags.update(quoted or html for quoted, html in SCRIPT_TAG.findall(text))
        return names


@dataclass
class Site:
    """The built pages, parsed once, with the names each page uses (to skip pages that cannot match)."""
    soups: list[BeautifulSoup]
    names: list[set[str]]
    all_names: set[str]
    inline_css: str  # the pages' <style> elements and style attributes (they may use custom properties)
    _seen: dict = field(default_factory=dict)

    @classmethod
    def of(cls, pages: list[str]) -> "Site":
        soups = [BeautifulSoup(html, "html.parser") for html in pages]
        names = [_page_names(soup) for soup in soups]
        inline = [style.get_text() for soup in soups for style in soup.find_all("style")]
        inline += ["x{" + tag["style"] + "}" for soup in soups for tag in soup.find_all(style=True)]
        return cls(soups, names, set().union(*names) if names else set(), "\n".join(inline))

    def matches(self, parts: list[str], needed: set[str]) -> bool:
        """Whether one page has an element for each part (see relax)."""
        if not needed <= self.all_names:
            return False
        key = (tuple(parts), frozenset(needed))
        if key not in self._seen:  # Material repeats a selector in many rules (@media, [dir=rtl] twins)
            self._seen[key] = self._matches(parts, needed)
        return self._seen[key]

    def _matches(self, parts: list[str], needed: set[str]) -> bool:
        compiled = [_compile(part) for part in parts]
        if None in compiled:  # a selector soupsieve cannot read: kept, never guessed away
            return True
        return any(needed <= names and all(c.select_one(soup) is not None for c in compiled)
                   for soup, names in zip(self.soups, self.names))


def _page_names(soup: BeautifulSoup) -> set[str]:
    names = set()
    for tag in soup.find_all(True):
        names.add("<" + tag.name)
        for attr, value in tag.attrs.items():
            names.add("[" + attr)
            if attr == "class":
                names.update("." + c for c in value)
            elif attr == "id":
                names.add("#" + value)
    return names


@lru_cache(maxsize=None)
def _compile(selector: str):
    try:
        return soupsieve.compile(selector)
    except (soupsieve.SelectorSyntaxError, NotImplementedError, ValueError):
        return None


def split_selectors(prelude: list) -> list[list]:
    """A rule's selector list, split at its top-level commas (commas inside :is(…) are in a function token)."""
    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [_strip(part) for part in parts]


def _strip(tokens: list) -> list:
    tokens = [t for t in tokens if t.type != "comment"]
    while tokens and tokens[0].type == "whitespace":
        tokens = tokens[1:]
    while tokens and tokens[-1].type == "whitespace":
        tokens = tokens[:-1]
    return tokens


def _compounds(tokens: list) -> list[tuple[str, list]]:
    """A complex selector as (combinator before it, compound tokens) pairs; the first combinator is ''."""
    result: list[tuple[str, list]] = [("", [])]
    pending = None
    for token in tokens:
        if token.type == "whitespace":
            if result[-1][1]:
                pending = pending or " "
            continue
        if token.type == "literal" and token.value in (">", "+", "~"):
            pending = token.value
            continue
        if pending is not None:
            result.append((pending, []))
            pending = None
        result[-1][1].append(token)
    return result


def relax(tokens: list, names: ScriptNames, needed: set[str]) -> list[str]:
    """The selector with every part a script or the reader can make true left out (see the docstring), as
    one or more parts that must each match an element of the same page. A compound left with nothing (every
    part of it may be made by a script: Material's search results, our listen bar's button) may be an element
    a script creates anywhere, at any depth: the selector is cut there, and the pieces around it need only
    exist. `needed` receives the names a page must hold for the parts to match there."""
    parts: list[list[str]] = [[]]
    for combinator, compound in _compounds(tokens):
        text = _relax_compound(compound, names, needed)
        if not text:
            parts.append([])
            continue
        joiner = "" if combinator in ("", " ") or not parts[-1] else combinator + " "
        parts[-1].append(joiner + text)
    return [" ".join(part) for part in parts if part] or ["*"]


def _relax_compound(tokens: list, names: ScriptNames, needed: set[str]) -> str:
    parts = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.type == "literal" and token.value == ":":
            # ':' (pseudo-class) or '::' (pseudo-element), then a name or a function.
            while nxt is not None and nxt.type == "literal" and nxt.value == ":":
                i += 1
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and nxt.type == "function" and nxt.lower_name in RELAXED_INSIDE:
                args = [relax(arg, names, set()) for arg in split_selectors(nxt.arguments) if arg]
                # An argument cut in pieces (see relax) may match anything: the :is() is left out.
                if args and all(len(arg) == 1 and arg[0] != "*" for arg in args):
                    parts.append(f":is({', '.join(arg[0] for arg in args)})")
            i += 2
            continue
        if token.type == "literal" and token.value == "." and nxt is not None and nxt.type == "ident":
            if nxt.value not in names.words:
                parts.append("." + tinycss2.serialize([nxt]))
                needed.add("." + nxt.value)
            i += 2
            continue
        if token.type == "hash":
            if token.value not in names.words:
                parts.append(tinycss2.serialize([token]))
                needed.add("#" + token.value)
            i += 1
            continue
        if token.type == "[] block":
            attr = next((t.value for t in token.content if t.type == "ident"), None)
            if attr is not None and attr not in names.words:
                parts.append(tinycss2.serialize([token]))
                needed.add("[" + attr.lower())
            i += 1
            continue
        if token.type == "ident" and not parts:
            tag = token.lower_value
            if tag not in names.tags:
                parts.insert(0, tag)
                needed.add("<" + tag)
            i += 1
            continue
        if token.type == "literal" and token.value == "*":
            i += 1
            continue
        # Anything else (a namespace bar, an unknown token): the selector as it is, unrelaxed but safe.
        parts.append(tinycss2.serialize([token]))
        i += 1
    return "".join(parts)


def selector_can_match(tokens: list, names: ScriptNames, site: Site) -> bool:
    needed: set[str] = set()
    relaxed = relax(tokens, names, needed)
    return site.matches(relaxed, needed)


@dataclass
class Kept:
    css: str
    dropped: list[tuple[int, str]]  # selectors that can match nothing: (line of their rule, selector as written)


def reduce(css: str, names: ScriptNames, site: Site, also_used: str = "") -> Kept:
    """`css` with only the rules that can apply (see the docstring); @keyframes and custom properties that
    nothing uses go too. `also_used` is other CSS of the same pages (our stylesheet), which may use them."""
    dropped: list[tuple[int, str]] = []
    kept = _keep_rules(tinycss2.parse_stylesheet(css, skip_comments=True), names, site, dropped)
    declarations = list(_declarations_of(kept))
    used = _used_names(declarations, also_used, names)
    return Kept(_serialize(kept, used), dropped)


@dataclass
class _Rule:
    prelude: list
    declarations: list  # tinycss2 Declaration nodes


@dataclass
class _Group:
    at_rule: object  # @media or @supports, with its kept rules in `rules`
    rules: list


def _keep_rules(rules: list, names: ScriptNames, site: Site, dropped: list[tuple[int, str]]) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = split_selectors(rule.prelude)
            matching = [s for s in selectors if selector_can_match(s, names, site)]
            dropped += [(rule.source_line, tinycss2.serialize(s)) for s in selectors if s not in matching]
            if matching:
                body = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
                kept.append(_Rule(_join_selectors(matching), [d for d in body if d.type == "declaration"]))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            inner = _keep_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True), names, site, dropped)
            if inner:
                kept.append(_Group(rule, inner))
        elif rule.type not in ("whitespace", "comment"):
            kept.append(rule)
    return kept


def _join_selectors(selectors: list[list]) -> list:
    joined: list = []
    for selector in selectors:
        if joined:
            joined.append(tinycss2.ast.LiteralToken(0, 0, ","))
        joined += selector
    return joined


def _declarations_of(rules: list):
    for rule in rules:
        if isinstance(rule, _Rule):
            yield from rule.declarations
        elif isinstance(rule, _Group):
            yield from _declarations_of(rule.rules)


def _used_names(declarations: list, also_used: str, names: ScriptNames) -> set[str]:
    """Every name used by a kept declaration's value (a custom property in var(), an animation), by our CSS
    or by a script. A custom property counts only once something used uses it."""
    used = set(names.words) | {t.value for t in _flatten(tinycss2.parse_component_value_list(also_used))
                               if t.type == "ident"}
    custom = {}
    for declaration in declarations:
        idents = {t.value for t in _flatten(declaration.value) if t.type == "ident"}
        if declaration.name.startswith("--"):
            custom.setdefault(declaration.name, set()).update(idents)
        else:
            used |= idents
    waiting = [name for name in custom if name in used]
    while waiting:
        for name in custom.pop(waiting.pop(), set()) - used:
            used.add(name)
            if name in custom:
                waiting.append(name)
    return used


def _flatten(tokens):
    for token in tokens or []:
        yield token
        if token.type == "function":
            yield from _flatten(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _flatten(token.content)


def _serialize(rules: list, used: set[str]) -> str:
    out = []
    for rule in rules:
        if isinstance(rule, _Rule):
            body = ";".join(tinycss2.serialize([d]).strip() for d in rule.declarations
                            if not d.name.startswith("--") or d.name in used)
            if body:
                out.append(f"{tinycss2.serialize(rule.prelude)}{{{body}}}")
        elif isinstance(rule, _Group):
            inner = _serialize(rule.rules, used)
            if inner:
                out.append(f"@{rule.at_rule.at_keyword}{tinycss2.serialize(rule.at_rule.prelude)}{{{inner}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword.endswith("keyframes"):
            if next((t.value for t in rule.prelude if t.type == "ident"), None) in used:
                out.append(tinycss2.serialize([rule]))
        else:
            out.append(tinycss2.serialize([rule]))
    return "".join(out)
