"""CMYK colours, their approximate screen appearance, and WCAG contrast."""

from __future__ import annotations

from dataclasses import dataclass


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
        """Device conversion of an RGB colour (0-1) with full grey replacement; ink stays <= 300 %."""
        k = 1 - max(r, g, b)
        if k >= 1:
            return cls(0, 0, 0, 1)
        c, m, y = (round((1 - v - k) / (1 - k), 4) for v in (r, g, b))
        return cls(c, m, y, round(k, 4))

    @property
    def ink(self) -> float:
        """Total area coverage in per cent."""
        return 100 * (self.c + self.m + self.y + self.k)

    def rgb(self) -> tuple[float, float, float]:
        """An approximate sRGB appearance, good enough for contrast checks."""
        return tuple((1 - v) * (1 - self.k) for v in (self.c, self.m, self.y))  # type: ignore[return-value]


WHITE = CMYK(0, 0, 0, 0)
BLACK = CMYK(0, 0, 0, 1)
REGISTRATION = CMYK(1, 1, 1, 1)


def luminance(colour: CMYK) -> float:
    """WCAG relative luminance of the colour's approximate sRGB appearance."""

    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in colour.rgb())
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: CMYK, b: CMYK) -> float:
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
