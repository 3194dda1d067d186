"""The written PDF, read back by independent tools: pypdf, PDFium, qpdf, poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from conftest import ROOT, assert_every_sentence, normalise

import brochure
from brochure.marks import NO_MARKS
from brochure.units import mm


def page_text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def test_every_sentence_of_the_content_is_in_the_pdf(default_build: brochure.BuildResult) -> None:
    assert_every_sentence(default_build.output, ROOT / "content.yaml")


def test_article_sentences_from_the_source_are_present(default_build: brochure.BuildResult) -> None:
    """Every sentence of the source article is in the leaflet, word for word."""
    article = ROOT / "tests" / "data" / "source-article.txt"  # the article the default leaflet is made from
    extracted = normalise(page_text(default_build.output))
    body = article.read_text(encoding="utf-8").split("How can we help?")[0]
    for line in body.splitlines():
        line = re.sub(r"^\s*\d+\.\s*", "", line).strip()
        if not line or line.endswith(":") or line.startswith("Illustration"):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            assert normalise(sentence) in extracted, sentence


def test_page_boxes(default_build: brochure.BuildResult) -> None:
    for page in pypdf.PdfReader(default_build.output).pages:
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert float(trim.width) == pytest.approx(mm(210), abs=0.01)
        assert float(trim.height) == pytest.approx(mm(297), abs=0.01)
        assert float(bleed.left) == pytest.approx(float(trim.left) - mm(3), abs=0.01)
        assert float(bleed.top) == pytest.approx(float(trim.top) + mm(3), abs=0.01)
        assert float(media.left) <= float(bleed.left) - mm(9) and float(media.top) >= float(bleed.top) + mm(9)


def test_no_marks_makes_the_media_box_the_bleed_box(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    brochure.build(project / "content.yaml", out, brochure.BuildOptions(marks=NO_MARKS))
    page = pypdf.PdfReader(out).pages[0]
    assert [float(v) for v in page.mediabox] == pytest.approx([float(v) for v in page.bleedbox])


def test_fonts_embedded_and_no_base14(default_build: brochure.BuildResult) -> None:
    reader = pypdf.PdfReader(default_build.output)
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
            assert "/ToUnicode" in font
            seen.add(str(font["/BaseFont"]))
    assert seen and not any("Helvetica" in name for name in seen)
    raw = default_build.output.read_bytes()
    assert b"Helvetica" not in raw


def test_all_colour_is_cmyk(default_build: brochure.BuildResult) -> None:
    """Process colour is DeviceCMYK; the only other colour spaces are the two separations."""
    reader = pypdf.PdfReader(default_build.output)
    for page in reader.pages:
        operations = pypdf.generic.ContentStream(page.get_contents(), reader).operations
        operators = {op for _, op in operations}
        assert not operators & {b"rg", b"RG", b"g", b"G", b"sc", b"SC"}, operators
        assert b"k" in operators
        spaces = {str(operands[0]) for operands, op in operations if op in (b"cs", b"CS")}
        assert spaces <= {"/CSAll", "/CSPerforation"}
        for name in spaces:
            family, separation, alternate = list(page["/Resources"]["/ColorSpace"][name])[:3]
            assert (family, alternate) == ("/Separation", "/DeviceCMYK")
            assert separation in ("/All", "/Perforation")


def test_illustration_is_vector_not_bitmap(default_build: brochure.BuildResult) -> None:
    """The brain is a Form XObject of Bézier curves, drawn once, placed on the cover; no bitmaps."""
    reader = pypdf.PdfReader(default_build.output)
    assert all(not page.images for page in reader.pages)
    forms = {name: ref.get_object() for name, ref in reader.pages[0]["/Resources"]["/XObject"].items()}
    assert all(form["/Subtype"] == "/Form" for form in forms.values())
    curves = {
        name: sum(1 for _, op in pypdf.generic.ContentStream(form, reader).operations if op == b"c")
        for name, form in forms.items()
    }
    assert max(curves.values()) > 100, "the brain is drawn with Bézier curves"
    cover = pypdf.generic.ContentStream(reader.pages[0].get_contents(), reader).operations
    assert sum(1 for operands, op in cover if op == b"Do") == len(forms) == 2, "logo and illustration, each placed once"


def test_pdfium_renders_the_illustration_area(default_build: brochure.BuildResult) -> None:
    document = default_build.document
    [figure] = [i for i in document.pages[0].items if getattr(i, "source", "") == "illustration"]
    pdf = pypdfium2.PdfDocument(str(default_build.output))
    try:
        page = pdf[0]
        scale = 2.0
        image = page.render(scale=scale).to_pil().convert("RGB")
        media = document.format.media(True)
        left = (figure.rect.x - media.x) * scale
        top = (media.top - figure.rect.top) * scale
        crop = image.crop(
            (int(left), int(top), int(left + figure.rect.width * scale), int(top + figure.rect.height * scale))
        )
        colours = crop.getcolors(maxcolors=1_000_000) or []
        non_white = sum(count for count, rgb in colours if sum(rgb) < 720)
        assert non_white > 0.3 * crop.width * crop.height, "the illustration area is mostly blank"
        blank = image.crop((int(left), int(top - 40 * scale), int(left + 40), int(top - 30 * scale)))
        assert len(blank.getcolors() or []) >= 1
    finally:
        pdf.close()


def test_crop_marks_lie_outside_the_bleed(default_build: brochure.BuildResult) -> None:
    """Rendered by PDFium: marks in line with the trim edges, in the slug, none inside the bleed."""
    fmt = default_build.document.format
    media = fmt.media(True)
    scale = 4
    pdf = pypdfium2.PdfDocument(str(default_build.output))
    try:
        image = pdf[1].render(scale=scale).to_pil().convert("L")  # page 2: white to its bottom edge
    finally:
        pdf.close()

    def dark(x_pt: float, y_from: float, y_to: float) -> bool:
        """Any dark pixel on the vertical segment at x, between two depths below the trim's bottom."""
        column = int((x_pt - media.x) * scale)
        rows = range(int((media.top + y_from) * scale), int((media.top + y_to) * scale))
        return min(image.getpixel((column, row)) for row in rows) < 128

    assert dark(0.0, fmt.bleed + mm(1.2), fmt.bleed + mm(6.5)), "a crop mark below the bottom-left corner"
    assert dark(fmt.trim.width, fmt.bleed + mm(1.2), fmt.bleed + mm(6.5)), "a crop mark below the bottom-right corner"
    assert not dark(0.0, 0.0, fmt.bleed + mm(0.5)), "nothing inside the bleed below the corner"
    assert not dark(mm(10), fmt.bleed + mm(1), fmt.bleed + mm(8)), "no marks away from the corners"


def test_builds_are_byte_identical(project: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    brochure.build(project / "content.yaml", first)
    brochure.build(project / "content.yaml", second)
    assert first.read_bytes() == second.read_bytes()


def test_builds_in_separate_processes_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for name in ("one.pdf", "two.pdf"):
        out = tmp_path / name
        subprocess.run(
            [sys.executable, str(ROOT / "build_pdf.py"), str(ROOT / "content.yaml"), "-o", str(out)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_size_is_small(default_build: brochure.BuildResult) -> None:
    assert default_build.size < 1_500_000


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (CI installs it)")
def test_qpdf_check_is_clean(default_build: brochure.BuildResult) -> None:
    result = subprocess.run(["qpdf", "--check", str(default_build.output)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed (CI installs it)")
def test_pdffonts_reports_every_font_embedded(default_build: brochure.BuildResult) -> None:
    lines = subprocess.run(
        ["pdffonts", str(default_build.output)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert lines and all(line.split()[-5] == "yes" for line in lines), lines


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is not installed (CI installs it)")
def test_pdfinfo_reports_boxes(default_build: brochure.BuildResult) -> None:
    info = subprocess.run(
        ["pdfinfo", "-box", str(default_build.output)], capture_output=True, text=True, check=True
    ).stdout
    trim = re.search(r"TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info)
    assert trim is not None
    x0, y0, x1, y1 = map(float, trim.groups())
    assert x1 - x0 == pytest.approx(mm(210), abs=0.01) and y1 - y0 == pytest.approx(mm(297), abs=0.01)
    assert "Pages:           4" in info


def test_bitmap_illustration_is_placed_in_cmyk_with_a_resolution_warning(project: Path, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (400, 320), (200, 80, 90)).save(project / "assets" / "photo.png")
    content = project / "content.yaml"
    content.write_text(
        content.read_text(encoding="utf-8").replace("assets/brain.svg", "assets/photo.png"), encoding="utf-8"
    )
    result = brochure.build(content, tmp_path / "photo.pdf")
    converted, warning = [w for w in result.warnings if w.path.startswith("illustration")]
    assert (
        converted.severity == "info"
        and "converted from RGB to CMYK for ISO Coated v2 300% (FOGRA39)" in converted.message
    )
    assert warning.severity == "warning" and warning.path == "illustration.file"
    [figure] = [i for i in result.document.pages[0].items if getattr(i, "source", "") == "illustration"]
    ppi = 400 / (figure.rect.width / 72)
    size = f"{figure.rect.width / 72 * 25.4:.0f} × {figure.rect.height / 72 * 25.4:.0f} mm"
    assert ppi < 300 and f"'photo.png' (page 1, {size}) is {ppi:.0f} ppi as printed; print needs 300" in warning.message
    [image] = pypdf.PdfReader(tmp_path / "photo.pdf").pages[0].images
    assert image.image.mode == "CMYK"
