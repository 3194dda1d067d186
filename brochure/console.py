"""What the command line prints, and how it exits: the exit codes, the shared constants of the
commands, and `Console`, through which every line a command prints goes (results to stdout,
everything else to stderr; quiet, normal or verbose)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .check import Finding
    from .errors import BrochureError, Diagnostic

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

    def out(self, text: str) -> None:
        """What the command is asked for (a check's report, a diff, the JSON), on stdout, always."""
        print(text, flush=True)

    def progress(self, text: str) -> None:
        """A progress bar's line on stderr, redrawn in place (no newline; "" ends it)."""
        print(text, end="" if text else "\n", file=sys.stderr, flush=True)

    def error(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def report(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Located diagnostics on stderr; when quiet, only the errors."""
        for diagnostic in diagnostics:
            if diagnostic.severity == "error" or self.level > QUIET:
                print(diagnostic.format(), file=sys.stderr, flush=True)


def report_problems(exc: BrochureError, console: Console, tail: str, summary: bool = True) -> None:
    """Print a failed build's located problems and the line that counts them, ending with `tail`
    (what became of the output)."""
    from .errors import LayoutError, plural

    console.report(exc.diagnostics)
    count = len([d for d in exc.diagnostics if d.severity == "error"])
    if isinstance(exc, LayoutError):
        console.error(f"{plural(count, 'layout problem')} found: the leaflet is not ready; {tail}")
    elif summary:
        console.error(f"{plural(count, 'problem')} found; {tail}")


def errors_only(file: str, findings: Iterable[Finding]) -> None:
    """--quiet: the error findings of a check, one a line, and nothing else."""
    for finding in findings:
        if finding.severity == "error":
            print(f"{file}: {finding.format()}")


def say_inputs(inputs: Iterable[tuple[Path, str]], console: Console) -> None:
    for path, what in inputs:
        console.detail(f"read {shown(path)} ({what})")


def shown(path: Path) -> str:
    """A path for a message: from the current folder when it is below it, else in full."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
