"""The logical structure of a laid-out leaflet, for tagged PDF (PDF/UA).

`segments` cuts a text block into the pieces render marks as content (one per line and role:
a list label, a link); `plan` builds the structure tree over those pieces from the Document
alone: Document > H1, H2, P, L > LI > Lbl + LBody, Figure, Link, and a Sect for the tear-off
slip, whose tick boxes and write-in lines are Form elements: in print, the drawn box or line
with a PrintField attribute; on screen, the form field's widget (an OBJR). An option's tick box
is its list item's label: LI > Lbl > Form, LBody. Render hands out MCIDs per piece while drawing, so paint order and tag order agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .layout.model import SLIP_BACK, Document, Item, Picture, Run, Stroke, TextBlock, TickBox, anchor_x

Key = tuple[int, int, int]  # (page number, item index, segment index)


@dataclass(frozen=True)
class Segment:
    """Runs of one line that are marked together; `link` numbers the link they belong to."""

    role: str
    runs: tuple[Run, ...]
    baseline: float
    link: int | None = None


@dataclass(frozen=True)
class Leaf:
    key: Key


@dataclass(frozen=True)
class Annotation:
    key: Key  # the link segment whose annotation this is


@dataclass(frozen=True)
class Widget:
    key: Key  # the form field (a tick box or write-in line) whose widget annotation this is


@dataclass(frozen=True)
class Field:
    """A Form element's field: a check box ("cb") or a text value ("tv"), as PrintField roles."""

    kind: str
    name: str  # the field's name (/T)
    label: str  # what it asks (/TU)


@dataclass(frozen=True)
class Node:
    role: str
    kids: tuple[Node | Leaf | Annotation | Widget, ...]
    alt: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # trim coordinates
    page: int = 0
    group: str = ""  # for lists: which content list the items come from
    field: Field | None = None  # a Form element's field


def segments(block: TextBlock, links: bool) -> list[Segment]:
    """The marked pieces of a block, in drawing order."""
    body_role = "LBody" if block.role == "LI" else block.role
    out: list[Segment] = []
    if block.label:
        out.append(Segment("Lbl", block.label.runs, block.label.baseline))
    link = -1
    previous_url: str | None = None
    for line in block.lines:
        group: list[Run] = []
        for run in line.runs:
            url = run.url if links else None
            if group and not run.text.strip():  # a space the bidi order cut out joins the piece before it
                group.append(run)
                continue
            if group and (group[0].url if links else None) != url:
                out.append(_segment(body_role, group, line.baseline, links, link))
                group = []
            if url and url != previous_url:
                link += 1
            previous_url = url
            group.append(run)
        if group:
            out.append(_segment(body_role, group, line.baseline, links, link))
    return out


def _segment(role: str, runs: list[Run], baseline: float, links: bool, link: int) -> Segment:
    if links and runs[0].url:
        return Segment("Link", tuple(runs), baseline, link)
    return Segment(role, tuple(runs), baseline)


def plan(document: Document, links: bool) -> Node:
    """The structure tree of the document, in reading order."""
    kids: list[Node] = []
    slip: list[Node] = []
    back: list[Node] = []  # the slip's back: the form going on over it, and the return address
    box: Node | None = None  # a tick box, waiting for its option (the list item it labels)
    for page_number, index, item in _reading(document):
        if isinstance(item, TickBox | Stroke) and item.role == "Form":
            if box is not None:
                (back if item.region == SLIP_BACK else slip).append(box)
            form = _form(page_number, index, item, links)
            box = form if isinstance(item, TickBox) else None
            if box is None:
                (back if item.region == SLIP_BACK else slip).append(form)
        elif item.role != "Artifact":
            node = _node(page_number, index, item, links)
            in_slip = isinstance(item, TextBlock) and _in_slip(item, document, page_number)
            target = back if item.region == SLIP_BACK else slip if in_slip else kids
            if box is not None and node.role == "LI":
                node = Node("LI", (Node("Lbl", (box,), page=box.page), *node.kids), page=node.page)
            elif box is not None:
                target.append(box)
            box = None
            _append(target, node, item)
    if box is not None:
        slip.append(box)
    if slip or back:
        kids.append(Node("Sect", (*slip, *back), page=document.slip_page))
    return Node("Document", tuple(kids))


def _form(number: int, index: int, item: TickBox | Stroke, interactive: bool) -> Node:
    """A tick box or write-in line: on screen its widget, in print the drawn box or line, named
    (/Alt) as it is read out: "Book an assessment, check box"."""
    field = Field("cb" if isinstance(item, TickBox) else "tv", item.field, item.label)
    kid: Leaf | Widget = Widget((number, index, 0)) if interactive else Leaf((number, index, 0))
    return Node("Form", (kid,), alt=None if interactive else item.alt, page=number, field=field)


def _reading(document: Document) -> Iterator[tuple[int, int, Item]]:
    """Items in reading order: page by page, or panel by panel where the format folds."""
    if not document.reading_order:
        for page in document.pages:
            for index, item in enumerate(page.items):
                yield page.number, index, item
        return
    for number, panel in document.reading_order:
        for index, item in enumerate(document.pages[number - 1].items):
            if panel.x - 1 <= anchor_x(item) < panel.right - 1 or (panel.x == 0 and anchor_x(item) < 0):
                yield number, index, item


def leaves(node: Node) -> Iterator[Leaf]:
    for kid in node.kids:
        if isinstance(kid, Leaf):
            yield kid
        elif isinstance(kid, Node):
            yield from leaves(kid)


def _node(number: int, index: int, item: object, links: bool) -> Node:
    if isinstance(item, Picture):
        r = item.rect
        return Node("Figure", (Leaf((number, index, 0)),), alt=item.alt, bbox=(r.x, r.y, r.right, r.top), page=number)
    assert isinstance(item, TextBlock)
    label: list[Node | Leaf | Annotation] = []
    body: list[Node | Leaf | Annotation] = []
    open_link: list[Node | Leaf | Annotation] | None = None
    last_link = -1
    for position, segment in enumerate(segments(item, links)):
        leaf = Leaf((number, index, position))
        if segment.role == "Lbl":
            label.append(leaf)
        elif segment.link is not None:
            if segment.link != last_link:
                open_link = []
                body.append(Node("Link", (), page=number))  # filled below
                last_link = segment.link
            assert open_link is not None
            open_link += [leaf, Annotation(leaf.key)]
            body[-1] = Node("Link", tuple(open_link), page=number)
        else:
            body.append(leaf)
    if any(isinstance(kid, Node) for kid in body):  # text beside links: each run its own Span, so
        body = [
            Node("Span", (kid,), page=number) if isinstance(kid, Leaf) else kid for kid in body
        ]  # order reads plainly
    if item.role != "LI":
        return Node(item.role, tuple(body), page=number)
    parts = ([Node("Lbl", tuple(label), page=number)] if label else []) + [Node("LBody", tuple(body), page=number)]
    return Node("LI", tuple(parts), page=number)


def list_numbering(node: Node) -> str:
    """An L element's /ListNumbering: Decimal for a numbered list, Disc for bullets (the
    sources too), None for the slip's lists (tick boxes, no label)."""
    if node.group.endswith(".numbered"):
        return "Decimal"
    return "Disc" if node.group.endswith(".bullets") or node.group == "sources" else "None"


def _append(target: list[Node], node: Node, item: object) -> None:
    """Add a node; continue a block split over pages, gather list items into one L."""
    if isinstance(item, TextBlock) and item.continued and target:
        previous = target[-1]
        if previous.role == "L":
            last = previous.kids[-1]
            assert isinstance(last, Node)
            merged = _merge(last, node)
            target[-1] = Node("L", (*previous.kids[:-1], merged), page=previous.page, group=previous.group)
        else:
            target[-1] = _merge(previous, node)
        return
    if node.role == "LI":
        source = item.source.rsplit("[", 1)[0] if isinstance(item, TextBlock) else ""
        if target and target[-1].role == "L" and target[-1].group == source:
            target[-1] = Node("L", (*target[-1].kids, node), page=target[-1].page, group=source)
        else:
            target.append(Node("L", (node,), page=node.page, group=source))
        return
    target.append(node)


def _merge(first: Node, rest: Node) -> Node:
    """A block continued on the next page: its pieces join the same element."""
    if first.role == "LI" and rest.role == "LI":
        body = first.kids[-1]
        more = rest.kids[-1]
        assert isinstance(body, Node) and isinstance(more, Node)
        return Node("LI", (*first.kids[:-1], Node("LBody", body.kids + more.kids, page=body.page)), page=first.page)
    return Node(first.role, first.kids + rest.kids, page=first.page)


def _in_slip(item: TextBlock, document: Document, page: int) -> bool:
    if item.source == "slip.cut":  # "Cut along the dotted line" sits just outside, by the line
        return page == document.slip_page
    return document.in_slip(page, item)
