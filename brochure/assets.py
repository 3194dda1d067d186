"""Loading illustrations and logos: SVG as vectors (svg.py), bitmaps through Pillow, all in CMYK."""

from __future__ import annotations

import functools
import io
import os
import stat
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps

from ._reportlab import Drawing
from .colour import RGB, rgb_to_print, transform
from .limits import MB, PICTURE_BYTES, SVG_BYTES
from .svg import SvgError, read_svg

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
    texts: tuple[str, ...] = ()  # an SVG's text, set in the brand's fonts
    transparent: bool = False  # an SVG's opacity (PDF/X-1a cannot hold it)
    alpha: Image.Image | None = field(default=None, repr=False)  # a bitmap's transparency (L), if any
    photo: bool = False  # a JPEG: placed as JPEG in every edition, never as raw pixels
    jpeg: bytes | None = field(default=None, repr=False)  # the JPEG file as it is, for the screen edition
    source_bytes: int = 0  # the size of the file
    colours: tuple[tuple[RGB, float], ...] = ()  # what a mark paints (sRGB) and the share of it in each colour

    @property
    def one_colour(self) -> bool:
        """A mark drawn in a single colour (an SVG, or a transparent bitmap's visible pixels)."""
        return len(self.colours) == 1

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
        try:
            svg = read_svg(path.read_bytes(), path.name, str(path), str(root))
        except SvgError as exc:
            raise AssetError(str(exc), exc.hint) from None
        return Asset(path, svg.width, svg.height, drawing=svg.drawing, screen_drawing=svg.screen_drawing,
                     references=tuple(Path(r) for r in svg.references), texts=svg.texts, transparent=svg.transparent,
                     colours=svg.colours)  # fmt: skip
    if suffix in BITMAP_SUFFIXES:
        return _load_bitmap(path)
    raise AssetError(f"'{path.name}' is not a supported picture", "use an SVG (best), PNG or JPEG file")


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
            mode, photo = image.mode, image.format == "JPEG"
            upright = image.getexif().get(0x0112, 1) in (0, 1)  # a phone photo may be stored turned
            converted = None if mode == "CMYK" else mode
            colour, alpha = _split_alpha(image if upright else ImageOps.exif_transpose(image))
            screen = colour.convert("RGB")
            bitmap = colour if colour.mode == "CMYK" else transform(screen, rgb_to_print(), "CMYK")
            width, height = bitmap.size
            as_it_is = photo and upright and mode in ("RGB", "L")  # placed on screen as the file is
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
    return Asset(path, width * 72 / dpi, height * 72 / dpi, bitmap=bitmap, converted_from=converted, screen_bitmap=screen,
                 alpha=alpha, photo=photo, jpeg=path.read_bytes() if as_it_is else None, source_bytes=os.stat(path).st_size,
                 colours=_colours(screen, alpha) if alpha is not None else ())  # fmt: skip


JPEG_QUALITIES = (92, 88, 84, 80, 75, 70, 60, 50)
JPEG_GROWTH = 1.5  # a photo converted to CMYK for print stays within 1.5 times its file's size
DOWNSAMPLE_ABOVE, DOWNSAMPLE_TO = 450, 300  # ppi at the printed size, as prepress presets do


@functools.lru_cache(maxsize=16)
def print_jpeg(asset: Asset, placed_width: float) -> bytes:
    """A JPEG photo's CMYK bitmap for print as JPEG again (not as raw pixels, many times larger):
    above 450 ppi at its printed size it is first brought to 300 ppi, then compressed at the
    best quality that keeps it within JPEG_GROWTH of the source file (the lowest tried if none
    does: a CMYK JPEG holds four full channels where the source held one and two quarter ones)."""
    bitmap = asset.bitmap
    assert bitmap is not None
    if asset.ppi(placed_width) > DOWNSAMPLE_ABOVE:
        width = round(placed_width / 72 * DOWNSAMPLE_TO)
        bitmap = bitmap.resize((width, max(1, round(width * bitmap.height / bitmap.width))), Image.Resampling.LANCZOS)
    encoded = b""
    for quality in JPEG_QUALITIES:
        out = io.BytesIO()
        bitmap.save(out, "JPEG", quality=quality, optimize=True)
        encoded = out.getvalue()
        if len(encoded) <= JPEG_GROWTH * asset.source_bytes:
            break
    return encoded


def _colours(colour: Image.Image, alpha: Image.Image) -> tuple[tuple[RGB, float], ...]:
    """The colours of a transparent bitmap's visible pixels, near ones counted as one, with the
    share of each: one colour is a mark whose edges are smoothed by transparency."""
    small = (min(colour.width, 96), min(colour.height, 96))
    shown = alpha.resize(small, Image.Resampling.NEAREST).tobytes()
    data = colour.convert("RGB").resize(small, Image.Resampling.NEAREST).tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    counts: dict[tuple[int, ...], int] = {}
    for pixel, a in zip(pixels, shown, strict=True):
        if a >= 128:
            key = tuple(v // 48 for v in pixel)
            counts[key] = counts.get(key, 0) + 1
    total = sum(counts.values())
    kept = {k: n for k, n in counts.items() if n >= 0.02 * total}  # specks and smoothed edges aside
    return tuple(
        (tuple(min(1.0, (v * 48 + 24) / 255) for v in key), n / sum(kept.values()))  # type: ignore[misc]
        for key, n in sorted(kept.items())
    )


def _split_alpha(image: Image.Image) -> tuple[Image.Image, Image.Image | None]:
    """A bitmap's colour and its transparency (None when it is opaque throughout)."""
    if image.mode == "CMYK":
        return image, None
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        alpha = rgba.getchannel("A")
        return rgba.convert("RGB"), (alpha if alpha.getextrema()[0] < 255 else None)  # type: ignore[operator]
    return image.convert("RGB"), None
