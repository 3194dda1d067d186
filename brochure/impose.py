"""Imposition for saddle stitching: reader's pages -> printer's sheets, two pages a side.

Pages pair as n | N+1-n; for 8 pages the sides are 8|1, 2|7, 6|3, 4|5. Each page is placed as a
Form XObject whose BBox is the page's trim plus its bleed (qpdf makes a page's form with the TrimBox
as its BBox, and a form draws nothing outside its BBox: that would cut the bleed away), clipped on
the sheet to its trim plus the bleed on its three outer edges: none at the spine, where each page
is cut at its trim so that nothing of one page runs onto the other. The sheet gets its own boxes,
crop marks for the finished spread, fold marks at the spine and a slug line (job, sheet, side, the
pages it carries) in registration colour, set in the font of the pages' own slug; output intent
and metadata are kept, the reader's tags are not (a printer's sheet is not read).
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from .colour import REGISTRATION_SPOT
from .errors import Diagnostic, InputError
from .marks import MARK_WIDTH, SLUG_TEXT_SIZE, crop_mark_segments, fold_mark_segments
from .tagging import remove_structure
from .units import mm

Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]

SEPARATOR = "  \u2022  "  # as in the pages' own slug line
SLUG_BELOW_BLEED = mm(5.5)  # the slug's baseline, below the bleed (as marks.draw_marks sets it)
_PAGE_PART = re.compile(r"\s*\u2022\s*page \d+ of \d+\s*$")  # the pages' slug ends with its page number


def saddle_stitch_order(pages: int, rtl: bool = False) -> list[tuple[int, int]]:
    """(left, right) page numbers for each sheet side, in printing order; a right-to-left
    booklet is bound on its right, so each side's pages change places."""
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    sides = []
    for index in range(pages // 2):
        low, high = index + 1, pages - index
        sides.append((high, low) if (index % 2 == 0) != rtl else (low, high))
    return sides


def sheet_slug(job: str, side: int, sides: int, pages: tuple[int, int]) -> str:
    """The slug line of a sheet side (0-based, in printing order): sheets print front, then back."""
    face = "front" if side % 2 == 0 else "back"
    where = f"sheet {side // 2 + 1} of {(sides + 1) // 2}"
    return SEPARATOR.join((job, where, face, f"pages {pages[0]} | {pages[1]}"))


def impose(pdf_bytes: bytes, bleed: float, slug: float, rtl: bool = False) -> bytes:
    """The printer's version of a finished booklet PDF (bytes in, bytes out); `rtl` for a booklet
    bound on the right (a right-to-left language)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        count = len(pdf.pages)
        try:
            order = saddle_stitch_order(count, rtl)
        except ValueError as exc:
            raise InputError([Diagnostic(str(exc), hint="only a5-booklet output can be imposed")]) from None
        trims = [_box(page.obj.TrimBox) for page in pdf.pages]
        width, height = trims[0][2] - trims[0][0], trims[0][3] - trims[0][1]
        forms = [_page_form(page, trim, bleed) for page, trim in zip(pdf.pages, trims, strict=True)]
        job, fonts = _job_and_fonts(pdf)
        registration = pdf.pages[0].obj.Resources.ColorSpace.get(f"/{REGISTRATION_SPOT.resource}")
        margin = bleed + slug
        sheet_w, sheet_h = 2 * width + 2 * margin, height + 2 * margin
        for index, (left, right) in enumerate(order):
            content = []
            xobjects = Dictionary()
            for half, number in enumerate((left, right)):
                x0 = margin + half * width
                trim = trims[number - 1]
                clip_left = x0 - (bleed if half == 0 else 0)  # the spine: the left page ends at its trim...
                clip_right = x0 + width + (bleed if half == 1 else 0)  # ...and the right page starts at its own
                name = f"/Page{half}"
                xobjects[name] = forms[number - 1]
                content.append(
                    f"q {clip_left:.4f} {margin - bleed:.4f} {clip_right - clip_left:.4f} {height + 2 * bleed:.4f} re W n "
                    f"1 0 0 1 {x0 - trim[0]:.4f} {margin - trim[1]:.4f} cm {name} Do Q"
                )
            content.append(_marks(margin, width, height, bleed))
            resources = Dictionary(XObject=xobjects)
            text = sheet_slug(job, index, len(order), (left, right))
            font = next((f for f in fonts if f.encode(text) is not None), None)
            if font is not None:
                content.append(_slug_line(font, text, margin, width, bleed))
                resources.Font = Dictionary(Slug=font.dictionary)
            if registration is not None:
                resources.ColorSpace = Dictionary({f"/{REGISTRATION_SPOT.resource}": registration})
            sheet = Dictionary(
                Type=Name.Page,
                MediaBox=[0, 0, sheet_w, sheet_h],
                BleedBox=[margin - bleed, margin - bleed, sheet_w - margin + bleed, sheet_h - margin + bleed],
                TrimBox=[margin, margin, sheet_w - margin, sheet_h - margin],
                Resources=resources,
                Contents=pdf.make_stream("\n".join(content).encode()),
            )
            pdf.pages.append(pikepdf.Page(sheet))
        for _ in range(count):
            del pdf.pages[0]
        remove_structure(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def _page_form(page: pikepdf.Page, trim: Box, bleed: float) -> pikepdf.Object:
    """The page as a form bounded by its trim and bleed (qpdf bounds it by the TrimBox), less the
    text the page shows outside its bleed (its own slug line): cut away on the sheet, it would
    still be found by text extraction, where the sheet's own slug is."""
    box = (trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed)
    form = page.as_form_xobject()
    form.BBox = Array(box)
    instructions = pikepdf.parse_content_stream(page)
    outside = {
        index
        for text in _text_objects(instructions)
        if text.shows and not any(_inside(x, y, box) for _, _, x, y in text.shows)
        for index in range(text.start, text.end + 1)
    }
    if outside:
        kept = [instruction for index, instruction in enumerate(instructions) if index not in outside]
        form.write(pikepdf.unparse_content_stream(kept))
    return form


def _inside(x: float, y: float, box: Box) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _marks(margin: float, width: float, height: float, bleed: float) -> str:
    """Crop marks at the spread's corners and fold marks at the spine, in registration colour."""
    lines = crop_mark_segments(margin, margin, margin + 2 * width, margin + height, bleed)
    folds = fold_mark_segments(margin + width, margin, margin + height, bleed)
    draw = " ".join(f"{a:.4f} {b:.4f} m {c:.4f} {d:.4f} l S" for a, b, c, d in lines)
    fold = " ".join(f"{a:.4f} {b:.4f} m {c:.4f} {d:.4f} l S" for a, b, c, d in folds)
    spot = f"/{REGISTRATION_SPOT.resource} CS 1 SCN"
    return f"q {MARK_WIDTH} w {spot} {draw} [{mm(1):.4f} {mm(1):.4f}] 0 d {fold} Q"


def _slug_line(font: _Font, text: str, margin: float, width: float, bleed: float) -> str:
    """The slug line below the sheet's bleed, in registration colour, in the first gap between the
    vertical marks below the sheet (crop marks at its edges, the fold mark at the spine) that holds
    it; in the widest gap if none does."""
    encoded = font.encode(text)
    assert encoded is not None
    length = font.width(text, SLUG_TEXT_SIZE)
    gaps = list(itertools.pairwise((margin, margin + width, margin + 2 * width)))
    starts = [(left + (mm(14) if left == margin else mm(3)), right) for left, right in gaps]
    widest = max(gaps, key=lambda gap: gap[1] - gap[0])[0] + mm(3)
    x = next((start for start, right in starts if start + length <= right - mm(3)), widest)
    y = margin - bleed - SLUG_BELOW_BLEED
    spot = f"/{REGISTRATION_SPOT.resource} cs 1 scn"
    return f"q {spot} BT /Slug {SLUG_TEXT_SIZE:g} Tf {x:.4f} {y:.4f} Td <{encoded.hex()}> Tj ET Q"


@dataclass(frozen=True)
class _Font:
    """An embedded simple font of the booklet, to set new text with: its codes (from its
    ToUnicode map) and their widths."""

    dictionary: pikepdf.Object
    codes: dict[str, int]  # character -> code
    widths: dict[int, float]  # code -> width in text space units (1/1000 em)
    missing: float

    def encode(self, text: str) -> bytes | None:
        """The text in the font's codes, or None if the font lacks one of its characters."""
        if any(char not in self.codes for char in text):
            return None
        return bytes(self.codes[char] for char in text)

    def decode(self, data: bytes) -> str:
        chars = {code: char for char, code in self.codes.items()}
        return "".join(chars.get(code, "\ufffd") for code in data)

    def width(self, text: str, size: float) -> float:
        return sum(self.widths.get(self.codes[char], self.missing) for char in text) * size / 1000


def _job_and_fonts(pdf: pikepdf.Pdf) -> tuple[str, list[_Font]]:
    """The job's name and the fonts to set the sheets' slug in. The job is the first page's own
    slug line less its page number (reference, version, date), set in its font; without one, the
    document's title, in any embedded font of the first page that has its characters."""
    page = pdf.pages[0]
    fonts = _fonts(page.obj.get("/Resources", Dictionary()))
    below = _box(page.obj.get("/BleedBox", page.obj.MediaBox))[1]
    for text in _text_objects(pikepdf.parse_content_stream(page)):
        for name, data, _, y in text.shows:
            font = fonts.get(name)
            if font is None or y >= below:
                continue
            job = _PAGE_PART.sub("", font.decode(data)).strip()
            if job:
                return job, [font, *(fonts[n] for n in sorted(fonts) if n != name)]
    title = str(pdf.docinfo.get("/Title", "")).strip() or "booklet"
    return title, [fonts[n] for n in sorted(fonts)]


def _fonts(resources: pikepdf.Object) -> dict[str, _Font]:
    """The embedded simple fonts (one byte a code) in resources that map their codes to Unicode."""
    found = {}
    for name, font in resources.get("/Font", Dictionary()).items():
        descriptor = font.get("/FontDescriptor")
        if font.get("/Subtype") not in (Name.TrueType, Name.Type1) or "/ToUnicode" not in font:
            continue
        if descriptor is None or not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            continue
        codes: dict[str, int] = {}
        for code, char in sorted(_unicode_map(font.ToUnicode.read_bytes().decode("latin-1"))):
            codes.setdefault(char, code)
        first = int(font.get("/FirstChar", 0))
        widths = {first + i: float(w) for i, w in enumerate(font.get("/Widths", Array()))}
        found[name] = _Font(font, codes, widths, float(descriptor.get("/MissingWidth", 0)))
    return found


def _unicode_map(cmap: str) -> Iterator[tuple[int, str]]:
    """(code, character) pairs of a ToUnicode CMap's one-byte codes that map to one character."""
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]+)>", block):
            text = bytes.fromhex(target).decode("utf-16-be", "replace")
            if len(text) == 1:
                yield int(code, 16), text
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(r"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]+)>", block):
            text = bytes.fromhex(target).decode("utf-16-be", "replace")
            if len(text) == 1:
                for offset in range(int(high, 16) - int(low, 16) + 1):
                    yield int(low, 16) + offset, chr(ord(text) + offset)


@dataclass(frozen=True)
class _TextObject:
    """A BT ... ET span of a content stream (its instructions' indexes) and the text it shows:
    (font resource, string, x, y), each with where it starts on the page."""

    start: int
    end: int
    shows: tuple[tuple[str, bytes, float, float], ...]


def _text_objects(instructions: Sequence[pikepdf.ContentStreamInstructions]) -> Iterator[_TextObject]:
    """The text objects of a page's content stream, following its transformations (each show is
    placed at the start of its line: enough to tell where a line of text lies)."""
    ctm: Matrix = (1, 0, 0, 1, 0, 0)
    font = ""
    stack: list[tuple[Matrix, str]] = []
    line = ctm
    leading = 0.0
    start = 0
    shows: list[tuple[str, bytes, float, float]] = []
    for index, instruction in enumerate(instructions):
        op, operands = str(instruction.operator), list(instruction.operands)
        if op == "q":
            stack.append((ctm, font))
        elif op == "Q" and stack:
            ctm, font = stack.pop()
        elif op == "cm":
            ctm = _multiply(_matrix(operands), ctm)
        elif op == "Tf":
            font = str(operands[0])
        elif op == "TL":
            leading = _number(operands[0])
        elif op == "BT":
            line = (1, 0, 0, 1, 0, 0)
            start, shows = index, []
        elif op == "ET":
            yield _TextObject(start, index, tuple(shows))
        elif op == "Tm":
            line = _matrix(operands)
        elif op in ("Td", "TD", "T*", "'", '"'):
            tx, ty = (_number(operands[0]), _number(operands[1])) if op in ("Td", "TD") else (0.0, -leading)
            if op == "TD":
                leading = -ty
            line = _multiply((1, 0, 0, 1, tx, ty), line)
        if op in ("Tj", "TJ", "'", '"'):
            strings = list(operands[-1]) if op == "TJ" else [operands[-1]]
            data = b"".join(bytes(item) for item in strings if isinstance(item, pikepdf.String))
            origin = _multiply(line, ctm)
            shows.append((font, data, origin[4], origin[5]))


def _number(value: Any) -> float:
    return float(value)


def _matrix(operands: Sequence[Any]) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in operands)
    return (a, b, c, d, e, f)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector convention: m × n)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _box(value: pikepdf.Object) -> Box:
    left, bottom, right, top = (float(v) for v in value)
    return (left, bottom, right, top)


__all__ = ["impose", "saddle_stitch_order", "sheet_slug"]
