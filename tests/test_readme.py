"""The README's two commands stay true: they exist, do what they say, and CI runs the same test command."""

import re

from conftest import ROOT, package_name, pinned


def _quick_start_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def _make_recipe(target):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{target}:[^\n]*\n((?:\t[^\n]*\n)+)", makefile, re.M)
    assert match, f"Makefile has no target '{target}'"
    return match.group(1)


def test_quick_start_has_exactly_two_commands():
    assert _quick_start_commands() == ["make serve", "make test"]


def test_serve_builds_checks_and_serves():
    assert "scripts/build.py --serve" in _make_recipe("serve")


def test_test_runs_pytest_and_ci_runs_the_readme_command():
    assert "-m pytest" in _make_recipe("test")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M), ".ci/run must call the README's test command"


def test_targets_install_their_own_environment():
    for target in ("serve", "test"):
        makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
        assert re.search(rf"^{target}: \$\(VENV\)/\.installed", makefile, re.M)


def test_serve_is_mkdocs_own_live_preview(monkeypatch):
    """`make serve` (and the README's Windows line) runs MkDocs' serve, whose livereload the preview hook checks."""
    import build
    called = []
    monkeypatch.setattr(build.subprocess, "call", lambda command, **kwargs: called.append(command) or 0)
    assert build.main(["--serve", "--port", "8000"]) == 0
    assert called and called[0][1:4] == ["-m", "mkdocs", "serve"] and "127.0.0.1:8000" in called[0]
    hooks = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "overrides/hooks/pipeline.py" in hooks and re.search(r"^watch:\n  - overrides$", hooks, re.M)
    assert "preview.after_build(config)" in (ROOT / "overrides/hooks/pipeline.py").read_text(encoding="utf-8")


def test_the_environment_is_made_from_the_pinned_files_only():
    """`make` creates .venv/ with pip, which installs only uv (requirements-setup.txt); uv installs the rest from
    requirements-test.txt. Every line of the three files is pinned exactly."""
    recipe = re.search(r"^\$\(VENV\)/\.installed: ([^\n]*)\n((?:\t[^\n]*\n)+)", (ROOT / "Makefile").read_text(
        encoding="utf-8"), re.M)
    assert recipe, "Makefile has no $(VENV)/.installed target"
    prerequisites, steps = recipe.group(1).split(), recipe.group(2)
    assert set(prerequisites) == {"requirements-setup.txt", "requirements.txt", "requirements-test.txt"}
    installs = [line.strip() for line in steps.splitlines() if " install" in line]
    assert installs == [
        "$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-setup.txt",
        "$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements-test.txt"], installs
    assert list(pinned("requirements-setup.txt")) == ["uv"]
    assert pinned("requirements.txt") and pinned("requirements-test.txt")


def test_the_tests_run_on_the_pinned_versions():
    """What this Python has installed is what the files pin: a package left at another version (an old .venv/, a
    pin changed by hand) fails here, by name."""
    from importlib import metadata
    pins = {**pinned("requirements.txt"), **pinned("requirements-test.txt")}
    installed = {package_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    differ = {name: (version, installed.get(name)) for name, version in pins.items() if installed.get(name) != version}
    assert not differ, f"pinned, installed: {differ}"
