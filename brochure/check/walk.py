"""Walking a page's content streams with a graphics state: what is painted, where, how.

The walker follows q/Q, cm, line width, colour spaces and colours, graphics states (line width,
opacity, soft masks, blend modes, overprint, transfer functions), text size, matrices and render
modes, and enters everything that paints: Form XObjects, tiling and shading patterns, Type 3
glyph procedures (and, from the rules, annotation appearances). It yields plain events for the
rules to judge; it judges nothing itself.
"""

from __future__ import annotations

import math
import time
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pikepdf
from pikepdf import Dictionary, Name

from ..limits import CONTENT_BYTES, MB, PDF_DEPTH, PDF_OPERATIONS, SECONDS

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
RGB_FAMILIES = {"rgb", "icc-rgb", "cal-rgb"}
CMYK_FAMILIES = {"cmyk", "icc-cmyk"}
GRAY_FAMILIES = {"gray", "icc-gray", "cal-gray"}
_NUMBERS = (int, float, Decimal)
_NUMERIC_OPERATORS = frozenset(
    ["cm", "w", "k", "K", "g", "G", "rg", "RG", "sc", "scn", "SC", "SCN", "m", "l", "c", "v", "y", "re", "Tf", "Tm",
     "Tr", "Td", "TD", "d0", "d1"]
)  # fmt: skip


@dataclass(frozen=True)
class Colour:
    """A colour as set: its family ('cmyk', 'gray', 'rgb', 'icc-rgb', 'spot', 'lab', ...), values,
    for a spot colour its name, and for an uncoloured pattern the family it is painted in."""

    family: str
    values: tuple[float, ...] = ()
    name: str = ""
    under: str = ""

    @property
    def ink(self) -> float:
        return 100 * sum(self.values) if self.family in CMYK_FAMILIES else 0.0

    @property
    def white(self) -> bool:
        """Paper white: no ink at all (CMYK 0 0 0 0, or gray 1)."""
        if self.family in CMYK_FAMILIES and len(self.values) == 4:
            return not any(self.values)
        return self.family in GRAY_FAMILIES and len(self.values) == 1 and self.values[0] >= 1


@dataclass(frozen=True)
class Paint:
    kind: str  # "fill", "stroke", "text", "text-stroke", "shading", "mask"
    colour: Colour
    bbox: Box | None  # in default user space
    width: float = 0.0  # effective line width, for strokes
    size: float = 0.0  # effective font size, for text
    overprint: bool = False
    where: str = ""  # "" on the page itself, else e.g. "a tiling pattern", "a Type 3 glyph"


@dataclass(frozen=True)
class Image:
    name: str
    pixels: tuple[int, int]
    placed: tuple[float, float]  # width and height in points
    colour: Colour
    soft_mask: bool
    box: Box = (0.0, 0.0, 0.0, 0.0)  # where it lies on the page (points)
    bits: int = 8  # bits per component: 1 is line art (or a stencil mask)
    where: str = ""
    source: pikepdf.Object | None = field(default=None, compare=False, repr=False)  # the image XObject


@dataclass(frozen=True)
class Use:
    """Something used that a standard restricts: kind is 'transparency', 'transfer',
    'postscript', 'blend-space', 'lzw' or 'content-syntax'; detail says what, as an operator reads it."""

    kind: str
    detail: str


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    line_width: float = 1.0
    fill: Colour = field(default_factory=lambda: Colour("gray", (0.0,)))
    stroke: Colour = field(default_factory=lambda: Colour("gray", (0.0,)))
    fill_pattern: str = ""  # the pattern name a 'pattern' fill colour selected
    stroke_pattern: str = ""
    font_size: float = 0.0
    font: pikepdf.Object | None = None
    text_matrix: Matrix = IDENTITY
    text_mode: int = 0
    fill_overprint: bool = False
    stroke_overprint: bool = False
    clip: Box | None = None  # the clipping path's bounds in default user space (None: the whole page)


def intersect(a: Box | None, b: Box | None) -> Box | None:
    if a is None or b is None:
        return a or b
    box = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return box if box[0] <= box[2] and box[1] <= box[3] else (box[0], box[1], box[0], box[1])


def transformed(box: Box, m: Matrix) -> Box:
    a, b, c, d, e, f = m
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return (min(xs), min(ys), max(xs), max(ys))


def multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def scale(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def colour_family(space: object, resources: pikepdf.Object) -> Colour:
    """Classify a colour space given by name or array."""
    if isinstance(space, Name) and space not in (Name.DeviceRGB, Name.DeviceCMYK, Name.DeviceGray, Name.Pattern):
        named = resources.get("/ColorSpace", Dictionary()).get(Name(str(space)))
        if named is not None:
            return colour_family(named, resources)
    simple = {"/DeviceRGB": "rgb", "/DeviceCMYK": "cmyk", "/DeviceGray": "gray", "/Pattern": "pattern",
              "/RGB": "rgb", "/CMYK": "cmyk", "/G": "gray"}  # fmt: skip
    if isinstance(space, Name):
        return Colour(simple.get(str(space), "other"))
    if isinstance(space, pikepdf.Array) and len(space):
        kind = str(space[0])
        if kind == "/ICCBased":
            channels = int(space[1].get("/N", 0))
            return Colour({1: "icc-gray", 3: "icc-rgb", 4: "icc-cmyk"}.get(channels, "other"))
        if kind in ("/Separation", "/DeviceN") and len(space) >= 3:
            alternate = colour_family(space[2], resources)
            name = str(space[1]) if kind == "/Separation" else "DeviceN"
            return Colour("spot" if alternate.family not in RGB_FAMILIES else "spot-rgb", name=name)
        if kind in ("/Indexed", "/I") and len(space) >= 2:
            return colour_family(space[1], resources)
        if kind == "/Pattern":  # with an underlying space: an uncoloured pattern, painted in that space
            return Colour("pattern", under=colour_family(space[1], resources).family if len(space) > 1 else "")
        return Colour({"/CalRGB": "cal-rgb", "/CalGray": "cal-gray", "/Lab": "lab"}.get(kind, "other"))
    return Colour("other")


class TooComplex(Exception):
    """A file whose drawing is beyond what `check` follows (limits.py): nested or self-drawing
    forms, a fan-out of forms, content streams too large, or the time budget spent."""


@dataclass
class Budget:
    """What one file's walk may spend: operators, time, and the forms open on the way down; and
    the file, whose parser warnings tell a content stream's syntax errors."""

    operations: int = PDF_OPERATIONS
    deadline: float = field(default_factory=lambda: time.monotonic() + SECONDS)
    open_forms: list[tuple[int, int]] = field(default_factory=list)
    pdf: pikepdf.Pdf | None = None
    visited: set[tuple[int, int]] = field(default_factory=set)  # patterns and Type 3 fonts: walked once
    weights: dict[tuple[int, int], int] = field(default_factory=dict)  # form -> operations it draws in all

    def first_visit(self, stream: pikepdf.Object) -> bool:
        if stream.is_indirect and stream.objgen in self.visited:
            return False
        if stream.is_indirect:
            self.visited.add(stream.objgen)
        return True

    def weigh(self, form: pikepdf.Stream) -> None:
        """Refuse, before following it, a form whose drawing (the forms it draws counted as often
        as it draws them) is more than the operations left: a fan-out of forms, ten of ten of ten…"""
        if _weight(form, self.weights, set(), self.operations) > self.operations:
            raise TooComplex(f"it draws more than {PDF_OPERATIONS:,} operations (forms included)")

    def spend(self, count: int) -> None:
        self.operations -= count
        if self.operations < 0:
            raise TooComplex(f"it draws more than {PDF_OPERATIONS:,} operations (forms included)")
        if time.monotonic() > self.deadline:
            raise TooComplex(f"it takes more than {SECONDS} seconds to follow")


Event = Paint | Image | Use


def walk(
    stream_owner: pikepdf.Object,
    resources: pikepdf.Object,
    ctm: Matrix = IDENTITY,
    trusted: frozenset[tuple[int, int]] = frozenset(),
    budget: Budget | None = None,
    where: str = "",
    clip: Box | None = None,
) -> Iterator[Event]:
    """Yield what the content stream paints, following forms, patterns and Type 3 glyphs into
    their own streams (except `trusted` forms: already checked where they are placed the same
    way), within `budget`; raises TooComplex beyond it. What draws itself is entered once."""
    budget = budget or Budget()
    _check_size(stream_owner)
    if budget.pdf is not None:
        budget.pdf.get_warnings()  # reading the warnings empties the list: what follows is this stream's
    with warnings.catch_warnings():  # pikepdf warns of what qpdf reports: the finding says it
        warnings.simplefilter("ignore")
        instructions = pikepdf.parse_content_stream(stream_owner)
    reported = budget.pdf.get_warnings() if budget.pdf is not None else []
    if reported:
        yield Use("content-syntax", _syntax(reported[0]))
    budget.spend(len(instructions))
    state = _State(ctm=ctm, clip=clip)
    stack: list[_State] = []
    path: list[tuple[float, float]] = []
    clipping = False  # W or W*: the path, once painted (or not, with n), also clips

    def point(x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = state.ctm
        return (a * x + c * y + e, b * x + d * y + f)

    def bounds() -> Box | None:
        if not path:
            return None
        xs, ys = [p[0] for p in path], [p[1] for p in path]
        return (min(xs), min(ys), max(xs), max(ys))

    def bbox() -> Box | None:
        found = bounds()
        return intersect(found, state.clip) if found is not None else None

    def end_path() -> None:
        nonlocal path, clipping
        if clipping:
            state.clip = intersect(state.clip, bounds())
        path, clipping = [], False

    def paint(kind: str) -> Iterator[Event]:
        stroking = kind in ("stroke", "text-stroke")
        colour = state.stroke if stroking else state.fill
        pattern = state.stroke_pattern if stroking else state.fill_pattern
        if colour.family == "pattern" and pattern:
            yield from _pattern(pattern, resources, state.ctm, trusted, budget)
            if not colour.under:
                return
            colour = Colour(colour.under, colour.values)  # an uncoloured pattern's cells take this colour
        width = state.line_width * scale(state.ctm) if stroking else 0.0
        overprint = state.stroke_overprint if stroking else state.fill_overprint
        if kind.startswith("text"):
            size = state.font_size * scale(state.text_matrix) * scale(state.ctm)
            origin = point(state.text_matrix[4], state.text_matrix[5])
            box: Box | None = (origin[0], origin[1], origin[0], origin[1] + size)
            yield Paint(kind, colour, box, width=width, size=size, overprint=overprint, where=where)
        else:
            yield Paint(kind, colour, bbox(), width=width, overprint=overprint, where=where)

    for instruction in instructions:
        operands, op = instruction.operands, str(instruction.operator)
        args = [float(v) for v in operands if isinstance(v, _NUMBERS)] if op in _NUMERIC_OPERATORS else []
        if len(args) < _ARITY.get(op, 0) or (op in _OPERAND_OPERATORS and not operands):
            continue  # a damaged instruction (missing operands) paints nothing
        if op == "q":
            stack.append(replace(state))
        elif op == "Q" and stack:
            state = stack.pop()
        elif op == "cm":
            state.ctm = multiply(_matrix(args), state.ctm)
        elif op == "w":
            state.line_width = args[0]
        elif op == "gs":
            yield from _graphics_state(operands[0], resources, state)
        elif op in ("k", "K", "g", "G", "rg", "RG"):
            family = {"k": "cmyk", "g": "gray", "rg": "rgb"}[op.lower()]
            colour = Colour(family, tuple(args))
            if op.islower():
                state.fill, state.fill_pattern = colour, ""
            else:
                state.stroke, state.stroke_pattern = colour, ""
        elif op in ("cs", "CS"):
            colour = colour_family(operands[0], resources)
            if op == "cs":
                state.fill = colour
            else:
                state.stroke = colour
        elif op in ("sc", "scn", "SC", "SCN"):
            target = state.fill if op.islower() else state.stroke
            updated = replace(target, values=tuple(args))
            named = str(operands[-1]) if operands and isinstance(operands[-1], Name) else ""
            if op.islower():
                state.fill, state.fill_pattern = updated, named
            else:
                state.stroke, state.stroke_pattern = updated, named
        elif op in ("m", "l"):
            path.append(point(args[0], args[1]))
        elif op == "c":
            path.extend(point(args[i], args[i + 1]) for i in (0, 2, 4))
        elif op in ("v", "y"):
            path.extend(point(args[i], args[i + 1]) for i in (0, 2))
        elif op == "re":
            x, y, w, h = args[:4]
            path.extend(point(px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)))
        elif op in ("W", "W*"):
            clipping = True
        elif op in ("S", "s"):
            yield from paint("stroke")
            end_path()
        elif op in ("f", "F", "f*"):
            yield from paint("fill")
            end_path()
        elif op in ("B", "B*", "b", "b*"):
            yield from paint("fill")
            yield from paint("stroke")
            end_path()
        elif op == "n":
            end_path()
        elif op == "BT":
            state.text_matrix = IDENTITY
        elif op == "Tf":
            state.font_size = args[0] if args else 0.0
            state.font = resources.get("/Font", Dictionary()).get(Name(str(operands[0])))
        elif op == "Tm":
            state.text_matrix = _matrix(args)
        elif op in ("Td", "TD"):
            state.text_matrix = multiply((1.0, 0.0, 0.0, 1.0, args[0], args[1]), state.text_matrix)
        elif op == "Tr":
            state.text_mode = int(args[0])
        elif op in ("Tj", "TJ", "'", '"'):
            if state.text_mode in (0, 2, 4, 6):
                yield from paint("text")
            if state.text_mode in (1, 2, 5, 6):
                yield from paint("text-stroke")
            if isinstance(state.font, Dictionary) and state.font.get("/Subtype") == Name.Type3:
                size = (state.font_size, 0.0, 0.0, state.font_size, 0.0, 0.0)  # glyphs drawn at the text's size
                text_space = multiply(size, multiply(state.text_matrix, state.ctm))
                yield from _type3(state.font, resources, text_space, trusted, budget)
        elif op == "sh":  # a smooth shading fills the clip: its colour space is what it paints in
            shading = resources.get("/Shading", Dictionary()).get(Name(str(operands[0])))
            if isinstance(shading, (Dictionary, pikepdf.Stream)):
                space = colour_family(shading.get("/ColorSpace", Name.DeviceGray), resources)
                yield Paint("shading", space, None, where=where)
        elif op == "INLINE IMAGE":  # BI ... ID ... EI: a small picture written into the stream
            image = _inline_image(operands[0], state.ctm, resources, where)
            yield image
            if _filters(_inline_keys(operands[0])) & {"/LZWDecode", "/LZW"}:
                yield Use("lzw", "an inline image compressed with LZW")
            if image.colour.family == "mask":
                yield Paint("mask", state.fill, image.box, overprint=state.fill_overprint, where=where)
        elif op == "PS":
            yield Use("postscript", "a PostScript operator (PS) in a content stream")
        elif op == "Do":
            xobject = resources.get("/XObject", Dictionary()).get(Name(str(operands[0])))
            if not isinstance(xobject, pikepdf.Stream):
                continue
            subtype = xobject.get("/Subtype")
            if subtype == Name.Image:
                image = _image(str(operands[0]), xobject, state.ctm, resources, where)
                yield image
                yield from _image_uses(xobject)
                if image.colour.family == "mask":
                    yield Paint("mask", state.fill, image.box, overprint=state.fill_overprint, where=where)
            elif subtype == Name.PS or xobject.get("/Subtype2") == Name.PS:
                yield Use("postscript", "a PostScript XObject")
            elif subtype == Name.Form and xobject.objgen not in trusted:
                matrix = _matrix([float(v) for v in xobject.get("/Matrix", IDENTITY) if isinstance(v, _NUMBERS)])
                placed = multiply(matrix, state.ctm)
                box = [float(v) for v in xobject.get("/BBox", []) if isinstance(v, _NUMBERS)]
                inner_clip = (
                    intersect(state.clip, transformed((box[0], box[1], box[2], box[3]), placed))
                    if len(box) == 4
                    else state.clip
                )
                budget.weigh(xobject)
                yield from group_uses(xobject)
                yield from enter(
                    xobject, xobject.get("/Resources", resources), placed, trusted, budget, where, inner_clip
                )


def _weight(form: pikepdf.Stream, known: dict[tuple[int, int], int], open_: set[tuple[int, int]], cap: int) -> int:
    """How many operators drawing `form` takes, the forms it draws included as often as it draws
    them (each form parsed once; a form that draws itself counts once; stops counting past `cap`)."""
    key = form.objgen
    if form.is_indirect and key in known:
        return known[key]
    if key in open_:
        return 0
    open_.add(key)
    try:
        try:
            with warnings.catch_warnings():  # the walk itself says what is wrong with the stream
                warnings.simplefilter("ignore")
                instructions = pikepdf.parse_content_stream(form)
        except pikepdf.PdfError:
            return 0
        xobjects = form.get("/Resources", Dictionary()).get("/XObject", Dictionary())
        total = len(instructions)
        for instruction in instructions:
            if total > cap:
                break
            if str(instruction.operator) == "Do" and instruction.operands:
                child = xobjects.get(Name(str(instruction.operands[0])))
                if isinstance(child, pikepdf.Stream) and child.get("/Subtype") == Name.Form:
                    total += _weight(child, known, open_, cap)
    finally:
        open_.discard(key)
    if form.is_indirect:
        known[key] = total
    return total


def enter(
    stream: pikepdf.Object,
    resources: pikepdf.Object,
    ctm: Matrix,
    trusted: frozenset[tuple[int, int]],
    budget: Budget,
    where: str,
    clip: Box | None = None,
) -> Iterator[Event]:
    """Walk a stream that a page draws into (a form, a pattern's cell, a glyph, an annotation's
    appearance), once along any one path: what draws itself is not entered again."""
    key = stream.objgen
    if key in budget.open_forms:
        return
    if len(budget.open_forms) >= PDF_DEPTH:
        raise TooComplex(f"its forms are nested more than {PDF_DEPTH} deep")
    budget.open_forms.append(key)
    try:
        yield from walk(stream, resources, ctm, trusted, budget, where, clip)
    finally:
        budget.open_forms.pop()


def _graphics_state(name: object, resources: pikepdf.Object, state: _State) -> Iterator[Use]:
    """Apply an ExtGState: its line width and overprint; and say what it uses that a standard
    restricts (opacity, soft masks, blend modes, transfer functions)."""
    extgstate = resources.get("/ExtGState", Dictionary()).get(Name(str(name)))
    if not isinstance(extgstate, Dictionary):
        return
    if isinstance(extgstate.get("/LW"), _NUMBERS):
        state.line_width = float(extgstate.LW)
    if "/OP" in extgstate:
        state.stroke_overprint = bool(extgstate.OP)
        state.fill_overprint = bool(extgstate.get("/op", extgstate.OP))
    if "/op" in extgstate:
        state.fill_overprint = bool(extgstate.op)
    for key, what in (("/CA", "stroke"), ("/ca", "fill")):
        value = extgstate.get(key)
        if isinstance(value, _NUMBERS) and float(value) < 1:
            yield Use("transparency", f"a {what} opacity of {float(value):g}")
    if extgstate.get("/SMask", Name("/None")) != Name("/None"):
        yield Use("transparency", "a soft mask in a graphics state")
    blend = extgstate.get("/BM", Name.Normal)
    blend = blend[0] if isinstance(blend, pikepdf.Array) and len(blend) else blend
    if blend not in (Name.Normal, Name.Compatible):
        yield Use("transparency", f"the blend mode {str(blend)[1:]}")
    halftone = extgstate.get("/HT")
    if isinstance(halftone, (Dictionary, pikepdf.Stream)):
        process = [halftone.get(Name(f"/{ink}")) for ink in ("Cyan", "Magenta", "Yellow", "Black", "Default")]
        if any(isinstance(h, (Dictionary, pikepdf.Stream)) and "/TransferFunction" in h for h in (halftone, *process)):
            yield Use("transfer", "a transfer function in a halftone (HT)")
    for key in ("/TR", "/TR2"):
        if (
            key in extgstate
            and extgstate[key] != Name.Default
            and not (key == "/TR2" and extgstate[key] == Name.Identity)
        ):
            yield Use("transfer", f"a transfer function ({key[1:]})")


def group_uses(form: pikepdf.Object) -> Iterator[Use]:
    """A form that is a transparency group: its blending colour space."""
    group = form.get("/Group")
    if isinstance(group, Dictionary) and group.get("/S") == Name.Transparency:
        yield Use("transparency", "a transparency group")
        if "/CS" in group:
            family = colour_family(group.CS, form.get("/Resources", Dictionary())).family
            yield Use("blend-space", family)


def _pattern(
    name: str, resources: pikepdf.Object, ctm: Matrix, trusted: frozenset[tuple[int, int]], budget: Budget
) -> Iterator[Event]:
    """What a pattern paints: a shading pattern's colour space, a tiling pattern's cell."""
    pattern = resources.get("/Pattern", Dictionary()).get(Name(name))
    if not isinstance(pattern, (Dictionary, pikepdf.Stream)) or not budget.first_visit(pattern):
        return
    matrix = _matrix([float(v) for v in pattern.get("/Matrix", IDENTITY) if isinstance(v, _NUMBERS)])
    if pattern.get("/PatternType") == 2:
        shading = pattern.get("/Shading", Dictionary())
        space = colour_family(shading.get("/ColorSpace", Name.DeviceGray), resources)
        yield Paint("shading", space, None, where="a shading pattern")
        extgstate = pattern.get("/ExtGState")
        if isinstance(extgstate, Dictionary):
            yield from _graphics_state_of(extgstate)
    elif isinstance(pattern, pikepdf.Stream):
        yield from enter(pattern, pattern.get("/Resources", resources), matrix, trusted, budget, "a tiling pattern")


def _graphics_state_of(extgstate: Dictionary) -> Iterator[Use]:
    state = _State()
    yield from _graphics_state(Name.GS, Dictionary(ExtGState=Dictionary(GS=extgstate)), state)


def _type3(
    font: pikepdf.Object, resources: pikepdf.Object, ctm: Matrix, trusted: frozenset[tuple[int, int]], budget: Budget
) -> Iterator[Event]:
    """What a Type 3 font's glyph procedures paint (each glyph a small content stream)."""
    if not budget.first_visit(font):
        return
    inner = font.get("/Resources", resources)
    matrix = _matrix([float(v) for v in font.get("/FontMatrix", IDENTITY) if isinstance(v, _NUMBERS)])
    for glyph in font.get("/CharProcs", Dictionary()).values():
        if isinstance(glyph, pikepdf.Stream):
            yield from enter(glyph, inner, multiply(matrix, ctm), trusted, budget, "a Type 3 glyph")


def _image_uses(xobject: pikepdf.Object) -> Iterator[Use]:
    if "/SMask" in xobject or ("/SMaskInData" in xobject and xobject.SMaskInData):
        yield Use("transparency", "an image with a soft mask")


_ARITY = {"cm": 6, "w": 1, "m": 2, "l": 2, "c": 6, "v": 4, "y": 4, "re": 4, "Tf": 1, "Tm": 6, "Tr": 1, "Td": 2,
          "TD": 2}  # fmt: skip
_OPERAND_OPERATORS = frozenset(["cs", "CS", "Do", "sh", "gs", "INLINE IMAGE"])


def _syntax(warning: str) -> str:
    detail = warning.rsplit(": ", 1)[-1].strip()
    return f"a content stream has a syntax error ({detail})"


def _check_size(owner: pikepdf.Object) -> None:
    """Refuse a content stream that decompresses to more than CONTENT_BYTES (a content bomb)
    before parsing it: Flate streams are inflated a piece at a time, within the limit."""
    contents: object = owner if isinstance(owner, pikepdf.Stream) else owner.get("/Contents")
    streams: list[object] = [*contents] if isinstance(contents, pikepdf.Array) else [contents]
    total = 0
    for stream in streams:
        if not isinstance(stream, pikepdf.Stream):
            continue
        filters = stream.get("/Filter")
        if filters == Name.FlateDecode and "/DecodeParms" not in stream:
            inflater = zlib.decompressobj()
            try:
                size = len(inflater.decompress(stream.read_raw_bytes(), CONTENT_BYTES + 1))
            except zlib.error:
                size = 0  # qpdf reads what it can of a damaged stream; so do we, below
        else:
            size = len(stream.read_raw_bytes()) if filters is None else len(stream.read_bytes())
        total += size
        if total > CONTENT_BYTES:
            raise TooComplex(f"a content stream is larger than {CONTENT_BYTES // MB} MB once decompressed")


def _matrix(values: list[float]) -> Matrix:
    a, b, c, d, e, f = (values + [0.0] * 6)[:6]
    return (a, b, c, d, e, f)


_INLINE_KEYS = {"/W": "/Width", "/H": "/Height", "/CS": "/ColorSpace", "/IM": "/ImageMask", "/BPC": "/BitsPerComponent",
                "/F": "/Filter"}  # fmt: skip


def _inline_keys(image: object) -> Dictionary:
    """An inline image's dictionary with its keys written out in full."""
    info = getattr(image, "obj", None)
    info = info if isinstance(info, Dictionary) else Dictionary()
    return Dictionary({_INLINE_KEYS.get(k, k): v for k, v in info.items()})


def _inline_image(image: object, ctm: Matrix, resources: pikepdf.Object, where: str) -> Image:
    """An inline image as an image XObject would be judged (its keys may be abbreviated)."""
    full = _inline_keys(image)
    if "/ColorSpace" not in full:
        full.ColorSpace = Name.DeviceGray
    return _image("inline image", full, ctm, resources, where)


def _image(name: str, xobject: pikepdf.Object, ctm: Matrix, resources: pikepdf.Object, where: str = "") -> Image:
    a, b, c, d, e, f = ctm
    placed = (math.hypot(a, b), math.hypot(c, d))
    xs, ys = (e, e + a, e + c, e + a + c), (f, f + b, f + d, f + b + d)  # the unit square, placed
    pixels = (int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0)))
    bits = int(xobject.get("/BitsPerComponent", 8)) if isinstance(xobject.get("/BitsPerComponent"), int) else 8
    if xobject.get("/ImageMask", False):
        colour, bits = Colour("mask"), 1
    elif "/ColorSpace" in xobject:
        colour = colour_family(xobject.ColorSpace, resources)
    elif _filters(xobject) & {"/JPXDecode"}:
        colour = Colour({1: "gray", 3: "rgb", 4: "cmyk"}.get(_jpx_components(xobject), "other"))
    else:
        colour = Colour("gray")
    box = (min(xs), min(ys), max(xs), max(ys))
    source = xobject if isinstance(xobject, pikepdf.Stream) else None
    return Image(name, pixels, placed, colour, "/SMask" in xobject, box, bits, where, source)


def _filters(stream: pikepdf.Object) -> set[str]:
    found = stream.get("/Filter")
    if isinstance(found, pikepdf.Array):
        return {str(f) for f in found}
    return {str(found)} if found is not None else set()


def _jpx_components(stream: pikepdf.Object) -> int:
    """The number of colour components of a JPEG 2000 image without a /ColorSpace, read from
    its codestream's SIZ marker (the image itself then says what colour it is in)."""
    try:
        data = stream.read_raw_bytes()
    except pikepdf.PdfError:
        return 0
    at = data.find(b"\xff\x51")
    if at < 0 or len(data) < at + 40:
        return 0
    return int.from_bytes(data[at + 38 : at + 40], "big")
