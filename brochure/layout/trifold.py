"""The DL roll-fold leaflet: six panels on the two sides of an A4-landscape sheet.

Outside, left to right: the fold-in flap (97 mm, the reply slip: it comes away along its fold),
the back panel, the front cover. Inside: three panels read left to right; the third is the flap's
reverse. What the patient must keep (the article, the disclaimer, the contact details) flows
through inside 1, inside 2 and the back panel; the flap's reverse carries the reference matter
(how to comment, about this leaflet, sources), whose essentials (reference, version, review date)
the back panel's footer keeps. A tri-fold has a fixed capacity, and content that does not fit is
an error saying by how much.
"""

from __future__ import annotations

from dataclasses import replace

from ..content import Content
from ..errors import Diagnostic, InputError
from ..formats import Format
from ..rich import Span
from ..theme import Theme
from ..units import Rect, Size, mm, to_mm
from .flow import paginate
from .leaflet import article, back_matter, contact_blocks, disclaimer_block, fitted_cover, footer_top, paragraph
from .model import Document, Fill, Item, Page, TextBlock, shifted
from .slip import LABEL_ROOM, slip_items
from .text import break_lines, place

OUTSIDE, INSIDE = 1, 2


def lay_out_trifold(content: Content, theme: Theme, fmt: Format) -> Document:
    """Lay out both sides of the sheet; raises InputError when the content does not fit."""
    flap, back, cover_panel = fmt.panels[:3]
    inside = fmt.panels[3:]
    column = back.width - 2 * fmt.margin_x

    cover_fmt = _panel_format(fmt, cover_panel)
    try:
        cover, moved = fitted_cover(content, theme, cover_fmt, column, first=("contact",))
    except InputError as error:  # a DL cover is a third of the sheet: say where more room is
        hint = "; or use --format a5-booklet, whose cover is a whole page"
        raise InputError([replace(d, hint=(d.hint or "") + hint) for d in error.diagnostics]) from None
    cover_items = [_clip(shifted(item, cover_panel.x), cover_panel, fmt) for item in cover]

    kept = (
        *article(content, theme, column),
        disclaimer_block(content, theme, column),
        *contact_blocks(content, theme, column),
    )
    if "summary" in moved and content.summary:
        kept = (replace(paragraph(content.summary, "summary", theme.lead, column), space_after=mm(4)), *kept)
    frames = [inside[0], inside[1], back]
    footer = _footer(content, theme, fmt, back)
    above_footer = footer.lines[0].baseline + theme.footer.size + mm(2.5)

    def frame_for(index: int) -> Rect:
        panel = frames[min(index, 2)]
        bottom = max(fmt.margin_bottom, above_footer) if index >= 2 else fmt.margin_bottom
        return Rect(panel.x + fmt.margin_x, bottom, column, fmt.trim.height - fmt.margin_top - bottom)

    flowed = paginate(kept, frame_for, 0.0)
    reverse = inside[2]
    reverse_frame = Rect(reverse.x + fmt.margin_x, fmt.margin_bottom, reverse.width - 2 * fmt.margin_x,
                         fmt.trim.height - fmt.margin_top - fmt.margin_bottom)  # fmt: skip
    reference_matter = back_matter(content, theme, reverse_frame.width, disclaimer=False)
    reference = paginate(reference_matter, lambda _: reverse_frame, 0.0)
    problems = []
    if len(flowed.pages) > 3:
        problems.append(_too_long(content, flowed.pages[3:], "the inside and back panels"))
    if len(reference.pages) > 1:
        problems.append(_too_long(content, reference.pages[1:], "the flap's reverse (your views, about this leaflet and sources)"))  # fmt: skip
    if problems:
        raise InputError(problems)

    card_fmt = _panel_format(fmt, flap)
    label_top = fmt.trim.height - fmt.margin_top
    slip, lowest = slip_items(content, theme, card_fmt, fmt.margin_x, label_top - LABEL_ROOM, vertical_cut=flap.width)
    if lowest < fmt.margin_bottom - mm(2):
        raise InputError([Diagnostic("the reply slip does not fit on the tri-fold's flap", content.where("help.options"),
                                     "help.options", "use fewer or shorter options, or --format a5-booklet")])  # fmt: skip

    outside_items: list[Item] = [*cover_items, *flowed.pages[2], footer, *list(slip)]
    inside_items: list[Item] = [*flowed.pages[0], *flowed.pages[1], *reference.pages[0]]
    if len(flowed.pages) > 2 and flowed.pages[2]:  # the article goes on over the page: say where
        inside_items.append(_note("Continued on the back of the leaflet", theme, fmt, inside[1]))
    pages = (Page(OUTSIDE, tuple(outside_items)), Page(INSIDE, tuple(inside_items)))
    reading = (
        (OUTSIDE, cover_panel),
        (INSIDE, inside[0]),
        (INSIDE, inside[1]),
        (OUTSIDE, back),
        (INSIDE, inside[2]),
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


def _note(text: str, theme: Theme, fmt: Format, panel: Rect) -> TextBlock:
    """A line of pagination in a panel's footer zone, like "continued" (an artifact to screen readers)."""
    lines = break_lines((Span(text, True),), theme.footer, panel.width - 2 * fmt.margin_x)
    top = footer_top(theme.footer, fmt)
    return TextBlock("Artifact", place(lines, panel.x + fmt.margin_x, top, theme.footer), "continued")


def _footer(content: Content, theme: Theme, fmt: Format, panel: Rect) -> TextBlock:
    info = content.leaflet
    text = f"{info.reference} \u2022 Version {info.version} \u2022 Review due {info.review:%b %Y}"  # one line if it can
    lines = break_lines((Span(text),), theme.footer, panel.width - 2 * fmt.margin_x)
    top = footer_top(theme.footer, fmt, len(lines))
    return TextBlock("Artifact", place(lines, panel.x + fmt.margin_x, top, theme.footer), "footer")


def _too_long(content: Content, overflow: tuple[tuple[TextBlock, ...], ...], where: str) -> Diagnostic:
    lines = sum(len(block.lines) for page in overflow for block in page)
    height = sum(
        len(block.lines) * max(run.size for line in block.lines for run in line.runs) * 1.45
        for page in overflow
        for block in page
    )
    first = overflow[0][0].source if overflow and overflow[0] else "sections"
    return Diagnostic(
        f"the content is about {lines} lines ({to_mm(height):.0f} mm of text) too long for {where} of a DL tri-fold",
        content.where(first), first,
        "shorten the text, or use --format a5-booklet, which takes as many pages as the content needs",
    )  # fmt: skip
