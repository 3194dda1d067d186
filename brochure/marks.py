"""Printer's marks, drawn in the slug outside the BleedBox: crop marks, fold marks, a slug line,
and the perforation die line along the slip's cut (its own separation, overprinting).

These are print furniture, not content: the layout knows nothing of them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from .colour import PERFORATION, REGISTRATION_SPOT, Spot
from .formats import Format
from .units import mm

CROP_MARK_OFFSET = mm(1)  # beyond the bleed, so the marks stay wholly outside the BleedBox
CROP_MARK_LENGTH = mm(6)
MARK_WIDTH = 0.25
SLUG_TEXT_SIZE = 7.0
DIE_LINE_WIDTH = 0.3


@dataclass(frozen=True)
class Marks:
    """Which marks to draw; each is optional."""

    crop: bool = True
    fold: bool = True
    slug: bool = True
    die_line: bool = True

    @property
    def any_in_slug(self) -> bool:
        return self.crop or self.fold or self.slug


NO_MARKS = Marks(crop=False, fold=False, slug=False, die_line=False)


Segment = tuple[float, float, float, float]


def crop_mark_segments(left: float, bottom: float, right: float, top: float, bleed: float) -> list[Segment]:
    """Two crop marks at each corner of a trimmed area, starting beyond its bleed."""
    start, end = bleed + CROP_MARK_OFFSET, bleed + CROP_MARK_OFFSET + CROP_MARK_LENGTH
    lines = []
    for x, dx in ((left, -1), (right, 1)):
        for y, dy in ((bottom, -1), (top, 1)):
            lines.append((x + dx * start, y, x + dx * end, y))
            lines.append((x, y + dy * start, x, y + dy * end))
    return lines


def fold_mark_segments(x: float, bottom: float, top: float, bleed: float) -> list[Segment]:
    """Fold marks above and below a trimmed area, in line with a fold at x."""
    start, end = bleed + CROP_MARK_OFFSET, bleed + CROP_MARK_OFFSET + CROP_MARK_LENGTH
    return [(x, top + start, x, top + end), (x, bottom - start, x, bottom - end)]


def draw_marks(
    canvas: Canvas,
    fmt: Format,
    marks: Marks,
    slug_text: str,
    font: str,
    cut: tuple[float, float, float, float] | None,
    folds: tuple[float, ...] = (),
) -> None:
    """Draw the chosen marks on the current page, in trim coordinates."""
    trim, bleed = fmt.trim_rect, fmt.bleed
    canvas.saveState()
    canvas.setLineWidth(MARK_WIDTH)
    _stroke_spot(canvas, REGISTRATION_SPOT)
    if marks.crop:
        for segment in crop_mark_segments(trim.x, trim.y, trim.right, trim.top, bleed):
            canvas.line(*segment)
    if marks.fold:
        canvas.setDash([mm(1), mm(1)])
        for x in folds:
            for segment in fold_mark_segments(x, trim.y, trim.top, bleed):
                canvas.line(*segment)
        canvas.setDash([])
    canvas.restoreState()
    if marks.slug:
        vertical = [cut[0]] if cut is not None and cut[0] == cut[2] else []
        text = canvas.beginText()
        width = canvas.stringWidth(slug_text, font, SLUG_TEXT_SIZE)
        text.setTextOrigin(slug_x(fmt, width, (*folds, *vertical)), trim.y - bleed - mm(5.5))
        text.setFont(font, SLUG_TEXT_SIZE)
        text.setFillColor(CMYKColor(0, 0, 0, 1))
        text.textOut(slug_text)
        canvas.drawText(text)
    if marks.die_line and cut is not None:
        canvas.saveState()
        canvas.setStrokeOverprint(True)
        canvas.setLineWidth(DIE_LINE_WIDTH)
        _stroke_spot(canvas, PERFORATION)
        canvas.line(*cut)
        canvas.restoreState()


def slug_x(fmt: Format, width: float, verticals: tuple[float, ...]) -> float:
    """Where the slug line starts: in the first gap between the vertical marks below the sheet
    (crop marks at its edges, fold marks, a vertical die line) that holds it, clear of them."""
    edges = sorted({0.0, fmt.trim.width, *verticals})
    gaps = list(itertools.pairwise(edges))
    for left, right in gaps:
        start = left + (mm(14) if left == 0.0 else mm(3))
        if start + width <= right - mm(3):
            return start
    left, _ = max(gaps, key=lambda gap: gap[1] - gap[0])
    return left + mm(3)


def _stroke_spot(canvas: Canvas, spot: Spot) -> None:
    """Select a separation colour at full tint for stroking; finishing defines the resource."""
    canvas.addLiteral(f"/{spot.resource} CS 1 SCN")
