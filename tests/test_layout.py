"""Layout geometry, asserted on the positioned Document (points, trim coordinates, y up)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, laid_out

import brochure
from brochure.check.leaflet import check_leaflet
from brochure.colour import CMYK
from brochure.content import load_content
from brochure.layout.audit import boxes
from brochure.layout.model import (
    BAND,
    CUT,
    FOOTER,
    SLIP,
    SLIP_BACK,
    STRIP,
    Document,
    Fill,
    Picture,
    Scissors,
    Stroke,
    TextBlock,
    TickBox,
)  # fmt: skip
from brochure.units import Rect, mm

Edit = Callable[[str, str], Path]
ACCENT = CMYK(0.0, 0.45, 0.9, 0.0)  # brand.yaml's accent
Variant = Callable[[Callable[[dict[str, Any]], None]], Path]


def blocks(document: Document, page: int | None = None) -> list[TextBlock]:
    pages = document.pages if page is None else [document.pages[page - 1]]
    return [item for p in pages for item in p.items if isinstance(item, TextBlock)]


def text(block: TextBlock) -> str:
    return " ".join(line.text for line in block.lines)


def extent(item: Any) -> Rect:
    rects = boxes(item)
    x0, y0 = min(r.x for r in rects), min(r.y for r in rects)
    return Rect(x0, y0, max(r.right for r in rects) - x0, max(r.top for r in rects) - y0)


def test_default_leaflet_has_cover_article_and_slip(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    assert len(document.pages) == 4
    [title] = [b for b in blocks(document, 1) if b.role == "H1"]
    assert document.title.startswith(title.lines[0].text.split(":")[0])
    assert any(isinstance(item, Picture) and item.source == "illustration" for item in document.pages[0].items)
    assert not any(isinstance(i, Picture) and i.source == "illustration" for p in document.pages[1:] for i in p.items)


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
    boxes_ = [i for i in last.items if isinstance(i, TickBox)]
    assert len(boxes_) == 5 + 2 and all(slip.contains(b.rect) for b in boxes_), "the options, then Yes and No"
    for block in blocks(document, 4):
        if block.role != "Artifact" and extent(block).y < slip.top:
            assert extent(block).top <= slip.top - mm(3), f"{block.source} keeps 3 mm from the perforation"
    [label] = [b for b in blocks(document, 4) if b.source == "slip.cut"]
    assert extent(label).y >= slip.top + mm(3), "'Cut along the dotted line' keeps 3 mm from it too"


def test_slip_options_are_exactly_the_content_options_in_order(default_build: brochure.BuildResult) -> None:
    options = [b for b in blocks(default_build.document, 4) if b.source.startswith("help.options")]
    assert [text(b) for b in options] == [
        "Book an assessment",
        "Request a call back",
        "Ask whether ketamine treatment is suitable for me",
        "Information for family and carers",
        "A referral from my doctor",
    ]


def test_the_slip_is_a_form_people_can_fill_in(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    page = document.pages[-1]
    labels = [text(b) for b in page.items if isinstance(b, TextBlock) and b.source == "slip.fields"]
    assert labels == ["Name", "Phone", "Email", "Best time to contact", "May we leave a message?"]
    answers = [text(b) for b in page.items if isinstance(b, TextBlock) and b.source == "slip.message"]
    assert answers == ["Yes", "No"]
    lines = sorted((s for s in page.items if isinstance(s, Stroke) and s.region == SLIP), key=lambda s: (s.x2, -s.y1))
    column = [s for s in lines if s.x2 == lines[-1].x2]
    assert len(column) == 4, "a write-in line each for name, phone, email and best time"
    gaps = [a.y1 - b.y1 for a, b in itertools.pairwise(column)]
    assert min(gaps) >= mm(8) - 0.01, "write-in lines at least 8 mm apart"
    closing = " ".join(text(b) for b in page.items if isinstance(b, TextBlock) and b.source == "help.return")
    assert "post it to us" in closing


def test_large_print_scales_the_form_with_its_text() -> None:
    normal, large = laid_out(ROOT / "content.yaml"), laid_out(ROOT / "content.yaml", large_print=True)

    def form(document: Document) -> tuple[float, float]:
        page = document.pages[document.slip_page - 1]
        box = next(i for i in page.items if isinstance(i, TickBox))
        lines = sorted((s.y1 for s in page.items if isinstance(s, Stroke) and s.region == SLIP), reverse=True)
        return box.rect.width, min(a - b for a, b in itertools.pairwise(lines) if a - b > 1)

    (box, gap), (big_box, big_gap) = form(normal), form(large)
    assert big_box == pytest.approx(box * 16 / 12) and big_gap > gap


def test_the_return_address_is_on_the_back_of_the_slip(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    back, area = document.format.back_of(document.slip_page, document.slip)
    on_back = [b for b in blocks(document, back) if b.region == SLIP_BACK]
    assert [text(b) for b in on_back] == [
        "This is the back of the reply slip.",
        "Return to:",
        "Northbrook Mind Clinic",
        "1 Example Road",
        "Northbrook NB1 0XX (a fictional clinic)",
    ]
    assert all(area.contains(extent(b)) for b in on_back), "within the area that comes away"
    others = [i for i in document.pages[back - 1].items if i.region not in (SLIP_BACK, FOOTER, CUT, STRIP)]
    assert all(extent(i).y > area.top + mm(3) for i in others), "nothing else behind the slip"


def test_without_an_address_the_slip_says_hand_it_in(variant: Variant) -> None:
    path = variant(lambda c: c["clinic"].pop("address"))
    content, _ = load_content(path)
    document = laid_out(path)
    back, _ = document.format.back_of(document.slip_page, document.slip)
    on_back = " ".join(text(b) for b in blocks(document, back) if b.region == SLIP_BACK)
    assert "Please hand it in at Northbrook Mind Clinic reception." in on_back and "Return to" not in on_back
    closing = " ".join(text(b) for b in blocks(document) if b.source == "help.return")
    assert closing == "Please hand this slip in at reception." and content.clinic.address is None


def test_brand_strip_on_every_inside_page(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    fmt = document.format
    for page in document.pages[1:]:
        [strip] = [i for i in page.items if isinstance(i, Fill) and i.region == STRIP]
        assert strip.colour.c == pytest.approx(1.0) and strip.colour.m == pytest.approx(0.6), "the primary colour"
        assert strip.rect.top == pytest.approx(fmt.trim.height + fmt.bleed) and strip.rect.x == pytest.approx(
            -fmt.bleed
        )
    assert not [i for i in document.pages[0].items if i.region == STRIP], "the cover has its band instead"


def test_cover_band_runs_into_the_bleed(default_build: brochure.BuildResult) -> None:
    [band] = [i for i in default_build.document.pages[0].items if isinstance(i, Fill) and i.region == BAND]
    fmt = default_build.document.format
    assert band.background, "declared to lie under the clinic's name"
    assert band.rect.x == pytest.approx(-fmt.bleed) and band.rect.top == pytest.approx(fmt.trim.height + fmt.bleed)
    assert band.rect.right == pytest.approx(fmt.trim.width + fmt.bleed)


def test_callout_is_a_tinted_box_that_never_splits(variant: Variant) -> None:
    body = "Ketamine can work within hours.\n\nIt must be given by trained staff, in a clinic."

    def add(content: dict[str, Any]) -> None:
        for section in content["sections"][:5]:
            section["body"] = [section["body"]] if isinstance(section["body"], str) else section["body"]
            section["body"].append({"callout": {"title": "Key points", "body": body}})

    path = variant(add)
    document = laid_out(path)
    content, _ = load_content(path)
    callouts = 0
    for page in document.pages:
        tints = [i for i in page.items if isinstance(i, Fill) and i.background and i.source.endswith("callout")]
        for tint in tints:
            inside = [b for b in page.items if isinstance(b, TextBlock) and b.source.startswith(tint.source)]
            assert [text(b) for b in inside] == ["Key points", "Ketamine can work within hours.",
                                                  "It must be given by trained staff, in a clinic."]  # fmt: skip
            assert all(tint.rect.contains(extent(b)) for b in inside), "the text is inside its box"
            [bar] = [i for i in page.items if isinstance(i, Fill) and i.source == tint.source and not i.background]
            assert bar.colour == ACCENT and bar.rect.x == tint.rect.x, "a bar in the accent colour on its left"
            assert tint.colour == ACCENT.tint(0.15), "the box in a pale tint of it"
            callouts += 1
    assert callouts == 5, "each callout whole on one page"
    report = check_leaflet(content, document, False, "print", content.leaflet.published)
    assert not [f for f in report.findings if f.check == "contrast"], "text on the tint keeps its contrast"


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


def test_footer_on_every_inside_page_with_the_phone_number(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    total = len(document.pages)
    for page in document.pages[1:]:
        footer = " ".join(text(b) for b in blocks(document, page.number) if b.source == "footer")
        assert f"Page {page.number} of {total}" in footer and "Phone 01632 960 123" in footer
        assert "NMC-KET-001" in footer and "Version 1.0" in footer and "Review due Nov 2028" in footer
    cover = " ".join(text(b) for b in blocks(document, 1))
    assert "Page 1 of" not in cover and "Phone: 01632 960 123" in cover, "the cover has its contact block"


def test_headings_keep_their_first_lines_and_no_widows(project: Path, edit: Edit) -> None:
    long_section = "\n".join(
        f"  - heading: Topic {i}\n    body: >-\n      "
        + " ".join(["Plain words about treatment options."] * (8 + i % 7))
        for i in range(30)
    )
    path = edit("sections:\n", "sections:\n" + long_section + "\n")
    _, document, _ = brochure.make_pdf(path)
    assert len(document.pages) > 8
    for number, region in document.frames[:-1]:
        flow = [b for b in blocks(document, number) if b.region == region]
        if flow:
            assert flow[-1].role != "H2", f"page {number} ends with a heading"
        for block in flow:
            assert len(block.lines) >= 2 or block.role == "H2" or _whole(document, block), (
                f"page {number}: a single line of {block.source}"
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


def test_slip_too_tall_for_a_page_is_an_error(variant: Variant) -> None:
    long = "An option described at great length, with every detail a patient could ever want to know about it. " * 4
    path = variant(lambda c: c["help"].update(options=[f"{n}. {long}" for n in range(12)]))
    with pytest.raises(brochure.InputError) as caught:
        brochure.make_pdf(path)
    message = caught.value.diagnostics[-1].format()
    assert "help.options: the reply slip does not fit on a page" in message and f"{path}:" in message
