"""Contrast judged on the colour the screen edition really draws, against the WCAG 2.x formula."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pikepdf
import pytest
from conftest import ROOT

import brochure
from brochure.check.leaflet import _contrast
from brochure.colour import CMYK, WHITE, contrast
from brochure.layout.model import Line, Page, TextBlock
from brochure.render import render

TODAY = dt.date(2026, 11, 30)
GREYS = [CMYK(0, 0, 0, k / 100) for k in range(40, 81)]
BLUES = [  # NHS blue #005EB8 as brands print it, and other common brand blues
    CMYK.from_percent(v) for v in ([100, 50, 0, 0], [100, 60, 0, 20], [100, 80, 0, 0], [100, 40, 0, 0],
                                   [80, 40, 0, 0], [100, 30, 0, 0], [90, 70, 0, 40], [60, 30, 0, 0])
]  # fmt: skip


def wcag_ratio(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2.x contrast from the relative-luminance definition, written here on its own."""

    def lum(rgb: tuple[float, float, float]) -> float:
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _text_colours(pdf: bytes) -> list[tuple[float, float, float]]:
    """The fill colour (rg) each text object of the first page shows its text in, in order."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        colour: tuple[float, float, float] = (0.0, 0.0, 0.0)
        out, shown = [], False
        for operands, operator in pikepdf.parse_content_stream(doc.pages[0]):
            op = str(operator)
            if op == "rg":
                colour = tuple(float(v) for v in operands)  # type: ignore[assignment]
            elif op == "BT":
                shown = False
            elif op in ("Tj", "TJ", "'", '"') and not shown:
                out.append(colour)
                shown = True
        return out


def test_contrast_check_judges_the_screen_editions_colour() -> None:
    """Every swatch drawn by the real screen-edition renderer; the check's ratio and verdict are
    those of a separate WCAG implementation applied to the RGB the PDF sets for the text."""
    prepared = brochure.lay_out_unaudited(ROOT / "content.yaml", brochure.BuildOptions(edition="screen"))
    document = prepared.document
    template = next(b for p in document.pages for b in p.items if isinstance(b, TextBlock) and b.role == "P")
    run = template.lines[0].runs[0]
    colours = GREYS + BLUES
    blocks = tuple(
        TextBlock(
            "P",
            (
                Line(
                    800 - 18 * i,
                    (replace(run, x=60, text="Swatch", colour=c, width=40, size=12.0, font=prepared.theme.regular),),
                ),
            ),
            "swatch",
        )
        for i, c in enumerate(colours)
    )
    sheet = replace(document, pages=(Page(1, blocks),))
    shown = _text_colours(render(sheet, prepared.render_options).pdf)
    assert len(shown) == len(colours)
    failing = {f.message.split(" on ")[0].removeprefix("text colour ") for f in _contrast(sheet)}
    flips = 0
    for colour, rgb in zip(colours, shown, strict=True):
        reference = wcag_ratio(rgb, (1.0, 1.0, 1.0))
        assert contrast(colour, WHITE) == pytest.approx(reference, abs=0.01), colour
        described = "C{:.0f} M{:.0f} Y{:.0f} K{:.0f}".format(
            *(100 * v for v in (colour.c, colour.m, colour.y, colour.k))
        )
        assert (described in failing) == (reference < 4.5), (colour, reference)
        flips += (wcag_ratio(colour.rgb(), (1.0, 1.0, 1.0)) >= 4.5) != (reference >= 4.5)
    k62 = shown[GREYS.index(CMYK(0, 0, 0, 0.62))]
    assert "#{:02X}{:02X}{:02X}".format(*(round(v * 255) for v in k62)) == "#828281"
    assert wcag_ratio(k62, (1, 1, 1)) == pytest.approx(3.85, abs=0.01)
    assert flips == 15, "K54-K66 failed wrongly as passes, NHS-like blues 100/50/0/0 and 100/40/0/0 the other way"
