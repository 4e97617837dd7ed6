"""One address for the repository: `repo_url` in mkdocs.yml. Everything else that names the repository (the
report form's link, the clone commands) derives from it or is checked against it here, and no repository widget
shows (it would ask api.github.com for stars: the site makes no request to another host)."""

from __future__ import annotations

import re


from conftest import ROOT, parsed_page
from sitecheck.project import Project

REPO_URL = Project.load(ROOT).config["repo_url"]
GITHUB_REPOSITORY = re.compile(r"github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?(?=[/\s`'\")?#]|$)")
# Our own files that may name a repository; package locks name their packages' repositories.
NAMING_FILES = ["README.md", "CONTRIBUTING.md", "ARCHITECTURE.md", "mkdocs.yml", ".github", "docs", "overrides",
                "scripts", "Makefile", ".ci"]


def test_repo_url_is_the_published_repository():
    assert REPO_URL == "https://github.com/kerja-aman/kerja-aman.github.io"


def test_every_file_that_names_a_repository_names_repo_url():
    own = REPO_URL.split("github.com/", 1)[1]
    others = []
    for name in NAMING_FILES:
        base = ROOT / name
        for path in [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()):
            if path.suffix in {".png", ".ttf", ".svg", ".zip"}:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in GITHUB_REPOSITORY.finditer(text):
                if match.group(1) != own:
                    others.append(f"{path.relative_to(ROOT)}: github.com/{match.group(1)}")
    assert not others, "files that name another repository than repo_url:\n" + "\n".join(others)


def test_readme_and_contributing_clone_repo_url():
    folder = REPO_URL.rsplit("/", 1)[1]
    for name in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert f"git clone {REPO_URL}.git" in text, f"{name}: no 'git clone {REPO_URL}.git'"
        assert f"cd {folder}" in text, f"{name}: the clone is not followed by 'cd {folder}'"
        assert not re.search(r"git clone (?!https://)", text), f"{name}: a clone command without the address"


def test_the_report_form_link_is_in_repo_url(built_site):
    for rel in ("lapor/index.html", "en/lapor/index.html"):
        link = parsed_page(built_site / rel).select_one("a[data-ka-report='github']")["href"]
        form = link.split("template=", 1)[1].split("&", 1)[0]
        assert link.startswith(f"{REPO_URL}/issues/new?template={form}&"), link
        assert (ROOT / ".github" / "ISSUE_TEMPLATE" / form).is_file(), f"the form {form} is not in .github/ISSUE_TEMPLATE/"


def test_no_repository_widget_and_no_request_to_github(browser, built_site, served_site):
    """The widget is not in any page, nothing in a page names api.github.com, and a phone that opens search (which
    loads Material's own script, the one that would ask GitHub for stars) asks no other host for anything."""
    for path in [*built_site.rglob("*.html")]:
        html = path.read_text(encoding="utf-8")
        soup = parsed_page(path)
        assert not soup.select(".md-source, [data-md-component='source']"), f"{path}: a repository widget"
        assert "api.github.com" not in html, f"{path} names api.github.com"
    page = browser.new_page(viewport={"width": 360, "height": 780})
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("", "en/kontak/"):
        page.goto(served_site + path)
        page.click("label.md-header__button[for='__search']")
        page.keyboard.type("paspor")
        page.wait_for_selector(".md-search-result__item a", timeout=15000)
        assert not page.locator(".md-source").count()
    page.close()
    elsewhere = sorted({url for url in requested if not url.startswith(served_site)})
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
