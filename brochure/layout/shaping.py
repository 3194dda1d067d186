"""Shaping with HarfBuzz: a run of text in one font -> glyphs, their positions and their width.

Scripts that need it (Arabic, Hebrew, the Indic scripts, Thai, …) and every right-to-left run are
shaped with uharfbuzz and drawn through ReportLab's shaped strings (`ShapedStr`), which place each
glyph by HarfBuzz's advances and offsets. A glyph with no character of its own (an Arabic initial
form, a ligature, a conjunct) gets a private-use code from ReportLab; `GLYPH_TEXT` records the text
it stands for, and finishing writes that into the font's ToUnicode map, so the words extract.
Where the glyphs' order cannot say the text (a Bengali vowel sign drawn before its consonant),
`Shaped.actual` is the run's text for an /ActualText span. Latin, Greek, Cyrillic and Han runs are
set by character as before (no kerning), so an English leaflet's bytes do not change.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

_COMPLEX = (
    (0x0590, 0x08FF),  # Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, Arabic extended
    (0x0900, 0x0DFF),  # Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala
    (0x0E00, 0x0FFF),  # Thai, Lao, Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x200C, 0x200D),  # zero-width non-joiner and joiner
    (0xA8E0, 0xA8FF),  # Devanagari extended
    (0xFB1D, 0xFDFF),  # Hebrew and Arabic presentation forms
    (0xFE70, 0xFEFF),
)
RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_FEATURES = {"kern": True, "liga": True}
_PRIVATE = range(0xE000, 0xF900)

# (font's PostScript name, private-use code) -> the text its glyph stands for
GLYPH_TEXT: dict[tuple[str, int], str] = {}


def needs_shaping(text: str, rtl: bool = False) -> bool:
    """Whether a run must be shaped: it is right to left, or holds a script that joins or reorders."""
    return rtl or any(any(a <= ord(c) <= b for a, b in _COMPLEX) for c in text if ord(c) >= 0x0590)


@dataclass(frozen=True)
class Shaped:
    glyphs: ShapedStr  # the glyphs as ReportLab draws them, in visual order
    width: float  # points
    actual: str | None  # the run's text, when the glyphs alone would extract wrongly


@functools.lru_cache(maxsize=16384)
def shape(text: str, font: str, size: float, rtl: bool, language: str = "") -> Shaped:
    """Shape `text` in the registered TrueType font `font` at `size`, right to left if `rtl`."""
    ttf = pdfmetrics.getFont(font)
    hb_font = ttf.hbFont(size)  # also readies ttf.hbAddPrivate
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    if language:
        buffer.language = language
    uharfbuzz.shape(hb_font, buffer, _FEATURES)
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    named: set[int] = set()  # clusters whose text a glyph already carries
    chars, data, said = [], [], []
    face = str(ttf.face.name, "latin-1") if isinstance(ttf.face.name, bytes) else str(ttf.face.name)
    order = range(len(infos) - 1, -1, -1) if rtl else range(len(infos))  # logical order
    carried = {}
    for i in order:
        cluster = infos[i].cluster
        carried[i] = "" if cluster in named else text[cluster : ends[cluster]]
        named.add(cluster)
    for i, (info, position) in enumerate(zip(infos, positions, strict=True)):
        gid = info.codepoint
        own = [c for c in ttf.face.glyphToChar.get(gid, ()) if c not in _PRIVATE]
        cluster = infos[i].cluster
        if own and chr(own[0]) == carried[i]:  # the glyph is its character's own (not a contextual form)
            code = own[0]
        else:  # a glyph past a cluster's first stands for its cluster too (ActualText will say it once)
            code = ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, ttf.pdfScale(hb_font.get_glyph_h_advance(gid)))
            GLYPH_TEXT.setdefault((face, code), text[cluster : ends[cluster]])
        said.append(carried[i] and (GLYPH_TEXT[(face, code)] if code in _PRIVATE else chr(code)))
        chars.append(chr(code))
        data.append(
            ShapeData(
                info.cluster,
                ttf.pdfScale(position.x_advance),
                ttf.pdfScale(position.y_advance),
                ttf.pdfScale(position.x_offset),
                ttf.pdfScale(position.y_offset),
                ttf.face.charWidths[code],
            )
        )
    if rtl:
        chars, data, said = _marks_after_bases(chars, data, said)
    glyphs = ShapedStr("".join(chars), shapeData=data)
    width = sum(d.x_advance for d in data) * size / 1000
    extracted = "".join(reversed(said) if rtl else said)
    same = all(said) and unicodedata.normalize("NFKC", extracted) == unicodedata.normalize("NFKC", text)
    return Shaped(glyphs, width, None if same else text)


_Columns = tuple[list[str], list[ShapeData], list[str]]


def _marks_after_bases(chars: list[str], data: list[ShapeData], said: list[str]) -> _Columns:
    """Right to left, HarfBuzz gives a mark before its base (visual order); text extractors join a
    mark to the letter drawn just before it, so each mark is drawn after its base instead, moved
    back by the base's advance to the same place."""
    out: _Columns = ([], [], [])
    pending: list[int] = []
    for i, shape_data in enumerate(data):
        if shape_data.x_advance == 0 and said[i] and all(unicodedata.category(c) == "Mn" for c in said[i]):
            pending.append(i)
            continue
        for column, source in zip(out, (chars, data, said), strict=True):
            column.append(source[i])
        for j in pending:
            moved = data[j]._replace(x_offset=data[j].x_offset - shape_data.x_advance)
            for column, value in zip(out, (chars[j], moved, said[j]), strict=True):
                column.append(value)
        pending = []
    for j in pending:  # marks with nothing after them stay where they are
        for column, value in zip(out, (chars[j], data[j], said[j]), strict=True):
            column.append(value)
    return out


def shaped_width(text: str, font: str, size: float, rtl: bool = False, language: str = "") -> float:
    """The width of a run as it is drawn: shaped where it must be, else by its characters (a
    word of a right-to-left script is measured as it is set, right to left)."""
    if text.isascii() and not rtl:  # the common case, on the line breaker's path
        return float(pdfmetrics.stringWidth(text, font, size))
    rtl = rtl or RIGHT_TO_LEFT.search(text) is not None
    if needs_shaping(text, rtl):
        return shape(text, font, size, rtl, language).width
    return float(pdfmetrics.stringWidth(text, font, size))
