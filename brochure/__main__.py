"""The command line: `brochure build` and `brochure preview`. The only module that prints.

Exit codes: 0 success, 1 the build ran but found problems, 2 bad input or usage, 3 a bug in brochure,
130 interrupted (Ctrl-C), 143 stopped (SIGTERM).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from . import BuildOptions, build, make_pdf
from .errors import BrochureError, Diagnostic, InputError, LayoutError, Location, OutputError, Terminated, plural
from .formats import FORMATS
from .marks import NO_MARKS, Marks

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        return int(args.run(args))
    except LayoutError as exc:
        _report(exc.diagnostics)
        count = len([d for d in exc.diagnostics if d.severity == "error"])
        print(f"{plural(count, 'layout problem')} found: the leaflet is not ready; no PDF was written.",
              file=sys.stderr)  # fmt: skip
        return EXIT_PROBLEMS
    except BrochureError as exc:
        _report(exc.diagnostics)
        if not isinstance(exc, OutputError):
            count = len([d for d in exc.diagnostics if d.severity == "error"])
            print(f"{plural(count, 'problem')} found; no PDF was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted; no PDF was written.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("stopped (SIGTERM); no PDF was written.", file=sys.stderr)
        return EXIT_TERMINATED
    except Exception as exc:  # a bug in brochure: say so plainly, without a traceback
        if os.environ.get("BROCHURE_DEBUG"):
            raise
        print(f"internal error in brochure: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("no PDF was written. Please report this; set BROCHURE_DEBUG=1 to see the details.", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="brochure", description="Make print-ready patient leaflets from content.yaml."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = commands.add_parser("build", help="build a leaflet PDF from a content file")
    _build_arguments(b)
    b.set_defaults(run=_build)
    bt = commands.add_parser("batch", help="one leaflet per row of a CSV file (clinic details, logos), in parallel")
    bt.add_argument("content", type=Path, help="the template content file")
    bt.add_argument(
        "--data", type=Path, required=True, help="CSV: first column names the file, others are dotted paths"
    )
    bt.add_argument("-o", "--output", type=Path, default=Path("out"), help="folder for the PDFs (default out/)")
    bt.add_argument("--jobs", type=int, default=None, help="processes to use (default: all cores)")
    bt.add_argument("--merge", action="store_true", help="also write merged.pdf with every record, bookmarked")
    bt.add_argument("--skip-unchanged", action="store_true", help="skip rows whose output is up to date")
    bt.add_argument("--shard", default=None, metavar="K/N", help="build only the K-th of N equal slices of the rows")
    bt.add_argument("--format", choices=sorted(FORMATS), default=None, help="a4, a5-booklet or dl-trifold")
    bt.add_argument("--edition", choices=("print", "screen"), default="print", help="print (default) or screen")
    bt.add_argument("--allow-expired", action="store_true", help="build leaflets whose review date has passed")
    bt.set_defaults(run=_batch)
    c = commands.add_parser("check", help="preflight a PDF for print or screen, or check a leaflet's content")
    c.add_argument("source", type=Path, help="the PDF to check (print, screen), or the content file (leaflet)")
    c.add_argument("--json", action="store_true", help="print the findings as JSON (stable keys, for CI)")
    c.add_argument("--profile", choices=("print", "screen", "leaflet", "layout"), default="print",
                   help="which rules (default print); leaflet and layout read a content file")  # fmt: skip
    c.add_argument(
        "--edition", choices=("print", "screen"), default="print", help="leaflet profile: which edition to lay out"
    )
    c.add_argument(
        "--large-print", action="store_true", help="leaflet and layout profiles: check the large-print layout"
    )
    c.add_argument("--format", choices=sorted(FORMATS), default=None,
                   help="the trimmed size the PDF must have; the layout profile lays the leaflet out in it")  # fmt: skip
    c.add_argument("--standard", choices=("x4", "x1a", "vt"), default=None,
                   help="print profile: hold the PDF to this standard (default: the one it declares, else PDF/X-4)")  # fmt: skip
    c.set_defaults(run=_check)
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
    marks = parser.add_argument_group("printer's marks (all on by default)")
    marks.add_argument(
        "--no-marks", action="store_true", help="no marks at all and no die line: the MediaBox is the BleedBox"
    )
    marks.add_argument("--no-crop-marks", action="store_true", help="leave out crop marks")
    marks.add_argument("--no-fold-marks", action="store_true", help="leave out fold marks (formats that fold)")
    marks.add_argument(
        "--no-slug", action="store_true", help="leave out the slug line (reference, version, date, page)"
    )
    marks.add_argument(
        "--no-die-line",
        action="store_true",
        help="leave out the perforation die line (its own 'Perforation' separation)",
    )
    parser.add_argument("--pdfx", choices=("x4", "x1a"), default="x4", help="PDF/X-4 (default) or PDF/X-1a:2003")
    parser.add_argument("--edition", choices=("print", "screen"), default="print",
                        help="print: the PDF/X print master (default); screen: trimmed, sRGB, tagged PDF/UA with links and bookmarks")  # fmt: skip
    parser.add_argument("--large-print", action="store_true", help="body text at 18 pt, everything re-flowed")
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default=None,
        help="a4, a5-booklet or dl-trifold (default: the brand's format, else a4)",
    )
    parser.add_argument(
        "--impose",
        action="store_true",
        help="a5-booklet: the printer's sheets, two pages a side in saddle-stitch order",
    )
    parser.add_argument("--allow-expired", action="store_true",
                        help="build a leaflet whose review date has passed (an archive copy)")  # fmt: skip


def _build(args: argparse.Namespace) -> int:
    marks = (
        NO_MARKS
        if args.no_marks
        else Marks(
            crop=not args.no_crop_marks,
            fold=not args.no_fold_marks,
            slug=not args.no_slug,
            die_line=not args.no_die_line,
        )
    )
    options = BuildOptions(
        marks=marks,
        pdfx=args.pdfx,
        edition=args.edition,
        large_print=args.large_print,
        format=args.format,
        impose=args.impose,
        allow_expired=args.allow_expired,
    )
    result = build(args.content, args.output, options)
    _report(result.warnings)
    for finding in result.preflight.findings:
        print(f"{result.output}: {finding.format()}", file=sys.stderr)
    label = {"x4": "PDF/X-4", "x1a": "PDF/X-1a:2003"}[args.pdfx] if args.edition == "print" else "tagged PDF/UA-1"
    if not result.print_ready:
        print(
            f"wrote {result.output}, but it is NOT print-ready: {plural(result.preflight.errors, 'preflight error')} above",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    pages = plural(result.pages, "page")
    pages = f"{plural(result.pages // 2, 'sheet side')} for {pages}" if args.impose else pages
    print(f"wrote {result.output} ({pages}, {result.size / 1024:.0f} KB, {label}, preflight passed)")
    return EXIT_OK


def _batch(args: argparse.Namespace) -> int:
    from .batch import RowResult, run_batch

    terminal = sys.stderr.isatty()
    started = time.perf_counter()

    def progress(result: RowResult, done: int, total: int) -> None:
        for problem in result.problems:
            print(("\r\033[K" if terminal else "") + problem, file=sys.stderr)
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed else 0.0
        if terminal:
            filled = int(30 * done / max(total, 1))
            eta = (total - done) / rate if rate else 0.0
            bar = "#" * filled + "-" * (30 - filled)
            print(f"\r[{bar}] {done}/{total}  {rate:.1f}/s  ETA {eta:.0f}s", end="", file=sys.stderr, flush=True)
        else:
            print(f"{result.status} {result.row.name} ({done}/{total}, {rate:.1f}/s)", file=sys.stderr)

    options = BuildOptions(format=args.format, edition=args.edition, allow_expired=args.allow_expired)
    result = run_batch(args.content, args.data, args.output, options, jobs=args.jobs, merge=args.merge,
                       skip_unchanged=args.skip_unchanged, shard_spec=args.shard, progress=progress)  # fmt: skip
    if terminal:
        print(file=sys.stderr)
    built, failed, skipped = result.count("built"), result.count("failed"), result.count("skipped")
    rate = (built + skipped) / result.seconds if result.seconds else 0.0
    print(
        f"built {built}, failed {failed}, skipped {skipped} in {result.seconds:.1f} s ({rate:.1f} leaflets/s) into {args.output}/"
    )
    reused = sum(r.from_template for r in result.results)
    if reused:
        verb = "was" if reused == 1 else "were"
        print(f"{reused} of the {built} {verb} written from the file of an earlier record of the same shape")
    if result.merged:
        print(f"merged every record into {result.merged}")
    for failure in (r for r in result.results if r.status == "failed"):
        removed = (
            f" (removed {failure.removed}, so out/ holds no out-of-date leaflet for it)" if failure.removed else ""
        )
        print(f"failed: {args.data}:{failure.row.line}: {failure.row.name or '(no name)'}{removed}", file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .check import UnreadablePDF, check_pdf

    if args.profile == "leaflet":
        return _check_leaflet(args)
    if args.profile == "layout":
        return _check_layout(args)
    if args.source.suffix.lower() in (".yaml", ".yml"):
        print(
            f"{args.source}: error: the {args.profile} checks read a PDF; for a content file use --profile leaflet",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    args.pdf = args.source
    try:
        report = check_pdf(args.pdf, args.profile, args.format, standard=args.standard)
    except UnreadablePDF as exc:
        if args.json:
            print(json.dumps({"file": str(args.pdf), "error": str(exc)}))
        else:
            print(f"{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(report.to_json() if args.json else report.format())
    return EXIT_PROBLEMS if report.errors else EXIT_OK


def _check_leaflet(args: argparse.Namespace) -> int:
    """The leaflet checks read the content file and lay it out, as a build would."""
    import datetime as dt

    from .check.leaflet import check_leaflet
    from .content import load_content

    if args.source.suffix.lower() == ".pdf":
        print(
            f"{args.source}: error: the leaflet checks read the content file (e.g. content.yaml), not a PDF",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    options = BuildOptions(edition=args.edition, large_print=args.large_print)
    content, _ = load_content(args.source)
    _, document, _ = make_pdf(args.source, options)
    report = check_leaflet(content, document, args.large_print, args.edition, dt.date.today())
    print(report.to_json() if args.json else report.format())
    return EXIT_PROBLEMS if report.errors else EXIT_OK


def _check_layout(args: argparse.Namespace) -> int:
    """The layout audit of a content file, laid out as a build would, without drawing it."""
    from . import lay_out_unaudited, layout_diagnostic
    from .layout.audit import audit, to_json

    if args.source.suffix.lower() == ".pdf":
        print(f"{args.source}: error: the layout checks read the content file (e.g. content.yaml), not a PDF",
              file=sys.stderr)  # fmt: skip
        return EXIT_BAD_INPUT
    options = BuildOptions(edition=args.edition, large_print=args.large_print, format=args.format)
    prepared = lay_out_unaudited(args.source, options)
    findings = audit(prepared.document)
    errors = sum(f.severity == "error" for f in findings)
    if args.json:
        where = {"file": str(args.source), "edition": args.edition, "large_print": args.large_print}
        print(to_json(findings, prepared.document, where))
    else:
        _report([layout_diagnostic(f, prepared.content) for f in findings])
        document = prepared.document
        verdict = "passes" if not errors else "FAILS"
        print(f"{args.source}: {verdict} the layout audit ({document.format.name}, {plural(len(document.pages), 'page')}): "
              f"{plural(errors, 'error')}, {plural(len(findings) - errors, 'warning')}")  # fmt: skip
    return EXIT_PROBLEMS if errors else EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    import pypdfium2

    from .check import UnreadablePDF
    from .limits import PREVIEW_DPI

    source: Path = args.source
    low, high = PREVIEW_DPI
    if not low <= args.dpi <= high:
        raise InputError(
            [Diagnostic(f"--dpi takes {low} to {high}, not {args.dpi}", hint="100 suits a screen, 300 a proof")]
        )
    if not source.is_file():
        raise BrochureError([Diagnostic("file not found", Location(str(source)))])
    with tempfile.TemporaryDirectory() as folder:
        pdf = source
        if source.suffix.lower() != ".pdf":
            pdf = Path(folder) / "leaflet.pdf"
            _report(build(source, pdf).warnings)
        try:
            _screen_for_preview(pdf)
        except UnreadablePDF as exc:
            raise BrochureError([Diagnostic(str(exc).split(": ", 1)[-1], Location(str(source)))]) from None
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


def _screen_for_preview(pdf: Path) -> None:
    """A PDF from anywhere, read by the checker's safe reader before PDFium renders it: not
    damaged or encrypted, within the page limit, and with a drawing the checker can follow (a
    fan-out of forms makes PDFium hang or abort); raises UnreadablePDF."""
    import pikepdf

    from .check import DAMAGE, TooComplex, UnreadablePDF, open_pdf
    from .check.walk import Budget, walk
    from .limits import PREVIEW_PAGES

    with open_pdf(pdf) as document:
        if len(document.pages) > PREVIEW_PAGES:
            raise UnreadablePDF(f"{pdf}: {len(document.pages)} pages, more than the {PREVIEW_PAGES} brochure previews")
        budget = Budget()
        try:
            for page in document.pages:
                for _ in walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), budget=budget):
                    pass
        except TooComplex as exc:
            raise UnreadablePDF(f"{pdf}: too complex to preview: {exc}") from None
        except DAMAGE as exc:
            raise UnreadablePDF(f"{pdf}: damaged: {type(exc).__name__}") from None


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def build_main(argv: Sequence[str] | None = None) -> int:
    """`python build_pdf.py [CONTENT] [-o OUT.pdf] [--no-marks]`: the same as `brochure build`."""
    return main(["build", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
