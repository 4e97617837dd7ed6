"""`extra.report` (the ways readers report a mistake) is checked by one schema, MkDocs' own config options
(overrides/hooks/site_settings.py: ReportSettings): the checked build names a wrong channel on its line of mkdocs.yml
before MkDocs starts, and a plain `mkdocs build` stops on it too."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import site_settings
from conftest import replace_once, run_build

REPO = "https://github.com/example/fixture"
SETTINGS = "extra:\n  report:\n    {channel}\n"

# (the channel as written under report:, the line the editor reads, without its line number)
WRONG = [
    ("github: \"\"", "readers have no way to report a mistake: 'extra: report:' names no channel — under 'extra:' in "
     "mkdocs.yml write 'report:' then '  github: laporan-kesalahan.yml' (the issue form in the repository of "
     "repo_url) (or 'email:' / 'whatsapp:')"),
    ("github: https://github.com/example/old-name/issues/new", "'report: github: https://github.com/example/old-name/"
     "issues/new' is not in the repository of repo_url (https://github.com/example/fixture) — write the issue form's "
     "file name alone (github: laporan-kesalahan.yml): the address comes from repo_url"),
    ("github: https://gitlab.com/example/fixture", "'report: github: https://gitlab.com/example/fixture' is not a "
     "GitHub new-issue address — write https://github.com/<org>/<repo>/issues/new?template=laporan-kesalahan.yml"),
    ("email: nama-contoh.org", "'report: email: nama-contoh.org' is not an email address — write the address alone, "
     "e.g. email: nama@contoh.org"),
    ("whatsapp: +6281234567890", "'report: whatsapp: 6281234567890' is not a WhatsApp number — write it in E.164 form "
     "in quotes, e.g. whatsapp: \"+628…\""),
    ("telegram: \"@kerja\"", "'extra: report:' has the unknown channel 'telegram' — use github, email, whatsapp"),
]


def _settings(tmp_path, channel: str) -> tuple[dict, object]:
    import yaml
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(f"repo_url: {REPO}\n" + SETTINGS.format(channel=channel), encoding="utf-8")
    return yaml.safe_load(config_file.read_text(encoding="utf-8")), config_file


@pytest.mark.parametrize("channel,line", WRONG, ids=[case[0].split(":")[0] + str(i) for i, case in enumerate(WRONG)])
def test_a_wrong_report_channel_is_named_on_its_line(tmp_path, channel, line):
    config, config_file = _settings(tmp_path, channel)
    number = 4 if "no channel" not in line else 3  # the channel's own line; "report:" when none is set
    assert [str(p) for p in site_settings.problems(config, config_file)] == [f"mkdocs.yml:{number}: {line}"]
    assert site_settings.report_channels(config) == []


def test_the_channels_that_pass_are_given_in_order(tmp_path):
    config, config_file = _settings(tmp_path, "whatsapp: \"+6281234567890\"\n    email: nama@contoh.org\n"
                                              "    github: laporan-kesalahan.yml")
    assert site_settings.problems(config, config_file) == []
    assert site_settings.report_channels(config) == [
        {"kind": "github", "value": f"{REPO}/issues/new?template=laporan-kesalahan.yml"},
        {"kind": "email", "value": "nama@contoh.org"}, {"kind": "whatsapp", "value": "+6281234567890"}]


def test_the_checked_build_and_a_plain_mkdocs_build_stop_on_a_wrong_channel(site_factory, tmp_path):
    project = site_factory("contacts_base", "report_base")
    replace_once(project / "mkdocs.yml", "    github: laporan-kesalahan.yml\n",
                 "    github: laporan-kesalahan.yml\n    email: nama-contoh.org\n")
    line = site_settings._line_of(project / "mkdocs.yml", "email")
    wanted = f"mkdocs.yml:{line}: 'report: email: nama-contoh.org' is not an email address"
    result = run_build(project)
    assert result.code == 1 and [l for l in result.lines_naming(wanted)], result.output
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")], cwd=project,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode != 0 and wanted in done.stderr, done.stderr


def test_a_report_setting_without_its_page_names_the_page_in_every_configured_language(site_factory):
    """The pages to add are one per language of mkdocs.yml (a third one included): no fixed list of languages."""
    project = site_factory()
    replace_once(project / "mkdocs.yml", "\nhooks:", "\nextra:\n  report:\n    email: nama@contoh.org\nhooks:")
    replace_once(project / "mkdocs.yml", "          name: English\n",
                 "          name: English\n        - locale: ms\n          name: Bahasa Melayu\n")
    result = run_build(project)
    assert result.code == 1
    assert ("mkdocs.yml: 'extra: report:' is set but there is no report page docs/lapor.id.md — add "
            "docs/lapor.id.md and docs/lapor.en.md and docs/lapor.ms.md") in result.output, result.output
