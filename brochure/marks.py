"""Printer's marks, drawn in the slug outside the BleedBox: crop marks, fold marks, a slug line,
and the perforation die line along the slip's cut (its own separation, overprinting).

These are print furniture, not content: the layout knows nothing of them.
"""

from __future__ import annotations

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
    start, end = bleed + CROP_MARK_OFFSET, bleed + CROP_MARK_OFFSET + CROP_MARK_LENGTH
    canvas.saveState()
    canvas.setLineWidth(MARK_WIDTH)
    _stroke_spot(canvas, REGISTRATION_SPOT)
    if marks.crop:
        for x, dx in ((trim.x, -1), (trim.right, 1)):
            for y, dy in ((trim.y, -1), (trim.top, 1)):
                canvas.line(x + dx * start, y, x + dx * end, y)
                canvas.line(x, y + dy * start, x, y + dy * end)
    if marks.fold:
        canvas.setDash([mm(1), mm(1)])
        for x in folds:
            canvas.line(x, trim.top + start, x, trim.top + end)
            canvas.line(x, trim.y - start, x, trim.y - end)
        canvas.setDash([])
    canvas.restoreState()
    if marks.slug:
        text = canvas.beginText()
        text.setTextOrigin(trim.x + mm(14), trim.y - bleed - mm(5.5))
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


def _stroke_spot(canvas: Canvas, spot: Spot) -> None:
    """Select a separation colour at full tint for stroking; finishing defines the resource."""
    canvas.addLiteral(f"/{spot.resource} CS 1 SCN")
