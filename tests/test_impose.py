"""Imposed booklet sheets: each page's bleed on the sheet's outer edges, cut at the spine, and a slug.

The reader's booklet and the imposed sheets are built once and rendered to CMYK by Ghostscript at
three pixels a millimetre, so every trim and bleed edge (whole millimetres from the corner) falls
on a pixel boundary and a page's pixels can be set against the same page's pixels on a sheet.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

import brochure
from brochure.check import check_pdf
from brochure.colour import REGISTRATION_SPOT
from brochure.content import load_content
from brochure.formats import A5_BOOKLET
from brochure.impose import saddle_stitch_order
from brochure.units import mm

pytestmark = pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed (CI installs it)")

DPI = 25.4 * 3  # three pixels a millimetre
BLEED = A5_BOOKLET.bleed
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Rendered:
    """A PDF's pages as CMYK images, with their boxes (in points)."""

    path: Path
    images: list[Image.Image]
    media: list[Box]
    trim: list[Box]
    bleed: list[Box]

    def pixels(self, page: int, box: Box) -> Image.Image:
        """The pixels of a box (points, the page's own coordinates) on page `page` (0-based)."""
        height = self.media[page][3]
        left, bottom, right, top = (round(v * DPI / 72) for v in (box[0], box[1], box[2], box[3]))
        flipped = round(height * DPI / 72)
        return self.images[page].crop((left, flipped - top, right, flipped - bottom))


@dataclass(frozen=True)
class Built:
    booklet: Rendered
    imposed: Rendered
    result: brochure.BuildResult


def _render(path: Path) -> Rendered:
    pattern = path.with_name(f"{path.stem}-%03d.tif")
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", f"-r{DPI}",
                    "-dOverprint=/simulate", f"-sOutputFile={pattern}", str(path)],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    with pikepdf.open(path) as pdf:
        boxes = {
            name: [tuple(float(v) for v in page.obj[name]) for page in pdf.pages]
            for name in ("/MediaBox", "/TrimBox", "/BleedBox")
        }
        count = len(pdf.pages)
    images = []
    for number in range(1, count + 1):
        with Image.open(path.with_name(f"{path.stem}-{number:03d}.tif")) as image:
            image.load()
            images.append(image)
    return Rendered(path, images, boxes["/MediaBox"], boxes["/TrimBox"], boxes["/BleedBox"])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("impose")
    booklet = brochure.build(ROOT / "content.yaml", folder / "booklet.pdf", brochure.BuildOptions(format="a5-booklet"))
    options = brochure.BuildOptions(format="a5-booklet", impose=True)
    imposed = brochure.build(ROOT / "content.yaml", folder / "imposed.pdf", options)
    return Built(_render(booklet.output), _render(imposed.output), imposed)


def ink(image: Image.Image) -> float:
    """Total ink of an image: the sum of its C, M, Y and K values."""
    return float(sum(ImageStat.Stat(image).sum))


def differing(a: Image.Image, b: Image.Image) -> int:
    """How many pixels of two same-sized CMYK images differ by more than a quarter in any ink."""
    assert a.size == b.size
    c, m, y, k = ImageChops.difference(a, b).split()
    most = ImageChops.lighter(ImageChops.lighter(c, m), ImageChops.lighter(y, k))
    return sum(most.point(lambda v: 255 if v > 64 else 0).histogram()[255:])


def _strips(trim: Box, bleed: Box) -> dict[str, Box]:
    """The four bleed strips between a TrimBox and its BleedBox (the corners in the top and bottom ones)."""
    return {
        "top": (bleed[0], trim[3], bleed[2], bleed[3]),
        "bottom": (bleed[0], bleed[1], bleed[2], trim[1]),
        "left": (bleed[0], trim[1], trim[0], trim[3]),
        "right": (trim[2], trim[1], bleed[2], trim[3]),
    }


def _spine(built: Built, side: int) -> float:
    """Where a sheet side's two pages meet (points)."""
    trim = built.imposed.trim[side]
    return (trim[0] + trim[2]) / 2


def test_sheet_boxes_are_the_spread_with_its_bleed_and_room_for_marks(built: Built) -> None:
    sheets = built.imposed
    assert len(sheets.images) == len(built.booklet.images) // 2
    for media, bleed, trim in zip(sheets.media, sheets.bleed, sheets.trim, strict=True):
        assert trim[2] - trim[0] == pytest.approx(2 * A5_BOOKLET.trim.width, abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(A5_BOOKLET.trim.height, abs=0.01)
        for outer, inner in zip(bleed, trim, strict=True):
            assert abs(outer - inner) == pytest.approx(mm(3), abs=0.01), "the BleedBox is 3 mm beyond the trim"
        for outer, inner in zip(media, bleed, strict=True):
            assert abs(outer - inner) >= A5_BOOKLET.slug - 0.01, "room for the marks outside the bleed"
        assert media[0] <= bleed[0] < trim[0] < trim[2] < bleed[2] <= media[2]
        assert media[1] <= bleed[1] < trim[1] < trim[3] < bleed[3] <= media[3]


def test_each_outer_bleed_strip_carries_its_pages_bleed(built: Built) -> None:
    """Top and bottom of both halves, the left page's left edge and the right page's right edge:
    wherever the reader's page prints into its own bleed there, the sheet does, and the same ink."""
    pages, sheets = built.booklet, built.imposed
    bleeding = []
    for side, (left, right) in enumerate(saddle_stitch_order(len(pages.images))):
        sheet = _strips(sheets.trim[side], sheets.bleed[side])
        spine = _spine(built, side)
        for half, number in enumerate((left, right)):
            trim = pages.trim[number - 1]
            own = _strips(trim, pages.bleed[number - 1])
            own_spine = trim[2] if half == 0 else trim[0]  # the page's edge at the spine
            outer = {
                "top": _cut(sheet["top"], spine, half),
                "bottom": _cut(sheet["bottom"], spine, half),
                "left" if half == 0 else "right": sheet["left" if half == 0 else "right"],
            }
            for edge, box in outer.items():
                page_box = _cut(own[edge], own_spine, half) if edge in ("top", "bottom") else own[edge]
                page_strip = pages.pixels(number - 1, page_box)
                sheet_strip = sheets.pixels(side, box)
                assert page_strip.size == sheet_strip.size, (side, number, edge)
                if ink(page_strip) == 0:
                    continue
                bleeding.append((number, edge))
                where = f"sheet side {side + 1}, page {number}, {edge} bleed"
                assert ink(sheet_strip) > 0, f"{where}: no ink on the sheet"
                assert ink(sheet_strip) == pytest.approx(ink(page_strip), rel=0.02), where
                assert differing(page_strip, sheet_strip) <= 0.01 * page_strip.width * page_strip.height, where
    assert {(1, "top"), (1, "right")} <= set(bleeding), "the cover's band bleeds at its top and outer edge"
    assert {number for number, edge in bleeding if edge == "top"} == set(range(1, len(pages.images) + 1)), (
        "every page's brand strip bleeds at the top"
    )


def _cut(box: Box, spine: float, half: int) -> Box:
    """The part of a box on one side of the spine."""
    return (box[0], box[1], spine, box[3]) if half == 0 else (spine, box[1], box[2], box[3])


def test_nothing_crosses_the_spine(built: Built) -> None:
    """Beside the spine, over the bleed's whole height, each half of the sheet shows exactly its own
    page's pixels inside the trim: the neighbour's bleed is cut at the spine, even where it prints."""
    pages, sheets = built.booklet, built.imposed
    width = mm(3)
    neighbour_bleeds = 0
    for side, (left, right) in enumerate(saddle_stitch_order(len(pages.images))):
        bottom, top = sheets.bleed[side][1], sheets.bleed[side][3]
        spine = _spine(built, side)
        left_trim, right_trim = pages.trim[left - 1], pages.trim[right - 1]
        pairs = (  # (sheet box, page, the page's own box)
            ((spine - width, bottom, spine, top), left, (left_trim[2] - width, bottom, left_trim[2], top)),
            ((spine, bottom, spine + width, top), right, (right_trim[0], bottom, right_trim[0] + width, top)),
        )
        for (sheet_box, number, page_box), neighbour in zip(pairs, (right, left), strict=True):
            on_sheet, own = sheets.pixels(side, sheet_box), pages.pixels(number - 1, page_box)
            assert differing(on_sheet, own) == 0, (
                f"sheet side {side + 1}: beside the spine, page {number} is not as printed alone "
                f"(page {neighbour} runs onto it, or its own bleed is lost)"
            )
            spine_edge = "left" if neighbour == right else "right"
            neighbour_strips = _strips(pages.trim[neighbour - 1], pages.bleed[neighbour - 1])
            neighbour_bleeds += ink(pages.pixels(neighbour - 1, neighbour_strips[spine_edge])) > 0
    assert neighbour_bleeds, "some page prints into its bleed at the spine (the cover's band): the test has teeth"


def _texts(path: Path, side: int) -> list[tuple[float, float, float, str]]:
    """(x, baseline, size, text) of what a page shows, in its own coordinates."""
    found: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, size * abs(tm[3] * cm[3]), text))

    PdfReader(path).pages[side].extract_text(visitor_text=visit)
    return found


def test_each_sheet_side_has_a_slug_below_its_bleed(built: Built) -> None:
    info = load_content(ROOT / "content.yaml")[0].leaflet
    sheets = built.imposed
    order = saddle_stitch_order(len(built.booklet.images))
    count = len(order) // 2
    for side, (left, right) in enumerate(order):
        bleed, media = sheets.bleed[side], sheets.media[side]
        outside = [t for t in _texts(sheets.path, side) if t[1] < bleed[1] or t[1] > bleed[3]]
        assert len(outside) == 1, f"sheet side {side + 1}: one slug line, and none of the pages' own: {outside}"
        x, baseline, size, text = outside[0]
        face = "front" if side % 2 == 0 else "back"
        for part in (info.reference, f"version {info.version}", f"sheet {side // 2 + 1} of {count}", face):
            assert part in text, f"{part!r} not in the slug {text!r}"
        assert f"pages {left} | {right}" in text
        assert "page " not in text.replace("pages ", ""), "not the slug of a reader's page"
        assert media[1] < baseline and baseline + size < bleed[1], (
            "the slug lies between the bleed and the sheet's edge"
        )
        assert bleed[0] < x < bleed[2]


def test_the_slug_is_in_registration_colour_in_an_embedded_font(built: Built) -> None:
    with pikepdf.open(built.imposed.path) as pdf:
        for page in pdf.pages:
            instructions = [(list(i.operands), str(i.operator)) for i in pikepdf.parse_content_stream(page)]
            shown = [index for index, (_, op) in enumerate(instructions) if op == "Tj"]
            assert len(shown) == 1, "the sheet itself shows one piece of text: its slug"
            before = instructions[: shown[0]]
            spaces = [operands[0] for operands, op in before if op == "cs"]
            assert spaces and spaces[-1] == f"/{REGISTRATION_SPOT.resource}"
            fonts = [str(operands[0]) for operands, op in before if op == "Tf"]
            font = page.obj.Resources.Font[fonts[-1]]
            assert "/FontFile2" in font.FontDescriptor or "/FontFile" in font.FontDescriptor
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(built.imposed.path)], capture_output=True, text=True, check=True)
        rows = listing.stdout.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), listing.stdout


def test_imposed_file_passes_preflight_and_is_deterministic(built: Built, tmp_path: Path) -> None:
    assert built.result.print_ready
    assert check_pdf(built.imposed.path).errors == 0
    again = brochure.build(
        ROOT / "content.yaml", tmp_path / "again.pdf", brochure.BuildOptions(format="a5-booklet", impose=True)
    )
    assert again.output.read_bytes() == built.imposed.path.read_bytes()
    if shutil.which("qpdf"):
        checked = subprocess.run(["qpdf", "--check", str(again.output)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(again.output)], capture_output=True, text=True, check=True).stdout
        assert "PDF/X-4" in info
