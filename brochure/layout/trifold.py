"""The DL roll-fold leaflet: six panels on the two sides of an A4-landscape sheet.

Outside, left to right: the fold-in flap (97 mm, the reply slip: it comes away along its fold),
the back panel, the front cover. Inside: three panels read left to right; the third is the flap's
reverse, so it only repeats what is kept elsewhere (contact details, the other-formats statement).
The article and back matter flow through inside 1, inside 2 and the back panel; a tri-fold has a
fixed capacity, and content that does not fit is an error saying by how much.
"""

from __future__ import annotations

from dataclasses import replace

from ..content import Content
from ..errors import Diagnostic, InputError
from ..formats import Format
from ..rich import Span
from ..theme import Theme
from ..units import Rect, Size, mm, to_mm
from .flow import Flowable, paginate, place_block
from .leaflet import article, back_matter, contact_blocks, fitted_cover
from .model import Document, Fill, Item, Page, TextBlock, shifted
from .slip import LABEL_ROOM, slip_items
from .text import break_lines, place, printed_links

OUTSIDE, INSIDE = 1, 2


def lay_out_trifold(content: Content, theme: Theme, fmt: Format) -> Document:
    """Lay out both sides of the sheet; raises InputError when the content does not fit."""
    flap, back, cover_panel = fmt.panels[:3]
    inside = fmt.panels[3:]
    column = back.width - 2 * fmt.margin_x

    cover_fmt = _panel_format(fmt, cover_panel)
    cover, moved = fitted_cover(content, theme, cover_fmt, column, first=("contact",))
    cover_items = [_clip(shifted(item, cover_panel.x), cover_panel, fmt) for item in cover]

    blocks = (
        article(content, theme, column) + back_matter(content, theme, column) + contact_blocks(content, theme, column)
    )
    if "summary" in moved and content.summary:
        lines = break_lines(printed_links(content.summary), theme.lead, column)
        blocks = (Flowable("P", lines, theme.lead, "summary", space_after=mm(4)), *blocks)
    frames = [(INSIDE, inside[0]), (INSIDE, inside[1]), (OUTSIDE, back)]
    footer_room = mm(8)

    def frame_for(index: int) -> Rect:
        panel = frames[min(index, 2)][1]
        bottom = fmt.margin_bottom + (footer_room if index >= 2 else 0)
        return Rect(panel.x + fmt.margin_x, bottom, column, fmt.trim.height - fmt.margin_top - bottom)

    flowed = paginate(blocks, frame_for, 0.0)
    if len(flowed.pages) > 3:
        _too_long(content, flowed.pages[3:], theme)

    card_fmt = _panel_format(fmt, flap)
    label_top = fmt.trim.height - fmt.margin_top
    slip, lowest = slip_items(content, theme, card_fmt, fmt.margin_x, label_top - LABEL_ROOM, vertical_cut=flap.width)
    if lowest < fmt.margin_bottom - mm(2):
        raise InputError([Diagnostic("the reply slip does not fit on the tri-fold's flap", content.where("help.options"),
                                     "help.options", "use fewer or shorter options, or --format a5-booklet")])  # fmt: skip

    repeat_x = inside[2].x + fmt.margin_x
    repeated = _stack(
        contact_blocks(content, theme, inside[2].width - 2 * fmt.margin_x), repeat_x, fmt.trim.height - fmt.margin_top
    )
    statement_style = replace(
        theme.body, size=max(16, theme.body.size), leading=round(max(16, theme.body.size) * 1.35, 2)
    )
    statement = break_lines(
        printed_links(content.other_formats), statement_style, inside[2].width - 2 * fmt.margin_x, bold=True
    )
    repeated.append(
        TextBlock(
            "P",
            place(statement, repeat_x, fmt.margin_bottom + len(statement) * statement_style.leading, statement_style),
            "other_formats",
        )
    )

    outside_items: list[Item] = [*cover_items, *flowed.pages[2], _footer(content, theme, fmt, back), *list(slip)]
    inside_items: list[Item] = [*flowed.pages[0], *flowed.pages[1], *repeated]
    pages = (Page(OUTSIDE, tuple(outside_items)), Page(INSIDE, tuple(inside_items)))
    reading = (
        (OUTSIDE, cover_panel),
        (INSIDE, inside[0]),
        (INSIDE, inside[1]),
        (INSIDE, inside[2]),
        (OUTSIDE, back),
        (OUTSIDE, flap),
    )
    cut = (flap.right, -fmt.bleed, flap.right, fmt.trim.height + fmt.bleed)
    return Document(content.title, content.language, fmt, pages, flap, cut, slip_page=OUTSIDE, reading_order=reading)


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


def _stack(blocks: tuple[Flowable, ...], x: float, top: float) -> list[Item]:
    items: list[Item] = []
    y = top
    for index, block in enumerate(blocks):
        y -= block.space_before if index else 0.0
        items.append(place_block(block, len(block.lines), x, y))
        y -= block.height() + block.space_after
    return items


def _footer(content: Content, theme: Theme, fmt: Format, panel: Rect) -> TextBlock:
    info = content.leaflet
    text = f"{info.reference}  \u2022  Version {info.version}  \u2022  Review due {info.review:%B %Y}"
    lines = break_lines((Span(text),), theme.footer, panel.width - 2 * fmt.margin_x)
    top = (
        fmt.footer_baseline
        + 0.95 * theme.footer.size
        + (theme.footer.leading - theme.footer.size) / 2
        + (len(lines) - 1) * theme.footer.leading
    )
    return TextBlock("Artifact", place(lines, panel.x + fmt.margin_x, top, theme.footer), "footer")


def _too_long(content: Content, overflow: tuple[tuple[TextBlock, ...], ...], theme: Theme) -> None:
    lines = sum(len(block.lines) for page in overflow for block in page)
    height = sum(
        len(block.lines) * max(run.size for line in block.lines for run in line.runs) * 1.45
        for page in overflow
        for block in page
    )
    first = overflow[0][0].source if overflow and overflow[0] else "sections"
    raise InputError([Diagnostic(
        f"the content is about {lines} lines ({to_mm(height):.0f} mm of text) too long for a DL tri-fold",
        content.where(first), first,
        "shorten the text, or use --format a5-booklet, which takes as many pages as the content needs",
    )])  # fmt: skip
