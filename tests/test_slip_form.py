"""The reply slip is a form to everyone: printed fields tagged as PrintField Form elements, and
on screen a fillable AcroForm whose widgets sit in the structure tree."""

from __future__ import annotations

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

OPTIONS = ["option_1", "option_2", "option_3", "option_4", "option_5"]
CHECK_BOXES = [*OPTIONS, "message_yes", "message_no"]
TEXT_FIELDS = ["name", "phone", "email", "best_time"]


@pytest.fixture(scope="module")
def screen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("slip-form") / "screen.pdf"
    brochure.build(ROOT / "content.yaml", out, brochure.BuildOptions(edition="screen"))
    return out


def _forms(path: Path) -> list[tuple[str, dict[str, str], object]]:
    """The Form elements: their /Alt, attributes and kids."""
    with pikepdf.open(path) as pdf:
        found = []
        for element in struct_elements(pdf.Root.StructTreeRoot):
            if element.S == "/Form":
                attributes = {str(k): str(v) for k, v in element.get("/A", pikepdf.Dictionary()).items()}
                kid = element.K
                kind = "OBJR" if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" else type(kid)
                found.append((str(element.get("/Alt", "")), attributes, kind))
        return found


def test_print_slip_fields_are_printfield_form_elements(default_build: brochure.BuildResult) -> None:
    forms = _forms(default_build.output)
    boxes = [f for f in forms if f[1].get("/Role") == "/cb"]
    lines = [f for f in forms if f[1].get("/Role") == "/tv"]
    assert len(boxes) == 7 and len(lines) == 4 and len(forms) == 11
    assert all(a["/O"] == "/PrintField" for _, a, _ in forms)
    assert all(a["/Checked"] == "/off" for _, a, _ in boxes)
    assert all(kid is int for _, _, kid in forms), "the drawn box or line is the element's marked content"
    names = [alt for alt, _, _ in forms]
    assert "Book an assessment, check box" in names and "May we leave a message? Yes, check box" in names
    assert [alt for alt, _, _ in lines] == [
        "Name, write-in field", "Phone, write-in field", "Email, write-in field", "Best time to contact, write-in field",
    ]  # fmt: skip
    with pikepdf.open(default_build.output) as pdf:
        assert "/AcroForm" not in pdf.Root, "print has no interactive form"
        lists = [e for e in struct_elements(pdf.Root.StructTreeRoot) if e.S == "/LI" and e.K[0].S == "/Lbl"]
        labels = [item.K[0].K for item in lists]
        assert any(isinstance(k, pikepdf.Dictionary) and k.S == "/Form" for k in labels), "a tick box labels its option"


def test_screen_slip_is_an_acroform_with_tagged_widgets(screen: Path) -> None:
    with pikepdf.open(screen) as pdf:
        form = pdf.Root.AcroForm
        assert "/NeedAppearances" not in form
        fields = {str(f.T): f for f in form.Fields}
        assert list(fields) == [*OPTIONS, *TEXT_FIELDS, "message_yes", "message_no"]
        for name in CHECK_BOXES:
            field = fields[name]
            assert field.FT == "/Btn" and field.V == "/Off" and field.AS == "/Off"
            assert set(field.AP.N.keys()) == {"/Yes", "/Off"}
        for name in TEXT_FIELDS:
            assert fields[name].FT == "/Tx" and "Tf" in str(fields[name].DA) and "/N" in fields[name].AP
        assert str(fields["name"].TU) == "Name" and str(fields["option_1"].TU) == "Book an assessment"
        assert str(fields["message_no"].TU) == "May we leave a message? No"
        numbers = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        parents = dict(zip(numbers[::2], numbers[1::2], strict=True))
        page = pdf.pages[-1].obj
        assert page.Tabs == "/S"
        for field in fields.values():
            assert field.Subtype == "/Widget" and field.P.objgen == page.objgen
            assert any(a.objgen == field.objgen for a in page.Annots)
            element = parents[int(field.StructParent)]
            assert element.S == "/Form" and element.K.Type == "/OBJR" and element.K.Obj.objgen == field.objgen
    assert all(kind == "OBJR" for _, _, kind in _forms(screen))


def test_filled_values_survive_save_and_reopen(screen: Path, tmp_path: Path) -> None:
    with pikepdf.open(screen) as pdf:
        for field in pdf.Root.AcroForm.Fields:
            if field.T == "name":
                field.V = pikepdf.String("Ada Lovelace")
            elif field.T in ("option_2", "message_yes"):
                field.V = field.AS = pikepdf.Name.Yes
        pdf.save(tmp_path / "filled.pdf")
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(tmp_path / "filled.pdf"))
    writer.update_page_form_field_values(writer.pages[-1], {"email": "ada@example.org", "option_5": "/Yes"},
                                         auto_regenerate=False)  # fmt: skip
    writer.write(tmp_path / "filled2.pdf")
    with pikepdf.open(tmp_path / "filled2.pdf") as pdf:
        values = {str(f.T): f.get("/V") for f in pdf.Root.AcroForm.Fields}
        states = {str(f.T): f.get("/AS") for f in pdf.Root.AcroForm.Fields if f.FT == "/Btn"}
    assert str(values["name"]) == "Ada Lovelace" and str(values["email"]) == "ada@example.org"
    assert {name for name, state in states.items() if state == "/Yes"} == {"option_2", "message_yes", "option_5"}
    read = pypdf.PdfReader(tmp_path / "filled2.pdf").get_fields()
    assert read is not None and read["name"]["/V"] == "Ada Lovelace" and read["option_2"]["/V"] == "/Yes"


def test_pdfium_finds_the_check_boxes_and_text_fields(screen: Path) -> None:
    document = pypdfium2.PdfDocument(str(screen))
    try:
        document.init_forms()
        page = document[len(document) - 1]
        kinds = []
        for index in range(pdfium.FPDFPage_GetAnnotCount(page.raw)):
            annotation = pdfium.FPDFPage_GetAnnot(page.raw, index)
            kinds.append(pdfium.FPDFAnnot_GetFormFieldType(document.formenv.raw, annotation))
            pdfium.FPDFPage_CloseAnnot(annotation)
        page.close()
    finally:
        document.close()
    assert kinds.count(pdfium.FPDF_FORMFIELD_CHECKBOX) == 7
    assert kinds.count(pdfium.FPDF_FORMFIELD_TEXTFIELD) == 4


def test_screen_slip_says_email_or_call_and_has_nothing_to_cut(screen: Path) -> None:
    text = subprocess.run(["pdftotext", str(screen), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Fill in this form, save it and email it to hello@example.org, or call 01632 960 123." in flat
    assert "Cut along" not in flat and "hand this slip in" not in flat
    with pikepdf.open(screen) as pdf:
        for page in pdf.pages:
            dashes = [i for i in pikepdf.parse_content_stream(page) if str(i.operator) == "d" and list(i.operands[0])]
            assert not dashes, "no dotted cut line"
            circles = [i for i in pikepdf.parse_content_stream(page) if str(i.operator) == "c"]
            assert len(circles) < 8, "no scissors (their two rings are drawn with curves)"


def test_print_slip_keeps_its_cut_line_and_wording(default_build: brochure.BuildResult) -> None:
    text = " ".join(subprocess.run(["pdftotext", str(default_build.output), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())  # fmt: skip
    assert "Cut along the dotted line" in text and "Fill in this form" not in text
    document = default_build.document
    assert any(type(item).__name__ == "Scissors" for item in document.pages[document.slip_page - 1].items)


@pytest.mark.skipif(shutil.which("outloud") is None, reason="outloud (PDF/UA checker) is not installed")
def test_screen_form_is_clean_under_outloud(screen: Path) -> None:
    result = subprocess.run(["outloud", "--json", "-", str(screen)], capture_output=True, text=True)
    [checked] = json.loads(result.stdout)["results"]
    assert checked["verdict"] == "pass" and checked["counts"] == {"error": 0, "warning": 0, "info": 0}, checked[
        "findings"
    ]


def test_screen_form_is_pdfua1_compliant_under_page_validation(screen: Path) -> None:
    page = pytest.importorskip("page", reason="page-validation (PDF/UA checker) is not installed")
    report = page.validate_pdf(str(screen), profile=page.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, list(report.failures)


@pytest.mark.parametrize("fmt", ["a5-booklet", "dl-trifold"])
def test_a_screen_slip_has_no_back_to_speak_of(tmp_path: Path, fmt: str) -> None:
    """On screen there is nothing to turn over: the page behind the slip names the return address
    only, in print it also says it is the slip's back."""
    texts = {}
    for edition in ("print", "screen"):
        out = brochure.build(
            ROOT / "content.yaml", tmp_path / f"{edition}.pdf", brochure.BuildOptions(format=fmt, edition=edition)
        ).output
        texts[edition] = " ".join(
            subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split()
        )
    assert "This is the back of the reply slip." in texts["print"]
    assert "back of the reply slip" not in texts["screen"] and "1 Example Road" in texts["screen"]
