"""Each check of the build script, proven by planting the defect it exists to catch."""

import os

import pytest

from conftest import make_site, planted_with, replace_once, run_build, run_plain_mkdocs, run_source_checks
from pages_checks import check_external_links_https, check_image_alt
from sitecheck.model import BuiltSite, find_line
from sitecheck.project import Project


def test_clean_fixture_passes(built_once):
    _, result = built_once()
    assert result.code == 0, result.output
    assert "0 errors" in result.output


def test_a_fixture_with_its_own_mkdocs_yml_keeps_every_setting_of_the_clean_one():
    """An overlay's mkdocs.yml replaces the clean fixture's whole file. It may add settings (a report channel),
    but it must keep every setting of the clean one: without the template cache hook, for example, each of its
    builds compiles every template again."""
    import yaml
    from conftest import FIXTURES, ROOT
    clean = yaml.safe_load((FIXTURES / "clean" / "mkdocs.yml").read_text(encoding="utf-8"))
    others = [path for path in FIXTURES.glob("*/mkdocs.yml") if path.parent.name != "clean"]
    assert others, "no fixture brings its own mkdocs.yml: this test can go"
    for path in others:
        own = yaml.safe_load(path.read_text(encoding="utf-8"))
        differ = [key for key, value in clean.items() if own.get(key) != value]
        assert not differ, (f"{path.relative_to(ROOT)}: {', '.join(differ)} not as in tests/fixtures/clean/mkdocs.yml "
                            "— copy them from there")


# (overlay, the Markdown file that must be named, words the message must contain)
PLANTED = [
    ("broken_link", "docs/kontak.en.md:13", "'lama.md' points to a page that does not exist"),
    ("missing_anchor", "docs/index.id.md:11", "#tidak-ada, which does not exist"),
    ("missing_twin", "docs/tentang.id.md", "no en twin"),
    ("leftover_bold", "docs/kontak.id.md:13", "'**'"),
    ("foreign_font", "docs/assets/stylesheets/site.css", "fonts.googleapis.com"),
    ("broken_front_matter", "docs/kontak.id.md", "front matter cannot be read"),
    ("missing_description", "docs/index.en.md", "no 'description'"),
    ("heading_without_id", "docs/kontak.id.md:13", "has no id"),
    ("heading_id_mismatch", "docs/kontak.en.md", "#darurat"),
    ("heading_level_skipped", "docs/kontak.en.md:16", "'Emergency' (h3) skips a level after an h1"),
    ("heading_level_skipped", "docs/kontak.id.md:16", "make it h2 ('## Darurat')"),
    ("search_words_unknown_page", "docs/_data/search.yml:4", "'lama' names no page"),
    ("search_words_bad_shape", "docs/_data/search.yml:1", "the words for 'kontak' are not a list per language (id, en)"),
    ("bad_review_date", "docs/kontak.id.md:3", "not a real date"),
    ("missing_sources", "docs/index.id.md", "no 'sources'"),
    ("translation_drift", "docs/kontak.en.md", "'https://example.org/' appears 0 time(s)"),
    ("translation_drift", "docs/kontak.en.md", "'08001001'"),
]


# Defects planted together in one build: each in files of its own (never both twins of a page: the twins are
# compared), and together they give exactly the lines each gives alone (checked when the groups were made: none
# hides or changes another's line). Each test still asserts its own error line. The others are built alone: a
# broken link or an unreadable page stops the build early, hiding the checks of the built pages.
TOGETHER = [("missing_twin", "leftover_bold", "foreign_font", "missing_description", "search_words_unknown_page"),
            ("heading_id_mismatch", "missing_anchor")]

# Defects in the Markdown and the data files that the source checks find, with no defect of the built pages in
# their group: the build runs these checks before MkDocs (test_code_layout.py proves it runs every registered
# check), so each is planted alone and checked without MkDocs, whose build would prove nothing more.
IN_SOURCES = {"heading_without_id", "missing_sources", "search_words_bad_shape", "bad_review_date",
              "translation_drift"}


@pytest.mark.parametrize("overlay,path,words", PLANTED, ids=[f"{p[0]}-{i}" for i, p in enumerate(PLANTED)])
def test_planted_defect_fails_naming_the_file(built_once, tmp_path, overlay, path, words):
    if overlay in IN_SOURCES:
        result = run_source_checks(make_site(tmp_path, overlay))
    else:
        _, result = built_once(*planted_with(overlay, TOGETHER))
    assert result.code == 1, result.output
    named = [line for line in result.errors() if line.startswith(path) and words in line]
    assert named, f"no error names {path} with {words!r}:\n{result.output}"
    assert " — " in named[0], "each problem says how to fix it"
    assert "Errors (" in result.output


# Site checks that read a page's HTML alone: the page is given as a string (as MkDocs writes it from the
# planted page), the planted page's Markdown gives the line; the registry test in test_code_layout.py proves the
# build runs each check. (overlay, check, built page, its HTML with {} for the value, defect, fixed, the line)
WITHOUT_A_BUILD = [
    ("image_without_alt", check_image_alt, "en/index.html",
     '<p><img src="../assets/images/logo.svg" alt="{}"></p>', "", "Logo",
     "docs/index.en.md:13: the image '../assets/images/logo.svg' has no alt text — describe the image in the "
     "brackets: ![what it shows](file.png)"),
    ("http_link", check_external_links_https, "kontak/index.html",
     '<p>Situs <a href="{}">lama</a>.</p>', "http://example.org/lama", "https://example.org/lama",
     "docs/kontak.id.md:13: the link 'http://example.org/lama' uses http, which can be read and changed on the "
     "way — use the https:// address of the same page"),
]


@pytest.mark.parametrize("overlay,check,rel,html,defect,fixed,line", WITHOUT_A_BUILD,
                         ids=[case[0] for case in WITHOUT_A_BUILD])
def test_a_planted_page_defect_is_named_without_a_build(tmp_path, overlay, check, rel, html, defect, fixed, line):
    project = Project.load(make_site(tmp_path, overlay))

    def site(value):
        return BuiltSite.from_html(project, {rel: f"<html><body><article>{html.format(value)}</article></body></html>"})

    assert [str(problem) for problem in check(site(defect))] == [line]
    assert check(site(fixed)) == []


def test_a_bad_setting_under_extra_is_named_by_its_line(site_factory):
    """Issue 28: this site's `extra:` settings go through MkDocs' own config schema (site_settings.py); a wrong
    type and a misspelt `ka_` key each get one line naming mkdocs.yml, before MkDocs starts."""
    project = site_factory("bad_setting")
    result = run_build(project)
    assert result.code == 1, result.output
    wrong_type, misspelt = (find_line(project / "mkdocs.yml", key) for key in ("ka_offline_zip:", "ka_ofline_zip:"))
    assert [l for l in result.lines_naming(f"mkdocs.yml:{wrong_type}:") if "'extra: ka_offline_zip:' is not valid"
            in l and "write 'ka_offline_zip: true'" in l], result.output
    assert [l for l in result.lines_naming(f"mkdocs.yml:{misspelt}:") if "'extra: ka_ofline_zip:' is not a setting "
            "of this site — use one of ka_offline_zip, report" in l], result.output


def test_a_plain_mkdocs_build_stops_on_a_bad_setting(site_factory, tmp_path):
    """The hook checks the same schema, so `mkdocs build` (strict) without scripts/build.py stops too."""
    project = site_factory("bad_setting")
    code, said = run_plain_mkdocs(project, "-q", "-d", str(tmp_path / "out"), env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert code != 0, said
    line = find_line(project / "mkdocs.yml", "ka_offline_zip:")
    assert f"mkdocs.yml:{line}: 'extra: ka_offline_zip:' is not valid" in said, said


def test_file_not_in_utf8_is_named(site_factory):
    project = site_factory()
    (project / "docs" / "kontak.id.md").write_bytes(
        "---\ndescription: Kontak\n---\n\n# Kontak { #kontak }\n\n## Darurat { #darurat }\n\nJalan caf\u00e9\n"
        .encode("cp1252"))
    result = run_build(project)
    assert result.code == 1
    assert any("not saved as UTF-8" in line for line in result.lines_naming("docs/kontak.id.md:9")), result.output


def test_warnings_and_errors_are_reported_apart(built_once):
    _, result = built_once("broken_link")
    assert "Errors (" in result.output
    assert "error(s)" in result.output.splitlines()[-1]


def test_heading_ids_are_read_in_both_attr_list_forms():
    # The hooks and the source checks read headings with one module (overrides/hooks/markdown_parts.py).
    import markdown_parts as md
    assert md.heading("## Langkah 1 { #langkah-1 }") == (2, "Langkah 1 { #langkah-1 }", "langkah-1")
    assert md.heading("## Langkah 1 {: #langkah-1 .penting }")[2] == "langkah-1"
    assert md.heading("## Tanpa id")[2] is None
    assert md.heading("#tanpa-spasi") is None
    assert md.heading("####### tujuh") is None


def _with_a_second_stylesheet(project, css: str):
    """The fixture site with one more stylesheet after site.css: the build joins the two into one file."""
    (project / "docs" / "assets" / "stylesheets" / "extra.css").write_text(css, encoding="utf-8")
    replace_once(project / "mkdocs.yml", "  - assets/stylesheets/site.css\n",
                 "  - assets/stylesheets/site.css\n  - assets/stylesheets/extra.css\n")
    return project


def test_foreign_font_in_a_joined_stylesheet_names_its_own_file(site_factory):
    """The build joins our stylesheets into one file (overrides/hooks/phone.py); a problem in the second
    of them is still named by the editor's file, not by the joined one."""
    project = _with_a_second_stylesheet(site_factory(), ".a { color: black; }\n"
                                        "@font-face { font-family: R; src: url('https://fonts.googleapis.com/r.woff2'); }\n")
    result = run_build(project)
    assert result.code == 1, result.output
    named = [line for line in result.lines_naming("docs/assets/stylesheets/extra.css") if "fonts.googleapis.com" in line]
    assert named, result.output
    assert not result.lines_naming("kerja-aman.css"), result.output


def test_an_import_in_a_joined_stylesheet_is_an_error_naming_the_file(site_factory):
    """Inside the joined stylesheet an @import after other rules is ignored by browsers: say so."""
    project = _with_a_second_stylesheet(site_factory(), "@import url('more.css');\n.a { color: black; }\n")
    result = run_build(project)
    assert result.code == 1, result.output
    named = [line for line in result.lines_naming("docs/assets/stylesheets/extra.css") if "'@import'" in line]
    assert named and "copy the imported rules" in named[0], result.output


def test_a_page_rewritten_after_its_early_parse_is_read_again(site_factory, tmp_path):
    """ParseAhead reads pages while MkDocs still builds; a hook may rewrite a page afterwards (the offline zip's
    size, the 404 page's policy). The checks must see the page as published, not the early copy."""
    from bs4 import BeautifulSoup
    from sitecheck.model import BuiltSite, ParseAhead
    from sitecheck.project import Project

    project = Project.load(site_factory())
    site = tmp_path / "site"
    (site / "kontak").mkdir(parents=True)
    (site / "index.html").write_text("<html><body><h1>Sama</h1></body></html>", encoding="utf-8")
    (site / "kontak" / "index.html").write_text("<html><body><h1>Lama</h1></body></html>", encoding="utf-8")
    ParseAhead.SETTLED, settled = 0, ParseAhead.SETTLED
    try:
        asked = []  # "MkDocs is still building" while the two pages are read, then done
        parsed = ParseAhead(site).run(lambda: asked.append(1) or len(asked) <= 3)
    finally:
        ParseAhead.SETTLED = settled
    assert set(parsed) == {"index.html", "kontak/index.html"}
    (site / "kontak" / "index.html").write_text("<html><body><h1>Baru</h1></body></html>", encoding="utf-8")
    built = BuiltSite.load(project, site, parsed=parsed)
    assert built.pages["kontak/index.html"].soup.h1.get_text() == "Baru", "the checks read the early copy"
    assert built.pages["index.html"].soup is parsed["index.html"][1], "an unchanged page is parsed twice"


def test_the_faster_theme_listing_gives_mkdocs_the_same_files():
    """overrides/hooks/template_cache.py lists the theme's files without dot folders (Material's 14,000 icons).
    MkDocs' own filter drops those names anyway: the theme files a build copies must be exactly the same."""
    import importlib.util
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files
    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("template_cache_under_test",
                                                  ROOT / "overrides" / "hooks" / "template_cache.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    config = load_config(str(ROOT / "mkdocs.yml"))

    def theme_files(env):
        files = Files([])
        files.add_files_from_theme(env, config)
        return [(f.src_uri, f.abs_src_path) for f in files]

    env = config.theme.get_env()
    everything = env.loader.list_templates()
    assert any(name.startswith(".icons/") for name in everything), "Material has no .icons folder any more"
    visible = hook.visible_templates(env.loader)
    assert not [name for name in visible if name.startswith(".") or "/." in name]
    assert set(visible) < set(everything)
    expected = theme_files(env)
    assert len(expected) > 10, "the theme gives almost no files"
    env.loader.list_templates = lambda: visible
    assert theme_files(env) == expected, "the faster listing changed which theme files MkDocs copies"


def test_copies_of_the_project_share_the_compiled_templates(copies_with_new_caches):
    """The template cache (overrides/hooks/template_cache.py) keeps a template under its name and source, not
    its folder: a second copy of the project compiles nothing new, and the cache does not grow with every copy."""
    _, held = copies_with_new_caches
    kept = sorted(held["first"]["KA_TEMPLATE_CACHE"])
    assert len(kept) > 10, "the build compiled almost no templates"
    assert sorted(held["second"]["KA_TEMPLATE_CACHE"]) == kept, "a copy of the project compiled its templates again"


def test_environments_with_other_compile_settings_keep_their_own_compiled_templates(tmp_path):
    """The hooks' own Jinja environments (contacts.py trims blocks) share the template cache with the theme's.
    One template, loaded by two environments that compile it differently, must render as each one would alone,
    in this process and in the next one (which reads the cache from disk)."""
    import importlib.util
    import jinja2
    from conftest import ROOT

    def fresh_hook():
        spec = importlib.util.spec_from_file_location("template_cache_under_test",
                                                      ROOT / "overrides" / "hooks" / "template_cache.py")
        hook = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(hook)
        return hook

    (tmp_path / "templates").mkdir()
    (tmp_path / "cache").mkdir()
    (tmp_path / "templates" / "t.html").write_text("{% if true %}\n  yes\n{% endif %}\n", encoding="utf-8")
    loader = jinja2.FileSystemLoader(str(tmp_path / "templates"))
    expected = {False: "\n  yes\n", True: "  yes\n"}
    for hook in (fresh_hook(), fresh_hook()):  # the second starts with an empty memory: the disk answers
        cache = hook._SharedCache(str(tmp_path / "cache"))
        for trim in (False, True, False):
            env = jinja2.Environment(loader=loader, bytecode_cache=cache, trim_blocks=trim, lstrip_blocks=trim)
            assert env.get_template("t.html").render() == expected[trim], \
                f"trim_blocks={trim} got the template compiled for another environment"
    assert len(list((tmp_path / "cache").iterdir())) == 2, "each compile setting keeps one compiled copy"


def test_copies_of_a_site_share_the_cut_stylesheet_and_new_cutting_code_cuts_again(tmp_path):
    """The tests keep Material's stylesheet cut to a site's pages (KA_THEME_CSS_CACHE, overrides/hooks/theme_css.py)
    under a hash of the stylesheets, the scripts, the pages and the code that cuts: the same site again reads the
    kept cut, other pages or changed cutting code cut anew."""
    import importlib.util
    from conftest import ROOT
    import theme_css

    css = ".a{color:red}.b{color:blue}@media print{.c{color:green}}"
    site = (css, ["let x"], "", ["<html><body><p class=a>A</p></body></html>"])
    cache = tmp_path / "cuts"
    assert theme_css._cut_once(cache, *site) == theme_css._cut(*site) == ".a{color:red;}"
    [kept] = cache.iterdir()
    kept.write_text(".a{color:red;}/* read from the cache */", encoding="utf-8")
    assert theme_css._cut_once(cache, *site) == ".a{color:red;}/* read from the cache */", "the same site cut again"
    assert theme_css._cut_once(cache, css, ["let x"], "", ["<p class=b>B</p>"]) == ".b{color:blue;}"
    changed = tmp_path / "theme_css.py"
    changed.write_text((ROOT / "overrides" / "hooks" / "theme_css.py").read_text(encoding="utf-8") + "\n# cut anew\n",
                       encoding="utf-8")
    spec = importlib.util.spec_from_file_location("theme_css_changed", changed)
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    assert hook._cut_once(cache, *site) == ".a{color:red;}", "new cutting code read the old code's cut"
    assert len(list(cache.iterdir())) == 3
