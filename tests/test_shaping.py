"""Text in every script: bidi order (checked against python-bidi), HarfBuzz shaping and the text
it extracts as, line breaks without spaces (UAX #14), grapheme clusters kept whole, and the
right-to-left page mirrored."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import ROOT

from brochure.layout import bidi
from brochure.layout.shaping import GLYPH_TEXT, shape, shaped_width
from brochure.layout.text import break_lines, unspaced_breaks
from brochure.rich import Span
from brochure.theme import TextStyle, register_font
from brochure.units import mm

FONTS = ROOT / "assets" / "fonts"
BLACK = __import__("brochure.colour", fromlist=["CMYK"]).CMYK(0, 0, 0, 1)


def _font(name: str) -> str:
    return register_font(FONTS / f"{name}.ttf")


@pytest.mark.parametrize("rtl", [False, True])
def test_bidi_order_matches_python_bidi(rtl: bool) -> None:
    get_display = pytest.importorskip("bidi").get_display
    rng = random.Random(12)
    alphabet = list("abc שלום مرح 12 3.4 - ( ) [ ] , : % $ ٣٤ ")
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        order = bidi.visual_order(bidi.levels(text, rtl))
        assert "".join(text[i] for i in order) == get_display(text, base_dir="R" if rtl else "L"), text


def test_a_phone_number_keeps_its_order_in_right_to_left_text() -> None:
    text = "الهاتف: 01632 960 123"
    plain = "".join(text[i] for i in bidi.visual_order(bidi.levels(text, True)))
    assert "123 960 01632" in plain  # what the bidi algorithm alone does to numbers and spaces
    start = text.index("0")
    isolated = "".join(text[i] for i in bidi.visual_order(bidi.levels(text, True, ((start, len(text)),))))
    assert isolated.startswith("01632 960 123")


def test_arabic_is_joined_right_to_left_and_every_glyph_says_its_letters() -> None:
    font = _font("NotoNaskhArabic-Regular")
    word = "بالعالم"
    shaped = shape(word, font, 14, True)
    assert shaped.actual is None  # right to left: the ToUnicode map says it
    glyphs = [ord(c) for c in shaped.glyphs]
    face = str(__import__("reportlab.pdfbase.pdfmetrics", fromlist=["getFont"]).getFont(font).face.name, "latin-1")
    said = [GLYPH_TEXT.get((face, g), chr(g)) for g in glyphs]
    assert "".join(reversed(said)) == word
    assert any(0xE000 <= g < 0xF900 for g in glyphs), "contextual forms have no character of their own"
    isolated = sum(shaped_width(c, font, 14, True) for c in word)
    assert shaped.width != pytest.approx(isolated), "joined forms are not the isolated letters"


def test_bengali_vowel_sign_before_its_consonant_gets_actual_text() -> None:
    font = _font("NotoSansBengali-Regular")
    shaped = shape("কিছু", font, 14, False)
    assert shaped.actual == "কিছু"  # the vowel sign is drawn first: the glyphs alone would misread


def test_latin_is_set_by_character_as_before() -> None:
    font = _font("AtkinsonHyperlegible-Regular")
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert shaped_width("Ketamine therapy", font, 14) == stringWidth("Ketamine therapy", font, 14)


def _style(font: str, language: str = "", rtl: bool = False) -> TextStyle:
    return TextStyle(font, font, 14.0, 20.0, BLACK, language, rtl)


def test_chinese_breaks_between_characters_but_never_before_closing_punctuation() -> None:
    font = _font("NotoSansSC-Regular-subset")
    text = "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。" * 2
    lines = break_lines((Span(text),), _style(font, "zh"), mm(60))
    assert len(lines) > 2
    joined = ["".join(run.text for run in runs) for runs in lines]
    assert "".join(joined) == text, "no character lost or added (no spaces between Chinese lines)"
    assert not any(line[0] in "，。" for line in joined[1:]), joined
    widths = [runs[-1].x + runs[-1].width for runs in lines]
    assert max(widths) <= mm(60) + 0.01
    assert set(unspaced_breaks("你好 world")) <= {1}


def test_a_word_wider_than_the_line_breaks_between_grapheme_clusters_only() -> None:
    from uniseg.graphemecluster import grapheme_clusters

    font = _font("NotoSansBengali-Regular")
    word = "ভ্রাতৃত্বসুলভক্ষমাকিছু" * 3
    lines = break_lines((Span(word),), _style(font, "bn"), mm(25))
    clusters = list(grapheme_clusters(word))
    edges = {sum(len(c) for c in clusters[:i]) for i in range(len(clusters) + 1)}
    offset = 0
    for runs in lines[:-1]:
        offset += sum(len(run.text) for run in runs)
        assert offset in edges, "a line ends inside a grapheme cluster"


def test_right_to_left_lines_keep_reading_order_in_line_text() -> None:
    font = _font("NotoNaskhArabic-Regular")
    text = "اتصل على 01632 960 123 أو hello@example.org اليوم"
    runs = break_lines((Span(text),), _style(font, "ar", True), mm(300))[0]
    line = __import__("brochure.layout.model", fromlist=["Line"]).Line(0.0, runs)
    assert line.text == text
    xs = [run.x for run in runs]
    assert xs == sorted(xs), "runs are in visual order, left to right"
    assert runs[0].text.strip().startswith("اليوم") or runs[0].rtl, "the last words read are leftmost"


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Arabic example (examples/ar), with an English drug name, a dose and a phone number
    added to its first section."""
    import brochure

    folder = tmp_path_factory.mktemp("ar")
    shutil.copytree(ROOT / "examples" / "ar", folder / "examples" / "ar")
    shutil.copytree(ROOT / "assets", folder / "assets")
    shutil.copy(ROOT / "brand.yaml", folder / "brand.yaml")
    content = folder / "examples" / "ar" / "content.yaml"
    text = content.read_text(encoding="utf-8")
    first = re.search(r"sections:\n  - heading: .*\n    body: (>-\n)?", text)
    assert first is not None
    addition = "      Ketamine 20 mg. اتصل على 01632 960 123.\n" if first.group(1) else ""
    if not first.group(1):  # a one-line body: make it folded
        pytest.fail("the Arabic example's first section has no folded body")
    text = text[: first.end()] + addition + text[first.end() :]
    content.write_text(text, encoding="utf-8")
    return {
        "print": brochure.build(content, folder / "print.pdf", brochure.BuildOptions()).output,
        "screen": brochure.build(content, folder / "screen.pdf", brochure.BuildOptions(edition="screen")).output,
    }


def test_an_arabic_paragraph_extracts_in_reading_order(arabic: dict[str, Path]) -> None:
    """pdftotext gives the paragraph back as written. PDFium too, except that it reorders a
    phone number's groups in right-to-left text (it runs the plain bidi algorithm over what it
    reads, as if numbers were not kept whole): the page shows 01632 960 123, PDFium says
    123 960 01632. Typst's pages show the number reversed, which is what PDFium expects."""
    words = "اتصل على"
    poppler = subprocess.run(["pdftotext", str(arabic["print"]), "-"], capture_output=True, text=True).stdout
    poppler = unicodedata.normalize("NFKC", re.sub(r"\s+", " ", re.sub("[\u202a-\u202e]", "", poppler)))
    assert words in poppler
    assert "01632 960 123" in poppler
    document = pdfium.PdfDocument(arabic["print"])
    text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    text = unicodedata.normalize("NFKC", re.sub(r"\s+", " ", text))
    assert words in text
    assert "123 960 01632" in text  # PDFium's reading (see above)


def test_an_arabic_page_is_mirrored(arabic: dict[str, Path]) -> None:
    """Headings ("المادة 2", a short line) sit at the right margin; body lines share their right
    edge and are ragged on the left."""
    document = pdfium.PdfDocument(arabic["print"])
    seen = 0
    for page in document:
        textpage = page.get_textpage()
        search = textpage.search("المادة")
        while (hit := search.get_next()) is not None:
            left = textpage.get_charbox(hit[0])[0]
            assert left > page.get_width() / 2, "a heading on the left half"
            seen += 1
    assert seen >= 2


def test_latin_words_in_a_non_latin_leaflet_are_tagged_english(arabic: dict[str, Path]) -> None:
    with pikepdf.open(arabic["screen"]) as pdf:
        streams = b"".join(page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array)
                           else b"".join(c.read_bytes() for c in page.Contents) for page in pdf.pages)  # fmt: skip
    assert b"/Span <</Lang (en)>> BDC" in streams
