"""Pages that would break under the Content Security Policy the headers hook (headers.py) writes into
`_headers` and into every page."""

from __future__ import annotations

import base64
import hashlib
import re

from sitecheck.model import Problem

EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
CSP_HASH = re.compile(r"'(sha256-[A-Za-z0-9+/=]+)'")


def script_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def is_inline_script(tag) -> bool:
    """A <script> with code in the page (not a src, not data such as Material's __config JSON)."""
    return not tag.get("src") and tag.get("type", "").strip().lower() in EXECUTABLE_TYPES


def inline_scripts(soup):
    return [tag for tag in soup.find_all("script") if is_inline_script(tag)]


def read_headers(text: str) -> list[tuple[str, dict[str, str]]]:
    """A `_headers` file (Netlify / Cloudflare Pages): [(path pattern, {header: value})]."""
    rules: list[tuple[str, dict[str, str]]] = []
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            rules.append((raw.strip(), {}))
        elif rules and ":" in raw:
            name, value = raw.strip().split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
    return rules


def site_csp(site) -> str | None:
    path = site.site_dir / "_headers"
    if not path.is_file():
        return None
    for pattern, headers in read_headers(path.read_text(encoding="utf-8")):
        if pattern == "/*" and "Content-Security-Policy" in headers:
            return headers["Content-Security-Policy"]
    return None


def _without_hashes(policy: str) -> dict[str, str]:
    """{directive: its sources without the script hashes}, to compare two policies whose pages differ."""
    directives = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {d[0]: " ".join(CSP_HASH.sub("", d[1] if len(d) > 1 else "").split()) for d in directives}


def check_meta_csp(page, header_csp: str | None) -> list[Problem]:
    """The page carries the policy itself (GitHub Pages sends no headers): one <meta> before any script, the
    same directives as `_headers` but those a meta cannot hold, and the hash of each of its inline scripts."""
    fix = "keep overrides/hooks/headers.py in the hooks of mkdocs.yml; it writes the policy into every page"
    metas = [tag for tag in page.named("meta", "http-equiv") if tag["http-equiv"].lower() == "content-security-policy"]
    if len(metas) != 1:
        return [Problem(page.source_rel, f"the page has {len(metas)} Content-Security-Policy <meta> tags, not 1", fix)]
    meta = metas[0]
    # A meta policy covers only what comes after it.
    earlier = next(tag for tag in page.tags if tag is meta or tag.name == "script")
    if meta.parent is None or meta.parent.name != "head" or earlier is not meta:
        return [Problem(page.source_rel, "the Content-Security-Policy <meta> is not in <head> before every script",
                        fix)]
    policy = meta.get("content", "")
    problems = []
    if "frame-ancestors" in policy:
        problems.append(Problem(page.source_rel, "the <meta> policy has 'frame-ancestors', which browsers ignore there",
                                fix))
    if header_csp is not None:
        wanted = {k: v for k, v in _without_hashes(header_csp).items() if k != "frame-ancestors"}
        if _without_hashes(policy) != wanted:
            problems.append(Problem(page.source_rel, "the <meta> policy differs from the one in _headers", fix))
    allowed = set(CSP_HASH.findall(policy))
    content = page.article or next(iter(page.classed("md-content")), None)
    for tag in filter(is_inline_script, page.named("script")):
        if not (content is not None and any(parent is content for parent in tag.parents)) \
                and script_hash(tag.string or "") not in allowed:
            problems.append(Problem(page.source_rel, f"an inline script of the theme has no hash in the page's "
                                    f"Content-Security-Policy <meta> ({(tag.string or '')[:40]!r}…)", fix))
    return problems


def check_csp(site) -> list[Problem]:
    """What the Content Security Policy would block: code in a page, inline handlers, style attributes,
    and any theme script whose hash is missing from `_headers` or from the page's own <meta> policy."""
    csp = site_csp(site)
    allowed = set(CSP_HASH.findall(csp or ""))
    problems = []
    if csp is None and not site.preview:
        problems.append(Problem("mkdocs.yml", "the build wrote no Content-Security-Policy in _headers",
                                "keep overrides/hooks/headers.py in the hooks of mkdocs.yml"))
    for page in site.pages.values():
        # The editors' preview (mkdocs serve) carries no policy: its livereload script is inline.
        if not site.preview:
            problems += check_meta_csp(page, csp)
        content = page.article or next(iter(page.classed("md-content")), None)
        for tag in filter(is_inline_script, page.named("script")):
            in_content = content is not None and any(parent is content for parent in tag.parents)
            if in_content:
                problems.append(Problem(page.source_rel, "the page contains script code, which the site's security "
                                        "policy blocks", "remove the <script>; put JavaScript in a file under "
                                        "docs/assets/javascripts/ and list it under extra_javascript in mkdocs.yml",
                                        page.line_of("<script")))
            elif csp is not None and script_hash(tag.string or "") not in allowed:
                problems.append(Problem(page.source_rel, f"an inline script of the theme has no hash in the "
                                        f"Content-Security-Policy of _headers ({(tag.string or '')[:40]!r}…)",
                                        "keep overrides/hooks/headers.py in the hooks of mkdocs.yml; it hashes the "
                                        "theme's inline scripts"))
        for tag in page.tags:
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            if handlers:
                problems.append(Problem(page.source_rel, f"<{tag.name} {handlers[0]}=…> runs inline code, which the "
                                        "site's security policy blocks",
                                        "remove the attribute; attach behaviour from a JavaScript file instead",
                                        page.line_of(handlers[0] + "=")))
            if tag.get("style") is not None:
                problems.append(Problem(page.source_rel, f"<{tag.name} style=\"…\"> is blocked by the site's "
                                        "security policy", "remove the style attribute; give the element a class "
                                        "and style it in a stylesheet under docs/assets/stylesheets/",
                                        page.line_of("style=")))
            href = tag.get("href") if tag.name == "a" else None
            if href and href.strip().lower().startswith("javascript:"):
                problems.append(Problem(page.source_rel, f"the link '{href[:40]}' runs code, which the site's security "
                                        "policy blocks", "link to a page or a file instead", page.line_of(href[:20])))
    return problems


SOURCE_CHECKS = []
SITE_CHECKS = [check_csp]
