"""Compile each theme template once, not once per page, language and build.

MkDocs makes a new Jinja environment for every `config.theme.get_env()` (every language build, and every hook
that renders a partial), and each new environment compiles the templates it loads again: about half the time
of a small build. Every environment now shares one bytecode cache:
- in memory, for the rest of the process (both languages of a build, every rebuild of `mkdocs serve`);
- on disk in `.cache/jinja/` (or the folder in KA_TEMPLATE_CACHE; the tests share one), for the next build.
Each compiled template is kept under its name, a checksum of its source and the environment's compile settings:
an edited template is compiled anew, and a copy of the project (a test's fixture site) reuses what the project
compiled. The hooks' own environments (contacts.py, glossary.py) use the same cache.

The same environments also list the theme's files faster. MkDocs copies every theme file that its filter lets
through (`Files.add_files_from_theme`), and its filter drops every name with a part that starts with a dot.
Jinja's listing walks all of them first, Material's 14,000 icons in `.icons/` included: about 0.4 s per
language, every build and every rebuild. Our listing skips dot folders and dot files as it walks, so MkDocs
gets the same files (tests/test_build_checks.py compares both lists).

Both reach into internals (MkDocs' Theme.get_env, Jinja's loader and bytecode buckets): they are used only on the
versions in WRITTEN_FOR (internals.py), and KA_NO_PATCH=template_cache builds without them (tests/test_patches.py
finds the same pages).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import jinja2
import jinja2.bccache

import internals

WRITTEN_FOR = {"mkdocs": "1.6.1", "Jinja2": "3.1.6"}
_memory: dict[str, tuple[str, object]] = {}


def _compile_options(environment: jinja2.Environment) -> str:
    """The settings of an environment that change the code a template compiles to. The hooks' own environments
    (contacts.py trims blocks, glossary.py keeps trailing newlines) share the cache with the theme's."""
    def named(value):
        return getattr(value, "__qualname__", value)
    return repr((environment.block_start_string, environment.block_end_string, environment.variable_start_string,
                 environment.variable_end_string, environment.comment_start_string, environment.comment_end_string,
                 environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
                 environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
                 named(environment.autoescape), named(environment.finalize), environment.optimized,
                 environment.is_async, sorted(environment.extensions)))


class _SharedCache(jinja2.FileSystemBytecodeCache):
    def get_bucket(self, environment, name, filename, source):
        # Keyed by the template's name, its source and the environment's compile settings, not by its folder: a
        # copy of the project (each test's fixture site, the bench's copy) finds the templates it shares with the
        # project already compiled.
        checksum = self.get_source_checksum(source)
        key = self.get_cache_key(name, f"{checksum}|{_compile_options(environment)}")
        bucket = jinja2.bccache.Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket):
        kept = _memory.get(bucket.key)
        if kept and kept[0] == bucket.checksum:
            bucket.code = kept[1]
            return
        super().load_bytecode(bucket)
        if bucket.code is not None:
            _memory[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket):
        _memory[bucket.key] = (bucket.checksum, bucket.code)
        super().dump_bytecode(bucket)


def visible_templates(loader: jinja2.FileSystemLoader) -> list[str]:
    """Jinja's FileSystemLoader.list_templates, without names that have a part starting with a dot."""
    found = set()
    for searchpath in loader.searchpath:
        for folder, subfolders, filenames in os.walk(searchpath, followlinks=loader.followlinks):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for filename in filenames:
                if filename.startswith("."):
                    continue
                name = os.path.join(folder, filename)[len(searchpath):].strip(os.sep).replace(os.sep, "/")
                found.add(name[2:] if name[:2] == "./" else name)
    return sorted(found)


# Before every other step and plugin asks the theme for an environment (pipeline.py).
def install(config):
    if not internals.allowed("template_cache", WRITTEN_FOR):
        return config
    folder = Path(os.environ.get("KA_TEMPLATE_CACHE") or Path(config.config_file_path).parent / ".cache" / "jinja")
    folder.mkdir(parents=True, exist_ok=True)
    cache = _SharedCache(str(folder))
    theme = config.theme
    make_env = type(theme).get_env.__get__(theme)

    def get_env():
        env = make_env()
        env.bytecode_cache = cache
        if isinstance(env.loader, jinja2.FileSystemLoader):
            env.loader.list_templates = functools.partial(visible_templates, env.loader)
        return env

    theme.get_env = get_env
    return config
