"""The command line: `brochure build` and `brochure preview`. The only module that prints.

Exit codes: 0 success, 1 the build ran but found problems, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import BuildOptions, build
from .errors import BrochureError, Diagnostic, Location, OutputError

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except BrochureError as exc:
        _report(exc.diagnostics)
        if not isinstance(exc, OutputError):
            count = len([d for d in exc.diagnostics if d.severity == "error"])
            print(f"{count} problem{'s' if count != 1 else ''} found; no PDF was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted; no PDF was written.", file=sys.stderr)
        return EXIT_BAD_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="brochure", description="Make print-ready patient leaflets from content.yaml."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = commands.add_parser("build", help="build a leaflet PDF from a content file")
    _build_arguments(b)
    b.set_defaults(run=_build)
    p = commands.add_parser("preview", help="render a PDF (or a content file) to PNG pages")
    p.add_argument("source", type=Path, help="a PDF, or a content YAML file to build first")
    p.add_argument("-o", "--output", type=Path, default=Path("build/preview"), help="folder for the PNG files")
    p.add_argument("--dpi", type=int, default=100, help="resolution (default 100)")
    p.set_defaults(run=_preview)
    return parser


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "content", type=Path, nargs="?", default=Path("content.yaml"), help="content file (default content.yaml)"
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("build/leaflet.pdf"), help="PDF to write (default build/leaflet.pdf)"
    )
    parser.add_argument(
        "--no-marks", action="store_true", help="leave out crop marks (the MediaBox is then the BleedBox)"
    )


def _build(args: argparse.Namespace) -> int:
    result = build(args.content, args.output, BuildOptions(marks=not args.no_marks))
    _report(result.warnings)
    print(f"wrote {result.output} ({result.pages} pages, {result.size / 1024:.0f} KB)")
    return EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    import pypdfium2

    source: Path = args.source
    if not source.is_file():
        raise BrochureError([Diagnostic("file not found", Location(str(source)))])
    with tempfile.TemporaryDirectory() as folder:
        pdf = source
        if source.suffix.lower() != ".pdf":
            pdf = Path(folder) / "leaflet.pdf"
            _report(build(source, pdf).warnings)
        try:
            document = pypdfium2.PdfDocument(str(pdf))
        except pypdfium2.PdfiumError as exc:
            raise BrochureError([Diagnostic(f"not a readable PDF ({exc})", Location(str(source)))]) from None
        try:
            args.output.mkdir(parents=True, exist_ok=True)
            for index, page in enumerate(document, start=1):
                target = args.output / f"page-{index}.png"
                page.render(scale=args.dpi / 72).to_pil().save(target)
                print(f"wrote {target}")
        except OSError as exc:
            raise OutputError(
                [Diagnostic(f"cannot write here: {exc.strerror or exc}", Location(str(args.output)))]
            ) from None
        finally:
            document.close()
    return EXIT_OK


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def build_main(argv: Sequence[str] | None = None) -> int:
    """`python build_pdf.py [CONTENT] [-o OUT.pdf] [--no-marks]`: the same as `brochure build`."""
    return main(["build", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
