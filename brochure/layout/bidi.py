"""Bidirectional text (Unicode's UAX #9) within a line: embedding levels, then visual order.

A leaflet's text carries no explicit embeddings, so this is the algorithm's implicit part: the
paragraph level comes from the leaflet's language (0 left to right, 1 right to left), weak types
are resolved (W1-W7), neutrals take the direction around them (N1-N2), levels are raised (I1-I2),
trailing spaces return to the paragraph level (L1), and `visual_order` reverses runs from the
highest level down (L2). Mirrored glyphs (brackets) come from HarfBuzz, which shapes every
right-to-left run right to left. python-bidi, an independent implementation, is the test oracle.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

_STRONG = {"L": "L", "R": "R", "AL": "R"}
_NEUTRAL = {"B", "S", "WS", "ON", "BN"}
_EXPLICIT = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}  # none in content: neutral


def _types(text: str, sos: str) -> list[str]:
    """The characters' bidi classes after the weak rules W1-W7."""
    types = [unicodedata.bidirectional(c) or "L" for c in text]
    types = ["ON" if t in _EXPLICIT else t for t in types]
    previous = sos
    for i, t in enumerate(types):  # W1: a mark takes the class of the character before it
        if t == "NSM":
            types[i] = previous
        previous = types[i]
    strong = sos
    for i, t in enumerate(types):  # W2 and W3
        if t in ("L", "R", "AL"):
            strong = t
        if t == "EN" and strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    for i in range(1, len(types) - 1):  # W4: one separator between two numbers of one kind
        before, here, after = types[i - 1], types[i], types[i + 1]
        if (here == "ES" and before == after == "EN") or (here == "CS" and before == after and before in ("EN", "AN")):
            types[i] = before
    for i, t in enumerate(types):  # W5: terminators beside European numbers
        if t == "ET":
            j = i
            while j < len(types) and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < len(types) and types[j] == "EN"):
                for k in range(i, j):
                    types[k] = "EN"
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]  # W6
    strong = sos
    for i, t in enumerate(types):  # W7
        if t in ("L", "R"):
            strong = t
        elif t == "EN" and strong == "L":
            types[i] = "L"
    return types


@functools.lru_cache(maxsize=16384)
def levels(text: str, rtl: bool, isolates: tuple[tuple[int, int], ...] = ()) -> tuple[int, ...]:
    """Each character's embedding level in a paragraph of direction `rtl`. `isolates` are
    (start, end) spans set left to right as one unit, as if isolated (LRI … PDI): a phone number,
    an email address or a web address keeps its order inside right-to-left text."""
    base = 1 if rtl else 0
    sos = "R" if rtl else "L"
    types = _types(text, sos)
    for start, end in isolates:
        types[start:end] = ["L"] * (end - start)
    _brackets(text, types, sos)
    direction = ["R" if t in ("R", "EN", "AN") else t for t in types]  # numbers count as R for N1
    i = 0
    while i < len(types):  # N1, N2: a run of neutrals between two of one direction takes it
        if types[i] not in _NEUTRAL:
            i += 1
            continue
        j = i
        while j < len(types) and types[j] in _NEUTRAL:
            j += 1
        before = direction[i - 1] if i > 0 else sos
        after = direction[j] if j < len(types) else sos
        resolved = before if before == after else sos
        for k in range(i, j):
            types[k] = resolved
        i = j
    result = []
    for t in types:  # I1, I2
        if base % 2 == 0:
            result.append(base + (1 if t == "R" else 2 if t in ("AN", "EN") else 0))
        else:
            result.append(base + (1 if t in ("L", "EN", "AN") else 0))
    for i in range(len(text) - 1, -1, -1):  # L1: trailing white space at the paragraph level
        if unicodedata.bidirectional(text[i]) in ("WS", "S", "B", "BN"):
            result[i] = base
        else:
            break
    return tuple(result)


_OPENING = {"(": ")", "[": "]", "{": "}", "\u2045": "\u2046", "\u207d": "\u207e", "\u208d": "\u208e",
            "\u3008": "\u3009", "\u300a": "\u300b", "\uff08": "\uff09", "\uff3b": "\uff3d"}  # fmt: skip


def _brackets(text: str, types: list[str], sos: str) -> None:
    """N0: a pair of brackets takes the direction of what it holds (the paragraph's when that
    matches, else the other one if the text before the pair has it too)."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        if types[i] != "ON":
            continue
        if c in _OPENING and len(stack) < 63:
            stack.append((_OPENING[c], i))
        elif any(closing == c for closing, _ in stack):
            while stack:
                closing, start = stack.pop()
                if closing == c:
                    pairs.append((start, i))
                    break
    strong = {"L": "L", "R": "R", "EN": "R", "AN": "R"}
    for start, end in sorted(pairs):
        inside = {strong[t] for t in types[start + 1 : end] if t in strong}
        if not inside:
            continue
        if sos in inside:
            chosen = sos
        else:
            before = next((strong[t] for t in reversed(types[:start]) if t in strong), sos)
            chosen = before if before in inside else sos
        types[start] = types[end] = chosen


def visual_order(run_levels: Sequence[int]) -> list[int]:
    """L2: the indexes of runs (or characters) with these levels, in the order they are shown."""
    order = list(range(len(run_levels)))
    if not order:
        return order
    lowest_odd = min((lv for lv in run_levels if lv % 2), default=None)
    if lowest_odd is None:
        return order
    for level in range(max(run_levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if run_levels[order[i]] >= level:
                j = i
                while j < len(order) and run_levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def is_rtl_language(tag: str) -> bool:
    """Whether a BCP 47 language tag names a right-to-left language (or script)."""
    parts = tag.replace("_", "-").lower().split("-")
    if any(p in ("arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg") for p in parts[1:]):
        return True
    return parts[0] in _RTL_LANGUAGES


_RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "pa-arab", "ps", "sd", "syr", "ug",
                  "ur", "yi"}  # fmt: skip
