"""Where a project's pieces are, read from its mkdocs.yml, and how built pages map to Markdown sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from mkdocs.config import config_options
from mkdocs.utils.yaml import get_yaml_loader


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving its other tags (!relative, python/...): we only need plain settings."""


def _untagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if values else None
    return loader.construct_mapping(node)


_ConfigLoader.add_multi_constructor("!", _untagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)
# MkDocs' own loader on top: `!ENV [SITE_URL, default]` resolves exactly as in the build the checks look at
# (a small step toward reading the whole config through MkDocs' load_config).
_MkDocsLoader = get_yaml_loader(_ConfigLoader)


def _site_url(value) -> str:
    """site_url as MkDocs keeps it: a folder address ends with "/" (https://example.org -> https://example.org/)."""
    return config_options.URL(is_dir=True).validate(str(value or ""))


@dataclass
class Project:
    root: Path
    docs_dir: Path
    default_language: str
    other_languages: list[str]
    site_url: str
    config: dict = field(repr=False)

    @property
    def languages(self) -> list[str]:
        return [self.default_language, *self.other_languages]

    @classmethod
    def load(cls, root: Path) -> "Project":
        root = Path(root).resolve()
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)
        i18n = {}
        for plugin in config.get("plugins", []):
            if isinstance(plugin, dict) and "i18n" in plugin:
                i18n = plugin["i18n"] or {}
        languages = i18n.get("languages", [])
        default = next((lang["locale"] for lang in languages if lang.get("default")), "id")
        others = [lang["locale"] for lang in languages
                  if not lang.get("default") and lang.get("build", True)]
        return cls(
            root=root,
            docs_dir=root / config.get("docs_dir", "docs"),
            default_language=default,
            other_languages=others,
            site_url=_site_url(config.get("site_url")),
            config=config,
        )

    # --- sources -----------------------------------------------------------------------------

    def markdown_files(self) -> list[Path]:
        """Every page source, skipping folders that start with "_" (data and templates)."""
        return sorted(
            path for path in self.docs_dir.rglob("*.md")
            if not any(part.startswith("_") for part in path.relative_to(self.docs_dir).parts)
        )

    def rel(self, path: Path) -> str:
        """A path as an editor sees it from the project root, e.g. docs/kontak.id.md."""
        try:
            return PurePosixPath(Path(path).resolve().relative_to(self.root)).as_posix()
        except ValueError:
            return str(path)

    def language_of(self, source: Path) -> str | None:
        parts = source.name.split(".")
        if len(parts) >= 3 and parts[-2] in self.languages:
            return parts[-2]
        return None

    def twin_of(self, source: Path, language: str) -> Path:
        """docs/x.id.md -> docs/x.en.md"""
        stem = source.name.rsplit(".", 2)[0]
        return source.with_name(f"{stem}.{language}.md")

    def translation_pairs(self, sources):
        """(translation, original) for every translated page whose two files could both be read."""
        by_path = {s.path: s for s in sources}
        for source in sources:
            if source.language in (None, self.default_language) or not source.front_matter_ok:
                continue
            original = by_path.get(self.twin_of(source.path, self.default_language))
            if original is not None and original.front_matter_ok:
                yield source, original

    def slug_of(self, source: Path) -> str:
        """docs/tppo/index.id.md -> tppo/index"""
        rel = source.relative_to(self.docs_dir).as_posix()
        return rel.rsplit(".", 2)[0]

    # --- built pages -------------------------------------------------------------------------

    def page_language(self, html_rel: str) -> str:
        first = html_rel.split("/", 1)[0]
        return first if first in self.other_languages else self.default_language

    def source_for(self, html_rel: str) -> tuple[Path, str]:
        """The Markdown file a built page should come from, and the page's language.

        site/en/tppo/index.html -> docs/tppo/index.en.md (or docs/tppo.en.md); site/index.html ->
        docs/index.id.md. The path is returned even when the file does not exist (a fallback page).
        """
        language = self.page_language(html_rel)
        parts = html_rel.split("/")
        if language != self.default_language:
            parts = parts[1:]
        folder = "/".join(parts[:-1])
        candidates = []
        if folder:
            candidates.append(self.docs_dir / f"{folder}.{language}.md")
            candidates.append(self.docs_dir / folder / f"index.{language}.md")
        else:
            candidates.append(self.docs_dir / f"index.{language}.md")
        for candidate in candidates:
            if candidate.exists():
                return candidate, language
        return candidates[0], language
