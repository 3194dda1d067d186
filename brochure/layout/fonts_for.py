"""Which registered font sets each part of a text: the given font where it has the characters,
else the fallback font for their script (brochure/fonts.py)."""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

# A brand's own fonts per script (brand.yaml fonts: arabic, bengali, …), by the registered name
# of the brand's regular and bold fonts: set when the theme is loaded.
SCRIPT_FONTS: dict[str, tuple[tuple[str, str], ...]] = {}


def fonts_for(text: str, font: str, language: str, bold: bool | None = None) -> tuple[tuple[str, str], ...]:
    """`text` cut into (part, font name) runs, in order; one run when `font` has every character.
    `bold` picks the fallbacks' weight (unsaid: a font named bold is)."""
    if bold is None:
        bold = "bold" in font.lower()
    return _fonts_for(text, font, language, bold, SCRIPT_FONTS.get(font, ()))


@functools.lru_cache(maxsize=32768)
def _fonts_for(
    text: str, font: str, language: str, bold: bool, scripts: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    if set_whole(text, font):
        return ((text, font),)
    from ..fonts import itemize

    return itemize(text, font, bold, language or None, {key: Path(path) for key, path in scripts})


_SCRIPT_OF_LANGUAGE = {"ar": "Arab", "fa": "Arab", "ur": "Arab", "ps": "Arab", "sd": "Arab", "ug": "Arab", "ckb": "Arab",
                       "he": "Hebr", "yi": "Hebr", "bn": "Beng", "as": "Beng", "pa": "Guru", "gu": "Gujr", "hi": "Deva",
                       "mr": "Deva", "ne": "Deva", "zh": "Hans"}  # fmt: skip


def script_metrics(language: str, font: str) -> tuple[float, float, float]:
    """How much taller than `font`'s lines a language's lines must be (the height, ascent to
    descent, of the font its script is set in over `font`'s: 1 for Latin and for a brand font that
    has the script; Nastaliq's diagonal joins make an Urdu line about twice as tall), and how far
    below and above the baseline, per point, those lines reach (0, 0 when `font` sets them)."""
    from ..fonts import fallbacks
    from ..theme import register_font

    script = _SCRIPT_OF_LANGUAGE.get(language.lower().split("-")[0]) if language else None
    if script is None:
        return 1.0, 0.0, 0.0
    own = pdfmetrics.getFont(font).face
    sample = {"Arab": "\u0628", "Hebr": "\u05d0", "Beng": "\u0995", "Guru": "\u0a15", "Gujr": "\u0a95",
              "Deva": "\u0915", "Hans": "\u4e2d"}[script]  # fmt: skip
    if ord(sample) in own.charToGlyph:
        return 1.0, 0.0, 0.0
    faces = fallbacks(script, language)
    if not faces:
        return 1.0, 0.0, 0.0
    other = pdfmetrics.getFont(register_font(faces[0].regular)).face
    ascent, descent = max(other.ascent, own.ascent), max(-other.descent, -own.descent)  # both scripts' lines
    return (
        max(1.0, (ascent + descent) / (own.ascent - own.descent)),
        descent / 1000,
        ascent / 1000,
    )


def set_whole(text: str, font: str) -> bool:
    """Whether `font` sets every character of `text` itself (no fallback font needed)."""
    cmap = pdfmetrics.getFont(font).face.charToGlyph
    return all(ord(c) in cmap or c in "\u00ad\u200b\u200c\u200d" for c in text)
