"""Pagination: flow set blocks into frames (pages, or a sheet's panels) by the keep rules.

- The space between two blocks is the larger of the first's space after and the second's space
  before (they collapse, as in CSS and Typst); there is none at the top of a frame.
- A block is split only if at least two of its lines stay and two go (MIN_LINES); a paragraph
  splits between two of its sentences where it can (the rest is set again on the next frame).
- Blocks kept together (short list items, callouts, an address) never split where they fit.
- A block kept with the next (a heading, the items of a short list) starts a frame only if the
  whole chain it heads fits there: the chain's blocks whole, then the first lines of what follows.
- At a frame in `no_split` (a panel the reader turns over) a block moves on whole rather than split.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..assets import Asset
from ..colour import CMYK
from ..limits import BALANCE_FRAMES
from ..rich import RichText, sentence_cuts
from ..theme import TextStyle
from ..units import Rect
from .model import BODY, Fill, Item, Picture, Run, TextBlock
from .text import break_lines, place

MIN_LINES = 2
EPSILON = 1e-6


@dataclass(frozen=True)
class Box:
    """A tinted box behind a block (a callout), with a bar of colour down its left side; its
    lines make `parts`, one text block each: (role, number of lines, content path)."""

    tint: CMYK
    bar: CMYK
    padding: float
    bar_width: float
    parts: tuple[tuple[str, int, str], ...]
    gap: float  # between parts


@dataclass(frozen=True)
class Figure:
    """A picture in the flow (the cover's illustration when the cover has no room for it)."""

    asset: Asset
    alt: str | None
    source: str
    width: float
    height: float


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
    keep_together: bool = False  # never split where it fits (short blocks such as an address)
    text: RichText = ()  # the words set in `lines`, to set again when a page break splits them
    measure: float = 0.0  # the line width they were set to
    bold: bool = False
    box: Box | None = None
    figure: Figure | None = None

    def height(self, lines: int | None = None) -> float:
        if self.figure is not None:
            return self.figure.height
        if self.box is not None:
            return (
                len(self.lines) * self.style.leading + (len(self.box.parts) - 1) * self.box.gap + 2 * self.box.padding
            )
        return (len(self.lines) if lines is None else lines) * self.style.leading

    @property
    def breakable(self) -> bool:
        """Whether it can be split at all (at the top of a frame it is too tall for)."""
        return self.box is None and self.figure is None and len(self.lines) >= 2 * MIN_LINES

    @property
    def splittable(self) -> bool:
        """Whether it may be split where it would fit whole on the next frame."""
        return self.breakable and not self.keep_together


@dataclass(frozen=True)
class Flowed:
    """Frames of placed items (one tuple per frame, in flow order), and where the flow ended."""

    pages: tuple[tuple[Item, ...], ...]
    end: float  # the y below the last block placed, in the last frame
    forced: bool = False  # a keep rule had to give (no legal end was within a frame's reach)

    def lowest(self, index: int) -> float | None:
        """The bottom of what was placed in a frame (None if nothing)."""
        bottoms = [_bottom(item) for item in self.pages[index]] if index < len(self.pages) else []
        return min(bottoms) if bottoms else None


FrameFor = Callable[[int], Rect]
INFEASIBLE = float("inf")


@dataclass(frozen=True)
class _End:
    """One legal way for a frame to end: the height used, what is placed (a block or the head
    of one, and its top below the frame's top), and where the next frame starts."""

    used: float
    pieces: tuple[tuple[Flowable, float], ...]
    index: int  # the next block
    rest: Flowable | None  # what is left of blocks[index] after a split
    forced: bool = False  # breaks a keep rule: no legal end was in reach


def paginate(
    blocks: tuple[Flowable, ...],
    frame_for: FrameFor,
    *,
    no_split: frozenset[int] = frozenset(),
    region_for: Callable[[int], str] = lambda _: BODY,
) -> Flowed:
    """Fill frame_for(0), frame_for(1), ... in turn, each as far as the keep rules allow."""
    limit = max(frame_for(0).height, frame_for(1).height)
    chosen: list[_End] = []
    index, rest = 0, None
    while index < len(blocks):
        frame = frame_for(len(chosen))
        ends = _ends(blocks, index, rest, frame.height, len(chosen) in no_split, limit, steps=(0,))
        end = max(ends, key=lambda e: (e.index, e.used))
        chosen.append(end)
        index, rest = end.index, end.rest
    return _placed(chosen, frame_for, region_for)


def balance(
    blocks: tuple[Flowable, ...],
    frames: list[Rect],
    *,
    exempt: frozenset[int] = frozenset(),
    spare_frames: bool = False,
    region_for: Callable[[int], str] = lambda _: BODY,
) -> Flowed | None:
    """The blocks in exactly these frames, with the page breaks chosen over the whole flow (by
    dynamic programming over where each frame may legally end) so that no frame is left less
    than half full where that can be helped, and the frames are as evenly full as they can be.
    Frames in `exempt` (a slip's page and its back) may stay emptier; with `spare_frames`,
    frames after the end of the text are fine (they become notes pages). None if the blocks
    do not fit."""
    limit = max(frame.height for frame in frames)
    greedy = paginate(blocks, lambda i: frames[min(i, len(frames) - 1)], region_for=region_for)
    if len(greedy.pages) > len(frames):
        return None  # (filling each frame as far as it goes is the test of whether it fits at all)
    if len(frames) > BALANCE_FRAMES:
        return greedy  # (the search grows with pages × breaks: a very long leaflet is filled page by page)
    fills = [(frames[i].top - low) / frames[i].height if (low := greedy.lowest(i)) is not None else 0.0
             for i in range(len(frames)) if i not in exempt and (i < len(greedy.pages) or not spare_frames)]  # fmt: skip
    if min(fills, default=1.0) >= 0.5 and not greedy.forced:
        return greedy  # every page half full or more as it is
    memo: dict[tuple[int, int, int], tuple[float, tuple[_End, ...]]] = {}

    def badness(number: int, end: _End) -> float:
        """What a frame's end costs: a broken keep rule most, a frame under half full next; then
        the room left, weighing more the earlier the frame, so text fills pages from the front
        and spreads only as far as it must."""
        emptiness = 1 - end.used / frames[number].height
        if end.forced:
            return 1000.0
        if number in exempt:
            return 0.1 * emptiness
        return (100.0 if emptiness > 0.5 else 0.0) + emptiness * (1 + 0.1 * (len(frames) - number))

    def best(number: int, index: int, rest: Flowable | None) -> tuple[float, tuple[_End, ...]]:
        if index >= len(blocks):
            empty = 1.0 if spare_frames else 101.0
            return sum(0.1 if n in exempt else empty for n in range(number, len(frames))), ()
        if number == len(frames):
            return INFEASIBLE, ()
        key = (number, index, id(rest))
        if key not in memo:
            options = [(badness(number, end) + best(number + 1, end.index, end.rest)[0], end)
                       for end in _ends(blocks, index, rest, frames[number].height, False, limit)]  # fmt: skip
            cost, end = min(options, key=lambda option: (round(option[0], 6), -option[1].used))
            memo[key] = (cost, (end, *best(number + 1, end.index, end.rest)[1]))
        return memo[key]

    cost, chosen = best(0, 0, None)
    if cost == INFEASIBLE:
        return None
    return _placed(list(chosen), lambda i: frames[i], region_for)


def _placed(chosen: list[_End], frame_for: FrameFor, region_for: Callable[[int], str]) -> Flowed:
    pages = []
    for number, end in enumerate(chosen):
        frame = frame_for(number)
        pages.append(tuple(item for block, top in end.pieces
                           for item in place_block(block, len(block.lines), frame.x, frame.top - top, region_for(number))))  # fmt: skip
    bottom = frame_for(len(chosen) - 1).top - chosen[-1].used if chosen else 0.0
    return Flowed(tuple(pages), bottom, any(e.forced for e in chosen))


def _ends(
    blocks: tuple[Flowable, ...],
    index: int,
    rest: Flowable | None,
    capacity: float,
    no_split: bool,
    limit: float,
    steps: tuple[int, ...] = (0, 1, 2, 4, 8, 16),
) -> list[_End]:
    """Every legal end of a frame of height `capacity` that starts at blocks[index] (or at its
    rest): after a whole block, unless it is kept with the next and the two could share a frame
    (`limit`, the tallest frame); or inside a block that may split, two lines or more on either
    side, after as many lines as fit less each of `steps` (a few: the search needs choices, the
    greedy fill only the most). A frame that cannot hold its first block still takes it: split if
    it can be, else whole."""
    ends: list[_End] = []
    furthest: _End | None = None
    pieces: list[tuple[Flowable, float]] = []
    used, after = 0.0, None  # the space after the block above (None at the frame's top)
    while index < len(blocks):
        block = rest or blocks[index]
        top = used if after is None else used + max(after, block.space_before)
        at_top = after is None
        if (
            block.breakable
            and (block.splittable or (at_top and block.height() > capacity))
            and (at_top or not no_split)
        ):
            fit = min(int((capacity - top + EPSILON) // block.style.leading), len(block.lines) - MIN_LINES)
            seen = set()
            for take in sorted({fit - step for step in steps if fit - step >= MIN_LINES}, reverse=True):
                head, tail = _split(block, take)  # (a few places to split: the most that fits, and some less)
                if len(head.lines) not in seen:
                    seen.add(len(head.lines))
                    ends.append(_End(top + head.height(), (*pieces, (head, top)), index, tail))
        if top + block.height() > capacity + EPSILON:
            if at_top and not ends:  # taller than any frame and cannot split: it overflows (the audit says so)
                ends.append(_End(top + block.height(), ((block, top),), index + 1, None))
            break
        pieces.append((block, top))
        used, after = top + block.height(), block.space_after
        index, rest = index + 1, None
        furthest = _End(used, tuple(pieces), index, None)
        if _may_end_after(blocks, index - 1, limit):
            ends.append(furthest)
    if not ends:  # keep rules that cannot all be kept here (a chain taller than this frame): as far as it goes
        ends.append(replace(furthest, forced=True) if furthest is not None else _End(0.0, (), index, rest))
    return ends


def _may_end_after(blocks: tuple[Flowable, ...], index: int, limit: float) -> bool:
    """Whether a frame may end after blocks[index]: always, unless it is kept with the next and
    the chain it belongs to (a heading with what follows, the items of a short list) fits in a
    frame; a heading, even then, only if it cannot share a frame with the next block's first lines."""
    block = blocks[index]
    if not block.keep_with_next or index + 1 >= len(blocks):
        return True
    follower = blocks[index + 1]
    gap = max(block.space_after, follower.space_before)
    first = follower.height(MIN_LINES) if follower.breakable else follower.height()
    if block.role in ("H1", "H2"):
        return block.height() + gap + first > limit
    start = index
    while start > 0 and blocks[start - 1].keep_with_next and blocks[start - 1].role == block.role:
        start -= 1
    end = index + 1
    while end < len(blocks) - 1 and blocks[end].keep_with_next:
        end += 1
    chain = sum(b.height() for b in blocks[start : end + 1]) + sum(
        max(a.space_after, b.space_before) for a, b in zip(blocks[start:end], blocks[start + 1 : end + 1], strict=True)
    )
    return chain > limit


def _split(block: Flowable, take: int) -> tuple[Flowable, Flowable]:
    """`_split_lines`, kept by the block's identity: the same split gives the same objects (the
    page-break search keys its memo on them), and a block is not hashed again and again."""
    key = (id(block), take)
    known = _SPLITS.get(key)
    if known is None or known[0] is not block:
        if len(_SPLITS) > 20000:
            _SPLITS.clear()
        known = _SPLITS[key] = (block, *_split_lines(block, take))
    return known[1], known[2]


_SPLITS: dict[tuple[int, int], tuple[Flowable, Flowable, Flowable]] = {}


def _split_lines(block: Flowable, take: int) -> tuple[Flowable, Flowable]:
    """The block's first `take` lines and the rest; a paragraph ends its part between two
    sentences where one fits, so no sentence runs over a page break (or a leaflet's turn)."""
    for before, after in reversed(sentence_cuts(block.text)):
        head = break_lines(before, block.style, block.measure, bold=block.bold)
        if len(head) < MIN_LINES:
            break
        tail = break_lines(after, block.style, block.measure, bold=block.bold)
        if len(head) <= take and len(tail) >= MIN_LINES:
            return replace(block, lines=head, keep_with_next=False), _rest(block, tail, after)
    return replace(block, lines=block.lines[:take], keep_with_next=False), _rest(block, block.lines[take:], ())


def _rest(block: Flowable, lines: tuple[tuple[Run, ...], ...], text: RichText) -> Flowable:
    return Flowable(block.role, lines, block.style, block.source, indent=block.indent, continued=True,
                    text=text, measure=block.measure, bold=block.bold)  # fmt: skip


def place_block(block: Flowable, take: int, x: float, top: float, region: str = BODY) -> tuple[Item, ...]:
    """The block's first `take` lines placed with their first line box's top at `top`."""
    style = block.style
    if block.box is not None:
        return _place_boxed(block, block.box, x, top, region)
    if block.figure is not None:
        f = block.figure
        rect = Rect(x + (block.measure - f.width) / 2, top - f.height, f.width, f.height)
        return (Picture(rect, f.asset, f.alt, f.source, region=region),)
    lines = place(block.lines[:take], x + block.indent, top, style)
    label = place((block.label,), x, top, style)[0] if block.label else None
    return (TextBlock(block.role, lines, block.source, label, block.continued, style.leading, region),)


def _place_boxed(block: Flowable, box: Box, x: float, top: float, region: str) -> tuple[Item, ...]:
    """A callout: the tint behind it (declared as a background), the bar, then its text blocks."""
    style = block.style
    height = block.height()
    width = block.measure + 2 * box.padding + box.bar_width
    items: list[Item] = [
        Fill(Rect(x, top - height, width, height), box.tint, region=region, background=True, source=block.source),
        Fill(Rect(x, top - height, box.bar_width, height), box.bar, region=region, source=block.source),
    ]
    text_x = x + box.bar_width + box.padding
    y = top - box.padding
    first = 0
    for role, count, source in box.parts:
        lines = place(block.lines[first : first + count], text_x, y, style)
        items.append(TextBlock(role, lines, source, leading=style.leading, region=region))
        y -= count * style.leading + box.gap
        first += count
    return tuple(items)


def _bottom(item: Item) -> float:
    if isinstance(item, TextBlock):
        last = item.lines[-1]
        return last.baseline - 0.3 * max((run.size for run in last.runs), default=0.0)
    if isinstance(item, Fill | Picture):
        return item.rect.y
    return 0.0
