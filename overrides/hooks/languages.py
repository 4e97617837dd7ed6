"""The site's languages and the words of its interface in each. Not a hook: the hooks, rules and checks import it.

The languages are the i18n plugin's `languages:` in mkdocs.yml, the default language first (today `id`, then
`en`): no other file names a language. Each language has one file of interface strings,
overrides/strings/<language>.yml, grouped by feature (`share:`, `contacts:` …); templates read them through
the Jinja global `ka_strings` (`ka_strings[language].share["copy"]`), the hooks through `strings()`. A new
language is one entry in mkdocs.yml, one strings file, its pages and the translated fields of the data files.

Every language's file must hold the same keys as the default language's: a missing file or key stops the build
with one line naming the file and the key (languages_checks.py, and `problems()` in a plain `mkdocs build`). A key
the templates or hooks read that is in no file stops it too, as it is read (`Strings`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

import safe_yaml
from problem import Problem

STRINGS_DIR = "overrides/strings"

# Parsed files, keyed by their content: the only state kept between builds.
_parsed: dict[str, object] = {}


def of(config) -> list[str]:
    """The languages this build makes, the default first, from the i18n plugin's settings."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [config.theme["language"]]
    entries = [lang for lang in i18n.config.languages if lang.build]
    return [lang.locale for lang in sorted(entries, key=lambda lang: not lang.default)]


def default(config) -> str:
    return of(config)[0]


def folder(config, code: str) -> str:
    """Where a language's pages live in the built site: "" for the default language (the i18n plugin builds it at
    the site's root), "<code>/" for each other ("en/")."""
    return "" if code == default(config) else f"{code}/"


def language_of_file(name: str, codes: list[str]) -> str | None:
    """kontak.en.md -> "en"; a name without one of the site's languages -> None."""
    parts = name.split(".")
    return parts[-2] if len(parts) >= 3 and parts[-2] in codes else None


def _parse(text: str):
    key = hashlib.sha256(text.encode()).hexdigest()
    if key not in _parsed:
        _parsed[key] = yaml.load(text, Loader=safe_yaml.LOADER)
    return _parsed[key]


def load(root: Path, codes: list[str]) -> tuple[dict[str, dict], list[Problem]]:
    """Every language's strings ({language: {feature: {key: text}}}) and what is wrong with them."""
    found, problems = {}, []
    for code in codes:
        path = Path(root) / STRINGS_DIR / f"{code}.yml"
        rel = f"{STRINGS_DIR}/{code}.yml"
        try:
            data = _parse(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(Problem("mkdocs.yml", f"the language '{code}' has no interface strings file {rel}",
                                    f"copy {STRINGS_DIR}/{codes[0]}.yml to {rel} and translate every text"))
            continue
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            line = getattr(getattr(error, "problem_mark", None), "line", None)
            problems.append(Problem(rel, f"cannot read the strings: {str(error).splitlines()[0]}",
                                    "write it as 'feature:' lines with 'key: text' lines indented below",
                                    line + 1 if line is not None else None))
            continue
        if not isinstance(data, dict) or not all(isinstance(group, dict) for group in data.values()):
            problems.append(Problem(rel, "the strings are not grouped by feature",
                                    "write it as 'feature:' lines with 'key: text' lines indented below"))
            continue
        found[code] = Strings({group: Strings(texts, rel, group) for group, texts in data.items()}, rel)
    if codes and codes[0] in found:
        problems += _same_keys(found, codes[0])
    return found, problems


class Strings(dict):
    """One language's strings, or one feature's. A key that the templates or hooks read and that no language has
    stops the build with one line naming the file: Jinja would print nothing for it, and the page's checks would
    then report a consequence (an empty button, a script's changed hash) instead of the cause."""

    def __init__(self, texts: dict, rel: str, group: str = ""):
        super().__init__(texts)
        self.rel, self.group = rel, group

    def __missing__(self, key):
        name = f"{self.group}.{key}" if self.group else str(key)
        where = f"under '{self.group}:'" if self.group else f"as a group '{key}:' with its keys"
        raise PluginError(str(Problem(self.rel, f"the site reads the key '{name}', which is missing",
                                      f"add it {where} in every language's strings file ({STRINGS_DIR}/)")))


def _keys(data: dict) -> dict[str, object]:
    return {f"{group}.{key}": value for group, texts in data.items() for key, value in texts.items()}


def _same_keys(found: dict[str, dict], first: str) -> list[Problem]:
    """Every language has the keys of the default language, each with text of the same kind, and no other."""
    problems = []
    wanted = _keys(found[first])
    for code, data in found.items():
        rel = f"{STRINGS_DIR}/{code}.yml"
        have = _keys(data)
        for key, value in wanted.items():
            if key not in have:
                problems.append(Problem(rel, f"the key '{key}' is missing ({STRINGS_DIR}/{first}.yml has it)",
                                        f"add it under '{key.split('.', 1)[0]}:', translated"))
            elif not _text_like(have[key], value):
                problems.append(Problem(rel, f"the key '{key}' is empty or not like in {STRINGS_DIR}/{first}.yml",
                                        "give it a text (or a list of texts where the default language has one)"))
        for key in have.keys() - wanted.keys():
            problems.append(Problem(rel, f"the key '{key}' is not in {STRINGS_DIR}/{first}.yml",
                                    "add it there too, or remove it here"))
    return problems


def _text_like(value, model) -> bool:
    if isinstance(model, list):
        return isinstance(value, list) and len(value) == len(model) and all(_text_like(v, "") for v in value)
    return isinstance(value, str) and bool(value.strip())


_KEPT = "_ka_strings"


def strings(config) -> dict[str, dict]:
    """This build's strings, per language; a mistake stops a plain `mkdocs build` with the checks' line.

    Read once per build and kept on its config, as pipeline.Build is: every language's build shares that config,
    and `mkdocs serve` makes a new one for each rebuild, so an edited strings file is read again."""
    found = getattr(config, _KEPT, None)
    if found is None:
        found, problems = load(Path(config.config_file_path).resolve().parent, of(config))
        if problems:
            raise PluginError(str(problems[0]))
        setattr(config, _KEPT, found)
    return found


def install(env, config):
    """Give a Jinja environment the strings (the page templates' and each hook's own environment)."""
    env.globals["ka_strings"] = strings(config)
    return env
