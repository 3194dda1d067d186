"""A batch in the screen edition and in large print; what a row inherits from the template's
clinic (logo, alt text, reference); list numbering and link descriptions in the tags."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, struct_elements

import brochure
from brochure.__main__ import main
from brochure.batch import run_batch
from brochure.check import check_pdf
from brochure.errors import InputError
from brochure.labels import labels_for
from brochure.render import link_description

CLINICS = ROOT / "examples" / "clinics.csv"
CONTENT = ROOT / "content.yaml"


def two_rows(tmp_path: Path) -> Path:
    """Northbrook (the template's clinic) and Eastgate (no logo of its own), from examples/clinics.csv."""
    header, *rows = CLINICS.read_text(encoding="utf-8").splitlines()
    data = tmp_path / "two.csv"
    data.write_text("\n".join([header, rows[0], next(r for r in rows if r.startswith("eastgate,"))]) + "\n", "utf-8")
    return data


@pytest.fixture(scope="module")
def screen(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int, str]:
    folder = tmp_path_factory.mktemp("screen")
    data = two_rows(folder)
    out = folder / "out"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["batch", str(CONTENT), "--data", str(data), "-o", str(out), "--edition", "screen", "--jobs", "1"])
    return data, out, code, err.getvalue()


def test_screen_batch_records_are_tagged_pdf_ua(screen: tuple[Path, Path, int, str]) -> None:
    _, out, code, _ = screen
    assert code == 0
    for name in ("northbrook", "eastgate"):
        pdf_path = out / f"{name}.pdf"
        assert check_pdf(pdf_path, "screen", render_ink=False).errors == 0
        with pikepdf.open(pdf_path) as pdf:
            assert bool(pdf.Root.MarkInfo.Marked) is True
            assert "/StructTreeRoot" in pdf.Root


def test_a_row_inheriting_the_template_logo_is_warned_at_its_row_and_named_in_the_alt_text(
    screen: tuple[Path, Path, int, str],
) -> None:
    data, out, _, err = screen
    assert f"{data}:3:2: warning: 'Eastgate Depression Service' is not the template's clinic" in err
    assert "but inherits its logo 'logo.svg' (brand.logo) and its reference NMC-KET-001 (leaflet.reference)" in err
    assert "hint: give the row its own values in these columns: brand.logo, brand.logo_alt, leaflet.reference" in err
    assert f"{data}:2:" not in err, "the template's own clinic inherits nothing from another clinic"
    with pikepdf.open(out / "eastgate.pdf") as pdf:
        alts = [str(e.Alt) for e in struct_elements(pdf.Root.StructTreeRoot) if e.S == "/Figure" and "/Alt" in e]
    logo = [alt for alt in alts if "logo" in alt]
    assert logo == ["Eastgate Depression Service logo"]
    assert not any("Northbrook" in alt for alt in alts)
    with pikepdf.open(out / "northbrook.pdf") as pdf:
        assert any(
            str(e.get("/Alt", "")).startswith("Northbrook Mind Clinic logo")
            for e in struct_elements(pdf.Root.StructTreeRoot)
        )


def test_lists_say_their_numbering(screen: tuple[Path, Path, int, str]) -> None:
    _, out, _, _ = screen
    with pikepdf.open(out / "northbrook.pdf") as pdf:
        lists = [e for e in struct_elements(pdf.Root.StructTreeRoot) if e.S == "/L"]
        numbering = {str(e.A.ListNumbering) for e in lists if e.A.O == "/List"}
        assert len(lists) >= 2 and all("/A" in e for e in lists)
        assert {"/Decimal", "/Disc"} <= numbering, "the content's numbered list and the sources' bullets"


def test_no_link_description_repeats_its_visible_text(screen: tuple[Path, Path, int, str]) -> None:
    _, out, _, _ = screen
    with pikepdf.open(out / "eastgate.pdf") as pdf:
        descriptions = [
            str(a.Contents) for page in pdf.pages for a in page.obj.get("/Annots", ()) if a.Subtype == "/Link"
        ]
    assert "Email eastgate@example.org" in descriptions
    assert "Call 01632 960 472" in descriptions
    assert "Web page www.example.org/eastgate" in descriptions
    for description in descriptions:
        for address in ("eastgate@example.org", "01632 960 472", "www.example.org/eastgate"):
            assert description.count(address) <= 1, description


def test_link_descriptions_say_where_a_link_goes_in_the_leaflet_language() -> None:
    english = labels_for("en")
    assert link_description("hello@example.org", "mailto:hello@example.org", english) == "Email hello@example.org"
    assert link_description("our clinic", "https://www.example.org/northbrook/", english) == (
        "Web page www.example.org/northbrook"
    )
    assert link_description("01632\u00a0960 123", "tel:01632960123", english) == "Call 01632 960 123"
    assert link_description("960 123", "tel:01632960123", english) == "Call 01632960123"
    assert (
        link_description("x@example.org", "mailto:x@example.org", labels_for("cy")) == "Anfon e-bost at x@example.org"
    )


def test_large_print_batch(tmp_path: Path) -> None:
    data = two_rows(tmp_path)
    regular = brochure.build(CONTENT, tmp_path / "regular.pdf").pages
    result = run_batch(CONTENT, data, tmp_path / "out", brochure.BuildOptions(large_print=True), jobs=1)
    assert result.count("built") == 2
    assert main(["batch", str(CONTENT), "--data", str(data), "-o", str(tmp_path / "cli"), "--large-print",
                 "--edition", "screen", "--jobs", "1", "-q"]) == 0  # fmt: skip
    for folder, profile in ((tmp_path / "out", "print"), (tmp_path / "cli", "screen")):
        for name in ("northbrook", "eastgate"):
            pdf = folder / f"{name}.pdf"
            assert check_pdf(pdf, profile, render_ink=False).errors == 0
            with pikepdf.open(pdf) as opened:
                assert len(opened.pages) > regular, "large print re-flows onto more pages"


def test_merge_is_refused_for_the_screen_edition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = two_rows(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(
            ["batch", str(CONTENT), "--data", str(data), "-o", str(tmp_path / "out"), "--edition", "screen", "--merge"]
        )
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--merge cannot be used with --edition screen" in err and "already tagged PDF/UA" in err
    assert "--edition print --merge" in err
    assert not (tmp_path / "out").exists(), "nothing is built"
    with pytest.raises(InputError):
        run_batch(CONTENT, data, tmp_path / "lib", brochure.BuildOptions(edition="screen"), merge=True)
