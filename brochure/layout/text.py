"""Setting text: rich spans -> lines of runs, greedy, left-aligned, never shrunk or dropped.

A word wider than the line is broken between characters rather than lost. Lines break only at
spaces outside no-break units (`no_break_spans`): a no-break space (U+00A0) typed in the content,
dates, "version 1.0", postcodes, phone numbers and a number with its unit stay on one line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..colour import CMYK
from ..rich import RichText, Span
from ..theme import TextStyle
from .model import Line, Run

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
    lines: list[list[list[_Piece]]] = []
    current: list[list[_Piece]] = []
    used = 0.0
    chars = 0
    pending = list(reversed(words))
    while pending:
        word = pending.pop()
        gap = stringWidth(" ", current[-1][-1].font, size) if current else 0.0
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
            gap = stringWidth(" ", current[-1][-1].font, size) if current else 0.0
            too_long = chars + 1 + chunk_chars > MAX_CHARS
            if current and (used + gap + chunk_width > width + 1e-6 or too_long):
                lines.append(current)
                current, used, gap, chars = [], 0.0, 0.0, 0
            current.append(chunk)
            used += gap + chunk_width
            chars += chunk_chars + (1 if len(current) > 1 else 0)
    if current:
        lines.append(current)
    return tuple(_runs(line, size, colour or style.colour) for line in lines)


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
    return float(stringWidth(text, font, size))


def _shift(run: Run, dx: float) -> Run:
    return Run(run.x + dx, run.text, run.font, run.size, run.colour, run.width, run.url)


def _words(spans: RichText, style: TextStyle, bold: bool) -> list[list[_Piece]]:
    """The text cut at its breakable spaces; a word may hold spaces (a no-break unit) and span
    several fonts or links."""
    whole = "".join(span.text for span in spans)
    cuts = set(breakable_spaces(whole))
    words: list[list[_Piece]] = [[]]
    offset = 0
    for span in spans:
        font = style.bold_font if (span.bold or bold) else style.font
        start = 0
        for i, _char in enumerate(span.text):
            if offset + i in cuts:
                if i > start:
                    words[-1].append(_Piece(span.text[start:i], font, span.url))
                words.append([])
                start = i + 1
        if start < len(span.text):
            words[-1].append(_Piece(span.text[start:], font, span.url))
        offset += len(span.text)
    return [w for w in words if w]


def _width(pieces: list[_Piece], size: float) -> float:
    return sum(text_width(_visible(p.text), p.font, size) for p in pieces)


def _fit(word: list[_Piece], width: float, size: float) -> list[list[_Piece]]:
    """The word itself, or its characters regrouped into chunks that fit the width."""
    if _width(word, size) <= width:
        return [word]
    chunks: list[list[_Piece]] = [[]]
    used = 0.0
    for piece in word:
        for char in piece.text:
            w = text_width(char, piece.font, size)
            if used + w > width and chunks[-1]:
                chunks.append([])
                used = 0.0
            last = chunks[-1]
            if last and last[-1].font == piece.font and last[-1].url == piece.url:
                last[-1] = _Piece(last[-1].text + char, piece.font, piece.url)
            else:
                last.append(_Piece(char, piece.font, piece.url))
            used += w
    return chunks


def _runs(words: list[list[_Piece]], size: float, colour: CMYK) -> tuple[Run, ...]:
    """Merge a line's words into runs of one font and link, spaces kept inside the runs."""
    merged: list[_Piece] = []
    for index, word in enumerate(words):
        for j, piece in enumerate(word):
            text = (" " if index and j == 0 else "") + piece.text
            if merged and merged[-1].font == piece.font and merged[-1].url == piece.url:
                merged[-1] = _Piece(merged[-1].text + text, piece.font, piece.url)
            elif text.startswith(" ") and merged:
                merged[-1] = _Piece(merged[-1].text + " ", merged[-1].font, merged[-1].url)
                merged.append(_Piece(text[1:], piece.font, piece.url))
            else:
                merged.append(_Piece(text, piece.font, piece.url))
    runs: list[Run] = []
    x = 0.0
    for piece in merged:
        text = _visible(piece.text)
        w = text_width(text, piece.font, size)
        runs.append(Run(x, text, piece.font, size, colour, w, piece.url))
        x += w
    return tuple(runs)
