"""Walking a page's content streams with a graphics state: what is painted, where, how.

The walker follows q/Q, cm, line width, colour spaces and colours, text size and matrices, and
enters Form XObjects. It yields plain events for the rules to judge; it judges nothing itself.
"""

from __future__ import annotations

import math
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pikepdf
from pikepdf import Dictionary, Name

from ..limits import CONTENT_BYTES, MB, PDF_DEPTH, PDF_OPERATIONS, SECONDS

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
RGB_FAMILIES = {"rgb", "icc-rgb", "cal-rgb"}
_NUMBERS = (int, float, Decimal)
_NUMERIC_OPERATORS = frozenset(
    ["cm", "w", "k", "K", "g", "G", "rg", "RG", "sc", "scn", "SC", "SCN", "m", "l", "c", "v", "y", "re", "Tf", "Tm"]
)


@dataclass(frozen=True)
class Colour:
    """A colour as set: its family ('cmyk', 'gray', 'rgb', 'icc-rgb', 'spot', ...) and values."""

    family: str
    values: tuple[float, ...] = ()
    name: str = ""

    @property
    def ink(self) -> float:
        return 100 * sum(self.values) if self.family == "cmyk" else 0.0


@dataclass(frozen=True)
class Paint:
    kind: str  # "fill", "stroke", "text"
    colour: Colour
    bbox: tuple[float, float, float, float] | None  # in default user space
    width: float = 0.0  # effective line width, for strokes
    size: float = 0.0  # effective font size, for text


@dataclass(frozen=True)
class Image:
    name: str
    pixels: tuple[int, int]
    placed: tuple[float, float]  # width and height in points
    colour: Colour
    soft_mask: bool
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # where it lies on the page (points)


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    line_width: float = 1.0
    fill: Colour = field(default_factory=lambda: Colour("gray", (0.0,)))
    stroke: Colour = field(default_factory=lambda: Colour("gray", (0.0,)))
    font_size: float = 0.0
    text_matrix: Matrix = IDENTITY


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
    simple = {"/DeviceRGB": "rgb", "/DeviceCMYK": "cmyk", "/DeviceGray": "gray", "/Pattern": "pattern"}
    if isinstance(space, Name):
        return Colour(simple.get(str(space), "other"))
    if isinstance(space, pikepdf.Array) and len(space):
        kind = str(space[0])
        if kind == "/ICCBased":
            channels = int(space[1].get("/N", 0))
            return Colour({1: "gray", 3: "icc-rgb", 4: "icc-cmyk"}.get(channels, "other"))
        if kind in ("/Separation", "/DeviceN"):
            alternate = colour_family(space[2], resources)
            return (
                Colour(
                    "spot",
                    name=f"{space[1]}",
                    values=(),
                )
                if alternate.family not in RGB_FAMILIES
                else Colour("spot-rgb", name=str(space[1]))
            )
        if kind == "/Indexed":
            return colour_family(space[1], resources)
        return Colour(
            {"/CalRGB": "cal-rgb", "/CalGray": "gray", "/Lab": "lab", "/Pattern": "pattern"}.get(kind, "other")
        )
    return Colour("other")


class TooComplex(Exception):
    """A file whose drawing is beyond what `check` follows (limits.py): nested or self-drawing
    forms, a fan-out of forms, content streams too large, or the time budget spent."""


@dataclass
class Budget:
    """What one file's walk may spend: operators, time, and the forms open on the way down."""

    operations: int = PDF_OPERATIONS
    deadline: float = field(default_factory=lambda: time.monotonic() + SECONDS)
    open_forms: list[tuple[int, int]] = field(default_factory=list)

    def spend(self, count: int) -> None:
        self.operations -= count
        if self.operations < 0:
            raise TooComplex(f"it draws more than {PDF_OPERATIONS:,} operations (forms included)")
        if time.monotonic() > self.deadline:
            raise TooComplex(f"it takes more than {SECONDS} seconds to follow")


def walk(
    stream_owner: pikepdf.Object,
    resources: pikepdf.Object,
    ctm: Matrix = IDENTITY,
    trusted: frozenset[tuple[int, int]] = frozenset(),
    budget: Budget | None = None,
) -> Iterator[Paint | Image]:
    """Yield what the content stream paints, following forms into their own streams (except
    `trusted` ones: forms already checked where they are placed the same way), within `budget`;
    raises TooComplex beyond it. A form that draws itself is not entered again."""
    budget = budget or Budget()
    _check_size(stream_owner)
    instructions = pikepdf.parse_content_stream(stream_owner)
    budget.spend(len(instructions))
    state = _State(ctm=ctm)
    stack: list[_State] = []
    path: list[tuple[float, float]] = []

    def point(x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = state.ctm
        return (a * x + c * y + e, b * x + d * y + f)

    def bbox() -> tuple[float, float, float, float] | None:
        if not path:
            return None
        xs, ys = [p[0] for p in path], [p[1] for p in path]
        return (min(xs), min(ys), max(xs), max(ys))

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
        elif op in ("k", "K", "g", "G", "rg", "RG"):
            family = {"k": "cmyk", "g": "gray", "rg": "rgb"}[op.lower()]
            colour = Colour(family, tuple(args))
            if op.islower():
                state.fill = colour
            else:
                state.stroke = colour
        elif op in ("cs", "CS"):
            colour = colour_family(operands[0], resources)
            if op == "cs":
                state.fill = colour
            else:
                state.stroke = colour
        elif op in ("sc", "scn", "SC", "SCN"):
            target = state.fill if op.islower() else state.stroke
            numbers = tuple(args)
            updated = replace(target, values=numbers if target.family in ("cmyk", "gray", "rgb") else target.values)
            if op.islower():
                state.fill = updated
            else:
                state.stroke = updated
        elif op in ("m", "l"):
            path.append(point(args[0], args[1]))
        elif op == "c":
            path.extend(point(args[i], args[i + 1]) for i in (0, 2, 4))
        elif op in ("v", "y"):
            path.extend(point(args[i], args[i + 1]) for i in (0, 2))
        elif op == "re":
            x, y, w, h = args[:4]
            path.extend(point(px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)))
        elif op in ("S", "s"):
            yield Paint("stroke", state.stroke, bbox(), width=state.line_width * scale(state.ctm))
            path = []
        elif op in ("f", "F", "f*"):
            yield Paint("fill", state.fill, bbox())
            path = []
        elif op in ("B", "B*", "b", "b*"):
            yield Paint("fill", state.fill, bbox())
            yield Paint("stroke", state.stroke, bbox(), width=state.line_width * scale(state.ctm))
            path = []
        elif op == "n":
            path = []
        elif op == "BT":
            state.text_matrix = IDENTITY
        elif op == "Tf":
            state.font_size = args[0] if args else 0.0
        elif op == "Tm":
            state.text_matrix = _matrix(args)
        elif op in ("Tj", "TJ", "'", '"'):
            size = state.font_size * scale(state.text_matrix) * scale(state.ctm)
            origin = point(state.text_matrix[4], state.text_matrix[5])
            yield Paint("text", state.fill, (origin[0], origin[1], origin[0], origin[1] + size), size=size)
        elif op == "INLINE IMAGE":  # BI ... ID ... EI: a small picture written into the stream
            yield _inline_image(operands[0], state.ctm, resources)
        elif op == "sh":  # a smooth shading fills the clip: its colour space is what it paints in
            shading = resources.get("/Shading", Dictionary()).get(Name(str(operands[0])))
            if isinstance(shading, (Dictionary, pikepdf.Stream)):
                yield Paint("fill", colour_family(shading.get("/ColorSpace", Name.DeviceGray), resources), None)
        elif op == "Do":
            xobject = resources.get("/XObject", Dictionary()).get(Name(str(operands[0])))
            if xobject is None:
                continue
            if xobject.get("/Subtype") == Name.Image:
                yield _image(str(operands[0]), xobject, state.ctm, resources)
            elif xobject.get("/Subtype") == Name.Form and xobject.objgen not in trusted:
                if xobject.objgen in budget.open_forms:
                    continue  # a form that draws itself: once is what it paints
                if len(budget.open_forms) >= PDF_DEPTH:
                    raise TooComplex(f"its forms are nested more than {PDF_DEPTH} deep")
                matrix = _matrix([float(v) for v in xobject.get("/Matrix", IDENTITY) if isinstance(v, _NUMBERS)])
                inner = xobject.get("/Resources", resources)
                budget.open_forms.append(xobject.objgen)
                try:
                    yield from walk(xobject, inner, multiply(matrix, state.ctm), trusted, budget)
                finally:
                    budget.open_forms.pop()


_ARITY = {"cm": 6, "w": 1, "m": 2, "l": 2, "c": 6, "v": 4, "y": 4, "re": 4, "Tf": 1, "Tm": 6}  # numbers each needs
_OPERAND_OPERATORS = frozenset(["cs", "CS", "Do", "sh"])


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


_INLINE_SPACES = {"/RGB": Name.DeviceRGB, "/G": Name.DeviceGray, "/CMYK": Name.DeviceCMYK, "/I": Name.Indexed}


def _inline_image(image: object, ctm: Matrix, resources: pikepdf.Object) -> Image:
    """An inline image as an image XObject would be judged (its keys may be abbreviated)."""
    info = getattr(image, "obj", None)
    info = info if isinstance(info, Dictionary) else Dictionary()

    def get(full: str, short: str) -> object:
        return info.get(full, info.get(short))

    space = get("/ColorSpace", "/CS")
    space = _INLINE_SPACES.get(str(space), space) if isinstance(space, Name) else space
    fake = Dictionary(Width=get("/Width", "/W") or 0, Height=get("/Height", "/H") or 0,
                      ColorSpace=space if space is not None else Name.DeviceGray)  # fmt: skip
    if get("/ImageMask", "/IM"):
        fake.ImageMask = True
    return _image("inline image", fake, ctm, resources)


def _image(name: str, xobject: pikepdf.Object, ctm: Matrix, resources: pikepdf.Object) -> Image:
    a, b, c, d, e, f = ctm
    placed = (math.hypot(a, b), math.hypot(c, d))
    xs, ys = (e, e + a, e + c, e + a + c), (f, f + b, f + d, f + b + d)  # the unit square, placed
    pixels = (int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0)))
    if xobject.get("/ImageMask", False):
        colour = Colour("mask")
    else:
        colour = colour_family(xobject.get("/ColorSpace", Name.DeviceGray), resources)
    return Image(name, pixels, placed, colour, "/SMask" in xobject, (min(xs), min(ys), max(xs), max(ys)))
