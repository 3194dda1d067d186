"""Batch templates: a record written from another record's file must be the file `brochure build`
makes for it, byte for byte, and print-ready."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
from conftest import ROOT, normalise
from pypdf import PdfReader

import brochure
from brochure import Prepared, build_prepared, prepare
from brochure.batch import read_rows, run_batch
from brochure.check import check_pdf
from brochure.schema import Override
from brochure.template import load_template, shape, write_from

CONTENT = ROOT / "content.yaml"


def _row(**values: str) -> tuple[Override, ...]:
    where = brochure.Location("rows.csv", 2, 2)
    return tuple(Override(path, value, where) for path, value in values.items())


FIRST = _row(
    **{"clinic.name": "Ashford Mind Clinic", "clinic.phone": "01632 960 201", "clinic.email": "ashford@example.org"}
)
SECOND = _row(
    **{"clinic.name": "Bexley Mood Service", "clinic.phone": "01632 960 202", "clinic.email": "bexley@example.org"}
)


def _template(tmp_path: Path, overrides: tuple[Override, ...]) -> tuple[Prepared, brochure.template.Template]:
    prepared = prepare(CONTENT, brochure.BuildOptions(), overrides)
    result, data, rendered = build_prepared(prepared, tmp_path / "template.pdf")
    assert result.print_ready
    return prepared, load_template(data, prepared.document, rendered.pages)


def _struct_tree(pdf: pikepdf.Pdf) -> list[tuple[str, object]]:
    """The structure tree as (role, kids) in order: MCIDs, and the page each element is on."""
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    out: list[tuple[str, object]] = []

    def visit(element: pikepdf.Object) -> None:
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        page = pages.get(element.Pg.objgen) if "/Pg" in element else None
        out.append((str(element.get("/S")), (page, [k for k in kids if isinstance(k, int)])))
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR":
                visit(kid)

    visit(pdf.Root.StructTreeRoot.K)
    return out


def test_a_record_written_from_a_template_is_its_own_build_page_for_page(tmp_path: Path) -> None:
    first, template = _template(tmp_path, FIRST)
    second = prepare(CONTENT, brochure.BuildOptions(), SECOND)
    assert shape(second) == shape(first), "same shape: only the words differ"
    made = write_from(template, second)
    assert made is not None
    patched, preflight = made
    assert preflight.errors == 0 and preflight.warnings == 0
    (tmp_path / "patched.pdf").write_bytes(patched)
    _, whole, _ = build_prepared(second, tmp_path / "whole.pdf")
    assert patched == whole, "the same bytes as the record's own build"

    with pikepdf.open(io.BytesIO(patched)) as a, pikepdf.open(io.BytesIO(whole)) as b:
        assert len(a.pages) == len(b.pages)
        for page_a, page_b in zip(a.pages, b.pages, strict=True):
            assert page_a.obj.Contents.read_bytes() == page_b.obj.Contents.read_bytes()
            for box in ("/MediaBox", "/TrimBox", "/BleedBox"):
                assert [float(v) for v in page_a.obj[box]] == [float(v) for v in page_b.obj[box]]
        assert _struct_tree(a) == _struct_tree(b)
        assert str(a.trailer.Info.Author) == "Bexley Mood Service" == str(b.trailer.Info.Author)
        assert b"Bexley Mood Service" in a.Root.Metadata.read_bytes()
    text = normalise("".join(page.extract_text() for page in PdfReader(tmp_path / "patched.pdf").pages))
    for value in ("Bexley Mood Service", "01632 960 202", "bexley@example.org"):
        assert normalise(value) in text
    for value in ("Ashford", "960 201", "ashford@"):
        assert normalise(value) not in text
    report = check_pdf(tmp_path / "patched.pdf", render_ink=shutil.which("gs") is not None)
    assert report.errors == 0, report.findings
    if shutil.which("qpdf"):
        checked = subprocess.run(["qpdf", "--check", str(tmp_path / "patched.pdf")], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_character_beyond_the_template_fonts_is_built_whole(tmp_path: Path) -> None:
    _, template = _template(tmp_path, FIRST)
    polish = _row(
        **{"clinic.name": "Łódź Mind Clinic", "clinic.phone": "01632 960 203", "clinic.email": "lodz@example.org"}
    )
    prepared = prepare(CONTENT, brochure.BuildOptions(), polish)
    assert shape(prepared) == shape(prepare(CONTENT, brochure.BuildOptions(), FIRST))
    assert write_from(template, prepared) is None, "Ł has no code in the template's font subsets"


def test_a_different_shape_is_not_written_from_the_template(tmp_path: Path) -> None:
    long_address = _row(
        **{"clinic.address": "Unit 4, The Old Mill, 12 Long Example Lane, Northbrook Industrial Estate, NB1 0XX"}
    )
    assert shape(prepare(CONTENT, brochure.BuildOptions(), long_address)) != shape(prepare(CONTENT))
    assert shape(prepare(CONTENT, brochure.BuildOptions(edition="screen"))) is None, "screen editions are built whole"


def test_batch_writes_most_records_from_templates_and_each_is_right(tmp_path: Path) -> None:
    # the logo's alt text is in the structure tree, not redrawn: rows that would each get their own
    # ("Clinic Number 03 logo", batch.own_clinic) are built whole, so these rows state one
    rows = [["file", "clinic.name", "clinic.phone", "clinic.email", "brand.logo_alt"]]
    rows += [
        [f"clinic-{i}", f"Clinic Number {i:02d}", f"01632 960 {300 + i}", f"c{i:02d}@example.org", "The clinic's logo"]
        for i in range(8)
    ]
    rows.append(["clinic-lodz", "Łódź Clinic Number", "01632 960 399", "lodz@example.org", "The clinic's logo"])
    data = tmp_path / "rows.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = run_batch(CONTENT, data, tmp_path / "out", brochure.BuildOptions(), jobs=1)
    assert result.count("built") == 9
    assert sum(r.from_template for r in result.results) == 7, "the first builds the template; Ł is built whole"
    for name, clinic, phone, email, _ in rows[1:]:
        pdf = tmp_path / "out" / f"{name}.pdf"
        assert check_pdf(pdf, render_ink=False).errors == 0
        text = normalise("".join(page.extract_text() for page in PdfReader(pdf).pages))
        assert all(normalise(v) in text for v in (clinic, phone, email))
        others = [r[1] for r in rows[1:] if r[1] != clinic]
        assert not any(normalise(other) in text for other in others)


def test_example_clinics_of_the_default_shape_written_from_it_are_their_own_builds(tmp_path: Path) -> None:
    base = prepare(CONTENT)
    same = [
        prepared
        for row in read_rows(ROOT / "examples" / "clinics.csv")[0]
        if shape(prepared := prepare(CONTENT, brochure.BuildOptions(), row.overrides)) == shape(base)
    ]
    assert same, "at least one example clinic shares the default leaflet's shape"
    _, data, rendered = build_prepared(base, tmp_path / "base.pdf")
    template = load_template(data, base.document, rendered.pages)
    for index, prepared in enumerate(same):
        made = write_from(template, prepared)
        assert made is not None and made[1].errors == 0
        _, whole, _ = build_prepared(prepared, tmp_path / f"whole{index}.pdf")
        assert made[0] == whole


def test_what_is_drawn_outside_the_items_is_part_of_the_shape(tmp_path: Path) -> None:
    """The slug line (reference, version, date) and the cut line are drawn around the items: a
    record that changes them is not written from another record's pages."""
    other_version = _row(**{"clinic.name": "Ashford Mind Clinic", "leaflet.version": "2.0"})
    assert shape(prepare(CONTENT, brochure.BuildOptions(), other_version)) != shape(
        prepare(CONTENT, brochure.BuildOptions(), FIRST)
    )
    rows = [["file", "clinic.name", "leaflet.version"], ["one", "Clinic One", "1.0"], ["two", "Clinic Two", "2.5"]]
    data = tmp_path / "rows.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = run_batch(CONTENT, data, tmp_path / "out", brochure.BuildOptions(), jobs=1)
    assert result.count("built") == 2
    slug = PdfReader(tmp_path / "out" / "two.pdf").pages[0].extract_text()
    assert "version 2.5" in slug and "version 1.0" not in slug


def test_a_batch_is_the_same_bytes_however_it_is_scheduled(tmp_path: Path) -> None:
    """Which record becomes a template depends on the workers; the files must not."""
    data = ROOT / "examples" / "clinics.csv"
    rows = [line for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
    doubled = tmp_path / "doubled.csv"
    doubled.write_text(
        "\n".join([rows[0], *rows[1:], *(r.replace(",", "-2,", 1) for r in rows[1:])]) + "\n", encoding="utf-8"
    )
    one = run_batch(CONTENT, doubled, tmp_path / "one", brochure.BuildOptions(), jobs=1)
    two = run_batch(CONTENT, doubled, tmp_path / "two", brochure.BuildOptions(), jobs=2)
    assert one.count("built") == two.count("built") == 2 * (len(rows) - 1)
    assert any(r.from_template for r in one.results)
    for result in one.results:
        assert result.output is not None
        name = result.output.name
        assert result.output.read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    first = one.results[0]
    assert first.output is not None
    built = brochure.build(CONTENT, tmp_path / "alone.pdf", brochure.BuildOptions(), first.row.overrides)
    assert built.output.read_bytes() == first.output.read_bytes()
