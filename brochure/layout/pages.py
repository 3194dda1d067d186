"""Content + Theme + Format -> Document for whole pages (A4, the A5 booklet): the page plan.

A4 sheets, printed on both sides, pair pages 1-2, 3-4...: the slip is at the bottom of the last
page, which is always even, and the page before it is the slip's back, whose bottom holds the
return address and nothing else. The two are planned together: the article flows through
pages 2..N with both bottoms reserved, for the smallest even N it fits, so no re-flow can move
one without the other. The A5 booklet's pages come in fours: the back cover is the reply card,
the page before it the card's back; spare pages share the article, or become notes pages.
A screen edition's pages are one-sided (`formats.on_screen`): no backs, and as many as needed.

The page breaks are chosen over the whole article (`flow.balance`), so no page is left less than
half full where that can be helped and the pages are as evenly full as they can be.
"""

from __future__ import annotations

from dataclasses import replace

from ..content import Content
from ..errors import Diagnostic, InputError
from ..formats import Format
from ..labels import Labels
from ..limits import PAGES
from ..rich import Span
from ..theme import Theme
from ..units import Rect, mm
from .blocks import article, back_matter, contact_blocks, illustration, paragraph
from .cover import cover_regions, fitted_cover
from .flow import Flowable, Flowed, balance, paginate
from .model import BODY, CUT, FOOTER, SLIP, SLIP_BACK, STRIP, Document, Fill, Item, Page, Region, Stroke, TextBlock
from .slip import PERFORATION_CLEAR, SPINE_STUB, SlipLayout, lay_out_card, lay_out_slip
from .text import break_lines, place, text_width

FOOTER_GAP = mm(4)  # between the lowest text of a frame and the footer
PAGE_DIGITS = len(str(PAGES))  # the widest page number there can be
NOTES_ROOM = mm(45)  # the least room worth a notes area


def lay_out_pages(content: Content, theme: Theme, fmt: Format) -> Document:
    """Lay out a leaflet of whole pages; raises InputError for content that cannot fit at all."""
    digits = 2
    while True:  # the frames end above the footer, whose page numbers may need a third digit
        bottom = body_bottom(content, theme, fmt, digits)
        cover, moved, pages, slip = _planned(content, theme, fmt, bottom)
        if len(str(len(pages) + 1)) <= digits:
            break
        digits = len(str(len(pages) + 1))
    total = len(pages) + 1
    if total > PAGES:
        raise InputError([Diagnostic(f"the leaflet would be {total} pages, more than the {PAGES} brochure makes",
                                     content.where("sections"), "sections", "split it into several leaflets")])  # fmt: skip
    regions = [cover_regions(content, theme, fmt, _cover_bottom(fmt, bottom))] + [regions for _, regions in pages]
    all_items: list[list[Item]] = [cover] + [items for items, _ in pages]
    finished = []
    for number, (items, page_regions) in enumerate(zip(all_items, regions, strict=True), start=1):
        page = None if number == 1 else content.labels.get("page_of", number=number, total=total)
        on_cover = fmt.two_sided and "contact" in moved  # (on screen the cover has no footer)
        card = fmt.booklet and number >= total - 1  # the card and its back: the details are on the pages kept
        footer, footer_region = running_footer(content, theme, fmt, page, phone=number > 1 or on_cover,
                                               details=fmt.two_sided and not card)  # fmt: skip
        strip = () if number == 1 else (brand_strip(theme, fmt),)
        finished.append(Page(number, (*strip, *items, *footer), (*page_regions, footer_region)))
    frames = tuple((n, BODY) for n in range(2, total + 1) if any(r.name == BODY for r in regions[n - 1]))
    slip_page = next(n for n in range(total, 0, -1) if any(r.name == SLIP for r in regions[n - 1]))
    return Document(
        content.title, content.language, fmt, tuple(finished), slip.area, slip.cut, slip_page, frames=frames
    )


Planned = tuple[list[tuple[list[Item], tuple[Region, ...]]], SlipLayout]


def _planned(content: Content, theme: Theme, fmt: Format, bottom: float) -> tuple[list[Item], set[str], *Planned]:
    """The cover, what moved off it, and the pages after it, for frames ending at `bottom`."""
    width = fmt.trim.width - 2 * fmt.margin_x
    cover, moved = fitted_cover(content, theme, fmt, _cover_bottom(fmt, bottom))
    blocks = article(content, theme, width) + back_matter(content, theme, width)
    if "contact" in moved:
        blocks += contact_blocks(content, theme, width)
    if "illustration" in moved:
        blocks = (*illustration(content, theme, width), *blocks)
    if "summary" in moved and content.summary:
        blocks = (replace(paragraph(content.summary, "summary", theme.lead, width), space_after=mm(5)), *blocks)
    top = fmt.trim.height - fmt.margin_top
    plan = _plan_booklet if fmt.booklet else _plan_sheets
    pages, slip = plan(content, theme, fmt, blocks, bottom, top)
    return cover, moved, pages, slip


def _plan_sheets(
    content: Content, theme: Theme, fmt: Format, blocks: tuple[Flowable, ...], bottom: float, top: float
) -> Planned:
    """A4: the smallest even page count whose pages 2..N hold the article, with the slip at the
    bottom of page N and its back (page N-1) kept for the return address. One-sided pages (a
    screen edition) need neither: the smallest count, and no back."""
    slip_text_bottom = bottom - FOOTER_GAP + mm(3)  # just above the footer
    try:
        slip = lay_out_slip(content, theme, fmt, slip_text_bottom, top - slip_text_bottom)
    except InputError:
        if fmt.two_sided:
            raise
        return _plan_slip_pages(content, theme, fmt, blocks, bottom, top)
    slip_bottom, back_bottom = slip.reserve, slip.cut_y + PERFORATION_CLEAR + mm(1)
    needed = len(paginate(blocks, lambda _: _frame(fmt, bottom, top)).pages)  # at least this many, at full height
    step = 2 if fmt.two_sided else 1
    count = max(2 * step, needed + 1 + (needed + 1) % step)
    while True:
        bottoms = {count: slip_bottom, count - 1: back_bottom} if fmt.two_sided else {count: slip_bottom}
        frames = [_frame(fmt, bottoms.get(number, bottom), top) for number in range(2, count + 1)]
        flowed = balance(blocks, frames, exempt=frozenset({count - 1 - step, count - 2}))
        if flowed is not None:
            break
        count += step
    pages = []
    noted = not fmt.two_sided  # one notes area is enough on loose sheets (none on screen: no pen)
    for number, frame in enumerate(frames, start=2):
        items = (
            _noted(flowed, number - 2, frame, theme, content.labels) if not noted else list(_share(flowed, number - 2))
        )
        noted = noted or any(getattr(item, "source", "") == "notes" for item in items)
        regions = [Region(BODY, frame)]
        if number == count - 1 and fmt.two_sided:
            items += slip.back
            regions.append(Region(SLIP_BACK, Rect(0, 0, fmt.trim.width, slip.cut_y)))
        if number == count:
            items += slip.items
            regions.append(Region(SLIP, Rect(0, 0, fmt.trim.width, slip.cut_y)))
        if number >= count - 1 + (not fmt.two_sided):
            regions.append(
                Region(
                    CUT, Rect(-fmt.bleed, slip.cut_y - mm(5), fmt.trim.width + 2 * fmt.bleed, slip.label_room + mm(5))
                )
            )
        pages.append((items, tuple(regions)))
    return pages, slip


def _plan_slip_pages(
    content: Content, theme: Theme, fmt: Format, blocks: tuple[Flowable, ...], bottom: float, top: float
) -> Planned:
    """One-sided pages whose slip is too tall for the foot of a page (large print on a small
    page): the article, then the slip on a page of its own, going on over the next if it must."""
    width = fmt.trim.width - 2 * fmt.margin_x
    card = lay_out_card(content, theme, replace(fmt, margin_bottom=bottom), width, fmt.trim.width,
                        continue_on_back=True, where="on two pages", hint="use fewer or shorter options")  # fmt: skip
    frame = _frame(fmt, bottom, top)
    count = len(paginate(blocks, lambda _: frame).pages)
    flowed = balance(blocks, [frame] * count)
    assert flowed is not None  # (it fits in `count` frames)
    pages: list[tuple[list[Item], tuple[Region, ...]]] = [
        (list(_share(flowed, index)), (Region(BODY, frame),)) for index in range(count)
    ]
    pages.append((list(card.items), (Region(SLIP, card.area),)))
    if card.continued:
        pages.append((list(card.back), (Region(SLIP_BACK, fmt.trim_rect),)))
    return pages, card


def _plan_booklet(
    content: Content, theme: Theme, fmt: Format, blocks: tuple[Flowable, ...], bottom: float, top: float
) -> Planned:
    """A5 booklet: cover, article pages, notes pages if any are spare, the card's back, the card."""
    width = fmt.trim.width - 2 * fmt.margin_x
    card_bottom = body_bottom(content, theme, fmt, PAGE_DIGITS, details=False)  # (a lean footer: see lay_out_pages)
    card = lay_out_card(content, theme, replace(fmt, margin_bottom=card_bottom), width, fmt.trim.width - SPINE_STUB,
                        continue_on_back=True, where="on the booklet's back cover",
                        hint="use fewer or shorter options")  # fmt: skip
    frame = _frame(fmt, bottom, top)
    needed = len(paginate(blocks, lambda _: frame).pages)
    count = -(-(needed + 3) // 4) * 4
    flowed = balance(blocks, [frame] * (count - 3), spare_frames=True)
    assert flowed is not None  # (it fits in `needed` frames)
    pages: list[tuple[list[Item], tuple[Region, ...]]] = []
    for index in range(count - 3):
        items = _noted(flowed, index, frame, theme, content.labels)
        pages.append((items, (Region(BODY, frame),)))
    back_area = Rect(SPINE_STUB, 0, fmt.trim.width - SPINE_STUB, fmt.trim.height)
    pages.append((list(card.back), (Region(SLIP_BACK, back_area),)))
    pages.append(
        (
            list(card.items),
            (Region(SLIP, card.area), Region(CUT, Rect(0, 0, fmt.trim.width + fmt.bleed, fmt.trim.height))),
        )
    )
    return pages, card


def _cover_bottom(fmt: Format, bottom: float) -> float:
    """The foot of the cover: above the footer in print; on screen, where the cover has no
    footer (the pages after it carry it), the format's margin."""
    return bottom if fmt.two_sided else fmt.margin_bottom


def _frame(fmt: Format, bottom: float, top: float) -> Rect:
    return Rect(fmt.margin_x, bottom, fmt.trim.width - 2 * fmt.margin_x, top - bottom)


def _noted(flowed: Flowed, index: int, frame: Rect, theme: Theme, labels: Labels) -> list[Item]:
    """A frame's share of the flow; and when that leaves it less than half full (the end of the
    text, a slip's page), a notes area under it, so no page looks unfinished."""
    items = list(_share(flowed, index))
    lowest = flowed.lowest(index)
    filled = 0.0 if lowest is None else (frame.top - lowest) / frame.height
    top = frame.top if lowest is None else lowest - mm(8) * theme.scale
    if filled < 0.5 and top - frame.y >= NOTES_ROOM * theme.scale:
        items += _notes(theme, Rect(frame.x, frame.y, frame.width, top - frame.y), labels)
    return items


def _share(flowed: Flowed, index: int) -> tuple[Item, ...]:
    return flowed.pages[index] if index < len(flowed.pages) else ()


def _notes(theme: Theme, frame: Rect, labels: Labels) -> list[Item]:
    """A notes area: a heading, one line of invitation and ruled lines to write on."""
    heading_style = theme.heading
    lines = break_lines((Span(labels.get("notes_heading")),), heading_style, frame.width, bold=True)
    items: list[Item] = [
        TextBlock("H2", place(lines, frame.x, frame.top, heading_style), "notes", leading=heading_style.leading)
    ]
    y = frame.top - len(lines) * heading_style.leading - mm(2)
    text = break_lines((Span(labels.get("notes_invitation")),), theme.body, frame.width)
    items.append(TextBlock("P", place(text, frame.x, y, theme.body), "notes", leading=theme.body.leading))
    y -= len(text) * theme.body.leading + mm(10) * theme.scale
    while y >= frame.y:
        items.append(Stroke(frame.x, y, frame.right, y, 0.5, theme.text.tint(0.4)))
        y -= mm(10) * theme.scale
    return items


def brand_strip(theme: Theme, fmt: Format, right: float | None = None) -> Fill:
    """The brand's running strip along the top of a page (or of a side up to `right`), into the bleed."""
    depth = fmt.band * 0.18
    end = fmt.trim.width + fmt.bleed if right is None else right
    return Fill(
        Rect(-fmt.bleed, fmt.trim.height - depth, end + fmt.bleed, depth + fmt.bleed), theme.primary, region=STRIP
    )


def footer_baseline(theme: Theme, fmt: Format) -> float:
    """The footer's last baseline: the format's, or higher, so large print's descenders stay 5 mm
    inside the trim."""
    return max(fmt.footer_baseline, mm(5.2) + max(0.3, theme.footer.depth) * theme.footer.size)


def body_bottom(content: Content, theme: Theme, fmt: Format, digits: int = 2, details: bool = True) -> float:
    """The bottom of the text frames: the format's margin, or higher, above the real footer
    (its page numbers of `digits` digits; the leaflet's details in it on paper, unless not `details`)."""
    widest = int("8" * digits)
    page = content.labels.get("page_of", number=widest, total=widest)
    _, region = running_footer(content, theme, fmt, page, phone=True, details=details and fmt.two_sided)
    return max(fmt.margin_bottom, region.rect.top + FOOTER_GAP)


def running_footer(content: Content, theme: Theme, fmt: Format, page: str | None, *, phone: bool,
                   details: bool = True, panel: bool = False) -> tuple[tuple[Item, ...], Region]:  # fmt: skip
    """The running footer: the page number, and at the right the clinic's phone number and the
    leaflet's reference, version and review date, each part kept whole, on as many lines as they
    need. Without a page number (the cover, a tri-fold's back panel) the parts start at the left.
    The cover has no footer at all while its contact details are on it; a screen page's footer
    (no `details`) only the page number and phone (the leaflet's details are in its text); a tri-fold's `panel`
    footer keeps to one line, without the phone number if need be (the contact details are on
    that panel)."""
    style = theme.footer
    width = fmt.trim.width - 2 * fmt.margin_x
    info, labels = content.leaflet, content.labels
    separator = " \u2022 "
    version = labels.get("footer_version", version=info.version)
    review = labels.get("footer_review", date=labels.month_year(info.review))
    parts = [info.reference, version, review] if details and (phone or page) else []
    phone_part = labels.get("footer_phone", phone=content.clinic.phone)
    one_line = text_width(separator.join([phone_part, *parts]), style.font, style.size) <= width
    if phone and (not panel or one_line):
        parts.insert(0, phone_part)  # (a panel's footer keeps to one line: the phone is beside it)
    room = width - (text_width(page, style.bold_font, style.size) + mm(6) if page else 0.0)
    rows: list[str] = []
    for part in parts:
        joined = f"{rows[-1]}{separator}{part}" if rows else part
        if rows and text_width(joined, style.font, style.size) <= (room if len(rows) == 1 else width):
            rows[-1] = joined
        else:
            rows.append(part)
    if page and rows and text_width(rows[0], style.font, style.size) > room:
        rows.insert(0, "")  # (no room beside the page number: the rest goes under it)
    items: list[Item] = []
    top = (
        footer_baseline(theme, fmt)
        + 0.95 * style.size
        + (style.leading - style.size) / 2
        + (max(len(rows), 1) - 1) * style.leading
    )
    right = fmt.trim.width - fmt.margin_x
    if page:
        items.append(TextBlock("Artifact", place(break_lines((Span(page, True),), style, width), fmt.margin_x, top, style),
                               "footer", leading=style.leading, region=FOOTER))  # fmt: skip
    for index, row in enumerate(rows):
        if not row:
            continue
        lines = break_lines((Span(row),), style, width)
        x = right - lines[0][-1].x - lines[0][-1].width if page else fmt.margin_x
        items.append(TextBlock("Artifact", place(lines, x, top - index * style.leading, style), "footer",
                               leading=style.leading, region=FOOTER))  # fmt: skip
    height = len(rows) * style.leading if rows or page else 0.0
    region = Region(FOOTER, Rect(fmt.margin_x, mm(5), width, max(0.0, top - mm(5))))
    return tuple(items), region if height else Region(FOOTER, Rect(fmt.margin_x, mm(5), width, 0.0))
