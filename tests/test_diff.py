"""brochure.diff on real leaflets: what changed, on which page, where on the page, and the approved
snapshots a later build is compared with."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2
import pytest
import yaml
from conftest import ROOT

import brochure
from brochure.check import UnreadablePDF
from brochure.diff import (
    SCHEMA_VERSION,
    Box,
    PageRendition,
    Rendition,
    SnapshotError,
    compare,
    load_snapshot,
    render_pdf,
    write_report,
    write_snapshot,
)

OLD_SENTENCE = (
    "Unlike traditional antidepressants, which may take weeks to show results, ketamine can produce "
    "noticeable improvements within hours."
)
NEW_SENTENCE = (
    "Where older antidepressants may need several weeks to show results, ketamine can bring "
    "noticeable improvements within hours."
)
BRAIN = 'height="320" viewBox='  # the illustration's size, after its width
TOLERANCE = 3.0  # points: a change box may stop short of a glyph's faint anti-aliased edge


def _build(folder: Path, content: Callable[[dict[str, Any]], None] | None = None, **edits: tuple[str, str]) -> Path:
    """The default project copied into `folder`, its content changed by `content` and its other files
    edited (`brand=(old, new)` for brand.yaml, `svg=(old, new)` for the illustration), built; returns the PDF."""
    folder.mkdir()
    shutil.copytree(ROOT / "assets", folder / "assets")
    shutil.copy(ROOT / "brand.yaml", folder / "brand.yaml")
    data = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
    if content:
        content(data)
    (folder / "content.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name, (old, new) in edits.items():
        path = folder / {"brand": "brand.yaml", "svg": "assets/brain.svg"}[name]
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path.name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return brochure.build(folder / "content.yaml", folder / "leaflet.pdf").output


def _sentence(content: dict[str, Any]) -> None:
    section = content["sections"][0]
    assert OLD_SENTENCE in section["body"]
    section["body"] = section["body"].replace(OLD_SENTENCE, NEW_SENTENCE)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The default leaflet, built twice, and its variants: each built once for the module."""
    root = tmp_path_factory.mktemp("diff")
    built = {
        "default": brochure.build(ROOT / "content.yaml", root / "default.pdf").output,
        "rebuilt": brochure.build(ROOT / "content.yaml", root / "rebuilt.pdf").output,
        "sentence": _build(root / "sentence", _sentence),
        "colour": _build(root / "colour", brand=("primary: [100, 60, 0, 20]", "primary: [0, 100, 100, 35]")),
        # the brain drawn in a picture twice as wide, its left half empty: the cover's illustration moves right
        "moved": _build(
            root / "moved", svg=(f'width="400" {BRAIN}"0 0 400 320"', f'width="800" {BRAIN}"-400 0 800 320"')
        ),
    }
    with pikepdf.open(built["default"]) as pdf:
        assert len(pdf.pages) == 4
        del pdf.pages[1]
        pdf.save(root / "deleted.pdf")
    built["deleted"] = root / "deleted.pdf"
    return built


@pytest.fixture(scope="module")
def default(pdfs: dict[str, Path]) -> Rendition:
    return render_pdf(pdfs["default"])


def _inside(box: Box, boxes: tuple[Box, ...]) -> bool:
    return any(b[0] - TOLERANCE <= box[0] and b[1] - TOLERANCE <= box[1] and box[2] <= b[2] + TOLERANCE
               and box[3] <= b[3] + TOLERANCE for b in boxes)  # fmt: skip


def _union(boxes: list[Box]) -> Box:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _sentence_boxes(pdf: Path, page: int, sentence: str) -> list[Box]:
    """PDFium's box of each character of `sentence` on the page (line breaks read as spaces)."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        textpage = document[page - 1].get_textpage()
        text = textpage.get_text_range()
        assert len(text) == textpage.count_chars()
        visible = [(char, index) for index, char in enumerate(text) if not char.isspace()]
        joined = "".join(char for char, _ in visible)
        target = "".join(sentence.split())
        start = joined.index(target)
        return [textpage.get_charbox(index) for _, index in visible[start : start + len(target)]]
    finally:
        document.close()


def test_an_identical_rebuild_is_the_same(pdfs: dict[str, Path], default: Rendition) -> None:
    report = compare(default, render_pdf(pdfs["rebuilt"]))
    assert report.same and report.format() == "no changes"
    assert [(p.old, p.new, p.status, p.changed_percent, p.boxes) for p in report.pages] == [
        (n, n, "same", 0.0, ()) for n in range(1, 5)
    ]
    assert report.text == report.boxes == report.metadata == ()


def test_one_changed_sentence_is_found_on_its_page_and_boxed_where_it_is(
    pdfs: dict[str, Path], default: Rendition, tmp_path: Path
) -> None:
    new = render_pdf(pdfs["sentence"])
    report = compare(default, new)
    assert not report.same
    [changed] = [p for p in report.pages if p.status != "same"]
    assert (changed.old, changed.new, changed.status) == (2, 2, "changed") and 0 < changed.changed_percent < 5
    [text] = report.text
    assert (text.kind, text.old_page, text.new_page) == ("changed", 2, 2)
    assert (text.old, text.new) == (OLD_SENTENCE, NEW_SENTENCE)
    chars = _sentence_boxes(pdfs["sentence"], 2, NEW_SENTENCE)
    assert len(chars) == len("".join(NEW_SENTENCE.split()))
    assert _inside(_union(chars), (_union(list(changed.boxes)),))
    assert all(_inside(char, changed.boxes) for char in chars), "every glyph of the new sentence is in a change box"
    untouched = _sentence_boxes(pdfs["sentence"], 2, "Mechanism of Action")
    assert not any(_inside(char, changed.boxes) for char in untouched), "the next heading did not change"
    assert "page 2: changed: " in report.format() and NEW_SENTENCE in report.format()
    assert compare(default, new, threshold=changed.changed_percent).pages[1].status == "same"

    written = write_report(report, default, new, tmp_path / "report")
    names = sorted(path.name for path in written)
    assert names == ["page-002-highlight.png", "page-002-side-by-side.png", "report.html", "report.json", "report.md"]
    markdown = (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    assert "## Page 2" in markdown and "(page-002-highlight.png)" in markdown and NEW_SENTENCE in markdown
    assert f"| changed | 2 | 2 | {OLD_SENTENCE} | {NEW_SENTENCE} |" in markdown
    page = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and '<img src="page-002-highlight.png" alt="Page 2: ' in page
    assert (
        json.loads((tmp_path / "report" / "report.json").read_text())["pages"][1]["highlight"]
        == "page-002-highlight.png"
    )
    again = write_report(report, default, new, tmp_path / "again")
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in again], "the report is deterministic"


def test_a_moved_illustration_is_boxed_where_it_was_and_where_it_is(pdfs: dict[str, Path], default: Rendition) -> None:
    report = compare(default, render_pdf(pdfs["moved"]))
    assert [p.status for p in report.pages] == ["changed", "same", "same", "same"]
    assert report.text == ()
    before, after = (_illustration(pdfs[name]) for name in ("default", "moved"))
    assert after[0] - before[0] > 50, "the drawing moved right"
    assert _inside(before, report.pages[0].boxes) and _inside(after, report.pages[0].boxes)


def _illustration(pdf: Path) -> Box:
    """The cover's largest form XObject (the illustration; the logo is the other), as PDFium bounds it."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        forms = [obj.get_bounds() for obj in document[0].get_objects(max_depth=1) if obj.type == 5]
        return max(forms, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    finally:
        document.close()


def test_a_deleted_page_is_removed_and_the_rest_pair_unchanged(pdfs: dict[str, Path], default: Rendition) -> None:
    report = compare(default, render_pdf(pdfs["deleted"]))
    assert [(p.old, p.new, p.status) for p in report.pages] == [
        (1, 1, "same"), (2, None, "removed"), (3, 2, "same"), (4, 3, "same"),
    ]  # fmt: skip
    assert report.text and {(t.kind, t.old_page, t.new_page) for t in report.text} == {("removed", 2, None)}
    assert OLD_SENTENCE in [t.old for t in report.text]
    assert report.format().splitlines()[0] == "old page 2: removed"
    assert report.to_dict()["pages_old"] == 4 and report.to_dict()["pages_new"] == 3


def test_a_deleted_page_is_found_when_the_later_pages_are_renumbered(default: Rendition) -> None:
    """Page 3 of 4 that says "page 2 of 3" now is still the old page 3 (only its footer changed)."""

    def renumbered(page: PageRendition, number: int) -> PageRendition:
        text = re.sub(r"(?i)(page) [0-9] of 4", lambda m: f"{m.group(1)} {number} of 3", page.text)
        assert text != page.text
        return replace(page, number=number, text=text)

    pages = default.pages
    new = Rendition("new.pdf", (pages[0], renumbered(pages[2], 2), renumbered(pages[3], 3)), default.metadata)
    report = compare(default, new)
    assert [(p.old, p.new, p.status) for p in report.pages] == [
        (1, 1, "same"), (2, None, "removed"), (3, 2, "same"), (4, 3, "same"),
    ]  # fmt: skip
    assert {(t.kind, t.new_page) for t in report.text if t.kind != "removed"} == {("changed", 2), ("changed", 3)}


def test_a_new_brand_colour_changes_every_page_and_no_text(pdfs: dict[str, Path], default: Rendition) -> None:
    report = compare(default, render_pdf(pdfs["colour"]))
    assert [p.status for p in report.pages] == ["changed"] * 4
    assert all(p.changed_percent > 0.5 and p.boxes for p in report.pages)
    boxes = report.pages[1].boxes
    for heading in ("Understanding Ketamine", "Mechanism of Action", "Clinical Evidence"):  # in the primary colour
        assert all(_inside(char, boxes) for char in _sentence_boxes(pdfs["colour"], 2, heading)), heading
    body = _sentence_boxes(pdfs["colour"], 2, OLD_SENTENCE)  # black
    assert not any(_inside(char, boxes) for char in body), "black text is not boxed"
    assert report.text == () and report.boxes == () and report.metadata == ()


def test_snapshots_are_deterministic_and_compare_as_the_same(
    pdfs: dict[str, Path], default: Rendition, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    second.mkdir()
    (second / "page-005.png").write_bytes(b"an older, longer snapshot")
    (second / "page-005.txt").write_text("old", encoding="utf-8")
    written = write_snapshot(default, first)
    assert [p.name for p in written] == [f"page-00{n}.{kind}" for n in range(1, 5) for kind in ("png", "txt")] + [
        "manifest.json"
    ]
    assert sorted(p.name for p in write_snapshot(default, second)) == sorted(p.name for p in written)
    assert sorted(os.listdir(first)) == sorted(os.listdir(second)), "the stale page 5 is gone"
    for path in written:
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == SCHEMA_VERSION and manifest["dpi"] == 72 and len(manifest["pages"]) == 4
    assert manifest["pages"][0]["boxes"]["TrimBox"] == [36.8504, 36.8504, 632.126, 878.7402]
    assert "Understanding Ketamine" in (first / "page-002.txt").read_text(encoding="utf-8")

    assert compare(load_snapshot(first), render_pdf(pdfs["rebuilt"])).same
    assert not compare(load_snapshot(first), render_pdf(pdfs["sentence"])).same

    (second / "page-003.png").unlink()
    with pytest.raises(SnapshotError, match=r"page-003\.png"):
        load_snapshot(second)
    (first / "manifest.json").write_text('{"schema_version": 1, "pages": [', encoding="utf-8")
    with pytest.raises(SnapshotError, match=r"manifest\.json: damaged"):
        load_snapshot(first)
    with pytest.raises(SnapshotError, match="not found"):
        load_snapshot(tmp_path / "nowhere")


def test_a_file_that_is_not_a_pdf_is_unreadable(tmp_path: Path) -> None:
    noise = tmp_path / "noise.pdf"
    noise.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(UnreadablePDF, match=r"noise\.pdf"):
        render_pdf(noise)


def test_the_report_as_data(pdfs: dict[str, Path], default: Rendition) -> None:
    report = compare(default, render_pdf(pdfs["sentence"]))
    data = report.to_dict()
    assert data["schema_version"] == 1 and data["kind"] == "diff" and data["same"] is False
    keys = {
        "schema_version",
        "kind",
        "old",
        "new",
        "same",
        "pages_old",
        "pages_new",
        "pages",
        "text",
        "boxes",
        "metadata",
    }
    assert set(data) == keys
    assert (data["pages_old"], data["pages_new"]) == (4, 4)
    page = data["pages"][1]
    assert page["status"] == "changed" and len(page["boxes"]) == len(page["boxes_mm"]) > 0
    assert page["boxes_mm"][0][0] == pytest.approx(page["boxes"][0][0] * 25.4 / 72, abs=0.01)
    assert data["text"] == [{"kind": "changed", "old": OLD_SENTENCE, "new": NEW_SENTENCE, "old_page": 2, "new_page": 2}]
    assert json.loads(report.to_json()) == json.loads(json.dumps(data))
    assert report.to_json() == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)


def test_changed_boxes_and_metadata_are_listed(default: Rendition) -> None:
    page = default.pages[0]
    trimmed = {**page.boxes, "TrimBox": (40.0, 40.0, 600.0, 870.0)}
    new = Rendition("new.pdf", (type(page)(1, page.image, page.text, page.size, trimmed), *default.pages[1:]),
                    {**default.metadata, "Title": "Another title"})  # fmt: skip
    report = compare(default, new)
    assert [p.status for p in report.pages] == ["same"] * 4 and not report.same
    [box] = report.boxes
    assert (box.page, box.box, box.old, box.new) == (1, "TrimBox", page.boxes["TrimBox"], (40.0, 40.0, 600.0, 870.0))
    [title] = report.metadata
    assert (title.key, title.new) == ("Title", "Another title") and title.old == default.metadata["Title"]
    assert "page 1: TrimBox [13.0, 13.0, 223.0, 310.0] mm -> [14.11, 14.11, 211.67, 306.92] mm" in report.format()
