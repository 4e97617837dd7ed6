"""Write `_headers` at the root of the built site: the HTTP headers for Netlify, Cloudflare Pages and any host
that reads this format (GitHub Pages ignores it; see CONTRIBUTING.md).

- A Content Security Policy that allows only the site's own files. Material puts a few small inline scripts in
  every page (its `__md_scope`/`__md_get` helpers, the tab-anchor script, a palette script when a palette
  toggle is on); their text differs with the page's depth, so we hash each distinct one from the built HTML.
  Only scripts outside the page's article are hashed: code inside a page's text is never allowed (the build's
  check_csp reports it). `<script type="application/json">` (`__config`) is data and needs no hash.
- Security headers, and caching: a year for files whose name carries a content hash, a few minutes for the rest.
  No two rules that can match one address set the same header, because hosts merge such duplicates differently.
- The same policy in a `<meta http-equiv="Content-Security-Policy">` at the top of every page's <head>, for
  hosts that send no headers of ours (GitHub Pages, the default). A meta tag cannot carry `frame-ancestors`,
  so that one directive stays in `_headers` only; the page's script hashes are those of its own inline
  scripts. Not in the preview (`mkdocs serve` adds an inline livereload script); the offline copy
  (overrides/hooks/phone_offline_copy.py) takes it out of its pages, which are opened from file://.
"""

import base64
import hashlib
import re
from pathlib import Path



EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
SRC = re.compile(r"\bsrc\s*=", re.I)
TYPE = re.compile(r"\btype\s*=\s*[\"']?([^\"'\s>]*)", re.I)
ARTICLE = re.compile(r"<article\b.*?</article\s*>", re.S | re.I)
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.(min\.)?(js|css)(\.map)?$")
LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=600"

POLICY = [
    ("default-src", "'self'"),
    ("script-src", "'self' {hashes}"),
    ("style-src", "'self'"),
    # Material draws its icons with CSS masks of data: SVGs.
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
]
SECURITY = {
    "X-Content-Type-Options": "nosniff",
    # Readers of a page about trafficking should not be announced to the sites we link to.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
}


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def theme_script_hashes(site_dir: Path) -> list[str]:
    """The hash of every inline script outside the pages' articles, over the exact text the browser hashes."""
    return sorted({h for path in sorted(site_dir.rglob("*.html"))
                   for h in inline_script_hashes(path.read_text(encoding="utf-8"))})


# What a <meta> policy cannot carry (the browser ignores it there, with a console warning).
NOT_IN_META = ("frame-ancestors", "report-uri", "sandbox")
META = '<meta http-equiv="Content-Security-Policy" content="{policy}">'
CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)


def content_security_policy(hashes: list[str], meta: bool = False) -> str:
    listed = " ".join(f"'{h}'" for h in hashes)
    return "; ".join(f"{name} {value.format(hashes=listed)}".strip() for name, value in POLICY
                     if not (meta and name in NOT_IN_META))


def inline_script_hashes(html: str) -> list[str]:
    """The hash of every inline script outside the page's article, over the exact text the browser hashes."""
    hashes = set()
    article = ARTICLE.search(html)
    for match in SCRIPT.finditer(html):
        attributes = match.group("attrs")
        kind = TYPE.search(attributes)
        if SRC.search(attributes) or (kind and kind.group(1).strip().lower() not in EXECUTABLE_TYPES):
            continue
        if article and article.start() < match.start() < article.end():
            continue
        hashes.add(_hash(match.group("body")))
    return sorted(hashes)


def _cache_class(path: Path) -> str:
    return LONG if HASHED_NAME.search(path.name) else SHORT


def cache_rules(site_dir: Path, folder: Path | None = None) -> list[tuple[str, str]]:
    """The fewest rules that give every file exactly one Cache-Control: a whole folder when all its files
    share one lifetime, otherwise one rule per file or subfolder."""
    folder = folder or site_dir
    rules = []
    for entry in sorted(folder.iterdir()):
        address = "/" + entry.relative_to(site_dir).as_posix()
        if entry.name == "_headers":
            continue
        if entry.is_dir():
            classes = {_cache_class(f) for f in entry.rglob("*") if f.is_file()}
            if len(classes) == 1:
                rules.append((address + "/*", classes.pop()))
            elif classes:
                rules += cache_rules(site_dir, entry)
        else:
            rules.append((address, _cache_class(entry)))
            if entry.name == "index.html":
                rules.append((address[: -len("index.html")], SHORT))
    return rules


def headers_text(site_dir: Path) -> str:
    lines = ["# Written by overrides/hooks/headers.py at every build. Do not edit: edit the hook.", "/*",
             f"  Content-Security-Policy: {content_security_policy(theme_script_hashes(site_dir))}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY.items()]
    for address, value in cache_rules(site_dir):
        lines += ["", address, f"  Cache-Control: {value}"]
    return "\n".join(lines) + "\n"


def add_meta_policy_to_static(serving: bool, output_content: str, template_name: str) -> str:
    return add_meta_policy(serving, output_content) if template_name == "404.html" else output_content


# Just before the minifier, which leaves inline scripts exactly as they are: the hashes hold.
def add_meta_policy(serving: bool, output: str) -> str:
    if serving:
        return output
    meta = META.format(policy=content_security_policy(inline_script_hashes(output), meta=True))
    charset = CHARSET.search(output)
    at = charset.end() if charset else output.index("<head>") + len("<head>")
    return output[:at] + meta + output[at:]


# After every language and the search split: the whole site is on disk.
def write_headers_file(serving: bool, config) -> None:
    # The preview serves no headers and carries no policy (see the docstring): no _headers either.
    if serving:
        return
    site_dir = Path(config.site_dir)
    (site_dir / "_headers").write_text(headers_text(site_dir), encoding="utf-8")
