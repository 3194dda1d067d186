"""Loading illustrations and logos: SVG as vectors (svglib), bitmaps through Pillow, all in CMYK."""

from __future__ import annotations

import copy
import dataclasses
import functools
import logging
import os
import re
import stat
import urllib.parse
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from PIL import Image
from reportlab.graphics.shapes import Drawing, Group, Shape
from reportlab.lib.colors import CMYKColor, Color
from svglib.svglib import svg2rlg

from .colour import convert_rgb, rgb_to_print, transform
from .limits import MB, PICTURE_BYTES, SVG_BYTES, SVG_ELEMENTS, SVG_SIZE

MAX_PIXELS = 40_000_000  # a full A4 page at 600 ppi is 35 million pixels
BITMAP_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


class AssetError(ValueError):
    """An asset that cannot be used; the message says why, the hint what to do."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True, eq=False)
class Asset:
    """A loaded picture: a vector drawing or a CMYK bitmap, with its natural size in points."""

    path: Path
    width: float
    height: float
    drawing: Drawing | None = field(default=None, repr=False)  # CMYK, for print
    bitmap: Image.Image | None = field(default=None, repr=False)  # CMYK, for print
    converted_from: str | None = None
    screen_drawing: Drawing | None = field(default=None, repr=False)  # as drawn, for the screen
    screen_bitmap: Image.Image | None = field(default=None, repr=False)  # RGB, for the screen
    references: tuple[Path, ...] = ()  # the files of the project an SVG draws in (its pictures)

    @property
    def aspect(self) -> float:
        return self.height / self.width

    @functools.cached_property
    def thinnest_line(self) -> float:
        """The thinnest stroke of a vector drawing at its natural size (inf for a bitmap, or a
        drawing without strokes): scaled below 0.25 pt it would not print."""
        widths = [width for width in _stroke_widths(self.drawing)] if self.drawing is not None else []
        return min((w for w in widths if w > 0), default=float("inf"))

    def ppi(self, placed_width: float) -> float:
        """Effective resolution of a bitmap placed `placed_width` points wide (inf for vectors)."""
        if self.bitmap is None:
            return float("inf")
        return self.bitmap.width / (placed_width / 72)


def _stroke_widths(node: object, scale: float = 1.0) -> Iterator[float]:
    """The stroke widths of a drawing's stroked shapes, in its own units (group transforms applied)."""
    transform = getattr(node, "transform", None)
    if transform:
        scale *= abs(transform[0] * transform[3] - transform[1] * transform[2]) ** 0.5
    for child in getattr(node, "contents", ()):
        yield from _stroke_widths(child, scale)
    if getattr(node, "strokeColor", None) is not None and hasattr(node, "strokeWidth"):
        yield float(node.strokeWidth) * scale


def load_asset(path: Path, root: Path) -> Asset:
    """Load an SVG or bitmap file of the project folder `root`; raises AssetError saying what is
    wrong with it. Loaded assets are frozen and shared: a batch loads the illustration and logos
    once per process."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise AssetError(f"cannot read '{path.name}': {exc.strerror}") from None
    limit = SVG_BYTES if path.suffix.lower() == ".svg" else PICTURE_BYTES
    if not stat.S_ISREG(info.st_mode):
        raise AssetError(f"'{path.name}' is not a regular file", "give the path of a picture file")
    if info.st_size > limit:
        raise AssetError(f"'{path.name}' is {info.st_size / MB:.1f} MB, more than the {limit // MB} MB brochure reads",
                         "save a smaller file")  # fmt: skip
    return _load(path, root, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=64)
def _load(path: Path, root: Path, modified: int, size: int) -> Asset:
    suffix = path.suffix.lower()
    if suffix == ".svg":
        references = _scan_svg(path, root)
        return dataclasses.replace(_load_svg(path), references=references)
    if suffix in BITMAP_SUFFIXES:
        return _load_bitmap(path)
    raise AssetError(f"'{path.name}' is not a supported picture", "use an SVG (best), PNG or JPEG file")


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)")
XLINK = "{http://www.w3.org/1999/xlink}href"


def _scan_svg(path: Path, root: Path) -> tuple[Path, ...]:
    """Read the SVG safely before svglib does, and refuse what would make it reach beyond the
    project: entities, style sheets, network or file links, references outside `root`, and more
    than SVG_ELEMENTS elements. A reference to a picture inside the project is kept to the rules
    of content paths."""
    data = path.read_bytes()
    name = path.name
    if b"<!ENTITY" in data or b"<?xml-stylesheet" in data:
        raise AssetError(f"'{name}' declares entities or a style sheet, which brochure does not load",
                         "re-save it as plain SVG (most drawing programs have an 'optimised SVG' option)")  # fmt: skip
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise AssetError(
            f"'{name}' is not a readable SVG file ({exc})", "open and re-save it in a drawing program"
        ) from None
    files: list[Path] = []
    for count, element in enumerate(tree.iter(), start=1):
        if count > SVG_ELEMENTS:
            raise AssetError(
                f"'{name}' has more than {SVG_ELEMENTS:,} elements", "simplify the drawing, or save it as PNG"
            )
        references = [element.get("href"), element.get(XLINK), *_URL.findall(element.get("style") or "")]
        if isinstance(element.tag, str) and element.tag.endswith("style"):
            if "@import" in (element.text or ""):
                raise AssetError(
                    f"'{name}' imports a style sheet, which brochure does not load", "put the styles in the SVG itself"
                )
            references += _URL.findall(element.text or "")
        for reference in references:
            if reference:
                files += _check_reference(reference.strip(), path, root)
    return tuple(files)


def _check_reference(reference: str, svg: Path, root: Path) -> list[Path]:
    """A reference in an SVG: to a part of itself, embedded data, or a picture file inside the
    project (returned); anything else is refused, naming the reference."""
    if reference.startswith("#") or reference.startswith("data:") or not reference:
        return []
    why = ""
    resolved = svg
    if _SCHEME.match(reference) or reference.startswith(("/", "\\")):
        why = "links to the network or to files by address are not loaded"
    else:
        target = svg.parent / urllib.parse.unquote(reference)
        resolved = target.resolve()
        if not resolved.is_relative_to(root.resolve()):
            why = "it is outside the project folder"
        elif target.is_symlink() or not resolved.is_file():
            why = "it is not a file of the project folder"
        elif resolved.stat().st_size > PICTURE_BYTES:
            why = f"it is larger than {PICTURE_BYTES // MB} MB"
    if why:
        shown = reference if len(reference) <= 60 else reference[:59] + "…"
        raise AssetError(f"'{svg.name}' refers to '{shown}': {why}",
                         "embed the picture in the SVG, or copy it into the project folder")  # fmt: skip
    return [resolved]


def _load_svg(path: Path) -> Asset:
    messages: list[str] = []
    handler = _Collect(messages)
    logger = logging.getLogger("svglib")
    logger.addHandler(handler)
    try:
        drawing = svg2rlg(str(path))
    except Exception as exc:  # svglib raises lxml and parsing errors of many kinds
        raise AssetError(
            f"'{path.name}' is not a readable SVG file ({exc})", "open and re-save it in a drawing program"
        ) from None
    finally:
        logger.removeHandler(handler)
    if drawing is not None and not all(0 < float(v) <= SVG_SIZE for v in (drawing.width, drawing.height)):
        raise AssetError(f"'{path.name}' has a size of {float(drawing.width):g} × {float(drawing.height):g} pt, "
                         f"not between 0 and {SVG_SIZE:g}", "set the drawing's width and height in the SVG")  # fmt: skip
    if drawing is None or not drawing.width or not drawing.height:
        detail = f": {messages[0]}" if messages else ""
        raise AssetError(
            f"'{path.name}' is not a readable SVG file{detail}", "open and re-save it in a drawing program"
        )
    cmyk = copy.deepcopy(drawing)
    painted: list[tuple[Shape, str, Color]] = []
    for shape in _shapes(cmyk):
        if getattr(shape, "fillOpacity", None) not in (None, 1) or getattr(shape, "strokeOpacity", None) not in (
            None,
            1,
        ):
            raise AssetError(
                f"'{path.name}' uses transparency", "print artwork must be opaque: remove opacity from the SVG"
            )
        for attr in ("fillColor", "strokeColor"):
            colour = getattr(shape, attr, None)
            if isinstance(colour, Color) and not isinstance(colour, CMYKColor):
                painted.append((shape, attr, colour))
    unique = sorted({(c.red, c.green, c.blue) for _, _, c in painted})
    converted = dict(zip(unique, convert_rgb(unique), strict=True))
    for shape, attr, colour in painted:
        value = converted[(colour.red, colour.green, colour.blue)]
        setattr(shape, attr, CMYKColor(value.c, value.m, value.y, value.k))
    return Asset(path, float(drawing.width), float(drawing.height), drawing=cmyk, screen_drawing=drawing)


def _load_bitmap(path: Path) -> Asset:
    try:
        with warnings.catch_warnings():  # brochure's own, lower pixel limit is checked below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise AssetError(
                    f"'{path.name}' is {width} x {height} pixels, more than the {MAX_PIXELS // 1_000_000} million brochure accepts",
                    "scale it down: 300 pixels per inch at the printed size is enough",
                )
            image.load()
            mode = image.mode
            converted = None if mode == "CMYK" else mode
            flat = _flatten(image) if mode in ("P", "PA", "LA", "RGBA", "I;16", "I", "F") else image
            screen = flat.convert("RGB")
            bitmap = flat if flat.mode == "CMYK" else transform(screen, rgb_to_print(), "CMYK")
    except AssetError:
        raise
    except Image.DecompressionBombError:
        raise AssetError(
            f"'{path.name}' has far more than the {MAX_PIXELS // 1_000_000} million pixels brochure accepts",
            "scale it down: 300 pixels per inch at the printed size is enough",
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise AssetError(
            f"'{path.name}' is not a readable image ({exc})", "open and re-save it as PNG or JPEG"
        ) from None
    dpi = image.info.get("dpi", (300, 300))[0] or 300
    return Asset(
        path, width * 72 / dpi, height * 72 / dpi, bitmap=bitmap, converted_from=converted, screen_bitmap=screen
    )


def _flatten(image: Image.Image) -> Image.Image:
    """Composite transparency onto white paper: print artwork has no alpha."""
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba).convert("RGB")


def _shapes(node: Shape) -> Iterator[Shape]:
    yield node
    if isinstance(node, Group):  # Drawing is a Group too
        for child in node.contents:
            yield from _shapes(child)


class _Collect(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


def recoloured(drawing: Drawing, target: Color) -> Drawing:
    """A copy of a drawing with every fill and stroke in one colour (a logo reversed out of a band)."""
    copied = copy.deepcopy(drawing)
    for shape in _shapes(copied):
        for attr in ("fillColor", "strokeColor"):
            if getattr(shape, attr, None) is not None:
                setattr(shape, attr, target)
    return copied
