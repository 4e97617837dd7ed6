"""The site built for another address passes every check with that address everywhere (issue 29): another host
(https://example.org/) and a GitHub project page's sub-path (https://kerja-aman.github.io/kerja-aman/).
SITE_URL is read by MkDocs (`!ENV` in mkdocs.yml) and by the checks alike (sitecheck/project.py)."""

from __future__ import annotations

import functools
import http.server
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

import build
from conftest import (ROOT, Result, _QuietHandler, _real_build_folder, once_for_all_workers, start_serving,
                      wait_until)
from sitecheck.project import Project

ADDRESSES = ["https://example.org/", "https://kerja-aman.github.io/kerja-aman/"]


def _build_for(address: str, folder: Path) -> dict:
    """`SITE_URL=<address> python scripts/build.py`, into folder/site."""
    before = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = address
    try:
        project, out = Project.load(ROOT), io.StringIO()
        code = build.build(project, folder / "site", out=out)
    finally:
        if before is None:
            del os.environ["SITE_URL"]
        else:
            os.environ["SITE_URL"] = before
    return {"code": code, "output": out.getvalue(), "read": project.site_url}


def _made(tmp_path_factory, index: int) -> tuple[Path, dict]:
    return once_for_all_workers(tmp_path_factory, f"address-{index}", functools.partial(_build_for, ADDRESSES[index]))


@pytest.fixture(scope="module", params=ADDRESSES, ids=["other-host", "sub-path"])
def site_for(request, tmp_path_factory, real_build) -> tuple[str, Path, Result]:
    """The real site, built and checked as `SITE_URL=<address> python scripts/build.py` builds it (once per run,
    whichever worker asks first). After the real site's build (real_build): the templates it compiled and the
    preview images it drew (the sub-path's host is the real one) are then in the shared caches."""
    address = request.param
    # A worker that finds this address being built by the other builds the next address meanwhile (its tests come
    # next), instead of waiting: once_for_all_workers claims an address by making its folder.
    if (_real_build_folder(tmp_path_factory) / f"address-{request.param_index}").exists():
        for index in range(len(ADDRESSES)):
            if not (_real_build_folder(tmp_path_factory) / f"address-{index}").exists():
                try:
                    _made(tmp_path_factory, index)
                except pytest.fail.Exception:
                    pass  # that address's own tests report its failure; this one's go on
    folder, said = _made(tmp_path_factory, request.param_index)
    assert said["read"] == address, "the checks did not read SITE_URL"
    return address, folder / "site", Result(said["code"], said["output"])


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _head(path: Path):
    """A page's <head>, parsed alone (the test reads only its tags; the body is most of the page's text)."""
    text = path.read_text(encoding="utf-8")
    assert text.count("</head>") == 1, f"{path}: not one </head>"
    return BeautifulSoup(text[: text.index("</head>") + len("</head>")], "html.parser").head


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix()[: -len("index.html")] for p in site.rglob("index.html"))


def test_the_build_passes_every_check(site_for):
    _, _, result = site_for
    assert result.code == 0 and "\n0 errors" in "\n" + result.output.splitlines()[-1], result.output[-3000:]


def test_sitemap_canonical_and_link_previews_carry_the_address(site_for):
    address, site, result = site_for
    assert result.code == 0
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap) + re.findall(r'href="([^"]+)"', sitemap)
    assert listed and all(url.startswith(address) for url in listed), [u for u in listed if not u.startswith(address)][:5]
    assert {address + "kontak/", address + "en/kontak/"} <= set(listed)
    wrong = []
    for path in _pages(site):
        head = _head(site / path / "index.html")
        own = address + path
        canonical = [link["href"] for link in head.find_all("link", rel="canonical")]
        og_url = [meta["content"] for meta in head.find_all("meta", property="og:url")]
        image = [meta["content"] for meta in head.find_all("meta", property="og:image")]
        alternates = [link["href"] for link in head.find_all("link", rel="alternate", hreflang=True)]
        if canonical != [own] or og_url != [own] or not image or not image[0].startswith(address) \
                or not alternates or not all(a.startswith(address) for a in alternates):
            wrong.append(f"/{path}: canonical {canonical}, og:url {og_url}, og:image {image}, hreflang {alternates}")
    assert not wrong, "\n".join(wrong[:10])


def test_print_address_and_qr_code_open_the_page_at_the_address(site_for, browser, tmp_path):
    """The print header's address and its QR code (decoded, as a phone's camera reads it) are the page's own."""
    if shutil.which("zbarimg") is None:
        if os.environ.get("CI"):
            pytest.fail("zbarimg not found: install Debian's zbar-tools — CI must run the print tests")
        pytest.skip("zbarimg not found: install Debian's zbar-tools")
    address, site, _ = site_for
    tab = browser.new_page()
    for path in ("sarawak/", "en/cetak/kartu-darurat/"):
        header = _soup(site / path / "index.html").select_one(".ka-print-header")
        assert header.select_one(".ka-print-header__url").get_text(strip=True) == (address + path).split("://", 1)[1]
        tab.set_content(f"<body style='margin:0;background:#fff'><div style='width:300px'>{header.select_one('svg')}</div></body>")
        image = tmp_path / "qr.png"
        tab.locator("svg").screenshot(path=str(image))
        read = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                              capture_output=True, text=True).stdout.split()
        assert read == [address + path], f"/{path}: the QR code says {read}"
    tab.close()


@pytest.fixture
def served_at_its_path(site_for, tmp_path):
    """The built site served on 127.0.0.1 under the address's own path (/kerja-aman/ for the sub-path)."""
    address, site, _ = site_for
    path, directory = urlsplit(address).path, site
    if path != "/":
        directory = tmp_path / "root"
        (directory / path.strip("/")).parent.mkdir(parents=True, exist_ok=True)
        (directory / path.strip("/")).symlink_to(site, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    yield start_serving(server).rstrip("/") + path
    server.shutdown()


def test_service_worker_and_offline_lists_work_under_the_address_path(site_for, browser, served_at_its_path):
    """The worker's scope is the site's folder, its assets and the "save for offline" lists resolve there."""
    address, site, _ = site_for
    base = served_at_its_path
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(base + "en/kontak/")
    wait_until(page, "async () => !!(await navigator.serviceWorker.getRegistration())")
    assert page.evaluate("async () => (await navigator.serviceWorker.ready).scope") == base
    worker = (site / "sw.js").read_text(encoding="utf-8")
    assets = re.findall(r'"([^"]+)"', re.search(r"const ASSETS = \[(.*?)\];", worker).group(1))
    for asset in assets:
        assert page.request.get(base + asset).ok, f"the worker's asset {asset} is not at {base}"
    for listing in ("offline.json", "en/offline.json"):
        manifest = page.request.get(base + listing).json()
        # offline.js resolves each file against the site's folder, as the worker's scope.
        missing = [f["url"] for f in manifest["files"] if not page.request.get(base + f["url"]).ok]
        assert not missing, f"{listing} lists files that are not under {base}: {missing[:5]}"
    context.close()


def test_the_offline_zip_links_the_published_zip_at_the_address(site_for):
    import offline_zip as tool
    address, site, _ = site_for
    with zipfile.ZipFile(site / tool.ZIP_NAME) as archive:
        officers = archive.read(f"{tool.FOLDER}/petugas/index.html").decode("utf-8")
    assert address + tool.ZIP_NAME in officers, "the offline copy does not link the zip at its published address"
    home = urlsplit(address).path
    notfound = _soup(site / "404.html")
    assert {a["href"] for a in notfound.select("article a[href]")} == {home, home + "en/"}
