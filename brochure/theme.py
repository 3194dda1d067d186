"""Brand -> Theme: colours, registered fonts, text styles and loaded pictures.

The brand (brand.yaml) sits apart from the words so a clinic can rebrand without touching them.
Every key is optional; brochure's own fonts and colours fill the gaps.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .assets import Asset, AssetError, load_asset
from .colour import BLACK, CMYK, PRINT_CONDITION, WHITE, contrast
from .content import Content
from .errors import Diagnostic, InputError, Location
from .fonts import BRAND_FONT_KEYS
from .formats import FORMATS
from .layout.bidi import is_rtl_language
from .layout.fonts_for import SCRIPT_FONTS, script_metrics
from .limits import FONT_BYTES, read_file
from .resources import ASSETS
from .schema import Override, Reader, apply_overrides, read_source
from .svg import with_fonts

PACKAGE_ASSETS = ASSETS  # brochure's own files (resources.py): fonts, print profile, labels, artwork
DEFAULT_FONTS = {
    "regular": PACKAGE_ASSETS / "fonts" / "AtkinsonHyperlegible-Regular.ttf",
    "bold": PACKAGE_ASSETS / "fonts" / "AtkinsonHyperlegible-Bold.ttf",
}
DEFAULT_COLOURS = {
    "primary": CMYK(1.0, 0.6, 0.0, 0.2),
    "accent": CMYK(0.0, 0.45, 0.9, 0.0),
    "text": BLACK,
}
MIN_CONTRAST = 4.5
BODY = 14.0
LARGE_PRINT_BODY = 18.0


@dataclass(frozen=True)
class TextStyle:
    font: str
    bold_font: str
    size: float
    leading: float
    colour: CMYK
    language: str = ""  # BCP 47; shapes and breaks the text (set for every leaflet but English)
    rtl: bool = False  # right to left: lines set from the right, runs in bidi order
    taller: float = 1.0  # how much taller its script's lines are than Latin ones (fonts_for.script_metrics)
    depth: float = 0.0  # how far its script's font reaches below the baseline, per point (0: Latin)
    rise: float = 0.0  # and above it

    def resized(self, size: float, ratio: float, **changes: Any) -> TextStyle:
        """This style at another size, its leading `ratio` times the size (and as much taller as
        its script needs)."""
        return replace(self, size=size, leading=round(size * ratio * self.taller, 2), **changes)


@dataclass(frozen=True)
class Theme:
    """What the layout and render stages need to know about the look."""

    primary: CMYK
    accent: CMYK
    text: CMYK
    paper: CMYK
    regular: str
    bold: str
    title: TextStyle
    subtitle: TextStyle
    lead: TextStyle
    heading: TextStyle
    body: TextStyle
    slip: TextStyle
    footer: TextStyle
    logo: Asset | None
    logo_alt: str | None
    illustration: Asset | None
    glyphs: frozenset[int]
    scale: float = 1.0  # body size / 14 (18/14 in large print); sizes set in the layout scale with it


@dataclass(frozen=True)
class Brand:
    """What brand.yaml says; anything it leaves out takes brochure's default."""

    logo: Path | None = None
    logo_alt: str | None = None
    colours: MappingProxyType[str, CMYK] = field(default_factory=lambda: MappingProxyType(DEFAULT_COLOURS))
    fonts: MappingProxyType[str, Path] = field(default_factory=lambda: MappingProxyType(DEFAULT_FONTS))
    locations: MappingProxyType[str, Location] = field(default_factory=lambda: MappingProxyType({}))
    format: str | None = None  # the clinic's usual format; --format overrides it
    root: Path | None = None  # the folder of brand.yaml: the pictures it names stay inside it
    notes: tuple[Diagnostic, ...] = ()  # warnings, and what was converted (screen colours to CMYK)


def load_theme(
    content: Content,
    brand: Brand | None = None,
    large_print: bool = False,
    body: float = 14.0,
    large_body: float = LARGE_PRINT_BODY,
) -> tuple[Theme, list[Diagnostic]]:
    """Register the brand's fonts and load the pictures (the brand named by the content, read
    here when not given).

    Large print scales every text size so body text is `large_body`: 18 pt (RNIB's recommendation),
    or 16 pt, the large-print minimum, on a format as small as a tri-fold's panel; the title
    stays at 30 pt, already far larger than the body.
    """
    if brand is None:
        brand = load_brand(content.brand) if content.brand else Brand()
    problems: list[Diagnostic] = []
    fonts = {}
    for weight, path in brand.fonts.items():
        try:
            fonts[weight] = register_font(path)
        except (TTFError, OSError) as exc:
            where = brand.locations.get(f"fonts.{weight}") or Location(str(path))
            problems.append(
                Diagnostic(
                    f"cannot use the font '{path.name}': {exc}", where, f"fonts.{weight}", "give a TrueType (.ttf) file"
                )
            )
    scripts = tuple(sorted((key, str(path)) for key, path in brand.fonts.items() if key in BRAND_FONT_KEYS))
    for weight in ("regular", "bold"):
        if weight in fonts:
            SCRIPT_FONTS[fonts[weight]] = scripts
    for name in ("primary", "text"):
        ratio = contrast(brand.colours[name], WHITE)
        if ratio < MIN_CONTRAST:
            problems.append(Diagnostic(f"text in this colour on white paper has a contrast of only {ratio:.1f}:1",
                                       brand.locations.get(f"colours.{name}"), f"colours.{name}",
                                       f"choose a darker colour: at least {MIN_CONTRAST}:1 is needed"))  # fmt: skip
    logo = _picture(brand.logo, brand.root or Path.cwd(), brand.locations.get("logo"), "logo", problems)
    illustration = None
    if content.illustration:
        located = content.where(f"{content.illustration.path}.file")
        illustration = _picture(
            content.illustration.file, content.source.parent, located, "illustration.file", problems
        )
    if problems:
        raise InputError(problems)
    primary, accent, text = (brand.colours[n] for n in ("primary", "accent", "text"))
    regular, bold = fonts["regular"], fonts["bold"]
    notes: list[Diagnostic] = []
    faint = sum(share for rgb, share in logo.colours if contrast(rgb, primary) < 2) if logo else 0.0
    if logo is not None and not logo.one_colour and faint >= 0.5:
        notes.append(Diagnostic(f"most of the logo '{logo.path.name}' barely shows on the cover band (its colours are close to the band's)",
                                brand.locations.get("logo"), "logo",
                                "give a one-colour logo with a transparent background (brochure prints it in white), "
                                "or the logo's version for dark backgrounds", severity="warning"))  # fmt: skip
    if logo is not None and logo.texts:
        logo = _set_in(logo, regular, bold, brand.locations.get("logo"), "logo", notes)
    if illustration is not None and illustration.texts:
        placed = content.where(f"{content.illustration.path}.file") if content.illustration else None
        illustration = _set_in(illustration, regular, bold, placed, "illustration.file", notes)

    scale = (large_body if large_print else body) / BODY

    language = "" if content.language.lower().startswith("en") else content.language
    rtl = is_rtl_language(content.language)

    taller, depth, rise = script_metrics(language, regular)  # scripts whose fonts reach higher and lower

    def style(size: float, colour: CMYK, leading: float = 1.45) -> TextStyle:
        line = round(size * scale * leading * taller, 2)
        return TextStyle(regular, bold, round(size * scale, 2), line, colour, language, rtl, taller, depth, rise)

    theme = Theme(
        primary=primary, accent=accent, text=text, paper=WHITE, regular=regular, bold=bold,
        title=style(30 / max(1.0, scale), primary, 1.15), subtitle=style(17, text, 1.35), lead=style(15, text),
        heading=style(19, primary, 1.25), body=style(BODY, text), slip=style((16 if large_print else 12) / scale, text),
        footer=style((16 if large_print else 12) / scale, text, 1.3), logo=logo, logo_alt=brand.logo_alt,
        illustration=illustration, glyphs=_glyphs(regular) & _glyphs(bold), scale=scale,
    )  # fmt: skip
    return theme, notes


def _set_in(asset: Asset, regular: str, bold: str, where: Location | None, key: str, notes: list[Diagnostic]) -> Asset:
    """An SVG whose text is set in the brand's fonts (embedded, as the leaflet's own), said."""
    shown = ", ".join(f"'{t}'" for t in asset.texts[:3]) + (", …" if len(asset.texts) > 3 else "")
    notes.append(Diagnostic(f"the text in '{asset.path.name}' ({shown}) is set in the brand's fonts", where, key,
                            "to keep its own lettering, convert the text to outlines (Inkscape: Path > Object to Path)",
                            severity="warning"))  # fmt: skip
    drawing = with_fonts(asset.drawing, regular, bold) if asset.drawing is not None else None
    screen = with_fonts(asset.screen_drawing, regular, bold) if asset.screen_drawing is not None else None
    return replace(asset, drawing=drawing, screen_drawing=screen)


def register_font(path: Path) -> str:
    """Register a TrueType font with ReportLab under a name made of its file name and a digest of
    its contents, so two brands' fonts that share a file name stay distinct; returns that name.
    Raises TTFError for anything that is not a usable font file (damaged or truncated fonts)."""
    try:
        data = read_file(path, FONT_BYTES, "font file")
    except InputError as error:
        raise TTFError(error.diagnostics[0].message) from None
    name = f"{path.stem}-{hashlib.sha256(data).hexdigest()[:12]}"
    if name not in pdfmetrics.getRegisteredFontNames():
        try:
            font = TTFont(name, io.BytesIO(data))
        except TTFError:
            raise
        except Exception as exc:  # a damaged font fails deep in the parser, in many ways
            raise TTFError(f"it is damaged or not a TrueType font ({type(exc).__name__})") from None
        pdfmetrics.registerFont(font)
    return name


def _glyphs(font_name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def _picture(
    path: Path | None, root: Path, where: Location | None, key: str, problems: list[Diagnostic]
) -> Asset | None:
    if path is None:
        return None
    try:
        return load_asset(path, root)
    except AssetError as exc:
        problems.append(Diagnostic(str(exc), where, key, exc.hint))
        return None


def load_brand(path: Path, overrides: tuple[Override, ...] = ()) -> Brand:
    """Read and check brand.yaml (with overrides, their paths without 'brand.'); raises InputError
    listing every problem."""
    source = read_source(path, str(path))
    reader = Reader(str(path), source)
    root = source.root
    if overrides:
        root = apply_overrides(root, overrides, str(path))
    keys = reader.mapping(root, "", ("logo", "logo_alt", "colours", "fonts", "format")) or {}
    folder = path.parent.resolve()

    def file(key: str, node: Node) -> Path | None:
        name = reader.text(node, key)
        if name is None:
            return None
        resolved = (folder / name).resolve()
        if not resolved.is_relative_to(folder):
            reader.error(
                node, key, f"'{name}' is outside the project folder {folder}", "copy the file into the project folder"
            )
        elif not resolved.is_file():
            reader.error(node, key, f"file not found: '{name}'", f"paths are relative to {folder}")
        else:
            return resolved
        return None

    logo = file("logo", keys["logo"]) if "logo" in keys else None
    layout = reader.text(keys["format"], "format") if "format" in keys else None
    if layout is not None and layout not in FORMATS:
        reader.error(keys["format"], "format", f"unknown format '{layout}'", f"choose one of: {', '.join(FORMATS)}")
    logo_alt = reader.text(keys["logo_alt"], "logo_alt") if "logo_alt" in keys else None
    colours = dict(DEFAULT_COLOURS)
    for name, node in (reader.mapping(keys.get("colours"), "colours", tuple(DEFAULT_COLOURS)) or {}).items():
        colour = read_colour(reader, node, f"colours.{name}")
        if colour is not None:
            colours[name] = colour
    fonts = dict(DEFAULT_FONTS)
    for weight, node in (reader.mapping(keys.get("fonts"), "fonts", (*DEFAULT_FONTS, *BRAND_FONT_KEYS)) or {}).items():
        found = file(f"fonts.{weight}", node)  # a script's own font (arabic, urdu-bold ...) is used by fonts.itemize
        if found is not None:
            fonts[weight] = found
    notes = tuple(reader.raise_errors()) + tuple(p for p in reader.problems if p.severity == "info")
    locations = MappingProxyType(dict(reader.locations))
    return Brand(logo, logo_alt, MappingProxyType(colours), MappingProxyType(fonts), locations, layout, folder, notes)


_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def read_colour(reader: Reader, node: Node, path: str) -> CMYK | None:
    """A brand colour as brand guides give it: CMYK per cent ([100, 60, 0, 20] or `cmyk: [...]`),
    hex ("#005EB8") or `rgb: [0, 94, 184]`. Screen colours are converted through the print
    profile, and the CMYK they became is said, so the print shop's proof holds no surprise."""
    if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        reader.error(node, path, "expected a colour, found nothing",
                     'in YAML a # starts a comment: put a hex colour in quotes, "#005EB8"')  # fmt: skip
        return None
    if isinstance(node, ScalarNode):
        found = _HEX.fullmatch(str(node.value).strip())
        if found is None:
            reader.error(node, path, f"expected a colour, found {str(node.value)[:40]!r}",
                         'write CMYK per cent [100, 60, 0, 20], hex "#005EB8" or rgb: [0, 94, 184]')  # fmt: skip
            return None
        digits = found.group(1) if len(found.group(1)) == 6 else "".join(c * 2 for c in found.group(1))
        hexed = [float(int(digits[i : i + 2], 16)) for i in (0, 2, 4)]
        return _from_screen(reader, node, path, hexed, f"#{digits.upper()}")
    if isinstance(node, MappingNode):
        keys = reader.mapping(node, path, ("cmyk", "rgb")) or {}
        if len(keys) != 1:
            if keys:
                reader.error(node, path, "give one of cmyk: or rgb:, not both")
            return None
        if "rgb" in keys:
            rgb = reader.number_list(keys["rgb"], f"{path}.rgb", 3, 0, 255)
            shown = "rgb [" + ", ".join(f"{v:g}" for v in rgb) + "]" if rgb is not None else ""
            return _from_screen(reader, keys["rgb"], path, rgb, shown) if rgb is not None else None
        node = keys["cmyk"]
    if isinstance(node, SequenceNode) and len(node.value) == 3:
        reader.error(node, path, "three numbers: a colour in CMYK has four",
                     "for a screen colour write rgb: [0, 94, 184] or hex \"#005EB8\"")  # fmt: skip
        return None
    values = reader.number_list(node, path, 4, 0, 100)
    if values is None:
        return None
    if all(v <= 1 for v in values) and any(0 < v < 1 for v in values):
        shown = ", ".join(f"{v * 100:g}" for v in values)
        reader.error(node, path, f"{values} reads as fractions: CMYK is given in per cent, from 0 to 100",
                     f"write [{shown}]")  # fmt: skip
        return None
    if sum(values) > 300:
        reader.error(node, path, f"total ink {sum(values):g} % is over the 300 % a press allows")
        return None
    return CMYK.from_percent(values)


def _from_screen(reader: Reader, node: Node, path: str, rgb: list[float], written: str) -> CMYK:
    colour = CMYK.from_rgb(*(v / 255 for v in rgb))
    cmyk = ", ".join(f"{round(v * 100):g}" for v in (colour.c, colour.m, colour.y, colour.k))
    reader.problems.append(Diagnostic(f"the screen colour {written} prints as CMYK [{cmyk}] ({PRINT_CONDITION})",
                                      reader.where(node), path,
                                      "for an exact match give the CMYK values from the brand guide", severity="info"))  # fmt: skip
    return colour
