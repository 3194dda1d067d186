"""The print masters as readers that are not brochure's see them: Ghostscript's separations
(`tiffsep`) and its PDF/X writer (`-dPDFX`), qpdf and poppler, for the PDF/X-4 and PDF/X-1a
editions, an imposed booklet and a merged PDF/VT batch."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

import brochure
from brochure.batch import run_batch

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("gs", "qpdf", "pdfinfo")),
    reason="Ghostscript, qpdf and poppler-utils are not all installed (CI installs them)",
)
CONTENT = ROOT / "content.yaml"
PROCESS = {"Cyan", "Magenta", "Yellow", "Black"}


@pytest.fixture(scope="module")
def masters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("readers")
    made = {
        "x4": brochure.build(CONTENT, out / "x4.pdf", brochure.BuildOptions()).output,
        "x1a": brochure.build(CONTENT, out / "x1a.pdf", brochure.BuildOptions(pdfx="x1a")).output,
        "imposed": brochure.build(
            CONTENT, out / "imposed.pdf", brochure.BuildOptions(format="a5-booklet", impose=True)
        ).output,
    }
    batch = run_batch(CONTENT, ROOT / "examples" / "clinics.csv", out / "batch", brochure.BuildOptions(), merge=True)
    assert batch.merged is not None
    made["vt"] = batch.merged
    return made


def _plates(pdf: Path, folder: Path) -> dict[int, set[str]]:
    """Page number -> the separations Ghostscript's tiffsep writes for it."""
    folder.mkdir()
    subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r18", f"-sOutputFile={folder}/p%d.tif",
         str(pdf)], check=True, capture_output=True,
    )  # fmt: skip
    plates: dict[int, set[str]] = {}
    for tif in folder.glob("p*(*).tif"):
        found = re.fullmatch(r"p(\d+)\((.+)\)\.tif", tif.name)
        assert found, tif.name
        plates.setdefault(int(found[1]), set()).add(found[2])
    return plates


@pytest.mark.parametrize("edition", ["x4", "x1a", "imposed", "vt"])
def test_separations_are_process_colours_and_the_perforation_only(
    masters: dict[str, Path], edition: str, tmp_path: Path
) -> None:
    plates = _plates(masters[edition], tmp_path / "plates")
    assert plates, "Ghostscript wrote no separations"
    assert all(names >= PROCESS for names in plates.values())
    extra = set().union(*plates.values()) - PROCESS
    assert extra == {"Perforation"}, f"plates beyond CMYK: {extra}"


@pytest.mark.parametrize("edition", ["x4", "x1a", "imposed", "vt"])
def test_ghostscript_pdfx_round_trip_warns_of_nothing(masters: dict[str, Path], edition: str, tmp_path: Path) -> None:
    run = subprocess.run(
        ["gs", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFX", "-sDEVICE=pdfwrite", f"-sOutputFile={tmp_path / 'rt.pdf'}",
         str(masters[edition])], capture_output=True, text=True,
    )  # fmt: skip
    said = (run.stdout + run.stderr).lower()
    assert run.returncode == 0, said
    assert not any(word in said for word in ("warning", "error", "****")), said


@pytest.mark.parametrize(("edition", "subtype"), [("x4", "PDF/X-4"), ("x1a", "PDF/X-1a:2003"), ("imposed", "PDF/X-4"),
                                                  ("vt", "PDF/X-4")])  # fmt: skip
def test_qpdf_and_poppler_agree(masters: dict[str, Path], edition: str, subtype: str) -> None:
    checked = subprocess.run(["qpdf", "--check", str(masters[edition])], capture_output=True, text=True)
    assert checked.returncode == 0 and "No syntax or stream encoding errors found" in checked.stdout, checked.stdout
    info = subprocess.run(["pdfinfo", str(masters[edition])], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"PDF subtype:\s+{re.escape(subtype)}\n", info), info
    fonts = subprocess.run(["pdffonts", str(masters[edition])], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes " in row for row in rows), fonts  # embedded, subset
