"""`_headers`: a strict Content Security Policy the site works under, security headers, and cache lifetimes.

The browser tests serve the built site with the headers of its own `_headers` file (as Netlify or Cloudflare
Pages would) and watch Chromium for any CSP violation."""

import base64
import hashlib
import http.server
import re
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, make_site, parsed_page, replace_once, run_build, start_serving, wait_until

from sitecheck.model import BuiltSite, find_line
from sitecheck.project import Project
from headers_checks import check_csp, inline_scripts, read_headers

PAGES = ["", "kontak/", "tppo/cek-tawaran/", "perubahan/", "en/", "en/sebelum-berangkat/", "en/perubahan/",
         "no-such-page/"]
LONG = "max-age=31536000"


def _matches(pattern, path):
    if pattern.endswith("/*"):
        return path.startswith(pattern[:-1]) or path == pattern[:-2]
    return path == pattern


def headers_for(rules, path):
    """Every rule whose pattern matches applies; a header set twice is joined, as Cloudflare Pages does."""
    found = {}
    for pattern, headers in rules:
        if _matches(pattern, path):
            for name, value in headers.items():
                found[name] = f"{found[name]}, {value}" if name in found else value
    return found


def _serve(site, rules):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code == 404 and (site / "404.html").is_file():   # as static hosts do
                body = (site / "404.html").read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().send_error(code, message, explain)

        def end_headers(self):
            for name, value in headers_for(rules, self.path.split("?")[0]).items():
                self.send_header(name, value)
            super().end_headers()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    return server, start_serving(server)


@pytest.fixture(scope="module")
def rules(built_site):
    return read_headers((built_site / "_headers").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def secured_site(built_site, rules):
    server, url = _serve(built_site, rules)
    yield url
    server.shutdown()


def _csp(rules):
    return dict(rules)["/*"]["Content-Security-Policy"]


# --- the file itself ----------------------------------------------------------------------------

def test_policy_allows_only_the_sites_own_files(rules):
    csp = _csp(rules)
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert re.fullmatch(r"'self'( 'sha256-[A-Za-z0-9+/=]+')+", directives["script-src"])
    assert directives["style-src"] == "'self'"
    assert "unsafe" not in csp and "http" not in csp and "*" not in csp
    security = dict(rules)["/*"]
    assert security["X-Content-Type-Options"] == "nosniff"
    assert security["Referrer-Policy"] and security["Permissions-Policy"].startswith("camera=()")


def test_every_inline_script_of_every_page_is_hashed(built_site, rules):
    allowed = set(re.findall(r"'(sha256-[^']+)'", _csp(rules)))
    seen = set()
    for path in built_site.rglob("*.html"):
        for tag in inline_scripts(parsed_page(path)):
            digest = "sha256-" + base64.b64encode(hashlib.sha256((tag.string or "").encode()).digest()).decode()
            assert digest in allowed, f"{path}: inline script not in the CSP: {tag.string[:60]!r}"
            seen.add(digest)
    assert seen == allowed, "the CSP allows scripts that no page has"


def test_each_file_has_one_cache_lifetime_long_only_when_hashed(built_site, rules):
    files = [p for p in built_site.rglob("*") if p.is_file() and p.name != "_headers"]
    assert files
    for path in files:
        address = "/" + path.relative_to(built_site).as_posix()
        addresses = [address] + ([address[: -len("index.html")]] if path.name == "index.html" else [])
        for where in addresses:
            setting = [pattern for pattern, headers in rules if _matches(pattern, where) and "Cache-Control" in headers]
            assert len(setting) == 1, f"{where}: Cache-Control set by {setting} (hosts merge duplicates differently)"
            cache = headers_for(rules, where)["Cache-Control"]
            hashed = re.search(r"\.[0-9a-f]{8,}\.min\.(js|css)", path.name)
            assert (LONG in cache) == bool(hashed), f"{where}: {cache}"
            if path.suffix == ".html":
                assert int(re.search(r"max-age=(\d+)", cache).group(1)) <= 3600


# --- in the browser ------------------------------------------------------------------------------

# The site's public address. Material fetches `sitemap.xml` next to each <link rel="alternate"> address; on
# the real host that is the page's own origin ('self'), but from this local server it is another origin.
# Such a request is counted as allowed; every other violation fails the test.
PUBLIC_ORIGIN = "{0.scheme}://{0.netloc}/".format(urlsplit(Project.load(ROOT).site_url))

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));
"""


def _own_origin(event: str) -> bool:
    directive, blocked = event.split(" ")[:2]
    return directive == "connect-src" and blocked.startswith(PUBLIC_ORIGIN)


def _tour(browser, base, paths, look, javascript=True) -> dict:
    """{path: look(page, response, CSP lines the console said)} for every page of `paths`, each in a tab of its
    own with its own watch and console listener, looked at once it has had no request for 500 ms (networkidle).
    The first page opens alone, as a reader's first page does, before the service worker it registers controls
    the site; once that worker is active, the others open all at once, under it as when a reader goes on, so that
    their quiet windows overlap instead of following one another."""
    context = browser.new_context(viewport={"width": 360, "height": 780}, java_script_enabled=javascript)
    context.add_init_script(WATCH)

    def start(path):
        page, console = context.new_page(), []
        page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
        return path, page, page.goto(base + path, wait_until="commit"), console

    def settled(page):  # as page.goto waits for "load", and then 500 ms of quiet
        page.wait_for_load_state("load")
        page.wait_for_load_state("networkidle")

    try:
        first = start(paths[0])
        settled(first[1])
        if javascript and len(paths) > 1:  # the worker it registers is active: the other pages open under it
            wait_until(first[1], "navigator.serviceWorker.getRegistration().then(r => Boolean(r && r.active))")
        seen = {}
        for path, page, response, console in [first] + [start(path) for path in paths[1:]]:
            settled(page)
            seen[path] = look(page, response, console)
        return seen
    finally:
        context.close()


def _seen(page, console) -> list[str]:
    """The page's CSP violations, said in the console or seen by the watch, but Material's fetch of sitemap.xml
    from the public origin."""
    events = [e for e in page.evaluate("window.__csp") if not _own_origin(e)]
    return [m for m in console if PUBLIC_ORIGIN not in m] + events


def _violations(browser, base, paths, javascript=True):
    def look(page, response, console):
        assert response is not None and "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        return _seen(page, console)
    return {path: seen for path, seen in _tour(browser, base, paths, look, javascript).items() if seen}


def test_pages_load_without_any_csp_violation(browser, secured_site):
    assert _violations(browser, secured_site, PAGES) == {}


def test_the_watch_sees_a_violation_when_the_hashes_are_missing(browser, built_site, rules):
    """The check above can fail: the same pages under a policy without the hashes do report violations."""
    stripped = [(pattern, {name: (re.sub(r" 'sha256-[^']+'", "", value) if name == "Content-Security-Policy"
                                  else value) for name, value in headers.items()}) for pattern, headers in rules]
    server, url = _serve(built_site, stripped)
    try:
        found = _violations(browser, url, ["kontak/"])
    finally:
        server.shutdown()
    assert found and any("script-src" in text for text in found["kontak/"]), found


@pytest.mark.parametrize("path,word", [("kontak/", "istilah"), ("en/", "glossary")])
def test_search_works_under_the_policy(browser, secured_site, path, word):
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(secured_site + path)
    page.click("input.md-search__input")
    page.keyboard.type(word)
    page.wait_for_selector(".md-search-result__item a", timeout=10000)
    assert page.eval_on_selector_all(".md-search-result__item a", "els => els.length") > 0
    assert [e for e in page.evaluate("window.__csp") if not _own_origin(e)] == []
    context.close()


# --- what the policy would block is caught at build time ---------------------------------------------

def test_script_code_and_style_attributes_in_a_page_are_named(tmp_path):
    """The check reads the page's HTML alone (given here as a string, as MkDocs writes it from the planted
    page): a build would prove nothing more, and the registry test in test_code_layout.py proves the build
    runs check_csp."""
    project = Project.load(make_site(tmp_path, "inline_script"))
    article = '<script>document.title = "diubah";</script>\n<p style="color: red">Penting!</p>'
    site = BuiltSite.from_html(project, {"kontak/index.html": f"<html><body><article>{article}</article></body></html>"})
    page = project.root / "docs" / "kontak.id.md"
    lines = [str(problem) for problem in check_csp(site)]
    assert [l for l in lines if l.startswith(f"docs/kontak.id.md:{find_line(page, '<script')}: the page contains "
                                             "script code")], lines
    assert [l for l in lines if l.startswith(f"docs/kontak.id.md:{find_line(page, 'style=')}: <p style=")], lines
    clean = BuiltSite.from_html(project, {"kontak/index.html": "<html><body><article><p>Penting!</p></article></body></html>"})
    assert not [p for p in check_csp(clean) if "script code" in p.message or "style=" in p.message]


# --- the same policy in every page, for hosts that send no headers (GitHub Pages) ----------------------------

def _meta_violations(browser, base, paths):
    def look(page, response, console):
        assert "content-security-policy" not in response.headers, "this server must send no CSP header"
        seen = _seen(page, console)
        # An injected inline script (as an attacker's would be) must not run, and is reported.
        page.evaluate("""() => { const s = document.createElement('script');
                                 s.textContent = 'window.__injected = true'; document.body.append(s); }""")
        return seen, (page.evaluate("window.__injected === true"),
                      any("script-src" in e for e in page.evaluate("window.__csp")))
    toured = _tour(browser, base, paths, look)
    return ({path: seen for path, (seen, _) in toured.items() if seen},
            {path: injected for path, (_, injected) in toured.items()})


def test_the_policy_holds_without_headers(browser, served_site):
    """Served by a plain static server with no headers (as GitHub Pages serves us): every page keeps its policy."""
    # This plain server answers a missing page with its own error text: open the site's 404 page directly.
    paths = [p for p in PAGES if p != "no-such-page/"] + ["404.html"]
    found, injected = _meta_violations(browser, served_site, paths)
    assert found == {}, found
    for path, (ran, reported) in injected.items():
        assert not ran, f"/{path}: an injected inline script ran: the page has no working policy"
        assert reported, f"/{path}: the blocked script was not reported as a script-src violation"


def test_a_page_without_its_meta_policy_fails_the_build(site_factory):
    """The planted defect: the hook that writes the <meta> policy writes none; the build names every page."""
    project = site_factory()
    hook = project / "overrides" / "hooks" / "headers.py"
    replace_once(hook, "    return output[:at] + meta + output[at:]", "    return output")
    result = run_build(project)
    assert result.code == 1, result.output
    lines = result.lines_naming("docs/kontak.id.md")
    assert [l for l in lines if "0 Content-Security-Policy <meta> tags, not 1" in l and "overrides/hooks/headers.py" in l], \
        result.output
