"""Loading illustrations and logos: SVG as vectors (svglib), bitmaps through Pillow, all in CMYK."""

from __future__ import annotations

import copy
import functools
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from reportlab.graphics.shapes import Drawing, Group, Shape
from reportlab.lib.colors import CMYKColor, Color
from svglib.svglib import svg2rlg

from .colour import convert_rgb, rgb_to_print, transform

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


def load_asset(path: Path) -> Asset:
    """Load an SVG or bitmap file; raises AssetError saying what is wrong with it. Loaded assets
    are frozen and shared: a batch loads the illustration and logos once per process."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise AssetError(f"cannot read '{path.name}': {exc.strerror}") from None
    return _load(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _load(path: Path, modified: int, size: int) -> Asset:
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return _load_svg(path)
    if suffix in BITMAP_SUFFIXES:
        return _load_bitmap(path)
    raise AssetError(f"'{path.name}' is not a supported picture", "use an SVG (best), PNG or JPEG file")


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
