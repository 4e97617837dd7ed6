"""Smaller pages for phones: each built page is minified with minify-html (a maintained minifier).

It removes the indentation and the optional quotes that Material's templates leave in every page,
about 5% of each page's gzipped weight. Closing tags and the <html>/<head> tags are kept, so every
HTML parser (and our BeautifulSoup checks) reads the page the same way as before. Inline CSS and
JavaScript are left exactly as they are: the CSP hashes in _headers are computed from that text.
It runs last on each page (pipeline.py), after every other step and plugin has changed it.
"""

from __future__ import annotations

import minify_html


def minify_page(output: str) -> str:
    return minify_html.minify(output, keep_closing_tags=True, keep_html_and_head_opening_tags=True,
                              minify_css=False, minify_js=False)
