"""The commands as a user runs them: build_pdf.py, brochure build, preview, init; the habits of every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from PIL import Image

from brochure import __version__
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


# --- plain command-line habits: --version, -q/-v, examples, -o DIR/, checked numbers, init -------

HEAVY = ("reportlab", "svglib", "pikepdf", "pypdfium2", "PIL", "yaml", "lxml", "uharfbuzz", "fontTools", "babel")
COMMANDS = ("build", "batch", "check", "preview", "watch", "init")


def test_help_and_version_load_nothing_of_the_pipeline() -> None:
    """Reading the arguments imports none of the heavy stack, so --help and --version start at once
    (benchmarks/bench_startup.py times it; no test is timed)."""
    probe = (
        "import sys\n"
        "from brochure.__main__ import main\n"
        "for argv in (['--help'], ['--version'], ['build', '--help'], ['preview', '--dpi', '0']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(sorted(name for name in {HEAVY!r} if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    version = subprocess.run([sys.executable, "-m", "brochure", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.strip() == f"brochure {__version__}"


def test_every_command_has_examples_and_quiet_and_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("", *COMMANDS):
        with pytest.raises(SystemExit) as stopped:
            main([command, "--help"] if command else ["--help"])
        assert stopped.value.code == 0
        shown = capsys.readouterr().out
        assert "examples:\n  brochure " in shown, command
        assert "-q, --quiet" in shown and "-v, --verbose" in shown, command


def test_format_names_are_the_formats() -> None:
    from brochure.__main__ import FORMAT_NAMES
    from brochure.formats import FORMATS

    assert tuple(sorted(FORMATS)) == FORMAT_NAMES


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["preview", "--dpi", "0"], "argument --dpi: takes 10 to 600, not 0"),
        (["preview", "--dpi", "lots"], "argument --dpi: expected a whole number, not 'lots'"),
        (["watch", "--dpi", "5000"], "argument --dpi: takes 10 to 600, not 5000"),
        (["watch", "--debounce", "-1"], "argument --debounce: takes 10 to 10000, not -1"),
        (["batch", "c.yaml", "--data", "d.csv", "--jobs", "0"], "argument --jobs: takes 1 to 1024, not 0"),
        (["batch", "c.yaml", "--data", "d.csv", "--shard", "3/2"], "argument --shard: takes K/N"),
        (["build", "-o", ""], "argument -o/--output: expected a file or folder name"),
        (["init", "--format", "a3"], "argument --format: invalid choice: 'a3'"),
        (["build", "-q", "-v"], "not allowed with argument"),
    ],
)
def test_bad_options_are_usage_errors(argv: list[str], says: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"brochure {argv[0]}: error: " in err and says in err and "Traceback" not in err


def test_output_folder_quiet_and_verbose(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o DIR/ writes DIR/leaflet.pdf, named as typed; -q prints nothing at all for a good build
    (the default leaflet has a readability warning); -v names the files read."""
    monkeypatch.chdir(project)
    assert main(["build", "-o", "new/", "-q"]) == 0
    assert (project / "new" / "leaflet.pdf").is_file()
    assert capsys.readouterr() == ("", "")
    (project / "there").mkdir()
    assert main(["build", "-o", "there", "-v"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("wrote there/leaflet.pdf (4 pages,")
    assert "read content.yaml (the content file)" in err and "read brand.yaml (the brand file)" in err
    assert "read assets/brain.svg (the illustration)" in err and "warning: leaflet check (readability)" in err


def test_messages_name_files_as_the_user_gave_them(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    brand = project / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("primary:", "primery:"), encoding="utf-8")
    monkeypatch.chdir(project.parent)
    given = Path(project.name) / "content.yaml"
    assert main(["build", str(given), "-o", f"{project.name}/out/"]) == 2
    err = capsys.readouterr().err
    assert f"\n{project.name}/brand.yaml:" in "\n" + err and str(project) not in err, err


def test_preview_removes_pages_it_no_longer_makes_and_takes_build_options(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    assert main(["preview", "--large-print", "--dpi", "10"]) == 0
    folder = project / "build" / "preview"
    assert len(list(folder.glob("page-*.png"))) == 8
    (folder / "page-01.png").write_bytes(b"not brochure's")  # not a name preview makes: left alone
    capsys.readouterr()
    assert main(["preview", "--dpi", "10"]) == 0
    left = {p.name for p in folder.glob("page-*.png")}
    assert left == {"page-1.png", "page-2.png", "page-3.png", "page-4.png", "page-01.png"}
    assert "removed build/preview/page-8.png (the leaflet has 4 pages now)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stopped:
        main(["preview", "build/preview/page-1.png.pdf", "--format", "a4"])
    assert stopped.value.code == 2 and "a PDF is previewed as it is" in capsys.readouterr().err


def test_init_writes_a_starter_and_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "my-leaflet"
    assert main(["init", str(folder), "--format", "a5-booklet", "--language", "cy"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {folder / 'content.yaml'}" in out and f"wrote {folder / 'brand.yaml'}" in out
    assert "language: cy" in (folder / "content.yaml").read_text(encoding="utf-8")
    (folder / "content.yaml").write_text("mine", encoding="utf-8")
    assert main(["init", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"left {folder / 'content.yaml'} alone" in out and "wrote" not in out
    assert (folder / "content.yaml").read_text(encoding="utf-8") == "mine"
    with pytest.raises(SystemExit) as stopped:
        main(["init", str(tmp_path / "other"), "--language", "not a tag"])
    assert stopped.value.code == 2 and "--language: 'not a tag' is not a language tag" in capsys.readouterr().err
    assert not (tmp_path / "other").exists()


def test_shell_completion_with_argcomplete(tmp_path: Path) -> None:
    pytest.importorskip("argcomplete")
    answer = tmp_path / "completions"
    line = "brochure build --format a"
    env = {**os.environ, "_ARGCOMPLETE": "1", "COMP_LINE": line, "COMP_POINT": str(len(line)),
           "_ARGCOMPLETE_STDOUT_FILENAME": str(answer)}  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "brochure"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(answer.read_text().split("\v")) == ["a4", "a5-booklet"]
