"""The code's layout (ARCHITECTURE.md): no import circle, one list of checks, hooks that load without scripts/."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from conftest import ROOT

from sitecheck import registry
from sitecheck.project import Project

HOOKS = "overrides/hooks"
SCRIPTS = "scripts"
CHECK_LISTS = ("SOURCE_CHECKS", "SITE_CHECKS", "STOPPING_CHECKS")


def local_modules(root: Path) -> dict[str, Path]:
    """{module name as Python imports it: path} for overrides/hooks/*.py, scripts/*.py and scripts/sitecheck/."""
    modules = {}
    for path in sorted((root / SCRIPTS).glob("*.py")):
        modules[path.stem] = path
    for path in sorted((root / SCRIPTS / "sitecheck").glob("*.py")):
        modules["sitecheck" if path.stem == "__init__" else f"sitecheck.{path.stem}"] = path
    # Once sitecheck is imported, overrides/hooks comes first on sys.path (sitecheck/__init__.py puts it there).
    for path in sorted((root / HOOKS).glob("*.py")):
        modules[path.stem] = path
    return modules


def _imported(node: ast.AST, package: str | None) -> list[str]:
    """The module names one import statement may load: `from a import b` may load a.b as well as a."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        if package is None:
            return []
        parts = package.split(".")
        base = ".".join(parts[: len(parts) - node.level + 1])
        module = f"{base}.{node.module}" if node.module else base
    else:
        module = node.module or ""
    return [module] + [f"{module}.{alias.name}" for alias in node.names]


def import_graph(root: Path) -> dict[str, set[str]]:
    """{file: the local files it imports}, every import statement counted (also inside functions), as paths
    relative to `root`."""
    modules = local_modules(root)
    graph = {}
    for name, path in modules.items():
        package = "sitecheck" if name.startswith("sitecheck") else None
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for imported in _imported(node, package):
                if imported in modules and modules[imported] != path:
                    targets.add(modules[imported].relative_to(root).as_posix())
        graph[path.relative_to(root).as_posix()] = targets
    return graph


def find_circles(graph: dict[str, set[str]]) -> list[str]:
    """Each import circle once, written `a -> b -> a`, starting from its first file in sorted order."""
    circles, seen = [], set()

    def walk(start: str, node: str, trail: list[str]) -> None:
        for target in sorted(graph.get(node, ())):
            if target == start:
                circle = trail + [start]
                key = frozenset(circle)
                if key not in seen:
                    seen.add(key)
                    circles.append(" -> ".join(circle))
            elif target not in trail and target > start:
                walk(start, target, trail + [target])

    for start in sorted(graph):
        walk(start, start, [start])
    return circles


def test_no_import_circle():
    circles = find_circles(import_graph(ROOT))
    assert not circles, "import circle(s):\n" + "\n".join(circles)


def _plant(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def test_a_planted_circle_is_named(tmp_path):
    _plant(tmp_path, {
        "overrides/hooks/a_checks.py": "from sitecheck.model import Problem\n",
        "overrides/hooks/a_rules.py": "def rule():\n    import a_hook\n",
        "overrides/hooks/a_hook.py": "import a_rules\n",
        "scripts/sitecheck/__init__.py": "",
        "scripts/sitecheck/model.py": "from . import registry\n",
        "scripts/sitecheck/registry.py": "import a_checks\n",
        "scripts/build.py": "from sitecheck import registry\n",
    })
    assert find_circles(import_graph(tmp_path)) == [
        "overrides/hooks/a_checks.py -> scripts/sitecheck/model.py -> scripts/sitecheck/registry.py"
        " -> overrides/hooks/a_checks.py",
        "overrides/hooks/a_hook.py -> overrides/hooks/a_rules.py -> overrides/hooks/a_hook.py",
    ]


def _check_modules() -> list[str]:
    return sorted(path.stem for path in (ROOT / HOOKS).glob("*_checks.py"))


def test_every_feature_check_module_is_in_the_registry():
    listed = [feature.__name__ for feature in registry.FEATURES]
    assert sorted(listed) == _check_modules(), "add the feature's module to FEATURES in scripts/sitecheck/registry.py"
    assert len(set(listed)) == len(listed), "a feature is listed twice in FEATURES"


def test_the_registry_runs_every_check_of_every_feature():
    runs = {"SOURCE_CHECKS": registry.source_checks(), "SITE_CHECKS": registry.site_checks(),
            "STOPPING_CHECKS": registry.stopping_checks()}
    for name in _check_modules():
        module = importlib.import_module(name)
        assert isinstance(module.SOURCE_CHECKS, list) and isinstance(module.SITE_CHECKS, list), name
        for kind in CHECK_LISTS:
            for check in getattr(module, kind, []):
                assert check in runs[kind], f"{name}.{check.__name__} is in {kind} but the build does not run it"


def test_the_checks_import_the_model_not_the_other_way():
    graph = import_graph(ROOT)
    assert not {target for target in graph["scripts/sitecheck/model.py"] if target.startswith(HOOKS + "/")
                and target.endswith("_checks.py")}, "sitecheck/model.py imports a feature"


def _module_level_imports(path: Path) -> set[str]:
    """What a module imports while it loads (not what its functions import when they run)."""
    found = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return
        found.update(_imported(node, None))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_the_hooks_load_without_scripts_on_the_path():
    """MkDocs loads a hook with only overrides/hooks on sys.path: no hook (nor a module it imports while
    loading) may import sitecheck or a feature's checks."""
    todo = [Path(hook).stem for hook in Project.load(ROOT).config["hooks"]]
    loaded = set()
    while todo:
        name = todo.pop()
        if name in loaded or not (ROOT / HOOKS / f"{name}.py").is_file():
            continue
        loaded.add(name)
        imports = _module_level_imports(ROOT / HOOKS / f"{name}.py")
        wrong = sorted(i for i in imports if i.split(".")[0] == "sitecheck" or i.endswith("_checks"))
        assert not wrong, f"{HOOKS}/{name}.py imports {wrong} while MkDocs loads it"
        todo += [i for i in imports if "." not in i]


def _problem_like_classes(root: Path) -> list[str]:
    """Classes that tell an editor a mistake (they carry both a `message` and a `fix`) but are not a Problem
    and cannot make one (an error raised deep in a rule may carry them if its .problem(path) returns one)."""
    found = []
    for path in local_modules(root).values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.ClassDef):
                continue
            names = {target.id for item in ast.walk(node) for target in
                     ([item.target] if isinstance(item, ast.AnnAssign) else getattr(item, "targets", []))
                     if isinstance(target, ast.Name)}
            names |= {target.attr for item in ast.walk(node) if isinstance(item, ast.Assign)
                      for target in ast.walk(item) if isinstance(target, ast.Attribute)}
            makes_one = any(isinstance(item, ast.FunctionDef) and item.name == "problem" for item in node.body)
            if {"message", "fix"} <= names and not makes_one:
                found.append(f"{path.relative_to(root).as_posix()}:{node.name}")
    return sorted(found)


def test_one_problem_type_from_hook_to_terminal():
    """A hook's rules, a check and the build all report overrides/hooks/problem.py's Problem (issue 28)."""
    assert _problem_like_classes(ROOT) == ["overrides/hooks/problem.py:Problem"], \
        "tell a mistake with problem.Problem (or raise an error whose .problem(path) returns one)"


def test_a_second_problem_type_is_named(tmp_path):
    _plant(tmp_path, {
        "overrides/hooks/problem.py": "class Problem:\n    path: str\n    message: str\n    fix: str\n",
        "overrides/hooks/a_rules.py": "class Issue:\n    def __init__(self, message, fix):\n"
                                      "        self.message, self.fix = message, fix\n",
    })
    assert _problem_like_classes(tmp_path) == ["overrides/hooks/a_rules.py:Issue", "overrides/hooks/problem.py:Problem"]
