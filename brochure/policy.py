"""The Unicode policy: how text as written becomes text printed, in one place.

- Text is put in NFC (composed) form: "é" typed as e + combining accent prints as one letter.
- A no-break space (U+00A0) is kept, and never broken (layout/text.py).
- A soft hyphen (U+00AD) is an invisible break opportunity: where a line breaks at it, a hyphen
  is printed; elsewhere nothing is (layout/text.py).
- Zero-width spaces (U+200B) and byte-order marks (U+FEFF), which text pasted from the web or Word
  carries unseen, are removed, each with a located warning naming it.
- Curly quotes wrapping a whole value (“1.0”, from Word) are read as quotes, with a warning.
- A character the brand's fonts lack is a located error that names it (U+0175 LATIN SMALL LETTER
  W WITH CIRCUMFLEX), never an invisible or boxed glyph (brochure.check_glyphs).
"""

from __future__ import annotations

import re
import unicodedata

SOFT_HYPHEN = "\u00ad"
REMOVED = {"\u200b": "a zero-width space", "\ufeff": "a byte-order mark"}
CURLY = {"\u201c": "\u201d", "\u2018": "\u2019", "\u201e": "\u201c"}  # “…”, ‘…’, „…“
_CURLY_LINE = re.compile(
    r"^(?P<lead>\s*(?:-\s+)?(?:[^\s\"'#\-][^:#]*:\s+)?)(?P<open>[\u201c\u2018\u201e])(?P<body>.*)"
    r"(?P<close>[\u201d\u2019\u201c])(?P<tail>\s*(?:#.*)?)$"
)


def name(char: str) -> str:
    """A character as a person can look it up: U+200B ZERO WIDTH SPACE."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def normal(text: str) -> tuple[str, list[str]]:
    """Text in NFC form without the characters the policy removes; and those it removed."""
    removed = [c for c in text if c in REMOVED]
    for char in REMOVED:
        text = text.replace(char, "")
    return unicodedata.normalize("NFC", text), removed


def unwrap(value: str) -> str | None:
    """The value inside curly quotes that wrap all of it (“1.0” -> 1.0), or None."""
    if len(value) >= 2 and CURLY.get(value[0]) == value[-1] and value[0] not in value[1:-1]:
        return value[1:-1]
    return None


def straighten_yaml(text: str) -> tuple[str, list[int]]:
    """YAML text in which a value wrapped in curly quotes on one line is wrapped in straight
    ones, so YAML reads it as the quoted text it was meant to be (a title with ': ' in it);
    and the line numbers (from 1) where that was done."""
    lines = text.split("\n")
    changed = []
    for number, line in enumerate(lines, start=1):
        match = _CURLY_LINE.match(line)
        if match and CURLY[match["open"]] == match["close"] and match["open"] not in match["body"]:
            body = match["body"].replace("\\", "\\\\").replace('"', '\\"')
            lines[number - 1] = f'{match["lead"]}"{body}"{match["tail"]}'
            changed.append(number)
    return "\n".join(lines), changed
