"""The variable-data batch: one print-ready leaflet per CSV row."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, normalise
from pypdf import PdfReader

import brochure
from brochure.__main__ import main
from brochure.batch import read_rows, run_batch, shard
from brochure.check import check_pdf

CLINICS = ROOT / "examples" / "clinics.csv"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, brochure.batch.BatchResult]:
    out = tmp_path_factory.mktemp("batch")
    return out, run_batch(ROOT / "content.yaml", CLINICS, out, brochure.BuildOptions(), jobs=2, merge=True)


def test_every_clinic_gets_its_own_print_ready_leaflet(batch: tuple[Path, brochure.batch.BatchResult]) -> None:
    out, result = batch
    rows, _ = read_rows(CLINICS)
    assert len(rows) >= 5 and result.count("built") == len(rows) and result.count("failed") == 0
    for row in rows:
        pdf = out / f"{row.name}.pdf"
        assert check_pdf(pdf, render_ink=False).errors == 0
        text = normalise("".join(page.extract_text() for page in PdfReader(pdf).pages))
        values = {o.path: o.value for o in row.overrides}
        assert normalise(values["clinic.name"]) in text and normalise(values["clinic.phone"]) in text
        assert normalise(values["clinic.email"]) in text
        if row.name != "northbrook":
            for template in ("Northbrook", "01632 960 123", "hello@example.org"):
                assert normalise(template) not in text, f"{row.name} still says {template}"
    logos = {row.name for row in rows if any(o.path == "brand.logo" for o in row.overrides)}
    assert len(logos) >= 2


def test_merged_file_has_every_record_bookmarked_with_one_profile(
    batch: tuple[Path, brochure.batch.BatchResult],
) -> None:
    out, result = batch
    assert result.merged == out / "merged.pdf"
    with pikepdf.open(result.merged) as pdf:
        assert len(pdf.pages) == 4 * result.count("built")
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root] == [r.row.name for r in result.results]
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        profiles = [o for o in streams if o.get("/N") == 4 and "/Alternate" in o]
        forms = [o for o in streams if o.get("/Subtype") == "/Form"]
        assert len(profiles) == 1, "the output profile is stored once"
        assert len(forms) == 1 + 3, "the illustration once, and each of the three different logos once"
        single = out / f"{result.results[0].row.name}.pdf"
        assert result.merged.stat().st_size < 1.5 * single.stat().st_size
    assert check_pdf(result.merged, render_ink=False).errors == 0


def test_a_broken_row_is_reported_by_row_and_the_rest_are_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "clinics.csv"
    data.write_text(
        "file,clinic.name,clinic.phone\ngood,Good Clinic,01632 960 100\nbad,Bad Clinic,call us\n../x,X,01632 960 101\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["batch", str(ROOT / "content.yaml"), "--data", str(data), "-o", str(out), "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert f"{data}:3:3: error: clinic.phone: 'call us' does not look like a phone number" in captured.err
    assert f"{data}:4:1: error: the name '../x' is not a usable file name" in captured.err
    assert "built 1, failed 2, skipped 0" in captured.out
    assert (out / "good.pdf").exists() and not (out / "bad.pdf").exists()


def test_unknown_column_is_located(tmp_path: Path) -> None:
    data = tmp_path / "clinics.csv"
    data.write_text("file,clinic.fax\none,01632 960 100\n", encoding="utf-8")
    result = run_batch(ROOT / "content.yaml", data, tmp_path / "out", brochure.BuildOptions(), jobs=1)
    [failure] = result.results
    assert failure.status == "failed" and f"{data}:2:2: error: clinic.fax: unknown key 'fax'" in failure.problems[0]


def test_skip_unchanged_and_shards(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_batch(
        ROOT / "content.yaml", CLINICS, out, brochure.BuildOptions(), jobs=1, skip_unchanged=True, shard_spec="1/2"
    )
    again = run_batch(
        ROOT / "content.yaml", CLINICS, out, brochure.BuildOptions(), jobs=1, skip_unchanged=True, shard_spec="1/2"
    )
    assert first.count("built") == len(first.results) > 0 and again.count("skipped") == len(again.results)
    rows, _ = read_rows(CLINICS)
    halves = shard(rows, "1/2") + shard(rows, "2/2")
    assert [r.name for r in halves] == [r.name for r in rows]
    with pytest.raises(brochure.InputError, match="--shard"):
        shard(rows, "3/2")
