"""The one hook (overrides/hooks/pipeline.py): the order ARCHITECTURE.md shows is the order MkDocs runs, and the
hooks keep no state between builds outside the build's own object (issue 28, points 1 and 2)."""

from __future__ import annotations

import ast
import os
import re
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "overrides" / "hooks"
PIPELINE = "overrides/hooks/pipeline.py"
TABLE_TITLE = "## The order of the steps"
# A plugin's row in the table names it "plugin `i18n`"; a pipeline step "`module.function`".
PLUGIN_ROW = re.compile(r"^plugin `([^`]+)`")
STEP_ROW = re.compile(r"^`([a-z_]+\.[a-z_]+)`")
# The events in the order one build reaches them (mkdocs/commands/build.py), as the table lists them.
CHRONOLOGY = ["on_startup", "on_config", "on_pre_build", "on_files", "on_nav", "on_pre_page", "on_page_read_source",
              "on_page_markdown", "on_page_content", "on_env", "on_pre_template", "on_template_context",
              "on_post_template", "on_page_context", "on_post_page", "on_post_build", "on_build_error", "on_serve",
              "on_shutdown"]


# --- point 1: the order in one place ---------------------------------------------------------------------------

def _steps_of(function, module) -> list[str]:
    """The feature functions a pipeline part calls, in the order of its source: `contacts.fill_markers`, …"""
    tree = ast.parse(_source_of(function))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and isinstance(node.func.value, ast.Name)
             and isinstance(getattr(module, node.func.value.id, None), types.ModuleType)
             and _is_hook(getattr(module, node.func.value.id))]
    calls.sort(key=lambda node: (node.lineno, node.col_offset))
    return [f"{node.func.value.id}.{node.func.attr}" for node in calls]


def _is_hook(module: types.ModuleType) -> bool:
    """A module of an overrides/hooks folder: this project's, or a test's copy of it, which an earlier test in the
    same process may have loaded first (a hook's sibling modules are imported once per process)."""
    return Path(getattr(module, "__file__", "") or "").parent.parts[-2:] == ("overrides", "hooks")


def _source_of(function) -> str:
    import inspect
    import textwrap
    return textwrap.dedent(inspect.getsource(function))


def order_in_code(project: Path) -> list[tuple[str, int, str]]:
    """(event, priority, step) in the order MkDocs runs them, read from MkDocs' own list of handlers after loading
    the project's mkdocs.yml: each plugin's handler as one row, each part of the pipeline as its steps."""
    from mkdocs.config import load_config
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project / "mkdocs.yml"))
    module = config.hooks[PIPELINE]
    rows = []
    for event, handlers in config.plugins.events.items():
        ours = [h for h in handlers if config.plugins._event_origins.get(h) == PIPELINE]
        if not ours:
            continue
        for handler in handlers:
            priority = getattr(handler, "mkdocs_priority", 0)
            origin = config.plugins._event_origins.get(handler)
            if origin == PIPELINE:
                rows += [(f"on_{event}", priority, step) for step in _steps_of(handler, module)]
            else:
                rows.append((f"on_{event}", priority, f"plugin {origin}"))
    return sorted(rows, key=lambda row: CHRONOLOGY.index(row[0]))


def order_in_document(text: str) -> list[tuple[str, int, str]]:
    """The rows of the table under "The order of the steps" in ARCHITECTURE.md: event | priority | step | why."""
    section = text.split(TABLE_TITLE, 1)[1].split("\n## ", 1)[0]
    rows, event = [], None
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or set(cells[1]) <= {"-", ":"} or cells[0] == "Event":
            continue
        event = cells[0].strip("`*") or event
        plugin, step = PLUGIN_ROW.match(cells[2]), STEP_ROW.match(cells[2])
        if plugin:
            rows.append((event, int(cells[1].replace("−", "-")), f"plugin {plugin.group(1)}"))
        elif step:
            rows.append((event, int(cells[1].replace("−", "-")), step.group(1)))
    return rows


def test_architecture_shows_the_order_mkdocs_runs():
    """The table in ARCHITECTURE.md is the order MkDocs runs the steps in, with the plugins' handlers in place."""
    in_code = order_in_code(ROOT)
    in_document = order_in_document((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    assert in_document == in_code, "ARCHITECTURE.md's order table and overrides/hooks/pipeline.py disagree:\n" + \
        "\n".join(f"  document {d}\n  code     {c}" for d, c in zip(in_document + [None] * len(in_code),
                                                                   in_code + [None] * len(in_document)) if d != c)


def test_a_swapped_step_makes_the_order_test_fail(tmp_path):
    """The comparison sees a swap: two steps of one event exchanged in a copy of the pipeline."""
    from conftest import make_site
    project = make_site(tmp_path)
    pipeline = project / PIPELINE
    text = pipeline.read_text(encoding="utf-8")
    first, second = "    theme_css.cut_theme_stylesheet(build.serving, config)\n", \
        "    phone.write_offline_lists(build.phone, config)\n"
    assert text.count(first + second) == 1
    pipeline.write_text(text.replace(first + second, second + first), encoding="utf-8")
    document = order_in_document((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    in_copy = order_in_code(project)
    assert in_copy != document
    assert [row for row in in_copy if row[0] == "on_post_build"] != \
        [row for row in document if row[0] == "on_post_build"]


def test_only_the_pipeline_is_a_hook():
    """The features are plain modules: no MkDocs event function and no event_priority outside pipeline.py."""
    found = []
    for path in sorted(HOOKS.glob("*.py")):
        if path.name == "pipeline.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("on_"):
                found.append(f"overrides/hooks/{path.name}:{node.lineno}: {node.name}")
            if isinstance(node, ast.Name) and node.id == "event_priority":
                found.append(f"overrides/hooks/{path.name}:{node.lineno}: event_priority")
    assert not found, "call these from overrides/hooks/pipeline.py instead:\n" + "\n".join(found)
    hooks = re.search(r"^hooks:\n((?:  - .*\n)+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert hooks.group(1) == f"  - {PIPELINE}\n"


# --- point 2: state per build -----------------------------------------------------------------------------------

MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray"}
MUTATORS = {"append", "add", "update", "clear", "setdefault", "pop", "popitem", "remove", "discard", "extend",
            "insert", "sort", "reverse"}
# Module-level state that may stay, each with its reason.
ALLOWED = {
    ("pipeline.py", "_session"): "the command MkDocs was started with: on_startup is the only event that says "
                                 "serve, and it gets no config",
    ("glossary.py", "_cache"): "a cache keyed by the glossary file's path and modification time",
    ("languages.py", "_parsed"): "parsed strings and mkdocs.yml files, keyed by their text",
    ("print_handouts.py", "_books"): "a cache keyed by the booklet's template and every chapter's HTML",
    ("template_cache.py", "_memory"): "a cache keyed by each template's source checksum",
    # The preview's state lives for the whole `mkdocs serve` session (one server per process: the server, the
    # rebuild rounds, the hook code it started with, the pages it keeps), not for one build. Issue 28's preview
    # work (points 4 and 5) kept it; the next change of the preview should move it to an object of its own.
    ("preview.py", "_serving"): "the serve session's state",
    ("preview.py", "_server"): "the serve session's state",
    ("preview.py", "_round"): "the serve session's state",
    ("preview.py", "_checking"): "the serve session's state",
    ("preview.py", "_collected"): "the serve session's state",
    ("preview.py", "_code_at_start"): "the serve session's state",
    ("preview_cache.py", "_original"): "the serve session's state",
    ("preview_cache.py", "_original_index"): "the serve session's state",
    ("preview_cache.py", "counts"): "the serve session's state",
    ("preview_cache.py", "_kept"): "the serve session's state",
    ("preview_cache.py", "_signatures"): "the serve session's state",
    ("preview_cache.py", "_indexed"): "the serve session's state",
}


def _module_names(tree: ast.Module) -> dict[str, ast.AST]:
    names = {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) \
            else []
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    names[name.id] = node
    return names


def _is_mutable(value, own_classes: set[str]) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in MUTABLE_CALLS or name in own_classes
    return False


def module_state(path: Path) -> list[tuple[str, int, str]]:
    """(name, line, why) for each piece of module-level state a module keeps: a mutable value under a name that
    is not a constant (UPPER_CASE), a `global` statement, or a function that changes a module-level value."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own_classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    names = _module_names(tree)
    found = []
    for name, node in names.items():
        if not name.isupper() and _is_mutable(node.value, own_classes):
            found.append((name, node.lineno, "a mutable value at module level"))
    for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        local = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
        local |= {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found += [(name, node.lineno, "a global statement") for name in node.names]
            changed = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
                changed = node.func.value
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                changed = next((t.value for t in targets if isinstance(t, (ast.Subscript, ast.Attribute))), None)
            if isinstance(changed, ast.Name) and changed.id in names and changed.id not in local:
                found.append((changed.id, node.lineno, f"changed by {function.name}()"))
    return sorted(set(found), key=lambda item: (item[1], item[0]))


def state_outside_the_build(hooks: Path) -> list[str]:
    return [f"overrides/hooks/{path.name}:{line}: {name} ({why})"
            for path in sorted(hooks.glob("*.py")) for name, line, why in module_state(path)
            if (path.name, name) not in ALLOWED]


def test_no_module_level_state_outside_the_build_object():
    """Per-build state lives on pipeline.Build; only caches keyed by content (and the listed exceptions) stay at
    module level, where a nested language build and every preview rebuild would see them."""
    found = state_outside_the_build(HOOKS)
    assert not found, "keep this on pipeline.Build (or make it a cache keyed by content and list it in ALLOWED):\n" \
        + "\n".join(found)


@pytest.mark.parametrize("planted, expected", [
    ("_pages = set()\n\ndef on_page(page):\n    _pages.add(page)\n",
     ["overrides/hooks/planted.py:1: _pages (a mutable value at module level)",
      "overrides/hooks/planted.py:4: _pages (changed by on_page())"]),
    ("_last = None\n\ndef remember(page):\n    global _last\n    _last = page\n",
     ["overrides/hooks/planted.py:4: _last (a global statement)"]),
    ("SEEN = {}\n\ndef remember(page):\n    SEEN[page] = True\n",
     ["overrides/hooks/planted.py:4: SEEN (changed by remember())"]),
    ("KINDS = {'a', 'b'}\n\ndef kinds(state):\n    state.add('c')\n    return KINDS | {'c'}\n", []),
])
def test_planted_module_state_is_named(tmp_path, planted, expected):
    (tmp_path / "planted.py").write_text(planted, encoding="utf-8")
    assert state_outside_the_build(tmp_path) == expected


# --- the contact book, once per build ----------------------------------------------------------------------------

def test_the_build_reads_the_contact_book_in_one_place():
    """MkDocs' side reads the book once per build, for pipeline.Build; the steps take it from there."""
    readers = sorted(path.name for path in HOOKS.glob("*.py") if not path.name.endswith("_checks.py")
                     and "contacts_book.load(" in path.read_text(encoding="utf-8"))
    assert readers == ["pipeline.py"], readers


def test_the_contact_book_is_checked_once_per_content(tmp_path):
    """Every step and check asks contacts_book.load; the file is parsed and checked once per content."""
    sys.path.insert(0, str(HOOKS))
    import contacts_book
    from conftest import make_site
    from sitecheck.project import Project
    project = make_site(tmp_path)
    data = project / contacts_book.DATA_REL
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_bytes((ROOT / contacts_book.DATA_REL).read_bytes())
    contacts_book._checked.cache_clear()
    codes = Project.load(project).languages
    first, _ = contacts_book.load(project, codes)
    again, _ = contacts_book.load(project, codes)
    assert first is again and contacts_book._checked.cache_info().misses == 1
    data.write_text(data.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    changed, _ = contacts_book.load(project, codes)
    assert changed is not first and contacts_book._checked.cache_info().misses == 2
    strings = project / "overrides" / "strings" / "en.yml"
    strings.write_text(strings.read_text(encoding="utf-8") + "\n# an edit of the strings\n", encoding="utf-8")
    contacts_book.load(project, codes)
    assert contacts_book._checked.cache_info().misses == 2, "a comment changes no string"


# --- nothing of one build reaches the next (mkdocs serve rebuilds in one process) -------------------------------

_TWO_BUILDS = r"""
import json, os, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
project = Path(sys.argv[1])

def once(folder):
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / folder), strict=False)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    return sorted(p.relative_to(project / folder).as_posix() for p in (project / folder).rglob("*.vcf"))

first = once("first")
for page in sorted((project / "docs").glob("kontak.*.md")):
    page.write_text(page.read_text(encoding="utf-8").replace("<!-- contacts: all -->", ""), encoding="utf-8")
print(json.dumps({"first": first, "second": once("second")}))
"""


def test_a_second_build_in_the_same_process_keeps_nothing_of_the_first(tmp_path):
    """Two builds in one process, as `mkdocs serve` rebuilds: once the contact directory leaves the pages, the
    second build writes no card file for it (module-level state kept the first build's pages and wrote one)."""
    import json
    import subprocess
    from conftest import make_site
    project = make_site(tmp_path, "contacts_base")
    done = subprocess.run([sys.executable, "-c", _TWO_BUILDS, str(project)], capture_output=True, text=True,
                          cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"first": ["en/kontak/kerja-aman-kontak.vcf", "kontak/kerja-aman-kontak.vcf"], "second": []}
