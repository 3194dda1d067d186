"""Pagination: flow set blocks into page frames, with keep-with-next and no orphans or widows.

A block is split between frames only if at least two of its lines stay and two go (MIN_LINES),
and a paragraph between two of its sentences where it can (the rest is set again on the next
frame); a heading moves to the next frame unless the first lines of what follows fit under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..rich import RichText, sentence_cuts
from ..theme import TextStyle
from ..units import Rect
from .model import Run, TextBlock
from .text import break_lines, place

MIN_LINES = 2
EPSILON = 1e-6


@dataclass(frozen=True)
class Flowable:
    """A block set at its column width, ready to be placed; `indent` shifts its lines right."""

    role: str
    lines: tuple[tuple[Run, ...], ...]
    style: TextStyle
    source: str
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False
    indent: float = 0.0
    label: tuple[Run, ...] | None = None
    continued: bool = False
    keep_together: bool = False  # never split (short blocks such as an address)
    text: RichText = ()  # the words set in `lines`, to set again when a page break splits them
    measure: float = 0.0  # the line width they were set to
    bold: bool = False

    def height(self, lines: int | None = None) -> float:
        return (len(self.lines) if lines is None else lines) * self.style.leading


@dataclass(frozen=True)
class Flowed:
    """Pages of placed blocks, and where the tail (the slip) goes: page index and top y."""

    pages: tuple[tuple[TextBlock, ...], ...]
    tail_page: int
    tail_top: float


FrameFor = Callable[[int], Rect]


def paginate(blocks: tuple[Flowable, ...], frame_for: FrameFor, tail: float) -> Flowed:
    """Place blocks in frame_for(0), frame_for(1), ...; then room for `tail` points at the end.

    The space between two blocks is the larger of the first's space after and the second's space
    before (they collapse, as in CSS and Typst), and there is none at the top of a frame."""
    pages: list[list[TextBlock]] = [[]]
    frame = frame_for(0)
    y = frame.top
    spaced = 0.0  # the space after the block above, already left below it

    def new_page() -> None:
        nonlocal frame, y
        pages.append([])
        frame = frame_for(len(pages) - 1)
        y = frame.top

    index = 0
    remaining: Flowable | None = None
    while index < len(blocks):
        block = remaining or blocks[index]
        fresh = not pages[-1] or y >= frame.top - EPSILON
        top = y if fresh else y - max(0.0, block.space_before - spaced)
        room = int((top - frame.y + EPSILON) // block.style.leading)
        need = len(block.lines)
        if block.keep_with_next and index + 1 < len(blocks) and not fresh:
            follower = blocks[index + 1]
            after = block.height() + max(block.space_after, follower.space_before)
            keep = len(follower.lines) if follower.keep_together else min(MIN_LINES, len(follower.lines))
            if top - after - follower.height(keep) < frame.y - EPSILON:
                new_page()
                continue
        if need <= room:
            take = need
        elif fresh:
            take = max(room, 1) if need - room >= MIN_LINES or room < MIN_LINES else need - MIN_LINES
        elif room >= MIN_LINES and need - MIN_LINES >= MIN_LINES and not block.keep_together:
            take = min(room, need - MIN_LINES)
        else:
            new_page()
            continue
        remaining = None
        if take < need:
            block, remaining = _split(block, take)
            take = len(block.lines)
        pages[-1].append(place_block(block, take, frame.x, top))
        y = top - block.height(take)
        if remaining is not None:
            new_page()
        else:
            y -= block.space_after
            spaced = block.space_after
            index += 1
    if y - tail < frame.y - EPSILON and pages[-1]:
        new_page()
    return Flowed(tuple(tuple(p) for p in pages), len(pages) - 1, y)


def _split(block: Flowable, take: int) -> tuple[Flowable, Flowable]:
    """The block's first `take` lines and the rest; a paragraph ends its part between two
    sentences where one fits, so no sentence runs over a page break (or a leaflet's turn)."""
    for before, after in reversed(sentence_cuts(block.text)):
        head = break_lines(before, block.style, block.measure, bold=block.bold)
        if len(head) < MIN_LINES:
            break
        tail = break_lines(after, block.style, block.measure, bold=block.bold)
        if len(head) <= take and len(tail) >= MIN_LINES:
            return replace(block, lines=head), _rest(block, tail, after)
    return replace(block, lines=block.lines[:take]), _rest(block, block.lines[take:], ())


def _rest(block: Flowable, lines: tuple[tuple[Run, ...], ...], text: RichText) -> Flowable:
    return Flowable(block.role, lines, block.style, block.source, indent=block.indent, continued=True,
                    text=text, measure=block.measure, bold=block.bold)  # fmt: skip


def place_block(block: Flowable, take: int, x: float, top: float) -> TextBlock:
    lines = place(block.lines[:take], x + block.indent, top, block.style)
    label = None
    if block.label:
        label = place((block.label,), x, top, block.style)[0]
    return TextBlock(block.role, lines, block.source, label, block.continued)
