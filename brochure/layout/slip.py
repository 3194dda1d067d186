"""The tear-off reply slip: a form people can fill in, and the return address on its back.

The form: a heading with the leaflet's reference, one tick box per "How can we help?" option,
write-in lines (name, phone, email, best time) at least 8 mm apart, "May we leave a message?
Yes / No", how to return it and a privacy line. Boxes, lines and gaps grow with the text in
large print. It is built as rows, and takes the first arrangement that fits its room: options
beside the fields (a wide slip), options above the fields, options in two columns. A booklet's
reply card may go on over its back; everywhere else the slip is one side, and its back carries
the return address ("Return to: clinic, address"), so a torn-off slip can be posted.

Text keeps 3 mm or more from the cut line (the perforation) and 5 mm or more from the trim.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from ..content import Content
from ..errors import Diagnostic, InputError
from ..formats import Format
from ..labels import Key
from ..rich import Span
from ..theme import TextStyle, Theme
from ..units import Rect, mm
from .model import CUT, SLIP, SLIP_BACK, Item, Scissors, Stroke, TextBlock, TickBox
from .text import break_lines, place, text_width

PADDING_TOP = mm(7)  # from the cut line to the slip's first text
PERFORATION_CLEAR = mm(3)  # no text nearer the perforation than this
BOX = mm(5)  # a tick box at 12 pt; it grows with the text
GUTTER = mm(8)
SPINE_STUB = mm(6)  # a booklet's reply card is cut off this far from the spine, the staples stay
FIELDS: tuple[Key, ...] = ("field_name", "field_phone", "field_email", "field_best_time")  # the write-in lines' labels

Draw = Callable[[float, float], list[Item]]  # (x, top) -> the row's items

# The screen edition's slip is filled in on screen: no cut line, scissors or "Cut along the dotted
# line", and it says how to send it ("Fill in this form, save it and email it to…, or call…").
_SCREEN: ContextVar[bool] = ContextVar("screen_slip", default=False)


@contextmanager
def screen_slip(screen: bool) -> Iterator[None]:
    """Lay slips out for the screen edition (True) or for print, within the block."""
    token = _SCREEN.set(screen)
    try:
        yield
    finally:
        _SCREEN.reset(token)


@dataclass(frozen=True)
class Row:
    height: float
    draw: Draw


@dataclass(frozen=True)
class SlipLayout:
    items: tuple[Item, ...]  # on the slip's page
    back: tuple[Item, ...]  # on the other side of the sheet, behind the slip: the return address
    cut_y: float  # a horizontal cut: its height above the bottom trim edge
    label_room: float  # above the cut line, for "Cut along the dotted line"
    area: Rect  # the part that comes away
    cut: tuple[float, float, float, float]  # the cut line, (x1, y1, x2, y2)
    continued: bool = False  # the form goes on over the slip's back

    @property
    def reserve(self) -> float:
        """How far up the page the slip and its label reach."""
        return self.cut_y + self.label_room


class _Form:
    """The slip's pieces for one leaflet, theme and column width, as rows."""

    def __init__(self, content: Content, theme: Theme, width: float):
        self.content, self.theme, self.width = content, theme, width
        self.labels = content.labels
        self.style = theme.slip
        self.k = self.style.size / 12  # boxes, lines and gaps grow with the text
        self.box = BOX * self.k
        self.pitch = max(mm(8.5), 1.25 * self.style.leading)  # write-in lines 8.5 mm apart, more for larger text

    def text(self, text: str, width: float, *, bold: bool = False, style: TextStyle | None = None,
             source: str = "help", role: str = "P") -> Row:  # fmt: skip
        style = style or self.style
        lines = break_lines((Span(text),), style, width, bold=bold)
        return Row(len(lines) * style.leading, lambda x, top: [TextBlock(role, place(lines, x, top, style), source, leading=style.leading, region=SLIP)])  # fmt: skip

    def header(self) -> list[Row]:
        """The heading, and the leaflet's reference beside it, or under it when it would cramp it."""
        info, theme = self.content.leaflet, self.theme
        heading_style = replace(theme.heading, size=16 * theme.scale, leading=20 * theme.scale * theme.heading.taller)
        reference = self.labels.get("slip_reference", reference=info.reference, version=info.version)
        ref_width = text_width(reference, self.style.font, self.style.size)
        head_width = text_width(self.content.help.heading, heading_style.bold_font, heading_style.size)
        if head_width + mm(6) + ref_width <= self.width:

            def draw(x: float, top: float) -> list[Item]:
                heading = break_lines((Span(self.content.help.heading),), heading_style, self.width, bold=True)
                ref = break_lines((Span(reference),), self.style, ref_width + 1)
                return [TextBlock("H2", place(heading, x, top, heading_style), "help.heading", leading=heading_style.leading, region=SLIP),
                        TextBlock("P", place(ref, x + self.width - ref_width, top, self.style), "leaflet.reference", leading=self.style.leading, region=SLIP)]  # fmt: skip

            return [Row(max(heading_style.leading, self.style.leading), draw)]
        return [
            self.text(self.content.help.heading, self.width, bold=True, style=heading_style, source="help.heading", role="H2"),
            self.text(reference, self.width, source="leaflet.reference"),
        ]  # fmt: skip

    def option(self, index: int, width: float) -> Row:
        text, style, box = self.content.help.options[index], self.style, self.box
        lines = break_lines((Span(text),), style, width - box - mm(3) * self.k)

        def draw(x: float, top: float) -> list[Item]:
            box_top = top - (style.leading - box) / 2
            return [TickBox(Rect(x, box_top - box, box, box), 0.75, self.theme.text, region=SLIP),
                    TextBlock("LI", place(lines, x + box + mm(3) * self.k, top, style), f"help.options[{index}]", leading=style.leading, region=SLIP)]  # fmt: skip

        return Row(len(lines) * style.leading + mm(1.5) * self.k, draw)

    def options(self, width: float, columns: int) -> list[Row]:
        """The options in one column (a row each), or in two: one row, drawn (and read) down the
        first column, then the second, the options side by side at the same height."""
        count = len(self.content.help.options)
        if columns == 1:
            return [self.option(i, width) for i in range(count)]
        column = (width - GUTTER) / 2
        half = (count + 1) // 2
        cells = [self.option(i, column) for i in range(count)]
        heights = [max(cell.height for cell in cells[i::half]) for i in range(half)]

        def draw(x: float, top: float) -> list[Item]:
            items: list[Item] = []
            for index, cell in enumerate(cells):
                row = index % half
                items += cell.draw(x + (index // half) * (column + GUTTER), top - sum(heights[:row]))
            return items

        return [Row(sum(heights), draw)]

    def field(self, label: str, width: float, label_width: float = 0.0) -> Row:
        """A label and a line to write on, starting `label_width` in (the fields' lines start
        together); the line goes under the label when beside it would leave under 35 mm."""
        style = replace(self.style, colour=self.theme.primary)
        label_width = max(label_width, text_width(label, style.bold_font, style.size))
        beside = width - label_width - mm(2) >= mm(35) * self.k
        lines = break_lines((Span(label),), style, width, bold=True)
        height = self.pitch if beside else style.leading * len(lines) + self.pitch

        def draw(x: float, top: float) -> list[Item]:
            block = TextBlock("P", place(lines, x, top, style), "slip.fields", leading=style.leading, region=SLIP)
            baseline = block.lines[-1].baseline
            start = x + label_width + mm(2) if beside else x
            line_y = baseline - 2 if beside else baseline - self.pitch + 2
            return [block, Stroke(start, line_y, x + width, line_y, 0.5, self.theme.text, region=SLIP)]

        return Row(height, draw)

    def message(self, width: float) -> Row:
        """ "May we leave a message?" and two tick boxes, Yes and No (beside it, or under it)."""
        style, box, gap = self.style, self.box, mm(3) * self.k
        question = self.labels.get("leave_message")
        answers = (self.labels.get("answer_yes"), self.labels.get("answer_no"))
        ask = break_lines((Span(question),), replace(style, colour=self.theme.primary), width, bold=True)
        answers_width = 2 * (box + gap) + sum(text_width(a, style.font, style.size) for a in answers) + mm(6)
        beside = text_width(question, style.bold_font, style.size) + mm(4) + answers_width <= width

        def draw(x: float, top: float) -> list[Item]:
            block = TextBlock(
                "P",
                place(ask, x, top, replace(style, colour=self.theme.primary)),
                "slip.fields",
                leading=style.leading,
                region=SLIP,
            )
            items: list[Item] = [block]
            ax = max(line.right for line in block.lines) + mm(4) if beside else x
            answer_top = top if beside else top - len(ask) * style.leading
            for answer in answers:
                box_top = answer_top - (style.leading - box) / 2
                items.append(TickBox(Rect(ax, box_top - box, box, box), 0.75, self.theme.text, region=SLIP))
                lines = break_lines((Span(answer),), style, width)
                items.append(
                    TextBlock(
                        "LI",
                        place(lines, ax + box + gap, answer_top, style),
                        "slip.message",
                        leading=style.leading,
                        region=SLIP,
                    )
                )
                ax += box + gap + text_width(answer, style.font, style.size) + mm(6)
            return items  # fmt: skip

        height = (1 if beside else len(ask) + 1) * style.leading
        return Row(max(height, self.pitch), draw)

    def fields(self, width: float, columns: int = 1) -> list[Row]:
        """The write-in fields, one a row or two a row, then the message question."""
        labels = [self.labels.get(key) for key in FIELDS]
        if columns == 1:
            style = self.style
            widths = [text_width(label, style.bold_font, style.size) for label in labels]
            common = max((w for w in widths if width - w - mm(2) >= mm(35) * self.k), default=0.0)
            return [self.field(label, width, common) for label in labels] + [self.message(width)]
        column = (width - GUTTER) / 2
        rows = []
        for pair in (labels[:2], labels[2:]):
            cells = [self.field(label, column) for label in pair]

            def draw(x: float, top: float, cells: list[Row] = cells) -> list[Item]:
                return [item for n, cell in enumerate(cells) for item in cell.draw(x + n * (column + GUTTER), top)]

            rows.append(Row(max(cell.height for cell in cells), draw))
        return [*rows, self.message(width)]

    def closing(self, width: float | None = None) -> list[Row]:
        """How to return the slip, and what happens to the details."""
        width = width or self.width
        help_, clinic = self.content.help, self.content.clinic
        return_to = help_.return_to
        if return_to == self.labels.get("default_help_return") and not clinic.address:
            return_to = self.labels.get("hand_in_slip")
        privacy = self.text(help_.privacy, width, source="help.privacy")
        if _SCREEN.get():  # filled in on screen: sent by email, or said on the phone (live links)
            return [self.send(width), privacy]
        return [self.text(return_to, width, bold=True, source="help.return"), privacy]

    def send(self, width: float) -> Row:
        """ "Fill in this form, save it and email it to …, or call …", the addresses live links."""
        clinic, style = self.content.clinic, self.style
        tel = "tel:" + "".join(c for c in clinic.phone if c.isdigit() or c == "+")
        phone = Span(clinic.phone, bold=True, url=tel)
        if clinic.email:
            email = Span(clinic.email, bold=True, url=f"mailto:{clinic.email}")
            spans = self.labels.spans("fill_in_email", email=email, phone=phone)
        else:
            spans = self.labels.spans("fill_in_call", phone=phone)
        lines = break_lines(tuple(replace(span, bold=True) for span in spans), style, width, bold=True)
        return Row(len(lines) * style.leading, lambda x, top: [TextBlock("P", place(lines, x, top, style), "help.return", leading=style.leading, region=SLIP)])  # fmt: skip

    def arrangements(self, wide: bool) -> Iterator[list[Row]]:
        """Ways to set the form, best first: options beside the fields; above them; in two
        columns; and on a wide slip the fields in two columns too. (Made one at a time: the
        first that fits is usually the first.)"""
        if wide:
            column = (self.width - GUTTER) / 2
            left, right = self.options(column, 1), self.fields(column)
            closing = [self.gap(), *self.closing(column)]
            under = _height(right) + _height(closing) <= _height(left)  # a long list: the closing text beside it
            if under:
                right += closing

            def draw(x: float, top: float) -> list[Item]:
                items: list[Item] = []
                for rows, cx in ((left, x), (right, x + column + GUTTER)):
                    items += _set(rows, cx, top)[0]
                return items

            side = Row(max(_height(left), _height(right)), draw)
            yield [*self.head(), side] + ([] if under else [self.gap(), *self.closing()])
        yield self.stacked(1)
        yield self.stacked(2)
        if wide:
            yield self.stacked(2, 2)

    def stacked(self, option_columns: int, field_columns: int = 1) -> list[Row]:
        """The form row under row: heading, options, fields, closing."""
        options, fields = self.options(self.width, option_columns), self.fields(self.width, field_columns)
        return [*self.head(), *options, self.gap(), *fields, self.gap(), *self.closing()]

    def head(self) -> list[Row]:
        return [*self.header(), self.text(self.content.help.intro, self.width, source="help.intro"), self.gap()]

    def gap(self) -> Row:
        return Row(mm(2) * self.k, lambda x, top: [])


def _set(rows: list[Row], x: float, top: float) -> tuple[list[Item], float]:
    """Rows drawn from `top` down; the items, and the y below the last."""
    items: list[Item] = []
    for row in rows:
        items += row.draw(x, top)
        top -= row.height
    return items, top


def _height(rows: list[Row]) -> float:
    return sum(row.height for row in rows)


def _too_tall(content: Content, where: str, hint: str) -> InputError:
    return InputError([Diagnostic(f"the reply slip does not fit {where}", content.where("help.options"), "help.options", hint)])  # fmt: skip


def lay_out_slip(content: Content, theme: Theme, fmt: Format, bottom: float, room: float) -> SlipLayout:
    """The slip across the bottom of a page: its text from `bottom` (above the footer) up, in at
    most `room` points of height, cut line and label included; raises InputError if no
    arrangement fits."""
    width = fmt.trim.width - 2 * fmt.margin_x
    form = _Form(content, theme, width)
    label_room = _label_room(theme)
    arrangements = form.arrangements(wide=width >= mm(120))
    rows = next((rows for rows in arrangements if _height(rows) + PADDING_TOP + label_room <= room), None)
    if rows is None:
        raise _too_tall(content, "on a page", "use fewer or shorter options (4 to 6 work best)")
    cut_y = bottom + _height(rows) + PADDING_TOP
    items = _named(_set(rows, fmt.margin_x, cut_y - PADDING_TOP)[0], content)
    ink = theme.text
    label = _label(content, theme, fmt.margin_x, cut_y)
    furniture: list[Item] = [
        Stroke(-fmt.bleed, cut_y, fmt.trim.width + fmt.bleed, cut_y, 1.0, ink, dash=(6.0, 4.0), region=CUT),
        Scissors(fmt.margin_x - mm(12), cut_y, mm(7), ink),
        label,
    ]
    area = Rect(0, 0, fmt.trim.width, cut_y)
    back_x = fmt.margin_x
    back: list[Item] = [
        Stroke(-fmt.bleed, cut_y, fmt.trim.width + fmt.bleed, cut_y, 0.5, ink, dash=(6.0, 4.0), region=CUT)
    ]
    if _SCREEN.get():  # nothing to cut on screen
        furniture, back = [], []
    back += return_address(content, theme, back_x, cut_y - PERFORATION_CLEAR - mm(3), width)
    cut = (-fmt.bleed, cut_y, fmt.trim.width + fmt.bleed, cut_y)
    return SlipLayout((*furniture, *items), tuple(back), cut_y, label_room, area, cut)


def lay_out_card(content: Content, theme: Theme, fmt: Format, width: float, cut_x: float, *,
                 continue_on_back: bool, where: str, hint: str, address_bottom: float | None = None) -> SlipLayout:  # fmt: skip
    """A reply card that is a whole panel or page (a booklet's back cover, a tri-fold's flap),
    cut off down the line at x = cut_x (on its right). A booklet's card may go on over its back,
    the page before; the return address follows it there, or stands in the middle of that page
    (at `address_bottom` when given: a tri-fold's flap carries reference matter above it)."""
    top = fmt.trim.height - fmt.margin_top
    bottom = fmt.margin_bottom
    form = _Form(content, theme, width)
    label_room = _label_room(theme)
    room = top - label_room - bottom
    fitting = next((rows for rows in form.arrangements(wide=width >= mm(120)) if _height(rows) <= room), None)
    ink = theme.text
    furniture: list[Item] = [
        Stroke(cut_x, -fmt.bleed, cut_x, fmt.trim.height + fmt.bleed, 1.0, ink, dash=(6.0, 4.0), region=CUT),
        Scissors(cut_x, fmt.trim.height - mm(10), mm(7), ink, angle=-90.0),
        _label(content, theme, fmt.margin_x, top - theme.slip.leading, right=cut_x - mm(6)),
    ]
    back_x = max(fmt.margin_x, fmt.trim.width - cut_x + PERFORATION_CLEAR + mm(1))  # the card's back: past the stub
    back_width = width
    if _SCREEN.get():  # nothing to cut on screen
        furniture = []
    if fitting is not None:
        items, _ = _set(fitting, fmt.margin_x, top - label_room)
        height = address_height(content, theme, back_width)
        bottom_y = address_bottom if address_bottom is not None else (fmt.trim.height - height) / 2
        back = return_address(content, theme, back_x, bottom_y + height, back_width)
    elif continue_on_back:
        rows = form.stacked(1)  # options in one column: easier to read than two narrow ones
        front: list[Row] = []
        while rows and _height([*front, rows[0]]) <= room:
            front.append(rows.pop(0))
        items, _ = _set(front, fmt.margin_x, top - label_room)
        more = form.text(content.labels.get("slip_continued"), back_width, bold=True, source="slip.cut")
        heading = [] if _SCREEN.get() else [more, form.gap(), form.gap()]  # on screen: the next page, not a back
        back, y = _set([*heading, *rows], back_x, top)
        if y - mm(6) - address_height(content, theme, back_width) < bottom:
            raise _too_tall(content, where, hint)
        back += return_address(content, theme, back_x, y - mm(6), back_width)
    else:
        raise _too_tall(content, where, hint)
    area = Rect(0, 0, cut_x, fmt.trim.height)
    cut = (cut_x, -fmt.bleed, cut_x, fmt.trim.height + fmt.bleed)
    continued = fitting is None
    items, back = _named(items, content), _named(back, content)
    return SlipLayout((*furniture, *items), tuple(_as_back(back)), fmt.trim.height, 0.0, area, cut, continued)


def _named(items: list[Item], content: Content) -> list[Item]:
    """The slip's tick boxes and write-in lines as form fields ("Form" items): each named by the
    text beside it (a tick box by the option or answer after it, a write-in line by the label
    before it), with the field name the screen edition's form gives it."""
    labels = content.labels
    fields = {labels.get(key): key.removeprefix("field_") for key in FIELDS}
    answers = {labels.get("answer_yes"): "message_yes", labels.get("answer_no"): "message_no"}
    out = list(items)
    for index, item in enumerate(out):
        before = out[index - 1] if index else None
        after = out[index + 1] if index + 1 < len(out) else None
        if isinstance(item, TickBox) and isinstance(after, TextBlock):
            text = " ".join(line.text for line in after.lines)
            if after.source.startswith("help.options["):
                field = f"option_{int(after.source.rsplit('[', 1)[1].rstrip(']')) + 1}"
            elif after.source == "slip.message" and text in answers:
                field, text = answers[text], f"{labels.get('leave_message')} {text}"
            else:
                continue
            out[index] = replace(item, role="Form", field=field, label=text,
                                 alt=labels.get("tick_box_named", label=text))  # fmt: skip
        elif isinstance(item, Stroke) and isinstance(before, TextBlock) and before.source == "slip.fields":
            text = " ".join(line.text for line in before.lines)
            if text in fields:
                out[index] = replace(item, role="Form", field=fields[text], label=text, room=before.leading,
                                     alt=labels.get("write_in_named", label=text))  # fmt: skip
    return out


def _as_back(items: list[Item]) -> list[Item]:
    return [replace(item, region=SLIP_BACK) if item.region == SLIP else item for item in items]


def address_height(content: Content, theme: Theme, width: float) -> float:
    blocks = return_address(content, theme, 0.0, 0.0, width)
    return sum(len(b.lines) * b.leading for b in blocks if isinstance(b, TextBlock))


def return_address(content: Content, theme: Theme, x: float, top: float, width: float) -> list[Item]:
    """What the back of the slip says: where to send it (the clinic's name and postal address),
    or, for a clinic that gave none, to hand it in."""
    clinic, style, labels = content.clinic, theme.slip, content.labels
    lines_of = [] if _SCREEN.get() else [(labels.get("slip_back"), False)]  # on screen there is no back
    if clinic.address:
        lines_of.append((labels.get("return_to"), True))
        parts = clinic.address.splitlines() if "\n" in clinic.address else clinic.address.split(",")
        lines_of += [(clinic.name, True)] + [(part.strip(), False) for part in parts if part.strip()]
    else:
        lines_of.append((labels.get("hand_in_at", clinic=clinic.name), True))
    items: list[Item] = []
    for text, bold in lines_of:
        lines = break_lines((Span(text),), style, width, bold=bold)
        source = "clinic.address" if clinic.address and text != labels.get("slip_back") else "clinic.name"
        items.append(TextBlock("P", place(lines, x, top, style), source, leading=style.leading, region=SLIP_BACK))
        top -= len(lines) * style.leading
    return items


def _label_room(theme: Theme) -> float:
    """Above a horizontal cut line: 3 mm clear, the label's line, and a gap to the text above."""
    return PERFORATION_CLEAR + mm(0.5) + theme.slip.leading + mm(2)


def _label(content: Content, theme: Theme, x: float, y: float, right: float | None = None) -> TextBlock:
    """'Cut along the dotted line': over a horizontal cut (its line box 3 mm clear of it), or at
    the top of a card, ending by the vertical cut's scissors."""
    style = theme.slip
    lines = break_lines((Span(content.labels.get("cut_here")),), style, 1e6)
    if right is not None:
        x = max(x, right - lines[-1][-1].x - lines[-1][-1].width)
        return TextBlock("P", place(lines, x, y + style.leading, style), "slip.cut", leading=style.leading, region=CUT)
    top = y + PERFORATION_CLEAR + mm(0.5) + style.leading  # the descenders clear too
    return TextBlock("P", place(lines, x, top, style), "slip.cut", leading=style.leading, region=CUT)
