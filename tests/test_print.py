"""Print-shop readiness: PDF/X-4 identification, output intent, marks, die line, and preflight."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from broken_pdfs import FAULTS, make_broken

import brochure
from brochure.__main__ import main
from brochure.check import check_pdf
from brochure.colour import PRINT_PROFILE
from brochure.units import mm

needs_gs = pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed (CI installs it)")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdfinfo") is None, reason="poppler-utils is not installed (CI installs it)"
)


def test_pdfx4_identification_and_output_intent(default_build: brochure.BuildResult) -> None:
    with pikepdf.open(default_build.output) as pdf:
        assert pdf.pdf_version == "1.6"
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "FOGRA39"
        profile = intent.DestOutputProfile
        assert int(profile.N) == 4 and profile.read_bytes() == PRINT_PROFILE.read_bytes()
        xmp = pdf.open_metadata()
        assert xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert xmp["dc:title"] == "Unlocking Hope: The Promise of Ketamine Therapy in Treating Depression"
        assert xmp["xmp:CreateDate"] == xmp["xmp:ModifyDate"] == "2026-11-01T00:00:00Z"
        assert xmp["pdf:Trapped"] == "False"
        assert str(pdf.docinfo.CreationDate) == "D:20261101000000Z" and pdf.docinfo.Trapped == "/False"
        assert "/ID" in pdf.trailer and not pdf.is_encrypted
        assert all("/Annots" not in page.obj for page in pdf.pages)


def test_the_profile_ships_with_its_licence() -> None:
    licence = PRINT_PROFILE.parent / "LICENSE-ISOcoated_v2_300_bas.txt"
    assert "zlib/libpng License" in licence.read_text(encoding="utf-8")


def test_our_build_passes_preflight(default_build: brochure.BuildResult) -> None:
    assert default_build.print_ready and default_build.preflight.findings == ()
    report = check_pdf(default_build.output, "print", "a4")
    assert report.errors == 0 and report.warnings == 0, report.format()


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_broken_pdfs_fail_naming_the_fault(default_build: brochure.BuildResult, tmp_path: Path, fault: str) -> None:
    broken = make_broken(default_build.output, fault, tmp_path / f"{fault}.pdf")
    for render_ink in (True, False):
        report = check_pdf(broken, render_ink=render_ink)
        errors = [f for f in report.findings if f.severity == "error"]
        assert errors, f"{fault} was not caught"
        assert any(FAULTS[fault][1] in f.message for f in errors), report.format()


def test_check_cli_json_and_exit_codes(
    default_build: brochure.BuildResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(default_build.output), "--json"]) == 0
    clean = json.loads(capsys.readouterr().out)
    assert clean["summary"] == {"errors": 0, "warnings": 0, "ok": True} and clean["pages"] == 4
    broken = make_broken(default_build.output, "rgb-fill", tmp_path / "rgb.pdf")
    assert main(["check", str(broken), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert sorted(report) == [
        "exit_code", "file", "findings", "kind", "ok", "pages", "problems", "profile", "schema_version", "standard",
        "summary",
    ]  # fmt: skip
    assert report["exit_code"] == 1 and report["problems"][0]["rule"] == "colour" and report["problems"][0]["page"] == 2
    assert report["standard"] == "x4"
    [finding] = report["findings"]
    assert sorted(finding) == ["check", "message", "page", "severity"]
    assert finding["page"] == 2 and finding["check"] == "colour" and finding["severity"] == "error"
    assert main(["check", str(broken)]) == 1
    assert "FAILS the print checks" in capsys.readouterr().out
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_text("hello")
    assert main(["check", str(not_pdf)]) == 2


def test_check_screen_profile_skips_print_rules(default_build: brochure.BuildResult, tmp_path: Path) -> None:
    broken = make_broken(default_build.output, "no-output-intent", tmp_path / "screen.pdf")
    assert check_pdf(broken, "screen").errors == 0
    assert check_pdf(make_broken(default_build.output, "unembedded-helvetica", tmp_path / "h.pdf"), "screen").errors


def test_check_trim_format_mismatch(default_build: brochure.BuildResult, tmp_path: Path) -> None:
    with pikepdf.open(default_build.output) as pdf:
        for page in pdf.pages:
            x0, y0, _, _ = (float(v) for v in page.obj.TrimBox)
            page.obj.TrimBox = [x0, y0, x0 + mm(148), y0 + mm(210)]
        pdf.save(tmp_path / "a5.pdf")
    report = check_pdf(tmp_path / "a5.pdf", "print", "a4", render_ink=False)
    assert any("trimmed size is 148.0 × 210.0 mm, not a4" in f.message for f in report.findings)


def test_crop_marks_are_registration_outside_the_bleed(default_build: brochure.BuildResult) -> None:
    with pikepdf.open(default_build.output) as pdf:
        page = pdf.pages[0]
        bleed = [float(v) for v in page.obj.BleedBox]
        ops = list(pikepdf.parse_content_stream(page))
        registration = False
        marks = []
        ctm_offset = None
        for instruction in ops:
            op, args = str(instruction.operator), list(instruction.operands)
            if op == "cm" and ctm_offset is None and float(args[4]) != 0:
                ctm_offset = (float(args[4]), float(args[5]))
            if op == "CS":
                registration = str(args[0]) == "/CSAll"
            if op == "l" and registration:
                marks.append((float(args[0]), float(args[1])))
        assert ctm_offset is not None and len(marks) == 8
        separation = page.obj.Resources.ColorSpace.CSAll
        assert str(separation[1]) == "/All" and [float(v) for v in separation[3].C1] == [1, 1, 1, 1]
        for x, y in marks:
            x, y = x + ctm_offset[0], y + ctm_offset[1]
            assert not (bleed[0] < x < bleed[2] and bleed[1] < y < bleed[3]), "a crop mark end inside the bleed"


def test_die_line_is_an_overprinting_perforation_separation_along_the_cut(default_build: brochure.BuildResult) -> None:
    with pikepdf.open(default_build.output) as pdf:
        last = pdf.pages[-1]
        text = last.obj.Contents.read_bytes().decode("latin-1")
        match = re.search(r"/CSPerforation CS 1 SCN\nn ([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l S", text)
        assert match, "the die line is drawn in the Perforation separation"
        before = text[: match.start()]
        state = before[before.rindex(" gs") - 8 :]
        assert "gs" in state
        y1, y2 = float(match.group(2)), float(match.group(4))
        assert y1 == y2 == pytest.approx(default_build.document.slip.top, abs=0.01)
        states = last.obj.Resources.ExtGState
        assert any(bool(s.get("/OP", False)) for s in states.values()), "the die line overprints"
        separation = last.obj.Resources.ColorSpace.CSPerforation
        assert str(separation[1]) == "/Perforation"
        assert "/CSPerforation" not in pdf.pages[0].obj.Contents.read_bytes().decode("latin-1")


def test_marks_and_die_line_can_be_left_out(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plain.pdf"
    assert main(["build", str(project / "content.yaml"), "-o", str(out), "--no-die-line", "--no-slug"]) == 0
    with pikepdf.open(out) as pdf:
        content = pdf.pages[-1].obj.Contents.read_bytes()
        assert b"/CSPerforation CS" not in content and b"/CSAll CS" in content
        assert b"published 1 November 2026" not in content


def test_slug_line_is_outside_the_bleed(default_build: brochure.BuildResult) -> None:
    pdf = pypdfium2.PdfDocument(str(default_build.output))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        bleed_bottom = mm(10)  # the slug is 10 mm deep; the BleedBox starts above it
        slug = textpage.get_text_bounded(left=0, bottom=0, right=page.get_width(), top=bleed_bottom)
        assert (
            "NMC-KET-001" in slug
            and "version 1.0" in slug
            and "published 1 November 2026" in slug
            and "page 1 of 4" in slug
        )
    finally:
        pdf.close()


def test_pdfx1a_variant(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "x1a.pdf"
    brochure.build(project / "content.yaml", out, brochure.BuildOptions(pdfx="x1a"))
    with pikepdf.open(out) as pdf:
        assert pdf.pdf_version == "1.4"
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1a:2003" == str(pdf.docinfo.GTS_PDFXConformance)
    assert check_pdf(out).errors == 0


def test_pdfx1a_refuses_transparency_saying_why(default_build: brochure.BuildResult) -> None:
    import datetime as dt
    import io
    from dataclasses import replace

    from brochure.finishing import Metadata, finish
    from brochure.render import RenderOptions, render

    rendered = render(default_build.document, RenderOptions())
    with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
        state = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.5))
        pdf.pages[0].Resources.ExtGState = pikepdf.Dictionary(GSHalf=state)
        out = io.BytesIO()
        pdf.save(out)
    meta = Metadata("t", "a", "s", "en-GB", dt.date(2026, 1, 1), "ref")
    with pytest.raises(brochure.InputError) as caught:
        finish(replace(rendered, pdf=out.getvalue()), None, meta, "x1a")
    assert "cannot make PDF/X-1a:2003: page 1: graphics state /GSHalf is partly transparent" in str(caught.value)


@needs_poppler
def test_pdfinfo_says_pdfx4(default_build: brochure.BuildResult) -> None:
    info = subprocess.run(["pdfinfo", str(default_build.output)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"PDF subtype:\s+PDF/X-4", info)


@needs_gs
def test_ghostscript_renders_every_page_without_warnings(default_build: brochure.BuildResult) -> None:
    result = subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=nullpage", str(default_build.output)],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0
    assert result.stdout.strip() == "" and result.stderr.strip() == "", result.stdout + result.stderr


def test_pdfium_renders_every_page(default_build: brochure.BuildResult) -> None:
    pdf = pypdfium2.PdfDocument(str(default_build.output))
    try:
        assert len(pdf) == 4
        for page in pdf:
            image = page.render(scale=0.3).to_pil().convert("L")
            assert image.getextrema()[0] < 100, "something dark is drawn on every page"
    finally:
        pdf.close()


@needs_gs
def test_rendered_ink_of_our_build_is_within_the_limit(default_build: brochure.BuildResult) -> None:
    from brochure.check import ink

    with pikepdf.open(default_build.output) as pdf:
        boxes = [tuple(float(v) for v in page.obj.BleedBox) for page in pdf.pages]
    for highest, share, _ in ink.max_ink_by_page(default_build.output, boxes):  # type: ignore[arg-type]
        assert share == 0 and highest <= 300


def test_small_rich_black_text_is_flagged(default_build: brochure.BuildResult, tmp_path: Path) -> None:
    from broken_pdfs import rich_black_text

    with pikepdf.open(default_build.output) as pdf:
        rich_black_text(pdf)
        pdf.save(tmp_path / "rich.pdf")
    [finding] = check_pdf(tmp_path / "rich.pdf", render_ink=False).findings
    assert finding.severity == "warning" and finding.message.startswith("text at 9.0 pt in rich black")


def test_fold_marks_sit_in_the_slug_in_line_with_each_fold(default_build: brochure.BuildResult) -> None:
    from dataclasses import replace

    from brochure.render import RenderOptions, render

    folded = replace(default_build.document.format, folds=((mm(100), mm(200)),))
    pdf = render(replace(default_build.document, format=folded), RenderOptions()).pdf
    with pikepdf.open(__import__("io").BytesIO(pdf)) as opened:
        content = opened.pages[0].obj.Contents.read_bytes().decode("latin-1")
    verticals = [tuple(map(float, m)) for m in re.findall(r"n ([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l S", content)]
    for x in (mm(100), mm(200)):
        at_fold = [v for v in verticals if abs(v[0] - x) < 0.01 and abs(v[2] - x) < 0.01]
        assert len(at_fold) == 2, f"a fold mark above and below x={x:.2f}"
        for _, y1, _, y2 in at_fold:
            outside = min(y1, y2) > folded.trim.height + folded.bleed or max(y1, y2) < -folded.bleed
            assert outside, "fold marks stay outside the bleed"
