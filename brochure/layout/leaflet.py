"""Content + Theme + Format -> Document: the cover, the flowing article, back matter and the slip.

Page plan (A4): page 1 is the cover; the article and "about this leaflet" flow over the pages
after it; the tear-off slip sits at the bottom edge of the last page. When the slip's page is a
left-hand (even) page, the page before it is the slip's back when printed double-sided: its
bottom is kept clear so tearing the slip off loses nothing.
"""

from __future__ import annotations

from dataclasses import replace

from ..colour import WHITE
from ..content import Content, ListBlock, Paragraph
from ..errors import Diagnostic, InputError
from ..formats import Format
from ..rich import RichText, Span
from ..theme import TextStyle, Theme
from ..units import Rect, mm
from .flow import Flowable, Flowed, paginate
from .model import Document, Fill, Item, Page, Picture, Run, Stroke, TextBlock
from .slip import SlipLayout, lay_out_card, lay_out_slip
from .text import NBSP, break_lines, place, printed_links, text_width

LIST_INDENT = mm(9)
GUTTER = mm(10)


def lay_out_pages(content: Content, theme: Theme, fmt: Format) -> Document:
    """Lay out a leaflet of whole pages (A4, A5 booklet); raises InputError for content that
    cannot fit at all."""
    width = fmt.trim.width - 2 * fmt.margin_x
    slip = (
        lay_out_card(content, theme, fmt)
        if fmt.booklet
        else lay_out_slip(content, theme, fmt, fmt.margin_x, fmt.margin_bottom)
    )
    frame_height = fmt.trim.height - fmt.margin_top - fmt.margin_bottom
    if slip.reserve > frame_height:
        raise InputError([Diagnostic("the tear-off slip does not fit on a page", content.where("help.options"),
                                     "help.options", "use fewer or shorter options (4 to 6 work best)")])  # fmt: skip
    cover, moved = fitted_cover(content, theme, fmt, width)
    blocks = article(content, theme, width) + back_matter(content, theme, width)
    if "contact" in moved:
        blocks += contact_blocks(content, theme, width)
    if "summary" in moved and content.summary:
        blocks = (replace(paragraph(content.summary, "summary", theme.lead, width), space_after=mm(5)), *blocks)
    flowed = _paginate(blocks, fmt, slip, clear_back_of_slip=None)
    slip_page = flowed.tail_page + 2  # page numbers: the cover is page 1
    if slip_page % 2 == 0 and slip_page > 2 and not fmt.booklet:
        flowed = _paginate(blocks, fmt, slip, clear_back_of_slip=flowed.tail_page - 1)
    pages: list[list[Item]] = [cover]
    pages += [list(blocks_on_page) for blocks_on_page in flowed.pages]
    if fmt.booklet:  # pad to a multiple of four; the card's back is blank, and says why
        while (len(pages) + 2) % 4:
            pages.append(_blank(theme, fmt, "This page is intentionally blank."))
        pages.append(_blank(theme, fmt, "This page is intentionally blank: the reply slip is on its other side."))
        pages.append(list(slip.items))
    else:
        pages[-1] += slip.items
    total = len(pages)
    finished = tuple(
        Page(number, tuple(items) + _footer(content, theme, fmt, number, total))
        for number, items in enumerate(pages, start=1)
    )
    return Document(content.title, content.language, fmt, finished, slip.area, slip.cut)


def _blank(theme: Theme, fmt: Format, note: str) -> list[Item]:
    """A deliberate page: a short note in the middle, so nobody thinks a page is missing."""
    width = fmt.trim.width - 2 * fmt.margin_x
    lines = break_lines((Span(note),), theme.body, width)
    return [TextBlock("P", place(lines, fmt.margin_x, fmt.trim.height / 2, theme.body), "blank")]


def _paginate(blocks: tuple[Flowable, ...], fmt: Format, slip: SlipLayout, clear_back_of_slip: int | None) -> Flowed:
    def frame_for(index: int) -> Rect:
        bottom = slip.cut_y + mm(6) if index == clear_back_of_slip else fmt.margin_bottom
        return Rect(fmt.margin_x, bottom, fmt.trim.width - 2 * fmt.margin_x, fmt.trim.height - fmt.margin_top - bottom)

    return paginate(blocks, frame_for, 0.0 if fmt.booklet else slip.reserve)


def fitted_cover(
    content: Content, theme: Theme, fmt: Format, width: float, first: tuple[str, ...] = ()
) -> tuple[list[Item], set[str]]:
    """The cover, with what had to move off it to leave room for the illustration (large print,
    long titles): first the summary (to open page 2), then the contact details (to the end)."""
    attempts = ({*first}, {*first, "summary"}, {"summary", "contact"})
    for attempt, moved in enumerate(attempts, start=1):
        try:
            return _cover(content, theme, fmt, width, moved), moved
        except InputError:
            if attempt == len(attempts):
                raise
    raise AssertionError("unreachable")


def contact_blocks(content: Content, theme: Theme, width: float) -> tuple[Flowable, ...]:
    """The clinic's details as flowing text, for when they do not fit on the cover."""
    body = theme.body
    lines = tuple(line for spans in _contact_rows(content) for line in break_lines(spans, body, width))
    contact = Flowable("P", lines, body, "clinic", space_after=mm(3), keep_together=True)
    return (_heading("Contact us", "clinic", theme, width), contact)


def _contact_rows(content: Content) -> list[RichText]:
    """Name; phone and email; web, address and hours: links where the screen edition can follow them."""
    clinic = content.clinic
    rows: list[RichText] = [
        (Span(clinic.name, True),),
        (Span("Phone: ", True), Span(clinic.phone.replace(" ", NBSP), url="tel:" + "".join(c for c in clinic.phone if c.isdigit() or c == "+"))),
    ]  # fmt: skip
    if clinic.email:
        rows.append((Span("Email: ", True), Span(clinic.email, url=f"mailto:{clinic.email}")))
    if clinic.web:
        rows.append((Span(_bare(clinic.web) or "", url=clinic.web),))
    rows += [(Span(value),) for value in (clinic.address, clinic.hours) if value]
    return rows


def _cover(content: Content, theme: Theme, fmt: Format, width: float, moved: set[str]) -> list[Item]:
    page_w, page_h = fmt.trim.width, fmt.trim.height
    items: list[Item] = [
        Fill(Rect(-fmt.bleed, page_h - fmt.band, page_w + 2 * fmt.bleed, fmt.band + fmt.bleed), theme.primary)
    ]
    name_x = fmt.margin_x
    if theme.logo:
        size = mm(20)
        rect = Rect(fmt.margin_x, page_h - fmt.band / 2 - size / 2, size / theme.logo.aspect, size)
        items.append(Picture(rect, theme.logo, theme.logo_alt, "brand.logo", recolour=WHITE))
        name_x = rect.right + mm(5)
    k = theme.scale
    name_style = replace(theme.subtitle, size=19 * k, leading=23 * k, colour=WHITE)
    kicker_style = replace(theme.slip, size=max(12, 13 * k), leading=max(16, 17 * k), colour=WHITE)
    name_lines = break_lines((Span(content.clinic.name),), name_style, page_w - name_x - fmt.margin_x, bold=True)
    kicker_lines = break_lines((Span("Patient information"),), kicker_style, page_w - name_x - fmt.margin_x)
    text_h = len(name_lines) * name_style.leading + kicker_style.leading
    top = page_h - fmt.band / 2 + text_h / 2
    items.append(TextBlock("P", place(name_lines, name_x, top, name_style), "clinic.name"))
    items.append(
        TextBlock("P", place(kicker_lines, name_x, top - len(name_lines) * name_style.leading, kicker_style), "brand")
    )

    y = page_h - fmt.band - mm(13)
    for role, text, style, bold, source in (
        ("H1", (Span(content.title),), theme.title, True, "title"),
        ("P", (Span(content.subtitle),) if content.subtitle else (), theme.subtitle, False, "subtitle"),
        ("P", () if "summary" in moved else (content.summary or ()), theme.lead, False, "summary"),
    ):
        if not text:
            continue
        lines = break_lines(printed_links(text), style, width, bold=bold)
        items.append(TextBlock(role, place(lines, fmt.margin_x, y, style), source))
        y -= len(lines) * style.leading + mm(5)

    bottom_items, bottom_top = _cover_bottom(content, theme, fmt, width, contact="contact" not in moved)
    contact_top = bottom_top - mm(8)
    if theme.illustration and content.illustration:
        room = Rect(fmt.margin_x, contact_top + mm(12), width, y - mm(4) - (contact_top + mm(12)))
        asset = theme.illustration
        scale = min(room.width / asset.width, room.height / asset.height, mm(130) / asset.width)
        if room.height < mm(40):
            raise InputError([Diagnostic("the cover text leaves no room for the illustration", content.where("title"),
                                         "title", "shorten the title, subtitle or summary")])  # fmt: skip
        w, h = asset.width * scale, asset.height * scale
        rect = Rect(fmt.margin_x + (width - w) / 2, room.y + (room.height - h) / 2, w, h)
        items.append(Picture(rect, asset, content.illustration.alt, "illustration"))
    elif y < contact_top + mm(12):
        raise InputError([Diagnostic("the cover text does not fit on the cover", content.where("title"), "title",
                                     "shorten the title, subtitle or summary")])  # fmt: skip
    return items + bottom_items  # in reading order, which is also painting order


def _cover_bottom(content: Content, theme: Theme, fmt: Format, width: float, contact: bool) -> tuple[list[Item], float]:
    """Contact details and the other-formats statement, built up from the cover's bottom margin;
    returned in reading order, with the top of the group."""
    body = theme.body
    statement_style = replace(body, size=max(16, body.size), leading=round(max(16, body.size) * 1.35, 2))
    statement = break_lines(printed_links(content.other_formats), statement_style, width, bold=True)
    y = fmt.margin_bottom + len(statement) * statement_style.leading
    items: list[Item] = [TextBlock("P", place(statement, fmt.margin_x, y, statement_style), "other_formats")]
    y += mm(5)
    if not contact:
        return items, y
    column = (width - GUTTER) / 2
    rows = _contact_rows(content)
    halves = (rows[:3], rows[3:])
    columns = []
    for half in halves:
        lines: list[tuple[Run, ...]] = []
        for spans in half:
            lines.extend(break_lines(spans, body, column))
        columns.append(tuple(lines))
    y += max(len(c) for c in columns) * body.leading
    items.append(TextBlock("P", place(columns[0], fmt.margin_x, y, body), "clinic"))
    items.append(TextBlock("P", place(columns[1], fmt.margin_x + column + GUTTER, y, body), "clinic"))
    heading_style = replace(theme.heading, size=16 * theme.scale, leading=20 * theme.scale)
    heading = break_lines((Span("Contact us"),), heading_style, width, bold=True)
    y += len(heading) * heading_style.leading + mm(1)
    items.append(TextBlock("H2", place(heading, fmt.margin_x, y, heading_style), "clinic"))
    y += mm(4)
    items.append(Stroke(fmt.margin_x, y, fmt.trim.width - fmt.margin_x, y, 0.75, theme.primary))
    statement_block, left, right, heading_block, rule = items
    return [rule, heading_block, left, right, statement_block], y


def _bare(url: str | None) -> str | None:
    return url.split("://", 1)[-1].rstrip("/") if url else None


def article(content: Content, theme: Theme, width: float) -> tuple[Flowable, ...]:
    out: list[Flowable] = []
    for section in content.sections:
        if section.heading:
            out.append(_heading(section.heading, f"{section.path}.heading", theme, width))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(paragraph(block.text, block.path, theme.body, width))
            else:
                out.extend(_list(block, theme, width))
    return tuple(out)


def _heading(text: str, source: str, theme: Theme, width: float, *, first: bool = False) -> Flowable:
    lines = break_lines((Span(text),), theme.heading, width, bold=True)
    em = theme.scale  # spacing follows the body size: tighter at 12 pt, looser in large print
    space = (mm(4) if first else mm(6)) * em
    return Flowable(
        "H2", lines, theme.heading, source, space_before=space, space_after=mm(2.5) * em, keep_with_next=True
    )


def paragraph(text: RichText, source: str, style: TextStyle, width: float, *, bold: bool = False) -> Flowable:
    words = printed_links(text)
    lines = break_lines(words, style, width, bold=bold)
    space = mm(4) * style.size / 14
    return Flowable("P", lines, style, source, space_after=space, text=words, measure=width, bold=bold)


def _list(block: ListBlock, theme: Theme, width: float) -> list[Flowable]:
    style = theme.body
    out = []
    for index, item in enumerate(block.items):
        label_text = f"{index + 1}." if block.style == "numbered" else "\u2022"
        label = break_lines((Span(label_text),), replace(style, colour=theme.primary), LIST_INDENT, bold=True)[0]
        words, measure = printed_links(item), width - LIST_INDENT
        lines = break_lines(words, style, measure)
        source = f"{block.path}.{block.style}[{index}]"
        space = mm(3) * theme.scale
        out.append(Flowable("LI", lines, style, source, space_after=space, indent=LIST_INDENT, label=label,
                            text=words, measure=measure))  # fmt: skip
    return out


def back_matter(content: Content, theme: Theme, width: float, *, disclaimer: bool = True) -> tuple[Flowable, ...]:
    """What every leaflet ends with: how to comment, the leaflet's details (and the disclaimer,
    unless it is placed elsewhere), its sources."""
    info = content.leaflet
    body = theme.body
    about: list[Span] = []
    if info.author:
        about.append(Span(f"Written by {info.author}. "))
    about.append(Span(f"Published {_date(info.published)}. Next review due {_date(info.review)}. "))
    about.append(Span(f"Reference {info.reference}, version {info.version}."))
    blocks = [
        _heading("Your views", "feedback", theme, width, first=True),
        paragraph(content.feedback, "feedback", body, width),
        _heading("About this leaflet", "leaflet", theme, width),
        paragraph(tuple(about), "leaflet", body, width),
        *((disclaimer_block(content, theme, width),) if disclaimer else ()),
        _heading("Sources", "sources", theme, width),
    ]
    for index, source in enumerate(content.sources):
        label = break_lines((Span("\u2022"),), replace(body, colour=theme.primary), LIST_INDENT, bold=True)[0]
        lines = break_lines(printed_links(source), body, width - LIST_INDENT)
        blocks.append(
            Flowable(
                "LI", lines, body, f"sources[{index}]", space_after=mm(2) * theme.scale, indent=LIST_INDENT, label=label
            )
        )
    return tuple(blocks)


def disclaimer_block(content: Content, theme: Theme, width: float) -> Flowable:
    return paragraph(content.disclaimer, "disclaimer", theme.body, width)


def footer_top(style: TextStyle, fmt: Format, lines: int = 1) -> float:
    """Where `place` puts the top of a footer of `lines` lines whose last baseline is the format's."""
    return fmt.footer_baseline + 0.95 * style.size + (style.leading - style.size) / 2 + (lines - 1) * style.leading


def _date(value: object) -> str:
    return f"{value:%-d %B %Y}"


def _footer(content: Content, theme: Theme, fmt: Format, number: int, total: int) -> tuple[Item, ...]:
    style = theme.footer
    info = content.leaflet
    left = break_lines((Span(f"Page {number} of {total}", True),), style, 1e6)
    right_text = f"{info.reference}  \u2022  Version {info.version}  \u2022  Review due {info.review:%B %Y}"
    right = break_lines((Span(right_text),), style, 1e6)
    width = fmt.trim.width - 2 * fmt.margin_x
    right_width = text_width(right_text, style.font, style.size)
    top = footer_top(style, fmt)
    if left[0][-1].width + mm(5) + right_width <= width:  # one line: page number left, details right
        right_block = place(right, fmt.trim.width - fmt.margin_x - right_width, top, style)
    else:  # large print: the details go on a line of their own above the page number
        right_block = place(right, fmt.margin_x, top + style.leading, style)
    return (
        TextBlock("Artifact", place(left, fmt.margin_x, top, style), "footer"),
        TextBlock("Artifact", right_block, "footer"),
    )
