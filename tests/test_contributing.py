"""CONTRIBUTING.md stays true: its commands exist, its template builds, its example lines are the build's own."""

import re
import shutil

from conftest import ROOT, run_build

import translations

TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_commands_it_names_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "build"):
        assert f"make {target}" in TEXT and re.search(rf"^{target}:", makefile, re.M)
    for script in ("scripts/translations.py", "scripts/check_links_online.py", "scripts/build.py"):
        assert script in TEXT and (ROOT / script).is_file()
    assert "## English" in TEXT


def test_example_error_lines_are_the_builds_own_words():
    code = "\n".join(p.read_text(encoding="utf-8") for folder in ("scripts", "overrides/hooks")
                     for p in (ROOT / folder).rglob("*.py"))
    examples = re.findall(r"^  (docs/\S+: .+ — .+)$", TEXT, re.M)
    assert len(examples) >= 5
    for line in examples:
        fix = line.split(" — ", 1)[1]
        start = re.split(r"['{(]", fix)[0].strip()
        assert start and start in code, f"CONTRIBUTING.md shows a fix the build never prints: {fix!r}"


def test_the_page_template_builds_in_both_languages(site_factory):
    """Copied as the instructions say (docs/_templates/halaman.*.md -> docs/gaji.*.md), it passes every check."""
    project = site_factory()
    # The template's help box names real contacts, so the copy needs the real contact data.
    (project / "docs" / "_data").mkdir(exist_ok=True)
    shutil.copy(ROOT / "docs" / "_data" / "contacts.yml", project / "docs" / "_data" / "contacts.yml")
    for language in ("id", "en"):
        shutil.copy(ROOT / "docs" / "_templates" / f"halaman.{language}.md", project / "docs" / f"gaji.{language}.md")
    assert translations.main(["--project", str(project), "update", "docs/gaji.en.md"]) == 0
    result = run_build(project)
    assert result.code == 0, result.output
    assert not result.lines_naming("docs/gaji."), result.output
