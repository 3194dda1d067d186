"""brochure's own words in one table per language (labels.py, assets/labels/*.yaml), the content's
`labels:` over them, dates per language, and readability only for English."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml

import brochure
from brochure import labels as built_in
from brochure.check.leaflet import check_leaflet
from brochure.content import load_content
from brochure.errors import InputError
from brochure.labels import KEYS, Labels, labels_for
from brochure.marks import NO_MARKS

UNMARKED = brochure.BuildOptions(marks=NO_MARKS)  # the slug, outside the trim, is for the print shop (English)
SHIPPED = ("en", "cy", "pl", "ar", "ur", "bn", "pa", "gu", "ro", "pt", "zh")
LATIN = ("cy", "pl", "ro", "pt")

# What brochure printed before the tables, word for word: the English table must be exactly this.
TODAY = {
    "page_of": "Page {number} of {total}", "footer_phone": "Phone {phone}", "footer_version": "Version {version}",
    "footer_review": "Review due {date}", "patient_information": "Patient information", "contact_us": "Contact us",
    "contact_phone": "Phone:", "contact_email": "Email:",
    "link_email": "Email {email}", "link_phone": "Call {phone}", "link_web": "Web page {address}", "your_views": "Your views",
    "about_leaflet": "About this leaflet", "sources": "Sources", "written_by": "Written by {author}.",
    "published": "Published {date}.", "review_due": "Next review due {date}.",
    "reference_version": "Reference {reference}, version {version}.", "notes_heading": "Notes",
    "notes_invitation": "You can write down questions for your care team here.", "list_number": "{number}.",
    "continued_overleaf": "Continued on the back of the leaflet",
    "slip_reference": "Leaflet {reference}, version {version}", "field_name": "Name", "field_phone": "Phone",
    "field_email": "Email", "field_best_time": "Best time to contact", "leave_message": "May we leave a message?",
    "answer_yes": "Yes", "answer_no": "No", "cut_here": "Cut along the dotted line",
    "slip_continued": "Reply slip, continued from the other side", "slip_back": "This is the back of the reply slip.",
    "return_to": "Return to:", "hand_in_at": "Please hand it in at {clinic} reception.",
    "hand_in_slip": "Please hand this slip in at reception.",
    "fill_in_email": "Fill in this form, save it and email it to {email}, or call {phone}.",
    "fill_in_call": "Fill in this form, save it and send it to us, or call {phone}.",
    "tick_box_named": "{label}, check box", "write_in_named": "{label}, write-in field",
    "default_help_heading": "How can we help?",
    "default_help_intro": "Choose from the following options",
    "default_help_return": "Please hand this slip in at reception, or post it to us in an envelope.",
    "default_help_privacy": "We will use your details only to contact you about your request, and keep them "
    "confidentially in line with data protection law.",
    "default_disclaimer": "This leaflet gives general information. It does not replace advice from your own doctor "
    "or care team about your treatment.",
    "default_other_formats": "This leaflet is available in large print and other formats and languages. Please ask us.",
    "default_feedback": "We welcome your comments on this leaflet. Please tell us at reception.",
    "default_feedback_email": "We welcome your comments on this leaflet. Please tell us at reception or email {email}.",
}  # fmt: skip

Variant = Callable[[Callable[[dict[str, Any]], None]], Path]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, a no-break space read as a space (dates in other languages are joined with them)."""
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().replace("\u00a0", " ").split()) for page in pages)


def in_language(variant: Variant, language: str, **changes: Any) -> Path:
    def change(content: dict[str, Any]) -> None:
        content["language"] = language
        content.update(changes)

    return variant(change)


# The tables


def test_every_language_asked_for_has_a_table() -> None:
    assert set(SHIPPED) <= set(built_in.languages())


@pytest.mark.parametrize("language", SHIPPED)
def test_every_table_has_every_english_key_with_the_same_placeholders(language: str) -> None:
    english = built_in.table("en")
    table = built_in.table(language)
    assert english is not None and table is not None
    assert not table.invalid, f"{language}: unusable labels {table.invalid}"
    assert list(table.texts) == list(english.texts) == list(KEYS), f"{language}: keys differ from English"
    for key in KEYS:
        assert fields(table.texts[key]) == fields(english.texts[key]) == set(built_in.placeholders(key)), key
        assert table.texts[key].strip() == table.texts[key] and table.texts[key], key
    loaded = labels_for(language)
    assert loaded.language == language and not loaded.notes
    assert "2026" in loaded.date(dt.date(2026, 11, 1)) and "2028" in loaded.month_year(dt.date(2028, 11, 1))
    assert loaded.get("page_of", number=3, total=4).count("3") == 1


@pytest.mark.parametrize("language", SHIPPED)
def test_every_table_says_who_drafted_it_and_who_should_review_it(language: str) -> None:
    text = (built_in.TABLES / f"{language}.yaml").read_text(encoding="utf-8")
    header = text.split("\nlanguage:")[0]
    assert all(line.startswith("#") or not line for line in header.splitlines()), "the file opens with its header"
    for said in ("Language:", "Drafted by: the brochure developers", "Review:", "Status:", "Digits"):
        assert said in header or (said == "Digits" and "Digits:" in header), f"{language}: no {said!r}"
    if language != "en":
        assert "NOT YET REVIEWED" in header and "qualified" in header and "clinician" in header
    data = yaml.safe_load(text)
    assert data["language"] == language and data["digits"] == "latn", "Western digits unless a table says otherwise"


def test_the_english_table_is_what_brochure_always_printed() -> None:
    english = labels_for("en-GB")
    assert dict(english.texts) == TODAY
    assert english.get("page_of", number=2, total=4) == "Page 2 of 4"
    from babel.dates import format_date

    for month in range(1, 13):  # dates exactly as strftime wrote them ('Sep', not CLDR en-GB's 'Sept')
        day = dt.date(2028, month, 1 + month)
        assert english.date(day) == f"{day.day} {day:%B %Y}" == format_date(day, "d MMMM y", locale="en")
        assert english.month_year(day) == f"{day:%b %Y}" == format_date(day, "MMM y", locale="en")


def test_languages_are_matched_by_their_primary_subtag() -> None:
    assert labels_for("cy-GB").language == "cy" and labels_for("PL").language == "pl"
    assert labels_for("pt-BR").get("page_of", number=1, total=4) == "Página 1 de 4"
    assert labels_for("zh-Hans-CN").date(dt.date(2026, 11, 1)) == "2026年11月1日"
    assert labels_for("cy").date(dt.date(2026, 11, 1)) == "1\u00a0Tachwedd\u00a02026", "kept on one line"
    assert labels_for("pl").date(dt.date(2026, 11, 1)) == "1\u00a0listopada\u00a02026"
    assert labels_for("pl").month_year(dt.date(2028, 11, 1)) == "listopad\u00a02028"
    traditional = labels_for("zh-TW")
    assert traditional.language == "en" and "Hans" in traditional.notes[0].message, "Simplified is not Traditional"


def test_a_table_may_use_other_digits() -> None:
    english = labels_for("en")
    arabic = Labels("ar", "ar", "d MMMM y", "MMMM y", "arab", english.texts)
    assert arabic.get("page_of", number=12, total=40) == "Page ١٢ of ٤٠"
    assert arabic.date(dt.date(2026, 11, 1)).startswith("١\u00a0")


def test_a_table_missing_keys_falls_back_to_english_and_says_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(built_in.TABLES / "en.yaml", tmp_path / "en.yaml")
    data = yaml.safe_load((built_in.TABLES / "cy.yaml").read_text(encoding="utf-8"))
    del data["labels"]["cut_here"], data["labels"]["answer_no"]
    data["labels"]["page_of"] = "Tudalen {rhif} o {total}"  # a wrong placeholder: unusable, so English
    (tmp_path / "cy.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(built_in, "TABLES", tmp_path)
    built_in.table.cache_clear()
    try:
        labels = labels_for("cy", {"answer_no": "Na"})
    finally:
        monkeypatch.undo()
        built_in.table.cache_clear()
    [note] = labels.notes
    assert note.severity == "warning" and "page_of, cut_here" in note.message and "answer_no" not in note.message
    assert labels.get("cut_here") == "Cut along the dotted line" and labels.get("field_name") == "Enw"
    assert labels.get("page_of", number=1, total=2) == "Page 1 of 2" and labels.get("answer_no") == "Na"


@pytest.mark.parametrize(
    ("key", "text", "says"),
    [
        ("page_of", "Page of {total}", "must show {number}"),
        ("page_of", "Page {nmber} of {total}", "unknown placeholder {nmber}"),
        ("sources", "Sources {total}", "unknown placeholder {total}"),
        ("page_of", "Page {number:>3} of {total}", "has a format"),
        ("page_of", "Page {number} of {total", "not a placeholder"),
        ("page_of", "{{Page}} {number} of {total}", None),
    ],
)
def test_a_label_must_show_its_placeholders_and_no_others(key: Any, text: str, says: str | None) -> None:
    found = built_in.problem(key, text)
    assert (found is None) if says is None else (found is not None and says in found[0])


# The leaflet


def test_the_default_leaflet_is_unchanged(default_build: brochure.BuildResult, variant: Variant) -> None:
    """The default leaflet is byte for byte the leaflet built with today's English words given
    explicitly, and carries them where they always were."""
    explicit = variant(lambda content: content.update(labels=TODAY))
    default = default_build.output.read_bytes()
    assert brochure.make_pdf(explicit)[0] == default
    text = pdf_text(default)
    for words in ("Patient information", "Contact us", "Phone: 01632 960 123", "Email: hello@example.org",
                  "Page 2 of 4", "Version 1.0", "Review due Nov 2028", "Your views", "About this leaflet",
                  "Published 1 November 2026. Next review due 1 November 2028.",
                  "Reference NMC-KET-001, version 1.0.", "Sources", "Leaflet NMC-KET-001, version 1.0",
                  "Name", "Best time to contact", "May we leave a message?", "Yes", "No",
                  "Cut along the dotted line", "This is the back of the reply slip.", "Return to:",
                  "We welcome your comments on this leaflet. Please tell us at reception or email hello@example.org."):  # fmt: skip
        assert words in text, words


def test_labels_in_the_content_reach_the_pdf(variant: Variant) -> None:
    given = {"page_of": "Seite {number} von {total}", "field_name": "Full name", "cut_here": "Cut here",
             "footer_review": "Review by {date}", "default_feedback_email": "Tell us: {email}."}  # fmt: skip
    content = variant(lambda content: content.update(labels=given))
    pdf, _, warnings = brochure.make_pdf(content)
    text = pdf_text(pdf)
    for words in ("Seite 2 von 4", "Full name", "Cut here", "Review by Nov 2028", "Tell us: hello@example.org."):
        assert words in text, words
    assert "Page 2 of 4" not in text and "Cut along" not in text
    assert not [w for w in warnings if w.path.startswith("labels")]


def test_a_bad_label_is_an_error_at_its_line_and_column(edit: Callable[[str, str], Path]) -> None:
    content = edit(
        "language: en-GB\n",
        'language: en-GB\nlabels:\n  page_of: "Page of {total}"\n  pge_ofs: "x"\n'
        '  footer_version: "V {verson}"\n  default_disclaimer: "**not closed"\n',
    )
    lines = content.read_text(encoding="utf-8").splitlines()
    row = lines.index("labels:") + 1
    with pytest.raises(InputError) as caught:
        load_content(content)
    found = {d.path: d for d in caught.value.diagnostics}
    assert str(found["labels.page_of"].location) == f"{content}:{row + 1}:12"
    assert "must show {number}" in found["labels.page_of"].message
    assert str(found["labels.pge_ofs"].location) == f"{content}:{row + 2}:3"
    assert found["labels.pge_ofs"].message == "unknown key 'pge_ofs'" and "page_of" in found["labels.pge_ofs"].hint
    assert str(found["labels.footer_version"].location) == f"{content}:{row + 3}:19"
    assert "unknown placeholder {verson}" in found["labels.footer_version"].message
    assert found["labels.footer_version"].hint == "did you mean 'version'?"
    assert str(found["labels.default_disclaimer"].location) == f"{content}:{row + 4}:23"


def test_a_language_without_a_table_warns_naming_the_labels(variant: Variant) -> None:
    content = in_language(variant, "fr", labels={"page_of": "Page {number} sur {total}"})
    pdf, _, warnings = brochure.make_pdf(content, UNMARKED)
    [note] = [w for w in warnings if w.path == "language"]
    assert note.severity == "warning" and note.location is not None and note.location.line > 0
    assert "no labels table for 'fr'" in note.message and "printed in English" in note.message
    assert "field_name" in note.message and "cut_here" in note.message and "page_of" not in note.message
    text = pdf_text(pdf)
    assert "Page 2 sur " in text and "Cut along the dotted line" in text
    assert "1 novembre 2026" in text, "dates in the leaflet's language, where CLDR has it"


WORDS = {  # the page number (longer footers may make more pages), a date, slip fields, the review line
    "cy": ("Tudalen 2 o ", "1 Tachwedd 2026", "Ffôn", "Torrwch ar hyd y llinell ddotiog", "Adolygu: Tach 2028"),
    "pl": ("Strona 2 z ", "1 listopada 2026", "Imię i nazwisko", "Czy możemy zostawić wiadomość?", "Przegląd: listopad 2028"),
    "ro": ("Pagina 2 din ", "1 noiembrie 2026", "Nume", "Tăiați de-a lungul liniei punctate", "Revizuire: nov. 2028"),
    "pt": ("Página 2 de ", "1 de novembro de 2026", "Nome", "Podemos deixar uma mensagem?", "Revisão: nov. de 2028"),
}  # fmt: skip


@pytest.mark.parametrize("language", LATIN)
def test_a_leaflet_in_another_language_prints_its_table(variant: Variant, language: str) -> None:
    pdf, _, warnings = brochure.make_pdf(in_language(variant, language), UNMARKED)
    text = pdf_text(pdf)
    for words in WORDS[language]:
        assert words in text, f"{language}: {words!r}"
    for english in ("Page 2 of", "Cut along the dotted line", "May we leave a message?", "Patient information"):
        assert english not in text, english
    assert not [w for w in warnings if w.path == "language"], "a complete table: nothing to warn about"


def test_a_welsh_leaflet_dates_in_welsh(variant: Variant) -> None:
    pdf, _, _ = brochure.make_pdf(in_language(variant, "cy"), UNMARKED)
    text = pdf_text(pdf)
    assert "Cyhoeddwyd 1 Tachwedd 2026." in text and "Adolygiad nesaf: 1 Tachwedd 2028." in text
    assert "1 November 2026" not in text and "Nov 2028" not in text


def test_readability_is_not_assessed_for_polish(variant: Variant) -> None:
    content_path = in_language(variant, "pl")
    prepared = brochure.prepare(content_path)
    report = check_leaflet(prepared.content, prepared.document, False, "print", dt.date(2027, 1, 1))
    [finding] = [f for f in report.findings if f.check == "readability"]
    assert finding.severity == "info" and "not assessed" in finding.message and "Polish (pl)" in finding.message
    assert "made for English" in finding.message and report.readability == () and report.warnings == 0
    assert "Readability: not assessed." in report.format() and '"assessed": false' in report.to_json()
    [said] = [w for w in prepared.warnings if w.path == "leaflet check (readability)"]
    assert said.severity == "info", "a note, not a warning"


def test_readability_is_assessed_for_english_variants(variant: Variant) -> None:
    prepared = brochure.prepare(in_language(variant, "en-US"))
    report = check_leaflet(prepared.content, prepared.document, False, "print", dt.date(2027, 1, 1))
    assert report.readability and [f.severity for f in report.findings if f.check == "readability"] == ["warning"]


def test_a_label_the_fonts_cannot_print_is_an_error_where_it_is_given(edit: Callable[[str, str], Path]) -> None:
    content = edit("language: en-GB\n", 'language: en-GB\nlabels:\n  field_name: "Name \U0001f600"\n')
    row = content.read_text(encoding="utf-8").splitlines().index("labels:") + 2
    with pytest.raises(InputError) as caught:
        brochure.prepare(content)
    [found] = [d for d in caught.value.diagnostics if d.path == "labels.field_name"]
    assert "U+1F600" in found.message and str(found.location) == f"{content}:{row}:21"
