"""Setting text: rich spans -> lines of runs, greedy, left-aligned, never shrunk or dropped.

A word wider than the line is broken between characters rather than lost. Lines break only at
spaces outside no-break units (`no_break_spans`): a no-break space (U+00A0) typed in the content,
dates, "version 1.0", postcodes, phone numbers and a number with its unit stay on one line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from reportlab.pdfbase.pdfmetrics import stringWidth
from uniseg.graphemecluster import grapheme_clusters
from uniseg.linebreak import line_break_boundaries

from ..colour import CMYK
from ..rich import RichText, Span
from ..theme import TextStyle
from . import bidi
from .fonts_for import fonts_for
from .model import Line, Run
from .shaping import RIGHT_TO_LEFT, shaped_width

NBSP = "\u00a0"
SOFT_HYPHEN = "\u00ad"
MAX_CHARS = 75  # clear print: lines of 60-70 characters, never over 80

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)
_UNIT = (
    r"(?:%|mg/kg|mg/ml|mg|mcg|µg|g|kg|ml|mL|l|L|mm|cm|m|km|°C|°F|mmHg|units?|pt|hours?|hrs?|minutes?|mins?"
    r"|seconds?|secs?|days?|weeks?|months?|years?|am|pm|a\.m\.|p\.m\.|times|doses?|tablets?|sessions?)"
)
_NO_BREAK = re.compile(
    "|".join(
        (
            rf"\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\b(?: \d{{4}}\b)?",  # 1 November 2028, 5 March
            rf"\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b",  # November 1, 2028
            rf"\b{_MONTH} \d{{4}}\b",  # November 2028
            r"\b[Vv]ersion \d[\w.]*",  # version 1.0
            r"\b[Pp]age \d+ of \d+\b",  # Page 2 of 4
            r"\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b",  # UK postcodes: NB1 0XX
            r"(?<![\w+(])(?:\+\d{1,3} ?)?\(?\d{2,5}\)?(?:[ -]\d{2,6}){1,4}(?!\w)",  # phone numbers
            rf"\b\d+(?:[.,]\d+)?(?:[-–]\d+(?:[.,]\d+)?)? {_UNIT}(?![\w/])",  # 1 mg/kg, 20 minutes, 9–5 pm
            r"\S+(?:\u00a0\S+)+",  # no-break spaces typed in the content
        )
    )
)


@functools.lru_cache(maxsize=8192)
def no_break_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where `text` holds units that must stay on one line: (start, end) character offsets."""
    return tuple(m.span() for m in _NO_BREAK.finditer(text) if " " in m.group() or NBSP in m.group())


def breakable_spaces(text: str) -> list[int]:
    """The offsets of the spaces a line may break at: every plain space outside a no-break unit."""
    spans = no_break_spans(text)
    return [i for i, c in enumerate(text) if c == " " and not any(a < i < b for a, b in spans)]


@dataclass(frozen=True)
class _Piece:
    text: str
    font: str
    url: str | None
    joined: bool = False  # a word's first piece that follows the word before without a space (Chinese)


def printed_links(spans: RichText) -> RichText:
    """For paper: a link whose label is not its address gets the address after it."""
    out: list[Span] = []
    for span in spans:
        out.append(span)
        if span.url and not span.url.startswith("tel:"):
            address = span.url.split(":", 1)[1].lstrip("/")
            if address.rstrip("/") not in span.text.replace(NBSP, " "):
                out.append(Span(f" ({address.rstrip('/')})", span.bold, None))
    return tuple(out)


@functools.lru_cache(maxsize=8192)  # a batch sets the same paragraphs for every record
def break_lines(
    spans: RichText, style: TextStyle, width: float, *, bold: bool = False, colour: CMYK | None = None
) -> tuple[tuple[Run, ...], ...]:
    """Break text into lines no wider than `width`; run x positions start at 0 on each line."""
    size = style.size
    words = _words(spans, style, bold)
    shaping = (style.language, style.rtl)
    lines: list[list[list[_Piece]]] = []
    current: list[list[_Piece]] = []
    used = 0.0
    chars = 0
    pending = list(reversed(words))
    while pending:
        word = pending.pop()
        gap = stringWidth(" ", current[-1][-1].font, size) if current and not word[0].joined else 0.0
        if SOFT_HYPHEN in "".join(p.text for p in word):
            room = min(width - used - gap, (MAX_CHARS - chars - 1) * size)  # (a rough cap on characters)
            parts = _hyphenated(word, room, size)
            if parts is not None:  # break at a soft hyphen: its first part, and a hyphen, end this line
                head, tail = parts
                lines.append([*current, head])
                current, used, chars = [], 0.0, 0
                pending.append(tail)
                continue
        for chunk in _fit(word, width, size):
            chunk_width = _width(chunk, size)
            chunk_chars = sum(len(_visible(p.text)) for p in chunk)
            gap = stringWidth(" ", current[-1][-1].font, size) if current and not chunk[0].joined else 0.0
            too_long = chars + 1 + chunk_chars > MAX_CHARS
            if current and (used + gap + chunk_width > width + 1e-6 or too_long):
                lines.append(current)
                current, used, gap, chars = [], 0.0, 0.0, 0
            current.append(chunk)
            used += gap + chunk_width
            chars += chunk_chars + (1 if len(current) > 1 else 0)
    if current:
        lines.append(current)
    return tuple(_runs(line, size, colour or style.colour, *shaping) for line in lines)


def _hyphenated(word: list[_Piece], room: float, size: float) -> tuple[list[_Piece], list[_Piece]] | None:
    """A word cut at its last soft hyphen whose first part, with a hyphen, fits in `room`: the
    first part (ending in '-') and the rest; None if the whole word fits or no part does."""
    if _width(word, size) <= room:
        return None
    text = "".join(p.text for p in word)
    for cut in sorted((i for i, c in enumerate(text) if c == SOFT_HYPHEN), reverse=True):
        head, tail = _cut(word, cut)
        head = [*head[:-1], _Piece(head[-1].text + "-", head[-1].font, head[-1].url)] if head else head
        if head and tail and _width(head, size) <= room:
            return head, tail
    return None


def _cut(word: list[_Piece], at: int) -> tuple[list[_Piece], list[_Piece]]:
    """A word's pieces before the character at `at` and after it (the character dropped)."""
    head: list[_Piece] = []
    tail: list[_Piece] = []
    offset = 0
    for piece in word:
        end = offset + len(piece.text)
        if end <= at:
            head.append(piece)
        elif offset > at:
            tail.append(piece)
        else:
            before, after = piece.text[: at - offset], piece.text[at - offset + 1 :]
            head += [_Piece(before, piece.font, piece.url)] if before else []
            tail += [_Piece(after, piece.font, piece.url)] if after else []
        offset = end
    return head, tail


def _visible(text: str) -> str:
    """Text as printed: a soft hyphen where no line breaks at it is nothing."""
    return text.replace(SOFT_HYPHEN, "")


def place(lines: tuple[tuple[Run, ...], ...], x: float, top: float, style: TextStyle) -> tuple[Line, ...]:
    """Put set lines on baselines, the first line box's top at `top`."""
    key = (id(lines), x, top, style)
    known = _PLACED.get(key)
    if known is not None and known[0] is lines:  # the same set lines (break_lines keeps them) in the same place
        return known[1]
    if style.rise:  # another script's font: its own height centred in the line
        first = top - (style.leading - (style.rise + style.depth) * style.size) / 2 - style.rise * style.size
    else:
        first = top - (style.leading - style.size) / 2 - 0.95 * style.size
    placed = tuple(
        Line(first - i * style.leading, tuple(_shift(run, x) for run in runs)) for i, runs in enumerate(lines)
    )
    if len(_PLACED) > 20000:
        _PLACED.clear()
    _PLACED[key] = (lines, placed)
    return placed


_PLACED: dict[tuple[int, float, float, TextStyle], tuple[tuple[tuple[Run, ...], ...], tuple[Line, ...]]] = {}


def text_width(text: str, font: str, size: float) -> float:
    """The width of `text` as set: in its fallback fonts where `font` lacks a character, shaped
    where its script needs it."""
    if text.isascii():
        return float(stringWidth(text, font, size))
    return sum(shaped_width(piece, face, size) for piece, face in fonts_for(text, font, ""))


def _shift(run: Run, dx: float) -> Run:
    return replace(run, x=run.x + dx)


def _words(spans: RichText, style: TextStyle, bold: bool) -> list[list[_Piece]]:
    """The text cut at its breakable spaces; a word may hold spaces (a no-break unit) and span
    several fonts or links."""
    whole = "".join(span.text for span in spans)
    cuts = set(breakable_spaces(whole))
    joins = set(unspaced_breaks(whole)) - cuts
    words: list[list[_Piece]] = [[]]
    offset = 0
    for span in spans:
        font = style.bold_font if (span.bold or bold) else style.font
        start = 0
        for i, _char in enumerate(span.text):
            if offset + i in cuts or (offset + i in joins and i >= start):
                if i > start:
                    words[-1] += _pieces(span.text[start:i], font, span.url, style, offset + start in joins)
                words.append([])
                start = i + 1 if offset + i in cuts else i
        if start < len(span.text):
            words[-1] += _pieces(span.text[start:], font, span.url, style, offset + start in joins)
        offset += len(span.text)
    return [w for w in words if w]


def _pieces(text: str, font: str, url: str | None, style: TextStyle, joined: bool) -> list[_Piece]:
    """A span's text in the fonts that have its characters; the first piece marked `joined`."""
    parts = fonts_for(text, font, style.language, font == style.bold_font)
    return [_Piece(part, face, url, joined and i == 0) for i, (part, face) in enumerate(parts)]


_UNSPACED = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def unspaced_breaks(text: str) -> list[int]:
    """Where a line may break between characters of a script written without spaces (Chinese,
    Japanese, Thai, …), by Unicode's line-breaking rules (UAX #14, with uniseg)."""
    if not _UNSPACED.search(text):
        return []
    return [i for i in line_break_boundaries(text) if 0 < i < len(text) and text[i - 1] != " " and text[i] != " "
            and (_UNSPACED.match(text[i - 1]) or _UNSPACED.match(text[i]))]  # fmt: skip


def _width(pieces: list[_Piece], size: float) -> float:
    return sum(shaped_width(_visible(p.text), p.font, size) for p in pieces)


def _fit(word: list[_Piece], width: float, size: float) -> list[list[_Piece]]:
    """The word itself, or its characters regrouped into chunks that fit the width."""
    if _width(word, size) <= width:
        return [word]
    chunks: list[list[_Piece]] = [[]]
    used = 0.0
    for piece in word:
        for char in grapheme_clusters(piece.text):  # never inside a cluster
            w = shaped_width(char, piece.font, size)
            if used + w > width and chunks[-1]:
                chunks.append([])
                used = 0.0
            last = chunks[-1]
            if last and last[-1].font == piece.font and last[-1].url == piece.url:
                last[-1] = _Piece(last[-1].text + char, piece.font, piece.url, last[-1].joined)
            else:
                last.append(_Piece(char, piece.font, piece.url, piece.joined and not last))
            used += w
    return chunks


def _runs(
    words: list[list[_Piece]], size: float, colour: CMYK, language: str = "", rtl: bool = False
) -> tuple[Run, ...]:
    """Merge a line's words into runs of one font and link, spaces kept inside the runs; where
    the line is right to left or holds right-to-left text, cut the runs at their bidi levels and
    put them in visual order (each run keeps its place in reading order)."""
    merged: list[_Piece] = []
    for index, word in enumerate(words):
        for j, piece in enumerate(word):
            text = (" " if index and j == 0 and not piece.joined else "") + piece.text
            if merged and merged[-1].font == piece.font and merged[-1].url == piece.url:
                merged[-1] = _Piece(merged[-1].text + text, piece.font, piece.url)
            elif text.startswith(" ") and merged:
                merged[-1] = _Piece(merged[-1].text + " ", merged[-1].font, merged[-1].url)
                merged.append(_Piece(text[1:], piece.font, piece.url))
            else:
                merged.append(_Piece(text, piece.font, piece.url))
    line = "".join(_visible(piece.text) for piece in merged)
    if not rtl and not RIGHT_TO_LEFT.search(line):
        runs: list[Run] = []
        x = 0.0
        for piece in merged:
            text = _visible(piece.text)
            w = shaped_width(text, piece.font, size, False, language)
            runs.append(Run(x, text, piece.font, size, colour, w, piece.url, language=language))
            x += w
        return tuple(runs)
    return _bidi_runs(merged, line, size, colour, language, rtl)


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[^\s]+[^\s.,;:!?)]")


def _bidi_runs(merged: list[_Piece], line: str, size: float, colour: CMYK, language: str, rtl: bool) -> tuple[Run, ...]:
    rtl = rtl and bool(RIGHT_TO_LEFT.search(line))  # a line with no right-to-left letter reads left to right
    spans = [*no_break_spans(line), *(m.span() for m in _ADDRESS.finditer(line))]
    isolates = tuple(sorted((a, b) for a, b in spans if not RIGHT_TO_LEFT.search(line[a:b])))
    levels = bidi.levels(line, rtl, isolates)
    cut: list[tuple[str, str, str | None, int]] = []  # text, font, link, level
    offset = 0
    for piece in merged:
        text = _visible(piece.text)
        for i, char in enumerate(text):
            level = levels[offset + i]
            if cut and i and cut[-1][3] == level:
                cut[-1] = (cut[-1][0] + char, piece.font, piece.url, level)
            else:
                cut.append((char, piece.font, piece.url, level))
        offset += len(text)
    runs = []
    x = 0.0
    for index in bidi.visual_order([level for *_, level in cut]):
        text, font, url, level = cut[index]
        w = shaped_width(text, font, size, level % 2 == 1, language)
        runs.append(Run(x, text, font, size, colour, w, url, rtl=level % 2 == 1, language=language, logical=index))
        x += w
    return tuple(runs)
