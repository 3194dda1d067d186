"""Document -> PDF bytes. The only module that touches ReportLab's canvas.

Each page's MediaBox holds the trim, the bleed and (with marks) a slug for printer's marks; the
drawing origin is moved to the trim's lower-left corner, where the layout's coordinates start.
All colour is DeviceCMYK; ReportLab's `invariant` mode makes the bytes reproducible.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.lib.colors import CMYKColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .assets import Asset, recoloured
from .colour import CMYK, WHITE
from .layout.model import Document, Fill, Item, Picture, Scissors, Stroke, TextBlock, TickBox
from .marks import Marks, draw_marks
from .units import Rect


@dataclass(frozen=True)
class RenderOptions:
    marks: Marks = field(default_factory=Marks)
    slug: str = ""
    font: str = "AtkinsonHyperlegible-Regular"


def render(document: Document, options: RenderOptions) -> bytes:
    """Draw every page; returns the PDF file's bytes."""
    STATE_DEFAULTS["fontName"] = options.font  # the graphics renderer's own default font
    fmt = document.format
    media = fmt.media(options.marks.any_in_slug)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(media.width, media.height),
        invariant=1,
        initialFontName=options.font,
        enforceColorSpace="cmyk",
        pageCompression=1,
    )
    canvas.setTitle(document.title)
    pictures = _PictureCache()
    for page in document.pages:
        shift = Rect(-media.x, -media.y, 0, 0)
        canvas.setPageSize((media.width, media.height))
        canvas.setTrimBox(_box(fmt.trim_rect, shift))
        canvas.setBleedBox(_box(fmt.bleed_rect, shift))
        canvas.saveState()
        canvas.translate(shift.x, shift.y)
        for item in page.items:
            _draw(canvas, item, pictures)
        cut = document.slip.top if page.number == len(document.pages) else None
        slug = f"{options.slug}  \u2022  page {page.number} of {len(document.pages)}"
        draw_marks(canvas, fmt, options.marks, slug, options.font, cut)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _box(rect: Rect, shift: Rect) -> tuple[float, float, float, float]:
    return (rect.x + shift.x, rect.y + shift.y, rect.right + shift.x, rect.top + shift.y)


def _cmyk(colour: CMYK) -> CMYKColor:
    return CMYKColor(colour.c, colour.m, colour.y, colour.k)


def _draw(canvas: Canvas, item: Item, pictures: _PictureCache) -> None:
    if isinstance(item, TextBlock):
        for line in ((item.label,) if item.label else ()) + item.lines:
            text = canvas.beginText()
            for run in line.runs:
                text.setTextOrigin(run.x, line.baseline)
                text.setFont(run.font, run.size)
                text.setFillColor(_cmyk(run.colour))
                text.textOut(run.text)
            canvas.drawText(text)
    elif isinstance(item, Fill):
        canvas.setFillColor(_cmyk(item.colour))
        r = item.rect
        canvas.rect(r.x, r.y, r.width, r.height, stroke=0, fill=1)
    elif isinstance(item, Stroke):
        canvas.setStrokeColor(_cmyk(item.colour))
        canvas.setLineWidth(item.width)
        canvas.setDash(list(item.dash) if item.dash else [])
        canvas.line(item.x1, item.y1, item.x2, item.y2)
        canvas.setDash([])
    elif isinstance(item, TickBox):
        canvas.setStrokeColor(_cmyk(item.colour))
        canvas.setLineWidth(item.width)
        r = item.rect
        canvas.rect(r.x, r.y, r.width, r.height, stroke=1, fill=0)
    elif isinstance(item, Picture):
        pictures.draw(canvas, item)
    elif isinstance(item, Scissors):
        _scissors(canvas, item)


def _scissors(canvas: Canvas, item: Scissors) -> None:
    """A pair of open scissors pointing right along the cut line, drawn as vectors."""
    x, y, s = item.x, item.y, item.size
    canvas.setFillColor(_cmyk(WHITE))
    canvas.rect(x - 0.55 * s, y - 0.45 * s, 1.15 * s, 0.9 * s, stroke=0, fill=1)
    canvas.setStrokeColor(_cmyk(item.colour))
    canvas.setLineWidth(max(0.8, s * 0.06))
    canvas.setLineCap(1)
    for sign in (1, -1):
        canvas.line(x - 0.2 * s, y + sign * 0.18 * s, x + 0.55 * s, y - sign * 0.1 * s)
        canvas.circle(x - 0.36 * s, y + sign * 0.26 * s, 0.15 * s, stroke=1, fill=0)
    canvas.setLineCap(0)


class _PictureCache:
    """Recoloured drawings and image readers, made once per build."""

    def __init__(self) -> None:
        self.drawings: dict[tuple[int, CMYK | None], object] = {}
        self.images: dict[int, ImageReader] = {}

    def draw(self, canvas: Canvas, item: Picture) -> None:
        asset: Asset = item.asset
        r = item.rect
        if asset.drawing is not None:
            key = (id(asset), item.recolour)
            if key not in self.drawings:
                drawing = asset.drawing
                self.drawings[key] = recoloured(drawing, item.recolour) if item.recolour else drawing
            canvas.saveState()
            canvas.translate(r.x, r.y)
            canvas.scale(r.width / asset.width, r.height / asset.height)
            renderPDF.draw(self.drawings[key], canvas, 0, 0)
            canvas.restoreState()
        elif asset.bitmap is not None:
            if id(asset) not in self.images:
                self.images[id(asset)] = ImageReader(asset.bitmap)
            canvas.drawImage(self.images[id(asset)], r.x, r.y, r.width, r.height)
