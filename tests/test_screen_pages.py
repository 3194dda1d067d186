"""Screen editions are read, not folded: single-column pages in reading order, bookmarks in that
order, no back of anything, and nothing written on a page for a pen."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from conftest import ROOT

import brochure
from brochure.units import to_mm

HEADINGS = [
    "Understanding Ketamine", "Mechanism of Action", "Clinical Evidence", "Benefits of Ketamine Therapy",
    "Considerations and Caution", "Looking Ahead",
]  # fmt: skip


def _build(tmp_path: Path, fmt: str, large_print: bool = False) -> brochure.BuildResult:
    options = brochure.BuildOptions(format=fmt, edition="screen", large_print=large_print)
    return brochure.build(ROOT / "content.yaml", tmp_path / f"{fmt}.pdf", options)


def _outline(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        found: list[str] = []
        stack = list(reversed(outline.root))
        while stack:
            item = stack.pop()
            found.append(item.title)
            stack += reversed(item.children)
        return found


def _page_texts(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


@pytest.mark.parametrize("fmt", ["a5-booklet", "dl-trifold"])
def test_folded_formats_read_on_screen_as_single_column_pages(fmt: str, tmp_path: Path) -> None:
    result = _build(tmp_path, fmt)
    document = result.document
    assert len(document.format.panels) == 1 and not document.format.folds
    with pikepdf.open(result.output) as pdf:
        widths = {round(to_mm(float(page.mediabox[2]) - float(page.mediabox[0]))) for page in pdf.pages}
    assert widths == ({100} if fmt == "dl-trifold" else {148}), "a DL panel's width, or the A5 page"
    # the article in reading order: every heading, in the content's order, page after page
    text = "\n".join(_page_texts(result.output)).replace("\r", "")
    positions = [text.find(heading) for heading in HEADINGS]
    assert -1 not in positions and positions == sorted(positions)
    assert text.find("How can we help?") > positions[-1], "the slip comes last"
    outline = _outline(result.output)
    assert [t for t in outline if t in HEADINGS] == HEADINGS, outline


@pytest.mark.parametrize("fmt", ["a4", "a5-booklet", "dl-trifold"])
def test_screen_pages_have_no_back_no_blank_page_and_no_notes(fmt: str, tmp_path: Path) -> None:
    result = _build(tmp_path, fmt)
    texts = _page_texts(result.output)
    joined = "\n".join(texts)
    for phrase in ("intentionally", "back of the reply slip", "Notes", "continued from the other side"):
        assert phrase not in joined
    assert all(len(text.split()) >= 20 for text in texts), "no page is (nearly) empty"
    if fmt == "a5-booklet":
        assert len(texts) % 4 != 0 or len(texts) == result.pages, "pages need not come in fours"
        assert len(texts) < 8, "no card's back or spare pages: the print booklet has 8"


@pytest.mark.parametrize("fmt", ["a5-booklet", "dl-trifold"])
def test_large_print_slip_goes_on_over_the_next_page_on_screen(fmt: str, tmp_path: Path) -> None:
    """The large-print slip is taller than a small page: on screen it has a page of its own and
    goes on over the next, both pages' fields live in the form."""
    result = _build(tmp_path, fmt, large_print=True)
    texts = _page_texts(result.output)
    slip_page = next(n for n, text in enumerate(texts, 1) if "How can we help?" in text)
    assert slip_page == len(texts) - 1
    assert "Fill in this form" in texts[-1] and "other side" not in texts[-1]
    with pikepdf.open(result.output) as pdf:
        fields = {str(f.T): pdf.pages.index(f.P) + 1 for f in pdf.Root.AcroForm.Fields}
    assert len(fields) == 11 and fields["option_1"] == slip_page
    assert set(fields.values()) <= {slip_page, len(texts)}
    assert not [w for w in result.warnings if w.path.startswith("layout")]


def test_print_editions_keep_their_folds_and_fours(tmp_path: Path) -> None:
    dl = brochure.build(ROOT / "content.yaml", tmp_path / "dl.pdf", brochure.BuildOptions(format="dl-trifold"))
    a5 = brochure.build(ROOT / "content.yaml", tmp_path / "a5.pdf", brochure.BuildOptions(format="a5-booklet"))
    assert dl.pages == 2 and len(dl.document.format.panels) == 6
    assert a5.pages % 4 == 0


@pytest.mark.skipif(shutil.which("outloud") is None, reason="outloud is not installed: pip install -e '.[test,a11y]'")
def test_the_two_page_large_print_slip_is_clean_for_screen_readers(tmp_path: Path) -> None:
    page = pytest.importorskip("page", reason="page-validation is not installed: pip install -e '.[test,a11y]'")
    result = _build(tmp_path, "dl-trifold", large_print=True)
    checked = subprocess.run(["outloud", "--json", "-", str(result.output)], capture_output=True, text=True)
    [found] = json.loads(checked.stdout)["results"]
    assert found["counts"]["error"] == 0 and found["verdict"] in ("pass", "review"), found["findings"]
    report = page.validate_pdf(str(result.output), profile=page.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, list(report.failures)
