"""brochure: content.yaml + brand + illustration -> print-ready patient leaflet PDF.

The pipeline, one function per stage, frozen values between them:

    load_content -> Content -> load_theme -> Theme -> lay_out -> Document -> render -> PDF bytes
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import Content, load_content, texts
from .errors import BrochureError, Diagnostic, InputError, Location
from .formats import FORMATS
from .layout import Document, lay_out
from .layout.model import Picture
from .output import write_atomic
from .render import RenderOptions, render
from .theme import Theme, load_theme

__all__ = [
    "BrochureError", "BuildOptions", "BuildResult", "Content", "Diagnostic", "InputError", "Location", "Theme",
    "build", "make_pdf", "texts",
]  # fmt: skip
__version__ = "0.1.0"


@dataclass(frozen=True)
class BuildOptions:
    marks: bool = True
    format: str = "a4"


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    size: int
    warnings: tuple[Diagnostic, ...]
    document: Document


def make_pdf(content_path: Path, options: BuildOptions = BuildOptions()) -> tuple[bytes, Document, list[Diagnostic]]:
    """Run the pipeline in memory; raises InputError listing every problem found."""
    content, warnings = load_content(content_path)
    theme, theme_warnings = load_theme(content)
    warnings += theme_warnings
    check_glyphs(content, theme)
    document = lay_out(content, theme, FORMATS[options.format])
    warnings += picture_warnings(document, content)
    pdf = render(
        document,
        RenderOptions(marks=options.marks, font=theme.regular, author=content.clinic.name, subject=content.title),
    )
    return pdf, document, warnings


def build(content_path: Path, output: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build a leaflet and write it atomically: the output exists only if the build succeeded."""
    pdf, document, warnings = make_pdf(content_path, options)
    write_atomic(output, pdf)
    return BuildResult(output, len(document.pages), len(pdf), tuple(warnings), document)


def check_glyphs(content: Content, theme: Theme) -> None:
    """Every character must have a glyph in the brand's fonts, or it would print as a blank box."""
    problems = []
    for path, text in texts(content):
        missing = sorted({c for c in text if ord(c) not in theme.glyphs and not c.isspace()})
        if missing:
            shown = " ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
            problems.append(Diagnostic(f"the font has no glyph for {shown}", content.where(path), path,
                                       "replace the character, or choose a font that has it in brand.yaml"))  # fmt: skip
    if problems:
        raise InputError(problems)


def picture_warnings(document: Document, content: Content) -> list[Diagnostic]:
    """Bitmaps below 300 ppi at their placed size print soft."""
    out = []
    for page in document.pages:
        for item in page.items:
            if isinstance(item, Picture) and item.asset.bitmap is not None:
                ppi = item.asset.ppi(item.rect.width)
                if ppi < 300:
                    out.append(Diagnostic(f"'{item.asset.path.name}' is {ppi:.0f} ppi at its printed size; print needs 300",
                                          content.where(f"{item.source}.file") if item.source != "brand.logo" else None,
                                          f"{item.source}.file", "supply a larger image, or an SVG", severity="warning"))  # fmt: skip
    return out
