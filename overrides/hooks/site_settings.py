"""This site's own settings under `extra:` in mkdocs.yml, checked with MkDocs' own config schema.

Material's plugins declare their settings the same way (a `base.Config` with `config_options`); `extra:` has no
schema of its own in MkDocs, so an unknown or mistyped key there was silently ignored (`ka_offline_zipp: true`
built no offline copy). The hook checks them first, so a plain `mkdocs build` stops on a bad setting (strict);
site_settings_checks.py reports the same line before the checked build starts MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from problem import Problem, find_line

log = logging.getLogger("mkdocs.hooks.site_settings")


class ExtraSettings(base.Config):
    """The `extra:` keys the code reads (any other `ka_…` key is a mistake); the rest of `extra:` is the theme's."""
    # scripts/build.py makes the offline zip (scripts/offline_zip.py) and phone.py links it.
    ka_offline_zip = c.Type(bool, default=False)
    # The ways to report a mistake; contacts_book.report_channels checks each channel.
    report = c.Optional(c.Type(dict))


FIXES = {
    "ka_offline_zip": "write 'ka_offline_zip: true' (the checked build makes the offline zip) or 'false'",
    "report": "write 'report:' then one channel per line below it, e.g. '  github: laporan-kesalahan.yml'",
}


def _ours(key: str) -> bool:
    return key.startswith("ka_") or key in FIXES


def problems(extra, config_file: Path) -> list[Problem]:
    """One problem per wrong setting of this site under `extra:`, on its line of mkdocs.yml."""
    settings = ExtraSettings(config_file_path=str(config_file))
    settings.load_dict({key: value for key, value in dict(extra or {}).items() if _ours(key)})
    failed, warnings = settings.validate()
    found = [Problem("mkdocs.yml", f"'extra: {key}:' is not valid ({error})", FIXES[key],
                     find_line(config_file, f"{key}:")) for key, error in failed]
    # MkDocs warns about a key it does not know; under `extra:` with our prefix it is a typo.
    found += [Problem("mkdocs.yml", f"'extra: {key}:' is not a setting of this site",
                      f"use one of {', '.join(FIXES)} (or remove the line)", find_line(config_file, f"{key}:"))
              for key, _ in warnings if key not in FIXES]
    return found


def on_config(config):
    for problem in problems(config.extra, Path(config.config_file_path)):
        log.error(str(problem))
    return config
