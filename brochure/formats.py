"""Trim sizes and panel schemes as data. One format for now: A4 portrait, one panel a page."""

from __future__ import annotations

from dataclasses import dataclass

from .units import Rect, Size, mm


@dataclass(frozen=True)
class Format:
    """A finished page size with its bleed and the slug kept around it for printer's marks."""

    name: str
    trim: Size
    bleed: float
    slug: float
    panels: tuple[Rect, ...]
    folds: tuple[float, ...] = ()  # x positions of vertical folds, in trim coordinates

    def media(self, marks: bool) -> Rect:
        """The MediaBox in trim coordinates: bleed plus, with marks, room for them."""
        return self.trim_rect.outset(self.bleed + (self.slug if marks else 0.0))

    @property
    def trim_rect(self) -> Rect:
        return Rect(0.0, 0.0, self.trim.width, self.trim.height)

    @property
    def bleed_rect(self) -> Rect:
        return self.trim_rect.outset(self.bleed)


A4 = Format(
    name="a4",
    trim=Size(mm(210), mm(297)),
    bleed=mm(3),
    slug=mm(10),
    panels=(Rect(0.0, 0.0, mm(210), mm(297)),),
)

FORMATS = {f.name: f for f in (A4,)}
