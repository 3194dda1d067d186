"""The checks of print-spec.md, each a small function yielding (severity, check, page, message)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name

from ..errors import Severity
from ..formats import FORMATS
from ..limits import PDF_DEPTH
from ..units import to_mm
from . import ink
from .walk import RGB_FAMILIES, Budget, Image, Paint, walk

Raw = tuple[Severity, str, int | None, str]
Box = tuple[float, float, float, float]
MIN_BLEED_MM = 3.0
MIN_LINE = 0.25
MIN_TEXT = 6.0
INK_LIMIT = 300.0
MIN_PPI, GOOD_PPI = 200, 300  # below 200 ppi a picture prints visibly soft
RICH_BLACK_TEXT = 14.0  # below this, black text must be black ink only
TOLERANCE = 0.02
KNOWN_SIZES_MM = {
    "A4 portrait": (210, 297),
    "A4 landscape": (297, 210),
    "A5": (148, 210),
    "DL": (99, 210),
    "US Letter": (215.9, 279.4),
    "A5 booklet spread": (296, 210),
}


def run(pdf: pikepdf.Pdf, path: Path, profile: str, trim_format: str | None, render_ink: bool) -> list[Raw]:
    """Every check of the profile, in a stable order."""
    print_rules = profile == "print"
    found: list[Raw] = []
    found += document_rules(pdf, print_rules)
    bleeds: list[Box] = []
    budget = Budget()  # one per file: its forms, however often placed, are followed within it
    for number, page in enumerate(pdf.pages, start=1):
        boxes = list(box_rules(page, number, trim_format if print_rules else None, print_rules))
        found += boxes
        bleeds.append(_box(page, "/BleedBox"))
        found += font_rules(page, number)
        found += content_rules(page, number, print_rules, check_ink=print_rules and not render_ink, budget=budget)
        if print_rules:
            found += annotation_rules(page, number)
    if print_rules and render_ink:
        found += rendered_ink_rules(path, bleeds)
    return found


def document_rules(pdf: pikepdf.Pdf, print_rules: bool) -> Iterator[Raw]:
    if pdf.is_encrypted:
        yield ("error", "encryption", None, "the file is encrypted; print shops need it unprotected")
    for what, page in sorted(_actions(pdf), key=lambda found: (found[1] or 0, found[0])):
        yield ("error", "javascript", page, f"{what}, which PDF/X forbids and a print file must never carry")
    if not print_rules:
        return
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == Name.GTS_PDFX]
    if not intents:
        yield (
            "error",
            "output-intent",
            None,
            "no PDF/X output intent: the printing condition (e.g. FOGRA39) is not stated",
        )
    elif len(intents) > 1:
        yield ("error", "output-intent", None, f"{len(intents)} PDF/X output intents; there must be exactly one")
    else:
        profile = intents[0].get("/DestOutputProfile")
        identifier = str(intents[0].get("/OutputConditionIdentifier", ""))
        if profile is None:
            yield (
                "error",
                "output-intent",
                None,
                f"the output intent ({identifier or 'unnamed'}) has no embedded ICC profile",
            )
        elif int(profile.get("/N", 0)) != 4:
            yield ("error", "output-intent", None, "the output intent's profile is not a CMYK profile")
    version = _pdfx_version(pdf)
    if not version:
        yield ("error", "pdfx-id", None, "the file does not identify itself as PDF/X (no GTS_PDFXVersion)")
    elif version == "PDF/X-4" and pdf.pdf_version < "1.6":
        yield ("error", "pdfx-id", None, f"PDF/X-4 needs PDF 1.6 or later; the file is PDF {pdf.pdf_version}")
    info = pdf.trailer.get("/Info", Dictionary())
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if key not in info and not _in_xmp(pdf, key):
            yield ("error", "metadata", None, f"the document information lacks {key[1:]}, which PDF/X requires")
    if info.get("/Trapped") not in (Name("/True"), Name("/False")) and not _in_xmp(pdf, "pdf:Trapped"):
        yield ("error", "metadata", None, "Trapped is not set to True or False, which PDF/X requires")
    if "/ID" not in pdf.trailer:
        yield ("error", "metadata", None, "the file has no document ID")


def box_rules(page: pikepdf.Page, number: int, trim_format: str | None, print_rules: bool) -> Iterator[Raw]:
    media = _box(page, "/MediaBox")
    if "/TrimBox" not in page.obj:
        if print_rules:
            yield (
                "error",
                "boxes",
                number,
                "no TrimBox: the printer cannot tell the finished size and will cut at the MediaBox",
            )
        return
    trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox")
    if not _inside(bleed, media) or not _inside(trim, bleed):
        yield ("error", "boxes", number, "the page boxes are not nested (MediaBox ⊇ BleedBox ⊇ TrimBox)")
        return
    if print_rules:
        if "/BleedBox" not in page.obj:
            yield ("error", "bleed", number, "no BleedBox: the bleed area is not marked")
        sides = {
            "left": trim[0] - bleed[0],
            "bottom": trim[1] - bleed[1],
            "right": bleed[2] - trim[2],
            "top": bleed[3] - trim[3],
        }
        short = {side: to_mm(v) for side, v in sides.items() if to_mm(v) < MIN_BLEED_MM - TOLERANCE}
        if short:
            listed = ", ".join(f"{side} {value:.1f} mm" for side, value in short.items())
            yield ("error", "bleed", number, f"bleed is less than {MIN_BLEED_MM:g} mm ({listed})")
    width, height = to_mm(trim[2] - trim[0]), to_mm(trim[3] - trim[1])
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


def font_rules(page: pikepdf.Page, number: int) -> Iterator[Raw]:
    for name in sorted(_unembedded_fonts(page.obj.get("/Resources", Dictionary()), set())):
        yield ("error", "fonts", number, f"the font {name} is not embedded; the printer would substitute another")


def content_rules(
    page: pikepdf.Page,
    number: int,
    print_rules: bool,
    check_ink: bool,
    trusted: frozenset[tuple[int, int]] = frozenset(),
    stream: pikepdf.Object | None = None,
    budget: Budget | None = None,
) -> Iterator[Raw]:
    """Colour, line widths, text sizes and ink of what the page paints (or of `stream`, painted
    with the page's resources); forms in `trusted` are not entered."""
    resources = page.obj.get("/Resources", Dictionary())
    bleed = _box(page, "/BleedBox")
    rgb: set[str] = set()
    thinnest: float | None = None
    smallest: float | None = None
    over_ink = 0.0
    rich_black_text: float | None = None
    for event in walk(page.obj if stream is None else stream, resources, trusted=trusted, budget=budget):
        if isinstance(event, Image):
            yield from _image_rule(event, number, print_rules, _box(page, "/TrimBox"))
            continue
        if event.colour.family in RGB_FAMILIES or event.colour.family == "spot-rgb":
            rgb.add(f"{event.kind} in {_family_words(event.colour.family)}")
        if event.kind == "stroke" and event.width < MIN_LINE - 1e-3:
            thinnest = event.width if thinnest is None else min(thinnest, event.width)
        if event.kind == "text" and 0 < event.size < MIN_TEXT - 1e-3:
            smallest = event.size if smallest is None else min(smallest, event.size)
        if (
            event.kind == "text"
            and event.size < RICH_BLACK_TEXT
            and _rich_black(event.colour.values, event.colour.family)
        ):
            rich_black_text = event.size if rich_black_text is None else min(rich_black_text, event.size)
        if check_ink and event.colour.ink > INK_LIMIT + 0.5 and _touches(event, bleed):
            over_ink = max(over_ink, event.colour.ink)
    if print_rules and rgb:
        yield ("error", "colour", number, f"RGB colour is used ({', '.join(sorted(rgb))}); print needs CMYK")
    if print_rules and thinnest is not None:
        what = "a zero-width (device hairline) line" if thinnest == 0 else f"a line {thinnest:.2f} pt wide"
        yield ("error", "hairline", number, f"{what}: lines under {MIN_LINE} pt may not print")
    if smallest is not None:
        yield (
            "warning",
            "small-text",
            number,
            f"text at {smallest:.1f} pt, below {MIN_TEXT:g} pt, is hard to print and read",
        )
    if print_rules and rich_black_text is not None:
        yield (
            "warning",
            "rich-black",
            number,
            f"text at {rich_black_text:.1f} pt in rich black; small text should be 100 % K only",
        )
    if over_ink:
        yield (
            "error",
            "total-ink",
            number,
            f"a colour with {over_ink:.0f} % total ink, over the {INK_LIMIT:.0f} % limit",
        )


def annotation_rules(page: pikepdf.Page, number: int) -> Iterator[Raw]:
    bleed = _box(page, "/BleedBox")
    for annotation in page.obj.get("/Annots", []):
        if not isinstance(annotation, Dictionary):
            continue
        rect = _numbers(annotation.get("/Rect"), 4)
        if rect is None:
            yield ("error", "annotations", number, "an annotation has no usable rectangle (the file is damaged)")
            continue
        if rect[0] < bleed[2] and rect[2] > bleed[0] and rect[1] < bleed[3] and rect[3] > bleed[1]:
            kind = str(annotation.get("/Subtype", "/annotation"))[1:]
            yield ("error", "annotations", number, f"a {kind} annotation lies inside the bleed; PDF/X forbids it")


def rendered_ink_rules(path: Path, bleeds: list[Box]) -> Iterator[Raw]:
    try:
        results = ink.max_ink_by_page(path, bleeds)
    except (OSError, subprocess.SubprocessError) as exc:
        yield ("info", "total-ink", None, f"total ink was not measured: {exc}")
        return
    if len(bleeds) > len(results):
        yield ("info", "total-ink", None, f"total ink was measured on the first {len(results)} of {len(bleeds)} pages")
    for number, (highest, share) in enumerate(results, start=1):
        if share > 0:
            yield (
                "error",
                "total-ink",
                number,
                f"{share:.1%} of the page has over {INK_LIMIT:.0f} % total ink (up to {highest:.0f} %)",
            )


def _image_rule(image: Image, number: int, print_rules: bool, trim: Box) -> Iterator[Raw]:
    what = describe_image(image, trim)
    if print_rules and image.colour.family in RGB_FAMILIES:
        yield ("error", "colour", number, f"{what} is in {_family_words(image.colour.family)}; print needs CMYK")
    if image.placed[0] <= 0 or image.placed[1] <= 0 or not all(image.pixels):
        return
    ppi = min(image.pixels[0] / (image.placed[0] / 72), image.pixels[1] / (image.placed[1] / 72))
    if print_rules and ppi < MIN_PPI:
        yield ("error", "resolution", number,
               f"{what} is {ppi:.0f} ppi as printed: below {MIN_PPI} ppi it prints blurred (300 is the aim)")  # fmt: skip
    elif print_rules and ppi < GOOD_PPI:
        yield ("warning", "resolution", number, f"{what} is {ppi:.0f} ppi as printed; {GOOD_PPI} is the aim")


def describe_image(image: Image, trim: Box) -> str:
    """An image as a person finds it on the page: its size and place in mm, and its pixels."""
    x0, y0, x1, y1 = image.box
    left, top = to_mm(x0 - trim[0]), to_mm(trim[3] - y1)
    return (f"the {to_mm(x1 - x0):.0f} × {to_mm(y1 - y0):.0f} mm image {left:.0f} mm from the left and "
            f"{top:.0f} mm from the top ({image.pixels[0]} × {image.pixels[1]} pixels)")  # fmt: skip


def _unembedded_fonts(resources: pikepdf.Object, seen: set[tuple[int, int]]) -> set[str]:
    missing: set[str] = set()
    for font in resources.get("/Font", Dictionary()).values():
        if font.get("/Subtype") == Name.Type3:
            continue
        target = font.DescendantFonts[0] if font.get("/Subtype") == Name.Type0 else font
        descriptor = target.get("/FontDescriptor")
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing.add(str(font.get("/BaseFont", "/unnamed"))[1:])
    for xobject in resources.get("/XObject", Dictionary()).values():
        if xobject.get("/Subtype") == Name.Form and "/Resources" in xobject and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            missing |= _unembedded_fonts(xobject.Resources, seen)
    return missing


def _rich_black(values: tuple[float, ...], family: str) -> bool:
    return family == "cmyk" and len(values) == 4 and values[3] >= 0.9 and sum(values[:3]) > 0.05


def _family_words(family: str) -> str:
    return {
        "rgb": "uncalibrated RGB (DeviceRGB)",
        "icc-rgb": "ICC-based RGB",
        "cal-rgb": "CalRGB",
        "spot-rgb": "a spot colour with an RGB alternate",
    }[family]


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


def _numbers(value: object, count: int) -> tuple[float, ...] | None:
    """`count` numbers from a PDF array, or None when it is not one (a damaged box or rectangle)."""
    if not isinstance(value, pikepdf.Array) or len(value) != count:
        return None
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):
        return None


ACTION_KEYS = ("/A", "/OpenAction", "/Next", "/AA")


def _actions(pdf: pikepdf.Pdf) -> Iterator[tuple[str, int | None]]:
    """JavaScript and Launch actions anywhere they can run (the catalog's open action and
    additional actions, the JavaScript name tree, pages' and annotations' actions, each
    action's /Next chain), and links to javascript: addresses; with the page they are on."""
    names = pdf.Root.get("/Names", Dictionary())
    if isinstance(names, Dictionary) and "/JavaScript" in names:
        yield "the file has document-level JavaScript", None
    seen: set[tuple[int, int]] = set()
    yield from ((what, None) for what in _scripts(pdf.Root, seen, 0))
    for number, page in enumerate(pdf.pages, start=1):
        yield from ((what, number) for what in _scripts(page.obj, seen, 0))
        for annotation in page.obj.get("/Annots", []):
            if isinstance(annotation, Dictionary):
                yield from ((what, number) for what in _scripts(annotation, seen, 0))


def _scripts(owner: pikepdf.Object, seen: set[tuple[int, int]], depth: int) -> Iterator[str]:
    """The JavaScript, Launch and javascript: actions an object holds, followed through /Next
    chains and additional-action dictionaries (each object once, to a bounded depth)."""
    if depth > PDF_DEPTH or not isinstance(owner, Dictionary):
        return
    if owner.is_indirect:
        if owner.objgen in seen:
            return
        seen.add(owner.objgen)
    kind = owner.get("/S")
    if kind == Name.JavaScript:
        yield "a JavaScript action"
    elif kind == Name.Launch:
        yield "a Launch action (it would run a program)"
    elif kind == Name.URI and str(owner.get("/URI", "")).strip().lower().startswith(("javascript:", "vbscript:")):
        yield "a link to a javascript: address"
    for key in ACTION_KEYS:
        value = owner.get(key)
        if isinstance(value, pikepdf.Array):
            for item in value:
                yield from _scripts(item, seen, depth + 1)
        elif isinstance(value, Dictionary):
            if key == "/AA" and "/S" not in value:  # additional actions: a dictionary of triggers
                for item in value.values():
                    yield from _scripts(item, seen, depth + 1)
            else:
                yield from _scripts(value, seen, depth + 1)


def _inside(inner: Box, outer: Box) -> bool:
    return all((inner[i] >= outer[i] - TOLERANCE) if i < 2 else (inner[i] <= outer[i] + TOLERANCE) for i in range(4))


def _pdfx_version(pdf: pikepdf.Pdf) -> str:
    info = pdf.trailer.get("/Info", Dictionary())
    if "/GTS_PDFXVersion" in info:
        return str(info.GTS_PDFXVersion)
    match = re.search(rb"GTS_PDFXVersion>([^<]+)<", _xmp(pdf))
    return match.group(1).decode() if match else ""


def _in_xmp(pdf: pikepdf.Pdf, key: str) -> bool:
    return key.lstrip("/").encode() in _xmp(pdf)


def _xmp(pdf: pikepdf.Pdf) -> bytes:
    metadata = pdf.Root.get("/Metadata")
    return bytes(metadata.read_bytes()) if metadata is not None else b""
