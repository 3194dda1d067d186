# PYTHON_ARGCOMPLETE_OK
"""The command line: `brochure build`, `batch`, `check`, `diff`, `snapshot`, `preview`, `watch` and
`init`: the parser and `main`, which runs a command (commands.py) and ends it as CI asks (--json,
--strict, --junit, --sarif; results.py). Everything printed goes through console.py.

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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .console import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_PROBLEMS,
    EXIT_TERMINATED,
    FORMAT_NAMES,
    LEAFLET,
    NORMAL,
    PREVIEW_FOLDER,
    QUIET,
    VERBOSE,
    Console,
    report_problems,
)

if TYPE_CHECKING:
    import datetime as dt

    from .results import Outcome


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
        from . import commands  # (only now: --help and usage errors import none of it)

        run: Callable[[argparse.Namespace, Console], int] = getattr(commands, f"cmd_{args.run}")
        return _finish(args, console, int(run(args, console)))
    except LayoutError as exc:
        report_problems(exc, console, f"{nothing}.")
        return _finish(args, console, EXIT_PROBLEMS, exc)
    except BrochureError as exc:
        report_problems(exc, console, f"{nothing}.", summary=not isinstance(exc, OutputError))
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
        console.out(outcome.to_json())
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

    def command(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".",
                                  epilog=_EXAMPLES[name], formatter_class=formatter, parents=[common])  # fmt: skip
        sub.set_defaults(run=name, parser=sub)  # commands.cmd_<name> runs it
        return sub

    b = command("build", "build a leaflet PDF from a content file")
    _content_argument(b)
    b.add_argument("-o", "--output", type=_pdf_output, default=Path("build") / LEAFLET, metavar="PDF",
                   help="the PDF to write (default build/leaflet.pdf); a folder (DIR/) writes DIR/leaflet.pdf "
                        "(leaflet.html for --edition html)")  # fmt: skip
    _build_arguments(b, html=True)
    _ci_arguments(b, "build")

    bt = command("batch", "one leaflet per row of a CSV file (clinic details, logos), in parallel")
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

    c = command("check", "preflight a PDF for print or screen, or check a leaflet's content")
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

    d = command("diff", "show what changed between two leaflets, page by page")
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

    sn = command("snapshot", "write a leaflet's pages as approved snapshots (PNG and text)")
    _content_argument(sn)
    sn.add_argument("--dir", type=Path, required=True, metavar="DIR", help="the snapshot folder (e.g. tests/approved)")
    _build_arguments(sn)
    sn.set_defaults(nothing_written="no snapshot was written")

    p = command("preview", "render a PDF (or a content file) to PNG pages")
    p.add_argument("source", type=Path, nargs="?", default=Path("content.yaml"),
                   help="a PDF, or a content file to build first (default content.yaml)")  # fmt: skip
    p.add_argument("-o", "--output", type=Path, default=PREVIEW_FOLDER, metavar="DIR",
                   help="folder for the page-N.png files (default build/preview/); pages it no longer has are removed")  # fmt: skip
    p.add_argument("--dpi", type=_dpi, default=100, help="resolution (default 100)")
    _build_arguments(p, "building a content file to preview (a PDF is previewed as it is)")
    p.set_defaults(nothing_written="no preview was written")

    w = command("watch", "build again whenever the content, the brand or a file they use changes")
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

    i = command("init", "start a leaflet project: a content.yaml and brand.yaml to edit")
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


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a percentage such as 0.5, not {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"takes 0 to 100, not {text}")
    return value


def build_main(argv: Sequence[str] | None = None) -> int:
    """`python build_pdf.py [CONTENT] [-o OUT.pdf] [--no-marks]`: the same as `brochure build`."""
    return main(["build", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
