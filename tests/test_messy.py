"""Messy input from real clinic staff: the printed leaflet is what the person wrote, or a located
error says why not (issue 11). Each test builds what a person would bring and reads the result
back with independent readers (pypdf text, pikepdf objects, Ghostscript or PDFium pixels)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

import brochure
from brochure.__main__ import main
from brochure.content import load_content
from brochure.errors import InputError, human_path, plural
from brochure.layout.model import Picture, TextBlock

Edit = Callable[[str, str], Path]


def problems(content: Path, **options: object) -> list[str]:
    with pytest.raises(InputError) as caught:
        brochure.make_pdf(content, brochure.BuildOptions(**options))  # type: ignore[arg-type]
    return [d.format() for d in caught.value.diagnostics]


def text_of(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# -- text as written -------------------------------------------------------------------------


def test_curly_quotes_from_word_are_read_as_quotes(edit: Edit, tmp_path: Path) -> None:
    edit('version: "1.0"', "version: \u201c1.0\u201d")
    path = edit("phone: 01632 960 123", "phone: \u201c01632 960 123\u201d")
    content, warnings = load_content(path)
    assert content.leaflet.version == "1.0" and content.clinic.phone == "01632 960 123"
    assert any("curly quotes" in w.message and w.severity == "warning" for w in warnings)
    result = brochure.build(path, tmp_path / "out.pdf")
    printed = text_of(result.output)
    assert "\u201c" not in printed and "\u201d" not in printed and "01632 960 123" in printed


def test_a_smart_quoted_title_with_a_colon_is_the_title(edit: Edit) -> None:
    path = edit('title: "Unlocking Hope:', "title: \u201cUnlocking Hope:")
    path = edit('Depression"\nsubtitle', "Depression\u201d\nsubtitle")
    content, _ = load_content(path)
    assert content.title == "Unlocking Hope: The Promise of Ketamine Therapy in Treating Depression"


def test_a_no_break_space_is_kept_and_never_breaks(edit: Edit) -> None:
    long = "word " * 14
    path = edit("results, ketamine can produce", f"results, {long}ketamine 25\u00a0mg can produce")
    content, _ = load_content(path)
    assert "25\u00a0mg" in content.sections[0].blocks[0].text[0].text  # type: ignore[union-attr]
    document = brochure.lay_out_unaudited(path).document
    lines = [line.text for page in document.pages for item in page.items if isinstance(item, TextBlock)
             for line in item.lines if "mg can" in line.text or line.text.rstrip().endswith("25")]  # fmt: skip
    assert lines and all("25\u00a0mg" in line for line in lines), lines


def test_a_soft_hyphen_is_invisible_unless_a_line_breaks_there(edit: Edit, tmp_path: Path) -> None:
    shy = "\u00ad"
    path = edit("rapid-acting\n", f"rapid-acting anti{shy}depres{shy}sant{shy}ish\n")
    content, _ = load_content(path)
    result = brochure.build(path, tmp_path / "out.pdf")
    printed = text_of(result.output)
    assert "antidepressantish" in printed.replace("-\n", "").replace("\n", "")
    assert shy not in printed
    narrow = brochure.layout.text.break_lines(
        brochure.rich.parse(f"anti{shy}depres{shy}sant"),
        brochure.load_theme(content)[0].body,
        brochure.layout.text.text_width("antidepres-", brochure.load_theme(content)[0].regular, 14) + 1,
    )
    assert ["".join(r.text for r in line) for line in narrow] == ["antidepres-", "sant"]


def test_a_zero_width_space_is_removed_with_a_warning_at_its_place(edit: Edit) -> None:
    path = edit("Ketamine, originally developed", "Ketamine, originally\u200b developed")
    content, warnings = load_content(path)
    assert "\u200b" not in content.sections[0].blocks[0].text[0].text  # type: ignore[union-attr]
    [warning] = [w for w in warnings if "ZERO WIDTH SPACE" in w.message]
    line = line_of(path, "originally\u200b")
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index("\u200b") + 1
    assert warning.format().startswith(f"{path}:{line}:{column}: warning: section 1 › body: U+200B ZERO WIDTH SPACE")


@pytest.mark.parametrize("style", [">-", ">", "|", ""])
def test_a_blank_line_separates_paragraphs_in_every_block_style(project: Path, style: str) -> None:
    first, second = "Ketamine was first an anaesthetic.", "It can lift mood within hours."
    body = f"body: {style}\n      {first}\n\n      {second}" if style else f'body: "{first}\n\n      {second}"'
    path = project / "content.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("body: >-\n      Ketamine, originally")
    end = text.index("\n\n  - heading: Mechanism")
    path.write_text(text[:start] + body + text[end:], encoding="utf-8")
    content, _ = load_content(path)
    paragraphs = [b.text[0].text for b in content.sections[0].blocks]  # type: ignore[union-attr]
    assert paragraphs == [first, second]


def test_a_line_that_looks_like_a_list_item_gets_a_hint(edit: Edit) -> None:
    path = edit("      antidepressant properties.", "      antidepressant properties.\n      - one point\n     ")
    _, warnings = load_content(path)
    assert any("starts with '-'" in w.message and "bullets:" in w.hint for w in warnings)


# -- scalars as written -----------------------------------------------------------------------


@pytest.mark.parametrize(("key", "written"), [("hours", "9:30"), ("phone", "+441632960123"), ("phone", "111")])
def test_text_fields_take_scalars_as_written(edit: Edit, key: str, written: str) -> None:
    old = {"hours": "hours: Monday to Friday, 9am to 5pm", "phone": "phone: 01632 960 123"}[key]
    path = edit(old, f"{key}: {written}")
    content, _ = load_content(path)
    assert getattr(content.clinic, key) == written


def test_a_windows_1252_content_file_is_refused_at_its_first_bad_byte(project: Path) -> None:
    path = project / "content.yaml"
    text = path.read_text(encoding="utf-8").replace("Ketamine\u2019s fast-acting", "Ketamine\u2019s fast-acting")
    path.write_bytes(text.encode("cp1252"))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "\u2019" in row)
    column = text.splitlines()[line - 1].index("\u2019") + 1
    [message] = problems(path)
    assert message.startswith(f"{path}:{line}:{column}: error: the file is not UTF-8 text: byte 0x92")
    assert "save it as UTF-8" in message


# -- colours ------------------------------------------------------------------------------------


def brand_with(project: Path, line: str) -> Path:
    brand = project / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("primary: [100, 60, 0, 20]", line), encoding="utf-8")
    return project / "content.yaml"


@pytest.mark.parametrize("written", ['primary: "#005EB8"', "primary: {rgb: [0, 94, 184]}", 'primary: "#05b"'])
def test_screen_colours_are_converted_through_the_print_profile_and_said(project: Path, written: str) -> None:
    content = brand_with(project, written)
    prepared = brochure.prepare(content)
    primary = prepared.theme.primary
    assert primary.c > 0.8 and primary.k < 0.3 and primary.y < 0.1, primary  # a strong blue in CMYK
    [note] = [w for w in prepared.warnings if "screen colour" in w.message]
    assert note.severity == "info" and "prints as CMYK [" in note.message and "FOGRA39" in note.message
    assert note.location is not None and note.location.line == line_of(project / "brand.yaml", "primary:")


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("primary: [1.0, 0.6, 0, 0.2]", "CMYK is given in per cent"),
        ("primary: [0, 94, 184]", "three numbers: a colour in CMYK has four"),
        ("primary: #005EB8", "in YAML a # starts a comment"),
        ("primary: blue", "expected a colour, found 'blue'"),
    ],
)
def test_colour_mistakes_are_refused_with_a_hint(project: Path, written: str, says: str) -> None:
    content = brand_with(project, written)
    found = "\n".join(problems(content))
    assert f"brand.yaml:{line_of(project / 'brand.yaml', 'primary:')}:" in found and says in found


# -- pictures -----------------------------------------------------------------------------------


def _logo(project: Path, name: str, colours: list[tuple[int, int, int, int]]) -> Path:
    """A transparent PNG logo: a ring in the first colour, a bar in the others."""
    image = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 560, 560), fill=colours[0])
    draw.ellipse((200, 200, 400, 400), fill=(0, 0, 0, 0))
    for colour in colours[1:]:
        draw.rectangle((270, 60, 330, 540), fill=colour)
    image.save(project / "assets" / name, dpi=(300, 300))
    brand = project / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("assets/logo.svg", f"assets/{name}"), encoding="utf-8")
    return project / "content.yaml"


def _band_pixels(pdf: Path, logo: Picture, bleed_box: tuple[float, ...]) -> tuple[Image.Image, Image.Image]:
    """The logo's square and the band beside it, rendered in CMYK by Ghostscript."""
    import subprocess

    out = pdf.with_suffix(".tif")
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiff32nc", "-r72", "-dFirstPage=1",
                    "-dLastPage=1", f"-sOutputFile={out}", str(pdf)], check=True)  # fmt: skip
    page = Image.open(out)
    with pikepdf.open(pdf) as opened:
        trim = [float(v) for v in opened.pages[0].TrimBox]
        media_h = float(opened.pages[0].MediaBox[3])
    x0, top = trim[0] + logo.rect.x, media_h - (trim[1] + logo.rect.top)
    square = page.crop((round(x0), round(top), round(x0 + logo.rect.width), round(top + logo.rect.height)))
    beside = page.crop((round(x0) - 12, round(top), round(x0) - 4, round(top + logo.rect.height)))
    return square, beside


@pytest.mark.parametrize("pdfx", ["x4", "x1a"])
def test_a_transparent_png_logo_has_no_box_on_the_band(project: Path, tmp_path: Path, pdfx: str) -> None:
    content = _logo(project, "logo.png", [(0, 83, 159, 255)])  # one colour: reversed out in white
    result = brochure.build(content, tmp_path / "out.pdf", brochure.BuildOptions(pdfx=pdfx))
    [logo] = [i for i in result.document.pages[0].items if isinstance(i, Picture) and i.source == "brand.logo"]
    square, beside = _band_pixels(result.output, logo, ())
    band = beside.getpixel((2, logo.rect.height // 2))
    assert square.getpixel((2, 2)) == band, "the logo's transparent corner shows the band, not a box"
    assert square.getpixel((round(logo.rect.width * 0.12), round(logo.rect.height / 2))) == (0, 0, 0, 0), "white ring"
    with pikepdf.open(result.output) as pdf:
        images = [x for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == "/Image"]
        assert any("/SMask" in x for x in images) == (pdfx == "x4"), "a soft mask in X-4, flattened in X-1a"


def test_a_many_coloured_logo_keeps_its_colours_and_is_warned_when_it_barely_shows(project: Path) -> None:
    content = _logo(project, "logo.png", [(0, 83, 159, 255), (230, 120, 0, 255)])
    prepared = brochure.prepare(content)
    [logo] = [i for i in prepared.document.pages[0].items if isinstance(i, Picture) and i.source == "brand.logo"]
    assert logo.recolour is None
    assert any("barely shows on the cover band" in w.message for w in prepared.warnings)


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">{}</svg>'


def art_form(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The form that draws art.svg (200 × 100 px: 150 × 75 pt) on the cover."""
    [form] = [x for x in pdf.pages[0].Resources.XObject.values()
              if x.Subtype == "/Form" and [float(v) for v in x.BBox] == [0, 0, 150, 75]]  # fmt: skip
    return form


def filters(stream: pikepdf.Object) -> list[str]:
    found = stream.get("/Filter")
    return [str(f) for f in found] if isinstance(found, pikepdf.Array) else [str(found)]


def _illustration(project: Path, body: str) -> Path:
    (project / "assets" / "art.svg").write_text(SVG.format(body), encoding="utf-8")
    content = project / "content.yaml"
    text = content.read_text(encoding="utf-8").replace("assets/brain.svg", "assets/art.svg")
    content.write_text(text, encoding="utf-8")
    return content


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('<defs><mask id="m"><rect width="50" height="50" fill="#fff"/></mask></defs>\n'
         '<rect width="100" height="100" fill="#005EB8" mask="url(#m)"/>', "a mask (line 2)"),
        ('<defs><filter id="f"><feGaussianBlur stdDeviation="4"/></filter></defs>\n'
         '<rect width="100" height="100" fill="#005EB8" filter="url(#f)"/>', "a filter (blur, shadow) (line 2)"),
        ('<defs><pattern id="p" width="10" height="10"><rect width="5" height="5"/></pattern></defs>\n'
         '<rect width="100" height="100" fill="url(#p)"/>', "a pattern fill (line 2)"),
        ('<g opacity="0.5">\n<rect width="100" height="100" fill="#c00"/><rect x="50" width="100" height="60"/></g>',
         'opacity on a group (<g opacity="0.5">, line 1)'),
        ('<style>.faded{opacity:0.5}</style><g class="faded">\n<rect width="9" height="9"/><rect x="9" width="9" height="9"/></g>',
         "opacity on a group"),
    ],
)  # fmt: skip
def test_svg_features_that_cannot_be_drawn_are_refused_with_their_line(project: Path, body: str, says: str) -> None:
    content = _illustration(project, body)
    [message] = problems(content)
    assert f"{content}:{line_of(content, 'art.svg')}:" in message
    assert "'art.svg' uses what brochure cannot draw exactly" in message and says in message


def test_svg_gradients_and_opacity_are_drawn_in_cmyk(project: Path, tmp_path: Path) -> None:
    content = _illustration(project, '<defs><linearGradient id="g"><stop offset="0" stop-color="#005EB8"/>'
                                     '<stop offset="1" stop-color="#41B6E6"/></linearGradient></defs>'
                                     '<rect width="120" height="100" fill="url(#g)"/>'
                                     '<rect x="100" width="100" height="100" fill="#c00" opacity="0.5"/>')  # fmt: skip
    result = brochure.build(content, tmp_path / "out.pdf")
    assert result.print_ready
    with pikepdf.open(result.output) as pdf:
        form = art_form(pdf)
        [shading] = form.Resources.Shading.values()
        assert shading.ColorSpace == "/DeviceCMYK"
        assert any(float(state.get("/ca", 1)) == 0.5 for state in form.Resources.ExtGState.values())
    x1a = problems(content, pdfx="x1a")
    assert any("'art.svg' uses opacity, which PDF/X-1a cannot hold" in m for m in x1a)


def test_svg_text_is_set_in_the_brands_embedded_fonts(project: Path, tmp_path: Path) -> None:
    content = _illustration(project, '<text x="10" y="50" font-family="Arial" font-size="24">Calm mind</text>')
    result = brochure.build(content, tmp_path / "out.pdf")
    assert any("the text in 'art.svg' ('Calm mind') is set in the brand's fonts" in w.message for w in result.warnings)
    with pikepdf.open(result.output) as pdf:
        form = art_form(pdf)
        used = re.findall(rb"/(F[\w+]+) [\d.]+ Tf", form.read_bytes())
        fonts = {str(form.Resources.Font[f"/{name.decode()}"].BaseFont) for name in used}
    assert fonts and all("AtkinsonHyperlegible" in f for f in fonts), fonts
    assert "Calm mind" in text_of(result.output)


def _photo(path: Path) -> int:
    """A photo-like JPEG (smooth tones and detail), as a phone or stock library gives it."""
    from PIL import ImageFilter

    w, h = 900, 600
    base = Image.merge("RGB", [Image.linear_gradient("L").resize((w, h)), Image.radial_gradient("L").resize((w, h)),
                               Image.effect_noise((w, h), 40).filter(ImageFilter.GaussianBlur(3))])  # fmt: skip
    detail = Image.effect_mandelbrot((w, h), (-2, -1.2, 1, 1.2), 80).convert("RGB")
    Image.blend(base, detail, 0.35).save(path, quality=90)
    return path.stat().st_size


def test_a_jpeg_photo_stays_a_jpeg_in_both_editions(project: Path, tmp_path: Path) -> None:
    source = _photo(project / "assets" / "photo.jpg")
    content = project / "content.yaml"
    content.write_text(
        content.read_text(encoding="utf-8").replace("assets/brain.svg", "assets/photo.jpg"), encoding="utf-8"
    )
    sizes = {}
    for edition in ("print", "screen"):
        result = brochure.build(content, tmp_path / f"{edition}.pdf", brochure.BuildOptions(edition=edition))  # type: ignore[arg-type]
        with pikepdf.open(result.output) as pdf:
            [photo] = [x for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == "/Image" and x.Width > 300]
            assert filters(photo) == ["/DCTDecode"]
            sizes[edition] = len(photo.read_raw_bytes())
            if edition == "screen":
                assert photo.read_raw_bytes() == (project / "assets" / "photo.jpg").read_bytes(), "placed as it is"
            else:
                assert photo.ColorSpace == "/DeviceCMYK"
    assert sizes["print"] <= 1.5 * source, (sizes, source)


# -- checks and messages ----------------------------------------------------------------------


def test_an_expired_leaflet_is_an_error_unless_allowed(
    edit: Edit, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("published: 2026-11-01", "published: 2024-06-01")
    path = edit("review: 2028-11-01", "review: 2026-06-01")
    [message] = problems(path, today=dt.date(2026, 12, 1))
    assert message.startswith(f"{path}:{line_of(path, 'review:')}:")
    assert (
        "the review date 1 June 2026 has passed (today is 1 December 2026)" in message and "--allow-expired" in message
    )
    result = brochure.build(
        path, tmp_path / "archive.pdf", brochure.BuildOptions(allow_expired=True, today=dt.date(2026, 12, 1))
    )
    assert result.output.exists()
    assert any("review date 1 June 2026 has passed" in w.message for w in result.warnings)
    assert main(["build", str(path), "-o", str(tmp_path / "cli.pdf")]) == 2
    assert not (tmp_path / "cli.pdf").exists() and "1 problem found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("written", "hint"), [("English", "write 'en-GB'"), ("Welsh", "write 'cy'"), ("en_gb!", "en-GB")]
)
def test_a_language_name_is_refused_with_its_tag(edit: Edit, written: str, hint: str) -> None:
    path = edit("language: en-GB", f"language: {written}")
    [message] = problems(path)
    assert f"{path}:{line_of(path, 'language:')}:11: error: language: '{written}' is not a language tag" in message
    assert hint in message


def test_a_language_tag_is_written_in_its_usual_case(edit: Edit) -> None:
    content, _ = load_content(edit("language: en-GB", "language: zh_hans"))
    assert content.language == "zh-Hans"


def test_messages_count_as_people_do() -> None:
    assert human_path("sections[5].heading") == "section 6 › heading"
    assert human_path("help.options[0]") == "help › option 1"
    assert human_path("clinic.phone") == "clinic.phone"
    assert [plural(n, "error") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]


# -- batch and fonts --------------------------------------------------------------------------


def test_a_failed_row_removes_its_stale_output(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "riverside.pdf").write_bytes(b"%PDF-1.7 last month's leaflet")
    (out / "harbour.pdf").write_bytes(b"%PDF-1.7 last month's leaflet")
    data = tmp_path / "clinics.csv"
    data.write_text("name,clinic.name,clinic.email\nriverside,Riverside Clinic,not an address\n"
                    "harbour,Harbour Clinic,harbour@example.org\n", encoding="utf-8")  # fmt: skip
    assert main(["batch", str(project / "content.yaml"), "--data", str(data), "-o", str(out), "--jobs", "1"]) == 1
    assert not (out / "riverside.pdf").exists()
    assert (out / "harbour.pdf").read_bytes().startswith(b"%PDF-") and (out / "harbour.pdf").stat().st_size > 10_000
    assert f"removed {out / 'riverside.pdf'}" in capsys.readouterr().err


def test_two_fonts_with_one_file_name_stay_distinct(project: Path, tmp_path: Path) -> None:
    from brochure.theme import DEFAULT_FONTS, register_font

    other = tmp_path / "fonts" / DEFAULT_FONTS["regular"].name  # the bold font's contents, the regular's name
    other.parent.mkdir()
    shutil.copy(DEFAULT_FONTS["bold"], other)
    regular, bold, impostor = (register_font(p) for p in (DEFAULT_FONTS["regular"], DEFAULT_FONTS["bold"], other))
    assert impostor != regular and impostor.startswith("AtkinsonHyperlegible-Regular-")
    assert impostor.rsplit("-", 1)[1] == bold.rsplit("-", 1)[1], "named by its contents: the bold font's digest"


def test_check_names_an_image_by_page_place_and_size() -> None:
    from brochure.check.rules import describe_image
    from brochure.check.walk import Colour
    from brochure.check.walk import Image as Placed

    image = Placed("/FormXob.f6ec", (600, 450), (170.08, 127.56), Colour("cmyk"), False, (56.69, 600, 226.77, 727.56))
    text = describe_image(image, (0, 0, 595.28, 841.89))
    assert text == "the 60 × 45 mm image 20 mm from the left and 40 mm from the top (600 × 450 pixels)"
    assert "FormXob" not in text


# -- the Unicode policy, as a property ------------------------------------------------------------

FIELDS = (  # every text field a person types, as (path in content.yaml, prefix that keeps it valid)
    ("title", ""), ("subtitle", ""), ("summary", ""), ("sections.0.heading", ""), ("sections.1.body", ""),
    ("clinic.name", ""), ("clinic.phone", "01632 "), ("clinic.address", ""), ("clinic.hours", ""),
    ("leaflet.reference", ""), ("leaflet.version", ""), ("leaflet.author", ""), ("help.heading", ""),
    ("help.intro", ""), ("help.options.0", ""), ("help.privacy", ""), ("help.return", ""),
    ("disclaimer", ""), ("other_formats", ""), ("sources.0", ""),
)  # fmt: skip
_MARKUP = set("*[]\\`_")  # rich-text markup (**bold**, [label](link), \ escapes): not literal text


def _alphabet() -> list[str]:
    import unicodedata

    from brochure.theme import DEFAULT_FONTS, _glyphs, register_font

    glyphs = _glyphs(register_font(DEFAULT_FONTS["regular"])) & _glyphs(register_font(DEFAULT_FONTS["bold"]))
    printable = [chr(c) for c in sorted(glyphs) if unicodedata.category(chr(c))[0] in "LNPS" and chr(c) not in _MARKUP]
    return [*printable, " ", "\u00a0", "\u200b", "\ufeff", "e\u0301"]  # spaces, removals, a decomposed é


ALPHABET = _alphabet()


def _set(content: dict[str, Any], dotted: str, value: str) -> None:
    *parents, last = dotted.split(".")
    node: Any = content
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value


@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(st.lists(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=24).map("".join),
                min_size=len(FIELDS), max_size=len(FIELDS)))  # fmt: skip
def test_unicode_text_in_every_field_is_printed_as_the_policy_says(values: list[str]) -> None:
    """Whatever a person types (in characters the fonts have), the PDF's text is its NFC form
    less the zero-width spaces and byte-order marks the policy removes."""
    import tempfile
    import unicodedata

    import yaml
    from conftest import ROOT, normalise

    for value in values:
        inner = value.strip()
        assume(not (len(inner) >= 2 and inner[0] in "\u201c\u2018\u201e"))  # curly-quoted: read as quotes
        assume(any(c.strip() for c in value.replace("\u200b", "").replace("\ufeff", "")))
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copytree(ROOT / "assets", project / "assets")
        shutil.copy(ROOT / "brand.yaml", project / "brand.yaml")
        content = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
        for (field, prefix), value in zip(FIELDS, values, strict=True):
            _set(content, field, prefix + value)
        (project / "content.yaml").write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        try:
            brochure.build(project / "content.yaml", project / "out.pdf", brochure.BuildOptions(allow_expired=True))
        except brochure.LayoutError:
            assume(False)  # text too long for its place is the layout audit's concern, not this property's
        printed = normalise(unicodedata.normalize("NFC", text_of(project / "out.pdf")))
    for (field, prefix), value in zip(FIELDS, values, strict=True):
        expected = unicodedata.normalize("NFC", (prefix + value).replace("\u200b", "").replace("\ufeff", ""))
        assert normalise(expected) in printed, f"{field}: {expected!r}"
