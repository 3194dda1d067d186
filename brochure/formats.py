"""Trim sizes, margins and panel schemes as data: A4 portrait, the A5 saddle-stitched booklet and
the DL tri-fold; and the pages their screen editions are read on."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .units import Rect, Size, mm


@dataclass(frozen=True)
class Format:
    """A finished page size with its bleed and the slug kept around it for printer's marks."""

    name: str
    trim: Size
    bleed: float
    slug: float
    panels: tuple[Rect, ...]
    folds: tuple[tuple[float, ...], ...] = ()  # per side (page 1, 2, ...): x of each vertical fold
    margin_x: float = mm(30)
    margin_top: float = mm(18)
    margin_bottom: float = mm(19)  # or higher: the text frames end above the footer's real height
    footer_baseline: float = mm(11)
    band: float = mm(34)  # the cover's brand band
    booklet: bool = False  # saddle-stitched: pages in fours, the reply slip is the back cover
    body: float = 14.0  # body text size; never below the clear-print minimum of 12 pt
    large_print_body: float = 18.0  # in large print; never below the large-print minimum of 16 pt
    two_sided: bool = True  # printed on both sides of the paper (the screen editions' pages are not)

    def folds_on(self, page: int) -> tuple[float, ...]:
        """The folds of a page (sides alternate: outside, inside)."""
        return self.folds[(page - 1) % len(self.folds)] if self.folds else ()

    def media(self, marks: bool) -> Rect:
        """The MediaBox in trim coordinates: bleed plus, with marks, room for them."""
        return self.trim_rect.outset(self.bleed + (self.slug if marks else 0.0))

    def back_of(self, page: int, area: Rect) -> tuple[int, Rect]:
        """The other side of the same sheet (or booklet leaf): pages pair 1-2, 3-4, ..., and an
        area's back is its mirror image across the sheet's vertical centre line (turned over on
        the long edge of a portrait page, the short edge of a landscape one). A one-sided page's
        back is page 0: none."""
        if not self.two_sided:
            return 0, area
        back = page + 1 if page % 2 else page - 1
        return back, Rect(self.trim.width - area.right, area.y, area.width, area.height)

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

A5_BOOKLET = Format(
    name="a5-booklet",
    trim=Size(mm(148), mm(210)),
    bleed=mm(3),
    slug=mm(10),
    panels=(Rect(0.0, 0.0, mm(148), mm(210)),),
    margin_x=mm(15),
    margin_top=mm(15),
    margin_bottom=mm(20),
    footer_baseline=mm(9),
    band=mm(26),
    booklet=True,
)

# A roll-folded DL leaflet: A4 landscape, panels 97 / 100 / 100 mm outside (flap, back, cover) and
# 100 / 100 / 97 mm inside; the flap is the same paper on both sides.
DL_OUTSIDE = (
    Rect(0.0, 0.0, mm(97), mm(210)),
    Rect(mm(97), 0.0, mm(100), mm(210)),
    Rect(mm(197), 0.0, mm(100), mm(210)),
)
DL_INSIDE = (
    Rect(0.0, 0.0, mm(100), mm(210)),
    Rect(mm(100), 0.0, mm(100), mm(210)),
    Rect(mm(200), 0.0, mm(97), mm(210)),
)
DL_TRIFOLD = Format(
    name="dl-trifold",
    trim=Size(mm(297), mm(210)),
    bleed=mm(3),
    slug=mm(10),
    panels=DL_OUTSIDE + DL_INSIDE,
    folds=((mm(97), mm(197)), (mm(100), mm(200))),
    margin_x=mm(7),  # inside each panel: 5 mm or more from the trim, 3 mm or more from a fold
    margin_top=mm(7),
    margin_bottom=mm(10),
    footer_baseline=mm(6),
    band=mm(24),
    body=12.0,
    large_print_body=16.0,  # a panel 86 mm wide: 16 pt, the large-print minimum, holds a short leaflet
)

FORMATS = {f.name: f for f in (A4, A5_BOOKLET, DL_TRIFOLD)}


def on_screen(fmt: Format) -> Format:
    """The pages of a format's screen edition. Nothing is folded or bound on screen: a tri-fold's
    panels become single-column pages of a panel's size, read in order (cover, article, slip),
    and no page has a back: a booklet's pages need not come in fours, nor a slip have a back."""
    if len(fmt.panels) > 1:
        width = max(panel.width for panel in fmt.panels)
        page = Rect(0.0, 0.0, width, fmt.trim.height)
        return replace(fmt, trim=Size(width, fmt.trim.height), panels=(page,), folds=(), margin_x=mm(8),
                       margin_top=mm(10), margin_bottom=mm(12), footer_baseline=mm(7), two_sided=False)  # fmt: skip
    return replace(fmt, booklet=False, two_sided=False)
