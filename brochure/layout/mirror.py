"""A right-to-left leaflet is its left-to-right layout seen in a mirror.

Everything is laid out as for a left-to-right language, then every page is reflected across its
vertical centre line: columns, panels and folds change sides, a list's numbers and the slip's tick
boxes move to the right of their text, labels to the right of their write-in lines, and each line
of text, set from the left of its measure, now ends at the measure's right edge: right-aligned,
ragged left. Only positions are mirrored; the glyphs of a line keep their (bidi) order, and
pictures are not flipped.
"""

from __future__ import annotations

from dataclasses import replace

from ..formats import Format
from ..units import Rect
from .model import Document, Item, Line, Page, Region, Scissors, Stroke, TextBlock


def mirror(document: Document) -> Document:
    """The document reflected left to right, page by page (its format's panels and folds too)."""
    width = document.format.trim.width
    x1, y1, x2, y2 = document.cut
    return replace(
        document,
        format=mirror_format(document.format),
        pages=tuple(_page(page, width) for page in document.pages),
        slip=_rect(document.slip, width),
        cut=(width - x1, y1, width - x2, y2),
        reading_order=tuple((page, _rect(rect, width)) for page, rect in document.reading_order),
    )


def mirror_format(fmt: Format) -> Format:
    width = fmt.trim.width
    return replace(
        fmt,
        panels=tuple(_rect(panel, width) for panel in fmt.panels),
        folds=tuple(tuple(sorted(width - x for x in side)) for side in fmt.folds),
    )


def _page(page: Page, width: float) -> Page:
    return replace(
        page,
        items=tuple(_item(item, width) for item in page.items),
        regions=tuple(Region(region.name, _rect(region.rect, width)) for region in page.regions),
    )


def _item(item: Item, width: float) -> Item:
    if isinstance(item, TextBlock):
        label = _line(item.label, width) if item.label else None
        return replace(item, lines=tuple(_line(line, width) for line in item.lines), label=label)
    if isinstance(item, Stroke):
        return replace(item, x1=width - item.x1, x2=width - item.x2)
    if isinstance(item, Scissors):
        return replace(item, x=width - item.x, angle=(180.0 - item.angle) % 360.0)
    return replace(item, rect=_rect(item.rect, width))


def _line(line: Line, width: float) -> Line:
    """The line's extent reflected; its runs keep their order and spacing within it."""
    dx = (width - line.right) - line.x
    return Line(line.baseline, tuple(replace(run, x=run.x + dx) for run in line.runs))


def _rect(rect: Rect, width: float) -> Rect:
    return Rect(width - rect.right, rect.y, rect.width, rect.height)
