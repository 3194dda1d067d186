from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brochure.colour import BLACK, CMYK, WHITE, contrast
from brochure.formats import A4
from brochure.units import Rect, mm, parse_length, to_mm


def test_parse_length_units() -> None:
    assert parse_length("3mm") == pytest.approx(8.5039, abs=1e-3)
    assert parse_length("0.125in") == pytest.approx(9.0)
    assert parse_length("12pt") == 12.0
    assert parse_length(" 1 cm ") == pytest.approx(mm(10))


@pytest.mark.parametrize("bad", ["3", "mm", "3 px", "", "three mm"])
def test_parse_length_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="expected a length"):
        parse_length(bad)


@given(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False))
def test_mm_round_trip(value: float) -> None:
    assert to_mm(mm(value)) == pytest.approx(value, abs=1e-9)


rects = st.builds(
    Rect,
    st.floats(-500, 500),
    st.floats(-500, 500),
    st.floats(1, 500),
    st.floats(1, 500),
)


@given(rects, st.floats(0, 50))
def test_outset_contains_original(rect: Rect, amount: float) -> None:
    grown = rect.outset(amount)
    assert grown.contains(rect)
    assert grown.width == pytest.approx(rect.width + 2 * amount)
    back = grown.inset(amount, amount, amount, amount)
    assert back.as_box() == pytest.approx(rect.as_box())


def test_a4_boxes() -> None:
    assert to_mm(A4.trim.width) == pytest.approx(210)
    assert to_mm(A4.trim.height) == pytest.approx(297)
    bleed = A4.bleed_rect
    assert to_mm(bleed.width) == pytest.approx(216)
    assert A4.media(marks=True).contains(bleed) and A4.media(marks=False) == bleed


def test_contrast_matches_wcag() -> None:
    assert contrast(BLACK, WHITE) == pytest.approx(21, abs=0.01)
    assert contrast(WHITE, WHITE) == pytest.approx(1)
    assert CMYK.from_rgb(0, 0, 0) == BLACK


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_rgb_conversion_stays_within_ink_limit(r: float, g: float, b: float) -> None:
    assert CMYK.from_rgb(r, g, b).ink <= 300.0 + 1e-6
