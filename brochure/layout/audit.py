"""The layout audit: what is on the pages, judged before anything is drawn.

Every build runs it on the Document; `brochure check CONTENT --profile layout` prints it.

Errors (the leaflet is not ready):
- overlap: two items overlap (text, rules, tick boxes, pictures, footers); a fill declared as a
  background may lie under them, and the scissors sit on their cut line;
- outside: an item leaves its region (frame, panel, band, footer...), or the safe zone: 5 mm
  inside the trim, 3 mm from a fold or the perforation (bleed fills and the cut line aside);
- slip-back: content on the other side of the sheet behind the slip (worked out from the page
  numbers and the format's sheet map), except what is laid out for it (the return address; a
  tri-fold's reference matter);
- unit-split: a no-break unit (a date, "version 1.0", a postcode, a phone number, a number and
  its unit, words joined by a no-break space) broken over two lines;
- keep rules: a heading last in a frame; fewer than two lines either side of a split; a list of
  three items or fewer, or a list item of four lines or fewer, split where it fits in one frame.

Warnings: a page other than the last, the article's last and the slip's back less than half filled; an A4 print
master with an odd number of pages.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Literal

from reportlab.pdfbase import pdfmetrics

from ..errors import plural
from ..units import Rect, mm, to_mm
from .blocks import SHORT_ITEM, SHORT_LIST
from .model import (
    CUT,
    FOOTER,
    REFERENCE,
    SLIP_BACK,
    STRIP,
    Document,
    Fill,
    Item,
    Page,
    Picture,
    Scissors,
    Stroke,
    TextBlock,
    TickBox,
)  # fmt: skip
from .text import no_break_spans

SAFE = mm(5)
CLEAR = mm(3)  # from folds and the perforation
TOLERANCE = 0.5  # points: rounding, never a visible defect
HALF = 0.5


@dataclass(frozen=True)
class Finding:
    """One audit result: where (page, item index, content path) and what."""

    severity: Literal["error", "warning"]
    rule: str
    page: int
    item: int | None
    source: str
    message: str


def audit(document: Document) -> tuple[Finding, ...]:
    """Every rule of the audit, in page order."""
    _BOXES.clear()
    findings = [
        *_overlaps(document),
        *_outside(document),
        *_slip_back(document),
        *_split_units(document),
        *_keep_rules(document),
        *_economy(document),
    ]
    return tuple(sorted(findings, key=lambda f: (f.severity != "error", f.page, f.item if f.item is not None else -1)))


HINTS = {
    "overlap": "a layout fault: shorten the text nearby, and please report it",
    "outside": "shorten the text (a long word or name may not fit its place)",
    "slip-back": "a layout fault: please report it",
    "unit-split": "shorten the text around it, or write it without spaces",
    "keep": "a layout fault: please report it",
    "economy": "add or shorten text, or choose another format",
}


def to_dict(findings: tuple[Finding, ...], document: Document, where: dict[str, object]) -> dict[str, object]:
    errors = sum(f.severity == "error" for f in findings)
    return {
        **where, "profile": "layout", "format": document.format.name, "pages": len(document.pages),
        "summary": {"errors": errors, "warnings": len(findings) - errors, "ok": errors == 0},
        "findings": [asdict(f) for f in findings],
    }  # fmt: skip


# Boxes -------------------------------------------------------------------------------------------


@functools.cache
def _extent(font: str) -> tuple[float, float]:
    """A font's ascent and descent, per point of size."""
    face = pdfmetrics.getFont(font).face
    return face.ascent / 1000, -face.descent / 1000


def line_boxes(block: TextBlock) -> list[Rect]:
    """The area each line's glyphs may cover (the font's ascent to its descent), label included."""
    boxes = []
    for line in ((block.label,) if block.label else ()) + block.lines:
        if not line.runs:
            continue
        ascent = max(_extent(run.font)[0] * run.size for run in line.runs)
        descent = max(_extent(run.font)[1] * run.size for run in line.runs)
        boxes.append(Rect(line.x, line.baseline - descent, line.right - line.x, ascent + descent))
    return boxes


def boxes(item: Item) -> list[Rect]:
    """What an item covers on the page (kept while one audit runs: the rules ask more than once)."""
    known = _BOXES.get(id(item))
    if known is None or known[0] is not item:
        known = _BOXES[id(item)] = (item, _boxes(item), None)
    return known[1]


def _bounds_of(item: Item) -> tuple[float, float, float, float]:
    known = _BOXES.get(id(item))
    if known is None or known[0] is not item or known[2] is None:
        rects = boxes(item)
        bounds = (
            min(r.x for r in rects),
            min(r.y for r in rects),
            max(r.right for r in rects),
            max(r.top for r in rects),
        )
        _BOXES[id(item)] = known = (item, rects, bounds) if rects else (item, rects, (0.0, 0.0, 0.0, 0.0))
    assert known[2] is not None
    return known[2]


_BOXES: dict[int, tuple[Item, list[Rect], tuple[float, float, float, float] | None]] = {}


def _boxes(item: Item) -> list[Rect]:
    if isinstance(item, TextBlock):
        return line_boxes(item)
    if isinstance(item, Fill | Picture):
        return [item.rect]
    if isinstance(item, TickBox):
        return [item.rect.outset(item.width / 2)]
    if isinstance(item, Stroke):
        half = item.width / 2
        return [Rect(min(item.x1, item.x2) - half, min(item.y1, item.y2) - half,
                     abs(item.x2 - item.x1) + 2 * half, abs(item.y2 - item.y1) + 2 * half)]  # fmt: skip
    s = item.size  # scissors: drawn within this square around their point, turned with the cut
    return [Rect(item.x - 0.6 * s, item.y - 0.6 * s, 1.2 * s, 1.2 * s)]


def _overlap(a: Rect, b: Rect) -> float:
    """The smaller side of the intersection (0 when they only touch)."""
    width = min(a.right, b.right) - max(a.x, b.x)
    height = min(a.top, b.top) - max(a.y, b.y)
    return min(width, height) if width > 0 and height > 0 else 0.0


def _name(item: Item) -> str:
    if isinstance(item, TextBlock):
        text = item.lines[0].text.strip() if item.lines else ""
        return f"'{text[:40]}{'…' if len(text) > 40 else ''}'"
    return type(item).__name__.lower()


def _source(item: Item) -> str:
    return item.source if isinstance(item, TextBlock | Picture | Fill) else ""


# Rules -------------------------------------------------------------------------------------------


def _overlaps(document: Document) -> Iterator[Finding]:
    for page in document.pages:
        covered = [(n, item, boxes(item), _bounds_of(item)) for n, item in enumerate(page.items) if not _under(item)]
        covered.sort(key=lambda entry: entry[3][1])  # by the bottom: a sweep up the page
        found = []
        for k, (i, a, a_boxes, (ax0, ay0, ax1, ay1)) in enumerate(covered):
            for j, b, b_boxes, (bx0, by0, bx1, by1) in covered[k + 1 :]:
                if by0 >= ay1 - TOLERANCE:
                    break  # this and every later item starts above a's top
                if bx0 >= ax1 - TOLERANCE or ax0 >= bx1 - TOLERANCE or ay0 >= by1 - TOLERANCE:
                    continue  # their bounds do not even meet
                if _scissors_on_cut(a, b):
                    continue
                depth = max((_overlap(x, y) for x in a_boxes for y in b_boxes), default=0.0)
                if depth > TOLERANCE:
                    (earlier, first), (later, second) = sorted(((i, a), (j, b)), key=lambda pair: pair[0])
                    what = f"page {page.number}: {_name(second)} overlaps {_name(first)} by {depth:.1f} pt"
                    finding = Finding("error", "overlap", page.number, later, _source(second) or _source(first), what)
                    found.append((later, earlier, finding))
        for _, _, finding in sorted(found, key=lambda entry: (entry[0], entry[1])):
            yield finding


def _under(item: Item) -> bool:
    """Declared to lie under what is drawn on it: a background, the running strip."""
    return isinstance(item, Fill) and (item.background or item.region == STRIP)


def _scissors_on_cut(a: Item, b: Item) -> bool:
    pair = {type(a), type(b)}
    return pair == {Scissors, Stroke} and all(item.region == CUT for item in (a, b))


def _outside(document: Document) -> Iterator[Finding]:
    fmt = document.format
    trim, bleed = fmt.trim_rect, fmt.bleed_rect
    safe = trim.inset(SAFE, SAFE, SAFE, SAFE)
    for page in document.pages:
        cuts = _perforations(document, page)
        for index, item in enumerate(page.items):
            item_boxes = boxes(item)
            bounds = _bounds(item_boxes)
            if bounds is None:
                continue
            if isinstance(item, Fill) and not trim.contains(bounds, TOLERANCE):  # a bleed fill
                if not bleed.contains(bounds, TOLERANCE):
                    yield _finding("outside", page, index, item, "runs beyond the bleed")
                continue
            if item.region == CUT and isinstance(item, Stroke | Scissors):
                continue  # the cut line runs into the bleed; the scissors sit on it
            region = page.region(item.region)
            if region is not None and not region.contains(bounds, TOLERANCE):
                yield _finding(
                    "outside", page, index, item, f"leaves its {item.region} area by {_beyond(region, bounds):.1f} mm"
                )
            elif not safe.contains(bounds, TOLERANCE):
                yield _finding(
                    "outside", page, index, item, f"is within 5 mm of the trim (by {_beyond(safe, bounds):.1f} mm)"
                )
            for x in (*fmt.folds_on(page.number), *cuts[0]):
                if any(b.x - CLEAR < x < b.right + CLEAR for b in item_boxes) and not isinstance(item, Fill):
                    yield _finding(
                        "outside", page, index, item, f"is within 3 mm of the fold or cut at {to_mm(x):.1f} mm"
                    )
            for y in cuts[1]:
                if any(b.y - CLEAR + TOLERANCE < y < b.top + CLEAR - TOLERANCE for b in item_boxes) and not isinstance(
                    item, Fill
                ):
                    yield _finding(
                        "outside", page, index, item, f"is within 3 mm of the perforation at {to_mm(y):.1f} mm"
                    )


def _perforations(document: Document, page: Page) -> tuple[list[float], list[float]]:
    """The perforation's x (a vertical cut) or y (a horizontal one) on this page: it runs
    through the sheet, so on the slip's page and on the page behind it."""
    x1, y1, x2, y2 = document.cut
    back, _ = document.format.back_of(document.slip_page, document.slip)
    if page.number == document.slip_page:
        return ([x1] if x1 == x2 else [], [y1] if y1 == y2 else [])
    if page.number == back:
        return ([document.format.trim.width - x1] if x1 == x2 else [], [y1] if y1 == y2 else [])
    return [], []


def _bounds(rects: list[Rect]) -> Rect | None:
    if not rects:
        return None
    x0, y0 = min(r.x for r in rects), min(r.y for r in rects)
    return Rect(x0, y0, max(r.right for r in rects) - x0, max(r.top for r in rects) - y0)


def _beyond(outer: Rect, inner: Rect) -> float:
    return to_mm(max(outer.x - inner.x, outer.y - inner.y, inner.right - outer.right, inner.top - outer.top))


def _finding(
    rule: str, page: Page, index: int, item: Item, what: str, severity: Literal["error", "warning"] = "error"
) -> Finding:
    return Finding(severity, rule, page.number, index, _source(item), f"page {page.number}: {_name(item)} {what}")


def _slip_back(document: Document) -> Iterator[Finding]:
    back, area = document.format.back_of(document.slip_page, document.slip)
    if not 0 < back <= len(document.pages):
        return
    page = document.pages[back - 1]
    for index, item in enumerate(page.items):
        if item.region in (SLIP_BACK, REFERENCE, CUT, FOOTER, STRIP) or getattr(item, "role", "") == "Artifact":
            continue
        if any(_overlap(b, area) > TOLERANCE for b in boxes(item)):
            yield _finding("slip-back", page, index, item, "is behind the slip: it would be torn off with it")


def _split_units(document: Document) -> Iterator[Finding]:
    previous: dict[str, tuple[Page, TextBlock]] = {}
    for page in document.pages:
        for index, item in enumerate(page.items):
            if not isinstance(item, TextBlock):
                continue
            lines = [line.text for line in item.lines]
            if item.continued and item.source in previous:
                lines = [previous[item.source][1].lines[-1].text, *lines]
            previous[item.source] = (page, item)
            joined, breaks = "", []
            for text in lines:
                if joined:
                    breaks.append(len(joined))
                    joined += " "
                joined += text.strip(" ")
            for start, end in no_break_spans(joined):
                if any(start < b < end for b in breaks):
                    unit = joined[start:end]
                    yield _finding("unit-split", page, index, item, f"breaks '{unit}' over two lines")


def _frames(document: Document) -> list[tuple[Page, str, Rect, list[tuple[int, TextBlock]]]]:
    """The flow's frames in order, with the text blocks placed in each."""
    out = []
    for number, name in document.frames:
        page = document.pages[number - 1]
        rect = page.region(name)
        if rect is None:
            continue
        blocks = [(i, b) for i, b in enumerate(page.items) if isinstance(b, TextBlock) and b.region == name]
        out.append((page, name, rect, blocks))
    return out


def _keep_rules(document: Document) -> Iterator[Finding]:
    frames = _frames(document)
    flow = [(page, n, i, block) for n, (page, _, _, blocks) in enumerate(frames) for i, block in blocks]
    pieces: dict[str, TextBlock] = {}
    for position, (page, frame, index, block) in enumerate(flow):
        last_here = position + 1 < len(flow) and flow[position + 1][1] != frame
        if block.role in ("H1", "H2") and last_here:
            yield _finding("keep", page, index, block, "is a heading at the foot of its page or panel")
        before = pieces.get(block.source)
        pieces[block.source] = block
        if block.continued and before is not None:
            if len(before.lines) < 2 or len(block.lines) < 2:
                yield _finding(
                    "keep",
                    page,
                    index,
                    block,
                    f"is split {plural(len(before.lines), 'line')} / {plural(len(block.lines), 'line')}: two are needed on each side",
                )
            if (
                block.role == "LI"
                and len(before.lines) + len(block.lines) <= SHORT_ITEM
                and _fits(block.leading * SHORT_ITEM, frames)
            ):
                yield _finding(
                    "keep", page, index, block, f"splits a list item of {len(before.lines) + len(block.lines)} lines"
                )
    lists: dict[str, list[tuple[Page, int, int, TextBlock]]] = {}
    heading: dict[str, float] = {}  # a heading just before a list keeps with it: the list needs its room too
    for position, (page, frame, index, block) in enumerate(flow):
        if block.role == "LI" and block.label is not None:
            source = block.source.rsplit("[", 1)[0]
            above = flow[position - 1][3] if position else None
            if source not in lists and above is not None and above.role in ("H1", "H2"):
                heading[source] = (len(above.lines) + 1) * above.leading
            lists.setdefault(source, []).append((page, frame, index, block))
    for source, items in lists.items():
        if len(items) <= SHORT_LIST and len({frame for _, frame, _, _ in items}) > 1:
            height = sum((len(b.lines) + 0.5) * b.leading for _, _, _, b in items) + heading.get(source, 0.0)
            if _fits(height, frames):
                page, _, index, block = items[-1]
                yield _finding(
                    "keep",
                    page,
                    index,
                    block,
                    f"splits the list {source} of {len(items)} items over two pages or panels",
                )


def _fits(height: float, frames: list[tuple[Page, str, Rect, list[tuple[int, TextBlock]]]]) -> bool:
    return any(height <= rect.height for _, _, rect, _ in frames)


def _economy(document: Document) -> Iterator[Finding]:
    fmt = document.format
    if len(fmt.panels) > 1:
        return  # a folded sheet has a fixed number of panels
    back, _ = fmt.back_of(document.slip_page, document.slip)
    end = document.frames[-1][0] if document.frames else 0  # the article's end (before a slip page of its own)
    for page, name, rect, _ in _frames(document):
        if page.number in (len(document.pages), back, end):
            continue
        bottoms = [b.y for item in page.items if item.region == name for b in boxes(item)]
        filled = (rect.top - min(bottoms)) / rect.height if bottoms else 0.0
        if filled < HALF:
            yield Finding("warning", "economy", page.number, None, "",
                          f"page {page.number} is only {100 * filled:.0f} % filled")  # fmt: skip
    if fmt.name == "a4" and fmt.two_sided and len(document.pages) % 2:
        yield Finding("warning", "economy", len(document.pages), None, "",
                      f"{len(document.pages)} pages: printed on both sides, the last sheet's back is blank")  # fmt: skip
