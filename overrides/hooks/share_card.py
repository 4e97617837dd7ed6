"""Link-preview images (1200×630 PNG): the site name and the page title, drawn with Pillow.

No network: the font (DejaVu Sans Bold, free licence in fonts/LICENSE-DejaVu.txt) lives in the repository.
Cards are cached by a hash of everything drawn (the texts, the font and this file's own code), so a rebuild
only draws the cards that changed, and a change to the drawing redraws every card.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans-Bold.ttf"
BACKGROUND = (26, 35, 94)      # dark indigo, like the site's header but darker: white text reads at any size
TEXT = (255, 255, 255)
ACCENT = (255, 202, 40)        # amber bar under the site name
MUTED = (200, 206, 240)
# Title sizes tried from large to small; the largest that fits in three lines wins.
TITLE_SIZES = (92, 84, 76, 68, 60, 54)
TITLE_MAX_LINES = 3
TAGLINE_SIZE = 44
# Text stays inside the middle of the card, so a square crop (WhatsApp's small thumbnail) keeps most of it.
TEXT_WIDTH = 1000


@lru_cache(maxsize=None)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


@lru_cache(maxsize=1)
def _drawing_digest() -> str:
    """The font and the code that draws: when either changes, every cached card is drawn again."""
    return hashlib.sha256(FONT.read_bytes() + Path(__file__).read_bytes()).hexdigest()


def card_key(site_name: str, title: str, host: str, tagline: str) -> str:
    payload = "\n".join([_drawing_digest(), site_name, title, host, tagline])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _fit_title(draw: ImageDraw.ImageDraw, title: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    for size in TITLE_SIZES:
        font = _font(size)
        lines = _wrap(draw, title, font, TEXT_WIDTH)
        if len(lines) <= TITLE_MAX_LINES and all(draw.textlength(l, font=font) <= TEXT_WIDTH for l in lines):
            return font, lines
    # Still too long at the smallest size: keep three lines and end the last with an ellipsis.
    lines = lines[:TITLE_MAX_LINES]
    while draw.textlength(lines[-1] + " …", font=font) > TEXT_WIDTH and " " in lines[-1]:
        lines[-1] = lines[-1].rsplit(" ", 1)[0]
    lines[-1] += " …"
    return font, lines


def draw_card(site_name: str, title: str, host: str, tagline: str = "") -> bytes:
    """A page's card: the site name above the page title. The home page (title = site name) shows the
    site name large with the site's one-line description (its tagline) below, so each language differs."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    centre = WIDTH // 2
    bar = 140

    if title == site_name and tagline:
        draw.text((centre, 150), site_name, font=_font(TITLE_SIZES[0]), fill=TEXT, anchor="mt")
        draw.rectangle((centre - bar, 272, centre + bar, 280), fill=ACCENT)
        font = _font(TAGLINE_SIZE)
        lines = _wrap(draw, tagline, font, TEXT_WIDTH)[:TITLE_MAX_LINES]
        for number, line in enumerate(lines):
            draw.text((centre, 318 + number * int(font.size * 1.25)), line, font=font, fill=TEXT, anchor="mt")
    else:
        draw.text((centre, 92), site_name, font=_font(48), fill=TEXT, anchor="mt")
        draw.rectangle((centre - bar, 162, centre + bar, 170), fill=ACCENT)
        font, lines = _fit_title(draw, title)
        line_height = int(font.size * 1.18)
        top = 200 + (350 - line_height * len(lines)) // 2
        for number, line in enumerate(lines):
            draw.text((centre, top + number * line_height), line, font=font, fill=TEXT, anchor="mt")

    draw.text((centre, HEIGHT - 48), host, font=_font(30), fill=MUTED, anchor="mb")

    # A small palette keeps the PNG to a few tens of KB without visible loss on flat colours.
    small = image.quantize(colors=32, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", compress_level=9)
    return buffer.getvalue()


def write_card(target: Path, cache_dir: Path, site_name: str, title: str, host: str, tagline: str = "") -> bool:
    """Write the card to `target`; True when it had to be drawn, False when it came from the cache."""
    cached = cache_dir / f"{card_key(site_name, title, host, tagline)}.png"
    drawn = not cached.exists()
    if drawn:
        cache_dir.mkdir(parents=True, exist_ok=True)
        # A name of its own: builds running side by side (the tests' workers) may draw the same card at once.
        temporary = cached.with_name(f"{cached.stem}.{os.getpid()}.tmp")
        temporary.write_bytes(draw_card(site_name, title, host, tagline))
        temporary.replace(cached)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
    return drawn
