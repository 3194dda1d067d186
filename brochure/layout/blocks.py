"""Content -> Flowables: the article, back matter and contact details, set at a column width.

Keep rules are decided here, where the blocks are known: a heading is kept with what follows,
a list item of four lines or fewer never splits, a list of three items or fewer is kept whole
(where it fits), and a callout is one box that never splits.
"""

from __future__ import annotations

from dataclasses import replace

from ..content import Callout, Content, Paragraph
from ..labels import Labels
from ..rich import RichText, Span
from ..theme import TextStyle, Theme
from ..units import mm
from .flow import Box, Figure, Flowable
from .model import Run
from .text import break_lines, printed_links

LIST_INDENT = mm(9)
SHORT_LIST = 3  # items: a list this short is kept on one page
SHORT_ITEM = 4  # lines: a list item this short never splits


def article(content: Content, theme: Theme, width: float) -> tuple[Flowable, ...]:
    out: list[Flowable] = []
    for section in content.sections:
        if section.heading:
            out.append(heading(section.heading, f"{section.path}.heading", theme, width))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(paragraph(block.text, block.path, theme.body, width))
            elif isinstance(block, Callout):
                out.append(callout(block, theme, width))
            else:
                label = "numbered" if block.style == "numbered" else "bullets"
                out.extend(list_items(block.items, f"{block.path}.{label}", theme, width, numbered=label == "numbered",
                                      labels=content.labels))  # fmt: skip
    return tuple(out)


def heading(text: str, source: str, theme: Theme, width: float, *, first: bool = False) -> Flowable:
    lines = break_lines((Span(text),), theme.heading, width, bold=True)
    em = theme.scale  # spacing follows the body size: tighter at 12 pt, looser in large print
    space = (mm(4) if first else mm(6)) * em
    return Flowable("H2", lines, theme.heading, source, space_before=space, space_after=mm(2.5) * em,
                    keep_with_next=True, keep_together=True)  # fmt: skip


def paragraph(text: RichText, source: str, style: TextStyle, width: float, *, bold: bool = False) -> Flowable:
    words = printed_links(text)
    lines = break_lines(words, style, width, bold=bold)
    space = mm(4) * style.size / 14
    return Flowable("P", lines, style, source, space_after=space, text=words, measure=width, bold=bold)


def list_items(
    items: tuple[RichText, ...],
    source: str,
    theme: Theme,
    width: float,
    *,
    numbered: bool,
    labels: Labels,
    space: float = mm(3),
) -> list[Flowable]:
    """One LI flowable per item, its number (as the labels write it) or bullet in the primary colour."""
    style = theme.body
    short_list = len(items) <= SHORT_LIST
    out = []
    for index, item in enumerate(items):
        label_text = labels.get("list_number", number=index + 1) if numbered else "\u2022"
        label = break_lines((Span(label_text),), replace(style, colour=theme.primary), LIST_INDENT, bold=True)[0]
        words, measure = printed_links(item), width - LIST_INDENT
        lines = break_lines(words, style, measure)
        last = index == len(items) - 1
        out.append(Flowable("LI", lines, style, f"{source}[{index}]", space_after=space * theme.scale,
                            indent=LIST_INDENT, label=label, text=words, measure=measure,
                            keep_together=short_list or len(lines) <= SHORT_ITEM, keep_with_next=short_list and not last))  # fmt: skip
    return out


def callout(block: Callout, theme: Theme, width: float) -> Flowable:
    """A tinted box in the accent colour: its title in bold, then its paragraphs; never split."""
    k = theme.scale
    padding, bar = mm(4) * k, mm(1.5) * k
    measure = width - 2 * padding - bar
    body = theme.body
    title_style = replace(body, colour=theme.primary)
    lines: list[tuple[Run, ...]] = []
    parts: list[tuple[str, int, str]] = []
    if block.title:
        title = break_lines((Span(block.title),), title_style, measure, bold=True)
        lines += title
        parts.append(("P", len(title), f"{block.path}.title"))
    for text in block.paragraphs:
        set_lines = break_lines(printed_links(text), body, measure)
        lines += set_lines
        parts.append(("P", len(set_lines), f"{block.path}.body"))
    box = Box(theme.accent.tint(0.15), theme.accent, padding, bar, tuple(parts), mm(2) * k)
    return Flowable("P", tuple(lines), body, block.path, space_before=mm(3) * k, space_after=mm(5) * k,
                    keep_together=True, measure=measure, box=box)  # fmt: skip


def illustration(content: Content, theme: Theme, width: float) -> tuple[Flowable, ...]:
    """The cover's illustration as a block of the article, for when the cover has no room for it
    (as wide as the column, and as tall as a third of it at most)."""
    asset = theme.illustration
    if asset is None or content.illustration is None:
        return ()
    scale = min(width / asset.width, min(mm(70), width / 3) * theme.scale / asset.height)
    scale = max(scale, min(0.25 / asset.thinnest_line, width / asset.width))  # no line under 0.25 pt
    figure = Figure(asset, content.illustration.alt, "illustration", asset.width * scale, asset.height * scale)
    return (Flowable("Figure", (), theme.body, "illustration", space_after=mm(6), keep_together=True, measure=width,
                     figure=figure),)  # fmt: skip


def back_matter(content: Content, theme: Theme, width: float, *, disclaimer: bool = True) -> tuple[Flowable, ...]:
    """What every leaflet ends with: how to comment, the leaflet's details (and the disclaimer,
    unless it is placed elsewhere), its sources."""
    info, labels = content.leaflet, content.labels
    body = theme.body
    about: list[Span] = []
    if info.author:
        about.append(Span(labels.get("written_by", author=info.author) + " "))
    published = labels.get("published", date=labels.date(info.published))
    about.append(Span(f"{published} {labels.get('review_due', date=labels.date(info.review))} "))
    about.append(Span(labels.get("reference_version", reference=info.reference, version=info.version)))
    blocks = [
        heading(labels.get("your_views"), "feedback", theme, width, first=True),
        paragraph(content.feedback, "feedback", body, width),
        heading(labels.get("about_leaflet"), "leaflet", theme, width),
        paragraph(tuple(about), "leaflet", body, width),
        *((disclaimer_block(content, theme, width),) if disclaimer else ()),
        heading(labels.get("sources"), "sources", theme, width),
        *list_items(content.sources, "sources", theme, width, numbered=False, labels=labels, space=mm(2)),
    ]
    return tuple(blocks)


def disclaimer_block(content: Content, theme: Theme, width: float) -> Flowable:
    return paragraph(content.disclaimer, "disclaimer", theme.body, width)


def contact_rows(content: Content) -> list[RichText]:
    """Name; phone and email; web, address and hours: links where the screen edition can follow them."""
    clinic = content.clinic
    tel = "tel:" + "".join(c for c in clinic.phone if c.isdigit() or c == "+")
    labels = content.labels
    rows: list[RichText] = [
        (Span(clinic.name, True),),
        (Span(labels.get("contact_phone") + " ", True), Span(clinic.phone, url=tel)),
    ]
    if clinic.email:
        rows.append((Span(labels.get("contact_email") + " ", True), Span(clinic.email, url=f"mailto:{clinic.email}")))
    if clinic.web:
        rows.append((Span(bare_url(clinic.web), url=clinic.web),))
    rows += [(Span(line),) for line in (clinic.address or "").splitlines()]
    rows += [(Span(clinic.hours),)] if clinic.hours else []
    return rows


def contact_blocks(content: Content, theme: Theme, width: float) -> tuple[Flowable, ...]:
    """The clinic's details as flowing text, for when they do not fit on the cover."""
    body = theme.body
    lines = tuple(line for spans in contact_rows(content) for line in break_lines(spans, body, width))
    contact = Flowable("P", lines, body, "clinic", space_after=mm(3), keep_together=True)
    return (heading(content.labels.get("contact_us"), "clinic", theme, width), contact)


def bare_url(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")
