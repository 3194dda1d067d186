"""Document -> PDF bytes. With marks.py, the only code that touches ReportLab's canvas.

Print edition: each page's MediaBox holds the trim, the bleed and (with marks) a slug; colour is
DeviceCMYK. Screen edition: trimmed pages, sRGB colour, live links and bookmarks. In both, every
piece of content is drawn inside marked content: tagged pieces get an MCID (handed out here, in
drawing order, so tag order and paint order agree) and decoration is an Artifact. The drawing
origin is the trim's lower-left corner, where the layout's coordinates start.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Literal

from PIL import Image
from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFResourceDictionary
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from ._reportlab import STATE_DEFAULTS, Drawing, renderPDF
from .assets import print_jpeg
from .colour import CMYK, WHITE, screen_colours
from .labels import ENGLISH, Labels, labels_for
from .layout.bidi import levels, visual_order
from .layout.model import Document, Fill, Item, Page, Picture, Run, Scissors, Stroke, TextBlock, TickBox
from .layout.shaping import needs_shaping, shape, shaped_width
from .marks import NO_MARKS, Marks, draw_marks
from .structure import Key, segments
from .svg import recoloured
from .units import Rect

Edition = Literal["print", "screen"]


@dataclass(frozen=True)
class RenderOptions:
    marks: Marks = field(default_factory=Marks)
    slug: str = ""
    font: str = "Helvetica"  # the slug's font: a build gives the brand's (registered) regular font
    edition: Edition = "print"
    fonts: tuple[str, ...] = ()  # every font the document uses, seeded with SEED in this order
    opaque: bool = False  # PDF/X-1a: no transparency, so transparent bitmaps are flattened onto their backdrop
    labels: Labels | None = None  # the leaflet's labels: a link's description (None: English)


@dataclass(frozen=True)
class PageCode:
    """A page's content stream as drawn, cut at its items, so some items can be drawn again and
    the rest kept: `items` holds each item's (start, end) in `code` and its first MCID."""

    preamble: str
    code: tuple[str, ...]
    items: tuple[tuple[int, int, int], ...]

    def stream(self) -> bytes:
        return ("\n".join((self.preamble, *self.code)) + "\n").encode("latin-1")

    def excerpt(self, indexes: set[int]) -> bytes:
        """The page's set-up and the given items only (for checking what a batch record changed)."""
        first = self.items[0][0] if self.items else len(self.code)
        kept = [line for i in sorted(indexes) for line in self.code[self.items[i][0] : self.items[i][1]]]
        return ("\n".join((self.preamble, *self.code[:first], *kept)) + "\n").encode("latin-1")

    def replaced(self, drawn: dict[int, tuple[str, ...]]) -> PageCode:
        code: list[str] = []
        items = []
        last = 0
        for index, (start, end, mcid) in enumerate(self.items):
            code += self.code[last:start]
            new = drawn.get(index, self.code[start:end])
            items.append((len(code), len(code) + len(new), mcid))
            code += new
            last = end
        code += self.code[last:]
        return PageCode(self.preamble, tuple(code), tuple(items))


@dataclass(frozen=True)
class Rendered:
    """The PDF, and where each tagged piece ended up: its page and MCID, and link annotations."""

    pdf: bytes
    mcids: dict[Key, tuple[int, int]]
    links: dict[Key, tuple[int, int, str]]  # key -> (page, index in the page's /Annots, description)
    offset: tuple[float, float]  # trim origin in default user space
    pages: tuple[PageCode, ...] = ()
    fields: dict[Key, FieldBox] = field(default_factory=dict)  # the screen edition's form fields


@dataclass(frozen=True)
class FieldBox:
    """Where a form field goes (trim coordinates) and the colour its box or line is drawn in."""

    page: int
    rect: tuple[float, float, float, float]
    colour: tuple[float, float, float]  # RGB, 0-1
    line: float  # the drawn box's or line's width


# Characters beyond ASCII that get fixed codes in every font subset, in this order (ASCII always
# has its own codes): text drawn with them encodes the same whatever else a file contains, so a
# batch can redraw one record's pages against another record's fonts.
SEED = (
    "".join(map(chr, range(0xA1, 0x100)))
    + "\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u2212\u2013\u2014"
)


def render(document: Document, options: RenderOptions) -> Rendered:
    """Draw every page."""
    canvas, painter, shift = _start(document, options)
    painter.labels = options.labels or labels_for(ENGLISH)
    pages = tuple(_draw_page(canvas, painter, document, options, page, shift) for page in document.pages)
    if painter.screen:
        canvas.showOutline()
    return Rendered(canvas.getpdfdata(), painter.mcids, painter.links, (shift.x, shift.y), pages, painter.fields)


def redraw(
    document: Document, options: RenderOptions, before: tuple[PageCode, ...], changed: dict[int, set[int]]
) -> dict[int, PageCode] | None:
    """Pages of `document` made from another document's drawn pages (`before`, of the same shape)
    with the `changed` items (page -> item indexes) drawn again, exactly as `render` draws them;
    None when they need a character the seeded font subsets lack."""
    key = (options, document.format)
    canvas = _REDRAW.pop(key, None) or _start(document, options)[0]  # one seeded canvas, reused
    painter = _Painter(canvas, document, options.edition == "screen", options.opaque)
    painter.forms_elsewhere = True  # the pictures' forms are the template's: name them, do not draw them
    sizes = _subset_sizes(canvas, options.fonts)
    pages = {}
    for number, indexes in changed.items():
        page, code = document.pages[number - 1], before[number - 1]
        drawn = {}
        for index in sorted(indexes):
            painter.page(number)
            painter.next_mcid = code.items[index][2]
            mark = len(canvas._code)
            painter.draw(index, page.items[index])
            drawn[index] = tuple(canvas._code[mark:])
        pages[number] = code.replaced(drawn)
    if _subset_sizes(canvas, options.fonts) != sizes:
        return None  # and the canvas, whose subsets grew, is dropped
    canvas._code.clear()
    _REDRAW[key] = canvas
    return pages


_REDRAW: dict[tuple[RenderOptions, object], Canvas] = {}


def _start(document: Document, options: RenderOptions) -> tuple[Canvas, _Painter, Rect]:
    STATE_DEFAULTS["fontName"] = options.font  # the graphics renderer's own default font
    screen = options.edition == "screen"
    media = document.format.trim_rect if screen else document.format.media(_marks(options).any_in_slug)
    canvas = Canvas(
        io.BytesIO(),
        pagesize=(media.width, media.height),
        invariant=1,
        initialFontName=options.font,
        enforceColorSpace=None if screen else "cmyk",
        pageCompression=1,
    )
    canvas.setTitle(document.title)
    for name in options.fonts:
        font = pdfmetrics.getFont(name)
        font.splitString(SEED, canvas._doc)
        font.getSubsetInternalName(0, canvas._doc)
    return canvas, _Painter(canvas, document, screen, options.opaque), Rect(-media.x, -media.y, 0, 0)


def _subset_sizes(canvas: Canvas, fonts: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(pdfmetrics.getFont(name).state[canvas._doc].nextCode for name in fonts)


def _marks(options: RenderOptions) -> Marks:
    return NO_MARKS if options.edition == "screen" else options.marks


def _draw_page(
    canvas: Canvas, painter: _Painter, document: Document, options: RenderOptions, page: Page, shift: Rect
) -> PageCode:
    """One page, with its marks, then the page is closed; returns its code, cut at the items."""
    fmt = document.format
    screen = painter.screen
    canvas.setTrimBox(_box(fmt.trim_rect, shift))
    canvas.setBleedBox(_box(fmt.trim_rect if screen else fmt.bleed_rect, shift))
    canvas.saveState()
    canvas.translate(shift.x, shift.y)
    painter.page(page.number)
    items = []
    for index, item in enumerate(page.items):
        start, mcid = len(canvas._code), painter.next_mcid
        painter.draw(index, item)
        items.append((start, len(canvas._code), mcid))
    if not screen:
        cut = document.cut if page.number == document.slip_page else None
        slug = f"{options.slug}  \u2022  page {page.number} of {len(document.pages)}"
        canvas.addLiteral("/Artifact BMC")
        draw_marks(canvas, fmt, _marks(options), slug, options.font, cut, fmt.folds_on(page.number))
        canvas.addLiteral("EMC")
    canvas.restoreState()
    code = PageCode(canvas._preamble, (*canvas._code, " "), tuple(items))
    canvas.showPage()
    return code


def _box(rect: Rect, shift: Rect) -> tuple[float, float, float, float]:
    return (rect.x + shift.x, rect.y + shift.y, rect.right + shift.x, rect.top + shift.y)


def _form_resources(canvas: Canvas) -> PDFResourceDictionary:
    """The resources of the form being drawn: ReportLab gives a form only its fonts and forms,
    so an SVG's gradients (shadings) and opacity (graphics states) would be missing from it."""
    resources = PDFResourceDictionary()
    resources.basicFonts()
    resources.allProcs()
    if canvas._formsinuse:
        resources.XObject = canvas._doc.xobjDict(canvas._formsinuse)
    state = canvas._extgstate.getState()
    if state:
        resources.ExtGState = state
    resources.setShading(canvas._shadingUsed)
    resources.setColorSpace(canvas._colorsUsed)
    return resources


class _Masked(ImageReader):  # type: ignore[misc]
    """A bitmap with its transparency, which ReportLab writes as the image's soft mask (SMask)."""

    def __init__(self, colour: Image.Image, alpha: Image.Image):
        super().__init__(colour)
        self.alpha = alpha

    def getRGBData(self) -> bytes:
        data = super().getRGBData()
        self._dataA = ImageReader(self.alpha)
        return data  # type: ignore[no-any-return]


# Languages written in another script: a Latin run in their leaflets is tagged as English.
NON_LATIN_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "he", "yi", "bn", "as", "pa", "gu", "hi", "mr", "ne", "zh",
                                 "ja", "ko", "el", "ru", "uk", "bg", "th", "ta", "te", "kn", "ml", "si"})  # fmt: skip
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


class _Text(PDFTextObject):  # type: ignore[misc]
    """ReportLab's text object, with its text rise kept right: when it merges two Ts operators it
    forgets the second rise (so the next glyph is raised wrongly), and it cannot start a string on
    a raised glyph (shaped Nastaliq words do)."""

    _rise: float
    _y: float

    def setRise(self, rise: float) -> None:
        code = f"{fp_str(rise)} Ts"
        if self._code and self._code[-1].endswith(" Ts"):
            self._y += self._rise
            self._code[-1] = code
        else:
            self._code.append(code)
        self._rise = rise
        self._y -= rise


def _show(text: PDFTextObject, glyphs: ShapedStr) -> None:
    """Draw shaped glyphs, the baseline back where it was afterwards."""
    text.textOut(glyphs)
    if text._rise:
        text.setRise(0)


def _utf16(text: str) -> str:
    """A PDF text string in UTF-16 (hex), for /ActualText."""
    return f"<FEFF{text.encode('utf-16-be').hex().upper()}>"


def link_description(label: str, url: str, labels: Labels) -> str:
    """Where a link goes, for its annotation's /Contents: 'Email hello@example.org', 'Call 01632
    960 123', 'Web page www.example.org/northbrook'. Never the visible label again beside its
    address: a phone number is said as printed when the label is that number."""
    scheme, _, address = url.partition(":")
    scheme = scheme.lower()
    if scheme == "mailto":
        return labels.get("link_email", email=address.split("?", 1)[0])
    if scheme == "tel":
        printed = label.replace("\u00a0", " ")
        same = [c for c in printed if c.isdigit() or c == "+"] == [c for c in address if c.isdigit() or c == "+"]
        return labels.get("link_phone", phone=printed if same else address)
    return labels.get("link_web", address=address.lstrip("/").rstrip("/"))


class _Painter:
    """Draws items in the edition's colours, wrapping each in marked content."""

    def __init__(self, canvas: Canvas, document: Document, screen: bool, opaque: bool = False):
        self.canvas = canvas
        self.document = document
        self.screen = screen
        self.opaque = opaque
        self.palette = screen_colours(_colours(document)) if screen else {}
        self.mcids: dict[Key, tuple[int, int]] = {}
        self.links: dict[Key, tuple[int, int, str]] = {}
        self.fields: dict[Key, FieldBox] = {}
        self.forms: dict[tuple[int, CMYK | None], str] = {}
        self.images: dict[tuple[int, CMYK | None, CMYK], ImageReader] = {}
        self.number = 0
        self.next_mcid = 0
        self.annotations = 0
        self.outline_level = 0
        self.forms_elsewhere = False
        self.labels: Labels | None = None
        self.latin_aside = document.language.split("-")[0].lower() in NON_LATIN_LANGUAGES

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
        elif isinstance(item, TickBox | Stroke) and item.role == "Form":
            self.field(index, item)
        else:
            self.artifact()
            self.decoration(item)
            self.end()

    def field(self, index: int, item: TickBox | Stroke) -> None:
        """A slip's tick box or write-in line: in print the Form element's content; on screen a
        backdrop to the form field laid over it (which tagging adds, in the structure tree)."""
        key = (self.number, index, 0)
        if not self.screen:
            self.tagged("Form", key)
            self.decoration(item)
            self.end()
            return
        self.artifact()
        self.decoration(item)
        self.end()
        if isinstance(item, TickBox):
            r = item.rect
            rect = (r.x, r.y, r.right, r.top)
        else:
            left, right = min(item.x1, item.x2), max(item.x1, item.x2)
            rect = (left, item.y1, right, item.y1 + (item.room or 14.0))
        self.fields[key] = FieldBox(self.number, rect, tuple(self.palette[item.colour]), item.width)  # type: ignore[arg-type]

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
        text = _Text(self.canvas)
        for run in runs:
            english = (
                self.latin_aside and not run.url and _LATIN.search(run.text) is not None
            )  # (a link's text is its own element)
            if english:  # a name, drug or address in English within another script's text
                if text._code:
                    self.canvas.drawText(text)
                self.canvas.addLiteral("/Span <</Lang (en)>> BDC")
                text = _Text(self.canvas)
            text.setTextOrigin(run.x, baseline)
            text.setFont(run.font, run.size)
            text.setFillColor(self.colour(run.colour))
            self.run(text, run, baseline)
            if english:
                self.canvas.drawText(text)
                self.canvas.addLiteral("EMC")
                text = _Text(self.canvas)
        if text._code or not runs:
            self.canvas.drawText(text)

    def run(self, text: PDFTextObject, run: Run, baseline: float) -> None:
        """One run: by its characters, or shaped (with its letters as /ActualText where the
        glyphs cannot say them)."""
        if not needs_shaping(run.text, run.rtl):
            text.textOut(run.text)
            return
        shaped = shape(run.text, run.font, run.size, run.rtl, run.language)
        if shaped.actual is None:
            _show(text, shaped.glyphs)
        elif not run.rtl:
            text._code.append(f"/Span <</ActualText {_utf16(shaped.actual)}>> BDC")
            _show(text, shaped.glyphs)
            text._code.append("EMC")
        else:
            self.words_right_to_left(text, run, baseline)

    def words_right_to_left(self, text: PDFTextObject, run: Run, baseline: float) -> None:
        """A right-to-left run whose glyphs cannot say its letters (Nastaliq draws a letter's
        dots apart and shares its bodies between letters): each word drawn on its own with its
        letters as /ActualText, written as the word is seen, right to left, because pdftotext and
        PDFium put a word's actual text back into reading order as they do its glyphs."""
        space = shaped_width(" ", run.font, run.size, True, run.language)
        right = run.x + run.width
        for word in re.split("( +)", run.text):
            if word.startswith(" "):
                right -= space * len(word)
            elif word:
                shaped = shape(word, run.font, run.size, True, run.language)
                right -= shaped.width
                text.setTextOrigin(right, baseline)
                seen = "".join(word[i] for i in visual_order(levels(word, True)))
                text._code.append(f"/Span <</ActualText {_utf16(seen)}>> BDC")
                _show(text, shaped.glyphs)
                text._code.append("EMC")

    def link(self, key: Key, runs: tuple[Run, ...], baseline: float) -> None:
        first, last = runs[0], runs[-1]
        url = first.url or ""
        rect = (first.x, baseline - 0.25 * first.size, last.x + last.width, baseline + 0.9 * first.size)
        self.canvas.linkURL(url, rect, relative=1, thickness=0)
        label = "".join(run.text for run in runs).strip()
        description = link_description(label, url, self.labels or labels_for(ENGLISH))
        self.links[key] = (self.number, self.annotations, description)
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
            key = (id(asset), item.recolour, item.backdrop)
            if key not in self.images:
                self.images[key] = self.bitmap(item)
            reader = self.images[key]
            ascii85, rl_config.useA85 = rl_config.useA85, 0  # binary: a JPEG its own size, not 25 % more
            try:
                mask = "auto" if isinstance(reader, _Masked) else None
                self.canvas.drawImage(reader, r.x, r.y, r.width, r.height, mask=mask)
            finally:
                rl_config.useA85 = ascii85
        self.end()

    def bitmap(self, item: Picture) -> ImageReader:
        """A bitmap as this edition places it: a screen JPEG as it is; transparency as a soft
        mask, or flattened onto what lies under it where the PDF must be opaque (PDF/X-1a); a
        transparent logo reversed out in one colour. An opaque bitmap is never recoloured."""
        asset = item.asset
        colour = asset.screen_bitmap if self.screen else asset.bitmap
        assert colour is not None
        if asset.photo and self.screen:
            return ImageReader(io.BytesIO(asset.jpeg)) if asset.jpeg else ImageReader(colour)
        if asset.photo:
            return ImageReader(io.BytesIO(print_jpeg(asset, item.rect.width)))
        if asset.alpha is None:
            return ImageReader(colour)
        if item.recolour is not None:
            colour = Image.new(colour.mode, colour.size, self.pixel(item.recolour))
        if self.opaque:
            return ImageReader(
                Image.composite(colour, Image.new(colour.mode, colour.size, self.pixel(item.backdrop)), asset.alpha)
            )
        return _Masked(colour, asset.alpha)

    def pixel(self, colour: CMYK) -> tuple[int, ...]:
        if self.screen:
            return tuple(round(255 * v) for v in self.palette.get(colour, colour.rgb()))
        return tuple(round(255 * v) for v in (colour.c, colour.m, colour.y, colour.k))

    def form(self, drawing: Drawing, recolour: CMYK | None, width: float, height: float) -> str:
        """A vector picture as a Form XObject, drawn once per document however often it is used
        (and shared between records when a batch merges its files)."""
        key = (id(drawing), recolour)
        if key not in self.forms:
            name = f"brochureArt{self._form_numbers().index(key)}"  # numbered in document order
            if self.forms_elsewhere:
                self.forms[key] = name
                return name
            art = recoloured(drawing, self.colour(recolour)) if recolour else drawing
            self.canvas.beginForm(name, 0, 0, width, height)
            renderPDF.draw(art, self.canvas, 0, 0)
            self.canvas.endForm(Resources=_form_resources(self.canvas))
            self.forms[key] = name
        return self.forms[key]

    def _form_numbers(self) -> list[tuple[int, CMYK | None]]:
        """Every vector picture of the document in order of first use, so a form's name does not
        depend on which pages are drawn."""
        keys: list[tuple[int, CMYK | None]] = []
        for page in self.document.pages:
            for item in page.items:
                if isinstance(item, Picture):
                    drawing = item.asset.screen_drawing if self.screen else item.asset.drawing
                    if drawing is not None and (id(drawing), item.recolour) not in keys:
                        keys.append((id(drawing), item.recolour))
        return keys

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
