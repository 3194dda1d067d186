"""Layout geometry, asserted on the positioned Document (points, trim coordinates, y up)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import brochure
from brochure.layout.model import Document, Fill, Picture, Scissors, Stroke, TextBlock, TickBox
from brochure.layout.slip import BOTTOM, PADDING_TOP
from brochure.units import Rect, mm

Edit = Callable[[str, str], Path]
SAFE = mm(5)


def blocks(document: Document, page: int | None = None) -> list[TextBlock]:
    pages = document.pages if page is None else [document.pages[page - 1]]
    return [item for p in pages for item in p.items if isinstance(item, TextBlock)]


def text_extent(block: TextBlock) -> Rect:
    """The area the block's glyphs can occupy (ascender to descender)."""
    lines = ((block.label,) if block.label else ()) + block.lines
    size = max(run.size for line in lines for run in line.runs)
    left = min(line.x for line in lines)
    right = max(line.right for line in lines)
    bottom = min(line.baseline for line in lines) - 0.3 * size
    top = max(line.baseline for line in lines) + 0.95 * size
    return Rect(left, bottom, right - left, top - bottom)


def test_default_leaflet_has_cover_article_and_slip(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    assert len(document.pages) == 4
    cover = blocks(document, 1)
    assert cover[2].role == "H1" and document.title.startswith(cover[2].lines[0].text.split(":")[0])
    assert any(isinstance(item, Picture) and item.source == "illustration" for item in document.pages[0].items)
    assert all(
        isinstance(item, Picture) is False or item.source != "illustration"
        for p in document.pages[1:]
        for item in p.items
    )


def test_slip_sits_at_the_bottom_edge_of_the_last_page(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    last = document.pages[-1]
    slip = document.slip
    assert slip.y == 0 and slip.x == 0 and slip.width == document.format.trim.width
    [cut] = [i for i in last.items if isinstance(i, Stroke) and i.dash]
    assert cut.y1 == cut.y2 == pytest.approx(slip.top), "the cut line is where the slip starts"
    assert cut.x1 <= 0 and cut.x2 >= document.format.trim.width, "the cut line runs the full width"
    [scissors] = [i for i in last.items if isinstance(i, Scissors)]
    assert scissors.y == pytest.approx(cut.y1)
    boxes = [i for i in last.items if isinstance(i, TickBox)]
    assert len(boxes) == 5 and all(slip.contains(b.rect) for b in boxes)
    for block in blocks(document, 4):
        extent = text_extent(block)
        if block.role != "Artifact" and extent.y < slip.top:
            assert extent.top <= slip.top - mm(3), f"{block.source} keeps 3 mm from the perforation"


def test_slip_options_are_exactly_the_content_options_in_order(default_build: brochure.BuildResult) -> None:
    options = [b for b in blocks(default_build.document, 4) if b.source.startswith("help.options")]
    texts = [" ".join(line.text for line in b.lines) for b in options]
    assert texts == [
        "Book an assessment",
        "Request a call back",
        "Ask whether ketamine treatment is suitable for me",
        "Information for family and carers",
        "A referral from my doctor",
    ]


def test_back_of_slip_holds_nothing_but_the_footer(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    assert len(document.pages) % 2 == 0, "the slip's page is a back page here"
    back = document.pages[-2]
    for item in back.items:
        if isinstance(item, TextBlock) and item.role != "Artifact":
            assert text_extent(item).y > document.slip.top, f"{item.source} would be torn off with the slip"


def test_everything_within_the_safe_zone_except_bleed_fills(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    trim = document.format.trim_rect
    safe = trim.inset(SAFE, SAFE, SAFE, SAFE)
    for page in document.pages:
        for item in page.items:
            if isinstance(item, TextBlock):
                assert safe.contains(text_extent(item)), f"page {page.number}: {item.source}"
            elif isinstance(item, Picture | TickBox):
                assert safe.contains(item.rect)
            elif isinstance(item, Fill):
                assert document.format.bleed_rect.contains(item.rect)
                touches = [item.rect.x < 0, item.rect.right > trim.right, item.rect.y < 0, item.rect.top > trim.top]
                assert any(touches), "a fill that leaves the trim runs into the bleed"
            elif isinstance(item, Stroke) and not item.dash:
                assert safe.contains(Rect(min(item.x1, item.x2), min(item.y1, item.y2), abs(item.x2 - item.x1), 0))


def test_cover_band_runs_into_the_bleed(default_build: brochure.BuildResult) -> None:
    [band] = [i for i in default_build.document.pages[0].items if isinstance(i, Fill)]
    fmt = default_build.document.format
    assert band.rect.x == pytest.approx(-fmt.bleed) and band.rect.top == pytest.approx(fmt.trim.height + fmt.bleed)
    assert band.rect.right == pytest.approx(fmt.trim.width + fmt.bleed)


def test_clear_print_rules(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    for block in blocks(document):
        for line in block.lines:
            for run in line.runs:
                assert run.size >= 10 if block.role == "Artifact" else run.size >= 12
            if block.role in ("P", "LI"):
                assert len(line.text) <= 75, f"{block.source}: line of {len(line.text)} characters"
    body = [b for b in blocks(document, 2) if b.role == "P"]
    leading = body[0].lines[0].baseline - body[0].lines[1].baseline
    assert leading >= 1.4 * body[0].lines[0].runs[0].size
    assert all(line.x == pytest.approx(body[0].lines[0].x) for b in body for line in b.lines), "left-aligned"


def test_headings_keep_their_first_lines_and_no_widows(project: Path, edit: Edit) -> None:
    long_section = "\n".join(
        f"  - heading: Topic {i}\n    body: >-\n      "
        + " ".join(["Plain words about treatment options."] * (8 + i % 7))
        for i in range(30)
    )
    path = edit("sections:\n", "sections:\n" + long_section + "\n")
    _, document, _ = brochure.make_pdf(path)
    assert len(document.pages) > 8
    for page in document.pages[1:]:
        flow = [
            b
            for b in blocks(document, page.number)
            if b.role in ("H2", "P", "LI") and not b.source.startswith(("help", "leaflet.reference", "slip"))
        ]
        if flow:
            assert flow[-1].role != "H2", f"page {page.number} ends with a heading"
        for block in flow:
            assert len(block.lines) >= 2 or block.role == "H2" or _whole(document, block), (
                f"page {page.number}: a single line of {block.source}"
            )


def test_page_breaks_fall_between_sentences_and_lose_no_words(project: Path, edit: Edit) -> None:
    """A paragraph split over a page ends its first part with a whole sentence; its words, joined
    again, are exactly the content's."""
    sentences = [f"Sentence number {i} says something plain about the treatment and its effects." for i in range(60)]
    path = edit(
        "sections:\n", "sections:\n  - heading: A Long Section\n    body: >-\n      " + " ".join(sentences) + "\n"
    )
    _, document, _ = brochure.make_pdf(path)
    pieces = [b for b in blocks(document) if b.source == "sections[0].body"]
    assert len(pieces) >= 2, "the paragraph runs over a page"
    for piece in pieces[:-1]:
        assert piece.lines[-1].text.rstrip().endswith("effects."), piece.lines[-1].text
    for piece in pieces[1:]:
        assert piece.continued and piece.lines[0].text.startswith("Sentence number")
    words = " ".join(line.text for piece in pieces for line in piece.lines).split()
    assert words == " ".join(sentences).split()


def test_a_sentence_longer_than_a_page_still_breaks_by_lines(project: Path, edit: Edit) -> None:
    endless = " ".join(["and then the next plain word"] * 400) + "."
    path = edit("sections:\n", "sections:\n  - heading: One Sentence\n    body: >-\n      " + endless + "\n")
    _, document, _ = brochure.make_pdf(path)
    pieces = [b for b in blocks(document) if b.source == "sections[0].body"]
    assert len(pieces) >= 2
    assert " ".join(line.text for piece in pieces for line in piece.lines).split() == endless.split()


def _whole(document: Document, block: TextBlock) -> bool:
    """True when the block is not a piece of a paragraph split across pages."""
    pieces = [b for b in blocks(document) if b.source == block.source and b.role == block.role]
    return len(pieces) == 1


def test_footer_on_every_page(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    total = len(document.pages)
    for page in document.pages:
        footer = " ".join(b.lines[0].text for b in blocks(document, page.number) if b.source == "footer")
        assert f"Page {page.number} of {total}" in footer
        assert "NMC-KET-001" in footer and "Version 1.0" in footer and "Review due November 2028" in footer


def test_layout_is_a_stable_readable_snapshot(default_build: brochure.BuildResult) -> None:
    dump = default_build.document.dump()
    assert dump.splitlines()[0].startswith("document 'Unlocking Hope")
    assert "H1 x=30.0" in dump and "Figure brain.svg" in dump and "scissors x=18.0" in dump


def test_slip_too_tall_for_a_page_is_an_error(project: Path, edit: Edit) -> None:
    options = "".join(f"    - Option number {i} with a fairly long description\n" for i in range(60))
    path = edit("    - Book an assessment\n", options)
    with pytest.raises(brochure.InputError) as caught:
        brochure.make_pdf(path)
    assert "help.options: the tear-off slip does not fit on a page" in caught.value.diagnostics[-1].format()


def test_slip_bottom_margin(default_build: brochure.BuildResult) -> None:
    lowest = min(text_extent(b).y for b in blocks(default_build.document, 4) if b.role != "Artifact")
    assert lowest >= BOTTOM - mm(2) and mm(3) <= PADDING_TOP
