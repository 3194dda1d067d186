"""Folded formats: the A5 saddle-stitched booklet, reader's and printer's versions."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from conftest import ROOT, assert_every_sentence
from pypdf import PdfReader

import brochure
from brochure.check import check_pdf
from brochure.impose import saddle_stitch_order
from brochure.layout.model import Scissors, Stroke, TextBlock
from brochure.units import Rect, mm, to_mm

BOOKLET = brochure.BuildOptions(format="a5-booklet")


@pytest.fixture(scope="module")
def booklet(tmp_path_factory: pytest.TempPathFactory) -> brochure.BuildResult:
    return brochure.build(ROOT / "content.yaml", tmp_path_factory.mktemp("booklet") / "booklet.pdf", BOOKLET)


@pytest.fixture(scope="module")
def imposed(tmp_path_factory: pytest.TempPathFactory) -> brochure.BuildResult:
    out = tmp_path_factory.mktemp("imposed") / "imposed.pdf"
    return brochure.build(ROOT / "content.yaml", out, brochure.BuildOptions(format="a5-booklet", impose=True))


def test_saddle_stitch_order() -> None:
    assert saddle_stitch_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_stitch_order(4) == [(4, 1), (2, 3)]
    sides = saddle_stitch_order(12)
    assert sorted(n for side in sides for n in side) == list(range(1, 13))
    assert all(left + right == 13 for left, right in sides)
    with pytest.raises(ValueError, match="multiple of 4"):
        saddle_stitch_order(6)


def test_booklet_pages_come_in_fours_with_a5_boxes(booklet: brochure.BuildResult) -> None:
    assert booklet.pages % 4 == 0 and booklet.print_ready
    for page in PdfReader(booklet.output).pages:
        assert to_mm(float(page.trimbox.width)) == pytest.approx(148, abs=0.01)
        assert to_mm(float(page.trimbox.height)) == pytest.approx(210, abs=0.01)
        assert float(page.trimbox.left) - float(page.bleedbox.left) == pytest.approx(mm(3), abs=0.01)
    assert check_pdf(booklet.output, "print", "a5-booklet").errors == 0


def test_back_cover_is_the_reply_card_with_the_return_address_on_its_back(booklet: brochure.BuildResult) -> None:
    document = booklet.document
    last, before = document.pages[-1], document.pages[-2]
    texts_last = " ".join(line.text for i in last.items if isinstance(i, TextBlock) for line in i.lines)
    for option in ("Book an assessment", "Request a call back", "A referral from my doctor"):
        assert option in texts_last
    back = [
        " ".join(line.text for line in i.lines)
        for i in before.items
        if isinstance(i, TextBlock) and i.role != "Artifact"
    ]
    assert back == [
        "This is the back of the reply slip.",
        "Return to:",
        "Northbrook Mind Clinic",
        "1 Example Road",
        "Northbrook NB1 0XX (a fictional clinic)",
    ]
    assert all(i.region in ("slip-back", "footer", "strip") for i in before.items)
    [cut] = [i for i in last.items if isinstance(i, Stroke) and i.dash]
    width = document.format.trim.width
    assert cut.x1 == cut.x2 == pytest.approx(width - mm(6)), "cut beside the spine, parallel to it"
    assert cut.y1 < 0 and cut.y2 > document.format.trim.height
    assert document.cut == (cut.x1, cut.y1, cut.x2, cut.y2)
    [scissors] = [i for i in last.items if isinstance(i, Scissors)]
    assert scissors.x == pytest.approx(cut.x1) and scissors.angle == -90
    for block in (i for i in last.items if isinstance(i, TextBlock) and i.role != "Artifact"):
        assert max(line.right for line in block.lines) <= cut.x1 - mm(3), "text keeps 3 mm from the perforation"


def test_every_sentence_in_the_booklet(booklet: brochure.BuildResult) -> None:
    assert_every_sentence(booklet.output, ROOT / "content.yaml")


def _half_text(path: Path, index: int) -> tuple[str, str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[index]
        textpage = page.get_textpage()
        width, height = page.get_size()
        return (
            textpage.get_text_bounded(left=0, bottom=0, right=width / 2, top=height),
            textpage.get_text_bounded(left=width / 2, bottom=0, right=width, top=height),
        )
    finally:
        document.close()


def test_imposed_sides_carry_the_right_pages_on_the_right_halves(imposed: brochure.BuildResult) -> None:
    total = imposed.pages
    sides = saddle_stitch_order(total)
    with pikepdf.open(imposed.output) as pdf:
        assert len(pdf.pages) == total // 2
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            assert to_mm(trim[2] - trim[0]) == pytest.approx(296, abs=0.01) and to_mm(
                trim[3] - trim[1]
            ) == pytest.approx(210, abs=0.01)
        assert "/StructTreeRoot" not in pdf.Root and "/OutputIntents" in pdf.Root

    def mark(page: int) -> str:  # the cover has no page number: its title stands for it
        return "Unlocking Hope" if page == 1 else f"Page {page} of {total}"

    for index, (left, right) in enumerate(sides):
        left_text, right_text = _half_text(imposed.output, index)
        assert mark(left) in left_text and mark(right) in right_text
        assert mark(right) not in left_text
    assert check_pdf(imposed.output).errors == 0


def test_imposed_fold_mark_at_the_spine(imposed: brochure.BuildResult) -> None:
    with pikepdf.open(imposed.output) as pdf:
        content = pdf.pages[0].obj.Contents.read_bytes().decode()
        media = [float(v) for v in pdf.pages[0].obj.MediaBox]
    spine = media[2] / 2
    assert re.search(rf"{spine:.4f} [\d.]+ m {spine:.4f} [\d.]+ l S", content), "a fold mark in line with the spine"


def test_impose_needs_a_booklet(project: Path, tmp_path: Path) -> None:
    with pytest.raises(brochure.InputError, match="--impose"):
        brochure.build(project / "content.yaml", tmp_path / "x.pdf", brochure.BuildOptions(impose=True))


TRIFOLD = brochure.BuildOptions(format="dl-trifold")


@pytest.fixture(scope="module")
def trifold(tmp_path_factory: pytest.TempPathFactory) -> brochure.BuildResult:
    return brochure.build(ROOT / "content.yaml", tmp_path_factory.mktemp("dl") / "trifold.pdf", TRIFOLD)


def test_trifold_panels_and_folds() -> None:
    from brochure.formats import DL_TRIFOLD as dl

    outside, inside = dl.panels[:3], dl.panels[3:]
    for side in (outside, inside):
        assert sum(to_mm(p.width) for p in side) == pytest.approx(297)
        assert all(a.right == pytest.approx(b.x) for a, b in itertools.pairwise(side))
    assert [round(to_mm(p.width)) for p in outside] == [97, 100, 100]
    assert [round(to_mm(p.width)) for p in inside] == [100, 100, 97]
    flap, reverse = outside[0], inside[2]
    assert reverse.x == pytest.approx(dl.trim.width - flap.right), "the flap mirrors between the sides"
    assert [round(to_mm(x)) for x in dl.folds_on(1)] == [97, 197] and [round(to_mm(x)) for x in dl.folds_on(2)] == [
        100,
        200,
    ]


def test_trifold_slip_is_the_flap_cut_along_its_fold(trifold: brochure.BuildResult) -> None:
    document = trifold.document
    flap = document.format.panels[0]
    assert document.slip_page == 1 and document.slip == flap
    x1, y1, x2, y2 = document.cut
    assert y1 < 0 and y2 > document.format.trim.height, "the cut runs the sheet's full height"
    assert x1 == x2 == pytest.approx(flap.right) == pytest.approx(document.format.folds_on(1)[0]), (
        "cut line along the fold"
    )
    slip_blocks = [i for i in document.pages[0].items if isinstance(i, TextBlock) and document.in_slip(1, i)]
    options = [b for b in slip_blocks if b.source.startswith("help.options")]
    assert len(options) == 5
    for block in slip_blocks:
        assert max(line.right for line in block.lines) <= flap.right - mm(3)


def test_trifold_keeps_text_clear_of_folds_and_trim(trifold: brochure.BuildResult) -> None:
    document = trifold.document
    fmt = document.format
    for page in document.pages:
        for item in page.items:
            if not isinstance(item, TextBlock):
                continue
            for line in item.lines:
                left, right = line.x, line.right
                assert left >= mm(5) - 0.01 and right <= fmt.trim.width - mm(5) + 0.01
                for fold in fmt.folds_on(page.number):
                    assert right <= fold - mm(3) + 0.01 or left >= fold + mm(3) - 0.01, (
                        f"{item.source} is within 3 mm of a fold"
                    )


def test_trifold_keeps_what_the_patient_needs_off_the_flap(trifold: brochure.BuildResult) -> None:
    """Tearing the flap off loses the slip and its reverse: only reference matter may be there."""
    document = trifold.document
    fmt = document.format
    back, reverse = fmt.panels[1], fmt.panels[5]

    def blocks_on(page: int, panel: Rect) -> list[TextBlock]:
        items = document.pages[page - 1].items
        return [i for i in items if isinstance(i, TextBlock) and panel.x <= i.lines[0].x < panel.right]

    on_reverse = {block.source for block in blocks_on(2, reverse)}
    reference = {"feedback", "leaflet", "clinic.name", "clinic.address"}  # and the return address, at its foot
    assert on_reverse and all(s in reference or s.startswith("sources") for s in on_reverse), on_reverse
    kept = {block.source for block in blocks_on(1, back)}
    assert {"clinic", "disclaimer"} <= kept, "contact and disclaimer stay on the back panel"
    footer = [b for b in blocks_on(1, fmt.panels[2]) if b.source == "footer"]  # at the front cover's foot
    footer_text = " ".join(line.text for b in footer for line in b.lines)
    for kept_detail in ("NMC-KET-001", "Version 1.0", "Review due Nov 2028"):  # they survive the tear
        assert kept_detail in footer_text
    assert all(not document.in_slip(1, b) for b in blocks_on(1, back))


def test_trifold_says_where_the_article_continues(trifold: brochure.BuildResult) -> None:
    document = trifold.document
    inside_2 = document.format.panels[4]
    [note] = [i for i in document.pages[1].items if isinstance(i, TextBlock) and i.source == "continued"]
    assert note.role == "Artifact" and inside_2.x < note.lines[0].x < inside_2.right
    back = document.format.panels[1]
    continued = [i for i in document.pages[0].items if isinstance(i, TextBlock) and i.source.startswith("sections")]
    assert continued and all(back.x <= b.lines[0].x < back.right for b in continued)


def test_trifold_every_sentence_and_preflight(trifold: brochure.BuildResult) -> None:
    assert_every_sentence(trifold.output, ROOT / "content.yaml")
    assert trifold.pages == 2 and trifold.print_ready
    with pikepdf.open(trifold.output) as pdf:
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
        assert to_mm(trim[2] - trim[0]) == pytest.approx(297, abs=0.01)


def test_longer_content_is_too_long_for_a_trifold(edit: Callable[[str, str], Path], tmp_path: Path) -> None:
    extra = "\n  - heading: One More Section\n    body: >-\n" + "      More words that need room. " * 12 + "\n\nhelp:"
    content = edit("\nhelp:", extra)
    with pytest.raises(brochure.InputError) as caught:
        brochure.build(content, tmp_path / "x.pdf", TRIFOLD)
    message = caught.value.diagnostics[0].format()
    assert re.search(
        r"the content is about \d+ lines \(\d+ mm of text\) too long for the inside and back panels", message
    )
    assert "content.yaml:" in message and "--format a5-booklet" in message and not (tmp_path / "x.pdf").exists()


def test_too_many_sources_for_the_flap_reverse_is_its_own_error(
    edit: Callable[[str, str], Path], tmp_path: Path
) -> None:
    more = "".join(f'\n  - "A further published source on ketamine and depression, number {i}."' for i in range(12))
    content = edit("sources:", "sources:" + more)
    with pytest.raises(brochure.InputError) as caught:
        brochure.build(content, tmp_path / "x.pdf", TRIFOLD)
    messages = [d.format() for d in caught.value.diagnostics]
    assert len(messages) == 1 and "too long for the back panel and the flap's reverse" in messages[0], messages
    assert "content.yaml:" in messages[0] and not (tmp_path / "x.pdf").exists()


def test_brand_names_the_format_and_the_command_line_overrides_it(project: Path, tmp_path: Path) -> None:
    brand = project / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8") + "\nformat: a5-booklet\n", encoding="utf-8")
    booklet = brochure.build(project / "content.yaml", tmp_path / "b.pdf")
    assert booklet.document.format.name == "a5-booklet" and booklet.pages % 4 == 0
    a4 = brochure.build(project / "content.yaml", tmp_path / "a.pdf", brochure.BuildOptions(format="a4"))
    assert a4.document.format.name == "a4"
    brand.write_text(brand.read_text(encoding="utf-8").replace("format: a5-booklet", "format: a6"), encoding="utf-8")
    with pytest.raises(brochure.InputError) as caught:
        brochure.build(project / "content.yaml", tmp_path / "c.pdf")
    assert "format: unknown format 'a6'" in caught.value.diagnostics[0].format()
