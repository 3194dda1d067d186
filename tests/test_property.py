"""Properties: any generated content that builds has every character of its text in the PDF; and
whatever the content (lengths, list sizes, long words, minimal clinics), its layout in every format
never overlaps and never breaks a no-break unit."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pypdf
import yaml
from conftest import ROOT, laid_out, normalise
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import brochure
from brochure import rich
from brochure.layout.audit import audit

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789&<>'%-"
word = st.text(alphabet=LETTERS, min_size=1, max_size=12) | st.text(alphabet=LETTERS, min_size=40, max_size=90)
sentence = st.lists(word, min_size=1, max_size=40).map(" ".join)
paragraph = st.lists(sentence, min_size=1, max_size=6).map(lambda s: ". ".join(s) + ".")
section = st.fixed_dictionaries(
    {
        "heading": st.lists(word, min_size=1, max_size=8).map(" ".join),
        "body": st.lists(paragraph, min_size=1, max_size=4),
    }
)
numbered = st.lists(sentence, min_size=1, max_size=6).map(lambda items: {"numbered": items})

BASE = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(section, min_size=1, max_size=15), numbered)
def test_generated_content_loses_no_word(sections: list[dict[str, object]], listing: dict[str, list[str]]) -> None:
    sections[0]["body"] = [*sections[0]["body"], listing]  # type: ignore[list-item]
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copytree(ROOT / "assets", project / "assets")
        shutil.copy(ROOT / "brand.yaml", project / "brand.yaml")
        content = dict(BASE, sections=sections)
        (project / "content.yaml").write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        result = brochure.build(project / "content.yaml", project / "out.pdf")
        pages = [page.extract_text() for page in pypdf.PdfReader(project / "out.pdf").pages]
    # the running footer and the slug line are drawn last on each page: take them out so text
    # split over pages joins up
    footer = re.compile(
        r"NMC-KET-001\s+•\s+version 1\.0\s+•\s+published 1 November 2026\s+•\s+page \d+ of \d+"
        r"|Page \d+ of \d+|Phone 01632 960 123|NMC-KET-001|Version 1\.0|Review due Nov 2028|•"
    )
    extracted = normalise("".join(footer.sub("", page) for page in pages))
    assert result.pages >= 2
    for item in sections:
        assert normalise(str(item["heading"])) in extracted
        for block in item["body"]:  # type: ignore[attr-defined]
            texts = block["numbered"] if isinstance(block, dict) else [block]
            for text in texts:
                assert normalise(rich.plain(rich.parse(text))) in extracted


UNITS = ["1 November 2028", "5 March 2019", "version 1.0", "NB1 0XX", "1 mg/kg", "01632 960 123", "20 minutes"]
short_word = st.text(alphabet=LETTERS, min_size=1, max_size=12)
unit_word = word | st.sampled_from(UNITS)
unit_sentence = st.lists(unit_word, min_size=1, max_size=30).map(" ".join)
short_sentence = st.lists(short_word | st.sampled_from(UNITS), min_size=1, max_size=10).map(" ".join)
listing = st.lists(unit_sentence, min_size=1, max_size=7).map(lambda items: {"bullets": items})
body = st.lists(unit_sentence.map(lambda s: s + ".") | listing, min_size=1, max_size=3)
clinic = st.fixed_dictionaries(
    {
        "name": st.lists(short_word, min_size=1, max_size=5).map(" ".join),
        "phone": st.from_regex(r"01632 960 [0-9]{3}", fullmatch=True),
    },
    optional={
        "email": st.just("hello@example.org"),
        "web": st.just("https://www.example.org"),
        "address": st.lists(unit_word, min_size=1, max_size=10).map(" ".join),
        "hours": st.just("Monday to Friday, 9am to 5pm"),
    },
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.lists(st.fixed_dictionaries({"heading": short_sentence, "body": body}), min_size=1, max_size=6),
    clinic,
    st.lists(short_sentence, min_size=1, max_size=12),
    st.sampled_from(["a4", "a5-booklet", "dl-trifold"]),
    st.booleans(),
)
def test_generated_layouts_never_overlap_or_split_a_unit(
    sections: list[dict[str, object]], clinic: dict[str, str], options: list[str], fmt: str, large_print: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copytree(ROOT / "assets", project / "assets")
        shutil.copy(ROOT / "brand.yaml", project / "brand.yaml")
        content = dict(BASE, sections=sections, clinic=clinic, help=dict(BASE["help"], options=options))
        (project / "content.yaml").write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        try:
            document = laid_out(project / "content.yaml", format=fmt, large_print=large_print)
        except brochure.InputError as error:  # content a format cannot hold is refused, and says so
            assert all(d.location is not None for d in error.diagnostics)
            event("refused: " + error.diagnostics[0].message.split(" is ")[0][:40])
            return
    event(f"laid out: {fmt}")
    findings = [f for f in audit(document) if f.rule in ("overlap", "unit-split")]
    assert not findings, [f.message for f in findings]
