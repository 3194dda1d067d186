"""The commands behind the command line (`brochure build`, `batch`, `check`, `diff`, `snapshot`,
`preview`, `watch`, `init`): each takes the parsed arguments and a `Console`, runs the pipeline
(imported when the command runs, so `--help` stays instant) and returns its exit code; what CI
reads is left on `args.outcome` (results.py)."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .console import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_TERMINATED,
    LEAFLET,
    NORMAL,
    QUIET,
    SCREEN_MERGE,
    Console,
    errors_only,
    report_problems,
    say_inputs,
    shown,
)

if TYPE_CHECKING:
    import datetime as dt

    from .diff import Rendition
    from .pipeline import BuildOptions, BuildResult


def build_options(args: argparse.Namespace) -> BuildOptions:
    from .marks import NO_MARKS, Marks
    from .pipeline import BuildOptions

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
    return BuildOptions(
        marks=marks,
        pdfx=args.pdfx,
        edition=args.edition,
        large_print=args.large_print,
        format=args.format,
        impose=args.impose,
        allow_expired=args.allow_expired,
        today=checks_date(args) if hasattr(args, "today") else None,
    )


def checks_date(args: argparse.Namespace) -> dt.date | None:
    """The date the checks use: --today, else SOURCE_DATE_EPOCH, else None (today)."""
    from .results import source_date

    try:
        return args.today or source_date()
    except ValueError:
        from .errors import Diagnostic, InputError

        hint = "set SOURCE_DATE_EPOCH to seconds since 1970 (git log -1 --format=%ct), or give --today YYYY-MM-DD"
        raise InputError([Diagnostic("SOURCE_DATE_EPOCH is not a whole number of seconds", hint=hint)]) from None


def cmd_build(args: argparse.Namespace, console: Console) -> int:
    import time

    from .pipeline import build_prepared, prepare

    if args.edition == "html":
        return _build_html(args, console)
    started = time.perf_counter()
    prepared = prepare(args.content, build_options(args))
    laid_out = time.perf_counter()
    say_inputs(prepared.inputs, console)
    result = build_prepared(prepared, args.output)[0]
    console.detail(
        f"laid out in {laid_out - started:.2f} s; drawn, written and preflighted in {time.perf_counter() - laid_out:.2f} s"
    )
    return _report_build(result, args, console)


def _build_html(args: argparse.Namespace, console: Console) -> int:
    """--edition html: the content checks, then one web page (brochure/html.py); no PDF preflight."""
    from .errors import Diagnostic, InputError
    from .html import build_html, describe

    if args.impose:
        hint = "use it with --format a5-booklet and the print edition"
        raise InputError([Diagnostic("--impose makes printer's sheets of a booklet", hint=hint)])
    output = args.output.with_name("leaflet.html") if args.output.name == LEAFLET else args.output
    result = build_html(args.content, output, large_print=args.large_print, allow_expired=args.allow_expired,
                        today=checks_date(args))  # fmt: skip
    console.report(result.warnings)
    console.result(f"wrote {result.output} ({describe(result)})")
    from .results import Outcome, from_diagnostic

    written = {"file": str(result.output), "bytes": result.size, "edition": "html", "large_print": args.large_print}
    problems = tuple(from_diagnostic(d) for d in result.warnings)
    args.outcome = Outcome("build", EXIT_OK, problems, {"content": str(args.content), "outputs": [written]})
    return EXIT_OK


def _report_build(result: BuildResult, args: argparse.Namespace, console: Console) -> int:
    """The warnings, the preflight's findings and the verdict of a build."""
    from .errors import plural

    console.report(result.warnings)
    for finding in result.preflight.findings:
        if finding.severity == "error" or console.level > QUIET:
            console.error(f"{result.output}: {finding.format()}")
    label = {"x4": "PDF/X-4", "x1a": "PDF/X-1a:2003"}[args.pdfx] if args.edition == "print" else "tagged PDF/UA-1"
    from .results import build_outcome

    args.outcome = build_outcome(result, args.content, args.edition, args.large_print, label)
    if not result.print_ready:
        console.error(
            f"wrote {result.output}, but it is NOT print-ready: {plural(result.preflight.errors, 'preflight error')} above"
        )
        return EXIT_PROBLEMS
    pages = plural(result.pages, "page")
    pages = f"{plural(result.pages // 2, 'sheet side')} for {pages}" if args.impose else pages
    console.result(f"wrote {result.output} ({pages}, {result.size / 1024:.0f} KB, {label}, preflight passed)")
    return EXIT_OK


def cmd_batch(args: argparse.Namespace, console: Console) -> int:
    import time

    from .batch import RowResult, run_batch
    from .pipeline import BuildOptions

    terminal = sys.stderr.isatty() and console.level == NORMAL  # verbose: a line per row, not a bar
    started = time.perf_counter()

    def progress(result: RowResult, done: int, total: int) -> None:
        for problem in result.problems:
            console.error(("\r\033[K" if terminal else "") + problem)
        for warning in result.warnings:
            console.note(("\r\033[K" if terminal else "") + warning)
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed else 0.0
        if terminal:
            filled = int(30 * done / max(total, 1))
            eta = (total - done) / rate if rate else 0.0
            bar = "#" * filled + "-" * (30 - filled)
            console.progress(f"\r[{bar}] {done}/{total}  {rate:.1f}/s  ETA {eta:.0f}s")
        else:
            console.note(f"{result.status} {result.row.name} ({done}/{total}, {rate:.1f}/s)")

    if args.merge and args.edition == "screen":
        args.parser.error(SCREEN_MERGE)
    options = BuildOptions(format=args.format, edition=args.edition, large_print=args.large_print,
                           allow_expired=args.allow_expired, today=checks_date(args))  # fmt: skip
    result = run_batch(args.content, args.data, args.output, options, jobs=args.jobs, merge=args.merge,
                       skip_unchanged=args.skip_unchanged, shard_spec=args.shard, progress=progress)  # fmt: skip
    if terminal:
        console.progress("")
    built, failed, skipped = result.count("built"), result.count("failed"), result.count("skipped")
    rate = (built + skipped) / result.seconds if result.seconds else 0.0
    console.result(
        f"built {built}, failed {failed}, skipped {skipped} in {result.seconds:.1f} s ({rate:.1f} leaflets/s) into {args.output}/"
    )
    reused = sum(r.from_template for r in result.results)
    if reused:
        verb = "was" if reused == 1 else "were"
        console.result(f"{reused} of the {built} {verb} written from the file of an earlier record of the same shape")
    if result.merged:
        console.result(f"merged every record into {result.merged}")
    for failure in (r for r in result.results if r.status == "failed"):
        removed = (
            f" (removed {failure.removed}, so out/ holds no out-of-date leaflet for it)" if failure.removed else ""
        )
        console.error(f"failed: {args.data}:{failure.row.line}: {failure.row.name or '(no name)'}{removed}")
    from .results import batch_outcome

    args.outcome = batch_outcome(result, args.content, args.data, args.output)
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_check(args: argparse.Namespace, console: Console) -> int:

    from .check import UnreadablePDF, check_pdf
    from .results import Outcome, Problem

    if args.profile == "leaflet":
        return _check_leaflet(args, console)
    if args.profile == "layout":
        return _check_layout(args, console)
    if args.source.suffix.lower() in (".yaml", ".yml"):
        console.error(
            f"{args.source}: error: the {args.profile} checks read a PDF; for a content file use --profile leaflet"
        )
        return EXIT_BAD_INPUT
    args.pdf = args.source
    try:
        report = check_pdf(args.pdf, args.profile, args.format, standard=args.standard)
    except UnreadablePDF as exc:
        console.error(f"{exc}")
        problem = Problem("error", str(exc), "unreadable", str(args.pdf))
        args.outcome = Outcome("check", EXIT_BAD_INPUT, (problem,), {"file": str(args.pdf), "profile": args.profile})
        return EXIT_BAD_INPUT
    return _report_check(report, report.to_dict(), args, console)


def _report_check(report: Any, fields: dict[str, Any], args: argparse.Namespace, console: Console) -> int:
    """A check's findings: printed for people (unless --json), and its Outcome for machines."""
    from .results import Outcome, from_findings

    code = EXIT_PROBLEMS if report.errors else EXIT_OK
    args.outcome = Outcome("check", code, tuple(from_findings(report.findings, report.file)), fields)
    if args.json:
        return code  # (main prints the Outcome)
    if console.level == QUIET:
        errors_only(report.file, report.findings)
    else:
        console.out(report.format())
    return code


def _check_leaflet(args: argparse.Namespace, console: Console) -> int:
    """The leaflet checks read the content file and lay it out, as a build would."""
    import datetime as dt

    from .check.leaflet import check_leaflet
    from .content import load_content
    from .pipeline import BuildOptions, make_pdf

    if args.source.suffix.lower() == ".pdf":
        console.error(f"{args.source}: error: the leaflet checks read the content file (e.g. content.yaml), not a PDF")
        return EXIT_BAD_INPUT
    today = checks_date(args) or dt.date.today()
    options = BuildOptions(edition=args.edition, large_print=args.large_print, today=today)
    content, _ = load_content(args.source)
    _, document, _ = make_pdf(args.source, options)
    report = check_leaflet(content, document, args.large_print, args.edition, today)
    return _report_check(report, {**report.to_dict(), "today": today.isoformat()}, args, console)


def _check_layout(args: argparse.Namespace, console: Console) -> int:
    """The layout audit of a content file, laid out as a build would, without drawing it."""

    from .errors import plural
    from .layout.audit import audit, to_dict
    from .pipeline import BuildOptions, lay_out_unaudited, layout_diagnostic
    from .results import Outcome, from_diagnostic

    if args.source.suffix.lower() == ".pdf":
        console.error(f"{args.source}: error: the layout checks read the content file (e.g. content.yaml), not a PDF")
        return EXIT_BAD_INPUT
    options = BuildOptions(edition=args.edition, large_print=args.large_print, format=args.format,
                           today=checks_date(args))  # fmt: skip
    prepared = lay_out_unaudited(args.source, options)
    findings = audit(prepared.document)
    errors = sum(f.severity == "error" for f in findings)
    where = {"file": str(args.source), "edition": args.edition, "large_print": args.large_print}
    problems = tuple(from_diagnostic(layout_diagnostic(f, prepared.content)) for f in findings)
    fields = to_dict(findings, prepared.document, where)
    args.outcome = Outcome("check", EXIT_PROBLEMS if errors else EXIT_OK, problems, fields)
    if not args.json:
        console.report([layout_diagnostic(f, prepared.content) for f in findings])
        document = prepared.document
        verdict = "passes" if not errors else "FAILS"
        console.result(f"{args.source}: {verdict} the layout audit ({document.format.name}, {plural(len(document.pages), 'page')}): "
                       f"{plural(errors, 'error')}, {plural(len(findings) - errors, 'warning')}")  # fmt: skip
    return EXIT_PROBLEMS if errors else EXIT_OK


def _rendition(source: Path, args: argparse.Namespace, folder: Path, console: Console, name: str) -> Rendition:
    """A PDF rendered for comparison, or a content file built (with the build options) and rendered."""
    from dataclasses import replace

    from .diff import render_pdf
    from .errors import BrochureError, Diagnostic, Location
    from .pipeline import build

    if not source.is_file():
        raise BrochureError([Diagnostic("file not found", Location(str(source)))])
    pdf = source
    if source.suffix.lower() != ".pdf":
        pdf = folder / f"{name}.pdf"
        console.report(build(source, pdf, build_options(args)).warnings)
    return replace(render_pdf(pdf), source=str(source))  # (named as given, not as the temporary PDF)


def cmd_diff(args: argparse.Namespace, console: Console) -> int:
    import tempfile

    from .check import UnreadablePDF
    from .diff import SnapshotError, compare, load_snapshot, write_report, write_snapshot
    from .results import Outcome, Problem

    if (args.against is None) == (args.new is None):
        args.parser.error("give OLD and NEW, or a content file with --against DIR")
    if args.update and args.against is None:
        args.parser.error("--update accepts new pages into --against DIR")
    with tempfile.TemporaryDirectory() as folder:
        try:
            new = _rendition(args.new or args.old, args, Path(folder), console, "new")
            if args.against is not None and args.update:
                written = write_snapshot(new, args.against)
                console.result(f"accepted {len(new.pages)} pages into {args.against}/ ({len(written)} files)")
                args.outcome = Outcome(
                    "diff", EXIT_OK, (), {"old": str(args.against), "new": str(args.old), "same": True}
                )
                return EXIT_OK
            old = (
                load_snapshot(args.against)
                if args.against is not None
                else _rendition(args.old, args, Path(folder), console, "old")
            )
        except (UnreadablePDF, SnapshotError) as exc:
            console.error(f"{exc}")
            problem = Problem("error", str(exc), "unreadable")
            fields = {"old": str(args.against or args.old), "new": str(args.new or args.old), "same": False}
            args.outcome = Outcome("diff", EXIT_BAD_INPUT, (problem,), fields)
            return EXIT_BAD_INPUT
    report = compare(old, new, args.threshold)
    if args.output is not None:
        written = write_report(report, old, new, args.output)
        console.result(f"wrote {len(written)} files to {args.output}/ (open {args.output / 'report.html'})")
    if not args.json:
        console.out(report.format())
    code = EXIT_OK if report.same else EXIT_PROBLEMS
    fields = {k: v for k, v in report.to_dict().items() if k not in ("schema_version", "kind")}
    from .results import diff_problems

    args.outcome = Outcome("diff", code, tuple(diff_problems(report, str(args.new or args.old))), fields)
    return code


def cmd_snapshot(args: argparse.Namespace, console: Console) -> int:
    import tempfile

    from .diff import write_snapshot

    with tempfile.TemporaryDirectory() as folder:
        rendition = _rendition(args.content, args, Path(folder), console, "leaflet")
    written = write_snapshot(rendition, args.dir)
    console.result(f"wrote {len(rendition.pages)} pages to {args.dir}/ ({len(written)} files)")
    return EXIT_OK


def cmd_preview(args: argparse.Namespace, console: Console) -> int:
    import tempfile

    from .check import UnreadablePDF
    from .errors import BrochureError, Diagnostic, Location
    from .pipeline import build

    source: Path = args.source
    is_pdf = source.suffix.lower() == ".pdf"
    given = [name for name in args.build_options if getattr(args, name) != args.parser.get_default(name)]
    if is_pdf and given:
        options = ", ".join("--" + name.replace("_", "-") for name in given)
        args.parser.error(f"{options}: a PDF is previewed as it is; these options build a content file")
    if not source.is_file():
        raise BrochureError([Diagnostic("file not found", Location(str(source)))])
    with tempfile.TemporaryDirectory() as folder:
        pdf = source
        if not is_pdf:
            pdf = Path(folder) / LEAFLET
            result = build(source, pdf, build_options(args))
            console.report(result.warnings)
        try:
            _screen_for_preview(pdf)
        except UnreadablePDF as exc:
            raise BrochureError([Diagnostic(str(exc).split(": ", 1)[-1], Location(str(source)))]) from None
        _render_pages(pdf, args.output, args.dpi, console, source)
    return EXIT_OK


def _render_pages(pdf: Path, folder: Path, dpi: int, console: Console, shown: Path, each: bool = True) -> int:
    """The pages of `pdf` as folder/page-N.png (each written whole: a viewer never sees half a
    picture), and page-N.png files beyond the last page removed (a longer leaflet made them
    before). Raises BrochureError for a PDF PDFium cannot open, OutputError for a folder it
    cannot write. `each`: a line per page written, else one line for them all."""
    import io

    import pypdfium2

    from .errors import BrochureError, Diagnostic, Location, OutputError
    from .output import write_atomic

    try:
        document = pypdfium2.PdfDocument(str(pdf))
    except pypdfium2.PdfiumError as exc:
        raise BrochureError([Diagnostic(f"not a readable PDF ({exc})", Location(str(shown)))]) from None
    try:
        count = len(document)
        if folder.exists() and not folder.is_dir():
            raise OutputError([Diagnostic("this is a file; previews go in a folder", Location(str(folder)),
                                          hint="choose a folder with -o")])  # fmt: skip
        for index, page in enumerate(document, start=1):
            target = folder / f"page-{index}.png"
            png = io.BytesIO()
            page.render(scale=dpi / 72).to_pil().save(png, format="PNG")
            write_atomic(target, png.getvalue())
            (console.result if each else console.detail)(f"wrote {target}")
    finally:
        document.close()
    for stale in _stale_pages(folder, count):
        try:
            stale.unlink()
        except OSError as exc:
            raise OutputError([Diagnostic(f"cannot remove an old preview page: {exc.strerror or exc}",
                                          Location(str(stale)))]) from None  # fmt: skip
        console.result(f"removed {stale} (the leaflet has {count} pages now)")
    if not each:
        console.result(f"wrote {folder}{os.sep}page-1.png to page-{count}.png ({dpi} dpi)")
    return count


def _stale_pages(folder: Path, pages: int) -> list[Path]:
    """The page-N.png files in `folder` with N beyond `pages`."""
    found = {}
    for path in folder.glob("page-*.png"):
        number = re.fullmatch(r"page-([1-9][0-9]*)\.png", path.name)
        if number and int(number.group(1)) > pages and path.is_file():
            found[int(number.group(1))] = path
    return [found[number] for number in sorted(found)]


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


def cmd_watch(args: argparse.Namespace, console: Console) -> int:
    """Build, then wait for a file the build read to change, and build again, until Ctrl-C. A
    build with problems prints them and the watch goes on; the last good PDF stays."""
    try:
        import watchfiles  # noqa: F401  (used by .watch; checked here to say what is missing)
    except ImportError:
        console.error("brochure watch needs the watchfiles package: pip install watchfiles")
        return EXIT_BAD_INPUT
    import io

    from .errors import BrochureError, Diagnostic, Location, Terminated, plural
    from .watch import files_read, stamps, wait_for_change

    content: Path = args.content
    if not content.is_file():
        raise BrochureError([Diagnostic("file not found", Location(str(content)))])
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # each line as it happens, into a pipe too
    files: dict[Path, str] = {content: "the content file"}  # every file the build reads, and what it is
    watched: dict[Path, str] = {}
    try:
        options = build_options(args)
        while True:
            before = stamps(files)  # taken before the build reads them: a save during the build is seen after it
            read = _build_once(args, options, console)
            files = read if read is not None else {**files_read(content), **files}
            if files != watched:
                names = [shown(path) for path in _watch_order(files)]
                more = f" and {plural(len(names) - 2, 'more file')}" if len(names) > 2 else ""
                console.result(f"watching {', '.join(names[:2])}{more} for changes; Ctrl-C stops")
                for path, what in files.items():
                    console.detail(f"  {shown(path)} ({what})")
                watched = files
            seen = stamps(files.keys() - before.keys()) | {path: before[path] for path in files.keys() & before.keys()}
            changed = wait_for_change(seen, args.debounce)
            console.result(f"changed: {', '.join(sorted(shown(path) for path in changed))}; building again")
    except KeyboardInterrupt:
        console.result("stopped watching")
        return EXIT_OK
    except Terminated:
        console.result("stopped watching (SIGTERM)")
        return EXIT_TERMINATED


def _watch_order(files: dict[Path, str]) -> list[Path]:
    """The content file, the brand file, the files they name, then brochure's own (fonts, labels)."""
    return sorted(files, key=lambda path: (files[path] != "the content file", files[path] != "the brand file",
                                           os.path.isabs(shown(path))))  # fmt: skip


def _build_once(args: argparse.Namespace, options: BuildOptions, console: Console) -> dict[Path, str] | None:
    """One build of the watch, and its previews: the files it read, or None when it failed (its
    problems printed)."""
    from .errors import BrochureError
    from .pipeline import build_prepared, prepare

    def kept() -> str:
        return f"{args.output} is the last good build" if args.output.exists() else "no PDF was written"

    try:
        prepared = prepare(args.content, options)
        result = build_prepared(prepared, args.output)[0]
        _report_build(result, args, console)
        if not args.no_preview:
            _render_pages(args.output, args.preview_dir, args.dpi, console, args.output, each=False)
    except BrochureError as exc:
        report_problems(exc, console, kept())
        return None
    except Exception as exc:  # a bug in brochure: say so, and keep watching (another save may avoid it)
        if os.environ.get("BROCHURE_DEBUG"):
            raise
        console.error(f"internal error in brochure: {type(exc).__name__}: {exc}")
        console.error(f"{kept()}. Please report this; set BROCHURE_DEBUG=1 to see the details.")
        return None
    return dict(prepared.inputs)


def cmd_init(args: argparse.Namespace, console: Console) -> int:
    from .errors import InputError
    from .starter import init_project

    try:
        placed = init_project(args.folder, args.format, args.language)
    except InputError as exc:  # an option it cannot take (a language tag that is not one): a usage error
        args.parser.error("; ".join(f"--{d.path}: {d.message}" + (f" ({d.hint})" if d.hint else "")
                                    for d in exc.diagnostics))  # fmt: skip
    for file in placed:
        if file.written:
            console.result(f"wrote {file.path}")
        else:
            console.result(f"left {file.path} alone: it is already there (brochure init never overwrites)")
    if any(file.written for file in placed):
        where = "" if args.folder == Path(".") else f"cd {args.folder} && "
        console.result(f"next: edit content.yaml and brand.yaml, then {where}brochure build (or brochure watch)")
    return EXIT_OK
