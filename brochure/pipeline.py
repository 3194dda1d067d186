"""The pipeline, one function per stage, frozen values between them:

    load_content -> Content -> load_theme -> Theme -> lay_out -> Document -> render -> Rendered
        -> finish (PDF/X or screen, tags) -> [impose] -> bytes -> write_atomic, preflighted by check_pdf

`brochure` (the package) exports these names lazily, so that `brochure --help` starts at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import policy
from .check import Report, check_pdf
from .check.leaflet import check_leaflet
from .colour import PRINT_CONDITION
from .content import Content, load_content, texts
from .errors import BrochureError, Diagnostic, InputError, LayoutError, Location, OutputError
from .finishing import Metadata, finish
from .fonts import missing, script_name
from .formats import FORMATS, on_screen
from .impose import impose
from .layout import Document, lay_out
from .layout.audit import HINTS, Finding, audit
from .layout.bidi import is_rtl_language
from .layout.fonts_for import SCRIPT_FONTS
from .layout.model import Picture
from .marks import Marks
from .output import write_atomic
from .render import Edition, Rendered, RenderOptions, render
from .schema import Override
from .structure import plan
from .theme import Brand, Theme, load_brand, load_theme
from .units import to_mm

__all__ = [
    "BrochureError", "BuildOptions", "BuildResult", "Content", "Diagnostic", "Document", "InputError", "LayoutError",
    "Location", "Prepared", "Theme", "build", "build_prepared", "draw", "guard_output", "input_files",
    "lay_out_unaudited", "layout_diagnostic", "load_theme", "make_pdf", "prepare", "read_inputs", "texts",
]  # fmt: skip


@dataclass(frozen=True)
class BuildOptions:
    marks: Marks = field(default_factory=Marks)
    format: str | None = None  # None: the brand's format, else a4
    pdfx: str = "x4"
    edition: Edition = "print"
    large_print: bool = False
    impose: bool = False
    allow_expired: bool = False  # build a leaflet whose review date has passed (an archive copy)
    today: dt.date | None = None  # the day the review date is checked against (None: today)


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    size: int
    warnings: tuple[Diagnostic, ...]
    document: Document
    preflight: Report

    @property
    def print_ready(self) -> bool:
        return self.preflight.errors == 0


@dataclass(frozen=True)
class Prepared:
    """A leaflet laid out and checked, ready to draw: everything before render."""

    content: Content
    theme: Theme
    document: Document
    options: BuildOptions
    warnings: tuple[Diagnostic, ...]
    inputs: tuple[tuple[Path, str], ...] = ()  # every file the build read, and what it is

    @property
    def render_options(self) -> RenderOptions:
        info = self.content.leaflet
        slug = f"{info.reference}  \u2022  version {info.version}  \u2022  published {info.published:%-d %B %Y}"
        fonts = (self.theme.regular, self.theme.bold)
        opaque = self.options.edition == "print" and self.options.pdfx == "x1a"  # PDF/X-1a holds no transparency
        return RenderOptions(
            self.options.marks, slug, self.theme.regular, self.options.edition, fonts, opaque, self.content.labels
        )

    @property
    def metadata(self) -> Metadata:
        content, info = self.content, self.content.leaflet
        return Metadata(
            content.title, content.clinic.name, content.title, content.language, info.published, info.reference
        )

    @property
    def variant(self) -> str:
        return "screen" if self.options.edition == "screen" else self.options.pdfx


def prepare(
    content_path: Path, options: BuildOptions = BuildOptions(), overrides: tuple[Override, ...] = ()
) -> Prepared:
    """Read, check, lay out and audit the layout; raises InputError listing every problem found
    in the input, LayoutError listing every defect the audit finds on the pages. Overrides (from
    a batch row) replace values of the content, or of the brand for paths 'brand.…'."""
    prepared = lay_out_unaudited(content_path, options, overrides)
    found = [layout_diagnostic(f, prepared.content) for f in audit(prepared.document)]
    if any(d.severity == "error" for d in found):
        raise LayoutError(found)
    return replace(prepared, warnings=prepared.warnings + tuple(found))


def layout_diagnostic(finding: Finding, content: Content) -> Diagnostic:
    """An audit finding as a located diagnostic: the content it came from, and what to do."""
    where = content.where(finding.source) if finding.source else Location(str(content.source))
    rule = f"layout ({finding.rule})"
    return Diagnostic(finding.message, where, finding.source or rule, HINTS[finding.rule], finding.severity)


def lay_out_unaudited(
    content_path: Path, options: BuildOptions = BuildOptions(), overrides: tuple[Override, ...] = ()
) -> Prepared:
    """`prepare` up to the laid-out Document, before the layout audit."""
    content, brand, warnings = read_inputs(content_path, overrides)
    fmt = FORMATS[options.format or brand.format or "a4"]  # --format, else the brand's, else A4
    options = replace(options, format=fmt.name)
    if options.impose and (not fmt.booklet or options.edition == "screen"):
        hint = "use it with --format a5-booklet and the print edition"
        raise InputError([Diagnostic("--impose makes printer's sheets of a booklet", hint=hint)])
    theme, theme_warnings = load_theme(content, brand, options.large_print, fmt.body, fmt.large_print_body)
    warnings += theme_warnings
    today = options.today or dt.date.today()
    found = ([] if options.allow_expired else check_review(content, today)) + check_opaque(content, theme, options)
    check_glyphs(content, theme, found)
    document = lay_out(content, theme, on_screen(fmt) if options.edition == "screen" else fmt, options.edition)
    warnings += picture_warnings(document, content, options.edition)
    leaflet = check_leaflet(content, document, options.large_print, options.edition, today)
    warnings += [
        Diagnostic(f.message, content.where(""), f"leaflet check ({f.check})",
                   severity="info" if f.severity == "info" else "warning")
        for f in leaflet.findings
    ]  # fmt: skip
    return Prepared(content, theme, document, options, tuple(warnings), input_files(content, brand, theme))


def read_inputs(content_path: Path, overrides: tuple[Override, ...] = ()) -> tuple[Content, Brand, list[Diagnostic]]:
    """The content and the brand it names, with a batch row's overrides (paths 'brand.…' go to
    the brand); raises InputError listing every problem."""
    content_overrides = tuple(o for o in overrides if not o.path.startswith("brand."))
    brand_overrides = tuple(
        replace(o, path=o.path.removeprefix("brand.")) for o in overrides if o.path.startswith("brand.")
    )
    content, warnings = load_content(content_path, content_overrides)
    brand = load_brand(as_given(content.brand, content_path), brand_overrides) if content.brand else Brand()
    return content, brand, [*warnings, *brand.notes]


def as_given(path: Path, content_path: Path) -> Path:
    """A file of the project (found, resolved, inside the content file's folder) named from that
    folder as the user gave it, so messages say 'leaflet/brand.yaml', as typed, not the absolute path."""
    folder = content_path.parent
    try:
        return folder / path.relative_to(folder.resolve())
    except ValueError:
        return path


def input_files(content: Content, brand: Brand, theme: Theme | None = None) -> tuple[tuple[Path, str], ...]:
    """Every file a build reads, with what it is: an output must never replace one of them."""
    files: list[tuple[Path, str]] = [(content.source, "the content file")]
    if content.labels.table:
        files.append((content.labels.table, "a labels table"))
    if content.brand:
        files.append((content.brand, "the brand file"))
    if content.illustration:
        files.append((content.illustration.file, "the illustration"))
    if brand.logo:
        files.append((brand.logo, "the logo"))
    files += [(path, "a font") for path in brand.fonts.values()]
    if theme is not None:
        for asset in (theme.logo, theme.illustration):
            if asset is not None:
                files += [(path, f"a picture {asset.path.name} draws") for path in asset.references]
    return tuple(files)


def guard_output(output: Path, inputs: tuple[tuple[Path, str], ...]) -> None:
    """Refuse to write where the output would replace an input, or a file that is not a regular
    file (a device, a folder); raises OutputError saying which."""
    hint = "choose another output path with -o"
    if output.exists() and not output.is_file():
        raise OutputError([Diagnostic("this is not a regular file; brochure writes only new or regular files",
                                      Location(str(output)), hint=hint)])  # fmt: skip
    target = output.resolve()
    for path, what in inputs:
        if path.exists() and target == path.resolve():
            raise OutputError([Diagnostic(f"writing here would replace {what}, which the build reads", Location(str(output)),
                                          hint=hint)])  # fmt: skip


def make_pdf(
    content_path: Path, options: BuildOptions = BuildOptions(), overrides: tuple[Override, ...] = ()
) -> tuple[bytes, Document, list[Diagnostic]]:
    """Run the pipeline in memory; raises InputError listing every problem found."""
    prepared = prepare(content_path, options, overrides)
    return draw(prepared)[0], prepared.document, list(prepared.warnings)


def draw(prepared: Prepared) -> tuple[bytes, Rendered]:
    """Render, tag and finish a prepared leaflet (and impose it when asked); the finished file,
    and the drawing it was made from."""
    document, options = prepared.document, prepared.options
    rendered = render(document, prepared.render_options)
    tree = plan(document, links=options.edition == "screen")
    finished = finish(rendered, tree, prepared.metadata, prepared.variant)
    if options.impose:
        finished = impose(finished, document.format.bleed, document.format.slug, is_rtl_language(document.language))
    return finished, rendered


def build(
    content_path: Path, output: Path, options: BuildOptions = BuildOptions(), overrides: tuple[Override, ...] = ()
) -> BuildResult:
    """Build a leaflet, preflight it, and write it atomically (never a partial file).

    The preflight (the print checks, ink judged from colour values) runs on the finished file
    before it is renamed into place; its findings are in `BuildResult.preflight`.
    """
    return build_prepared(prepare(content_path, options, overrides), output)[0]


def build_prepared(prepared: Prepared, output: Path) -> tuple[BuildResult, bytes, Rendered]:
    """`build` after `prepare`: the result, the file's bytes and the drawing they were made from."""
    guard_output(output, prepared.inputs)
    pdf, rendered = draw(prepared)
    options, document = prepared.options, prepared.document
    reports: list[Report] = []
    profile = "screen" if options.edition == "screen" else "print"
    trim_format = None if options.impose else document.format.name
    write_atomic(
        output, pdf, verify=lambda path: reports.append(check_pdf(path, profile, trim_format, render_ink=False))
    )
    preflight = replace(reports[0], file=str(output))
    result = BuildResult(output, len(document.pages), len(pdf), prepared.warnings, document, preflight)
    return result, pdf, rendered


def check_review(content: Content, today: dt.date) -> list[Diagnostic]:
    """A leaflet past its review date may be out of date: it is not printed for patients."""
    review = content.leaflet.review
    if review > today:
        return []
    return [Diagnostic(f"the review date {review.day} {review:%B %Y} has passed (today is {today.day} {today:%B %Y})",
                       content.where("leaflet.review"), "leaflet.review",
                       "review the leaflet and give it new published and review dates; "
                       "--allow-expired builds it anyway, for an archive copy")]  # fmt: skip


def check_opaque(content: Content, theme: Theme, options: BuildOptions) -> list[Diagnostic]:
    """PDF/X-1a holds no transparency: an SVG drawn with opacity cannot be placed in it."""
    if options.pdfx != "x1a" or options.edition != "print":
        return []
    return [Diagnostic(f"'{asset.path.name}' uses opacity, which PDF/X-1a cannot hold", content.where(key) if key != "brand.logo" else None,
                       key, "build PDF/X-4 (the default, --pdfx x4), or make the SVG opaque")
            for key, asset in (("brand.logo", theme.logo), ("illustration.file", theme.illustration))
            if asset is not None and asset.transparent]  # fmt: skip


def check_glyphs(content: Content, theme: Theme, problems: list[Diagnostic] | None = None) -> None:
    """Every character must have a glyph in the brand's fonts, or it would print as a blank box
    (raised with the `problems` found before it)."""
    problems = list(problems or ())
    for path, text in texts(content):
        for char in _missing(text, theme):
            shown = f"'{char}' " if char.isprintable() and not char.isspace() else ""
            problems.append(Diagnostic(f"no font has {shown}{policy.name(char)} ({script_name(char)})", content.where_char(path, char),
                                       path, "replace the character, or choose a font that has it in brand.yaml"))  # fmt: skip
    labels, info = content.labels, content.leaflet
    dates = " ".join((labels.date(info.published), labels.date(info.review), labels.month_year(info.review)))
    lacking: list[str] = []  # brochure's own words: a label given in labels: is located there, the table's together
    for key, text in [*labels.printed(), ("", dates)]:
        for char in _missing(text, theme):
            if key not in labels.overridden:
                lacking += [char] if char not in lacking else []
                continue
            problems.append(Diagnostic(f"no font has {policy.name(char)}",
                                       content.where_char(f"labels.{key}", char), f"labels.{key}",
                                       "replace the character, or choose a font that has it in brand.yaml"))  # fmt: skip
    if lacking:
        more = f" and {len(lacking) - 3} more" if len(lacking) > 3 else ""
        names = ", ".join(policy.name(char) for char in lacking[:3]) + more
        problems.append(Diagnostic(f"no font has {names}, which brochure's own words in this language ({labels.language}) use",
                                   content.where("language"), "language",
                                   "choose fonts that have them in brand.yaml, or give the labels under labels:"))  # fmt: skip
    for key, asset in (("brand.logo", theme.logo), ("illustration.file", theme.illustration)):
        if asset is None:
            continue
        for char in _missing("".join(asset.texts), theme):
            where = content.where(key) if key != "brand.logo" else None
            problems.append(Diagnostic(f"the text in '{asset.path.name}' has {policy.name(char)}, which the brand's fonts lack",
                                       where, key, "convert the SVG's text to outlines, or choose a font that has it"))  # fmt: skip
    if problems:
        raise InputError(problems)


def _missing(text: str, theme: Theme) -> list[str]:
    """The characters of `text` that neither the brand's fonts nor brochure's fallbacks have."""
    if all(ord(c) in theme.glyphs for c in set(text).difference(" \n")):  # (each character once)
        return []
    own = {key: Path(path) for key, path in SCRIPT_FONTS.get(theme.regular, ())}
    return [c for c, _ in missing(text, theme.regular, False, theme.body.language or None, own) if c not in " \n"]


def picture_warnings(document: Document, content: Content, edition: str = "print") -> list[Diagnostic]:
    """Bitmaps below 300 ppi at their placed size print soft; RGB bitmaps are converted for
    print (said). Each picture is named as a person finds it: file, page, size in mm."""
    out = []
    for page in document.pages:
        for item in (i for i in page.items if isinstance(i, Picture)):
            asset, key = item.asset, item.source if item.source == "brand.logo" else f"{item.source}.file"
            where = content.where(key) if item.source != "brand.logo" else None
            seen = f"'{asset.path.name}' (page {page.number}, {to_mm(item.rect.width):.0f} × {to_mm(item.rect.height):.0f} mm)"
            if asset.converted_from and edition == "print":
                out.append(Diagnostic(f"{seen} was converted from {asset.converted_from} to CMYK for {PRINT_CONDITION}",
                                      where, key, severity="info"))  # fmt: skip
            ppi = asset.ppi(item.rect.width)
            if asset.bitmap is not None and ppi < 300:
                out.append(Diagnostic(f"{seen} is {ppi:.0f} ppi as printed; print needs 300", where, key,
                                      f"supply a picture of at least {item.rect.width / 72 * 300:.0f} pixels across, or an SVG",
                                      severity="warning"))  # fmt: skip
    return out
