"""Compile each theme template once, not once per page, language and build.

MkDocs makes a new Jinja environment for every `config.theme.get_env()` (every language build, and every hook
that renders a partial), and each new environment compiles the templates it loads again: about half the time
of a small build. Every environment now shares one bytecode cache:
- in memory, for the rest of the process (both languages of a build, every rebuild of `mkdocs serve`);
- on disk in `.cache/jinja/` (or the folder in KA_TEMPLATE_CACHE; the tests share one), for the next build.
Jinja checks each cached template against a checksum of its source: an edited template is compiled anew.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority

_memory: dict[str, tuple[str, object]] = {}


class _SharedCache(jinja2.FileSystemBytecodeCache):
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


# Before every other hook and plugin asks the theme for an environment.
@event_priority(1000)
def on_config(config):
    folder = Path(os.environ.get("KA_TEMPLATE_CACHE") or Path(config.config_file_path).parent / ".cache" / "jinja")
    folder.mkdir(parents=True, exist_ok=True)
    cache = _SharedCache(str(folder))
    theme = config.theme
    make_env = type(theme).get_env.__get__(theme)

    def get_env():
        env = make_env()
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env
    return config
