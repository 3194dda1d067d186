"""Leaflet checks: clear print, contrast, readability and required elements."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from conftest import ROOT

import brochure
from brochure.__main__ import main
from brochure.check.leaflet import check_leaflet, score, syllables
from brochure.colour import CMYK
from brochure.content import load_content
from brochure.layout.model import Document, Fill, Page

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def laid_out() -> tuple[brochure.Content, Document]:
    content, _ = load_content(ROOT / "content.yaml")
    _, document, _ = brochure.make_pdf(ROOT / "content.yaml")
    return content, document


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("cat", 1),
        ("table", 2),
        ("ketamine", 3),
        ("antidepressant", 5),
        ("reorganize", 4),
        ("hours", 1),
        ("action", 2),
        ("potential", 3),
        ("period", 3),
        ("patient", 2),
    ],
)
def test_syllables_by_rule(word: str, count: int) -> None:
    assert syllables(word) == count


def test_reading_scores_follow_flesch() -> None:
    easy = score("easy", "The cat sat on the mat. It was warm. We had tea.")
    hard = score(
        "hard",
        "Ketamine, originally developed as an anesthetic, has gained attention for its rapid-acting antidepressant properties.",
    )
    assert easy.reading_ease > 90 and easy.grade < 3 and easy.sentences == 3
    assert hard.reading_ease < 30 and hard.grade > 12 and hard.words == 14
    assert hard.longest[0].startswith("Ketamine, originally")


def test_default_leaflet_report(laid_out: tuple[brochure.Content, Document]) -> None:
    content, document = laid_out
    report = check_leaflet(content, document, False, "print", TODAY)
    assert report.errors == 0
    assert [f.check for f in report.findings] == ["readability"], (
        "the article's medical language reads above the targets"
    )
    assert [r.section for r in report.readability][:2] == ["Summary", "Understanding Ketamine"]
    assert report.readability[-1].section == "Whole article" and report.readability[-1].words > 300
    assert any(line.startswith("help option 5 on the slip") for line in report.passed)
    assert "Readability (targets: Flesch Reading Ease 60 or more, grade 8 or less)" in report.format()


def test_review_dates(laid_out: tuple[brochure.Content, Document]) -> None:
    content, document = laid_out
    late = replace(content, leaflet=replace(content.leaflet, review=dt.date(2030, 1, 1)))
    messages = [f.message for f in check_leaflet(late, document, False, "print", TODAY).findings]
    assert any("review date 1 January 2030 is more than 3 years after publication" in m for m in messages)
    past = check_leaflet(content, document, False, "print", dt.date(2029, 1, 1))
    [expired] = [f for f in past.findings if f.check == "dates"]
    assert expired.severity == "error"
    assert expired.message.startswith("review date 1 November 2028 has passed (today is 1 January 2029)")
    assert not any("has not passed" in line for line in past.passed), "a failed check never says its pass sentence"


def test_poor_contrast_on_a_band_is_an_error(laid_out: tuple[brochure.Content, Document]) -> None:
    content, document = laid_out
    cover = document.pages[0]
    pale = tuple(replace(i, colour=CMYK(0.1, 0.05, 0, 0)) if isinstance(i, Fill) else i for i in cover.items)
    washed = replace(document, pages=(Page(1, pale), *document.pages[1:]))
    found = [f for f in check_leaflet(content, washed, False, "print", TODAY).findings if f.check == "contrast"]
    assert found and all(f.page == 1 and f.severity == "error" for f in found)
    assert "text colour C0 M0 Y0 K0 on C10 M5 Y0 K0 has contrast 1.2:1; 3:1 is needed" in [f.message for f in found]


def test_large_print_minimum(laid_out: tuple[brochure.Content, Document]) -> None:
    content, document = laid_out
    report = check_leaflet(content, document, True, "print", TODAY)
    assert any(f.check == "text-size" and "at least 16 pt" in f.message for f in report.findings)


def test_check_command_for_leaflets(capsys: pytest.CaptureFixture[str], default_build: brochure.BuildResult) -> None:
    assert main(["check", str(ROOT / "content.yaml"), "--profile", "leaflet", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["errors"] == 0 and data["readability"]["targets"] == {
        "reading_ease_min": 60.0,
        "grade_max": 8.0,
    }
    assert len(data["readability"]["sections"]) == 8
    assert main(["check", str(ROOT / "content.yaml"), "--profile", "leaflet", "--large-print"]) == 0
    assert "body text at least 16 pt" in capsys.readouterr().out
    assert main(["check", str(default_build.output), "--profile", "leaflet"]) == 2
    assert main(["check", str(ROOT / "content.yaml")]) == 2


def test_every_build_reports_leaflet_problems_as_warnings(default_build: brochure.BuildResult) -> None:
    [warning] = [w for w in default_build.warnings if w.path.startswith("leaflet check")]
    assert warning.severity == "warning" and "reading ease" in warning.message
