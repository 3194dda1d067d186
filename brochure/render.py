"""Document -> PDF bytes. With marks.py, the only code that touches ReportLab's canvas.

Print edition: each page's MediaBox holds the trim, the bleed and (with marks) a slug; colour is
DeviceCMYK. Screen edition: trimmed pages, sRGB colour, live links and bookmarks. In both, every
piece of content is drawn inside marked content: tagged pieces get an MCID (handed out here, in
drawing order, so tag order and paint order agree) and decoration is an Artifact. The drawing
origin is the trim's lower-left corner, where the layout's coordinates start.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Literal

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .assets import recoloured
from .colour import CMYK, WHITE, screen_colours
from .layout.model import Document, Fill, Item, Picture, Run, Scissors, Stroke, TextBlock, TickBox
from .marks import NO_MARKS, Marks, draw_marks
from .structure import Key, segments
from .units import Rect

Edition = Literal["print", "screen"]


@dataclass(frozen=True)
class RenderOptions:
    marks: Marks = field(default_factory=Marks)
    slug: str = ""
    font: str = "AtkinsonHyperlegible-Regular"
    edition: Edition = "print"


@dataclass(frozen=True)
class Rendered:
    """The PDF, and where each tagged piece ended up: its page and MCID, and link annotations."""

    pdf: bytes
    mcids: dict[Key, tuple[int, int]]
    links: dict[Key, tuple[int, int, str]]  # key -> (page, index in the page's /Annots, description)
    offset: tuple[float, float]  # trim origin in default user space


def render(document: Document, options: RenderOptions) -> Rendered:
    """Draw every page."""
    STATE_DEFAULTS["fontName"] = options.font  # the graphics renderer's own default font
    screen = options.edition == "screen"
    marks = NO_MARKS if screen else options.marks
    fmt = document.format
    media = fmt.trim_rect if screen else fmt.media(marks.any_in_slug)
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(media.width, media.height),
        invariant=1,
        initialFontName=options.font,
        enforceColorSpace=None if screen else "cmyk",
        pageCompression=1,
    )
    canvas.setTitle(document.title)
    painter = _Painter(canvas, document, screen)
    shift = Rect(-media.x, -media.y, 0, 0)
    for page in document.pages:
        canvas.setPageSize((media.width, media.height))
        canvas.setTrimBox(_box(fmt.trim_rect, shift))
        canvas.setBleedBox(_box(fmt.trim_rect if screen else fmt.bleed_rect, shift))
        canvas.saveState()
        canvas.translate(shift.x, shift.y)
        painter.page(page.number)
        for index, item in enumerate(page.items):
            painter.draw(index, item)
        if not screen:
            cut = document.cut if page.number == document.slip_page else None
            slug = f"{options.slug}  \u2022  page {page.number} of {len(document.pages)}"
            canvas.addLiteral("/Artifact BMC")
            draw_marks(canvas, fmt, marks, slug, options.font, cut, fmt.folds_on(page.number))
            canvas.addLiteral("EMC")
        canvas.restoreState()
        canvas.showPage()
    if screen:
        canvas.showOutline()
    canvas.save()
    return Rendered(buffer.getvalue(), painter.mcids, painter.links, (shift.x, shift.y))


def _box(rect: Rect, shift: Rect) -> tuple[float, float, float, float]:
    return (rect.x + shift.x, rect.y + shift.y, rect.right + shift.x, rect.top + shift.y)


class _Painter:
    """Draws items in the edition's colours, wrapping each in marked content."""

    def __init__(self, canvas: Canvas, document: Document, screen: bool):
        self.canvas = canvas
        self.screen = screen
        self.palette = screen_colours(_colours(document)) if screen else {}
        self.mcids: dict[Key, tuple[int, int]] = {}
        self.links: dict[Key, tuple[int, int, str]] = {}
        self.forms: dict[tuple[int, CMYK | None], str] = {}
        self.images: dict[int, ImageReader] = {}
        self.number = 0
        self.next_mcid = 0
        self.annotations = 0
        self.outline_level = 0

    def page(self, number: int) -> None:
        self.number, self.next_mcid, self.annotations = number, 0, 0

    def colour(self, colour: CMYK) -> Color:
        if self.screen:
            return Color(*self.palette[colour])
        return CMYKColor(colour.c, colour.m, colour.y, colour.k)

    def tagged(self, role: str, key: Key) -> None:
        self.mcids[key] = (self.number, self.next_mcid)
        self.canvas.addLiteral(f"/{role} <</MCID {self.next_mcid}>> BDC")
        self.next_mcid += 1

    def artifact(self, pagination: bool = False) -> None:
        self.canvas.addLiteral("/Artifact <</Type /Pagination>> BDC" if pagination else "/Artifact BMC")

    def end(self) -> None:
        self.canvas.addLiteral("EMC")

    def draw(self, index: int, item: Item) -> None:
        if isinstance(item, TextBlock):
            self.text(index, item)
        elif isinstance(item, Picture):
            self.picture(index, item)
        else:
            self.artifact()
            self.decoration(item)
            self.end()

    def text(self, index: int, block: TextBlock) -> None:
        if block.role == "Artifact":
            self.artifact(pagination=block.source == "footer")
            for line in block.lines:
                self.runs(line.runs, line.baseline)
            self.end()
            return
        if self.screen and block.role in ("H1", "H2") and not block.continued:
            self.bookmark(block)
        for position, segment in enumerate(segments(block, self.screen)):
            key = (self.number, index, position)
            self.tagged(segment.role, key)
            self.runs(segment.runs, segment.baseline)
            self.end()
            if segment.link is not None:
                self.link(key, segment.runs, segment.baseline)

    def runs(self, runs: tuple[Run, ...], baseline: float) -> None:
        text = self.canvas.beginText()
        for run in runs:
            text.setTextOrigin(run.x, baseline)
            text.setFont(run.font, run.size)
            text.setFillColor(self.colour(run.colour))
            text.textOut(run.text)
        self.canvas.drawText(text)

    def link(self, key: Key, runs: tuple[Run, ...], baseline: float) -> None:
        first, last = runs[0], runs[-1]
        url = first.url or ""
        rect = (first.x, baseline - 0.25 * first.size, last.x + last.width, baseline + 0.9 * first.size)
        self.canvas.linkURL(url, rect, relative=1, thickness=0)
        label = "".join(run.text for run in runs).strip()
        self.links[key] = (self.number, self.annotations, f"{label} ({url.split(':', 1)[1].lstrip('/')})")
        self.annotations += 1

    def bookmark(self, block: TextBlock) -> None:
        name = f"p{self.number}y{block.lines[0].baseline:.0f}"
        title = " ".join(line.text for line in block.lines)
        self.canvas.bookmarkHorizontal(name, block.lines[0].x, block.lines[0].baseline + block.lines[0].runs[0].size)
        level = 0 if block.role == "H1" else 1
        self.canvas.addOutlineEntry(title, name, level=min(level, self.outline_level + 1))
        self.outline_level = level

    def picture(self, index: int, item: Picture) -> None:
        asset, r = item.asset, item.rect
        if item.alt:
            self.tagged("Figure", (self.number, index, 0))
        else:
            self.artifact()
        drawing = asset.screen_drawing if self.screen else asset.drawing
        bitmap = asset.screen_bitmap if self.screen else asset.bitmap
        if drawing is not None:
            name = self.form(drawing, item.recolour, asset.width, asset.height)
            self.canvas.saveState()
            self.canvas.translate(r.x, r.y)
            self.canvas.scale(r.width / asset.width, r.height / asset.height)
            self.canvas.doForm(name)
            self.canvas.restoreState()
        elif bitmap is not None:
            if id(bitmap) not in self.images:
                self.images[id(bitmap)] = ImageReader(bitmap)
            self.canvas.drawImage(self.images[id(bitmap)], r.x, r.y, r.width, r.height)
        self.end()

    def form(self, drawing: Drawing, recolour: CMYK | None, width: float, height: float) -> str:
        """A vector picture as a Form XObject, drawn once per document however often it is used
        (and shared between records when a batch merges its files)."""
        key = (id(drawing), recolour)
        if key not in self.forms:
            name = f"brochureArt{len(self.forms)}"
            art = recoloured(drawing, self.colour(recolour)) if recolour else drawing
            self.canvas.beginForm(name, 0, 0, width, height)
            renderPDF.draw(art, self.canvas, 0, 0)
            self.canvas.endForm()
            self.forms[key] = name
        return self.forms[key]

    def decoration(self, item: Item) -> None:
        canvas = self.canvas
        if isinstance(item, Fill):
            canvas.setFillColor(self.colour(item.colour))
            r = item.rect
            canvas.rect(r.x, r.y, r.width, r.height, stroke=0, fill=1)
        elif isinstance(item, Stroke):
            canvas.setStrokeColor(self.colour(item.colour))
            canvas.setLineWidth(item.width)
            canvas.setDash(list(item.dash) if item.dash else [])
            canvas.line(item.x1, item.y1, item.x2, item.y2)
            canvas.setDash([])
        elif isinstance(item, TickBox):
            canvas.setStrokeColor(self.colour(item.colour))
            canvas.setLineWidth(item.width)
            r = item.rect
            canvas.rect(r.x, r.y, r.width, r.height, stroke=1, fill=0)
        elif isinstance(item, Scissors):
            self.scissors(item)

    def scissors(self, item: Scissors) -> None:
        """A pair of open scissors pointing right along the cut line, drawn as vectors."""
        canvas = self.canvas
        canvas.saveState()
        canvas.translate(item.x, item.y)
        canvas.rotate(item.angle)
        x, y, s = 0.0, 0.0, item.size
        canvas.setFillColor(self.colour(WHITE))
        canvas.rect(x - 0.55 * s, y - 0.45 * s, 1.15 * s, 0.9 * s, stroke=0, fill=1)
        canvas.setStrokeColor(self.colour(item.colour))
        canvas.setLineWidth(max(0.8, s * 0.06))
        canvas.setLineCap(1)
        for sign in (1, -1):
            canvas.line(x - 0.2 * s, y + sign * 0.18 * s, x + 0.55 * s, y - sign * 0.1 * s)
            canvas.circle(x - 0.36 * s, y + sign * 0.26 * s, 0.15 * s, stroke=1, fill=0)
        canvas.restoreState()


def _colours(document: Document) -> list[CMYK]:
    found: list[CMYK] = [WHITE]
    for page in document.pages:
        for item in page.items:
            if isinstance(item, TextBlock):
                found += [
                    run.colour for line in ((item.label,) if item.label else ()) + item.lines for run in line.runs
                ]
            elif isinstance(item, Picture):
                found += [item.recolour] if item.recolour else []
            else:
                found.append(item.colour)
    return found
