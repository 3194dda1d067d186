"""Bad input: every problem reported together, located as file:line:col, with a hint."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

import brochure
from brochure.__main__ import main
from brochure.errors import InputError, OutputError

Edit = Callable[[str, str], Path]


def problems(content: Path) -> list[str]:
    """The formatted diagnostics a build of `content` raises."""
    with pytest.raises(InputError) as caught:
        brochure.make_pdf(content)
    return [d.format() for d in caught.value.diagnostics]


def line_of(path: Path, needle: str) -> int:
    """The 1-based line number of the first line containing `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_yaml_syntax_error_is_located(edit: Edit) -> None:
    path = edit("subtitle: Information", "subtitle: [Information")
    [message] = problems(path)
    assert message.startswith(f"{path}:")
    assert "YAML syntax error" in message and "hint:" in message


def test_unknown_key_suggests_the_right_one(edit: Edit) -> None:
    path = edit("title:", "titel:")
    found = problems(path)
    line = line_of(path, "titel:")
    assert any(
        f"{path}:{line}:1: error: titel: unknown key 'titel'" in m and "did you mean 'title'?" in m for m in found
    )
    assert any("missing required key 'title'" in m for m in found), "the missing title is reported in the same run"


def test_missing_required_field(edit: Edit) -> None:
    path = edit("  reference: NMC-KET-001\n", "")
    [message] = problems(path)
    assert "leaflet.reference: missing required key 'reference'" in message
    assert f":{line_of(path, '  version:')}:" in message, "located at the leaflet mapping"


def test_list_where_text_belongs(edit: Edit) -> None:
    path = edit("  - heading: Clinical Evidence", "  - heading: [Clinical, Evidence]")
    [message] = problems(path)
    assert f"{path}:{line_of(path, '[Clinical')}:14: error: section 3 › heading: expected text, found a list" in message


@pytest.mark.parametrize("written", ["01632960123", "01234567", "+441632960123", "111", "0300 123 4567"])
def test_a_phone_number_is_taken_as_written(edit: Edit, written: str) -> None:
    path = edit("phone: 01632 960 123", f"phone: {written}")
    content, warnings = brochure.content.load_content(path)
    assert content.clinic.phone == written and not warnings


def test_a_phone_number_that_lost_its_leading_zero_is_a_warning(edit: Edit) -> None:
    path = edit("phone: 01632 960 123", "phone: 1632960123")
    content, warnings = brochure.content.load_content(path)
    assert content.clinic.phone == "1632960123"
    [warning] = warnings
    assert "clinic.phone: the phone number 1632960123 has no leading 0" in warning.format()
    assert f"{path}:" in warning.format() and "format the column as Text" in warning.format()


def test_empty_help_options(edit: Edit, project: Path) -> None:
    text = (project / "content.yaml").read_text(encoding="utf-8")
    start = text.index("  options:\n")
    end = text.index("  return:")
    path = project / "content.yaml"
    path.write_text(text[:start] + "  options: []\n" + text[end:], encoding="utf-8")
    [message] = problems(path)
    assert "help.options: expected at least one item, found an empty list" in message


def test_all_problems_reported_together(edit: Edit) -> None:
    edit("title:", "titel:")
    edit("email: hello@example.org", "email: not an address")
    path = edit("file: assets/brain.svg", "file: assets/missing.svg")
    found = problems(path)
    assert len(found) >= 4
    joined = "\n".join(found)
    for expected in (
        "unknown key 'titel'",
        "missing required key 'title'",
        "clinic.email",
        "file not found: 'assets/missing.svg'",
    ):
        assert expected in joined


def test_missing_asset(edit: Edit) -> None:
    path = edit("file: assets/brain.svg", "file: assets/nope.png")
    [message] = problems(path)
    assert f":{line_of(path, 'nope.png')}:" in message and "illustration.file: file not found" in message


def test_asset_outside_project(edit: Edit) -> None:
    path = edit("file: assets/brain.svg", "file: ../../etc/passwd")
    [message] = problems(path)
    assert "outside the project folder" in message and "hint:" in message


def test_corrupt_svg(edit: Edit, project: Path) -> None:
    (project / "assets" / "broken.svg").write_text("<svg><path d='M0 0", encoding="utf-8")
    path = edit("file: assets/brain.svg", "file: assets/broken.svg")
    [message] = problems(path)
    assert "illustration.file" in message and "not a readable SVG" in message
    assert f":{line_of(path, 'broken.svg')}:" in message


def test_corrupt_png(edit: Edit, project: Path) -> None:
    (project / "assets" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    path = edit("file: assets/brain.svg", "file: assets/broken.png")
    [message] = problems(path)
    assert "not a readable image" in message


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge size; decoding it would exhaust memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("size", "says"), [(100_000, "far more than"), (8_000, "8000 x 8000 pixels")])
def test_image_too_large_for_memory(edit: Edit, project: Path, size: int, says: str) -> None:
    (project / "assets" / "huge.png").write_bytes(_png_header(size, size))
    path = edit("file: assets/brain.svg", "file: assets/huge.png")
    [message] = problems(path)
    assert says in message and "illustration.file" in message and "scale it down" in message


def test_unwritable_output(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file, not a folder")
    with pytest.raises(OutputError) as caught:
        brochure.build(project / "content.yaml", blocker / "leaflet.pdf")
    assert "cannot write here" in caught.value.diagnostics[0].format()


def test_markup_is_escaped_not_parsed(edit: Edit) -> None:
    path = edit("subtitle: Information for patients, families and carers", "subtitle: A&E <5 mg & <b>not bold</b>")
    _, document, _ = brochure.make_pdf(path)
    assert "A&E <5 mg & <b>not bold</b>" in document.text()


def test_unclosed_bold_is_an_error(edit: Edit) -> None:
    path = edit("**Quick Relief:**", "**Quick Relief:")
    [message] = problems(path)
    assert "'**' (bold) is not closed" in message


def test_missing_glyph_is_located(edit: Edit) -> None:
    path = edit('title: "Unlocking Hope', 'title: "Unlocking Hope \u2702')
    [message] = problems(path)
    line = line_of(path, "\u2702")
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index("\u2702") + 1
    assert f"{path}:{line}:{column}: error: title: no font has '\u2702' U+2702 BLACK SCISSORS (a symbol" in message


@pytest.mark.parametrize("field", ["reference: NMC-KET-001", 'version: "1.0"', "author: the Northbrook"])
def test_missing_glyph_in_the_leaflet_details_is_located(edit: Edit, field: str) -> None:
    key, value = field.split(": ", 1)
    path = edit(f"  {field}", f"  {key}: {value[:2]}\U00010000{value[2:]}")  # no bundled font has Linear B
    [message] = problems(path)
    assert f"leaflet.{key}: no font has '\U00010000' U+10000 LINEAR B SYLLABLE B008 A (Linear B script)" in message


def test_review_before_publication(edit: Edit) -> None:
    path = edit("review: 2028-11-01", "review: 2025-11-01")
    [message] = problems(path)
    assert "leaflet.review" in message and "not after the publication date" in message


def test_cli_error_output_has_no_traceback_and_writes_nothing(
    edit: Edit, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = edit("title:", "titel:")
    out = project / "out" / "leaflet.pdf"
    assert main(["build", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "did you mean 'title'?" in err and "no PDF was written" in err
    assert not out.exists() and not list(project.glob("out/.*tmp"))


def test_cli_missing_content_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(tmp_path / "nothing.yaml")]) == 2
    assert "nothing.yaml: error: file not found" in capsys.readouterr().err


def test_cli_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["build", "--frobnicate"])
    assert caught.value.code == 2


def test_brand_errors_are_located_in_brand_yaml(project: Path) -> None:
    brand = project / "brand.yaml"
    text = brand.read_text(encoding="utf-8")
    text = text.replace("primary: [100, 60, 0, 20]", "primary: [10, 5, 0, 0]")
    text = text.replace("accent: [0, 45, 90, 0]", "accent: [100, 100, 100, 100]")
    text = text.replace("text: [0, 0, 0, 100]", "txt: [0, 0, 0, 100]")
    brand.write_text(text, encoding="utf-8")
    found = "\n".join(problems(project / "content.yaml"))
    assert f"{brand}:{line_of(brand, 'accent:')}:11: error: colours.accent: total ink 400 % is over the 300 %" in found
    assert "colours.txt: unknown key 'txt'" in found and "did you mean 'text'?" in found


def test_low_contrast_brand_colour(project: Path) -> None:
    brand = project / "brand.yaml"
    brand.write_text(
        brand.read_text(encoding="utf-8").replace("primary: [100, 60, 0, 20]", "primary: [30, 10, 0, 0]"),
        encoding="utf-8",
    )
    [message] = problems(project / "content.yaml")
    assert f"{brand}:{line_of(brand, 'primary:')}:" in message
    assert (
        "colours.primary: text in this colour on white paper has a contrast of only" in message and "4.5:1" in message
    )
