"""Light inline markup for content text: **bold** and [label](https://link). Nothing else.

Every other character prints as written (``A&E``, ``<5 mg``): the engine never hands content to
a markup parser. A backslash makes the next character literal (``\\*\\*`` prints ``**``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\\(.)|\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)")
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")


@dataclass(frozen=True)
class Span:
    """A run of text with one style."""

    text: str
    bold: bool = False
    url: str | None = None


RichText = tuple[Span, ...]


class MarkupError(ValueError):
    """Inline markup that cannot be read (an unclosed ** or a bad link)."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


def parse(text: str) -> RichText:
    """Split text into spans; raises MarkupError for an unclosed ** or a link without a scheme."""
    spans: list[Span] = []
    bold = False
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            spans.append(Span("".join(buffer), bold))
            buffer.clear()

    position = 0
    for match in _TOKEN.finditer(text):
        buffer.append(text[position : match.start()])
        position = match.end()
        if match.group(1) is not None:
            buffer.append(match.group(1))
        elif match.group(0) == "**":
            flush()
            bold = not bold
        else:
            label, url = match.group(2), match.group(3)
            problem = link_problem(url)
            if problem:
                raise MarkupError(problem, "write it in full, e.g. https://www.example.org or mailto:name@example.org")
            flush()
            spans.append(Span(label, bold, url))
    buffer.append(text[position:])
    flush()
    if bold:
        raise MarkupError("a '**' (bold) is not closed", "add the closing '**', or write \\*\\* for stars")
    return tuple(s for s in spans if s.text)


def scheme_of(url: str) -> str | None:
    """A link's scheme ('https', 'javascript', ...), or None when it has none (www.example.org)."""
    if "://" in url:
        return url.split("://", 1)[0].lower()
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):(?!\d)", url)
    return match.group(1).lower() if match else None


def link_problem(url: str, allowed: tuple[str, ...] = ("https", "http", "mailto", "tel")) -> str:
    """Why a link cannot be made ('' if it can): only https:, http:, mailto: and tel: links are."""
    scheme = scheme_of(url)
    if scheme is None:
        return f"the link '{url}' has no scheme"
    if scheme not in allowed:
        return f"the link '{url[:60]}' uses '{scheme}:', which brochure does not link ({', '.join(a + ':' for a in allowed)} only)"
    return ""


def plain(rich: RichText) -> str:
    """The text without markup."""
    return "".join(span.text for span in rich)


def sentence_cuts(text: RichText) -> list[tuple[RichText, RichText]]:
    """Every way to cut rich text between two sentences, first cut first: (before, after)."""
    whole = plain(text)
    return [
        (_slice(text, 0, match.start()), _slice(text, match.end(), len(whole)))
        for match in re.finditer(r"(?<=[.!?])\s+(?=\S)", whole)
    ]


def _slice(text: RichText, start: int, end: int) -> RichText:
    out, offset = [], 0
    for span in text:
        lo, hi = max(start, offset), min(end, offset + len(span.text))
        if lo < hi:
            out.append(Span(span.text[lo - offset : hi - offset], span.bold, span.url))
        offset += len(span.text)
    return tuple(out)
