"""This site's own settings under `extra:` in mkdocs.yml, checked with MkDocs' own config schema.

Material's plugins declare their settings the same way (a `base.Config` with `config_options`); `extra:` has no
schema of its own in MkDocs, so an unknown or mistyped key there was silently ignored (`ka_offline_zipp: true`
built no offline copy). The hook checks them first, so a plain `mkdocs build` stops on a bad setting (strict);
site_settings_checks.py reports the same line before the checked build starts MkDocs.

`extra.report` (the ways readers report a mistake) is checked here and nowhere else: its schema is ReportSettings,
and `report_channels` gives the hooks the channels that passed it. Whether the site has the report page the
channels need is a question about the pages (contacts_book.report_channels).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import phonenumbers
from mkdocs.config import base
from mkdocs.config import config_options as c

from problem import Problem, find_line

log = logging.getLogger("mkdocs.hooks.site_settings")

NO_CHANNEL = "readers have no way to report a mistake: 'extra: report:' names no channel"
HOW_TO_REPORT = ("under 'extra:' in mkdocs.yml write 'report:' then '  github: laporan-kesalahan.yml' (the issue form "
                 "in the repository of repo_url) (or 'email:' / 'whatsapp:')")
EMAIL = re.compile(r"^[^@\s:/?]+@[^@\s:/?]+\.[a-z]{2,}$", re.I)
REPOSITORY = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+")
NEW_ISSUE = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+/issues/new(\?[\w=&.%-]*)?")
CHANNELS = ("github", "email", "whatsapp")  # ReportSettings' keys, in the order the pages show them


class SettingError(base.ValidationError):
    """A wrong setting, with the editor's fix (MkDocs keeps the error object, so the fix travels with it)."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


class Channel(c.BaseConfigOption[str]):
    """One way to report a mistake: a text that `rule` turns into the value a link uses; empty is not set."""

    def __init__(self, rule):
        super().__init__()
        self.rule = rule

    def run_validation(self, value: object) -> str | None:
        if value in (None, ""):
            return None
        return self.rule(str(value).strip())


def _github(value: str) -> str:
    """The issue form's file name (its address comes from repo_url), or a full new-issue address."""
    if "/" not in value or NEW_ISSUE.fullmatch(value):
        return value
    raise SettingError(f"'report: github: {value}' is not a GitHub new-issue address",
                       "write https://github.com/<org>/<repo>/issues/new?template=laporan-kesalahan.yml")


def _email(value: str) -> str:
    if EMAIL.match(value):
        return value
    raise SettingError(f"'report: email: {value}' is not an email address",
                       "write the address alone, e.g. email: nama@contoh.org")


def _whatsapp(value: str) -> str:
    """A mobile number in E.164 form (WhatsApp runs on mobile numbers)."""
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        parsed = None
    mobile = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if re.fullmatch(r"\+\d{7,15}", value) and parsed and phonenumbers.is_valid_number(parsed) \
            and phonenumbers.number_type(parsed) in mobile:
        return value
    raise SettingError(f"'report: whatsapp: {value}' is not a WhatsApp number",
                       "write it in E.164 form in quotes, e.g. whatsapp: \"+628…\"")


class ReportSettings(base.Config):
    """`extra.report`: each channel set here is shown, in this order (the page /lapor/, the link at the end of
    every page, "Nomor ini salah?" on every contact card)."""
    github = Channel(_github)
    email = Channel(_email)
    whatsapp = Channel(_whatsapp)


class ExtraSettings(base.Config):
    """The `extra:` keys the code reads (any other `ka_…` key is a mistake); the rest of `extra:` is the theme's."""
    # scripts/build.py makes the offline zip (scripts/offline_zip.py) and phone.py links it.
    ka_offline_zip = c.Type(bool, default=False)
    # The ways to report a mistake, each checked by ReportSettings.
    report = c.Optional(c.Type(dict))


FIXES = {
    "ka_offline_zip": "write 'ka_offline_zip: true' (the checked build makes the offline zip) or 'false'",
    "report": "write 'report:' then one channel per line below it, e.g. '  github: laporan-kesalahan.yml'",
}


def _ours(key: str) -> bool:
    return key.startswith("ka_") or key in FIXES


def problems(config, config_file: Path) -> list[Problem]:
    """One problem per wrong setting of this site under `extra:` (and `extra.report:`), on its line of mkdocs.yml.
    `config`: MkDocs' config, or any mapping with its `extra` and `repo_url`."""
    extra = dict(config.get("extra") or {})
    settings = ExtraSettings(config_file_path=str(config_file))
    settings.load_dict({key: value for key, value in extra.items() if _ours(key)})
    failed, warnings = settings.validate()
    found = [Problem("mkdocs.yml", f"'extra: {key}:' is not valid ({error})", FIXES[key],
                     _line_of(config_file, key)) for key, error in failed]
    # MkDocs warns about a key it does not know; under `extra:` with our prefix it is a typo.
    found += [Problem("mkdocs.yml", f"'extra: {key}:' is not a setting of this site",
                      f"use one of {', '.join(FIXES)} (or remove the line)", _line_of(config_file, key))
              for key, _ in warnings if key not in FIXES]
    if isinstance(extra.get("report"), dict):
        channels, wrong = _report(config)
        found += [Problem("mkdocs.yml", str(error), error.fix, _line_of(config_file, key)) for key, error in wrong]
        if not channels and not wrong:
            found.append(Problem("mkdocs.yml", NO_CHANNEL, HOW_TO_REPORT, _line_of(config_file, "report")))
    return found


def _line_of(config_file: Path, key: str) -> int | None:
    """The line that sets `key` (not a comment that shows how to set it: `# email: nama@contoh.org`)."""
    line = find_line(config_file, f"{key}:")
    try:
        lines = Path(config_file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return line
    return next((number for number, text in enumerate(lines, start=1) if text.lstrip().startswith(f"{key}:")), line)


def report_channels(config) -> list[dict]:
    """The ways to report a mistake that passed the schema, in order: [{"kind": "github", "value": address}]."""
    return _report(config)[0]


def _report(config) -> tuple[list[dict], list[tuple[str, SettingError]]]:
    """(the valid channels, (key, error) for each wrong one)."""
    report = (config.get("extra") or {}).get("report")
    if not isinstance(report, dict):
        return [], []
    settings = ReportSettings()
    settings.load_dict(report)
    failed, unknown = settings.validate()
    wrong = [(key, error if isinstance(error, SettingError) else SettingError(str(error), FIXES["report"]))
             for key, error in failed]
    wrong += [(key, SettingError(f"'extra: report:' has the unknown channel '{key}'", f"use {', '.join(CHANNELS)}"))
              for key, _ in unknown]
    channels = []
    for kind in CHANNELS:
        value = settings[kind]
        if value is None or any(key == kind for key, _ in wrong):
            continue
        if kind == "github":
            value, error = _in_repository(value, config.get("repo_url"))
            if error:
                wrong.append((kind, error))
                continue
        channels.append({"kind": kind, "value": value})
    return channels, wrong


def _in_repository(value: str, repo_url) -> tuple[str, SettingError | None]:
    """`report: github:` names the issue form's file (laporan-kesalahan.yml); its address comes from repo_url, the
    one place that names the repository. A full address must point into that same repository."""
    repo = str(repo_url or "").rstrip("/")
    if not REPOSITORY.fullmatch(repo):
        return value, SettingError(f"'report: github:' needs the repository, but repo_url is '{repo}'",
                                   "set repo_url: https://github.com/<org>/<repo> in mkdocs.yml")
    if "/" not in value:
        return f"{repo}/issues/new?template={value}", None
    if not value.startswith(f"{repo}/issues/new"):
        return value, SettingError(f"'report: github: {value}' is not in the repository of repo_url ({repo})",
                                   "write the issue form's file name alone (github: laporan-kesalahan.yml): "
                                   "the address comes from repo_url")
    return value, None


def check(config):
    for problem in problems(config, Path(config.config_file_path)):
        log.error(str(problem))
    return config
