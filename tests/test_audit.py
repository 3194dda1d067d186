"""The layout audit: each rule catches its defect, builds stop on its errors, `check --profile
layout` reports it, and what it finds agrees with what PDFium reads back from the drawn pages."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from conftest import ROOT, laid_out

import brochure
from brochure.__main__ import main
from brochure.layout.audit import audit
from brochure.layout.model import BODY, SLIP_BACK, Document, Line, Page, TextBlock
from brochure.units import mm

DEFAULT = ROOT / "content.yaml"
MATRIX = [
    (fmt, large_print, edition)
    for fmt, large_print in (("a4", False), ("a4", True), ("a5-booklet", False), ("a5-booklet", True), ("dl-trifold", False))
    for edition in ("print", "screen")
]  # fmt: skip


def found(document: Document, rule: str) -> list[str]:
    return [f.message for f in audit(document) if f.rule == rule]


def with_items(document: Document, number: int, *items: Any) -> Document:
    pages = list(document.pages)
    page = pages[number - 1]
    pages[number - 1] = replace(page, items=(*page.items, *items))
    return replace(document, pages=tuple(pages))


def moved(block: TextBlock, dx: float = 0.0, dy: float = 0.0) -> TextBlock:
    def move(line: Line) -> Line:
        return Line(line.baseline + dy, tuple(replace(run, x=run.x + dx) for run in line.runs))

    return replace(block, lines=tuple(move(line) for line in block.lines))


@pytest.fixture(scope="module")
def default() -> Document:
    return laid_out(DEFAULT)


@pytest.mark.parametrize(("fmt", "large_print", "edition"), MATRIX)
def test_the_default_leaflet_has_no_audit_finding(fmt: str, large_print: bool, edition: str) -> None:
    document = laid_out(DEFAULT, format=fmt, large_print=large_print, edition=edition)
    assert audit(document) == ()


def test_overlapping_text_is_an_error(default: Document) -> None:
    page = default.pages[1]
    first = next(b for b in page.items if isinstance(b, TextBlock) and b.region == BODY)
    faulty = with_items(default, 2, moved(first, dy=-3.0))
    assert any("overlaps" in m for m in found(faulty, "overlap"))
    footer = next(b for b in page.items if isinstance(b, TextBlock) and b.source == "footer")
    lowest = [b for b in page.items if isinstance(b, TextBlock) and b.region == BODY][-1]
    dy = lowest.lines[-1].baseline - footer.lines[0].baseline
    assert found(with_items(default, 2, moved(footer, dy=dy)), "overlap"), "a footer over the text"


def test_text_leaving_its_frame_or_the_safe_zone_is_an_error(default: Document) -> None:
    block = next(b for b in default.pages[1].items if isinstance(b, TextBlock) and b.role == "P")
    assert any("leaves its body area" in m for m in found(with_items(default, 2, moved(block, dx=mm(40))), "outside"))
    edge = replace(moved(block, dx=-mm(28)), region="unknown")  # no region of its own: judged by the safe zone
    assert any("within 5 mm of the trim" in m for m in found(with_items(default, 2, edge), "outside"))


def test_content_behind_the_slip_is_an_error(default: Document) -> None:
    back, area = default.format.back_of(default.slip_page, default.slip)
    block = next(b for b in default.pages[back - 1].items if isinstance(b, TextBlock) and b.region == BODY)
    dy = (area.top - mm(20)) - block.lines[0].baseline
    behind = moved(block, dy=dy)
    assert any("torn off with it" in m for m in found(with_items(default, back, behind), "slip-back"))
    assert not found(with_items(default, back, replace(behind, region=SLIP_BACK)), "slip-back"), "laid out for it"


def test_a_unit_broken_over_two_lines_is_an_error(default: Document) -> None:
    run = next(b for b in default.pages[1].items if isinstance(b, TextBlock)).lines[0].runs[0]
    x, y = mm(40), mm(150)
    lines = (
        Line(y, (replace(run, x=x, text="Next review due 1"),)),
        Line(y - 20, (replace(run, x=x, text="November 2028."),)),
    )
    block = TextBlock("P", lines, "leaflet", leading=20, region="none")
    assert any("'1 November 2028'" in m for m in found(with_items(default, 2, block), "unit-split"))


def test_a_heading_at_the_foot_of_a_page_is_an_error(default: Document) -> None:
    page = default.pages[1]
    frame = page.region(BODY)
    assert frame is not None
    heading = next(b for b in page.items if isinstance(b, TextBlock) and b.role == "H2")
    lowest = min(line.baseline for b in page.items if isinstance(b, TextBlock) and b.region == BODY for line in b.lines)
    at_foot = moved(heading, dy=(lowest - mm(12)) - heading.lines[0].baseline)
    assert any("heading at the foot" in m for m in found(with_items(default, 2, at_foot), "keep"))


def test_a_half_empty_page_and_an_odd_page_count_are_warnings(default: Document) -> None:
    pages = list(default.pages)
    sparse = pages[1]
    kept = tuple(i for n, i in enumerate(sparse.items) if i.region != BODY or n < 4)
    pages[1] = replace(sparse, items=kept)
    thin = replace(default, pages=tuple(pages))
    assert any("page 2 is only" in m for m in found(thin, "economy"))
    odd = replace(default, pages=(*default.pages, Page(5, ())), frames=default.frames)
    assert all(f.severity == "warning" for f in audit(odd) if f.rule == "economy")
    assert any("5 pages" in m for m in found(odd, "economy"))


def test_a_build_with_layout_errors_stops_with_exit_1(
    variant: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A callout taller than a page cannot be placed without leaving its frame: a layout error."""
    body = "\n\n".join(["A long note that goes on and on about the treatment and its effects."] * 30)
    path = variant(lambda c: c["sections"][0].update(body=[{"callout": {"title": "Key points", "body": body}}]))
    out = tmp_path / "leaflet.pdf"
    assert main(["build", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "section 1 › body item 1 › callout" in err and "leaves its body area" in err
    assert "the leaflet is not ready; no PDF was written" in err and "Traceback" not in err
    assert not out.exists()


def test_check_layout_profile_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DEFAULT), "--profile", "layout"]) == 0
    assert "passes the layout audit (a4, 4 pages): 0 errors, 0 warnings" in capsys.readouterr().out
    assert main(["check", str(DEFAULT), "--profile", "layout", "--json", "--format", "dl-trifold"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["profile"] == "layout" and data["format"] == "dl-trifold" and data["pages"] == 2
    assert data["summary"] == {"errors": 0, "warnings": 0, "ok": True} and data["findings"] == []


def test_check_layout_profile_reports_findings_with_locations(variant: Any, capsys: pytest.CaptureFixture[str]) -> None:
    body = "\n\n".join(["A long note that goes on and on about the treatment and its effects."] * 30)
    path = variant(lambda c: c["sections"][0].update(body=[{"callout": {"title": "Key points", "body": body}}]))
    assert main(["check", str(path), "--profile", "layout", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    finding = next(f for f in data["findings"] if f["rule"] == "outside")
    assert (
        finding["severity"] == "error" and finding["source"] == "sections[0].body[0].callout" and finding["page"] >= 2
    )
    assert data["summary"]["ok"] is False


# The audit against what is drawn: PDFium's text boxes of every line, read back from the PDF.


def _text_boxes(pdf: Path) -> list[list[tuple[float, float, float, float]]]:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append([textpage.get_rect(i) for i in range(textpage.count_rects())])
        return pages
    finally:
        document.close()


def _clash(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Two text boxes of different lines that overlap (PDFium's boxes hug the glyphs)."""
    if abs((a[1] + a[3]) / 2 - (b[1] + b[3]) / 2) < 2.0:
        return False  # pieces of one line
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width > 0.5 and height > 0.5


@pytest.mark.parametrize(("fmt", "large_print", "edition"), MATRIX)
def test_pdfium_finds_no_overlapping_text_where_the_audit_found_none(
    tmp_path: Path, fmt: str, large_print: bool, edition: str
) -> None:
    options = brochure.BuildOptions(format=fmt, large_print=large_print, edition=edition)
    result = brochure.build(DEFAULT, tmp_path / "leaflet.pdf", options)
    assert not found(result.document, "overlap")
    for number, rects in enumerate(_text_boxes(result.output), start=1):
        clashes = [(a, b) for a, b in itertools.combinations(rects, 2) if _clash(a, b)]
        assert not clashes, f"page {number}: {clashes[:3]}"


def test_pdfium_sees_the_overlap_the_audit_reports(tmp_path: Path, variant: Any) -> None:
    """The cross-check can fail: a leaflet drawn with an overlap (made on purpose) shows it."""
    document = laid_out(DEFAULT)
    page = document.pages[1]
    first = next(b for b in page.items if isinstance(b, TextBlock) and b.region == BODY)
    faulty = with_items(document, 2, moved(first, dy=-4.0))
    assert found(faulty, "overlap")
    prepared = brochure.lay_out_unaudited(DEFAULT)
    pdf, _ = brochure.draw(replace(prepared, document=faulty))
    path = tmp_path / "faulty.pdf"
    path.write_bytes(pdf)
    rects = _text_boxes(path)[1]
    assert any(_clash(a, b) for a, b in itertools.combinations(rects, 2))


def test_run_widths_match_what_pdfium_measures(tmp_path: Path) -> None:
    """The audit's boxes come from the layout's measures: check them against the drawn text."""
    result = brochure.build(DEFAULT, tmp_path / "leaflet.pdf", brochure.BuildOptions(edition="screen"))
    block = next(b for b in result.document.pages[1].items if isinstance(b, TextBlock) and b.region == BODY)
    line = block.lines[0]
    document = pypdfium2.PdfDocument(str(result.output))
    try:
        textpage = document[1].get_textpage()
        left, _, right, _ = textpage.get_rect(0) if textpage.count_rects() else (0, 0, 0, 0)
    finally:
        document.close()
    assert abs(left - line.x) < 1.5 and abs(right - line.right) < 3.0
