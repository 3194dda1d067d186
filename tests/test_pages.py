"""The page defects found by trying brochure as a new user would (issue: pages you can trust).

Each test lays out real content in the formats, editions and print sizes where the defect was
seen, and asserts the property directly on the Document (and with the audit)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, laid_out

import brochure
from brochure.layout.audit import audit, boxes
from brochure.layout.model import BODY, CUT, FOOTER, SLIP, SLIP_BACK, STRIP, Document, TextBlock, TickBox
from brochure.layout.text import no_break_spans
from brochure.marks import SLUG_TEXT_SIZE, slug_x
from brochure.theme import DEFAULT_FONTS, register_font
from brochure.units import Rect, mm

Variant = Callable[[Callable[[dict[str, Any]], None]], Path]
DEFAULT = ROOT / "content.yaml"
LAYOUTS = [("a4", False), ("a4", True), ("a5-booklet", False), ("a5-booklet", True), ("dl-trifold", False)]


def blocks(document: Document, page: int | None = None) -> list[TextBlock]:
    pages = document.pages if page is None else [document.pages[page - 1]]
    return [item for p in pages for item in p.items if isinstance(item, TextBlock)]


def text(block: TextBlock) -> str:
    return " ".join(line.text for line in block.lines)


def rules(document: Document, *names: str) -> list[str]:
    return [f.message for f in audit(document) if f.rule in names]


def bounds(item: object) -> Rect:
    rects = boxes(item)  # type: ignore[arg-type]
    x0, y0 = min(r.x for r in rects), min(r.y for r in rects)
    return Rect(x0, y0, max(r.right for r in rects) - x0, max(r.top for r in rects) - y0)


# Large print, last page: the slip stopped at a fixed height and printed over a two-line footer.


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_large_print_slip_ends_above_the_real_footer(edition: str) -> None:
    document = laid_out(DEFAULT, large_print=True, edition=edition)
    last = document.pages[document.slip_page - 1]
    footer_top = max(bounds(i).top for i in last.items if i.region == FOOTER)
    slip_bottom = min(bounds(i).y for i in last.items if i.region == SLIP)
    assert slip_bottom >= footer_top + mm(2), "the slip's last line clears the footer"
    assert not rules(document, "overlap")


# Keeping the slip's back clear: the slip's page and its back are planned together.


@pytest.mark.parametrize("large_print", [False, True])
def test_slip_back_is_the_page_behind_the_slip_and_holds_only_the_return_address(
    variant: Variant, large_print: bool
) -> None:
    long_title = variant(lambda c: c.update(title=c["title"] + ", and What It Means for You and Your Family"))
    for content in (DEFAULT, long_title):
        document = laid_out(content, large_print=large_print)
        assert len(document.pages) % 2 == 0 and document.slip_page == len(document.pages)
        back, area = document.format.back_of(document.slip_page, document.slip)
        assert back == document.slip_page - 1
        behind = [i for i in document.pages[back - 1].items if bounds(i).y < area.top - mm(1)]
        assert behind and {i.region for i in behind} <= {SLIP_BACK, FOOTER, CUT, STRIP}
        assert any(isinstance(i, TextBlock) and text(i) == "Return to:" for i in behind)
        assert not rules(document, "slip-back", "economy"), (content.name, rules(document, "slip-back", "economy"))


def test_large_print_pages_are_used_not_left_half_empty() -> None:
    document = laid_out(DEFAULT, large_print=True)
    for page in document.pages[1:-2]:  # the slip's page and its back may be emptier
        frame = page.region(BODY)
        assert frame is not None
        lowest = min(bounds(i).y for i in page.items if i.region == BODY)
        assert (frame.top - lowest) / frame.height >= 0.5, f"page {page.number}"


# Splits: short lists, short list items, and the booklet's last pages.


@pytest.mark.parametrize(("fmt", "large_print"), LAYOUTS)
def test_short_lists_and_short_items_are_never_split(fmt: str, large_print: bool) -> None:
    document = laid_out(DEFAULT, format=fmt, large_print=large_print)
    sources = {
        (page.number, item.region) for page in document.pages for item in page.items
        if item.region.startswith("body") or item.region == "reference"
        if isinstance(item, TextBlock) and item.source.startswith("sources[")
    }  # fmt: skip
    assert len(sources) == 1, f"the two sources share a page or panel: {sources}"
    pieces: dict[str, int] = {}
    for block in blocks(document):
        if block.role == "LI":
            pieces[block.source] = pieces.get(block.source, 0) + len(block.lines)
    for block in blocks(document):
        if block.role == "LI" and block.continued:
            assert pieces[block.source] > 4, f"{block.source} ({pieces[block.source]} lines) is split"
    assert not rules(document, "keep")


def test_a_three_item_list_moves_whole_rather_than_split(variant: Variant) -> None:
    def push(content: dict[str, Any]) -> None:  # a longer section before the list: it would start near a page end
        content["sections"][2]["body"] += " " + " ".join(["Trials continue in several countries."] * 7)

    document = laid_out(variant(push))
    pages = {
        page.number for page in document.pages for b in page.items if isinstance(b, TextBlock) and ".numbered[" in b.source
    }  # fmt: skip
    assert len(pages) == 1, pages
    heading = next(b for b in blocks(document) if b.source == "sections[3].heading")
    assert any(heading in p.items for p in document.pages if p.number in pages), "the heading goes with it"


def test_booklet_has_no_lonely_block_or_blank_page() -> None:
    document = laid_out(DEFAULT, format="a5-booklet")
    for page in document.pages[1:-2]:
        body = [i for i in page.items if i.region == BODY]
        assert body, f"page {page.number} is blank"
        assert not (len(body) <= 2 and all(getattr(i, "source", "") == "clinic" for i in body)), "Contact us alone"
    assert not rules(document, "economy", "keep")


# Units broken across lines.

UNITS = ["1 November 2028", "5 March 2019", "version 1.0", "RV2 0XX", "1 mg/kg", "01632 960 123", "20 minutes"]


def test_units_are_never_broken_across_lines(variant: Variant) -> None:
    paragraphs = [" ".join(["word"] * n + [unit, "and", "more"]) for unit in UNITS for n in range(0, 16)]
    path = variant(lambda c: c["sections"][0].update(body="\n\n".join(paragraphs)))
    for fmt in ("a4", "dl-trifold"):
        try:
            document = laid_out(path, format=fmt)
        except brochure.InputError:  # (the tri-fold has no room for all of it: the A4 layout holds)
            continue
        placed = [line.text for b in blocks(document) if b.source.startswith("sections[0]") for line in b.lines]
        for unit in UNITS:
            assert sum(unit in line for line in placed) >= 15, f"'{unit}' broken in {fmt}"
        assert not rules(document, "unit-split")


def test_a_no_break_space_typed_in_the_content_is_kept(variant: Variant) -> None:
    glued = "Take\u00a0two\u00a0tablets\u00a0each\u00a0morning"
    path = variant(lambda c: c["sections"][0].update(body=" ".join(["Plain words here."] * 12 + [glued, "today."])))
    content, _ = brochure.content.load_content(path)
    assert glued in brochure.rich.plain(content.sections[0].blocks[0].text)  # type: ignore[union-attr]
    document = laid_out(path)
    assert any(glued in line.text for b in blocks(document) for line in b.lines)
    assert no_break_spans(glued) == ((0, len(glued)),)


# The cover's contact block.


def test_contact_rows_do_not_wrap_on_the_cover() -> None:
    for fmt in ("a4", "a5-booklet"):
        document = laid_out(DEFAULT, format=fmt)
        contact = [b for b in blocks(document, 1) if b.source == "clinic" and b.role == "P"]
        rows = [line.text for b in contact for line in b.lines]
        expected = ["Northbrook Mind Clinic", "Phone: 01632 960 123", "Email: hello@example.org"]
        if contact:  # (it moves into the article when the cover has no room)
            assert all(row in rows for row in expected), rows
            assert any("NB1 0XX" in row for row in rows) and "Monday to Friday, 9am to 5pm" in rows


@pytest.mark.parametrize("keep", [None, "email", "web", "address", "hours"])
@pytest.mark.parametrize("fmt", ["a4", "a5-booklet", "dl-trifold"])
def test_a_clinic_with_only_a_name_and_a_phone_builds(variant: Variant, keep: str | None, fmt: str) -> None:
    def minimal(content: dict[str, Any]) -> None:
        clinic = content["clinic"]
        content["clinic"] = {"name": clinic["name"], "phone": clinic["phone"], **({keep: clinic[keep]} if keep else {})}

    prepared = brochure.prepare(variant(minimal), brochure.BuildOptions(format=fmt))
    assert not [w for w in prepared.warnings if w.path.startswith("layout")]


# The DL tri-fold.


def test_trifold_turns_the_sheet_between_blocks_where_it_can(variant: Variant) -> None:
    shorter = variant(lambda c: c.update(sections=c["sections"][:5]))
    document = laid_out(shorter, format="dl-trifold")
    on_back = [b for b in blocks(document, 1) if b.region == "body-3"]
    assert on_back and not on_back[0].continued, "the back panel starts with a whole block"
    default = laid_out(DEFAULT, format="dl-trifold")
    first = next(b for b in blocks(default, 1) if b.region == "body-3")
    notes = [b for b in blocks(default, 2) if b.source == "continued"]
    assert not first.continued or notes, "where it must split, inside 2 says the text goes on overleaf"


def test_trifold_cover_band_keeps_the_clinic_name_on_one_line() -> None:
    document = laid_out(DEFAULT, format="dl-trifold")
    [name] = [b for b in blocks(document, 1) if b.source == "clinic.name"]
    assert [line.text for line in name.lines] == ["Northbrook Mind Clinic"]
    assert not rules(document, "outside", "overlap")


def test_trifold_slip_heading_is_not_cramped_beside_the_reference() -> None:
    document = laid_out(DEFAULT, format="dl-trifold")
    [heading] = [b for b in blocks(document, 1) if b.source == "help.heading"]
    [reference] = [b for b in blocks(document, 1) if b.source == "leaflet.reference"]
    assert len(heading.lines) == 1 and len(reference.lines) == 1
    assert reference.lines[0].baseline < heading.lines[-1].baseline, "the reference goes under the heading"


def test_trifold_slug_keeps_clear_of_the_die_line_and_fold_marks() -> None:
    fmt = brochure.formats.FORMATS["dl-trifold"]
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = "NMC-KET-001  •  version 1.0  •  published 1 November 2026  •  page 1 of 2"
    width = stringWidth(text, register_font(DEFAULT_FONTS["regular"]), SLUG_TEXT_SIZE)
    marks = (*fmt.folds_on(1), fmt.panels[0].right)  # the folds and the flap's die line
    start = slug_x(fmt, width, marks)
    for x in (0.0, fmt.trim.width, *marks):
        assert x <= start - mm(3) or x >= start + width + mm(3), f"the slug runs into the mark at {x:.0f} pt"


@pytest.mark.parametrize("count", [1, 2, 3])
def test_a_short_leaflet_builds_as_a_trifold(variant: Variant, count: int, tmp_path: Path) -> None:
    path = variant(lambda c: c.update(sections=c["sections"][:count]))
    result = brochure.build(path, tmp_path / "dl.pdf", brochure.BuildOptions(format="dl-trifold"))
    assert result.pages == 2 and result.print_ready


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_a_short_leaflet_builds_as_a_large_print_trifold(variant: Variant, edition: str, tmp_path: Path) -> None:
    """A tri-fold's panel sets large print at 16 pt, the large-print minimum: a short leaflet fits."""
    path = variant(lambda c: c.update(sections=c["sections"][:1]))
    options = brochure.BuildOptions(format="dl-trifold", large_print=True, edition=edition)
    result = brochure.build(path, tmp_path / "dl.pdf", options)
    assert (result.pages == 2 if edition == "print" else result.pages > 2) and result.print_ready  # (screen: pages)
    sizes = {
        run.size for b in blocks(result.document) if b.role in ("P", "LI") for line in b.lines for run in line.runs
    }
    assert min(sizes) >= 16
    assert not [w for w in result.warnings if w.path.startswith(("layout", "leaflet check (text-size)"))]


def test_the_default_leaflet_is_too_long_for_a_large_print_trifold(tmp_path: Path) -> None:
    options = brochure.BuildOptions(format="dl-trifold", large_print=True)
    with pytest.raises(brochure.InputError) as caught:
        brochure.build(DEFAULT, tmp_path / "dl.pdf", options)
    [problem] = caught.value.diagnostics
    assert "too long for the inside and back panels of a DL tri-fold" in problem.format()
    assert "--format a5-booklet" in problem.format() and not (tmp_path / "dl.pdf").exists()


def test_one_line_leaflet_builds_as_a_trifold(variant: Variant) -> None:
    path = variant(lambda c: c.update(sections=[{"heading": "Hello", "body": "One line."}]))
    assert not rules(laid_out(path, format="dl-trifold"), "overlap", "outside", "keep", "slip-back")


# Headings alone at the bottom of a page or panel.


@pytest.mark.parametrize(("fmt", "large_print"), LAYOUTS)
def test_no_heading_is_left_at_the_foot_of_a_page(fmt: str, large_print: bool) -> None:
    document = laid_out(DEFAULT, format=fmt, large_print=large_print)
    assert not [m for m in rules(document, "keep") if "heading" in m]
    for number, region in document.frames:
        page = document.pages[number - 1]
        flow = [b for b in page.items if isinstance(b, TextBlock) and b.region == region]
        if flow and (number, region) != document.frames[-1]:
            assert flow[-1].role != "H2", f"page {number} {region} ends with {text(flow[-1])!r}"


# Limits that refused legal content.

TWELVE = [f"Option {n}: ask us about something useful" for n in range(1, 13)]


@pytest.mark.parametrize(("fmt", "large_print"), LAYOUTS)
@pytest.mark.parametrize("edition", ["print", "screen"])
def test_twelve_help_options_build_in_every_format_and_edition(
    variant: Variant, fmt: str, large_print: bool, edition: str
) -> None:
    def twelve(content: dict[str, Any]) -> None:
        content["help"]["options"] = TWELVE
        if fmt == "dl-trifold":  # a tri-fold holds less: its flap's reverse takes the rest of the form
            content["sections"] = content["sections"][:3]

    prepared = brochure.prepare(
        variant(twelve), brochure.BuildOptions(format=fmt, large_print=large_print, edition=edition)
    )
    for page in prepared.document.pages:  # each side of the form in reading order
        options = [text(b) for b in page.items if isinstance(b, TextBlock) and b.source.startswith("help.options")]
        assert options == sorted(options, key=TWELVE.index)
    options = {
        text(b)
        for p in prepared.document.pages
        for b in blocks(prepared.document, p.number)
        if b.source.startswith("help.options")
    }
    assert options == set(TWELVE)


def test_thirteen_help_options_are_a_located_error(variant: Variant) -> None:
    path = variant(lambda c: c["help"].update(options=[*TWELVE, "One more"]))
    with pytest.raises(brochure.InputError) as caught:
        brochure.prepare(path)
    [problem] = caught.value.diagnostics
    assert "help.options: 13 options are more than the 12 a slip holds" in problem.format()
    assert f"{path}:" in problem.format()


def test_default_content_builds_as_a_large_print_booklet(tmp_path: Path) -> None:
    result = brochure.build(DEFAULT, tmp_path / "b.pdf", brochure.BuildOptions(format="a5-booklet", large_print=True))
    assert result.pages % 4 == 0 and result.print_ready
    assert not [w for w in result.warnings if w.path.startswith("layout")]


def test_band_text_stays_on_the_band_in_large_print(variant: Variant) -> None:
    path = variant(lambda c: c.update(sections=[{"heading": "Hello", "body": "One line."}]))
    document = laid_out(path, format="a5-booklet", large_print=True)
    band = document.pages[0].region("band")
    assert band is not None
    for block in (b for b in blocks(document, 1) if b.region == "band"):
        assert band.contains(bounds(block), 0.5), text(block)


def test_a_clinic_name_too_long_for_the_band_is_an_error_not_a_warning(variant: Variant) -> None:
    path = variant(lambda c: c["clinic"].update(name=" ".join(["Northbrook"] * 14)))
    with pytest.raises(brochure.InputError) as caught:
        laid_out(path, format="dl-trifold")
    assert any(
        "clinic.name: the clinic's name does not fit on the cover band" in d.format() for d in caught.value.diagnostics
    )


def test_the_cover_has_no_page_number() -> None:
    for fmt, large_print in LAYOUTS:
        document = laid_out(DEFAULT, format=fmt, large_print=large_print)
        assert not any("Page 1 of" in text(b) for b in blocks(document, 1))


# The tick boxes belong to the slip: a sanity check that the form's boxes are where the slip is.


def test_every_tick_box_is_on_the_slip() -> None:
    for fmt, large_print in LAYOUTS:
        document = laid_out(DEFAULT, format=fmt, large_print=large_print)
        page = document.pages[document.slip_page - 1]
        assert all(document.slip.contains(i.rect) for i in page.items if isinstance(i, TickBox))
