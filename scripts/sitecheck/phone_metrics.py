"""What a phone reader meets, measured in a real browser page (Playwright): shared by tests and the bench.

Each function takes a Playwright page that has loaded a site page and returns plain data.
"""

from __future__ import annotations

# Tap targets the phone goals name: links in lists, buttons, phone and WhatsApp links (visible ones).
TARGETS = ("article li a:not(.headerlink), article button, .md-content button, "
           "a[href^='tel:'], a[href^='https://wa.me/'], .md-nav__link, .ka-lang__link")
# Body text: what a reader reads in the page body and footer.
TEXT = "article p, article li, article td, article dd, article dt, .ka-independent, .md-copyright"

_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"

_SMALL_TEXT = """(selector) => {
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || !el.textContent.trim()) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    small.push([size, el.tagName.toLowerCase() + ': ' + el.textContent.trim().slice(0, 40)]);
  }
  return small;
}"""

_TARGETS = """(selector) => {
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.closest('[hidden]')) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;  // not on screen (closed drawer item, display: none)
    found.push([Math.round(box.width * 10) / 10, Math.round(box.height * 10) / 10,
                el.tagName.toLowerCase() + ' ' + (el.getAttribute('href') || '') + ' ' + el.textContent.trim().slice(0, 30)]);
  }
  return found;
}"""


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0 or less: no horizontal scrolling)."""
    return page.evaluate(_OVERFLOW)


def text_sizes(page) -> list[tuple[float, str]]:
    return [tuple(x) for x in page.evaluate(_SMALL_TEXT, TEXT)]


def tap_targets(page, drawer_open: bool = False) -> list[tuple[float, float, str]]:
    """Every visible tap target of the kinds above: (width, height, what)."""
    if drawer_open:
        page.evaluate("() => { const d = document.getElementById('__drawer'); if (d) d.checked = true; }")
    return [tuple(x) for x in page.evaluate(_TARGETS, TARGETS)]
