"""Diagnostics and the error policy, written down once.

Policy:
- Problems in what the user supplied (YAML, assets, options, output path) are collected as
  `Diagnostic` values, every one of a stage together, and raised as one `InputError`. The CLI
  prints them as ``file:line:col: error: path: message`` plus a hint, and exits 2.
- Defects the layout audit finds on the pages (an overlap, a split unit, text behind the slip)
  are raised together as one `LayoutError`: the CLI prints them the same way and exits 1.
- Problems the build can live with (a low-resolution bitmap, a long line) are `Diagnostic` values
  with severity "warning", returned in `BuildResult.warnings`; they never stop a build.
- Library code never prints and never writes a partial output file.
- Anything else is a bug in brochure and may raise an ordinary exception.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Location:
    """A place in a user's file, 1-based like editors show it."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True)
class Diagnostic:
    """One problem, with where it is, what it is, and what to do."""

    message: str
    location: Location | None = None
    path: str = ""
    hint: str = ""
    severity: Severity = "error"

    def format(self) -> str:
        where = f"{self.location}: " if self.location else ""
        what = f"{human_path(self.path)}: " if self.path else ""
        text = f"{where}{self.severity}: {what}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


_ITEM = {"sections": "section", "options": "option", "sources": "source", "bullets": "bullet",
         "numbered": "numbered item", "body": "body item", "paragraphs": "paragraph"}  # fmt: skip


def human_path(path: str) -> str:
    """A content path as people count: 'sections[5].heading' is 'section 6 › heading';
    paths without a list index stay as written ('clinic.phone')."""
    if "[" not in path:
        return path
    parts = []
    for part in path.split("."):
        name, *indexes = part.replace("]", "").split("[")
        if not indexes or not all(i.isdigit() for i in indexes):
            parts.append(part)
            continue
        word = _ITEM.get(name, f"{name} item")
        parts.append(" › ".join(f"{word} {int(i) + 1}" for i in indexes) if name else part)
    return " › ".join(parts)


def plural(count: int, word: str, words: str = "") -> str:
    """'1 error', '2 errors' (or the plural given)."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"


class BrochureError(Exception):
    """Base of the errors a user can act on; carries one or more diagnostics."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class InputError(BrochureError):
    """The content, brand, assets or options are wrong (exit code 2)."""


class LayoutError(BrochureError):
    """The layout audit found defects on the pages: the leaflet is not ready (exit code 1)."""


class OutputError(BrochureError):
    """The output could not be written (exit code 2)."""


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM): like Ctrl-C, it unwinds so temporary files go."""


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """A 'did you mean' hint for a misspelt key, or ''."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
