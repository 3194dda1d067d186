"""Font subset names are made from the subsets' programs, in every file brochure writes; and the
PDF/X-1a:2003 edition identifies itself as X-1a expects (the pdfx schema and the Info entries)."""

from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT

import brochure
from brochure.finishing import subset_tag, unique_font_names
from brochure.schema import Override

CONTENT = ROOT / "content.yaml"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
PDFX = "{http://ns.adobe.com/pdfx/1.3/}"
PDFXID = "{http://www.npes.org/pdfx/ns/id/}"


def _clinic(name: str) -> tuple[Override, ...]:
    return (Override("clinic.name", name, brochure.Location("rows.csv", 2, 2)),)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two leaflets whose clinic names need different glyphs (Ł and ź are in neither's seeded
    subsets), and the first built again."""
    out = tmp_path_factory.mktemp("fonts")
    made = {}
    for key, name in (
        ("ashford", "Ashford Mind Clinic"),
        ("lodz", "Łódź Mind Clinic"),
        ("again", "Ashford Mind Clinic"),
    ):
        made[key] = brochure.build(CONTENT, out / f"{key}.pdf", brochure.BuildOptions(), _clinic(name)).output
    return made


def _fonts(path: Path) -> dict[str, str]:
    """Each font's name (without its tag) -> 'TAG+Name' and its program's digest, checked to agree."""
    found = {}
    with pikepdf.open(path) as pdf:
        for font in (o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"):
            program = bytes(font.FontDescriptor.FontFile2.read_bytes())
            name = str(font.BaseFont)[1:]
            assert str(font.FontDescriptor.FontName) == str(font.BaseFont)
            assert name[:6] == subset_tag(program) and name[6] == "+", "the tag is the program's"
            assert name.encode() in font.ToUnicode.read_bytes(), "the Unicode map is named like its font"
            found[name[7:]] = f"{name} {hashlib.sha256(program).hexdigest()}"
    return found


def test_different_programs_get_different_names_and_the_same_program_the_same(builds: dict[str, Path]) -> None:
    first, second = _fonts(builds["ashford"]), _fonts(builds["lodz"])
    assert first.keys() == second.keys()
    names: dict[str, set[str]] = defaultdict(set)
    programs: dict[str, set[str]] = defaultdict(set)
    for found in (first, second):
        for value in found.values():
            name, digest = value.split()
            names[name].add(digest)
            programs[digest].add(name)
    assert all(len(v) == 1 for v in names.values()) and all(len(v) == 1 for v in programs.values())
    differing = [font for font in first if first[font] != second[font]]
    same = [font for font in first if first[font] == second[font]]
    assert differing, "Ł and ź are drawn in the bold font: its subsets differ"
    assert same, "the regular font draws the same characters in both"
    assert not any(value.startswith("AAAAAA+") for value in (*first.values(), *second.values()))


def test_the_same_leaflet_is_the_same_bytes(builds: dict[str, Path]) -> None:
    assert builds["again"].read_bytes() == builds["ashford"].read_bytes()


def test_naming_is_a_function_of_the_program(builds: dict[str, Path]) -> None:
    """ReportLab's own names are replaced; naming a finished file again changes nothing."""
    data = builds["lodz"].read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]
        named = {font.objgen: str(font.BaseFont) for font in fonts}
        unique_font_names(pdf)
        assert {font.objgen: str(font.BaseFont) for font in fonts} == named
        for font in fonts:
            reportlab = "/AAAAAA" + str(font.BaseFont)[7:]
            font.BaseFont = font.FontDescriptor.FontName = pikepdf.Name(reportlab)
        unique_font_names(pdf)
        assert {font.objgen: str(font.BaseFont) for font in fonts} == named
        assert all(font.FontDescriptor.FontName == font.BaseFont for font in fonts)


@pytest.fixture(scope="module")
def x1a(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("x1a") / "x1a.pdf"
    return brochure.build(CONTENT, out, brochure.BuildOptions(pdfx="x1a")).output


def _description(pdf: pikepdf.Pdf) -> ET.Element:
    found = ET.fromstring(pdf.Root.Metadata.read_bytes()).find(f"{RDF}RDF/{RDF}Description")
    assert found is not None
    return found


def test_x1a_identifies_itself_in_the_pdfx_schema_and_the_info(x1a: Path) -> None:
    with pikepdf.open(x1a) as pdf:
        assert pdf.pdf_version == "1.4"
        assert x1a.read_bytes().startswith(b"%PDF-1.4")
        description = _description(pdf)
        assert description.findtext(f"{PDFX}GTS_PDFXVersion") == "PDF/X-1a:2003"
        assert description.findtext(f"{PDFX}GTS_PDFXConformance") == "PDF/X-1a:2003"
        assert description.find(f"{PDFXID}GTS_PDFXVersion") is None, "not the newer pdfxid schema"
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1a:2003"
        assert str(pdf.docinfo.GTS_PDFXConformance) == "PDF/X-1a:2003"
        assert pdf.open_metadata()["pdfx:GTS_PDFXVersion"] == "PDF/X-1a:2003"


def test_x4_keeps_the_pdfxid_schema(builds: dict[str, Path]) -> None:
    with pikepdf.open(builds["ashford"]) as pdf:
        description = _description(pdf)
        assert description.findtext(f"{PDFXID}GTS_PDFXVersion") == "PDF/X-4"
        assert description.find(f"{PDFX}GTS_PDFXVersion") is None
        assert "/GTS_PDFXConformance" not in pdf.docinfo and pdf.pdf_version == "1.6"
