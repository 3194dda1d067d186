"""The DL roll-fold leaflet: six panels on the two sides of an A4-landscape sheet.

Outside, left to right: the fold-in flap (97 mm, the reply slip: it comes away along its fold),
the back panel, the front cover. Inside: three panels read left to right; the third is the flap's
reverse, the slip's back, with the return address at its foot. What the patient keeps (the
article, the disclaimer, the contact details, then the reference matter) flows through inside 1,
inside 2 and the back panel, turning a panel between blocks where it can; a turn onto the back
of the sheet says so. Reference matter (how to comment, about this leaflet, sources) that does
not fit there goes above the return address on the flap's reverse: the one deliberate use of a
slip's back, whose essentials (reference, version, review date, phone) the back panel's footer
keeps. A tri-fold has a fixed capacity, and content that does not fit is an error saying by how much.
"""

from __future__ import annotations

from dataclasses import replace

from ..content import Content
from ..errors import Diagnostic, InputError
from ..formats import Format
from ..rich import Span
from ..theme import Theme
from ..units import Rect, Size, mm, to_mm
from .blocks import article, back_matter, contact_blocks, disclaimer_block, illustration, paragraph
from .cover import cover_regions, fitted_cover
from .flow import Flowable, Flowed, paginate
from .model import (
    CUT,
    FOOTER,
    REFERENCE,
    SLIP,
    SLIP_BACK,
    Document,
    Fill,
    Item,
    Page,
    Region,
    TextBlock,
    shifted,
)
from .pages import FOOTER_GAP, brand_strip, footer_baseline, running_footer
from .slip import SlipLayout, lay_out_card
from .text import break_lines, place

OUTSIDE, INSIDE = 1, 2
KEPT = ("body-1", "body-2", "body-3")  # inside 1, inside 2, the back panel


def lay_out_trifold(content: Content, theme: Theme, fmt: Format) -> Document:
    """Lay out both sides of the sheet; raises InputError listing what does not fit."""
    flap, back, cover_panel = fmt.panels[:3]
    inside = fmt.panels[3:]
    column = back.width - 2 * fmt.margin_x
    top = fmt.trim.height - fmt.margin_top
    problems: list[Diagnostic] = []

    cover_fmt = _panel_format(fmt, cover_panel)
    footer, footer_region = running_footer(content, theme, cover_fmt, None, phone=True, panel=True)
    footer = tuple(shifted(item, cover_panel.x) for item in footer)
    cover_bottom = footer_region.rect.top + FOOTER_GAP
    cover: list[Item] = []
    moved = {"contact", "summary"}
    try:
        cover, moved = fitted_cover(content, theme, cover_fmt, cover_bottom, first=("contact",))
    except InputError as error:  # a DL cover is a third of the sheet: say where more room is
        hint = "; or use --format a5-booklet, whose cover is a whole page"
        problems += [replace(d, hint=(d.hint or "") + hint) for d in error.diagnostics]
    cover_items = [_clip(shifted(item, cover_panel.x), cover_panel, fmt) for item in cover]

    back_bottom = fmt.margin_bottom
    note = _note(content.labels.get("continued_overleaf"), theme, fmt, inside[1])
    note_top = note.lines[0].baseline + 0.95 * theme.footer.size + (note.leading - theme.footer.size) / 2
    inside_bottom = max(fmt.margin_bottom, note_top + FOOTER_GAP)
    bottoms = (fmt.margin_bottom, inside_bottom)  # (only inside 2 has a note at its foot)
    frames = [Rect(p.x + fmt.margin_x, b, column, top - b) for p, b in zip(inside[:2], bottoms, strict=True)]
    frames.append(Rect(back.x + fmt.margin_x, back_bottom, column, top - back_bottom))

    kept: tuple[Flowable, ...] = (*article(content, theme, column), disclaimer_block(content, theme, column),
                                  *contact_blocks(content, theme, column))  # fmt: skip
    if "illustration" in moved:
        kept = (*illustration(content, theme, column), *kept)
    if "summary" in moved and content.summary:
        kept = (replace(paragraph(content.summary, "summary", theme.lead, column), space_after=mm(4)), *kept)
    reverse = inside[2]
    ref_width = reverse.width - 2 * fmt.margin_x
    card_fmt = replace(_panel_format(fmt, flap), margin_bottom=fmt.margin_bottom)
    try:
        card = lay_out_card(content, theme, card_fmt, flap.width - 2 * fmt.margin_x, flap.width,
                            continue_on_back=True, where="on the tri-fold's flap and its reverse",
                            hint="use fewer or shorter options, or --format a5-booklet",
                            address_bottom=fmt.margin_bottom)  # fmt: skip
    except InputError as error:
        problems += error.diagnostics
        card = None
    flowed = _flow_kept(kept, frames)
    if flowed is None:
        problems.append(
            _too_long(content, paginate(kept, lambda i: frames[min(i, 2)]), 3, "the inside and back panels")
        )
        raise InputError(problems)
    reference_frames = _after(flowed, frames, theme)
    if card is not None and (room := _room_on_reverse(card, reverse, fmt, theme)) is not None:
        reference_frames.append((room, REFERENCE))
    reference = back_matter(content, theme, ref_width, disclaimer=False)
    if not reference_frames:
        problems.append(
            _too_long(content, paginate(reference, lambda _: frames[0]), 0, "the back panel and the flap's reverse")
        )
        raise InputError(problems)
    placed = _place(reference, reference_frames)
    if placed.forced and len(reference_frames) > 1:  # a keep rule gave in the first, partial frame: skip it
        reference_frames = reference_frames[1:]
        placed = _place(reference, reference_frames)
    if len(placed.pages) > len(reference_frames):
        problems.append(_too_long(content, placed, len(reference_frames), "the back panel and the flap's reverse"))
    if problems:
        raise InputError(problems)
    assert card is not None
    card_back = [shifted(item, reverse.x) for item in card.back]
    on_reverse = any(item.region == REFERENCE for page in placed.pages for item in page)
    panels = [list(flowed.pages[i]) if i < len(flowed.pages) else [] for i in range(3)]
    reference_items: list[Item] = []
    for (_, region), items in zip(reference_frames, placed.pages, strict=False):
        if region == REFERENCE:
            reference_items += items
        else:
            panels[KEPT.index(region)] += items
    outside_strip, inside_strip = brand_strip(theme, fmt, right=cover_panel.x), brand_strip(theme, fmt)
    outside_items: list[Item] = [outside_strip, *cover_items, *panels[2], *footer, *card.items]
    inside_items: list[Item] = [inside_strip, *panels[0], *panels[1], *reference_items, *card_back]
    if panels[2]:  # the article goes on over the page: say where
        inside_items.append(note)

    outside_regions = (
        *(Region(r.name, Rect(r.rect.x + cover_panel.x, r.rect.y, r.rect.width, r.rect.height))
          for r in cover_regions(content, theme, cover_fmt, cover_bottom)),
        Region(KEPT[2], frames[2]),
        Region(FOOTER, replace(footer_region.rect, x=footer_region.rect.x + cover_panel.x)),
        Region(SLIP, card.area),
        Region(CUT, Rect(0, 0, flap.width + mm(5), fmt.trim.height)),
    )  # fmt: skip
    inside_regions = (
        Region(KEPT[0], frames[0]),
        Region(KEPT[1], frames[1]),
        Region(FOOTER, Rect(inside[1].x + fmt.margin_x, mm(5), column, note_top - mm(5))),
        *((Region(REFERENCE, reference_frames[-1][0]),) if on_reverse else ()),
        Region(SLIP_BACK, reverse),
    )
    pages = (Page(OUTSIDE, tuple(outside_items), outside_regions), Page(INSIDE, tuple(inside_items), inside_regions))
    reading = (
        (OUTSIDE, cover_panel),
        (INSIDE, inside[0]),
        (INSIDE, inside[1]),
        (OUTSIDE, back),
        (INSIDE, inside[2]),
        (OUTSIDE, flap),
    )
    flow_frames: tuple[tuple[int, str], ...] = ((INSIDE, KEPT[0]), (INSIDE, KEPT[1]), (OUTSIDE, KEPT[2]))
    flow_frames += ((INSIDE, REFERENCE),) if on_reverse else ()
    return Document(content.title, content.language, fmt, pages, card.area, card.cut, slip_page=OUTSIDE,
                    reading_order=reading, frames=flow_frames)  # fmt: skip


def _place(blocks: tuple[Flowable, ...], frames: list[tuple[Rect, str]]) -> Flowed:
    """The blocks through these frames (each with its region's name), the last repeated."""
    return paginate(blocks, lambda i: frames[min(i, len(frames) - 1)][0],
                    region_for=lambda i: frames[min(i, len(frames) - 1)][1])  # fmt: skip


def _room_on_reverse(card: SlipLayout, reverse: Rect, fmt: Format, theme: Theme) -> Rect | None:
    """The room the slip leaves on the flap's reverse for reference matter: above the return
    address, or under the rest of a form that went on over it (None if too little to use)."""
    lines = [line for item in card.back if isinstance(item, TextBlock) for line in item.lines]
    width = reverse.width - 2 * fmt.margin_x
    if card.continued:
        lowest = min(line.baseline for line in lines) - mm(10) * theme.scale
        room = Rect(reverse.x + fmt.margin_x, fmt.margin_bottom, width, lowest - fmt.margin_bottom)
    else:
        highest = max(line.baseline + line.runs[0].size for line in lines) + mm(8)
        room = Rect(reverse.x + fmt.margin_x, highest, width, fmt.trim.height - fmt.margin_top - highest)
    return room if room.height >= mm(30) * theme.scale else None


def _flow_kept(kept: tuple[Flowable, ...], frames: list[Rect]) -> Flowed | None:
    """What the patient keeps, through the three panels (None if it does not fit them): best
    first, turning panels between blocks; turning inside (inside 1 to 2) mid-block; turning over
    the sheet mid-block too."""

    def frame_for(index: int) -> Rect:
        return frames[min(index, 2)]

    for no_split in (frozenset({0, 1}), frozenset({1}), frozenset()):
        flowed = paginate(kept, frame_for, no_split=no_split, region_for=lambda i: KEPT[min(i, 2)])
        if len(flowed.pages) <= 3:
            return flowed
    return None


def _after(flowed: Flowed, frames: list[Rect], theme: Theme) -> list[tuple[Rect, str]]:
    """The frames after the kept text, for the reference matter: the rest of the panel it ended
    in (under a gap), then the panels after that."""
    last = len(flowed.pages) - 1
    frame = frames[last]
    rest = Rect(frame.x, frame.y, frame.width, max(0.0, flowed.end - mm(6) * theme.scale - frame.y))
    after = [(frames[i], KEPT[i]) for i in range(last + 1, 3)]
    return ([(rest, KEPT[last])] if rest.height >= mm(30) * theme.scale else []) + after


def _panel_format(fmt: Format, panel: Rect) -> Format:
    """The format of one panel laid out as if it were a page."""
    return replace(fmt, trim=Size(panel.width, panel.height), panels=(Rect(0, 0, panel.width, panel.height),), folds=())


def _clip(item: Item, panel: Rect, fmt: Format) -> Item:
    """Backgrounds stop at a fold; they run into the bleed only at the sheet's edges."""
    if not isinstance(item, Fill):
        return item
    left = panel.x - fmt.bleed if panel.x == 0 else panel.x
    right = panel.right + fmt.bleed if abs(panel.right - fmt.trim.width) < 0.01 else panel.right
    r = item.rect
    x0, x1 = max(r.x, left), min(r.right, right)
    return replace(item, rect=Rect(x0, r.y, x1 - x0, r.height))


def _note(text: str, theme: Theme, fmt: Format, panel: Rect) -> TextBlock:
    """A line of pagination in a panel's footer zone, like "continued" (an artifact to screen readers)."""
    style = theme.footer
    lines = break_lines((Span(text, True),), style, panel.width - 2 * fmt.margin_x)
    top = (
        footer_baseline(theme, fmt)
        + 0.95 * style.size
        + (style.leading - style.size) / 2
        + (len(lines) - 1) * style.leading
    )
    return TextBlock("Artifact", place(lines, panel.x + fmt.margin_x, top, style), "continued",
                     leading=style.leading, region=FOOTER)  # fmt: skip


def _too_long(content: Content, flowed: Flowed, frames: int, where: str) -> Diagnostic:
    overflow = [item for page in flowed.pages[frames:] for item in page if isinstance(item, TextBlock)]
    lines = sum(len(block.lines) for block in overflow)
    height = sum(len(block.lines) * block.leading for block in overflow)
    first = overflow[0].source if overflow else "sections"
    return Diagnostic(
        f"the content is about {lines} lines ({to_mm(height):.0f} mm of text) too long for {where} of a DL tri-fold",
        content.where(first), first,
        "shorten the text, or use --format a5-booklet, which takes as many pages as the content needs",
    )  # fmt: skip
