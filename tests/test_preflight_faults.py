"""The preflight against a suite of faulty PDFs (faulty_pdfs.py): each made from a clean build with
exactly one fault, each caught by its named catalogue rule; and clean files, ours rewritten by
qpdf and one made from scratch, pass."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from faulty_pdfs import CLEAN, FAULTS, ROOT, Clean, Fault, build_bases, write_fault
from pikepdf import Array, Dictionary, Name, String

import brochure
from brochure.check import UnreadablePDF, check_pdf
from brochure.check.catalogue import RULES
from brochure.units import mm

UNREADABLE = {"damaged", "encryption"}  # rules the preflight reports by refusing the file (exit 2)
has_gs = shutil.which("gs") is not None
has_qpdf = shutil.which("qpdf") is not None


@pytest.fixture(scope="module")
def bases(default_build: brochure.BuildResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_bases(tmp_path_factory.mktemp("bases"), default_build.output)


def test_every_rule_has_a_fault() -> None:
    assert set(RULES) == {fault.rule for fault in FAULTS}, set(RULES) ^ {fault.rule for fault in FAULTS}
    assert len(FAULTS) >= 80
    assert len({fault.name for fault in FAULTS}) == len(FAULTS), "fault names are unique"
    for fault in FAULTS:
        assert fault.severity in RULES[fault.rule].severity, f"{fault.name}: {fault.rule} is never {fault.severity}"


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.name)
def test_the_fault_is_caught_by_its_rule(bases: dict[str, Path], tmp_path: Path, fault: Fault) -> None:
    if fault.render_ink and not has_gs:
        pytest.skip("Ghostscript is not installed (CI installs it)")
    path = write_fault(fault, bases, tmp_path / f"{fault.name}.pdf")
    if fault.rule in UNREADABLE:
        with pytest.raises(UnreadablePDF, match=fault.message_part):
            check_pdf(path, render_ink=False, standard=fault.standard)
        path.unlink()
        return
    report = check_pdf(path, trim_format=fault.trim_format, render_ink=fault.render_ink, standard=fault.standard)
    found = [f for f in report.findings if f.check == fault.rule and f.severity == fault.severity]
    assert any(fault.message_part in f.message for f in found), f"{fault.name} not caught:\n{report.format()}"
    if fault.page is not None:
        assert any(f.page == fault.page for f in found if fault.message_part in f.message), report.format()
    path.unlink()  # the faulty files are copies of an 800 kB build: keep the temporary folder small


def test_the_faulty_files_are_made_the_same_every_time(bases: dict[str, Path], tmp_path: Path) -> None:
    for fault in [f for f in FAULTS if f.rule != "encryption"][::10]:  # encryption draws a random key
        first = write_fault(fault, bases, tmp_path / "first.pdf").read_bytes()
        assert write_fault(fault, bases, tmp_path / "again.pdf").read_bytes() == first, fault.name


@pytest.mark.parametrize("base", ["x4", "x1a", "vt"])
def test_the_clean_bases_pass(bases: dict[str, Path], base: str) -> None:
    report = check_pdf(bases[base], render_ink=has_gs)
    assert report.errors == 0 and report.standard == base, report.format()


@pytest.mark.parametrize("variant", CLEAN, ids=lambda variant: variant.name)
def test_what_a_print_file_may_hold_is_not_flagged(bases: dict[str, Path], tmp_path: Path, variant: Clean) -> None:
    path = write_fault(variant, bases, tmp_path / f"{variant.name}.pdf")
    report = check_pdf(path, render_ink=False)
    assert report.errors == 0 and report.warnings == 0, report.format()
    path.unlink()


@pytest.mark.skipif(not has_qpdf, reason="qpdf is not installed")
@pytest.mark.parametrize(
    "options",
    [["--object-streams=generate"], ["--linearize"], ["--qdf", "--object-streams=disable"]],
    ids=["object-streams", "linearized", "qdf"],
)
def test_our_build_rewritten_by_qpdf_passes(bases: dict[str, Path], tmp_path: Path, options: list[str]) -> None:
    out = tmp_path / "rewritten.pdf"
    subprocess.run(["qpdf", *options, str(bases["x4"]), str(out)], check=True)
    with pikepdf.open(out) as pdf:
        assert pdf.pdf_version == "1.6"
    report = check_pdf(out, render_ink=False)
    assert report.errors == 0 and report.warnings == 0, report.format()


def test_a_minimal_pdfx4_made_from_scratch_passes(bases: dict[str, Path], tmp_path: Path) -> None:
    trim = (mm(10), mm(10), mm(220), mm(307))  # A4, with 10 mm round it for bleed and marks
    with pikepdf.open(bases["x4"]) as built:
        profile_bytes = bytes(built.Root.OutputIntents[0].DestOutputProfile.read_bytes())
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(mm(230), mm(317)))
    page.obj.TrimBox = Array(trim)
    page.obj.BleedBox = Array([trim[0] - mm(3), trim[1] - mm(3), trim[2] + mm(3), trim[3] + mm(3)])
    bleed = [float(v) for v in page.obj.BleedBox]
    page.obj.Contents = pdf.make_stream(
        f"0.1 0 0.05 0 k {bleed[0]:.3f} {bleed[1]:.3f} {bleed[2] - bleed[0]:.3f} {bleed[3] - bleed[1]:.3f} re f "
        f"0 0 0 1 k {mm(30):.3f} {mm(250):.3f} {mm(100):.3f} {mm(20):.3f} re f".encode()
    )
    profile = pdf.make_stream(profile_bytes)
    profile.N = 4
    pdf.Root.OutputIntents = Array([pdf.make_indirect(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFX, OutputConditionIdentifier=String("FOGRA39"),
        RegistryName=String("http://www.color.org"), DestOutputProfile=profile,
    ))])  # fmt: skip
    created = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = "A minimal PDF/X-4"
        xmp["xmp:CreateDate"] = xmp["xmp:ModifyDate"] = created.isoformat()
        xmp["pdf:Trapped"] = "False"
        xmp["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
    pdf.docinfo.Title = String("A minimal PDF/X-4")
    pdf.docinfo.CreationDate = pdf.docinfo.ModDate = String("D:20261101000000Z")
    pdf.docinfo.Trapped = Name("/False")
    pdf.docinfo.GTS_PDFXVersion = String("PDF/X-4")
    out = tmp_path / "minimal.pdf"
    pdf.save(out, min_version="1.6", deterministic_id=True)
    with pikepdf.open(out) as saved:
        assert "/ID" in saved.trailer and saved.pdf_version == "1.6"
    report = check_pdf(out, render_ink=has_gs)
    assert report.errors == 0 and report.warnings == 0, report.format()


def test_the_cli_lists_the_rule_and_exits_1_or_2(bases: dict[str, Path], tmp_path: Path) -> None:
    [fault] = [f for f in FAULTS if f.name == "spot-named-cyan"]
    faulty = write_fault(fault, bases, tmp_path / "faulty.pdf")
    command = [sys.executable, "-m", "brochure", "check"]
    result = subprocess.run([*command, str(faulty), "--json"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert "spot-name" in [finding["check"] for finding in report["findings"]]
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(bases["x4"].read_bytes()[:200_000])
    result = subprocess.run([*command, str(damaged), "--json"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and "damaged" in result.stdout + result.stderr
