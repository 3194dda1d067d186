"""A starter project for a clinic's own leaflet: `brochure init` writes it.

The starter is content.yaml and brand.yaml with comments for clinic staff (a fictional Example
Clinic; placeholder text that says what to write, no medical claims), the artwork they name (the
brain illustration and a placeholder logo, in assets/) and a README.md on how to edit, build,
preview and check. It builds as it is, with no warnings. Its files live in the repository's
assets/starter/ and travel in the wheel (resources.STARTER); the artwork is brochure's own
assets/brain.svg and assets/logo.svg, copied.

    init_project(Path("my-leaflet"), fmt="a5-booklet", language="cy")
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .content import language_hint, language_tag
from .errors import Diagnostic, InputError, Location, OutputError
from .formats import FORMATS
from .resources import ASSETS, STARTER

# Each file of the project: its name in the project folder, and where brochure keeps it.
FILES: tuple[tuple[str, Path], ...] = (
    ("content.yaml", STARTER / "content.yaml"),
    ("brand.yaml", STARTER / "brand.yaml"),
    ("assets/brain.svg", ASSETS / "brain.svg"),
    ("assets/logo.svg", ASSETS / "logo.svg"),
    ("README.md", STARTER / "README.md"),
)
REVIEW_YEARS = 2  # the review date the starter is given (the leaflet checks allow up to 3 years)


@dataclass(frozen=True)
class StarterFile:
    """One file of the starter project, and what init_project did with it."""

    path: Path  # where it is: the project folder / name
    name: str  # its name in the project folder: 'content.yaml', 'assets/brain.svg'
    written: bool  # True: written now; False: a file was already there and was left alone


def init_project(folder: Path, fmt: str | None = None, language: str | None = None) -> list[StarterFile]:
    """Write a starter leaflet project into `folder` (created if missing): content.yaml,
    brand.yaml, assets/brain.svg, assets/logo.svg and README.md, in that order; one StarterFile
    each. Nothing is ever overwritten: a name already taken (a file, a folder, a link) is
    reported with written=False and left alone, the other files are still written.

    `fmt` sets `format:` in brand.yaml: a name of formats.FORMATS (a4, a5-booklet, dl-trifold;
    the starter's own is a4). `language` sets `language:` in content.yaml: a BCP 47 tag (en-GB,
    cy, pl, zh-Hans; written in its usual case, 'en_gb' gives en-GB; the starter's own is en-GB).
    content.yaml is published today, its review due in two years.

    Raises InputError (exit code 2) naming the option when `fmt` or `language` is not valid,
    before anything is written; OutputError (exit code 2) when the folder or a file cannot be
    written. For `brochure init [DIR] [--format FORMAT] [--language TAG]`:

        for file in init_project(Path(args.dir), args.format, args.language):
            print(f"wrote {file.path}" if file.written else f"kept {file.path} (already there)")
    """
    problems: list[Diagnostic] = []
    if fmt is not None and fmt not in FORMATS:
        problems.append(
            Diagnostic(f"unknown format '{fmt}'", path="format", hint=f"choose one of: {', '.join(FORMATS)}")
        )
    tag = None if language is None else language_tag(language)
    if language is not None and tag is None:
        problems.append(
            Diagnostic(f"'{language}' is not a language tag", path="language", hint=language_hint(language))
        )
    if problems:
        raise InputError(problems)
    placed: list[StarterFile] = []
    for name, source in FILES:
        path = folder / name
        data = source.read_bytes()
        if name == "content.yaml":
            data = _content(data.decode("utf-8"), tag, dt.date.today()).encode("utf-8")
        elif name == "brand.yaml" and fmt is not None:
            data = _set(data.decode("utf-8"), "format", fmt).encode("utf-8")
        placed.append(StarterFile(path, name, _write_new(path, data)))
    return placed


def _content(text: str, language: str | None, today: dt.date) -> str:
    """The starter's content.yaml in a language, published `today`."""
    if language is not None:
        text = _set(text, "language", language)
    text = _set(text, "published", today.isoformat(), indent="  ")
    return _set(text, "review", _add_years(today, REVIEW_YEARS).isoformat(), indent="  ")


def _set(text: str, key: str, value: str, indent: str = "") -> str:
    """The YAML text with the value of `key` (a line `indent key: value  # comment`) replaced."""
    line = re.compile(rf"^({indent}{key}:[ ]*)[^ #\n]+", re.MULTILINE)
    changed, count = line.subn(lambda m: m.group(1) + value, text)
    if count != 1:
        raise AssertionError(f"the starter has {count} '{key}:' lines, not one")
    return changed


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _write_new(path: Path, data: bytes) -> bool:
    """Write a file that does not exist yet (True); False, leaving it alone, when the name is taken."""
    hint = "choose another folder, or fix this folder's permissions"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where the folder should be, or no permission
        reason = "it is not a folder" if path.parent.exists() else exc.strerror or exc
        raise OutputError(
            [Diagnostic(f"cannot make the folder: {reason}", Location(str(path.parent)), hint=hint)]
        ) from None
    try:
        with path.open("xb") as file:  # exclusive: never replaces a file, even one made a moment ago
            try:
                file.write(data)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
    except FileExistsError:
        return False
    except OSError as exc:
        raise OutputError(
            [Diagnostic(f"cannot write here: {exc.strerror or exc}", Location(str(path)), hint=hint)]
        ) from None
    return True
