"""The patched internals (overrides/hooks/internals.py; ARCHITECTURE.md, "Patched internals").

Each patch names the versions it was written for, and these are the versions requirements.txt pins: a pin
bumped without a look at the patch fails here. On any other installed version a patch falls back to MkDocs'
normal path and says so on one line; switched off (KA_NO_PATCH), the site it builds is the same. The preview's
patches are served switched off in tests/test_preview.py.
"""

from __future__ import annotations


import pytest
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

import internals
import preview
import preview_cache
import template_cache
from conftest import ROOT, differing_files, make_site, package_name, pinned, run_build

PATCHES = {"template_cache": template_cache.WRITTEN_FOR, "preview_cache": preview_cache.WRITTEN_FOR,
           "preview_strict, preview_reload, preview_builder": preview.WRITTEN_FOR,
           "preview_poll": preview.POLL_WRITTEN_FOR}




@pytest.mark.parametrize("name", PATCHES)
def test_each_patch_was_written_for_the_pinned_versions(name):
    pins = pinned("requirements.txt")
    differ = {package: (version, pins.get(package_name(package))) for package, version in PATCHES[name].items()
              if pins.get(package_name(package)) != version}
    assert not differ, (f"{name} was written for {differ} (written for, pinned): read the patch against the "
                        "pinned version, then set its WRITTEN_FOR to it")


@pytest.fixture
def another_mkdocs(monkeypatch):
    """The packages as an upgrade would leave them: every version differs from the one each patch was written for."""
    monkeypatch.setattr(internals, "installed", lambda package: "99.0")
    monkeypatch.delenv(internals.SWITCH, raising=False)
    internals._versions_match.cache_clear()  # each test hears its own one-line warning


def test_the_page_cache_falls_back_to_mkdocs_own_render_on_another_version(another_mkdocs, monkeypatch, capfd):
    monkeypatch.setattr(preview_cache, "_original", None)
    monkeypatch.setattr(Page, "render", Page.render)  # put back after the test, whatever install() did
    render = Page.render
    preview_cache.install()
    assert Page.render is render, "the page cache patched MkDocs on a version it was not written for"
    assert "kerja-aman: preview_cache is off, the normal path runs: it was written for mkdocs 1.6.1 (found 99.0)" \
        in capfd.readouterr().err


@pytest.mark.parametrize("versions", ["pinned", "another"])
def test_the_template_cache_is_used_only_on_its_versions(versions, monkeypatch, capfd):
    monkeypatch.delenv(internals.SWITCH, raising=False)
    if versions == "another":
        monkeypatch.setattr(internals, "installed", lambda package: "99.0")
        internals._versions_match.cache_clear()
    config = load_config(str(ROOT / "mkdocs.yml"))
    template_cache.install(config)
    env = config.theme.get_env()
    if versions == "pinned":
        assert env.bytecode_cache is not None and "get_env" in vars(config.theme)
    else:
        assert env.bytecode_cache is None and "get_env" not in vars(config.theme), "patched on another version"
        assert "kerja-aman: template_cache is off, the normal path runs" in capfd.readouterr().err


def test_the_site_is_the_same_with_the_template_cache_switched_off(tmp_path, monkeypatch):
    """KA_NO_PATCH=template_cache: every template compiled by Jinja as usual, every theme file listed by Jinja."""
    sites = {}
    for mode in ("patched", "plain"):
        if mode == "plain":
            monkeypatch.setenv(internals.SWITCH, "template_cache")
        sites[mode] = tmp_path / mode / "site"
        result = run_build(make_site(tmp_path / mode), sites[mode])
        assert result.code == 0, result.output
    assert not differing_files(sites["patched"], sites["plain"]), "the template cache changes the built site"


_IMPORT_EVERY_HOOK = r"""
import json, logging, sys
import jinja2
from material.plugins.search.plugin import SearchIndex
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

def state():
    watched = {"Page.render": Page.render, "SearchIndex.add_entry_from_context": SearchIndex.add_entry_from_context,
               "FileSystemLoader.list_templates": jinja2.FileSystemLoader.list_templates,
               "Theme.get_env": Theme.get_env, "LiveReloadServer.__init__": LiveReloadServer.__init__}
    found = {name: id(value) for name, value in watched.items()}
    found["mkdocs log handlers"] = [type(h).__name__ for h in logging.getLogger("mkdocs").handlers]
    found["sys.path"] = list(sys.path)
    return found

before = state()
config = load_config(sys.argv[1])
modules = [m for m in list(sys.modules.values()) if "/overrides/hooks/" in (getattr(m, "__file__", None) or "")]
print(json.dumps({"hooks": len(config["hooks"]), "modules": len(modules), "before": before, "after": state()}))
"""


def test_importing_every_hook_changes_nothing(tmp_path):
    """MkDocs' load_config imports every hook (and so do the checks, sitecheck/project.py): the import itself must
    patch nothing; a patch is applied by the hook's event, on its versions, and only where it is meant to act."""
    import json
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", _IMPORT_EVERY_HOOK, str(ROOT / "mkdocs.yml")], capture_output=True,
                          text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said["hooks"] == 1 and said["modules"] > 10, "the one hook, pipeline.py, imports every feature"
    assert said["after"] == said["before"]


@pytest.mark.parametrize("versions", ["pinned", "another"])
def test_the_preview_leaves_mkdocs_server_alone_on_another_version(versions, monkeypatch, capfd):
    """preview_poll and preview_builder: on MkDocs 1.6.1 and watchdog 7.1.0 the server polls every 0.2 s and its
    rebuild shows a failure in the box; on any other version the server is left as MkDocs made it."""
    from types import SimpleNamespace
    monkeypatch.delenv(internals.SWITCH, raising=False)
    monkeypatch.setattr(preview, "_server", None)  # serve keeps the server: put the module back afterwards
    if versions == "another":
        monkeypatch.setattr(internals, "installed", lambda package: "99.0")
        internals._versions_match.cache_clear()
    own_builder = object()
    server = SimpleNamespace(observer=SimpleNamespace(_timeout=0.5, emitters=[SimpleNamespace(_timeout=0.5)]),
                             builder=own_builder)
    preview.serve(server, config=SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml")), builder=own_builder)
    timeouts = [server.observer._timeout, server.observer.emitters[0]._timeout]
    if versions == "pinned":
        assert timeouts == [preview.POLL_SECONDS] * 2 and server.builder is not own_builder
    else:
        assert timeouts == [0.5, 0.5] and server.builder is own_builder, "patched MkDocs' server on another version"
        said = capfd.readouterr().err
        assert "kerja-aman: preview_poll is off" in said and "kerja-aman: preview_builder is off" in said
