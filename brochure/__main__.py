# PYTHON_ARGCOMPLETE_OK
"""The command line: `brochure build`, `batch`, `check`, `diff`, `snapshot`, `preview`, `watch` and
`init`. The only module that prints (what CI reads is made in results.py).

Exit codes: 0 success, 1 the build ran but found problems, 2 bad input or usage, 3 a bug in brochure,
130 interrupted (Ctrl-C), 143 stopped (SIGTERM).

It starts at once: reading the arguments imports nothing of the pipeline (ReportLab, svglib,
pikepdf ...), so `--help`, `--version` and a usage error answer in a few hundredths of a second;
each command imports what it needs when it runs (benchmarks/bench_startup.py measures this).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    import datetime as dt

    from .check import Finding
    from .diff import Rendition
    from .errors import BrochureError, Diagnostic
    from .pipeline import BuildOptions, BuildResult
    from .results import Outcome

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them

# formats.FORMATS by name, written here so that --help imports nothing (tests/test_cli.py keeps them equal)
FORMAT_NAMES = ("a4", "a5-booklet", "dl-trifold")
LEAFLET = "leaflet.pdf"  # the file name `-o DIR/` writes
PREVIEW_FOLDER = Path("build/preview")
SCREEN_MERGE = ("--merge cannot be used with --edition screen: the merged file would carry no tags, so it would "
                "not be accessible. Each record's screen PDF is already tagged PDF/UA: publish those. "
                "Merging is for the print shop: run the batch with --edition print --merge")  # fmt: skip
QUIET, NORMAL, VERBOSE = 0, 1, 2


class Console:
    """What a command prints, by level: quiet (errors only), normal, or verbose (and the details:
    the files read, the time each step took). Results go to stdout, everything else to stderr."""

    def __init__(self, level: int = NORMAL, json: bool = False) -> None:
        self.level = level
        self.json = json  # stdout carries the JSON: the result lines go to stderr

    def result(self, text: str) -> None:
        """A line of the result ('wrote ...'): not when quiet."""
        if self.level > QUIET:
            print(text, file=sys.stderr if self.json else sys.stdout, flush=True)

    def note(self, text: str) -> None:
        """A warning or a remark on stderr: not when quiet."""
        if self.level > QUIET:
            print(text, file=sys.stderr, flush=True)

    def detail(self, text: str) -> None:
        """Only with --verbose."""
        if self.level >= VERBOSE:
            print(text, file=sys.stderr, flush=True)

    def error(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def report(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Located diagnostics on stderr; when quiet, only the errors."""
        for diagnostic in diagnostics:
            if diagnostic.severity == "error" or self.level > QUIET:
                print(diagnostic.format(), file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    _complete(parser)
    args = parser.parse_args(argv)
    console = Console(
        QUIET if getattr(args, "quiet", False) else VERBOSE if getattr(args, "verbose", False) else NORMAL,
        json=getattr(args, "json", False),
    )
    import signal

    from .errors import BrochureError, LayoutError, OutputError, Terminated

    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    nothing = getattr(args, "nothing_written", "no PDF was written")
    if getattr(args, "edition", None) == "html":
        nothing = "no HTML was written"
    try:
        return _finish(args, console, int(args.run(args, console)))
    except LayoutError as exc:
        _report_problems(exc, console, f"{nothing}.")
        return _finish(args, console, EXIT_PROBLEMS, exc)
    except BrochureError as exc:
        _report_problems(exc, console, f"{nothing}.", summary=not isinstance(exc, OutputError))
        return _finish(args, console, EXIT_BAD_INPUT, exc)
    except KeyboardInterrupt:
        console.error(f"interrupted; {nothing}.")
        return EXIT_INTERRUPTED
    except Terminated:
        console.error(f"stopped (SIGTERM); {nothing}.")
        return EXIT_TERMINATED
    except Exception as exc:  # a bug in brochure: say so plainly, without a traceback
        if os.environ.get("BROCHURE_DEBUG"):
            raise
        console.error(f"internal error in brochure: {type(exc).__name__}: {exc}")
        console.error(f"{nothing}. Please report this; set BROCHURE_DEBUG=1 to see the details.")
        return EXIT_INTERNAL
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _finish(args: argparse.Namespace, console: Console, code: int, error: Exception | None = None) -> int:
    """A command's machine-readable ending (for the commands that have one): --strict, then the
    JSON on stdout, the JUnit XML and the SARIF log; returns the exit code."""
    if not hasattr(args, "strict"):
        return code
    from .output import write_atomic
    from .results import Outcome, failed, junit, sarif

    kind = args.outcome_kind
    fields: dict[str, Any] = (
        {"file": str(args.source), "profile": args.profile} if kind == "check"
        else {"old": str(args.against or args.old), "new": str(args.new or args.old), "same": False} if kind == "diff"
        else {"content": str(args.content), **({"data": str(args.data)} if kind == "batch" else {})}
    )  # fmt: skip
    outcome: Outcome = getattr(args, "outcome", None) or (
        failed(kind, error, code, fields) if error is not None else Outcome(kind, code, (), fields)
    )
    if args.strict:
        strict = outcome.strict()
        if strict.exit_code != outcome.exit_code:
            console.error("warnings fail the command with --strict")
        outcome = strict
    if args.json:
        print(outcome.to_json(), flush=True)
    name = str(getattr(args, "content", None) or getattr(args, "source", None) or getattr(args, "old", kind))
    if args.junit:
        write_atomic(args.junit, junit(outcome, name))
    if args.sarif:
        write_atomic(args.sarif, sarif(outcome))
    return outcome.exit_code


def _ci_arguments(parser: argparse.ArgumentParser, kind: str, json: bool = True) -> None:
    """--json, --strict, --today, --junit and --sarif: what CI reads of a command."""
    group = parser.add_argument_group("for CI")
    if json:
        group.add_argument("--json", action="store_true",
                           help="print the result as one JSON object on stdout (schema: brochure/schemas/)")  # fmt: skip
    group.add_argument("--strict", action="store_true", help="warnings fail the command too (exit 1)")
    group.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                       help="the date the checks use (default: SOURCE_DATE_EPOCH if set, else today)")  # fmt: skip
    group.add_argument("--junit", type=Path, default=None, metavar="FILE", help="also write the result as JUnit XML")
    group.add_argument("--sarif", type=Path, default=None, metavar="FILE", help="also write the result as SARIF 2.1.0")
    parser.set_defaults(outcome_kind=kind)


def _date(text: str) -> dt.date:
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {text!r}") from None


def _checks_date(args: argparse.Namespace) -> dt.date | None:
    """The date the checks use: --today, else SOURCE_DATE_EPOCH, else None (today)."""
    from .results import today

    try:
        return args.today or today(None)
    except ValueError:
        from .errors import Diagnostic, InputError

        hint = "set SOURCE_DATE_EPOCH to seconds since 1970 (git log -1 --format=%ct), or give --today YYYY-MM-DD"
        raise InputError([Diagnostic("SOURCE_DATE_EPOCH is not a whole number of seconds", hint=hint)]) from None


def _report_problems(exc: BrochureError, console: Console, tail: str, summary: bool = True) -> None:
    """Print a failed build's located problems and the line that counts them, ending with `tail`
    (what became of the output)."""
    from .errors import LayoutError, plural

    console.report(exc.diagnostics)
    count = len([d for d in exc.diagnostics if d.severity == "error"])
    if isinstance(exc, LayoutError):
        console.error(f"{plural(count, 'layout problem')} found: the leaflet is not ready; {tail}")
    elif summary:
        console.error(f"{plural(count, 'problem')} found; {tail}")


def _terminate(signum: int, frame: object) -> None:
    from .errors import Terminated

    raise Terminated()


def _complete(parser: argparse.ArgumentParser) -> None:
    """Shell completion with argcomplete, when it is installed and the shell is asking (it then
    prints the completions and exits); otherwise nothing is imported."""
    if "_ARGCOMPLETE" not in os.environ:
        return
    import importlib

    try:
        argcomplete = importlib.import_module("argcomplete")  # optional: not a dependency, nor typed here
    except ImportError:
        return
    argcomplete.autocomplete(parser)


# --- the arguments -----------------------------------------------------------------------------

_EXAMPLES = {
    "": """\
examples:
  brochure init my-leaflet             a starter content.yaml and brand.yaml to edit
  brochure build                       content.yaml -> build/leaflet.pdf, ready for print
  brochure watch                       build again (and build/preview/) on every save
  brochure check build/leaflet.pdf     preflight a PDF before it goes to the printer
  brochure COMMAND --help              the options and examples of one command

shell completion (with argcomplete installed): eval "$(register-python-argcomplete brochure)"
""",
    "build": """\
examples:
  brochure build                                   content.yaml -> build/leaflet.pdf
  brochure build leaflet/content.yaml -o out/      -> out/leaflet.pdf (a folder, or a path ending in /)
  brochure build --edition screen -o web.pdf       tagged PDF/UA for a web site, with links
  brochure build --format a5-booklet --impose      the printer's sheets of a booklet
  brochure build --large-print -o large-print.pdf  body text at 18 pt
""",
    "batch": """\
examples:
  brochure batch content.yaml --data clinics.csv             one PDF per row, into out/
  brochure batch content.yaml --data clinics.csv --merge     and out/merged.pdf for the print shop
  brochure batch content.yaml --data clinics.csv --shard 2/4 --skip-unchanged --jobs 2
""",
    "check": """\
examples:
  brochure check build/leaflet.pdf                        preflight for print (PDF/X)
  brochure check web.pdf --profile screen --json          the screen checks, as JSON for CI
  brochure check content.yaml --profile leaflet           readability, review date, contacts
  brochure check content.yaml --profile layout --format dl-trifold
""",
    "diff": """\
examples:
  brochure diff v1.pdf v2.pdf -o diff/              what changed, page by page; diff/report.html
  brochure diff old/content.yaml content.yaml       builds both first (with the options given)
  brochure diff content.yaml --against tests/approved          against approved snapshots
  brochure diff content.yaml --against tests/approved --update accept the new pages

Exit 0: the same; 1: different; 2: a file could not be read.
""",
    "snapshot": """\
examples:
  brochure snapshot content.yaml --dir tests/approved           the pages as PNG and text
  brochure snapshot content.yaml --dir tests/approved/dl --format dl-trifold
""",
    "preview": """\
examples:
  brochure preview                                  content.yaml -> build/preview/page-N.png
  brochure preview build/leaflet.pdf --dpi 300 -o proof/
  brochure preview content.yaml --format dl-trifold --large-print
""",
    "watch": """\
examples:
  brochure watch                         rebuild build/leaflet.pdf and build/preview/ on every save
  brochure watch leaflet/content.yaml --format a5-booklet --dpi 50
  brochure watch --edition screen -o web.pdf --no-preview

It watches the content file, the brand file and every file they name (pictures, fonts, labels).
A file with problems prints them and the last good PDF stays; Ctrl-C stops.
""",
    "init": """\
examples:
  brochure init                          a starter project here
  brochure init my-leaflet --format dl-trifold --language cy
  cd my-leaflet && brochure watch        then edit content.yaml and brand.yaml

It never overwrites: a file that is already there is left alone (and named).
""",
}


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    talk = common.add_argument_group("output").add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                      help="print errors only: no warnings, no 'wrote ...' lines")  # fmt: skip
    talk.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                      help="say more: the files read, the time each step took")  # fmt: skip
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog="brochure", description="Make print-ready patient leaflets from content.yaml.",
                                     epilog=_EXAMPLES[""], formatter_class=formatter, parents=[common])  # fmt: skip
    parser.add_argument("--version", action="version", version=f"brochure {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace, Console], int], text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".",
                                  epilog=_EXAMPLES[name], formatter_class=formatter, parents=[common])  # fmt: skip
        sub.set_defaults(run=run, parser=sub)
        return sub

    b = command("build", _build, "build a leaflet PDF from a content file")
    _content_argument(b)
    b.add_argument("-o", "--output", type=_pdf_output, default=Path("build") / LEAFLET, metavar="PDF",
                   help="the PDF to write (default build/leaflet.pdf); a folder (DIR/) writes DIR/leaflet.pdf "
                        "(leaflet.html for --edition html)")  # fmt: skip
    _build_arguments(b, html=True)
    _ci_arguments(b, "build")

    bt = command("batch", _batch, "one leaflet per row of a CSV file (clinic details, logos), in parallel")
    bt.add_argument("content", type=Path, help="the template content file")
    bt.add_argument(
        "--data", type=Path, required=True, help="CSV: first column names the file, others are dotted paths"
    )
    bt.add_argument("-o", "--output", type=Path, default=Path("out"), metavar="DIR",
                    help="folder for the PDFs (default out/)")  # fmt: skip
    bt.add_argument("--jobs", type=_whole(1, 1024), default=None, metavar="N",
                    help="processes to use (default: all cores)")  # fmt: skip
    bt.add_argument("--merge", action="store_true", help="also write merged.pdf with every record, bookmarked")
    bt.add_argument("--skip-unchanged", action="store_true", help="skip rows whose output is up to date")
    bt.add_argument("--shard", type=_shard, default=None, metavar="K/N",
                    help="build only the K-th of N equal slices of the rows")  # fmt: skip
    bt.add_argument("--format", choices=FORMAT_NAMES, default=None, help="a4, a5-booklet or dl-trifold")
    bt.add_argument("--edition", choices=("print", "screen"), default="print",
                    help="print: PDF/X print masters (default); screen: tagged PDF/UA with links and bookmarks")  # fmt: skip
    bt.add_argument("--large-print", action="store_true", help="body text at 18 pt, everything re-flowed")
    bt.add_argument("--allow-expired", action="store_true", help="build leaflets whose review date has passed")
    _ci_arguments(bt, "batch")

    c = command("check", _check, "preflight a PDF for print or screen, or check a leaflet's content")
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
    c.add_argument("--format", choices=FORMAT_NAMES, default=None,
                   help="the trimmed size the PDF must have; the layout profile lays the leaflet out in it")  # fmt: skip
    c.add_argument("--standard", choices=("x4", "x1a", "vt"), default=None,
                   help="print profile: hold the PDF to this standard (default: the one it declares, else PDF/X-4)")  # fmt: skip
    _ci_arguments(c, "check", json=False)

    d = command("diff", _diff, "show what changed between two leaflets, page by page")
    d.add_argument("old", type=Path, help="the old PDF or content file (or, with --against, the content file)")
    d.add_argument("new", type=Path, nargs="?", default=None, help="the new PDF or content file")
    d.add_argument("--against", type=Path, default=None, metavar="DIR",
                   help="compare the content file's build with approved snapshots (brochure snapshot)")  # fmt: skip
    d.add_argument("--update", action="store_true", help="with --against: accept the new pages as approved")
    d.add_argument("-o", "--output", type=Path, default=None, metavar="DIR",
                   help="write highlight PNGs and report.html / report.md here")  # fmt: skip
    d.add_argument("--threshold", type=_percent, default=0.0, metavar="PERCENT",
                   help="a page whose changed area is at most this is unchanged (default 0)")  # fmt: skip
    _build_arguments(d, "building content files to compare (PDFs are compared as they are)")
    _ci_arguments(d, "diff")

    sn = command("snapshot", _snapshot, "write a leaflet's pages as approved snapshots (PNG and text)")
    _content_argument(sn)
    sn.add_argument("--dir", type=Path, required=True, metavar="DIR", help="the snapshot folder (e.g. tests/approved)")
    _build_arguments(sn)
    sn.set_defaults(nothing_written="no snapshot was written")

    p = command("preview", _preview, "render a PDF (or a content file) to PNG pages")
    p.add_argument("source", type=Path, nargs="?", default=Path("content.yaml"),
                   help="a PDF, or a content file to build first (default content.yaml)")  # fmt: skip
    p.add_argument("-o", "--output", type=Path, default=PREVIEW_FOLDER, metavar="DIR",
                   help="folder for the page-N.png files (default build/preview/); pages it no longer has are removed")  # fmt: skip
    p.add_argument("--dpi", type=_dpi, default=100, help="resolution (default 100)")
    _build_arguments(p, "building a content file to preview (a PDF is previewed as it is)")
    p.set_defaults(nothing_written="no preview was written")

    w = command("watch", _watch, "build again whenever the content, the brand or a file they use changes")
    _content_argument(w)
    w.add_argument("-o", "--output", type=_pdf_output, default=Path("build") / LEAFLET, metavar="PDF",
                   help="the PDF to write (default build/leaflet.pdf); a folder (DIR/) writes DIR/leaflet.pdf")  # fmt: skip
    w.add_argument("--preview-dir", type=Path, default=PREVIEW_FOLDER, metavar="DIR",
                   help="where the page-N.png previews go (default build/preview/)")  # fmt: skip
    w.add_argument("--no-preview", action="store_true", help="build the PDF only, no PNG previews")
    w.add_argument("--dpi", type=_dpi, default=100, help="resolution of the previews (default 100)")
    w.add_argument("--debounce", type=_whole(10, 10_000), default=100, metavar="MS",
                   help="build once the files have been still this many milliseconds (default 100)")  # fmt: skip
    _build_arguments(w)

    i = command("init", _init, "start a leaflet project: a content.yaml and brand.yaml to edit")
    i.add_argument("folder", type=Path, nargs="?", default=Path("."), metavar="DIR",
                   help="where to write it (default: here); made if missing")  # fmt: skip
    i.add_argument("--format", choices=FORMAT_NAMES, default=None, help="a4, a5-booklet or dl-trifold")
    i.add_argument("--language", default=None, metavar="LANG",
                   help="the leaflet's language, a BCP 47 tag such as en-GB, cy or pl")  # fmt: skip
    i.set_defaults(nothing_written="nothing was written")
    return parser


def _content_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "content", type=Path, nargs="?", default=Path("content.yaml"), help="content file (default content.yaml)"
    )


def _build_arguments(parser: argparse.ArgumentParser, title: str = "", html: bool = False) -> None:
    """The options of a build (build, watch; preview when it builds a content file); their names
    are kept as the parser's default `build_options`. `html`: the build command's --edition html."""
    group = parser.add_argument_group(title or "the leaflet")
    marks = parser.add_argument_group("printer's marks (all on by default)")
    added = [
        group.add_argument("--pdfx", choices=("x4", "x1a"), default="x4", help="PDF/X-4 (default) or PDF/X-1a:2003"),
        group.add_argument("--edition", choices=("print", "screen", "html") if html else ("print", "screen"), default="print",
                           help="print: the PDF/X print master (default); screen: trimmed, sRGB, tagged PDF/UA with links and bookmarks"
                                + ("; html: one self-contained, accessible web page with a fillable reply form" if html else "")),
        group.add_argument("--large-print", action="store_true", help="body text at 18 pt, everything re-flowed"),
        group.add_argument("--format", choices=FORMAT_NAMES, default=None,
                           help="a4, a5-booklet or dl-trifold (default: the brand's format, else a4)"),
        group.add_argument("--impose", action="store_true",
                           help="a5-booklet: the printer's sheets, two pages a side in saddle-stitch order"),
        group.add_argument("--allow-expired", action="store_true",
                           help="build a leaflet whose review date has passed (an archive copy)"),
        marks.add_argument("--no-marks", action="store_true",
                           help="no marks at all and no die line: the MediaBox is the BleedBox"),
        marks.add_argument("--no-crop-marks", action="store_true", help="leave out crop marks"),
        marks.add_argument("--no-fold-marks", action="store_true", help="leave out fold marks (formats that fold)"),
        marks.add_argument("--no-slug", action="store_true",
                           help="leave out the slug line (reference, version, date, page)"),
        marks.add_argument("--no-die-line", action="store_true",
                           help="leave out the perforation die line (its own 'Perforation' separation)"),
    ]  # fmt: skip
    parser.set_defaults(build_options=tuple(action.dest for action in added))


def _build_options(args: argparse.Namespace) -> BuildOptions:
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
        today=_checks_date(args) if hasattr(args, "today") else None,
    )


def _whole(low: int, high: int, hint: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number from low to high, else a usage error (exit 2)."""

    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"takes {low} to {high}, not {value}{hint}")
        return value

    return number


def _dpi(text: str) -> int:
    from .limits import PREVIEW_DPI

    return _whole(*PREVIEW_DPI, hint=" (100 suits a screen, 300 a proof)")(text)


def _shard(text: str) -> str:
    match = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise argparse.ArgumentTypeError(f"takes K/N with 1 <= K <= N (e.g. 2/8), not {text!r}")
    return text.strip()


def _pdf_output(text: str) -> Path:
    """-o: a PDF, or a folder (one that exists, or a path ending in a separator) for DIR/leaflet.pdf.
    The path stays as typed, so messages name it as the user did."""
    if not text:
        raise argparse.ArgumentTypeError("expected a file or folder name")
    separators = tuple(s for s in (os.sep, os.altsep) if s)
    if text.endswith(separators) or os.path.isdir(text):
        return Path(text) / LEAFLET
    return Path(text)


# --- the commands ------------------------------------------------------------------------------


def _build(args: argparse.Namespace, console: Console) -> int:
    import time

    from .pipeline import build_prepared, prepare

    if args.edition == "html":
        return _build_html(args, console)
    started = time.perf_counter()
    prepared = prepare(args.content, _build_options(args))
    laid_out = time.perf_counter()
    _say_inputs(prepared.inputs, console)
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
                        today=_checks_date(args))  # fmt: skip
    console.report(result.warnings)
    console.result(f"wrote {result.output} ({describe(result)})")
    from .results import Outcome, from_diagnostic

    written = {"file": str(result.output), "bytes": result.size, "edition": "html", "large_print": args.large_print}
    problems = tuple(from_diagnostic(d) for d in result.warnings)
    args.outcome = Outcome("build", EXIT_OK, problems, {"content": str(args.content), "outputs": [written]})
    return EXIT_OK


def _say_inputs(inputs: Iterable[tuple[Path, str]], console: Console) -> None:
    for path, what in inputs:
        console.detail(f"read {_shown(path)} ({what})")


def _shown(path: Path) -> str:
    """A path for a message: from the current folder when it is below it, else in full."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


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


def _batch(args: argparse.Namespace, console: Console) -> int:
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
            print(f"\r[{bar}] {done}/{total}  {rate:.1f}/s  ETA {eta:.0f}s", end="", file=sys.stderr, flush=True)
        else:
            console.note(f"{result.status} {result.row.name} ({done}/{total}, {rate:.1f}/s)")

    if args.merge and args.edition == "screen":
        args.parser.error(SCREEN_MERGE)
    options = BuildOptions(format=args.format, edition=args.edition, large_print=args.large_print,
                           allow_expired=args.allow_expired, today=_checks_date(args))  # fmt: skip
    result = run_batch(args.content, args.data, args.output, options, jobs=args.jobs, merge=args.merge,
                       skip_unchanged=args.skip_unchanged, shard_spec=args.shard, progress=progress)  # fmt: skip
    if terminal:
        print(file=sys.stderr)
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


def _check(args: argparse.Namespace, console: Console) -> int:
    import json

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
    return _report_check(report, json.loads(report.to_json()), args, console)


def _report_check(report: Any, fields: dict[str, Any], args: argparse.Namespace, console: Console) -> int:
    """A check's findings: printed for people (unless --json), and its Outcome for machines."""
    from .results import Outcome, from_findings

    code = EXIT_PROBLEMS if report.errors else EXIT_OK
    args.outcome = Outcome("check", code, tuple(from_findings(report.findings, report.file)), fields)
    if args.json:
        pass  # (main prints the Outcome)
    elif console.level == QUIET:
        _errors_only(report.file, report.findings)
    else:
        print(report.format())
    return code


def _errors_only(file: str, findings: Iterable[Finding]) -> None:
    """--quiet: the error findings of a check, one a line, and nothing else."""
    for finding in findings:
        if finding.severity == "error":
            print(f"{file}: {finding.format()}")


def _check_leaflet(args: argparse.Namespace, console: Console) -> int:
    """The leaflet checks read the content file and lay it out, as a build would."""
    import datetime as dt
    import json

    from .check.leaflet import check_leaflet
    from .content import load_content
    from .pipeline import BuildOptions, make_pdf

    if args.source.suffix.lower() == ".pdf":
        console.error(f"{args.source}: error: the leaflet checks read the content file (e.g. content.yaml), not a PDF")
        return EXIT_BAD_INPUT
    today = _checks_date(args) or dt.date.today()
    options = BuildOptions(edition=args.edition, large_print=args.large_print, today=today)
    content, _ = load_content(args.source)
    _, document, _ = make_pdf(args.source, options)
    report = check_leaflet(content, document, args.large_print, args.edition, today)
    return _report_check(report, {**json.loads(report.to_json()), "today": today.isoformat()}, args, console)


def _check_layout(args: argparse.Namespace, console: Console) -> int:
    """The layout audit of a content file, laid out as a build would, without drawing it."""
    import json

    from .errors import plural
    from .layout.audit import audit, to_json
    from .pipeline import BuildOptions, lay_out_unaudited, layout_diagnostic
    from .results import Outcome, from_diagnostic

    if args.source.suffix.lower() == ".pdf":
        console.error(f"{args.source}: error: the layout checks read the content file (e.g. content.yaml), not a PDF")
        return EXIT_BAD_INPUT
    options = BuildOptions(edition=args.edition, large_print=args.large_print, format=args.format,
                           today=_checks_date(args))  # fmt: skip
    prepared = lay_out_unaudited(args.source, options)
    findings = audit(prepared.document)
    errors = sum(f.severity == "error" for f in findings)
    where = {"file": str(args.source), "edition": args.edition, "large_print": args.large_print}
    problems = tuple(from_diagnostic(layout_diagnostic(f, prepared.content)) for f in findings)
    fields = json.loads(to_json(findings, prepared.document, where))
    args.outcome = Outcome("check", EXIT_PROBLEMS if errors else EXIT_OK, problems, fields)
    if not args.json:
        console.report([layout_diagnostic(f, prepared.content) for f in findings])
        document = prepared.document
        verdict = "passes" if not errors else "FAILS"
        console.result(f"{args.source}: {verdict} the layout audit ({document.format.name}, {plural(len(document.pages), 'page')}): "
                       f"{plural(errors, 'error')}, {plural(len(findings) - errors, 'warning')}")  # fmt: skip
    return EXIT_PROBLEMS if errors else EXIT_OK


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a percentage such as 0.5, not {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"takes 0 to 100, not {text}")
    return value


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
        console.report(build(source, pdf, _build_options(args)).warnings)
    return replace(render_pdf(pdf), source=str(source))  # (named as given, not as the temporary PDF)


def _diff(args: argparse.Namespace, console: Console) -> int:
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
        print(report.format())
    code = EXIT_OK if report.same else EXIT_PROBLEMS
    fields = {k: v for k, v in report.to_dict().items() if k not in ("schema_version", "kind")}
    from .results import diff_problems

    args.outcome = Outcome("diff", code, tuple(diff_problems(report, str(args.new or args.old))), fields)
    return code


def _snapshot(args: argparse.Namespace, console: Console) -> int:
    import tempfile

    from .diff import write_snapshot

    with tempfile.TemporaryDirectory() as folder:
        rendition = _rendition(args.content, args, Path(folder), console, "leaflet")
    written = write_snapshot(rendition, args.dir)
    console.result(f"wrote {len(rendition.pages)} pages to {args.dir}/ ({len(written)} files)")
    return EXIT_OK


def _preview(args: argparse.Namespace, console: Console) -> int:
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
            result = build(source, pdf, _build_options(args))
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


def _watch(args: argparse.Namespace, console: Console) -> int:
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
        options = _build_options(args)
        while True:
            before = stamps(files)  # taken before the build reads them: a save during the build is seen after it
            read = _build_once(args, options, console)
            files = read if read is not None else {**files_read(content), **files}
            if files != watched:
                names = [_shown(path) for path in _watch_order(files)]
                more = f" and {plural(len(names) - 2, 'more file')}" if len(names) > 2 else ""
                console.result(f"watching {', '.join(names[:2])}{more} for changes; Ctrl-C stops")
                for path, what in files.items():
                    console.detail(f"  {_shown(path)} ({what})")
                watched = files
            seen = stamps(files.keys() - before.keys()) | {path: before[path] for path in files.keys() & before.keys()}
            changed = wait_for_change(seen, args.debounce)
            console.result(f"changed: {', '.join(sorted(_shown(path) for path in changed))}; building again")
    except KeyboardInterrupt:
        console.result("stopped watching")
        return EXIT_OK
    except Terminated:
        console.result("stopped watching (SIGTERM)")
        return EXIT_TERMINATED


def _watch_order(files: dict[Path, str]) -> list[Path]:
    """The content file, the brand file, the files they name, then brochure's own (fonts, labels)."""
    return sorted(files, key=lambda path: (files[path] != "the content file", files[path] != "the brand file",
                                           os.path.isabs(_shown(path))))  # fmt: skip


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
        _report_problems(exc, console, kept())
        return None
    except Exception as exc:  # a bug in brochure: say so, and keep watching (another save may avoid it)
        if os.environ.get("BROCHURE_DEBUG"):
            raise
        console.error(f"internal error in brochure: {type(exc).__name__}: {exc}")
        console.error(f"{kept()}. Please report this; set BROCHURE_DEBUG=1 to see the details.")
        return None
    return dict(prepared.inputs)


def _init(args: argparse.Namespace, console: Console) -> int:
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


def build_main(argv: Sequence[str] | None = None) -> int:
    """`python build_pdf.py [CONTENT] [-o OUT.pdf] [--no-marks]`: the same as `brochure build`."""
    return main(["build", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
