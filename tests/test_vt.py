"""`brochure batch --merge`: one PDF/VT-1 file (ISO 16612-2) with every record, read back with
pikepdf, qpdf and poppler. The batch is the example clinics and one more whose name needs glyphs
beyond the others' font subsets, so the merged file holds two different programs of one font."""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT

import brochure
from brochure.batch import BatchResult, run_batch
from brochure.finishing import subset_tag
from brochure.vt import merge

CLINICS = ROOT / "examples" / "clinics.csv"
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfvtid": "http://www.npes.org/pdfvt/ns/id/",
}


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example clinics, and a last one whose name needs Ł and ź."""
    data = tmp_path_factory.mktemp("vt-data") / "clinics.csv"
    lines = CLINICS.read_text(encoding="utf-8").rstrip("\n").splitlines()
    header = lines[0].split(",")
    extra = {"file": "lodz", "clinic.name": "Łódź Mind Clinic", "clinic.phone": "01632 960 203",
             "clinic.email": "lodz@example.org"}  # fmt: skip
    data.write_text("\n".join([*lines, ",".join(extra.get(column, "") for column in header)]) + "\n", encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def batch(rows: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchResult]:
    out = tmp_path_factory.mktemp("vt")
    result = run_batch(ROOT / "content.yaml", rows, out, brochure.BuildOptions(), jobs=2, merge=True)
    assert result.count("built") == len(_names(rows)) and result.merged == out / "merged.pdf"
    return out, result


@pytest.fixture(scope="module")
def merged(batch: tuple[Path, BatchResult]) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(batch[1].merged) as pdf:
        yield pdf


def _names(rows: Path) -> list[str]:
    with rows.open(encoding="utf-8", newline="") as handle:
        return [line[0] for line in list(csv.reader(handle))[1:] if line]


def _leaves(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    node = pdf.Root.DPartRoot.DPartRootNode
    return [leaf for group in node.DParts for leaf in group]


def _page_number(pdf: pikepdf.Pdf, page: pikepdf.Object) -> int:
    numbers = {p.obj.objgen: n for n, p in enumerate(pdf.pages)}
    assert page.objgen in numbers, "a DPart names a page of the document's page tree"
    return numbers[page.objgen]


def _xmp(pdf: pikepdf.Pdf) -> ET.Element:
    description = ET.fromstring(pdf.Root.Metadata.read_bytes()).find("rdf:RDF/rdf:Description", NS)
    assert description is not None
    return description


def test_one_leaf_document_part_per_record_named_as_its_row(merged: pikepdf.Pdf, rows: Path) -> None:
    root = merged.Root.DPartRoot
    assert root.Type == "/DPartRoot" and int(root.RecordLevel) == 1
    node = root.DPartRootNode
    assert node.is_indirect and node.Type == "/DPart" and node.Parent.objgen == root.objgen
    leaves = _leaves(merged)
    assert len(leaves) == len(_names(rows))
    for leaf in leaves:
        assert leaf.is_indirect and leaf.Type == "/DPart" and leaf.Parent.objgen == node.objgen
        assert "/DParts" not in leaf, "records are the leaves"
    names = [str(leaf.DPM.CIP4_Root.CIP4_Production.CIP4_Part.CIP4_PartName) for leaf in leaves]
    assert names == _names(rows)


def test_each_leaf_spans_its_record_s_pages_and_every_page_once(
    merged: pikepdf.Pdf, batch: tuple[Path, BatchResult]
) -> None:
    out, _ = batch
    covered: list[int] = []
    for leaf in _leaves(merged):
        name = str(leaf.DPM.CIP4_Root.CIP4_Production.CIP4_Part.CIP4_PartName)
        start, end = _page_number(merged, leaf.Start), _page_number(merged, leaf.End)
        assert start <= end
        covered += range(start, end + 1)
        with pikepdf.open(out / f"{name}.pdf") as record:
            assert end - start + 1 == len(record.pages)
            for page, own in zip(merged.pages[start : end + 1], record.pages, strict=True):
                assert page.obj.Contents.read_bytes() == own.obj.Contents.read_bytes(), f"{name}: its own pages"
                assert [float(v) for v in page.obj.TrimBox] == [float(v) for v in own.obj.TrimBox]
        for number in range(start, end + 1):
            assert merged.pages[number].obj.DPart.objgen == leaf.objgen, "each page points at its leaf"
    assert covered == list(range(len(merged.pages))), "in order, every page exactly once"


def test_its_own_metadata_identifies_pdf_vt_1_on_pdf_x_4(merged: pikepdf.Pdf, batch: tuple[Path, BatchResult]) -> None:
    out, result = batch
    assert merged.pdf_version == "1.6"
    description = _xmp(merged)

    def value(path: str) -> str | None:
        return description.findtext(path, namespaces=NS)

    assert value("pdfvtid:GTS_PDFVTVersion") == "PDF/VT-1"
    assert value("pdfxid:GTS_PDFXVersion") == "PDF/X-4"
    assert value("pdfvtid:GTS_PDFVTModDate") == value("xmp:ModifyDate")
    with pikepdf.open(out / f"{result.results[0].row.name}.pdf") as record:
        own = _xmp(record)
        content_title = str(record.docinfo.Title)
        title = f"{content_title} \u2014 {result.count('built')} records"
        assert value("dc:title/rdf:Alt/rdf:li") == title == str(merged.docinfo.Title)
        assert value("xmpMM:InstanceID") != own.findtext("xmpMM:InstanceID", namespaces=NS)
        assert value("xmpMM:DocumentID") != own.findtext("xmpMM:DocumentID", namespaces=NS)
        assert bytes(merged.trailer.ID[0]) != bytes(record.trailer.ID[0]), "a new file identifier"
    assert b"pdfuaid" not in merged.Root.Metadata.read_bytes(), "the tags are gone: no PDF/UA claim"
    assert str(merged.docinfo.GTS_PDFXVersion) == "PDF/X-4"
    assert "/StructTreeRoot" not in merged.Root


def test_opens_with_a_bookmark_per_record(merged: pikepdf.Pdf, rows: Path) -> None:
    assert merged.Root.PageMode == "/UseOutlines"
    with merged.open_outline() as outline:
        items = list(outline.root)
        assert [item.title for item in items] == _names(rows)
        for item, leaf in zip(items, _leaves(merged), strict=True):
            assert not item.children
            assert item.destination[0].objgen == leaf.Start.objgen


def test_shared_resources_are_stored_once(merged: pikepdf.Pdf) -> None:
    assert len(merged.Root.OutputIntents) == 1
    streams = [o for o in merged.objects if isinstance(o, pikepdf.Stream)]
    assert len([o for o in streams if o.get("/N") == 4 and "/Alternate" in o]) == 1, "one output profile"
    programs = [o for o in merged.objects if isinstance(o, pikepdf.Dictionary) and "/FontFile2" in o]
    data = [bytes(d.FontFile2.read_bytes()) for d in programs]
    assert len(data) == len(set(data)), "each font program once"
    forms = [(o.read_raw_bytes(), o.Resources.unparse()) for o in streams if o.get("/Subtype") == "/Form"]
    assert len(forms) == len(set(forms)), "each form once (unless its fonts differ, as Łódź's do)"
    assert len({drawing for drawing, _ in forms}) == 4, "the illustration and the three different logos"
    fonts = [o for o in merged.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]
    assert len(fonts) == len(programs), "one font dictionary per program"


def test_one_name_per_font_program_and_one_program_per_name(merged: pikepdf.Pdf) -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    by_program: dict[str, set[str]] = defaultdict(set)
    for font in (o for o in merged.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"):
        program = bytes(font.FontDescriptor.FontFile2.read_bytes())
        digest, name = hashlib.sha256(program).hexdigest(), str(font.BaseFont)[1:]
        assert str(font.FontDescriptor.FontName) == str(font.BaseFont)
        assert name[:6] == subset_tag(program) and name[6] == "+"
        by_name[name].add(digest)
        by_program[digest].add(name)
    assert all(len(digests) == 1 for digests in by_name.values()), by_name
    assert all(len(names) == 1 for names in by_program.values()), by_program
    families = defaultdict(set)
    for name in by_name:
        families[name[7:]].add(name)
    assert any(len(names) > 1 for names in families.values()), "Łódź needs a second program of a font"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
def test_pdffonts_lists_each_font_once(batch: tuple[Path, BatchResult]) -> None:
    listed = subprocess.run(["pdffonts", str(batch[1].merged)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in listed.splitlines()[2:]]
    assert names and len(names) == len(set(names))
    assert not any(name.startswith("AAAAAA+") for name in names)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_nothing_wrong(batch: tuple[Path, BatchResult]) -> None:
    checked = subprocess.run(["qpdf", "--check", str(batch[1].merged)], capture_output=True, text=True)
    assert checked.returncode == 0 and "No syntax or stream encoding errors" in checked.stdout, checked.stdout
    assert not checked.stderr


def test_the_same_records_give_the_same_bytes(rows: Path, batch: tuple[Path, BatchResult], tmp_path: Path) -> None:
    out, result = batch
    records = [(r.row.name, r.output) for r in result.results if r.output is not None]
    merge(records, tmp_path / "again.pdf")
    assert (tmp_path / "again.pdf").read_bytes() == (out / "merged.pdf").read_bytes()
    other = run_batch(ROOT / "content.yaml", rows, tmp_path / "one", brochure.BuildOptions(), jobs=1, merge=True)
    assert other.merged is not None and other.merged.read_bytes() == (out / "merged.pdf").read_bytes()
