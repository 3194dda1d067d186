"""SVG pictures: read safely, checked for what cannot be drawn right, drawn by svglib in CMYK.

An SVG is parsed here first (no entities, no network, no files outside the project), so svglib
only ever renders a tree brochure has read. What svglib would leave out or draw wrong (masks,
filters, patterns, markers, group opacity, gradient stop opacity) is refused with its line;
opacity on a single shape is drawn as its fill and stroke opacity. Text is set in the brand's
fonts (`with_fonts`), so it is embedded like the leaflet's own.
"""

from __future__ import annotations

import copy
import functools
import logging
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

import cssselect2
from lxml import etree
from PIL import Image as PILImage
from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from svglib.svglib import CSSMatcher, SvgRenderer

from ._reportlab import Drawing, Group, Shape, String
from ._reportlab import Image as RLImage
from .colour import RGB, convert_rgb, rgb_to_print, transform
from .limits import MB, PICTURE_BYTES, SVG_ELEMENTS, SVG_SIZE

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)")
XLINK = "{http://www.w3.org/1999/xlink}href"
SHAPES = {"rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text", "use", "image"}
_NOT_DRAWN = {  # what svglib leaves out, as a person would name it
    "mask": "a mask", "filter": "a filter (blur, shadow)", "marker-start": "a marker (arrowhead)",
    "marker-mid": "a marker (arrowhead)", "marker-end": "a marker (arrowhead)", "mix-blend-mode": "a blend mode",
}  # fmt: skip
_NOT_DRAWN_ELEMENTS = {"foreignObject": "embedded HTML (foreignObject)", "textPath": "text on a path"}


class SvgError(ValueError):
    """An SVG that cannot be used; the message says why, the hint what to do."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Svg:
    """An SVG as drawings: CMYK for print, as drawn for the screen."""

    width: float
    height: float
    drawing: Drawing
    screen_drawing: Drawing
    references: tuple[str, ...]  # the project files it draws in (resolved paths)
    texts: tuple[str, ...]  # the text it sets, in the brand's fonts once `with_fonts` is applied
    transparent: bool  # it uses opacity (PDF/X-4 allows it; PDF/X-1a does not)
    colours: tuple[tuple[RGB, float], ...]  # the colours it paints (sRGB), each with an equal share


def read_svg(data: bytes, name: str, path: str, root: str) -> Svg:
    """Parse, check and draw an SVG file's bytes; raises SvgError naming what is wrong."""
    tree = _parse(data, name)
    references = _check(tree, name, path, root)
    _inline_css(tree)
    _check(tree, name, path, root)  # again, with what the style sheet set
    messages: list[str] = []
    handler = _Collect(messages)
    logger = logging.getLogger("svglib")
    logger.addHandler(handler)
    try:
        drawing = SvgRenderer(path, external_reference_root=root).render(tree)
    except Exception as exc:  # svglib raises parsing errors of many kinds
        raise SvgError(
            f"'{name}' is not a readable SVG file ({exc})", "open and re-save it in a drawing program"
        ) from None
    finally:
        logger.removeHandler(handler)
    width, height = float(drawing.width or 0), float(drawing.height or 0)
    if not (0 < width <= SVG_SIZE and 0 < height <= SVG_SIZE):
        raise SvgError(f"'{name}' has a size of {width:g} × {height:g} pt, not between 0 and {SVG_SIZE:g}",
                       "set the drawing's width and height in the SVG")  # fmt: skip
    cmyk = copy.deepcopy(drawing)
    try:
        _to_cmyk(cmyk)
    except SvgError as exc:
        raise SvgError(f"'{name}': {exc}", exc.hint) from None
    except (OSError, ValueError) as exc:
        raise SvgError(
            f"'{name}' embeds a picture that cannot be read ({exc})", "re-save the picture as PNG or JPEG"
        ) from None
    texts = tuple(s.text for s in shapes(drawing) if isinstance(s, String) and s.text.strip())
    transparent = any(
        getattr(s, a, 1) not in (None, 1) for s in shapes(drawing) for a in ("fillOpacity", "strokeOpacity")
    )
    painted = {_rgb(getattr(s, a)) for s in shapes(drawing) for a in ("fillColor", "strokeColor")
               if isinstance(getattr(s, a, None), Color)} | {_rgb(c) for s in shapes(drawing) for c in getattr(s, "_rl_colors", ())}  # fmt: skip
    colours = tuple((rgb, 1 / len(painted)) for rgb in sorted(painted))
    return Svg(width, height, cmyk, drawing, references, texts, transparent, colours)


def _rgb(colour: Color) -> RGB:
    return (round(colour.red, 3), round(colour.green, 3), round(colour.blue, 3))


def _parse(data: bytes, name: str) -> etree._Element:
    if b"<!ENTITY" in data or b"<?xml-stylesheet" in data:
        raise SvgError(f"'{name}' declares entities or a style sheet, which brochure does not load",
                       "re-save it as plain SVG (most drawing programs have an 'optimised SVG' option)")  # fmt: skip
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)  # fmt: skip
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SvgError(
            f"'{name}' is not a readable SVG file ({exc})", "open and re-save it in a drawing program"
        ) from None


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


_PRESENTATION = ("fill", "stroke", "opacity", "fill-opacity", "stroke-opacity", "stop-opacity", "mask", "filter",
                 "marker-start", "marker-mid", "marker-end", "mix-blend-mode")  # fmt: skip


def _declarations(element: etree._Element) -> dict[str, str]:
    out = {}
    for declaration in (element.get("style") or "").split(";"):
        key, _, value = declaration.partition(":")
        if value.strip():
            out[key.strip()] = value.strip()
    return out


def _style(element: etree._Element) -> dict[str, str]:
    """An element's presentation properties, its style attribute's declarations winning."""
    return {**{k: element.get(k) for k in _PRESENTATION if element.get(k) is not None}, **_declarations(element)}


def _check(tree: etree._Element, name: str, path: str, root: str) -> tuple[str, ...]:
    """Refuse what would reach beyond the project or be drawn wrong; draw opacity on a shape as
    its fill and stroke opacity. Returns the project files the SVG refers to."""
    files: list[str] = []
    problems: list[str] = []
    patterns = {e.get("id") for e in tree.iter() if _local(e) == "pattern" and e.get("id")}
    for count, element in enumerate(tree.iter(), start=1):
        if count > SVG_ELEMENTS:
            raise SvgError(
                f"'{name}' has more than {SVG_ELEMENTS:,} elements", "simplify the drawing, or save it as PNG"
            )
        local, style, line = _local(element), _style(element), element.sourceline
        references = [element.get("href"), element.get(XLINK), *_URL.findall(element.get("style") or "")]
        if local == "style":
            if "@import" in (element.text or ""):
                raise SvgError(f"'{name}' imports a style sheet, which brochure does not load",
                               "put the styles in the SVG itself")  # fmt: skip
            references += _URL.findall(element.text or "")
        for reference in references:
            if reference:
                files += _check_reference(reference.strip(), name, path, root)
        if local in _NOT_DRAWN_ELEMENTS:
            problems.append(f"{_NOT_DRAWN_ELEMENTS[local]} (line {line})")
        for key, what in _NOT_DRAWN.items():
            if style.get(key, "none") not in ("none", "normal", ""):
                problems.append(f"{what} (line {line})")
        for key in ("fill", "stroke"):
            target = _URL.findall(style.get(key, ""))
            if target and target[0].lstrip("#") in patterns:
                problems.append(f"a pattern fill (line {line})")
        if local == "stop" and _number(style.get("stop-opacity", "1")) < 1:
            problems.append(f"a gradient that fades to transparent (stop-opacity, line {line})")
        opacity = _number(style.get("opacity", "1"))
        if opacity < 1:
            if local in SHAPES and not any(_local(child) in SHAPES | {"g"} for child in element):
                _apply_opacity(element, style, opacity)
            else:
                problems.append(f'opacity on a group (<{local} opacity="{opacity:g}">, line {line})')
    if problems:
        shown = ", ".join(dict.fromkeys(problems[:6])) + (", …" if len(problems) > 6 else "")
        raise SvgError(f"'{name}' uses what brochure cannot draw exactly: {shown}",
                       "flatten it in the drawing program (Inkscape: Extensions > Generate from Path, or "
                       "Path > Object to Path; set opacity on each shape), or export a 300 ppi PNG")  # fmt: skip
    return tuple(files)


def _number(text: str) -> float:
    try:
        value = float(text.strip().rstrip("%")) / (100 if text.strip().endswith("%") else 1)
    except ValueError:
        return 1.0
    return min(1.0, max(0.0, value))


def _apply_opacity(element: etree._Element, style: dict[str, str], opacity: float) -> None:
    """A single shape's opacity is its fill's and its stroke's (nothing of it overlaps itself
    but its own stroke, which svglib draws in the same operation)."""
    declarations = _declarations(element)
    declarations.pop("opacity", None)
    element.attrib.pop("opacity", None)
    for key in ("fill-opacity", "stroke-opacity"):
        declarations[key] = f"{_number(style.get(key, '1')) * opacity:g}"
    element.set("style", ";".join(f"{k}:{v}" for k, v in declarations.items()))


def _inline_css(tree: etree._Element) -> None:
    """Apply the SVG's <style> rules to its elements as attributes (as svglib would), so the
    checks see what classes set (Illustrator writes .st0{opacity:0.5}); the rules are then removed."""
    sheets = [e for e in tree.iter() if _local(e) == "style"]
    if not sheets:
        return
    matcher = CSSMatcher()
    for sheet in sheets:
        matcher.add_styles(sheet.text or "")
        sheet.getparent().remove(sheet)
    for wrapper in cssselect2.ElementWrapper.from_xml_root(tree).iter_subtree():
        for match in matcher.match(wrapper):
            for key, value in match[3][1].items():
                if key and not key.startswith("-"):
                    wrapper.etree_element.set(key, value)


def _check_reference(reference: str, name: str, svg: str, root: str) -> list[str]:
    """A reference in an SVG: to a part of itself, embedded data, or a picture file inside the
    project (returned); anything else is refused, naming the reference."""
    from pathlib import Path

    if reference.startswith("#") or reference.startswith("data:") or not reference:
        return []
    why = ""
    resolved = Path(svg)
    if _SCHEME.match(reference) or reference.startswith(("/", "\\")):
        why = "links to the network or to files by address are not loaded"
    else:
        target = Path(svg).parent / urllib.parse.unquote(reference)
        resolved = target.resolve()
        if not resolved.is_relative_to(Path(root).resolve()):
            why = "it is outside the project folder"
        elif target.is_symlink() or not resolved.is_file():
            why = "it is not a file of the project folder"
        elif resolved.stat().st_size > PICTURE_BYTES:
            why = f"it is larger than {PICTURE_BYTES // MB} MB"
    if why:
        shown = reference if len(reference) <= 60 else reference[:59] + "…"
        raise SvgError(f"'{name}' refers to '{shown}': {why}",
                       "embed the picture in the SVG, or copy it into the project folder")  # fmt: skip
    return [str(resolved)]


def _to_cmyk(drawing: Drawing) -> None:
    """Every colour of the drawing (fills, strokes, gradient stops) through the print profile."""
    painted: list[tuple[object, str, Color]] = []
    for shape in shapes(drawing):
        for attr in ("fillColor", "strokeColor"):
            colour = getattr(shape, attr, None)
            if isinstance(colour, Color) and not isinstance(colour, CMYKColor):
                painted.append((shape, attr, colour))
        stops = getattr(shape, "_rl_colors", None)  # svglib's gradient shapes
        if isinstance(stops, list):
            painted += [(stops, str(i), c) for i, c in enumerate(stops) if not isinstance(c, CMYKColor)]
        if isinstance(shape, RLImage):
            shape.path = _cmyk_picture(shape.path)
    unique = sorted({(c.red, c.green, c.blue) for _, _, c in painted})
    converted = dict(zip(unique, convert_rgb(unique), strict=True))
    for owner, attr, colour in painted:
        value = converted[(colour.red, colour.green, colour.blue)]
        cmyk = CMYKColor(value.c, value.m, value.y, value.k, alpha=colour.alpha)
        if isinstance(owner, list):
            owner[int(attr)] = cmyk
        else:
            setattr(owner, attr, cmyk)


def _cmyk_picture(source: object) -> PILImage.Image:
    """A picture an SVG embeds, in CMYK for print; one with transparency is refused (an image
    inside a drawing cannot carry a soft mask)."""
    image = PILImage.open(source) if isinstance(source, str) else source
    assert isinstance(image, PILImage.Image)
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
        if alpha.getextrema()[0] < 255:  # type: ignore[operator]
            raise SvgError("it embeds a picture with transparency, which brochure cannot place inside a drawing",
                           "place the picture without transparency, or save the whole drawing as a PNG")  # fmt: skip
    return image if image.mode == "CMYK" else transform(image.convert("RGB"), rgb_to_print(), "CMYK")


def shapes(node: Shape) -> Iterator[Shape]:
    yield node
    if isinstance(node, Group):  # Drawing is a Group too
        for child in node.contents:
            yield from shapes(child)


@functools.lru_cache(maxsize=64)
def with_fonts(drawing: Drawing, regular: str, bold: str) -> Drawing:
    """A copy of the drawing whose text is set in the brand's (embedded) fonts, bold where the
    SVG asked for a bold weight, and made smaller where that would be wider than the SVG's text
    set in Helvetica (the metrics svglib places it with), so it keeps inside the picture."""
    if not any(isinstance(s, String) for s in shapes(drawing)):
        return drawing
    copied = copy.deepcopy(drawing)
    for shape in shapes(copied):
        if isinstance(shape, String):
            heavy = bool(re.search("bold|black|heavy", shape.fontName, re.I))
            designed = stringWidth(shape.text, "Helvetica-Bold" if heavy else "Helvetica", shape.fontSize)
            shape.fontName = bold if heavy else regular
            width = stringWidth(shape.text, shape.fontName, shape.fontSize)
            if width > designed > 0:  # no wider than the SVG's own (Helvetica-like) lettering
                shape.fontSize = round(shape.fontSize * designed / width, 2)
    return copied


def recoloured(drawing: Drawing, target: Color) -> Drawing:
    """A copy of a drawing with every fill and stroke in one colour (a logo reversed out of a band)."""
    copied = copy.deepcopy(drawing)
    for shape in shapes(copied):
        for attr in ("fillColor", "strokeColor"):
            if getattr(shape, attr, None) is not None:
                setattr(shape, attr, target)
        if isinstance(getattr(shape, "_rl_colors", None), list):
            shape._rl_colors = [target for _ in shape._rl_colors]
    return copied


class _Collect(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())
