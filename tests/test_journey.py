"""The journey pages (home, before departure, while working, after return): step checks and page contract."""

import re
import sys

import pytest
import yaml

from conftest import ROOT, run_source_checks

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import contacts_book  # noqa: E402

# overlay -> every (Markdown file and line that must be named, words the message must contain)
PLANTED = {
    "step_count_drift": [("docs/kontak.en.md:15", "'#langkah-1' there are 2 numbered item(s) here but 3")],
    "step_number_mismatch": [("docs/kontak.id.md:17", "does not show the step number 3"),
                             ("docs/kontak.en.md:17", "'#langkah-3' comes where step 2 was expected")],
}


@pytest.mark.parametrize("overlay", PLANTED)
def test_planted_step_defect_fails_naming_the_file(site_factory, overlay):
    result = run_source_checks(site_factory(overlay))
    assert result.code == 1, result.output
    for path, words in PLANTED[overlay]:
        named = [line for line in result.lines_naming(path) if words in line]
        assert named, f"no line names {path} with {words!r}:\n{result.output}"
        assert " — " in named[0], "each problem says how to fix it"


def test_numbered_items_in_admonitions_and_fences(site_factory):
    """Items inside a warning box count; a numbered line inside a code block does not."""
    project = site_factory()
    original = (project / "docs" / "kontak.id.md").read_text(encoding="utf-8")
    (project / "docs" / "kontak.id.md").write_text(
        original + '\n!!! warning "Awas"\n    1. Satu\n    2. Dua\n\n```\n3. bukan langkah\n```\n', encoding="utf-8")
    translation = (project / "docs" / "kontak.en.md").read_text(encoding="utf-8")
    (project / "docs" / "kontak.en.md").write_text(
        translation + '\n!!! warning "Careful"\n    1. One\n\n```\n3. not a step\n4. not a step\n```\n',
        encoding="utf-8")
    result = run_source_checks(project)
    assert result.code == 1, result.output
    assert any("there are 1 numbered item(s) here but 2" in line
               for line in result.lines_naming("docs/kontak.en.md")), result.output


JOURNEY = ["index", "sebelum-berangkat", "selama-bekerja", "setelah-pulang"]
HELP = re.compile(r"<!--\s*help:\s*([a-z0-9 -]+?)\s*-->")


def _front_matter_and_body(path):
    text = path.read_text(encoding="utf-8")
    _, header, body = text.split("---\n", 2)
    return yaml.safe_load(header), body


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("slug", JOURNEY)
def test_journey_page_is_finished(slug, language):
    meta, body = _front_matter_and_body(ROOT / "docs" / f"{slug}.{language}.md")
    assert not meta.get("draft"), "a finished page is not a draft"
    assert len(meta.get("sources") or []) >= 3, "the facts on the page name their sources"
    share = [line for line in str(meta.get("share", "")).splitlines() if line.strip()]
    assert 3 <= len(share) <= 6, f"'share:' has {len(share)} lines; 3–6 are wanted"
    assert "being written" not in body and "sedang ditulis" not in body
    markers = HELP.findall(body)
    assert len(markers) == 1, "the page ends with one help box marker"
    low, high = contacts_book.HELP_SIZE  # 2 to 4: a page for people abroad needs a second way (issue 26)
    assert low <= len(markers[0].split()) <= high, f"the help box names {low}–{high} contacts"
    last_line = body.strip().splitlines()[-1]
    assert HELP.fullmatch(last_line.strip()), "the help box marker is the last line of the page"


@pytest.mark.parametrize("slug", ["sebelum-berangkat", "selama-bekerja", "setelah-pulang"])
def test_journey_steps_start_at_one(slug):
    _, body = _front_matter_and_body(ROOT / "docs" / f"{slug}.id.md")
    assert "{ #langkah-1 }" in body, "the page is a numbered step-by-step journey"
