"""Leaflet checks: clear print, contrast, plain language and required elements (leaflet-spec.md).

They judge the content and its laid-out Document, not a PDF: `check_leaflet` is what
`brochure check CONTENT --profile leaflet` prints, and every build reports its problems as warnings.
Readability uses Flesch Reading Ease and the Flesch-Kincaid grade, syllables counted by rule
(offline, no dictionary download): a screen for long words and sentences, not proof. The formulas
and the syllable rules are English ones, so they run only for English (en, en-*); a leaflet in
another language is reported "not assessed", with why.

Contrast is judged on the colour as the screen edition draws it: the CMYK converted to sRGB through
the print profile, relative colorimetric with black point compensation (`colour.screen_rgb`, the
same conversion as `screen_colours`). That is also how the printed ink looks, so both editions are
judged the same way; the rough formula `CMYK.rgb` made greys look darker than they are.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from .. import rich
from ..colour import CMYK, WHITE, contrast
from ..content import Callout, Content, Paragraph, texts
from ..errors import plural
from ..layout.bidi import is_rtl_language
from ..layout.model import Document, Fill, TextBlock
from . import Finding

TARGET_EASE, TARGET_GRADE = 60.0, 8.0
MIN_BODY, MIN_BODY_LARGE = 12.0, 16.0  # also the floor for any text: footers and labels too (RNIB)
MAX_LINE = 80
REVIEW_YEARS = 3
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'‘“])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Readability:
    section: str
    words: int
    sentences: int
    reading_ease: float
    grade: float
    longest: tuple[str, ...]

    @property
    def meets_targets(self) -> bool:
        return self.reading_ease >= TARGET_EASE and self.grade <= TARGET_GRADE


@dataclass(frozen=True)
class LeafletReport:
    file: str
    edition: str
    pages: int
    findings: tuple[Finding, ...]
    passed: tuple[str, ...]
    readability: tuple[Readability, ...]  # empty when not assessed
    not_assessed: str = ""  # why readability was not assessed (a leaflet not in English)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "profile": "leaflet", "edition": self.edition, "pages": self.pages,
            "summary": {"errors": self.errors, "warnings": self.warnings, "ok": self.errors == 0},
            "findings": [asdict(f) for f in self.findings], "passed": list(self.passed),
            "readability": {"targets": {"reading_ease_min": TARGET_EASE, "grade_max": TARGET_GRADE},
                            "assessed": not self.not_assessed, "sections": [asdict(r) for r in self.readability],
                            **({"not_assessed": self.not_assessed} if self.not_assessed else {})},
        }  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def format(self) -> str:
        out = [f"Leaflet check of {self.file} ({self.edition} edition, {self.pages} pages)", "", "Passed:"]
        out += [f"  ok  {line}" for line in self.passed]
        if self.findings:
            out += ["", "Problems:"] + [f"  {f.format()}" for f in self.findings]
        if self.not_assessed:
            out += ["", f"Readability: not assessed. {self.not_assessed}"]
        else:
            out += [
                "",
                f"Readability (targets: Flesch Reading Ease {TARGET_EASE:g} or more, grade {TARGET_GRADE:g} or less):",
            ]
            out.append(f"  {'section':34} {'words':>5} {'ease':>5} {'grade':>5}")
            for r in self.readability:
                mark = "ok" if r.meets_targets else "--"
                out.append(f"  {r.section[:34]:34} {r.words:5d} {r.reading_ease:5.0f} {r.grade:5.1f}  {mark}")
            overall = self.readability[-1]
            if overall.longest:
                out += ["", "Longest sentences (aim for under 20 words):"]
                out += [f"  - ({len(_WORD.findall(s))} words) {s}" for s in overall.longest]
        verdict = "passes" if self.errors == 0 else "FAILS"
        out += [
            "",
            f"{self.file}: {verdict} the leaflet checks: {plural(self.errors, 'error')}, "
            f"{plural(self.warnings, 'warning')}",
        ]
        return "\n".join(out)


def check_leaflet(
    content: Content, document: Document, large_print: bool, edition: str, today: dt.date
) -> LeafletReport:
    """Every leaflet check, on the content and its layout."""
    findings: list[Finding] = []
    passed: list[str] = []
    for ok, says, fails, severity, check in _required(content, document, today) + _typography(document, large_print):
        if ok:
            passed.append(says)
        else:
            findings.append(Finding(severity, check, None, fails))  # type: ignore[arg-type]
    findings += _contrast(document)
    if not any(f.check == "contrast" for f in findings):
        passed.append("every text colour has enough contrast with its background (4.5:1, 3:1 for large text)")
    why = not_assessed(content.language)
    if why:
        findings.append(Finding("info", "readability", None, f"readability not assessed: {why}"))
    scores = [] if why else readability(content)
    failing = [r for r in scores[:-1] if not r.meets_targets]
    if failing:
        overall = scores[-1]
        findings.append(Finding("warning", "readability", None,
                                f"{len(failing)} of {len(scores) - 1} sections read above the targets; overall reading ease "
                                f"{overall.reading_ease:.0f} (target {TARGET_EASE:g}+), grade {overall.grade:.1f} (target {TARGET_GRADE:g} or less)"))  # fmt: skip
    return LeafletReport(
        str(content.source), edition, len(document.pages), tuple(findings), tuple(passed), tuple(scores), why
    )


def not_assessed(language: str) -> str:
    """Why readability is not assessed for a language ('' for English: en, en-GB...)."""
    primary = language.split("-")[0].lower()
    if primary == "en":
        return ""
    from babel import Locale, UnknownLocaleError

    try:
        name = f"{Locale.parse(language.replace('-', '_')).get_display_name('en')} ({language})"
    except (UnknownLocaleError, ValueError):
        name = f"'{language}'"
    return (f"the leaflet is in {name}, and Flesch Reading Ease and Flesch-Kincaid were made for English "
            "(their syllable and sentence rules do not hold for other languages); ask a native speaker, "
            "ideally a patient reader, to check that it is plain")  # fmt: skip


def syllables(word: str) -> int:
    """Syllables of an English word by rule: vowel groups, less a silent final e."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", lambda m: m.group(0)[0], w)
    w = re.sub(r"^y", "", w)
    w = re.sub(r"(?<=[cst])i(?=a[ln]|o[nu])", "", w)  # -tion, -sion, -cial, -tial, -cious: one syllable
    split_pairs = len(re.findall(r"eo|io|ia|ua|uo", w))  # re-or-gan-ize, ra-di-o, pe-ri-od
    return max(1, len(re.findall(r"[aeiouy]+", w)) + split_pairs)


@functools.lru_cache(maxsize=256)
def score(section: str, text: str) -> Readability:
    sentences = [s for s in _SENTENCE.split(text.strip()) if _WORD.search(s)]
    words = _WORD.findall(text)
    if not words:
        return Readability(section, 0, 0, 100.0, 0.0, ())
    per_sentence = len(words) / max(1, len(sentences))
    per_word = sum(syllables(w) for w in words) / len(words)
    ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    longest = tuple(sorted(sentences, key=lambda s: -len(_WORD.findall(s)))[:3])
    return Readability(section, len(words), len(sentences), round(ease, 1), round(grade, 1), longest)


def readability(content: Content) -> list[Readability]:
    """One score per section (the summary counts as one), then the whole article."""
    out = []
    if content.summary:
        out.append(score("Summary", rich.plain(content.summary)))
    for index, section in enumerate(content.sections, start=1):
        parts = []
        for block in section.blocks:
            if isinstance(block, Callout):
                items = list(block.paragraphs)
            else:
                items = [block.text] if isinstance(block, Paragraph) else list(block.items)
            parts += [_sentence_end(rich.plain(item)) for item in items]
        out.append(score(section.heading or f"Section {index}", " ".join(parts)))
    article = [text for path, text in texts(content) if path.startswith(("summary", "sections"))]
    out.append(score("Whole article", " ".join(_sentence_end(t) for t in article)))
    return out


def _sentence_end(text: str) -> str:
    return text if text.rstrip().endswith((".", "!", "?", ":")) else text.rstrip() + "."


Check = tuple[bool, str, str, str, str]  # passed?, what passing says, what failing says, severity, check


def _required(content: Content, document: Document, today: dt.date) -> list[Check]:
    info, clinic = content.leaflet, content.clinic
    kept = " ".join(line.text for page in document.pages for item in page.items if isinstance(item, TextBlock)
                    and item.role != "Artifact" and not document.in_slip(page.number, item) for line in item.lines)  # fmt: skip
    slip_items = document.pages[document.slip_page - 1].items
    slip = " ".join(line.text for item in slip_items if isinstance(item, TextBlock)
                    and document.in_slip(document.slip_page, item) for line in item.lines)  # fmt: skip
    due = _add_years(info.published, REVIEW_YEARS)
    review, published = _day(info.review), _day(info.published)
    sources = len(content.sources)
    checks: list[Check] = [
        (bool(content.title), f"title: {content.title}", "the leaflet has no title", "error", "required"),
        (bool(clinic.name), f"organisation: {clinic.name}", "the organisation is not named", "error", "required"),
        (info.review <= due, f"review date {review} is within {REVIEW_YEARS} years of publication ({published})",
         f"review date {review} is more than {REVIEW_YEARS} years after publication ({published}); review by {_day(due)}",
         "error", "dates"),
        (info.review > today, f"review date {review} has not passed (today is {_day(today)})",
         f"review date {review} has passed (today is {_day(today)}): review the leaflet and give it new dates",
         "error", "dates"),
        (bool(info.version and info.reference), f"version {info.version} and reference {info.reference}",
         "a version and a reference are needed", "error", "required"),
        (bool(sources), f"{plural(sources, 'source')} listed", "no sources are listed", "error", "required"),
        (_flat(clinic.phone) in _flat(kept), "contact phone number on the part the patient keeps",
         f"the phone number {clinic.phone} is not on the part the patient keeps", "error", "contact"),
        (bool(content.feedback), "a feedback route", "there is no feedback route", "error", "required"),
        (_flat(rich.plain(content.other_formats)) in _flat(kept), "the other-formats statement",
         "the other-formats statement is not printed", "error", "required"),
        (bool(content.disclaimer), "a disclaimer", "there is no disclaimer", "error", "required"),
    ]  # fmt: skip
    for index, option in enumerate(content.help.options, start=1):
        checks.append((_flat(option) in _flat(slip), f"help option {index} on the slip: {option}",
                       f"help option {index} is not on the slip: {option}", "error", "slip"))  # fmt: skip
    return checks


def _typography(document: Document, large_print: bool) -> list[Check]:
    blocks = [i for p in document.pages for i in p.items if isinstance(i, TextBlock)]
    body = [run for b in blocks if b.role in ("P", "LI") for line in b.lines for run in line.runs]
    every = [run for b in blocks for line in ((b.label,) if b.label else ()) + b.lines for run in line.runs]
    lines = [line for b in blocks for line in b.lines]
    smallest_body = min(run.size for run in body)
    smallest = min(run.size for run in every)
    minimum = MIN_BODY_LARGE if large_print else MIN_BODY
    floor = minimum  # (nothing smaller than body text: footers, labels, the slip)
    longest = max(len(line.text) for line in lines)
    italic = sorted(font for font in {run.font for run in every} if re.search("italic|oblique", font, re.I))
    rtl = is_rtl_language(document.language)  # a right-to-left leaflet's lines share their right edge
    ragged = all(len({round(line.right if rtl else line.x, 2) for line in b.lines}) == 1 for b in blocks)
    side = "right" if rtl else "left"
    return [
        (smallest_body >= minimum, f"body text at least {minimum:g} pt (smallest {smallest_body:g} pt)",
         f"body text as small as {smallest_body:g} pt: at least {minimum:g} pt is needed", "error", "text-size"),
        (smallest >= floor, f"no text below {floor:g} pt (smallest {smallest:g} pt)",
         f"text as small as {smallest:g} pt: none may be below {floor:g} pt", "error", "text-size"),
        (ragged, f"body text {side}-aligned, never justified", f"some text is justified: it must be {side}-aligned",
         "error", "alignment"),
        (not italic, "no italic text", f"italic fonts used: {', '.join(italic)}", "error", "italic"),
        (longest <= MAX_LINE, f"lines of at most {MAX_LINE} characters (longest {longest})",
         f"a line of {longest} characters: at most {MAX_LINE} are allowed", "error", "line-length"),
    ]  # fmt: skip


def _day(day: dt.date) -> str:
    """A date as people read it: 1 June 2026."""
    return f"{day.day} {day:%B %Y}"


def _contrast(document: Document) -> list[Finding]:
    pairs: dict[tuple[CMYK, CMYK, bool], int] = {}
    for page in document.pages:
        fills = [i for i in page.items if isinstance(i, Fill)]
        for block in (i for i in page.items if isinstance(i, TextBlock)):
            for line in block.lines:
                for run in line.runs:
                    background = next((f.colour for f in fills if f.rect.y <= line.baseline <= f.rect.top
                                       and f.rect.x <= run.x <= f.rect.right), WHITE)  # fmt: skip
                    large = run.size >= 18 or (run.size >= 14 and "Bold" in run.font)
                    pairs.setdefault((run.colour, background, large), page.number)
    out = []
    for (fg, bg, large), number in pairs.items():
        ratio, needed = contrast(fg, bg), 3.0 if large else 4.5
        if ratio < needed:
            out.append(
                Finding(
                    "error",
                    "contrast",
                    number,
                    f"text colour {_describe(fg)} on {_describe(bg)} has contrast {ratio:.1f}:1; {needed:g}:1 is needed",
                )
            )
    return out


def _describe(colour: CMYK) -> str:
    return "C{:.0f} M{:.0f} Y{:.0f} K{:.0f}".format(*(100 * v for v in (colour.c, colour.m, colour.y, colour.k)))


def _flat(text: str) -> str:
    return "".join(text.split()).replace("\u00a0", "")


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
