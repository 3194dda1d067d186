"""`brochure check` and `brochure preview` on PDFs from anywhere: encrypted, damaged, self-drawing,
fanned-out, content bombs, thousands of pages, JavaScript and Launch actions in every place they
hide. Each file is made by code; each run is bounded in time and memory (a subprocess), and ends
with exit 0, 1 or 2 and plain messages."""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf
import pytest
from hostile_cli import clean, run, run_bounded
from pikepdf import Array, Dictionary, Name, Stream


def page_with(pdf: pikepdf.Pdf, content: bytes, resources: Dictionary | None = None) -> pikepdf.Page:
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Contents = Stream(pdf, content)
    if resources is not None:
        page.obj.Resources = resources
    return page


def form(pdf: pikepdf.Pdf, content: bytes) -> Stream:
    stream = Stream(pdf, content)
    stream.Type, stream.Subtype, stream.BBox = Name.XObject, Name.Form, Array([0, 0, 595, 842])
    return stream


def save(pdf: pikepdf.Pdf, path: Path, **options: object) -> Path:
    pdf.save(path, **options)  # type: ignore[arg-type]
    return path


def check(path: Path, *args: str) -> tuple[int, str]:
    return run_bounded("check", str(path), *args, seconds=120)


def test_an_encrypted_file_is_exit_2(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    page_with(pdf, b"0 0 m 10 10 l S")
    for name, encryption in (("open.pdf", pikepdf.Encryption(owner="o", user="")),
                             ("locked.pdf", pikepdf.Encryption(owner="o", user="secret"))):  # fmt: skip
        code, output = check(save(pdf, tmp_path / name, encryption=encryption))
        assert code == 2 and clean(output) and "encrypted: a print file must not be" in output, output


def test_a_damaged_file_is_exit_2_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 1000)
    code, output = check(tmp_path / "junk.pdf")
    assert code == 2 and clean(output) and ("damaged" in output or "not a readable PDF" in output)


def test_a_form_that_draws_itself_is_followed_once(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    loop = form(pdf, b"/Me Do 0 0 m 5 5 l S")
    loop.Resources = Dictionary(XObject=Dictionary(Me=loop))
    page_with(pdf, b"/Me Do", Dictionary(XObject=Dictionary(Me=loop)))
    code, output = check(save(pdf, tmp_path / "loop.pdf"))
    assert code in (0, 1) and clean(output) and "FAILS the print checks" in output and "1 page\n" in output


def test_a_fan_out_of_forms_is_too_complex(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    inner = form(pdf, b"0 0 m 1 1 l S")
    for _ in range(8):  # each form draws the one below ten times: 10^8 paths
        outer = form(pdf, b"/F Do " * 10)
        outer.Resources = Dictionary(XObject=Dictionary(F=inner))
        inner = outer
    page_with(pdf, b"/F Do", Dictionary(XObject=Dictionary(F=inner)))
    path = save(pdf, tmp_path / "fan.pdf")
    code, output = check(path)
    assert code == 2 and clean(output) and "too complex to check" in output and "operations" in output
    code, output = run_bounded("preview", str(path), "-o", str(tmp_path / "png"), seconds=120)
    assert code == 2 and clean(output) and "too complex to preview" in output


def test_a_content_bomb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    page = page_with(pdf, b"")
    bomb = Stream(pdf, zlib.compress(b" " * (300 * 1024 * 1024), 9))  # 300 MB of spaces, 0.3 MB on disk
    bomb.Filter = Name.FlateDecode
    page.obj.Contents = bomb
    path = save(pdf, tmp_path / "bomb.pdf", compress_streams=False)
    assert path.stat().st_size < 1024 * 1024
    code, output = check(path)
    assert code == 2 and clean(output) and "larger than 4 MB once decompressed" in output


@pytest.mark.parametrize(
    ("content", "rect", "trim"),
    [
        (b"1 0 0 cm 0 0 m l S /Tf Tj Do re f cs scn", None, None),  # operands missing everywhere
        (b"0 0 m 10 10 l S", Array([10, 20]), None),  # an annotation rectangle of two numbers
        (b"0 0 m 10 10 l S", None, Array([pikepdf.String("a"), 0, 595, 842])),  # a string in the TrimBox
    ],
)
def test_damaged_drawing_and_boxes_are_judged_not_crashed_on(tmp_path: Path, content: bytes, rect: Array | None,
                                                            trim: Array | None) -> None:  # fmt: skip
    pdf = pikepdf.new()
    page = page_with(pdf, content)
    if rect is not None:
        page.obj.Annots = Array([pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=rect))])
    if trim is not None:
        page.obj.TrimBox = trim
    code, output = check(save(pdf, tmp_path / "damaged.pdf"))
    assert code in (1, 2) and clean(output), output


def test_thousands_of_pages_are_refused_and_a_hundred_are_measured_in_bounded_space(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    for _ in range(2001):
        pdf.add_blank_page(page_size=(595, 842))
    code, output = check(save(pdf, tmp_path / "many.pdf"))
    assert code == 2 and clean(output) and "2001 pages, more than the 2,000 brochure checks" in output
    few = pikepdf.new()
    for _ in range(120):
        page_with(few, b"0 0 0 1 k 0 0 595 842 re f")
    code, output = check(save(few, tmp_path / "hundred.pdf"))
    assert code == 1 and clean(output)
    assert "total ink was measured on the first 100 of 120 pages" in output or "total ink was not measured" in output


@pytest.mark.parametrize("where", ["open-action", "next-chain", "page-actions", "link", "launch", "uri", "names"])
def test_javascript_and_launch_actions_are_errors_wherever_they_hide(tmp_path: Path, where: str) -> None:
    pdf = pikepdf.new()
    page = page_with(pdf, b"0 0 m 10 10 l S")
    script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    launch = pdf.make_indirect(Dictionary(S=Name.Launch, F=pikepdf.String("/bin/sh")))
    if where == "open-action":
        pdf.Root.OpenAction = script
    elif where == "next-chain":
        pdf.Root.OpenAction = Dictionary(S=Name.GoTo, D=Array([page.obj, Name.Fit]), Next=Array([script]))
    elif where == "page-actions":
        page.obj.AA = Dictionary(O=script)
    elif where in ("link", "launch", "uri"):
        action = {"link": script, "launch": launch,
                  "uri": Dictionary(S=Name.URI, URI=pikepdf.String("javascript:alert(1)"))}[where]  # fmt: skip
        annotation = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([10, 10, 50, 50]), A=action)
        page.obj.Annots = Array([pdf.make_indirect(annotation)])
    else:
        pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([pikepdf.String("x"), script])))
    code, output = run("check", str(save(pdf, tmp_path / f"{where}.pdf")), "--profile", "screen")
    assert code == 1 and clean(output) and "[actions]" in output, output
    word = {"launch": "Launch action", "uri": "javascript: address", "names": "document-level JavaScript"}
    assert word.get(where, "JavaScript action") in output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_not_a_pdf() -> None:
    code, output = run_bounded("check", "/dev/zero", seconds=30)
    assert code == 2 and clean(output) and "the PDF is not a regular file" in output


@pytest.mark.parametrize("dpi", ["0", "-5", "100000"])
def test_preview_takes_a_sensible_resolution(tmp_path: Path, dpi: str) -> None:
    pdf = pikepdf.new()
    page_with(pdf, b"0 0 m 10 10 l S")
    code, output = run("preview", str(save(pdf, tmp_path / "one.pdf")), "-o", str(tmp_path / "png"), "--dpi", dpi)
    assert code == 2 and clean(output) and "--dpi: takes 10 to 600" in output
    assert not (tmp_path / "png").exists()
