"""The layout result: pages of plain positioned items, in trim coordinates (points, y up).

Nothing here knows about ReportLab's canvas. A page's size is its trim; bleed is kept beside it.
Each item carries a `role`: a PDF structure role ("H1", "P", "LI", "Figure", ...) or "Artifact"
for decoration, so the render stage can tag what it draws; and a `region`: the named part of its
page it was laid out in (the cover band, a flow frame, the footer, the slip...), so the audit,
tagging and checks know where an item belongs without guessing from its position.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from ..assets import Asset
from ..colour import CMYK, WHITE
from ..formats import Format
from ..units import Rect, to_mm

# The regions of a page. Flow frames are "body" (a page) or "body-1", "body-2"... (a sheet's panels).
BAND, COVER, BODY, FOOTER, STRIP = "band", "cover", "body", "footer", "strip"
SLIP, CUT, SLIP_BACK, REFERENCE = "slip", "cut", "slip-back", "reference"


@dataclass(frozen=True)
class Region:
    """A named part of a page: what is laid out in it stays inside `rect`."""

    name: str
    rect: Rect


@dataclass(frozen=True)
class Run:
    """Text in one font, starting at x on its line's baseline."""

    x: float
    text: str
    font: str
    size: float
    colour: CMYK
    width: float
    url: str | None = None
    rtl: bool = False  # set right to left (shaped so)
    language: str = ""  # for shaping; "" for English
    logical: int = 0  # its place in reading order on its line (runs are in visual order)


@dataclass(frozen=True)
class Line:
    baseline: float
    runs: tuple[Run, ...]

    @functools.cached_property  # lines are shared between a batch's records: join once
    def text(self) -> str:
        return "".join(run.text for run in sorted(self.runs, key=lambda run: run.logical))

    @property
    def x(self) -> float:
        return self.runs[0].x if self.runs else 0.0

    @property
    def right(self) -> float:
        return self.runs[-1].x + self.runs[-1].width if self.runs else 0.0


@dataclass(frozen=True)
class TextBlock:
    """Lines of one paragraph, heading or list item; `source` names the content it came from."""

    role: str
    lines: tuple[Line, ...]
    source: str
    label: Line | None = None  # a list item's number or bullet
    continued: bool = False  # the rest of the previous block, carried over to a new page
    leading: float = 0.0  # the distance between its baselines
    region: str = BODY


@dataclass(frozen=True)
class Fill:
    rect: Rect
    colour: CMYK
    role: str = "Artifact"
    region: str = BODY
    background: bool = False  # declared to lie under text (a band, a tinted box)
    source: str = ""  # the content it belongs to, if any (a callout's box)


@dataclass(frozen=True)
class Stroke:
    """A straight line; `dash` is (on, off) lengths or None for solid."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: CMYK
    dash: tuple[float, float] | None = None
    role: str = "Artifact"  # "Form": a slip's write-in line, a field to fill in
    region: str = BODY
    field: str = ""  # a write-in line's field name (the screen edition's text field), and
    label: str = ""  # what is written there ("Name")
    alt: str = ""  # its name as read out in print ("Name, write-in field")
    room: float = 0.0  # the height above the line to write in


@dataclass(frozen=True)
class TickBox:
    rect: Rect
    width: float
    colour: CMYK
    role: str = "Artifact"  # "Form": a slip's tick box, a field to fill in
    region: str = BODY
    field: str = ""  # its field name (the screen edition's check box), and
    label: str = ""  # what ticking it says ("Book an assessment")
    alt: str = ""  # its name as read out in print ("Book an assessment, check box")


@dataclass(frozen=True)
class Picture:
    rect: Rect
    asset: Asset
    alt: str | None
    source: str
    recolour: CMYK | None = None  # drawn in one colour: a logo reversed out of the band
    region: str = BODY
    backdrop: CMYK = WHITE  # what it is placed on: a transparent bitmap is flattened onto it for PDF/X-1a

    @property
    def role(self) -> str:
        return "Figure" if self.alt else "Artifact"


@dataclass(frozen=True)
class Scissors:
    x: float
    y: float
    size: float
    colour: CMYK
    angle: float = 0.0  # degrees; 0 points right, along a horizontal cut line
    role: str = "Artifact"
    region: str = CUT


Item = TextBlock | Fill | Stroke | TickBox | Picture | Scissors


@dataclass(frozen=True)
class Page:
    number: int
    items: tuple[Item, ...]
    regions: tuple[Region, ...] = ()

    def region(self, name: str) -> Rect | None:
        return next((r.rect for r in self.regions if r.name == name), None)


@dataclass(frozen=True)
class Document:
    """A laid-out leaflet: what render draws and tests inspect."""

    title: str
    language: str
    format: Format
    pages: tuple[Page, ...]
    slip: Rect  # the part of the last page that comes away, up to the cut line
    cut: tuple[float, float, float, float]  # the cut line on the slip's page, (x1, y1, x2, y2)
    slip_page: int = 0  # the page the slip is on; 0 means the last
    reading_order: tuple[tuple[int, Rect], ...] = ()  # (page, panel) in reading order, for folded formats
    frames: tuple[tuple[int, str], ...] = ()  # the flow's frames in order: (page, region name)

    def __post_init__(self) -> None:
        if not self.slip_page:
            object.__setattr__(self, "slip_page", len(self.pages))

    def in_slip(self, page: int, block: TextBlock) -> bool:
        """Whether a text block is on the part that is cut away (its first line decides)."""
        first = block.lines[0]
        return page == self.slip_page and self.slip.x <= first.x < self.slip.right and first.baseline < self.slip.top

    def text(self) -> str:
        """All text, in drawing order, one line per line."""
        return "\n".join(line.text for page in self.pages for block in _blocks(page) for line in block)

    def dump(self) -> str:
        """A human-readable listing of every item, in millimetres: a diffable snapshot."""
        out = [f"document {self.title!r} {self.format.name} pages={len(self.pages)}"]
        for page in self.pages:
            out.append(f"page {page.number}")
            for region in page.regions:
                r = region.rect
                out.append(
                    f"  region {region.name} x={to_mm(r.x):.1f} y={to_mm(r.y):.1f} w={to_mm(r.width):.1f} h={to_mm(r.height):.1f}"
                )
            for item in page.items:
                out.append(f"  {_describe(item)} [{item.region}]")
        return "\n".join(out)


def _blocks(page: Page) -> list[tuple[Line, ...]]:
    return [((item.label,) if item.label else ()) + item.lines for item in page.items if isinstance(item, TextBlock)]


def _describe(item: Item) -> str:
    def r(rect: Rect) -> str:
        return f"x={to_mm(rect.x):.1f} y={to_mm(rect.y):.1f} w={to_mm(rect.width):.1f} h={to_mm(rect.height):.1f}"

    if isinstance(item, TextBlock):
        first = item.lines[0]
        return f"{item.role} x={to_mm(first.x):.1f} y={to_mm(first.baseline):.1f} lines={len(item.lines)} {first.text[:50]!r}"
    if isinstance(item, Picture):
        return f"{item.role} {item.asset.path.name} {r(item.rect)}"
    if isinstance(item, Stroke):
        return f"stroke ({to_mm(item.x1):.1f},{to_mm(item.y1):.1f})-({to_mm(item.x2):.1f},{to_mm(item.y2):.1f}) dash={item.dash is not None}"
    if isinstance(item, Fill | TickBox):
        return f"{type(item).__name__.lower()} {r(item.rect)}"
    return f"scissors x={to_mm(item.x):.1f} y={to_mm(item.y):.1f}"


def shifted(item: Item, dx: float) -> Item:
    """The same item moved dx points to the right (a panel laid out alone, then put in place)."""
    if isinstance(item, TextBlock):

        def move(line: Line) -> Line:
            return Line(line.baseline, tuple(replace(run, x=run.x + dx) for run in line.runs))

        return replace(
            item, lines=tuple(move(line) for line in item.lines), label=move(item.label) if item.label else None
        )
    if isinstance(item, Fill | TickBox | Picture):
        r = item.rect
        return replace(item, rect=Rect(r.x + dx, r.y, r.width, r.height))
    if isinstance(item, Stroke):
        return replace(item, x1=item.x1 + dx, x2=item.x2 + dx)
    return replace(item, x=item.x + dx)


def anchor_x(item: Item) -> float:
    """Where an item starts horizontally, to tell which panel it belongs to."""
    if isinstance(item, TextBlock):
        return (item.label or item.lines[0]).x
    if isinstance(item, Fill | TickBox | Picture):
        return item.rect.x
    if isinstance(item, Stroke):
        return min(item.x1, item.x2)
    return item.x
