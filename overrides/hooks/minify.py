"""Smaller pages for phones: each built page is minified with minify-html (a maintained minifier).

It removes the indentation and the optional quotes that Material's templates leave in every page,
about 5% of each page's gzipped weight. Closing tags and the <html>/<head> tags are kept, so every
HTML parser (and our BeautifulSoup checks) reads the page the same way as before. Inline CSS and
JavaScript are left exactly as they are: the CSP hashes in _headers are computed from that text.
It runs last (lowest priority) on each page, after every other hook and plugin has changed it.
"""

from __future__ import annotations

import minify_html
from mkdocs.plugins import event_priority


# After everything else that edits a page's HTML (search_per_language runs at -50).
@event_priority(-1000)
def on_post_page(output: str, page, config) -> str:
    return minify_html.minify(output, keep_closing_tags=True, keep_html_and_head_opening_tags=True,
                              minify_css=False, minify_js=False)
