"""The tagged screen edition, read back by PDFium and PDF/UA checkers; large print."""

from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from conftest import ROOT, struct_elements

import brochure
from brochure.layout.model import TextBlock

SCREEN = brochure.BuildOptions(edition="screen")


@pytest.fixture(scope="session")
def screen_build(tmp_path_factory: pytest.TempPathFactory) -> brochure.BuildResult:
    return brochure.build(ROOT / "content.yaml", tmp_path_factory.mktemp("screen") / "screen.pdf", SCREEN)


def _text(function: object, element: object) -> str:
    size = function(element, None, 0)  # type: ignore[operator]
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    function(element, buffer, size)  # type: ignore[operator]
    return buffer.raw[: size - 2].decode("utf-16-le")


def pdfium_tree(path: Path) -> list[list[tuple[int, str, str, int]]]:
    """Per page, what PDFium finds, in document order: structure elements as (depth, role, alt, -1)
    and marked-content kids as (depth, "MCID", "", mcid)."""
    document = pypdfium2.PdfDocument(str(path))
    pages = []
    try:
        for page in document:
            tree = pdfium.FPDF_StructTree_GetForPage(page.raw)
            found: list[tuple[int, str, str, int]] = []

            def walk(element: object, depth: int, found: list[tuple[int, str, str, int]] = found) -> None:
                role = _text(pdfium.FPDF_StructElement_GetType, element)
                found.append((depth, role, _text(pdfium.FPDF_StructElement_GetAltText, element), -1))
                for index in range(pdfium.FPDF_StructElement_CountChildren(element)):
                    child = pdfium.FPDF_StructElement_GetChildAtIndex(element, index)
                    if child:
                        walk(child, depth + 1)
                    else:
                        mcid = pdfium.FPDF_StructElement_GetChildMarkedContentID(element, index)
                        if mcid >= 0:
                            found.append((depth + 1, "MCID", "", mcid))

            for index in range(pdfium.FPDF_StructTree_CountChildren(tree)):
                walk(pdfium.FPDF_StructTree_GetChildAtIndex(tree, index), 0)
            pdfium.FPDF_StructTree_Close(tree)
            pages.append(found)
    finally:
        document.close()
    return pages


def test_pdfium_reads_back_the_tree_with_roles_and_alt_text(screen_build: brochure.BuildResult) -> None:
    pages = pdfium_tree(screen_build.output)
    assert len(pages) == 4 and all(pages), "PDFium finds tags on every page (through the ParentTree)"
    roles = {role for page in pages for _, role, _, _ in page}
    assert {"Document", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Figure", "Sect", "Link"} <= roles
    figures = {alt for page in pages for _, role, alt, _ in page if role == "Figure"}
    assert "Illustration of the human brain, seen from the side." in figures
    assert any(alt.startswith("Northbrook Mind Clinic logo") for alt in figures)
    assert [role for _, role, _, _ in pages[0]][:2] == ["Document", "Figure"]
    assert sum(1 for _, role, _, _ in pages[0] if role == "H1") == 1


def _marked_order(path: Path) -> list[list[int]]:
    """Per page, the MCIDs in content-stream (paint) order, and a check that nothing paints unmarked."""
    orders = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            depth, order = 0, []
            for instruction in pikepdf.parse_content_stream(page):
                op = str(instruction.operator)
                if op in ("BDC", "BMC"):
                    depth += 1
                    if (
                        op == "BDC"
                        and isinstance(instruction.operands[1], pikepdf.Dictionary)
                        and "/MCID" in instruction.operands[1]
                    ):
                        order.append(int(instruction.operands[1].MCID))
                elif op == "EMC":
                    depth -= 1
                elif op in ("Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh"):
                    assert depth > 0, f"{op} paints outside marked content"
            orders.append(order)
    return orders


def test_every_painting_operator_is_tagged_or_an_artifact_and_in_tree_order(
    screen_build: brochure.BuildResult, default_build: brochure.BuildResult
) -> None:
    for build in (screen_build, default_build):
        orders = _marked_order(build.output)
        for order in orders:
            assert order == list(range(len(order))), "MCIDs are handed out in paint order"
    tree = pdfium_tree(screen_build.output)
    for page, order in zip(tree, _marked_order(screen_build.output), strict=True):
        in_tree = [mcid for _, role, _, mcid in page if role == "MCID"]
        assert in_tree == order, "the structure tree holds every piece, in paint order"


def test_catalog_and_metadata(screen_build: brochure.BuildResult) -> None:
    with pikepdf.open(screen_build.output) as pdf:
        assert pdf.Root.MarkInfo.Marked is True and str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        xmp = pdf.open_metadata()
        assert xmp["pdfuaid:part"] == "1" and xmp["dc:title"] == str(pdf.docinfo.Title)
        assert all(page.obj.Tabs == "/S" for page in pdf.pages)
        single = [
            e
            for e in struct_elements(pdf.Root.StructTreeRoot)
            if isinstance(e.get("/K"), pikepdf.Array) and len(e.K) == 1
        ]
        assert not single, "a single kid is written bare"


def test_screen_edition_is_trimmed_rgb_with_links_and_bookmarks(screen_build: brochure.BuildResult) -> None:
    with pikepdf.open(screen_build.output) as pdf:
        for page in pdf.pages:
            assert list(page.mediabox) == list(page.obj.TrimBox)
            operators = {str(i.operator) for i in pikepdf.parse_content_stream(page)}
            assert not operators & {"k", "K"}, "screen colours are RGB"
        assert "/OutputIntents" not in pdf.Root
        annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        links = [a for a in annotations if a.Subtype != "/Widget"]  # the slip's form fields (test_slip_form.py)
        assert links and all(a.Subtype == "/Link" and str(a.Contents) and "/StructParent" in a for a in links)
        uris = {str(a.A.URI) for a in links}
        assert {"mailto:hello@example.org", "https://www.example.org/northbrook"} <= uris
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root] + [c.title for item in outline.root for c in item.children]
        assert "Unlocking Hope: The Promise of Ketamine Therapy in Treating Depression" in titles
        assert {"Understanding Ketamine", "Benefits of Ketamine Therapy", "How can we help?"} <= set(titles)
    assert screen_build.size < 200_000


def test_the_print_master_carries_the_same_tags(default_build: brochure.BuildResult) -> None:
    pages = pdfium_tree(default_build.output)
    assert all(pages) and any(role == "Figure" and alt for _, role, alt, _ in pages[0])


@pytest.mark.skipif(
    shutil.which("outloud") is None, reason="outloud (PDF/UA checker) is not installed: pip install -e '.[test,a11y]'"
)
@pytest.mark.parametrize("edition", ["screen", "print"])
def test_outloud_finds_no_pdfua_error(
    screen_build: brochure.BuildResult, default_build: brochure.BuildResult, edition: str
) -> None:
    path = screen_build.output if edition == "screen" else default_build.output
    result = subprocess.run(
        ["outloud", "--json", "-", "--layer", "conformance", str(path)], capture_output=True, text=True
    )
    [checked] = json.loads(result.stdout)["results"]
    assert checked["error"] is None and checked["stats"]["tagged"] is True
    assert checked["counts"]["error"] == 0, checked["findings"]
    assert result.returncode == 0 and checked["verdict"] in ("pass", "review")


def test_page_validation_pdfua1_compliant(
    screen_build: brochure.BuildResult, default_build: brochure.BuildResult
) -> None:
    page = pytest.importorskip(
        "page", reason="page-validation (PDF/UA checker) is not installed: pip install -e '.[test,a11y]'"
    )
    for path in (screen_build.output, default_build.output):
        report = page.validate_pdf(str(path), profile=page.ValidationProfile.PDF_UA_1)
        assert report.is_compliant, list(report.failures)


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_large_print_body_is_18pt_and_nothing_is_lost(edition: str, tmp_path: Path) -> None:
    result = brochure.build(
        ROOT / "content.yaml", tmp_path / "large.pdf", brochure.BuildOptions(edition=edition, large_print=True)
    )  # type: ignore[arg-type]
    blocks = [i for p in result.document.pages for i in p.items if isinstance(i, TextBlock) and i.role in ("P", "LI")]
    sizes = {run.size for b in blocks for line in b.lines for run in line.runs}
    assert min(sizes) >= 16
    body = [b for b in blocks if b.source.startswith("sections")]
    assert {run.size for b in body for line in b.lines for run in line.runs} == {18.0}
    assert len(result.document.pages) > 4
    from conftest import normalise
    from pypdf import PdfReader

    text = normalise("".join(p.extract_text() for p in PdfReader(result.output).pages))
    for sentence in (
        "Ketamine, originally developed as an anesthetic",
        "comprehensive approach to mental health treatment.",
        "Book an assessment",
        "01632 960 123",
    ):
        assert normalise(sentence) in text


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("edition", ["print", "screen"])
def test_other_formats_statement_is_16pt_in_every_edition(edition: str, large: bool, tmp_path: Path) -> None:
    _, document, _ = brochure.make_pdf(ROOT / "content.yaml", brochure.BuildOptions(edition=edition, large_print=large))  # type: ignore[arg-type]
    [statement] = [
        i for p in document.pages for i in p.items if isinstance(i, TextBlock) and i.source == "other_formats"
    ]
    assert min(run.size for line in statement.lines for run in line.runs) >= 16


@pytest.mark.skipif(
    shutil.which("outloud") is None, reason="outloud (PDF/UA checker) is not installed: pip install -e '.[test,a11y]'"
)
@pytest.mark.parametrize(
    ("content", "layout"), [("content.yaml", "a4"), ("content.yaml", "a5-booklet"), ("content.yaml", "dl-trifold")]
)
def test_screen_editions_of_every_format_have_no_findings_at_all(content: str, layout: str, tmp_path: Path) -> None:
    """Conformance and outloud's semantic checks (reading order, live addresses) alike."""
    out = tmp_path / "screen.pdf"
    brochure.build(ROOT / content, out, brochure.BuildOptions(edition="screen", format=layout))
    result = subprocess.run(["outloud", "--json", "-", str(out)], capture_output=True, text=True)
    [checked] = json.loads(result.stdout)["results"]
    assert checked["verdict"] == "pass" and checked["counts"] == {"error": 0, "warning": 0, "info": 0}, checked[
        "findings"
    ]
