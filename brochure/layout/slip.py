"""The tear-off contact slip: a dashed cut line with scissors, tick boxes, write-in fields.

It spans the page's full width at the bottom edge of the last page. Its text keeps 3 mm or more
from the cut line (the perforation) and 5 mm or more from the trim.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..content import Content
from ..errors import Diagnostic, InputError
from ..formats import Format
from ..rich import Span
from ..theme import Theme
from ..units import Rect, mm
from .model import Item, Scissors, Stroke, TextBlock, TickBox
from .text import break_lines, place, text_width

PADDING_TOP = mm(7)  # from the cut line to the slip's first text
BOTTOM = mm(19)  # the slip's text stops here, above the page footer
LABEL_ROOM = mm(9)  # above the cut line, for "Cut along the dotted line"
BOX = mm(5)
GUTTER = mm(10)
FIELDS = ("Name", "Phone or email", "Best time to contact")


SPINE_STUB = mm(6)  # a booklet's reply card is cut off this far from the spine, the staples stay


@dataclass(frozen=True)
class SlipLayout:
    items: tuple[Item, ...]
    cut_y: float  # the cut line's height above the bottom trim edge
    reserve: float  # how much of the last page's text frame the slip and its label take
    area: Rect  # the part that comes away
    cut: tuple[float, float, float, float]  # the cut line, (x1, y1, x2, y2)


def lay_out_slip(content: Content, theme: Theme, fmt: Format, margin_x: float, margin_bottom: float) -> SlipLayout:
    """Measure the slip, then lay it out with its cut line at the height it needs."""
    _, lowest = slip_items(content, theme, fmt, margin_x, 0.0)
    cut_y = BOTTOM - lowest
    items, _ = slip_items(content, theme, fmt, margin_x, cut_y)
    cut = (-fmt.bleed, cut_y, fmt.trim.width + fmt.bleed, cut_y)
    area = Rect(0, 0, fmt.trim.width, cut_y)
    return SlipLayout(items, cut_y, cut_y + LABEL_ROOM - margin_bottom, area, cut)


def lay_out_card(content: Content, theme: Theme, fmt: Format) -> SlipLayout:
    """A booklet's back cover as a reply card: the same slip, from the top of the page, with the
    cut line running down the page beside the spine (on the right of this left-hand page)."""
    x = fmt.trim.width - SPINE_STUB
    label_top = fmt.trim.height - fmt.margin_top
    items, lowest = slip_items(content, theme, fmt, fmt.margin_x, label_top - LABEL_ROOM, vertical_cut=x)
    if lowest < fmt.margin_bottom - mm(2):
        raise InputError([Diagnostic("the reply card does not fit on the back cover", content.where("help.options"),
                                     "help.options", "use fewer or shorter options (4 to 6 work best)")])  # fmt: skip
    cut = (x, -fmt.bleed, x, fmt.trim.height + fmt.bleed)
    return SlipLayout(items, fmt.trim.height, 0.0, Rect(0, 0, x, fmt.trim.height), cut)


def slip_items(
    content: Content, theme: Theme, fmt: Format, margin_x: float, cut_y: float, vertical_cut: float | None = None
) -> tuple[tuple[Item, ...], float]:
    """The slip's items below cut_y, and the lowest y its content reaches. The cut line runs
    across the page at cut_y, or down it at x = vertical_cut."""
    page_w = fmt.trim.width
    width = page_w - 2 * margin_x
    style = theme.slip
    ink = theme.text
    label = break_lines((Span("Cut along the dotted line"),), style, width)
    if vertical_cut is None:
        items: list[Item] = [
            Stroke(-fmt.bleed, cut_y, page_w + fmt.bleed, cut_y, 1.0, ink, dash=(6.0, 4.0)),
            Scissors(margin_x - mm(12), cut_y, mm(7), ink),
        ]
        items.append(TextBlock("P", place(label, margin_x, cut_y + mm(1.5) + style.leading, style), "slip.cut"))
    else:
        top = fmt.trim.height + fmt.bleed
        items = [
            Stroke(vertical_cut, -fmt.bleed, vertical_cut, top, 1.0, ink, dash=(6.0, 4.0)),
            Scissors(vertical_cut, fmt.trim.height - mm(10), mm(7), ink, angle=-90.0),
        ]
        label_width = max(run.x + run.width for run in label[-1])
        label_x = max(margin_x, vertical_cut - mm(6) - label_width)  # beside the scissors, by the line
        items.append(TextBlock("P", place(label, label_x, cut_y + LABEL_ROOM, style), "slip.cut"))

    info = content.leaflet
    reference_text = f"Leaflet {info.reference}, version {info.version}"
    reference_width = min(text_width(reference_text, style.font, style.size), width / 2)
    heading_style = replace(theme.heading, size=16 * theme.scale, leading=20 * theme.scale)
    y = cut_y - PADDING_TOP
    heading = break_lines((Span(content.help.heading),), heading_style, width - reference_width - mm(5), bold=True)
    reference = break_lines((Span(reference_text),), style, reference_width)
    items.append(TextBlock("H2", place(heading, margin_x, y, heading_style), "help.heading"))
    items.append(TextBlock("P", place(reference, margin_x + width - reference_width, y, style), "leaflet.reference"))
    y -= max(len(heading) * heading_style.leading, len(reference) * style.leading)
    intro = break_lines((Span(content.help.intro),), style, width)
    items.append(TextBlock("P", place(intro, margin_x, y, style), "help.intro"))
    y -= len(intro) * style.leading + mm(2)

    stacked = width < mm(120)  # a narrow slip (a tri-fold's flap): fields under the options
    column = width if stacked else (width - GUTTER) / 2
    left_y = y
    for index, option in enumerate(content.help.options):
        lines = break_lines((Span(option),), style, column - BOX - mm(3))
        box_top = left_y - (style.leading - BOX) / 2
        items.append(TickBox(Rect(margin_x, box_top - BOX, BOX, BOX), 0.75, ink))
        items.append(TextBlock("LI", place(lines, margin_x + BOX + mm(3), left_y, style), f"help.options[{index}]"))
        left_y -= len(lines) * style.leading + mm(1.5)

    right_x = margin_x if stacked else margin_x + column + GUTTER
    right_y = left_y - mm(2) if stacked else y
    field_style = replace(style, colour=theme.primary)
    for field in FIELDS:
        lines = break_lines((Span(field),), field_style, column, bold=True)
        items.append(TextBlock("P", place(lines, right_x, right_y, field_style), "slip.fields"))
        right_y -= len(lines) * style.leading + mm(6)
        items.append(Stroke(right_x, right_y, right_x + column, right_y, 0.5, ink))
        right_y -= mm(2.5)

    y = min(left_y, right_y) - mm(1.5)
    for text, bold in ((content.help.return_to, True), (content.help.privacy, False)):
        lines = break_lines((Span(text),), style, width, bold=bold)
        items.append(TextBlock("P", place(lines, margin_x, y, style), "help"))
        y -= len(lines) * style.leading + mm(1)
    return tuple(items), y + mm(1)
