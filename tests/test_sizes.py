"""Clear print everywhere: footers at 12 pt or more, large print scaling every element of the
page (footers, the slip's text, tick boxes, line spacing, writing space), and the leaflet check's
floor following the edition."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

import pytest
from conftest import ROOT

import brochure
from brochure.check.leaflet import check_leaflet
from brochure.content import load_content
from brochure.layout.model import Document, Stroke, TextBlock, TickBox
from brochure.pipeline import lay_out_unaudited
from brochure.units import mm

FORMATS = ["a4", "a5-booklet", "dl-trifold"]


def _laid_out(fmt: str, edition: str, large_print: bool) -> brochure.Document:
    options = brochure.BuildOptions(format=fmt, edition=edition, large_print=large_print)
    return lay_out_unaudited(ROOT / "content.yaml", options).document


def _sizes(document: Document, source: str | None = None) -> set[float]:
    return {
        run.size
        for page in document.pages
        for item in page.items
        if isinstance(item, TextBlock) and (source is None or item.source.startswith(source))
        for line in item.lines
        for run in line.runs
    }


def _slip_fields(document: Document) -> tuple[set[float], set[float], set[float]]:
    """The tick boxes' sides, the write-in lines' writing room and the gaps between those lines."""
    items = [item for page in document.pages for item in page.items]
    boxes = {round(item.rect.width, 2) for item in items if isinstance(item, TickBox) and item.role == "Form"}
    lines = [item for item in items if isinstance(item, Stroke) and item.role == "Form"]
    rooms = {round(item.room, 2) for item in lines}
    ys = sorted({round(line.y1, 2) for line in lines}, reverse=True)
    gaps = {round(a - b, 2) for a, b in itertools.pairwise(ys)}
    return boxes, rooms, gaps


@pytest.mark.parametrize("edition", ["print", "screen"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_footers_and_every_text_are_12pt_or_more(fmt: str, edition: str) -> None:
    document = _laid_out(fmt, edition, large_print=False)
    footer = _sizes(document, "footer")
    assert footer and min(footer) >= 12, footer
    assert min(_sizes(document)) >= 12


@pytest.mark.parametrize("fmt", ["a4", "a5-booklet"])
def test_large_print_scales_every_element_of_the_page(fmt: str) -> None:
    standard, large = _laid_out(fmt, "print", False), _laid_out(fmt, "print", True)
    ratio = 18 / 14
    assert min(_sizes(large, "footer")) >= 16 and min(_sizes(large)) >= 16
    assert min(_sizes(large, "slip")) >= 16 and min(_sizes(large, "help")) >= 16
    (boxes, rooms, gaps), (big_boxes, big_rooms, big_gaps) = _slip_fields(standard), _slip_fields(large)
    assert min(big_boxes) >= max(boxes) * ratio - 0.01, "tick boxes grow with the text"
    assert min(big_rooms) >= max(rooms) * ratio - 0.01, "so does the room to write in"
    slip_leading = max(block.leading for page in large.pages for block in page.items
                       if isinstance(block, TextBlock) and block.source == "slip.fields")  # fmt: skip
    assert min(gaps) >= mm(8.5) - 0.01 and min(big_gaps) >= 1.25 * slip_leading - 0.01, "lines spaced by the text"
    assert min(big_gaps) >= 1.2 * min(gaps), "so the spacing of the lines grows with it"
    leading = {block.leading for page in large.pages for block in page.items if isinstance(block, TextBlock)}
    assert min(leading) >= 16 * 1.2


def test_the_leaflet_checks_floor_follows_the_edition() -> None:
    """A 14 pt footer passes the standard edition's floor (12 pt) and fails large print's (16 pt)."""
    large = _laid_out("a4", "print", True)
    shrunk = []
    for page in large.pages:
        items = []
        for item in page.items:
            if isinstance(item, TextBlock) and item.source == "footer":
                lines = tuple(
                    replace(line, runs=tuple(replace(r, size=14.0) for r in line.runs)) for line in item.lines
                )
                item = replace(item, lines=lines)
            items.append(item)
        shrunk.append(replace(page, items=tuple(items)))
    document = replace(large, pages=tuple(shrunk))
    content = load_content(ROOT / "content.yaml")[0]
    today = dt.date(2027, 1, 1)
    as_large = [f for f in check_leaflet(content, document, True, "print", today).findings if f.check == "text-size"]
    assert [f.message for f in as_large] == ["text as small as 14 pt: none may be below 16 pt"]
    as_standard = check_leaflet(content, large, False, "print", today).findings
    assert not [f for f in as_standard if f.check == "text-size"]
