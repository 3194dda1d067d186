"""What brochure will read, and how much: the limits that keep hostile or damaged input from
crashing, hanging or filling the disk. Each is stated in the README, and each refusal is a located
error (exit 2), never a crash.

`read_file` is the one way an input file is read: a regular file (not a device, pipe or folder),
no larger than its limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import Diagnostic, InputError, Location

MB = 1024 * 1024

YAML_BYTES = 1 * MB  # content.yaml, brand.yaml
CSV_BYTES = 20 * MB
CSV_ROWS = 100_000
CSV_CELL = 10_000  # characters
CSV_COLUMNS = 200
SVG_BYTES = 5 * MB
SVG_ELEMENTS = 20_000
SVG_SIZE = 14_400.0  # points (5 m): a drawing's width or height
PICTURE_BYTES = 50 * MB  # a bitmap file (its pixels are limited too: assets.MAX_PIXELS)
FONT_BYTES = 30 * MB
YAML_ALIASES = 100  # aliases in a YAML file
YAML_NODES = 100_000  # nodes of a YAML file, aliases expanded
LIST_ITEMS = 200  # items of any one list in the content (sections, a body, a list, sources)
PAGES = 200  # pages of a leaflet
BALANCE_FRAMES = 60  # beyond this many pages, the page breaks are not searched for: each page is filled
PDF_BYTES = 500 * MB  # a PDF given to `check` or `preview`
PDF_PAGES = 2_000  # pages `check` reads
PDF_DEPTH = 24  # nesting of Form XObjects and of objects followed
PDF_OPERATIONS = 2_000_000  # content-stream operators `check` follows in one file (forms included)
CONTENT_BYTES = 4 * MB  # one decompressed content stream (parsing it takes about 100 times that in memory)
INK_PAGES = 100  # pages rendered for the ink measure
SECONDS = 120  # wall-clock budget of `check` on one file
PREVIEW_DPI = (10, 600)
PREVIEW_PAGES = 200


def read_file(path: Path, limit: int, what: str, display: str | None = None) -> bytes:
    """The bytes of an input file; raises InputError (located at the file) for anything that is
    not a regular file of at most `limit` bytes."""
    return _checked(path, limit, what, display).read_bytes()


def check_file(path: Path, limit: int, what: str, display: str | None = None) -> None:
    """Raise InputError unless `path` is a regular file of at most `limit` bytes."""
    _checked(path, limit, what, display)


def _checked(path: Path, limit: int, what: str, display: str | None) -> Path:
    where = Location(display or str(path))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError([Diagnostic("file not found", where)]) from None
    except OSError as exc:
        raise InputError([Diagnostic(f"cannot read the file: {exc.strerror or exc}", where)]) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError([Diagnostic(f"the {what} is not a regular file", where, hint="give the path of a file")])
    if info.st_size > limit:
        raise InputError([Diagnostic(f"the {what} is {_size(info.st_size)}, more than the {_size(limit)} brochure reads", where,
                                     hint="check that this is the right file")])  # fmt: skip
    return path


def _size(count: int) -> str:
    return f"{count / MB:.1f} MB" if count >= MB else f"{count / 1024:.0f} KB"
