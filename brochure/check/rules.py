"""The preflight's page rules, each a small function yielding (severity, rule, page, message), and
`run`, which runs every rule of the profile and standard in a stable order. The rules and their
references are listed in catalogue.py; document-wide rules are in document.py."""

from __future__ import annotations

import hashlib
import subprocess
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name

from ..formats import FORMATS
from ..units import to_mm
from . import document, ink
from .document import Raw
from .walk import CMYK_FAMILIES, RGB_FAMILIES, Box, Budget, Image, Paint, Use, enter, group_uses, walk

MIN_BLEED_MM = 3.0
MIN_LINE = 0.25
MIN_TEXT = 6.0
INK_LIMIT = 300.0
MIN_PPI, GOOD_PPI = 200, 300  # below 200 ppi a picture prints visibly soft
MIN_PPI_1BIT, GOOD_PPI_1BIT = 550, 800  # line art shows its pixels' steps below these
RICH_BLACK_TEXT = 14.0  # below this, black text must be black ink only
REACH = 0.5  # points: how near the trim an edge is "at the trim"
TOLERANCE = 0.02
KNOWN_SIZES_MM = {
    "A4 portrait": (210, 297),
    "A4 landscape": (297, 210),
    "A5": (148, 210),
    "DL": (99, 210),
    "US Letter": (215.9, 279.4),
    "A5 booklet spread": (296, 210),
}
X1A_FAMILIES = {"cmyk", "gray", "spot", "mask", "pattern"}  # PDF/X-1a: CMYK and spot only
PRINT_RGB = RGB_FAMILIES | {"spot-rgb"}  # what the colour rule refuses


@dataclass(frozen=True)
class Page:
    """A page as the rules judge it: its number, boxes in points (UserUnit applied) and the unit."""

    obj: pikepdf.Page
    number: int
    unit: float  # UserUnit: one unit of the page's space in points
    media: Box
    trim: Box
    bleed: Box

    def mm(self, value: float) -> float:
        return to_mm(value * self.unit)


def run(
    pdf: pikepdf.Pdf, path: Path, profile: str, trim_format: str | None, render_ink: bool, standard: str | None = None
) -> list[Raw]:
    """Every check of the profile, in a stable order. The print profile holds the file to the
    standard it declares (PDF/X-4, PDF/X-1a or PDF/VT), or to `standard` when given."""
    print_rules = profile == "print"
    xmp = document.xmp_values(pdf)
    said = document.declared(pdf, xmp)
    standard = standard or said or "x4"
    found: list[Raw] = []
    found += document.action_rules(pdf)
    if print_rules:
        found += document.identification_rules(pdf, standard, xmp, said)
        found += document.output_intent_rules(pdf)
        found += document.compression_rules(pdf)
        found += document.spot_rules(pdf)
    found += document.font_name_rules(pdf)
    rendered = print_rules and render_ink and ink.ghostscript() is not None
    bleeds: list[Box] = []
    budget = Budget(pdf=pdf)  # one per file: its forms, however often placed, are followed within it
    for number, obj in enumerate(pdf.pages, start=1):
        page = page_of(obj, number)
        found += box_rules(page, trim_format if print_rules else None, print_rules)
        bleeds.append(page.bleed)
        found += font_rules(page)
        found += content_rules(obj, number, print_rules, check_ink=print_rules and not rendered, budget=budget,
                               standard=standard)  # fmt: skip
        if print_rules:
            found += annotation_rules(page, budget, standard)
            found += group_rules(page, standard)
    if rendered:
        found += rendered_ink_rules(path, bleeds, [page_of(p, n) for n, p in enumerate(pdf.pages, start=1)])
    return found


def document_rules(pdf: pikepdf.Pdf, print_rules: bool) -> Iterator[Raw]:
    """The document-wide rules (used on its own by a batch's template, whose pages were checked)."""
    xmp = document.xmp_values(pdf)
    said = document.declared(pdf, xmp)
    yield from document.action_rules(pdf)
    if print_rules:
        yield from document.identification_rules(pdf, said or "x4", xmp, said)
        yield from document.output_intent_rules(pdf)
    yield from document.font_name_rules(pdf)


def page_of(obj: pikepdf.Page, number: int) -> Page:
    written = obj.obj.get("/UserUnit", 1)
    unit = float(written) if isinstance(written, (int, float, Decimal)) else 1.0
    return Page(
        obj, number, unit if unit > 0 else 1.0, _box(obj, "/MediaBox"), _box(obj, "/TrimBox"), _box(obj, "/BleedBox")
    )


def box_rules(page: Page, trim_format: str | None, print_rules: bool) -> Iterator[Raw]:
    obj, number = page.obj.obj, page.number
    if "/TrimBox" not in obj:
        if print_rules:
            yield (
                "error",
                "boxes",
                number,
                "no TrimBox: the printer cannot tell the finished size and will cut at the MediaBox",
            )
        return
    media, trim, bleed = page.media, page.trim, page.bleed
    if not _inside(bleed, media) or not _inside(trim, bleed):
        yield ("error", "boxes", number, "the page boxes are not nested (MediaBox ⊇ BleedBox ⊇ TrimBox): "
               f"MediaBox {_shown(page, media)}, BleedBox {_shown(page, bleed)}, TrimBox {_shown(page, trim)}")  # fmt: skip
        return
    if print_rules and "/ArtBox" in obj:
        yield ("error", "boxes", number, f"an ArtBox ({_shown(page, _box(page.obj, '/ArtBox'))}) beside the TrimBox: "
               "PDF/X allows one of them, and a RIP may cut at the wrong one")  # fmt: skip
    if print_rules and "/CropBox" in obj and not _inside(trim, _box(page.obj, "/CropBox")):
        yield ("error", "boxes", number, f"the CropBox ({_shown(page, _box(page.obj, '/CropBox'))}) cuts into the "
               f"trimmed page ({_shown(page, trim)})")  # fmt: skip
    if print_rules:
        if "/BleedBox" not in obj:
            yield ("error", "bleed", number, "no BleedBox: the bleed area is not marked")
        sides = {
            "left": trim[0] - bleed[0],
            "bottom": trim[1] - bleed[1],
            "right": bleed[2] - trim[2],
            "top": bleed[3] - trim[3],
        }
        short = {side: page.mm(v) for side, v in sides.items() if page.mm(v) < MIN_BLEED_MM - TOLERANCE}
        if short:
            listed = ", ".join(f"{side} {value:.1f} mm" for side, value in short.items())
            yield ("error", "bleed", number, f"bleed is less than {MIN_BLEED_MM:g} mm ({listed})")
    width, height = page.mm(trim[2] - trim[0]), page.mm(trim[3] - trim[1])
    if trim_format:
        expected = FORMATS[trim_format].trim
        if abs(width - to_mm(expected.width)) > 0.5 or abs(height - to_mm(expected.height)) > 0.5:
            yield ("error", "trim-size", number, f"trimmed size is {width:.1f} × {height:.1f} mm, not {trim_format} "
                   f"({to_mm(expected.width):.0f} × {to_mm(expected.height):.0f} mm)")  # fmt: skip
    elif print_rules and not any(abs(width - w) < 0.5 and abs(height - h) < 0.5 for w, h in KNOWN_SIZES_MM.values()):
        yield (
            "warning",
            "trim-size",
            number,
            f"trimmed size {width:.1f} × {height:.1f} mm is not a standard leaflet size",
        )


def font_rules(page: Page) -> Iterator[Raw]:
    resources = [page.obj.obj.get("/Resources", Dictionary())]
    resources += [a.get("/Resources", Dictionary()) for a in _annotation_appearances(page.obj)]
    missing: set[str] = set()
    seen: set[tuple[int, int]] = set()
    for found in resources:
        missing |= _unembedded_fonts(found, seen)
    for name in sorted(missing):
        yield ("error", "fonts", page.number, f"the font {name} is not embedded; the printer would substitute another")


def content_rules(
    page: pikepdf.Page,
    number: int,
    print_rules: bool,
    check_ink: bool,
    trusted: frozenset[tuple[int, int]] = frozenset(),
    stream: pikepdf.Object | None = None,
    budget: Budget | None = None,
    standard: str = "x4",
) -> Iterator[Raw]:
    """Colour, ink, lines, text, images and what the standard restricts, in what the page paints
    (or in `stream`, painted with the page's resources); forms in `trusted` are not entered."""
    resources = page.obj.get("/Resources", Dictionary())
    events = walk(page.obj if stream is None else stream, resources, trusted=trusted, budget=budget)
    yield from judge(events, page_of(page, number), print_rules, check_ink, standard)


def judge(
    events: Iterator[Paint | Image | Use], page: Page, print_rules: bool, check_ink: bool, standard: str
) -> Iterator[Raw]:
    """The rules on what a page (or an annotation's appearance) paints."""
    number, unit = page.number, page.unit
    rgb: set[str] = set()
    not_x1a: set[str] = set()
    uses: dict[str, set[str]] = {}
    thinnest: float | None = None
    smallest: float | None = None
    worst_ink: tuple[float, Box | None] = (0.0, None)
    rich_black_text: float | None = None
    white_overprint: set[str] = set()
    stops: set[str] = set()
    for event in events:
        if isinstance(event, Use):
            uses.setdefault(event.kind, set()).add(event.detail)
            continue
        if isinstance(event, Image):
            yield from _image_rules(event, page, print_rules, standard)
            heaviest = _image_ink(event) if check_ink and event.colour.family in CMYK_FAMILIES else 0.0
            if heaviest > INK_LIMIT + 0.5:
                worst_ink = max(worst_ink, (heaviest, event.box), key=lambda w: w[0])
            if print_rules and not event.where:
                stops |= _stops_at_trim(event.box, page)
            continue
        family = event.colour.family
        where = f" in {event.where}" if event.where else ""
        what = {"text-stroke": "stroked text", "mask": "a stencil mask", "shading": "a shading"}.get(
            event.kind, event.kind
        )
        if family in PRINT_RGB:
            rgb.add(f"{what}{where} in {_family_words(family)}")
        elif standard == "x1a" and family not in X1A_FAMILIES:
            not_x1a.add(f"{what}{where} in {_family_words(family)}")
        if event.kind == "stroke" and event.width * unit < MIN_LINE - 1e-3:
            thinnest = event.width * unit if thinnest is None else min(thinnest, event.width * unit)
        if event.kind == "text" and 0 < event.size * unit < MIN_TEXT - 1e-3:
            smallest = event.size * unit if smallest is None else min(smallest, event.size * unit)
        if event.kind == "text" and event.size * unit < RICH_BLACK_TEXT and _rich_black(event.colour.values, family):
            rich_black_text = event.size * unit if rich_black_text is None else min(rich_black_text, event.size * unit)
        if event.overprint and event.colour.white:
            white_overprint.add("white text" if event.kind.startswith("text") else "a white path")
        if check_ink and event.colour.ink > INK_LIMIT + 0.5 and _touches(event, page.bleed):
            worst_ink = max(worst_ink, (event.colour.ink, event.bbox), key=lambda w: w[0])
        if print_rules and event.kind == "fill" and not event.colour.white and not event.where:
            stops |= _stops_at_trim(event.bbox, page)
    if not print_rules:
        return
    if rgb:
        yield ("error", "colour", number, f"RGB colour is used ({', '.join(sorted(rgb))}); print needs CMYK")
    if not_x1a:
        yield (
            "error",
            "lab",
            number,
            f"colour PDF/X-1a does not allow: {', '.join(sorted(not_x1a))}; CMYK and spot only",
        )
    if thinnest is not None:
        shown = "a zero-width (device hairline) line" if thinnest == 0 else f"a line {thinnest:.2f} pt wide"
        yield ("error", "hairline", number, f"{shown}: lines under {MIN_LINE} pt may not print")
    if smallest is not None:
        yield (
            "warning",
            "small-text",
            number,
            f"text at {smallest:.1f} pt, below {MIN_TEXT:g} pt, is hard to print and read",
        )
    if rich_black_text is not None:
        yield (
            "warning",
            "rich-black",
            number,
            f"text at {rich_black_text:.1f} pt in rich black; small text should be 100 % K only",
        )
    for kind in sorted(white_overprint):
        yield ("error", "overprint-white", number, f"{kind} is set to overprint: it would vanish in print")
    if worst_ink[0]:
        yield ("error", "total-ink", number, f"{worst_ink[0]:.0f} % total ink {_where(page, worst_ink[1])}, "
               f"over the {INK_LIMIT:.0f} % limit")  # fmt: skip
    for edge in sorted(stops):
        yield ("error", "bleed-reach", number, f"a background stops at the trim on the {edge} edge: it must run "
               f"{MIN_BLEED_MM:g} mm on into the bleed, or a white line shows after trimming")  # fmt: skip
    for detail in sorted(uses.get("content-syntax", ())):
        yield ("error", "content-syntax", number, detail)
    for detail in sorted(uses.get("lzw", ())):
        yield ("error", "lzw", number, f"{detail}, which PDF/X forbids")
    for detail in sorted(uses.get("transfer", ())):
        yield ("error", "transfer", number, f"{detail}: PDF/X forbids transfer functions")
    for detail in sorted(uses.get("postscript", ())):
        yield ("error", "postscript", number, f"{detail}: PDF/X forbids PostScript")
    for family in sorted(uses.get("blend-space", ())):
        if family in RGB_FAMILIES:
            yield ("error", "blend-space", number, f"a transparency group blends in {_family_words(family)}")
    if standard == "x1a" and uses.get("transparency"):
        listed = ", ".join(sorted(uses["transparency"]))
        yield ("error", "transparency", number, f"transparency ({listed}), which PDF/X-1a does not allow")


def annotation_rules(page: Page, budget: Budget, standard: str) -> Iterator[Raw]:
    """No annotation inside the bleed; and an annotation's appearance is held to the page's rules."""
    bleed = page.bleed
    for annotation in page.obj.obj.get("/Annots", []):
        if not isinstance(annotation, Dictionary):
            continue
        rect = _numbers(annotation.get("/Rect"), 4)
        if rect is None:
            yield ("error", "annotations", page.number, "an annotation has no usable rectangle (the file is damaged)")
            continue
        if rect[0] < bleed[2] and rect[2] > bleed[0] and rect[1] < bleed[3] and rect[3] > bleed[1]:
            kind = str(annotation.get("/Subtype", "/annotation"))[1:]
            yield ("error", "annotations", page.number, f"a {kind} annotation lies inside the bleed; PDF/X forbids it")
    for appearance in _annotation_appearances(page.obj):
        events = enter(appearance, appearance.get("/Resources", Dictionary()), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
                       frozenset(), budget, "an annotation's appearance")  # fmt: skip
        yield from judge(chain(group_uses(appearance), events), page, True, False, standard)


def group_rules(page: Page, standard: str) -> Iterator[Raw]:
    """The page's own transparency group: its blending colour space; and, in PDF/X-1a, itself."""
    group = page.obj.obj.get("/Group")
    if not isinstance(group, Dictionary) or group.get("/S") != Name.Transparency:
        return
    if "/CS" in group:
        from .walk import colour_family

        family = colour_family(group.CS, page.obj.obj.get("/Resources", Dictionary())).family
        if family in RGB_FAMILIES:
            yield ("error", "blend-space", page.number, f"the page blends transparency in {_family_words(family)}")
    if standard == "x1a":
        yield ("error", "transparency", page.number, "the page is a transparency group, which PDF/X-1a does not allow")


def rendered_ink_rules(path: Path, bleeds: list[Box], pages: list[Page]) -> Iterator[Raw]:
    try:
        results = ink.max_ink_by_page(path, bleeds)
    except (OSError, subprocess.SubprocessError) as exc:
        yield ("info", "total-ink", None, f"total ink was not measured by rendering: {exc}")
        return
    if len(bleeds) > len(results):
        yield ("info", "total-ink", None, f"total ink was measured on the first {len(results)} of {len(bleeds)} pages")
    for page, (highest, share, spot) in zip(pages, results, strict=False):
        if share > 0:
            box = (spot[0], spot[1], spot[0], spot[1]) if spot else None
            yield ("error", "total-ink", page.number, f"{share:.1%} of the page has over {INK_LIMIT:.0f} % total ink "
                   f"(up to {highest:.0f} % {_where(page, box)})")  # fmt: skip


def _image_rules(image: Image, page: Page, print_rules: bool, standard: str) -> Iterator[Raw]:
    what = describe_image(image, page.trim, page.unit)
    if image.where:
        what += f" in {image.where}"
    if print_rules and image.colour.family in PRINT_RGB:
        yield ("error", "colour", page.number, f"{what} is in {_family_words(image.colour.family)}; print needs CMYK")
    elif print_rules and standard == "x1a" and image.colour.family not in X1A_FAMILIES:
        yield ("error", "lab", page.number, f"{what} is in {_family_words(image.colour.family)}; PDF/X-1a needs CMYK")
    placed = (image.placed[0] * page.unit, image.placed[1] * page.unit)
    if placed[0] <= 0 or placed[1] <= 0 or not all(image.pixels) or not print_rules:
        return
    ppi = min(image.pixels[0] / (placed[0] / 72), image.pixels[1] / (placed[1] / 72))
    line_art = image.bits == 1
    low, good = (MIN_PPI_1BIT, GOOD_PPI_1BIT) if line_art else (MIN_PPI, GOOD_PPI)
    rule, kind = ("resolution-1bit", "1-bit (line art) ") if line_art else ("resolution", "")
    if ppi < low:
        yield ("error", rule, page.number, f"{what} is {kind}{ppi:.0f} ppi as printed: below {low} ppi it prints "
               f"{'jagged' if line_art else 'blurred'} ({good} is the aim)")  # fmt: skip
    elif ppi < good:
        yield ("warning", rule, page.number, f"{what} is {kind}{ppi:.0f} ppi as printed; {good} is the aim")


def describe_image(image: Image, trim: Box, unit: float = 1.0) -> str:
    """An image as a person finds it on the page: its size and place in mm, and its pixels."""
    x0, y0, x1, y1 = image.box
    left, top = to_mm((x0 - trim[0]) * unit), to_mm((trim[3] - y1) * unit)
    return (f"the {to_mm((x1 - x0) * unit):.0f} × {to_mm((y1 - y0) * unit):.0f} mm image {left:.0f} mm from the left "
            f"and {top:.0f} mm from the top ({image.pixels[0]} × {image.pixels[1]} pixels)")  # fmt: skip


def _image_ink(image: Image) -> float:
    """The highest total ink of a CMYK image over small areas (its pixels averaged down to at
    most 128 across, as ink limits are judged over areas, not single dots)."""
    if not isinstance(image.source, pikepdf.Stream):
        return 0.0
    try:
        raw = image.source.read_raw_bytes()
    except pikepdf.PdfError:
        return 0.0
    digest = hashlib.sha256(raw).digest()
    if digest not in _INK:
        _INK[digest] = _ink_of(image.source)
    return _INK[digest]


_INK: dict[bytes, float] = {}  # images by content: a batch checks the same logo once


def _ink_of(stream: pikepdf.Stream) -> float:
    try:
        with warnings.catch_warnings():  # e.g. that a CMYK image's soft mask is set aside: ink is judged without it
            warnings.simplefilter("ignore")
            picture = pikepdf.PdfImage(stream).as_pil_image()
    except Exception:  # an image PIL cannot decode is judged by rendering, or not at all
        return 0.0
    if picture.mode != "CMYK":
        return 0.0
    picture.thumbnail((128, 128))
    data = picture.tobytes()
    return max((sum(data[i : i + 4]) * 100 / 255 for i in range(0, len(data), 4)), default=0.0)


def _where(page: Page, box: Box | None) -> str:
    if box is None:
        return "on the page"
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return f"at {page.mm(x - page.trim[0]):.0f} mm from the left and {page.mm(page.trim[3] - y):.0f} mm from the top"


def _stops_at_trim(bbox: Box | None, page: Page) -> set[str]:
    """The trim edges a filled area or an image reaches without running on into the bleed."""
    if bbox is None:
        return set()
    x0, y0, x1, y1 = bbox
    trim = page.trim
    if (x1 - x0) * page.unit < 8.5 or (y1 - y0) * page.unit < 8.5:  # 3 mm: a rule or a hairline, not a background
        return set()
    edges = set()
    if abs(x0 - trim[0]) <= REACH and y0 < trim[3] and y1 > trim[1]:
        edges.add("left")
    if abs(x1 - trim[2]) <= REACH and y0 < trim[3] and y1 > trim[1]:
        edges.add("right")
    if abs(y0 - trim[1]) <= REACH and x0 < trim[2] and x1 > trim[0]:
        edges.add("bottom")
    if abs(y1 - trim[3]) <= REACH and x0 < trim[2] and x1 > trim[0]:
        edges.add("top")
    return edges


def _annotation_appearances(page: pikepdf.Page) -> list[pikepdf.Stream]:
    found = []
    for annotation in page.obj.get("/Annots", []):
        if isinstance(annotation, Dictionary):
            found += list(document._appearances(annotation))
    return found


def _unembedded_fonts(resources: pikepdf.Object, seen: set[tuple[int, int]]) -> set[str]:
    missing: set[str] = set()
    if not isinstance(resources, Dictionary):
        return missing
    for font in resources.get("/Font", Dictionary()).values():
        if not isinstance(font, Dictionary):
            continue
        if font.get("/Subtype") == Name.Type3:
            continue  # the fonts its glyphs use are followed below
        target = font.DescendantFonts[0] if font.get("/Subtype") == Name.Type0 and "/DescendantFonts" in font else font
        descriptor = target.get("/FontDescriptor")
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing.add(str(font.get("/BaseFont", "/unnamed"))[1:])
    for child in document.drawn_by(resources):  # forms, patterns, Type 3 fonts, soft masks
        if isinstance(child, (Dictionary, pikepdf.Stream)) and "/Resources" in child and child.objgen not in seen:
            seen.add(child.objgen)
            missing |= _unembedded_fonts(child.Resources, seen)
    return missing


def _rich_black(values: tuple[float, ...], family: str) -> bool:
    return family in CMYK_FAMILIES and len(values) == 4 and values[3] >= 0.9 and sum(values[:3]) > 0.05


def _family_words(family: str) -> str:
    return {
        "rgb": "uncalibrated RGB (DeviceRGB)", "icc-rgb": "ICC-based RGB", "cal-rgb": "CalRGB",
        "spot-rgb": "a spot colour with an RGB alternate", "lab": "Lab", "icc-cmyk": "ICC-based CMYK",
        "icc-gray": "ICC-based gray", "cal-gray": "CalGray",
        "other": "a colour space of another kind",
    }.get(family, family)  # fmt: skip


def _touches(event: Paint, bleed: Box) -> bool:
    if event.bbox is None:
        return True
    x0, y0, x1, y1 = event.bbox
    return x0 <= bleed[2] and x1 >= bleed[0] and y0 <= bleed[3] and y1 >= bleed[1]


def _box(page: pikepdf.Page, name: str) -> Box:
    chain = {"/TrimBox": ("/TrimBox", "/CropBox", "/MediaBox"), "/BleedBox": ("/BleedBox", "/CropBox", "/MediaBox")}
    for key in chain.get(name, (name,)):
        box = page.obj.get(key) or (page.obj.get("/MediaBox") if key == "/MediaBox" else None)
        if box is None and key == "/MediaBox":
            box = page.mediabox
        values = _numbers(box, 4)
        if values is not None:
            x0, y0, x1, y1 = values
            return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return (0.0, 0.0, 0.0, 0.0)


def _shown(page: Page, box: Box) -> str:
    return f"{page.mm(box[2] - box[0]):.1f} × {page.mm(box[3] - box[1]):.1f} mm at ({page.mm(box[0]):.1f}, {page.mm(box[1]):.1f})"


def _numbers(value: object, count: int) -> tuple[float, ...] | None:
    """`count` numbers from a PDF array, or None when it is not one (a damaged box or rectangle)."""
    if not isinstance(value, pikepdf.Array) or len(value) != count:
        return None
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):
        return None


def _inside(inner: Box, outer: Box) -> bool:
    return all((inner[i] >= outer[i] - TOLERANCE) if i < 2 else (inner[i] <= outer[i] + TOLERANCE) for i in range(4))
