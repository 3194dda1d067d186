"""Lengths and rectangles. Inside the engine every length is in PostScript points."""

from __future__ import annotations

import re
from dataclasses import dataclass

POINTS_PER = {"pt": 1.0, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*$")


def mm(value: float) -> float:
    """Millimetres to points."""
    return value * POINTS_PER["mm"]


def to_mm(points: float) -> float:
    """Points to millimetres."""
    return points / POINTS_PER["mm"]


def parse_length(text: str) -> float:
    """Parse '3mm', '0.125in', '12pt' or '1cm' into points; ValueError otherwise."""
    match = _LENGTH.match(text)
    if not match:
        raise ValueError(f"expected a length such as '3mm' or '12pt', found {text!r}")
    return float(match.group(1)) * POINTS_PER[match.group(2)]


@dataclass(frozen=True)
class Size:
    width: float
    height: float


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle; (x, y) is its lower-left corner, y grows upwards (as in PDF)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def inset(self, left: float, bottom: float, right: float, top: float) -> Rect:
        """A rectangle shrunk by the given amounts (negative values grow it)."""
        return Rect(self.x + left, self.y + bottom, self.width - left - right, self.height - bottom - top)

    def outset(self, amount: float) -> Rect:
        """A rectangle grown by the same amount on every side."""
        return self.inset(-amount, -amount, -amount, -amount)

    def contains(self, other: Rect, tolerance: float = 1e-6) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.top <= self.top + tolerance
        )

    def as_box(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1), the form PDF page boxes take."""
        return (self.x, self.y, self.right, self.top)
