"""The words brochure prints itself, one table per language: page numbers, the reply slip's fields,
the back matter's headings, the version and review lines, dates, and the defaults of optional
content (disclaimer, other formats, feedback...).

Each language's table is a YAML file in `assets/labels/<language>.yaml`: its keys are those of the
English table (`KEYS`), each a short text with `{placeholders}` (`page_of: "Page {number} of
{total}"`); the table also says how it writes dates (CLDR patterns, formatted by Babel) and which
digits it uses (Western, 0-9, unless the table says otherwise). `labels_for` picks the table by
the language tag's primary subtag (`cy-GB` -> `cy`), falls back to English for a language without
a table or a key a table lacks (a warning names them), and lays the content's own `labels:` over
it. Labels are furniture only: never a medical statement.

    labels = labels_for("cy")
    labels.get("page_of", number=1, total=4)     # 'Tudalen 1 o 4'
    labels.date(dt.date(2026, 11, 1))             # '1 Tachwedd 2026' (no-break spaces)
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

import yaml

from .errors import Diagnostic, Location, did_you_mean
from .resources import LABELS
from .rich import RichText, Span
from .schema import LOADER

TABLES = LABELS  # assets/labels, beside the fonts, wherever brochure is installed (resources.py)
ENGLISH = "en"
NBSP = "\u00a0"

Key = Literal[
    "page_of", "footer_phone", "footer_version", "footer_review",
    "patient_information", "contact_us", "contact_phone", "contact_email", "link_email", "link_phone", "link_web",
    "your_views", "about_leaflet", "sources", "written_by", "published", "review_due", "reference_version",
    "notes_heading", "notes_invitation", "list_number", "continued_overleaf",
    "slip_reference", "field_name", "field_phone", "field_email", "field_best_time",
    "leave_message", "answer_yes", "answer_no", "cut_here", "slip_continued", "slip_back", "return_to",
    "hand_in_at", "hand_in_slip", "fill_in_email", "fill_in_call", "tick_box_named", "write_in_named",
    "default_help_heading", "default_help_intro", "default_help_return", "default_help_privacy",
    "default_disclaimer", "default_other_formats", "default_feedback", "default_feedback_email",
]  # fmt: skip

KEYS: tuple[Key, ...] = get_args(Key)

# The placeholders each label must show (and the only ones it may): filled in as the leaflet is made.
PLACEHOLDERS: Mapping[Key, tuple[str, ...]] = {
    "page_of": ("number", "total"), "footer_phone": ("phone",), "footer_version": ("version",),
    "footer_review": ("date",), "written_by": ("author",), "published": ("date",), "review_due": ("date",),
    "reference_version": ("reference", "version"), "list_number": ("number",),
    "slip_reference": ("reference", "version"), "hand_in_at": ("clinic",), "default_feedback_email": ("email",),
    "link_email": ("email",), "link_phone": ("phone",), "link_web": ("address",),
    "fill_in_email": ("email", "phone"), "fill_in_call": ("phone",), "tick_box_named": ("label",),
    "write_in_named": ("label",),
}  # fmt: skip

# Digits by CLDR numbering system: the character for 0 (the other nine follow it in Unicode).
DIGITS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966",
          "guru": "\u0a66", "gujr": "\u0ae6"}  # fmt: skip
_REGION_SCRIPT = {("zh", "TW"): "Hant", ("zh", "HK"): "Hant", ("zh", "MO"): "Hant"}  # no script subtag given
_PRIMARY = re.compile(r"[a-z]{2,3}")


def as_key(name: str) -> Key | None:
    """A label's key, if `name` is one."""
    return next((key for key in KEYS if key == name), None)


def placeholders(key: Key) -> tuple[str, ...]:
    return PLACEHOLDERS.get(key, ())


def problem(key: Key, text: str) -> tuple[str, str] | None:
    """What is wrong with a label's text (message, hint), or None: every placeholder of the label
    shown, no other, each written plainly as {name}; a brace that is not one is doubled ({{)."""
    needed = placeholders(key)
    takes = ", ".join(f"{{{name}}}" for name in needed) if needed else "no placeholders"
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None]  # fmt: skip
    except ValueError:
        return (f"the label '{key}' has a '{{' or '}}' that is not a placeholder",
                f"this label takes {takes}; write {{{{ or }}}} for a brace")  # fmt: skip
    for name, spec, conversion in fields:
        if name not in needed:
            hint = did_you_mean(name, needed) if name else ""
            return f"unknown placeholder {{{name}}} in the label '{key}'", hint or f"this label takes {takes}"
        if spec or conversion:
            return f"the placeholder {{{name}}} in the label '{key}' has a format", f"write it plainly: {{{name}}}"
    missing = [name for name in needed if name not in {f[0] for f in fields}]
    if missing:
        shown = " and ".join(f"{{{name}}}" for name in missing)
        return (
            f"the label '{key}' must show {shown}",
            f"this label takes {takes}: they are filled in as the leaflet is made",
        )
    return None


@dataclass(frozen=True)
class Table:
    """One language's shipped table, as read: its labels (only the valid ones) and how it writes dates."""

    language: str
    name: str
    path: Path
    locale: str
    script: str
    digits: str
    date: str
    month_year: str
    texts: Mapping[Key, str]
    invalid: tuple[str, ...]  # keys present but unusable (a wrong placeholder): English is used


@functools.cache
def table(language: str) -> Table | None:
    """The shipped table of a language (a primary subtag: 'cy'), or None."""
    path = TABLES / f"{language}.yaml"
    if not _PRIMARY.fullmatch(language) or not path.is_file():
        return None
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    if not isinstance(data, dict) or not isinstance(data.get("labels"), dict):
        raise ValueError(f"{path}: a labels table is a mapping with 'labels:'")
    texts: dict[Key, str] = {}
    invalid: list[str] = []
    for name, text in data["labels"].items():
        key = as_key(str(name))
        if key is not None and isinstance(text, str) and problem(key, text) is None:
            texts[key] = text
        else:
            invalid.append(str(name))
    digits = str(data.get("digits", "latn"))
    if digits not in DIGITS:
        raise ValueError(f"{path}: digits must be one of {', '.join(DIGITS)}")
    return Table(
        language, str(data.get("name", language)), path, str(data.get("locale", language)),
        str(data.get("script", "")), digits, str(data.get("date", "d MMMM y")), str(data.get("month_year", "MMMM y")),
        texts, tuple(invalid),
    )  # fmt: skip


def languages() -> tuple[str, ...]:
    """The languages brochure has a table for."""
    return tuple(sorted(path.stem for path in TABLES.glob("*.yaml") if _PRIMARY.fullmatch(path.stem)))


@dataclass(frozen=True)
class Labels:
    """Every label of one leaflet, its language's table with the content's own `labels:` laid over
    it. `notes` are the warnings its making gave (labels printed in English)."""

    language: str  # the table used ('en' when the leaflet's language has none)
    locale: str  # the CLDR locale its dates are written in
    date_format: str  # a CLDR pattern: 'd MMMM y'
    month_year_format: str  # 'MMM y'
    digits: str  # a CLDR numbering system: 'latn' (0-9)
    texts: tuple[tuple[Key, str], ...]
    table: Path | None = None
    overridden: frozenset[str] = frozenset()  # the keys the content's labels: gave
    notes: tuple[Diagnostic, ...] = field(default=(), compare=False)
    _by_key: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", dict(self.texts))

    def get(self, key: Key, **values: str | int) -> str:
        """A label with its placeholders filled in (numbers in the table's digits)."""
        return self._by_key[key].format_map({name: self._value(v) for name, v in values.items()})

    def spans(self, key: Key, **values: str | int | Span) -> RichText:
        """A label as rich text: a placeholder given a Span (a link) keeps it, the rest is plain."""
        out: list[Span] = []
        text = ""
        for literal, name, _, _ in string.Formatter().parse(self._by_key[key]):
            text += literal
            if name is None:
                continue
            value = values[name]
            if isinstance(value, Span):
                out += [Span(text)] if text else []
                out.append(value)
                text = ""
            else:
                text += self._value(value)
        return (*out, Span(text)) if text else tuple(out)

    def date(self, day: dt.date) -> str:
        """A day as the table writes it: '1 November 2026', '1 Tachwedd 2026', '2026年11月1日'."""
        return self._written(day, self.date_format)

    def month_year(self, day: dt.date) -> str:
        """A month as the table writes it: 'Nov 2028', 'Tachwedd 2028'."""
        return self._written(day, self.month_year_format)

    def number(self, value: int) -> str:
        zero = DIGITS[self.digits]
        return str(value) if zero == "0" else "".join(chr(ord(zero) + int(c)) if c.isdigit() else c for c in str(value))

    def printed(self) -> list[tuple[Key, str]]:
        """Each label's own words (its placeholders left out): what the fonts must be able to print."""
        return [(key, "".join(literal for literal, *_ in string.Formatter().parse(text))) for key, text in self.texts]

    def _value(self, value: str | int | Span) -> str:
        if isinstance(value, Span):
            return value.text
        return self.number(value) if isinstance(value, int) else value

    def _written(self, day: dt.date, pattern: str) -> str:
        text = _format_date(day, pattern, self.locale)
        zero = DIGITS[self.digits]
        if zero != "0":
            text = "".join(chr(ord(zero) + int(c)) if "0" <= c <= "9" else c for c in text)
        # English dates are kept whole by the line breaker's own rules; others by no-break spaces
        return text if self.locale.split("_")[0] == ENGLISH else text.replace(" ", NBSP)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_ENGLISH_PARTS = {"d": lambda day: str(day.day), "MMMM": lambda day: _MONTHS[day.month - 1],
                  "MMM": lambda day: _MONTHS[day.month - 1][:3], "y": lambda day: str(day.year)}  # fmt: skip


@functools.lru_cache(maxsize=256)
def _format_date(day: dt.date, pattern: str, locale: str) -> str:
    parts = pattern.split(" ")
    if locale == ENGLISH and all(part in _ENGLISH_PARTS for part in parts):
        # CLDR's English, written here (a test holds it equal to Babel's for every month): loading
        # Babel's locale data takes about 0.1 s, which an English build need not spend
        return " ".join(_ENGLISH_PARTS[part](day) for part in parts)
    from babel.dates import format_date

    return format_date(day, format=pattern, locale=locale)


def labels_for(tag: str, overrides: Mapping[str, str] | None = None, where: Location | None = None) -> Labels:
    """The labels for a language tag (BCP 47: 'cy', 'pl-PL', 'zh-Hans'), with the content's own
    `overrides` (checked already: `problem`) laid over them. A language without a table, or a key
    its table lacks, gets English, and a warning at `where` names the labels printed in English."""
    given: dict[Key, str] = {}
    for name, text in (overrides or {}).items():
        key = as_key(name)
        if key is None or problem(key, text) is not None:
            raise ValueError(f"the label {name!r} is not a valid label: check it with labels.problem first")
        given[key] = text
    english = table(ENGLISH)
    assert english is not None and not english.invalid and set(english.texts) == set(KEYS), "the English table"
    parts = tag.replace("_", "-").split("-")
    primary = parts[0].lower()
    chosen, why = _match(primary, parts[1:])
    texts = dict(english.texts)
    notes: list[Diagnostic] = []
    if chosen is not None and chosen.language != ENGLISH:
        texts.update(chosen.texts)
        lacking = [k for k in KEYS if k not in chosen.texts and k not in given]
        if lacking:
            notes.append(Diagnostic(f"the {chosen.name} labels table has no usable text for {_names(lacking)}: "
                                    "they are printed in English", where, "language",
                                    f"give them under labels: in the content file, or add them to {chosen.path.name} "
                                    "(reviewed by a qualified translator)", "warning"))  # fmt: skip
    elif chosen is None:
        lacking = [k for k in KEYS if k not in given]
        if lacking:
            notes.append(Diagnostic(f"{why}: brochure's own words are printed in English: {_names(lacking)}",
                                    where, "language", 'translate them under labels: in the content file, e.g. '
                                    'labels: {page_of: "… {number} … {total}"}', "warning"))  # fmt: skip
    texts.update(given)
    if chosen is not None:
        locale, date_format, month_year, digits = chosen.locale, chosen.date, chosen.month_year, chosen.digits
    else:
        locale, date_format, month_year = _cldr(tag) or (english.locale, english.date, english.month_year)
        digits = "latn"
    return Labels(
        chosen.language if chosen else ENGLISH, locale, date_format, month_year, digits,
        tuple((k, texts[k]) for k in KEYS), (chosen or english).path, frozenset(given), tuple(notes),
    )  # fmt: skip


def _match(primary: str, rest: list[str]) -> tuple[Table | None, str]:
    """The table for a tag's primary subtag, unless the tag names another script than the table's
    (zh-Hant, zh-TW against the Simplified Chinese table); else None and why."""
    found = table(primary) if _PRIMARY.fullmatch(primary) else None
    if found is None:
        return None, f"brochure has no labels table for '{'-'.join([primary, *rest])}'"
    scripts = [p.title() for p in rest if len(p) == 4 and p.isalpha()]
    regions = [p.upper() for p in rest if len(p) == 2]
    script = (
        scripts[0]
        if scripts
        else next((_REGION_SCRIPT[(primary, r)] for r in regions if (primary, r) in _REGION_SCRIPT), "")
    )
    if found.script and script and script != found.script:
        return None, f"brochure's '{primary}' labels table ({found.name}) is in the {found.script} script, not {script}"
    return found, ""


def _cldr(tag: str) -> tuple[str, str, str] | None:
    """For a language without a table: its CLDR locale, long date and month-year patterns, if
    Babel knows it (so the dates are at least in the leaflet's language)."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    month_year = locale.datetime_skeletons.get("yMMMM")
    return str(locale), locale.date_formats["long"].pattern, month_year.pattern if month_year else "MMMM y"


def _names(keys: list[Key]) -> str:
    return ", ".join(keys)
