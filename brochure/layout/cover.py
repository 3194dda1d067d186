"""The cover: the brand band (logo, clinic name, "Patient information"), the title, subtitle and
summary, the illustration scaled to the room left, the contact details and the other-formats
statement.

The band grows with the text in large print; the clinic's name takes one line where it can (a
little smaller, never below the body size, rather than break), and text that does not fit on
the band is an error. The contact block's columns are as wide as their contents, or it is one
column. What cannot stay on the cover (large print, long titles) moves into the article: first
the summary, then the contact details.
"""

from __future__ import annotations

from dataclasses import replace

from ..colour import WHITE
from ..content import Content
from ..errors import Diagnostic, InputError
from ..formats import Format
from ..rich import Span
from ..theme import TextStyle, Theme
from ..units import Rect, mm
from .blocks import contact_rows
from .fonts_for import set_whole
from .model import BAND, COVER, Fill, Item, Picture, Region, Run, Stroke, TextBlock
from .text import break_lines, place, printed_links, text_width

GUTTER = mm(10)
HAIRLINE = 0.25  # points: the thinnest line a press prints
MIN_ILLUSTRATION = mm(40)  # or a tenth of a smaller page's height


def band_height(content: Content, theme: Theme, fmt: Format) -> float:
    """The band's depth: the format's, grown with the text in large print, and deeper still
    (up to half as much again) when the clinic's name takes two lines."""
    return _band_text(content, theme, fmt)[0]


def cover_regions(content: Content, theme: Theme, fmt: Format, bottom: float) -> tuple[Region, ...]:
    band = band_height(content, theme, fmt)
    width = fmt.trim.width - 2 * fmt.margin_x
    return (
        Region(BAND, Rect(0, fmt.trim.height - band, fmt.trim.width, band)),
        Region(COVER, Rect(fmt.margin_x, bottom, width, fmt.trim.height - band - mm(4) - bottom)),
    )


def fitted_cover(
    content: Content, theme: Theme, fmt: Format, bottom: float, first: tuple[str, ...] = ()
) -> tuple[list[Item], set[str]]:
    """The cover, with what had to move off it to leave room for the illustration (large print,
    long titles): first the summary (to open page 2), then the contact details (to the end),
    then the illustration (after the summary)."""
    attempts = ({*first}, {*first, "summary"}, {"summary", "contact"}, {"summary", "contact", "illustration"})
    for attempt, moved in enumerate(attempts, start=1):
        try:
            return _cover(content, theme, fmt, bottom, moved), moved
        except InputError:
            if attempt == len(attempts):
                raise
    raise AssertionError("unreachable")


def _cover(content: Content, theme: Theme, fmt: Format, bottom: float, moved: set[str]) -> list[Item]:
    width = fmt.trim.width - 2 * fmt.margin_x
    items = band(content, theme, fmt)
    y = fmt.trim.height - band_height(content, theme, fmt) - mm(13) * min(1.0, theme.scale)
    for role, text, style, bold, source in (
        ("H1", (Span(content.title),), theme.title, True, "title"),
        ("P", (Span(content.subtitle),) if content.subtitle else (), theme.subtitle, False, "subtitle"),
        ("P", () if "summary" in moved else (content.summary or ()), theme.lead, False, "summary"),
    ):
        if not text:
            continue
        lines = break_lines(printed_links(text), style, width, bold=bold)
        items.append(TextBlock(role, place(lines, fmt.margin_x, y, style), source, leading=style.leading, region=COVER))
        y -= len(lines) * style.leading + mm(5)

    bottom_items, bottom_top = _cover_bottom(content, theme, fmt, bottom, contact="contact" not in moved)
    room = Rect(fmt.margin_x, bottom_top + mm(4), width, y - mm(4) - (bottom_top + mm(4)))
    if theme.illustration and content.illustration and "illustration" not in moved:
        asset = theme.illustration
        scale = min(room.width / asset.width, room.height / asset.height, mm(130) / asset.width)
        too_thin = scale * asset.thinnest_line < HAIRLINE  # its finest lines would not print
        if room.height < min(MIN_ILLUSTRATION, 0.1 * fmt.trim.height) or too_thin:
            raise InputError([Diagnostic("the cover text leaves no room for the illustration", content.where("title"),
                                         "title", "shorten the title, subtitle or summary")])  # fmt: skip
        w, h = asset.width * scale, asset.height * scale
        rect = Rect(fmt.margin_x + (width - w) / 2, room.y + (room.height - h) / 2, w, h)
        items.append(Picture(rect, asset, content.illustration.alt, "illustration", region=COVER))
    elif room.height < 0:
        raise InputError([Diagnostic("the cover text does not fit on the cover", content.where("title"), "title",
                                     "shorten the title, subtitle or summary")])  # fmt: skip
    return items + bottom_items  # in reading order, which is also painting order


BandText = tuple[float, float, TextStyle, tuple[tuple[Run, ...], ...], TextStyle, tuple[tuple[Run, ...], ...]]


def _band_text(content: Content, theme: Theme, fmt: Format) -> BandText:
    """The band's depth, its logo's height, and its text set: the clinic's name on one line
    where it can (a little smaller, never below the body size), and "Patient information"."""
    base = fmt.band * max(1.0, theme.body.size / fmt.body)
    logo = min(mm(20) * base / fmt.band, base * 0.6, base - 2 * mm(5.5)) if theme.logo else 0.0
    name_x = fmt.margin_x + (logo / theme.logo.aspect + mm(4) if theme.logo else 0.0)
    room = fmt.trim.width - name_x - fmt.margin_x
    name, k = content.clinic.name, theme.scale
    size, floor = 19 * k, max(12.0, theme.body.size)
    while size > floor and text_width(name, theme.bold, size) > room:
        size = max(floor, size - 0.5)
    name_style = replace(theme.subtitle, size=size, leading=round(size * 1.2 * theme.subtitle.taller, 2), colour=WHITE)
    if set_whole(name, theme.bold):  # a Latin name in a leaflet in another script keeps Latin lines
        name_style = replace(name_style, leading=round(size * 1.2, 2), taller=1.0, depth=0.0, rise=0.0)
    kicker = max(12, 13 * k, theme.slip.size)  # as large as the slip's text: 16 pt in large print
    kicker_style = replace(theme.slip, size=kicker, leading=kicker * 1.3 * theme.slip.taller, colour=WHITE)
    name_lines = break_lines((Span(name),), name_style, room, bold=True)
    kicker_lines = break_lines((Span(content.labels.get("patient_information")),), kicker_style, room)
    text_h = len(name_lines) * name_style.leading + 0.15 * name_style.size + len(kicker_lines) * kicker_style.leading
    depth = max(base, text_h + 2 * mm(5.5))
    return depth, logo, name_style, name_lines, kicker_style, kicker_lines


def band(content: Content, theme: Theme, fmt: Format) -> list[Item]:
    """The band across the top in the primary colour: the logo, the clinic's name, and
    "Patient information" in white; raises InputError when the text does not fit on it."""
    depth, logo, name_style, name_lines, kicker_style, kicker_lines = _band_text(content, theme, fmt)
    page_w, page_h = fmt.trim.width, fmt.trim.height
    if depth > 1.5 * fmt.band * max(1.0, theme.body.size / fmt.body):
        raise InputError([Diagnostic("the clinic's name does not fit on the cover band", content.where("clinic.name"),
                                     "clinic.name", "shorten the name, or use a narrower logo")])  # fmt: skip
    behind = Rect(-fmt.bleed, page_h - depth, page_w + 2 * fmt.bleed, depth + fmt.bleed)
    items: list[Item] = [Fill(behind, theme.primary, region=BAND, background=True)]
    name_x = fmt.margin_x
    if theme.logo:
        rect = Rect(fmt.margin_x, page_h - depth / 2 - logo / 2, logo / theme.logo.aspect, logo)
        reversed_out = WHITE if theme.logo.one_colour else None  # a one-colour mark in white; else as drawn
        items.append(Picture(rect, theme.logo, theme.logo_alt, "brand.logo", recolour=reversed_out, region=BAND,
                             backdrop=theme.primary))  # fmt: skip
        name_x = rect.right + mm(4)
    gap = 0.15 * name_style.size  # the name's descenders clear the line below
    text_h = len(name_lines) * name_style.leading + gap + len(kicker_lines) * kicker_style.leading
    top = page_h - depth / 2 + text_h / 2
    items.append(TextBlock("P", place(name_lines, name_x, top, name_style), "clinic.name",
                           leading=name_style.leading, region=BAND))  # fmt: skip
    kicker_top = top - len(name_lines) * name_style.leading - gap
    items.append(TextBlock("P", place(kicker_lines, name_x, kicker_top, kicker_style), "brand",
                           leading=kicker_style.leading, region=BAND))  # fmt: skip
    return items


def _cover_bottom(
    content: Content, theme: Theme, fmt: Format, bottom: float, contact: bool
) -> tuple[list[Item], float]:
    """Contact details and the other-formats statement, built up from the cover's bottom;
    returned in reading order, with the top of the group."""
    body = theme.body
    width = fmt.trim.width - 2 * fmt.margin_x
    statement_style = body.resized(max(16, body.size), 1.35)
    statement = break_lines(printed_links(content.other_formats), statement_style, width, bold=True)
    deep = 0.1 + 0.5 * (statement_style.taller - 1.0)  # its descenders too (deeper in a taller script)
    y = bottom + len(statement) * statement_style.leading + deep * statement_style.size
    statement_block = TextBlock("P", place(statement, fmt.margin_x, y, statement_style), "other_formats",
                                leading=statement_style.leading, region=COVER)  # fmt: skip
    if not contact:
        return [statement_block], y
    y += mm(5)
    columns = contact_columns(content, theme, width)
    y += max(len(lines) for _, lines in columns) * body.leading
    blocks: list[Item] = [TextBlock("P", place(lines, fmt.margin_x + x, y, body), "clinic", leading=body.leading, region=COVER)
                          for x, lines in columns]  # fmt: skip
    heading_style = replace(theme.heading, size=16 * theme.scale, leading=20 * theme.scale * theme.heading.taller)
    heading = break_lines((Span(content.labels.get("contact_us")),), heading_style, width, bold=True)
    y += len(heading) * heading_style.leading + mm(1)
    heading_block = TextBlock("H2", place(heading, fmt.margin_x, y, heading_style), "clinic",
                              leading=heading_style.leading, region=COVER)  # fmt: skip
    y += mm(4)
    rule = Stroke(fmt.margin_x, y, fmt.trim.width - fmt.margin_x, y, 0.75, theme.primary, region=COVER)
    return [rule, heading_block, *blocks, statement_block], y


def contact_columns(content: Content, theme: Theme, width: float) -> list[tuple[float, tuple[tuple[Run, ...], ...]]]:
    """The contact rows in two columns as wide as their contents (name, phone, email | web,
    address, hours), or in one column when two would make them wrap: (x offset, lines) each."""
    body = theme.body
    rows = contact_rows(content)

    def natural(spans: tuple[Span, ...]) -> float:
        return sum(text_width(s.text, body.bold_font if s.bold else body.font, body.size) for s in spans)

    for split in (3, 2, 4):
        if len(rows) <= split:
            continue
        left, right = rows[:split], rows[split:]
        left_width = max(natural(r) for r in left)
        if left_width + GUTTER + max(natural(r) for r in right) <= width:
            lines_left = tuple(line for r in left for line in break_lines(r, body, left_width + 1))
            lines_right = tuple(line for r in right for line in break_lines(r, body, width - left_width - GUTTER))
            return [(0.0, lines_left), (left_width + GUTTER, lines_right)]
    return [(0.0, tuple(line for r in rows for line in break_lines(r, body, width)))]
