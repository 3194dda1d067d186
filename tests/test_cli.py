"""The commands as a user runs them: build_pdf.py, brochure build, brochure preview."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from PIL import Image

from brochure.__main__ import main


def test_build_pdf_script_writes_the_default_leaflet(project: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "build_pdf.py")], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote build/leaflet.pdf (4 pages,")
    assert (project / "build" / "leaflet.pdf").read_bytes().startswith(b"%PDF-")


def test_brochure_build_with_output_and_no_marks(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = project / "deep" / "folder" / "x.pdf"
    assert main(["build", str(project / "content.yaml"), "-o", str(out), "--no-marks"]) == 0
    assert out.exists() and f"wrote {out}" in capsys.readouterr().out
    assert not list(out.parent.glob(".*.tmp")), "no temporary file is left behind"


def test_failed_build_keeps_the_previous_pdf(project: Path) -> None:
    out = project / "leaflet.pdf"
    assert main(["build", str(project / "content.yaml"), "-o", str(out)]) == 0
    before = out.read_bytes()
    content = project / "content.yaml"
    content.write_text(content.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
    assert main(["build", str(content), "-o", str(out)]) == 2
    assert out.read_bytes() == before, "the old, complete PDF is untouched"


def test_preview_from_content_and_from_pdf(project: Path, tmp_path: Path) -> None:
    assert main(["preview", str(project / "content.yaml"), "-o", str(tmp_path / "a"), "--dpi", "30"]) == 0
    pngs = sorted((tmp_path / "a").glob("page-*.png"))
    assert [p.name for p in pngs] == ["page-1.png", "page-2.png", "page-3.png", "page-4.png"]
    with Image.open(pngs[0]) as image:
        assert image.width == pytest.approx((210 + 2 * 13) / 25.4 * 30, abs=2)
    pdf = project / "leaflet.pdf"
    assert main(["build", str(project / "content.yaml"), "-o", str(pdf)]) == 0
    assert main(["preview", str(pdf), "-o", str(tmp_path / "b"), "--dpi", "30"]) == 0
    assert len(list((tmp_path / "b").glob("page-*.png"))) == 4


def test_preview_of_a_broken_pdf_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    assert main(["preview", str(bad), "-o", str(tmp_path / "png")]) == 2
    err = capsys.readouterr().err
    assert "bad.pdf: error: not a readable PDF" in err and "Traceback" not in err


def test_console_script_is_installed() -> None:
    result = subprocess.run([sys.executable, "-m", "brochure", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "build" in result.stdout and "preview" in result.stdout
