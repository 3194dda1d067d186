"""Hostile and careless CSV files: characters that once split rows, quoted line breaks, cells no
YAML reads, bombs in cells, duplicated and extra columns, a row named like the merged file,
damaged manifests, devices, other encodings, and inputs --skip-unchanged must notice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pypdf
import pytest
from hostile_cli import ROOT, clean, run, run_bounded


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    for name in ("content.yaml", "brand.yaml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "assets", folder / "assets")
    return folder


def batch(project: Path, csv: str, *extra: str, encoding: str = "utf-8") -> tuple[int, str, Path]:
    data = project / "rows.csv"
    data.write_bytes(csv.encode(encoding))
    out = project / "out"
    code, output = run(
        "batch", str(project / "content.yaml"), "--data", str(data), "-o", str(out), "--jobs", "1", *extra
    )
    return code, output, out


def text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def test_line_separators_in_a_cell_do_not_split_its_row(project: Path) -> None:
    rows = "".join(f'r{n},Clinic {n},"01632 960 11{n}"\n' for n in range(3))
    rows = (
        rows.replace("Clinic 0", "Clinic\u2028Zero")
        .replace("Clinic 1", "Clinic\x0cOne")
        .replace("Clinic 2", "Clinic\x85Two")
    )
    code, output, out = batch(project, "file,clinic.name,clinic.phone\n" + rows)
    assert code == 0 and clean(output), output
    for n, name in enumerate(("Clinic Zero", "Clinic One", "Clinic Two")):
        printed = text(out / f"r{n}.pdf")
        assert name in printed and f"01632 960 11{n}" in printed and "01632 960 123" not in printed


def test_a_quoted_address_of_two_lines_keeps_its_line_break(project: Path) -> None:
    code, output, out = batch(project, 'file,clinic.address\nhome,"2 High Street\nTownsville TS1 1AA"\n')
    assert code == 0 and clean(output)
    lines = text(out / "home.pdf").splitlines()
    assert "2 High Street" in lines and "Townsville TS1 1AA" in lines


def test_bad_cells_fail_only_their_own_rows(project: Path) -> None:
    bomb = "&a [x,x,x,x,x,x,x,x,x]"
    rows = [
        "good1,Good One",
        "quote,[O'Brien Clinic",
        "bomb," + bomb,
        "deep," + "[" * 50_000,
        "long," + "x" * 131_073,
        "good2,Good Two",
    ]
    code, output, out = batch(project, "file,clinic.name\n" + "\n".join(rows) + "\n")
    assert code == 1 and clean(output), output[-2000:]
    assert (out / "good1.pdf").exists() and (out / "good2.pdf").exists()
    assert "[O'Brien Clinic" in text(out / "quote.pdf"), "a cell YAML cannot read is the text it is"
    assert "rows.csv:6:1: error: the row cannot be read: field larger than field limit" in output
    assert not (out / "long.pdf").exists()


def test_a_duplicated_column_is_an_error_of_the_file(project: Path) -> None:
    code, output, out = batch(project, "file,clinic.name,clinic.phone,clinic.name\nr,A,01632 960 100,B\n")
    assert code == 2 and clean(output)
    assert "rows.csv:1:4: error: the column 'clinic.name' is given twice (columns 2 and 4)" in output
    assert not out.exists() or not list(out.glob("*.pdf"))


def test_values_beyond_the_header_fail_their_row(project: Path) -> None:
    code, output, out = batch(project, "file,clinic.name\nok,A Clinic\nextra,B Clinic,01632 960 100\n")
    assert code == 1 and "rows.csv:3:3: error: has a value in column 3, beyond the 2 the header names" in output
    assert (out / "ok.pdf").exists() and not (out / "extra.pdf").exists()


def test_a_row_cannot_take_the_merged_file_s_name(project: Path) -> None:
    code, output, out = batch(project, "file,clinic.name\nmerged,A Clinic\nother,B Clinic\n", "--merge")
    assert code == 1 and "rows.csv:2:1: error: the name 'merged' is kept for the merged file (--merge)" in output
    assert len(pypdf.PdfReader(out / "merged.pdf").pages) == 4, "merged.pdf holds the other row only"


@pytest.mark.parametrize("manifest", ["[1, 2, 3]", "[" * 100_000 + "]" * 100_000, "{not json", '{"a": [1]}'])
def test_a_damaged_manifest_means_build_everything(project: Path, manifest: str) -> None:
    (project / "out").mkdir()
    (project / "out" / ".brochure-batch.json").write_text(manifest, encoding="utf-8")
    code, output, out = batch(project, "file,clinic.name\nr,A Clinic\n", "--skip-unchanged")
    assert code == 0 and clean(output) and (out / "r.pdf").exists()
    assert json.loads((out / ".brochure-batch.json").read_text(encoding="utf-8"))["r"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_as_the_data_is_refused(project: Path) -> None:
    code, output = run_bounded("batch", str(project / "content.yaml"), "--data", "/dev/zero", "-o", str(project / "o"))
    assert code == 2 and clean(output) and "the CSV file is not a regular file" in output


def test_a_csv_in_another_encoding_says_how_to_save_it(project: Path) -> None:
    code, output, _ = batch(project, "file,clinic.name\nr,Clinic \u2019s\n", encoding="cp1252")
    assert code == 2 and clean(output) and "not UTF-8 text" in output and "CSV UTF-8" in output


def test_skip_unchanged_notices_every_file_a_row_reads(project: Path) -> None:
    shutil.copy(project / "brand.yaml", project / "other-brand.yaml")
    (project / "art").mkdir()
    shutil.copy(project / "assets" / "brain.svg", project / "art" / "picture.svg")
    csv = "file,brand,illustration.file\nr,other-brand.yaml,art/picture.svg\n"
    code, output, _ = batch(project, csv, "--skip-unchanged")
    assert code == 0 and "built 1" in output
    code, output, _ = batch(project, csv, "--skip-unchanged")
    assert "skipped 1" in output
    brand = project / "other-brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("[100, 60, 0, 20]", "[90, 50, 0, 30]"), encoding="utf-8")
    code, output, _ = batch(project, csv, "--skip-unchanged")
    assert "built 1" in output, "an edit to a brand file of another name is noticed"
    picture = project / "art" / "picture.svg"
    picture.write_text(picture.read_text(encoding="utf-8").replace("</svg>", "<!-- edited --></svg>"), encoding="utf-8")
    code, output, _out = batch(project, csv, "--skip-unchanged")
    assert "built 1" in output, "an edit to a picture outside assets/ is noticed"
