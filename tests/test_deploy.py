"""The GitHub Actions workflow tests like the README, and publishes only the checked site, only from main."""

import yaml

from conftest import ROOT


def _workflow():
    return yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))


def test_every_push_and_pull_request_runs_the_readmes_tests():
    workflow = _workflow()
    triggers = workflow[True] if True in workflow else workflow["on"]   # YAML reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    steps = workflow["jobs"]["test"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert ".ci/run" in runs, "the workflow runs the CI script, which runs `make test`"
    assert runs.index(".ci/run") < next(i for i, r in enumerate(runs) if "scripts/build.py" in r)
    assert "debian" in str(workflow["jobs"]["test"]["container"]) or "bookworm" in workflow["jobs"]["test"]["container"]


def test_only_main_publishes_and_only_after_the_tests():
    jobs = _workflow()["jobs"]
    upload = next(s for s in jobs["test"]["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site" and upload["if"] == "github.ref == 'refs/heads/main'"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "test" and deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any("deploy-pages" in s.get("uses", "") for s in deploy["steps"])


def test_the_published_site_carries_the_offline_zip():
    """mkdocs.yml asks for the zip, so the build step's site/ (what the workflow publishes) holds it."""
    import offline_zip
    from sitecheck.project import Project
    assert offline_zip.wanted(Project.load(ROOT))
    steps = _workflow()["jobs"]["test"]["steps"]
    build = next(s for s in steps if "scripts/build.py" in s.get("run", ""))
    assert build["run"].strip() == ".venv/bin/python scripts/build.py"
