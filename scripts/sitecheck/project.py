"""Where a project's pieces are, read from its mkdocs.yml, and how built pages map to Markdown sources."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mkdocs import exceptions
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

import languages  # overrides/hooks/languages.py (sitecheck puts the hooks' folder on the path)


def read_config(config_file: Path) -> MkDocsConfig:
    """mkdocs.yml as MkDocs reads it (`mkdocs.config.load_config`): `!ENV [SITE_URL, …]` and every other tag resolved,
    every setting validated and given its default, site_url ending with "/". It imports the hooks, as MkDocs does;
    importing a hook changes nothing (tests/test_patches.py). A setting MkDocs rejects raises ConfigError."""
    records = _Said()
    logger = logging.getLogger("mkdocs.config")
    logger.addHandler(records)
    propagate, logger.propagate = logger.propagate, False  # said once, in the ConfigError
    try:
        return load_config(str(config_file))
    except (exceptions.ConfigurationError, exceptions.Abort) as error:
        said = [f"{record.getMessage()}" for record in records.records] or [str(error)]
        raise ConfigError("; ".join(said)) from None
    finally:
        logger.removeHandler(records)
        logger.propagate = propagate


class ConfigError(Exception):
    """mkdocs.yml cannot be read or has a setting MkDocs rejects: the message is MkDocs' own."""


class _Said(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@dataclass
class Project:
    root: Path
    docs_dir: Path
    default_language: str
    other_languages: list[str]
    site_url: str
    config: MkDocsConfig = field(repr=False)

    @property
    def languages(self) -> list[str]:
        return [self.default_language, *self.other_languages]

    @classmethod
    def load(cls, root: Path) -> "Project":
        root = Path(root).resolve()
        config = read_config(root / "mkdocs.yml")
        default, *others = languages.of(config)
        return cls(
            root=root,
            docs_dir=Path(config.docs_dir),
            default_language=default,
            other_languages=others,
            site_url=config.site_url or "",
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
