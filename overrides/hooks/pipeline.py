"""The one MkDocs hook: every feature's step, in the order MkDocs runs it (the only `hooks:` entry of mkdocs.yml).

Read this file to know what runs when. Each event below calls the features' plain functions one after the other;
the features (contacts.py, share.py, phone.py…) hold the logic and no MkDocs event of their own. Where a step
must run before or after a plugin in the same event, the event is a `CombinedEvent` of parts, each with its
`event_priority`; MkDocs runs every plugin's and every part's handler from the highest priority down (plugins
before hooks at equal priority). ARCHITECTURE.md "The order of the steps" shows the resulting order, with the
plugins' handlers in place; tests/test_pipeline.py fails when that table and this file disagree.

The i18n plugin builds the other languages inside its own on_post_build (priority -100): it calls MkDocs'
`build()` again on the same config, so every event from on_config to on_post_build runs once more per other
language (on_startup and on_serve do not). The steps "after every language" run once, when that nested build
has returned.

State: one `Build` per build, made at the build's first on_config and kept on the config object, which MkDocs
hands to every event and the i18n plugin reuses for the nested language builds. `mkdocs serve` loads a new
config for every rebuild, so nothing of one build reaches the next. The hook module itself keeps only the
command MkDocs was started with (on_startup is the one event that says "serve", and it gets no config).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

# Sibling modules: importable only here, at the top (MkDocs puts this folder on sys.path while loading the hook).
import changes
import contacts
import contacts_book
import glossary
import headers
import language_link
import languages
import listen
import minify
import offer_check
import page_meta
import phone
import preview
import print_handouts
import print_qr
import search_per_language
import share
import site_settings
import template_cache
import theme_css
import tppo

_session = {"command": None}  # `mkdocs build` or `mkdocs serve`, from on_startup: the whole process, not one build


class Build:
    """What one build knows, from its first on_config to its last on_post_build (every language)."""

    ATTRIBUTE = "_ka_build"

    def __init__(self, config):
        self.serving = _session["command"] == "serve"
        root = Path(config.config_file_path).resolve().parent
        # The contact book, read and checked once (contacts_book.load): the cards, the messages' numbers.
        self.book, self.book_problems = contacts_book.load(root, languages.of(config))
        self.contacts = contacts.new_state(root, self.book, self.book_problems)
        self.env = None  # the theme's Jinja environment of the language being built (set at on_env)
        self.share_cards: list = []  # preview images to draw after each language's pages
        self.offer_check = offer_check.new_state()
        self.listen_version = None
        self.phone = phone.new_state()
        self.print_files = None  # the files of the language being built, for the handouts' includes

    @classmethod
    def of(cls, config) -> "Build":
        """The build this config belongs to; the first call (the first language's on_config) makes it."""
        build = getattr(config, cls.ATTRIBUTE, None)
        if build is None:
            build = cls(config)
            setattr(config, cls.ATTRIBUTE, build)
        return build

    @staticmethod
    def inside_language_build(config) -> bool:
        """True while the i18n plugin builds another language inside the first build's on_post_build."""
        i18n = config.plugins.get("i18n")
        return bool(getattr(i18n, "building", False))


# --- once per `mkdocs build` / `mkdocs serve` ---------------------------------------------------------------

def on_startup(command, dirty):
    _session["command"] = command
    preview.start(command, dirty)


def on_serve(server, config, builder):
    return preview.serve(server, config, builder)


# --- on_config: every language ---------------------------------------------------------------------------------

# First of all, before any plugin or step asks the theme for a Jinja environment.
@event_priority(1000)
def _config_first(config):
    Build.of(config)
    config = template_cache.install(config)
    config = preview.prepare(config)
    return config


@event_priority(0)
def _config(config):
    build = Build.of(config)
    config = site_settings.check(config)
    contacts.start(build.contacts, config)
    return config


# After the i18n plugin's on_config (-100) has set this language.
@event_priority(-110)
def _config_after_i18n(config):
    language_link.set_language(config)
    return config


on_config = CombinedEvent(_config_first, _config, _config_after_i18n)


# --- on_files ------------------------------------------------------------------------------------------------

# Before the i18n plugin (-100) sorts the files by language.
@event_priority(0)
def _files(files, config):
    build = Build.of(config)
    files = share.drop_hook_files(files)
    offer_check.version_assets(build.offer_check, files)
    return files


# After the i18n plugin (-100): it cannot handle generated files.
@event_priority(-150)
def _files_after_i18n(files, config):
    build = Build.of(config)
    build.listen_version = listen.write_words(files, config)  # a file with its content in memory
    return phone.join_and_version_assets(build.phone, files, config)


on_files = CombinedEvent(_files, _files_after_i18n)


# --- each page's Markdown ----------------------------------------------------------------------------------------

# Before the i18n plugin (50) and every other step changes the text: the markers are read as the editor wrote them.
@event_priority(100)
def _page_markdown_first(markdown, page, config, files):
    build = Build.of(config)
    build.print_files = files
    return print_handouts.check_markers(markdown, page, config)


@event_priority(0)
def _page_markdown(markdown, page, config, files):
    build = Build.of(config)
    markdown = search_per_language.add_search_words(markdown, page, config)
    markdown = contacts.fill_markers(build.contacts, markdown, page, config, files)
    markdown = glossary.fill_markers(markdown, page, config, files)
    markdown = share.fill_numbers(build, markdown, page, config)
    markdown = tppo.fill_markers(markdown, page, config)
    markdown = offer_check.fill_marker(build.offer_check, markdown, page, config, files)
    markdown = phone.fill_offline_zip_marker(build.phone, markdown, page, config)
    return markdown


on_page_markdown = CombinedEvent(_page_markdown_first, _page_markdown)


# --- each page's HTML, before the template ---------------------------------------------------------------------

def on_page_content(html, page, config, files):
    html = print_handouts.repeat_cards(html, page)
    html = glossary.link_terms(html, page, config, files)
    return html


# --- the Jinja environment, once all pages are read ------------------------------------------------------------

def on_env(env, config, files):
    env = page_meta.add_filters(env, config)
    Build.of(config).env = env
    return env


# --- each page's template context ------------------------------------------------------------------------------

# After the i18n plugin (50: this page's alternates) and the search plugin (0: it indexes the page as MkDocs
# rendered it, before the handouts fill in other pages' text).
@event_priority(-50)
def on_page_context(context, page, config, nav):
    build = Build.of(config)
    context = contacts.add_report_link(build.contacts, context, page)
    context = print_qr.add_print_header(context, page, config, nav)
    context = offer_check.add_assets(build.offer_check, context, page)
    context = changes.fill_list(build.env, context, page, config, nav)
    context = listen.add_button(build.listen_version, context, page)
    context = phone.add_page_assets(build.phone, context, page, config)
    context = language_link.add_language_link(context, page, config)
    context = share.add_share(build, context, page, config)
    context = print_handouts.fill_markers(build.print_files, context, page, config)
    return context


# --- every template (pages, 404.html, sitemap.xml) ------------------------------------------------------------

# After the i18n plugin (50).
@event_priority(0)
def on_template_context(context, template_name, config):
    build = Build.of(config)
    context = language_link.add_home_path(context, config)
    context = share.add_default_locale(context, config)
    context = phone.add_material_bundle(build.phone, context)
    return context


def on_pre_template(template, template_name, config):
    share.clear_alternates(config)
    return template


def on_post_template(output_content, template_name, config):
    return headers.add_meta_policy_to_static(Build.of(config).serving, output_content, template_name)


# --- each page's finished HTML ---------------------------------------------------------------------------------

# Before the i18n plugin (-100).
@event_priority(-50)
def _post_page(output, page, config):
    return search_per_language.point_search_at_language(output, page, config)


# Last of all on a page: the policy's hashes are of the inline scripts as minify leaves them.
@event_priority(-900)
def _post_page_last(output, page, config):
    output = headers.add_meta_policy(Build.of(config).serving, output)
    output = minify.minify_page(output)
    return output


on_post_page = CombinedEvent(_post_page, _post_page_last)


# --- after each language's pages, and after every language -------------------------------------------------

# After the search plugin (0) wrote this language's index, before the i18n plugin (-100) builds the next language.
@event_priority(0)
def _post_build(config):
    build = Build.of(config)
    contacts.write_vcards(build.contacts, config)
    share.write_images_and_redirects(build, config)


# After the i18n plugin (-100) has built every language: the whole site is on disk. Inside the nested language
# build these wait for the outer build.
@event_priority(-110)
def _post_build_after_every_language(config):
    build = Build.of(config)
    if Build.inside_language_build(config):
        return
    search_per_language.split_index(config)
    theme_css.cut_theme_stylesheet(build.serving, config)
    phone.write_offline_lists(build.phone, config)
    headers.write_headers_file(build.serving, config)
    preview.after_build(config)


on_post_build = CombinedEvent(_post_build, _post_build_after_every_language)
