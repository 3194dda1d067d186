"""The bundled fallback fonts, and per-script font fallback (brochure/fonts.py)."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont as FontFile
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from uniseg.graphemecluster import grapheme_clusters

from brochure import fonts
from brochure.theme import DEFAULT_FONTS, register_font

BUNDLED = sorted({path for face in fonts.BUNDLED for path in face})
README = (fonts.FONT_DIR / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def brand() -> tuple[str, str]:
    return register_font(DEFAULT_FONTS["regular"]), register_font(DEFAULT_FONTS["bold"])


def _open(path: Path) -> FontFile:
    return FontFile(io.BytesIO(path.read_bytes()))


def _face(font_name: str) -> str:
    """A registered name without its digest: 'NotoNaskhArabic-Regular'."""
    return font_name.rsplit("-", 1)[0]


def _itemized(text: str, font: str, language: str = "en", bold: bool = False) -> list[tuple[str, str]]:
    return [(piece, _face(name)) for piece, name in fonts.itemize(text, font, bold, language)]


def test_every_fallback_file_is_there_and_every_script_has_both_weights() -> None:
    assert len(BUNDLED) == 20
    for faces in fonts.FALLBACKS.values():
        for face in faces:
            assert face.regular.is_file() and face.bold.is_file()
            assert "Regular" in face.regular.name and "Bold" in face.bold.name


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_font_has_truetype_outlines_loads_in_reportlab_and_has_its_licence(path: Path) -> None:
    font = _open(path)
    assert "glyf" in font and "CFF " not in font and "CFF2" not in font, "ReportLab reads TrueType outlines only"
    assert "fvar" not in font, "a static font, not a variable one"
    assert "Open Font License" in font["name"].getDebugName(13)
    loaded = TTFont(f"test-{path.stem}", str(path))
    assert len(loaded.face.charToGlyph) > 100
    row = next(line for line in README.splitlines() if f"`{path.name.replace('-Bold.', '-Regular.')}`" in line)
    licence = re.findall(r"`(OFL[^`]*\.txt)`", row)
    assert licence, f"the README names no licence for {path.name}"
    text = (fonts.FONT_DIR / licence[0]).read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in text
    assert font["name"].getDebugName(0).replace("©", "Copyright").rstrip(".") in text, "the font's copyright notice"


def test_the_chinese_subset_is_small_and_holds_all_of_gb2312() -> None:
    for path in fonts.SC:
        assert path.stat().st_size < 6 * 1024 * 1024
        cmap = _open(path).getBestCmap()
        hanzi = {ord(c) for hi in range(0xB0, 0xF8) for lo in range(0xA1, 0xFF) for c in _gb2312(hi, lo)}
        assert len(hanzi) == 6763 and hanzi <= cmap.keys()
        assert "subset" in _open(path)["name"].getDebugName(5)


def _gb2312(hi: int, lo: int) -> str:
    try:
        return bytes([hi, lo]).decode("gb2312")
    except UnicodeDecodeError:
        return ""


def test_english_is_set_in_the_brand_font(brand: tuple[str, str]) -> None:
    regular, bold = brand
    assert fonts.itemize("Take two tablets a day, with food.", regular, False, "en") == (
        ("Take two tablets a day, with food.", regular),
    )
    assert fonts.itemize("Side effects", bold, True, "en") == (("Side effects", bold),)


def test_welsh_w_and_y_circumflex_come_from_atkinson_hyperlegible_next(brand: tuple[str, str]) -> None:
    regular, bold = brand
    # the word with ŵ is set in Next, its sibling design, not in two fonts; the other words in the brand's
    assert _itemized("Gŵyl Dewi Sant", regular, "cy") == [
        ("Gŵyl ", "AtkinsonHyperlegibleNext-Regular"),
        ("Dewi Sant", "AtkinsonHyperlegible-Regular"),
    ]
    assert _itemized("Tŷ Ŵyn", bold, "cy", bold=True) == [("Tŷ Ŵyn", "AtkinsonHyperlegibleNext-Bold")]
    assert _itemized("Zażółć gęślą jaźń", regular, "pl") == [("Zażółć gęślą jaźń", "AtkinsonHyperlegible-Regular")]


@pytest.mark.parametrize(
    ("text", "language", "face"),
    [
        ("خذ قرصين في اليوم", "ar", "NotoNaskhArabic-Regular"),
        ("دن میں دو گولیاں لیں", "ur", "NotoNastaliqUrdu-Regular"),
        ("دن میں دو گولیاں لیں", "ur-PK", "NotoNastaliqUrdu-Regular"),
        ("دن میں دو گولیاں لیں", "fa", "NotoNaskhArabic-Regular"),  # Urdu letters, not Urdu: Naskh
        ("দিনে দুটি ট্যাবলেট খান", "bn", "NotoSansBengali-Regular"),
        ("ਦਿਨ ਵਿੱਚ ਦੋ ਗੋਲੀਆਂ ਲਓ", "pa", "NotoSansGurmukhi-Regular"),
        ("દિવસમાં બે ગોળીઓ લો", "gu", "NotoSansGujarati-Regular"),
        ("दिन में दो गोलियाँ लें", "hi", "NotoSansDevanagari-Regular"),
        ("每天服用两片药。", "zh-Hans", "NotoSansSC-Regular-subset"),
        ("שתי טבליות ביום", "he", "NotoSansHebrew-Regular"),
        ("Δύο δισκία την ημέρα", "el", "NotoSans-Regular"),
        ("Две таблетки в день", "ru", "NotoSans-Regular"),
    ],
)
def test_each_script_gets_its_fallback_as_one_run(brand: tuple[str, str], text: str, language: str, face: str) -> None:
    assert _itemized(text, brand[0], language) == [(text, face)]
    assert _itemized(text, brand[1], language, bold=True) == [(text, face.replace("Regular", "Bold"))]


def test_spaces_digits_and_punctuation_stay_inside_an_arabic_run(brand: tuple[str, str]) -> None:
    text = "خذ 2 قرص كل 4 ساعات، مع الطعام."
    assert _itemized(text, brand[0], "ar") == [(text, "NotoNaskhArabic-Regular")]
    assert _itemized("2 قرص", brand[0], "ar") == [("2 قرص", "NotoNaskhArabic-Regular")], "even before the first letter"


def test_combining_marks_and_joiners_stay_with_their_base(brand: tuple[str, str]) -> None:
    for text in ("cafe\u0301", "a\u0308\u0323", "Tiếng Việt", "क्षत्रिय", "ক্\u200dষ", "ਸਿੱਖ", "بِسْمِ"):
        runs = fonts.itemize(text, brand[0], False, "und")
        assert "".join(piece for piece, _ in runs) == text
        for piece, _ in runs[1:]:
            assert unicodedata.category(piece[0])[0] != "M" and piece[0] not in "\u200c\u200d", runs
    # an accent the brand font lacks on a letter it has: the cluster, with its word, moves to the fallback
    assert _itemized("x ạ̈", brand[0]) == [("x ", "AtkinsonHyperlegible-Regular"), ("ạ̈", "NotoSans-Regular")]
    assert _itemized("Tiếng Việt", brand[0], "vi") == [("Tiếng Việt", "NotoSans-Regular")]


def test_a_brand_font_for_a_script_comes_before_the_bundled_one(tmp_path: Path, brand: tuple[str, str]) -> None:
    own = tmp_path / "ClinicArabic.ttf"
    own.write_bytes(fonts.NASKH.regular.read_bytes())
    runs = fonts.itemize("مرحبا", brand[0], False, "ar", {"arabic": own, "regular": DEFAULT_FONTS["regular"]})
    assert [_face(name) for _, name in runs] == ["ClinicArabic"]
    assert _itemized("مرحبا", brand[0], "ar") == [("مرحبا", "NotoNaskhArabic-Regular")], "cached per brand fonts"
    urdu = fonts.itemize("دن میں", brand[0], False, "ur", {"arabic": own})
    assert [_face(name) for _, name in urdu] == ["NotoNastaliqUrdu-Regular"], "Urdu keeps Nastaliq over an Arabic font"
    urdu = fonts.itemize("دن میں", brand[0], True, "ur", {"urdu": own})
    assert [_face(name) for _, name in urdu] == ["ClinicArabic"], "the brand's Urdu font, also for bold"


def test_missing_names_characters_no_font_has(brand: tuple[str, str]) -> None:
    text = "Linear B \U00010000 and a hieroglyph \U00013000 and \U00010000 again"
    assert fonts.missing(text, brand[0], False, "en") == [("\U00010000", "Linb"), ("\U00013000", "Egyp")]
    assert fonts.describe("\U00010000") == "U+10000 LINEAR B SYLLABLE B008 A"
    assert fonts.missing("Gŵyl 每天 خذ", brand[0], False, "cy") == []
    assert "".join(piece for piece, _ in fonts.itemize(text, brand[0], False, "en")) == text


def test_scripts_and_registration(brand: tuple[str, str]) -> None:
    assert [fonts.script_of(c) for c in "aΩя۱ক医 ́"] == ["Latn", "Grek", "Cyrl", "Arab", "Beng", "Hani", "Zyyy", "Zinh"]
    names = {name for _, name in fonts.itemize("每天 خذ ক", brand[0], False, "und")}
    assert names <= set(pdfmetrics.getRegisteredFontNames())
    assert fonts.is_urdu("ur") and fonts.is_urdu("UR_pk") and not fonts.is_urdu("urj") and not fonts.is_urdu(None)


def test_itemize_is_cached(brand: tuple[str, str]) -> None:
    text = "Paragraph with ŵ and عربي " * 20
    first = fonts.itemize(text, brand[0], False, "cy")
    hits = fonts._runs.cache_info().hits
    assert fonts.itemize(text, brand[0], False, "cy") == first
    assert fonts._runs.cache_info().hits == hits + 1


MIXED = "aé e\u0301ŵ,.1 \u200d\u200c\U0001f44d\U0001f3fd\u2764\ufe0f\U0001f1ec\U0001f1e7 क्षि ক্\u200dষ ਸਿੱ ب\u0650\u0600١ 한\u1100\u1161\u11a8 ำກຳｶﾞ\r\n\t\u0d4e\u0d15医。"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(MIXED), max_size=16) | st.text(max_size=8))
def test_grapheme_clusters_are_uniseg_s(text: str) -> None:
    """The fast path (a certain break between two plain characters) agrees with uniseg."""
    assert fonts._clusters(text) == list(grapheme_clusters(text))
