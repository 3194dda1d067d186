"""CMYK colours, their screen appearance (through the print profile), and WCAG contrast."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from PIL import Image, ImageCms

from .resources import ICC

PRINT_PROFILE = ICC / "ISOcoated_v2_300_bas.icc"  # assets/icc, wherever brochure is installed (resources.py)
PRINT_CONDITION = "ISO Coated v2 300% (FOGRA39)"


@dataclass(frozen=True)
class CMYK:
    """A process colour; each component from 0 to 1."""

    c: float
    m: float
    y: float
    k: float

    @classmethod
    def from_percent(cls, values: list[float]) -> CMYK:
        c, m, y, k = (v / 100 for v in values)
        return cls(c, m, y, k)

    @classmethod
    def from_rgb(cls, r: float, g: float, b: float) -> CMYK:
        """An sRGB colour (0-1) converted through the print profile; greys become black ink only,
        so thin grey and black lines print on one plate. Ink stays within the profile's 300 %."""
        return convert_rgb([(r, g, b)])[0]

    def tint(self, amount: float) -> CMYK:
        """The colour screened to `amount` (0-1) of its strength: a pale tint of it on paper."""
        return CMYK(*(round(v * amount, 4) for v in (self.c, self.m, self.y, self.k)))

    @property
    def ink(self) -> float:
        """Total area coverage in per cent."""
        return 100 * (self.c + self.m + self.y + self.k)

    def rgb(self) -> tuple[float, float, float]:
        """A rough sRGB appearance, by formula; too light for greys, so never judge contrast on it:
        `screen_rgb` is the colour the screen edition really draws."""
        return tuple((1 - v) * (1 - self.k) for v in (self.c, self.m, self.y))  # type: ignore[return-value]


WHITE = CMYK(0, 0, 0, 0)
BLACK = CMYK(0, 0, 0, 1)
REGISTRATION = CMYK(1, 1, 1, 1)


RGB = tuple[float, float, float]  # sRGB, each from 0 to 1


def luminance(colour: CMYK | RGB) -> float:
    """WCAG relative luminance of an sRGB colour, or of a CMYK colour as the screen edition draws it
    (`screen_rgb`: through the print profile, the way the printed colour looks too)."""

    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in (screen_rgb(colour) if isinstance(colour, CMYK) else colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: CMYK | RGB, b: CMYK | RGB) -> float:
    """WCAG contrast ratio, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Spot:
    """A separation colour: drawn by name, defined on each page by the finishing step."""

    name: str
    resource: str
    alternate: CMYK


REGISTRATION_SPOT = Spot("All", "CSAll", CMYK(1, 1, 1, 1))  # prints on every plate: printer's marks
PERFORATION = Spot("Perforation", "CSPerforation", CMYK(0, 1, 0, 0))  # the die line; not printed
SPOTS = (REGISTRATION_SPOT, PERFORATION)


def rgb_to_print() -> ImageCms.ImageCmsTransform:
    """The sRGB -> print-profile transform (relative colorimetric with black point compensation)."""
    return _rgb_to_print(os.getpid())  # LittleCMS handles do not survive a fork: one per process


@functools.cache
def _rgb_to_print(process: int) -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        ImageCms.getOpenProfile(str(PRINT_PROFILE)),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def convert_rgb(colours: list[tuple[float, float, float]]) -> list[CMYK]:
    """Convert many sRGB colours (0-1) at once, as `CMYK.from_rgb` does one."""
    out: list[CMYK | None] = [CMYK(0, 0, 0, round(1 - r, 4)) if _grey(r, g, b) else None for r, g, b in colours]
    pending = [i for i, value in enumerate(out) if value is None]
    if pending:
        strip = Image.new("RGB", (len(pending), 1))
        strip.putdata([tuple(round(v * 255) for v in colours[i]) for i in pending])
        converted = transform(strip, rgb_to_print(), "CMYK")
        for x, i in enumerate(pending):
            c, m, y, k = converted.getpixel((x, 0))  # type: ignore[misc]
            out[i] = CMYK(*(round(v / 255, 4) for v in (c, m, y, k)))
    return [value for value in out if value is not None]


def _grey(r: float, g: float, b: float) -> bool:
    return abs(r - g) < 1e-3 and abs(g - b) < 1e-3


def print_to_screen() -> ImageCms.ImageCmsTransform:
    """The print-profile -> sRGB transform: how the print colours look, for the screen edition."""
    return _print_to_screen(os.getpid())


@functools.cache
def _print_to_screen(process: int) -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(
        ImageCms.getOpenProfile(str(PRINT_PROFILE)),
        ImageCms.createProfile("sRGB"),
        "CMYK",
        "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def screen_colours(colours: list[CMYK]) -> dict[CMYK, tuple[float, float, float]]:
    """sRGB (0-1) for many print colours at once; white stays white, black stays black."""
    unique = sorted(set(colours), key=lambda c: (c.c, c.m, c.y, c.k))
    strip = Image.new("CMYK", (max(1, len(unique)), 1))
    strip.putdata([tuple(round(v * 255) for v in (c.c, c.m, c.y, c.k)) for c in unique])
    converted = transform(strip, print_to_screen(), "RGB")
    out = {}
    for x, colour in enumerate(unique):
        r, g, b = converted.getpixel((x, 0))  # type: ignore[misc]
        out[colour] = (round(r / 255, 4), round(g / 255, 4), round(b / 255, 4))
    out[WHITE] = (1.0, 1.0, 1.0)
    out[BLACK] = (0.0, 0.0, 0.0)
    return out


def screen_rgb(colour: CMYK) -> RGB:
    """The sRGB (0-1) the screen edition draws for one print colour, as `screen_colours` gives it."""
    return _screen_rgb(colour)


@functools.lru_cache(maxsize=4096)
def _screen_rgb(colour: CMYK) -> RGB:
    return screen_colours([colour])[colour]


def transform(image: Image.Image, cms: ImageCms.ImageCmsTransform, mode: str) -> Image.Image:
    """Apply a colour transform. Pillow's `apply` also serialises the whole output profile into
    the result's info (13 ms for the 1 MB print profile, every call); the core transform does not."""
    out = Image.new(mode, image.size)
    try:
        cms.transform.apply(image.getim(), out.getim())
    except AttributeError:  # a Pillow without these internals: the public, slower way
        converted = ImageCms.applyTransform(image, cms)
        assert converted is not None
        return converted
    return out
