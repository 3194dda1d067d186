"""Hostile and careless input files: pictures that reach outside the project, links with any
scheme, outputs that would replace inputs, YAML bombs, devices and damaged fonts, interruptions.
Each case is made by code; each asserts the exit code, a located message, no traceback, and that
nothing it was given is replaced."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml
from hostile_cli import ROOT, clean, opened_files, run, run_bounded
from PIL import Image

import brochure

Variant = Callable[[Callable[[dict[str, Any]], None]], Path]
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="80">{}</svg>'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder beside a folder of secrets it must never read."""
    folder = tmp_path / "project"
    folder.mkdir()
    for name in ("content.yaml", "brand.yaml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "assets", folder / "assets")
    (tmp_path / "outside").mkdir()
    Image.new("RGB", (40, 40), "red").save(tmp_path / "outside" / "secret.png")
    return folder


def with_illustration(project: Path, name: str, svg: str) -> Path:
    (project / "assets" / name).write_text(svg, encoding="utf-8")
    content = project / "content.yaml"
    content.write_text(
        content.read_text(encoding="utf-8").replace("assets/brain.svg", f"assets/{name}"), encoding="utf-8"
    )
    return content


def test_an_svg_cannot_draw_a_picture_from_outside_the_project(project: Path) -> None:
    content = with_illustration(
        project, "reach.svg", SVG.format('<image href="../../outside/secret.png" width="10" height="10"/>')
    )
    with opened_files() as opened:
        code, output = run("build", str(content), "-o", str(project / "out.pdf"))
    assert code == 2 and clean(output)
    assert (
        "illustration.file: 'reach.svg' refers to '../../outside/secret.png': it is outside the project folder"
        in output
    )
    assert f"{content}:" in output and not (project / "out.pdf").exists()
    assert not [path for path in opened if "secret" in path], "the file outside was never opened"


def test_a_csv_row_cannot_name_such_an_svg(project: Path) -> None:
    (project / "assets" / "reach.svg").write_text(
        SVG.format('<image xlink:href="../../outside/secret.png"/>'), encoding="utf-8"
    )
    data = project / "rows.csv"
    data.write_text("file,illustration.file\nfirst,assets/reach.svg\nsecond,assets/brain.svg\n", encoding="utf-8")
    with opened_files() as opened:
        code, output = run(
            "batch", str(project / "content.yaml"), "--data", str(data), "-o", str(project / "out"), "--jobs", "1"
        )
    assert code == 1 and clean(output)
    assert "rows.csv:2:2: error: illustration.file: 'reach.svg' refers to '../../outside/secret.png'" in output
    assert (project / "out" / "second.pdf").exists() and not (project / "out" / "first.pdf").exists()
    assert not [path for path in opened if "secret" in path]


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (
            '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + SVG.format("<text>&x;</text>"),
            "declares entities",
        ),
        ('<?xml-stylesheet href="https://example.org/s.css"?>' + SVG.format(""), "declares entities or a style sheet"),
        (SVG.format('<style>@import url("https://example.org/s.css");</style>'), "imports a style sheet"),
        (SVG.format('<image href="https://example.org/x.png"/>'), "links to the network or to files by address"),
        (SVG.format('<image href="file:///etc/passwd"/>'), "links to the network or to files by address"),
        (SVG.format('<image href="/etc/passwd"/>'), "links to the network or to files by address"),
        (
            SVG.format('<rect style="fill: url(https://example.org/p.svg#g)" width="5" height="5"/>'),
            "links to the network",
        ),
        (SVG.format('<rect width="1" height="1"/>' * 20_001), "more than 20,000 elements"),
        (SVG.replace('width="100"', 'width="1e308"').format('<rect width="1" height="1"/>'), "not between 0 and 14400"),
        ("<svg", "not a readable SVG file"),
    ],
)
def test_an_svg_that_would_reach_further_is_refused(project: Path, svg: str, message: str) -> None:
    content = with_illustration(project, "art.svg", svg)
    code, output = run("build", str(content), "-o", str(project / "out.pdf"))
    assert code == 2 and clean(output) and message in output, output
    assert "illustration.file: 'art.svg'" in output


def test_a_picture_inside_the_project_still_draws(project: Path) -> None:
    Image.new("RGB", (1200, 960), (200, 80, 90)).save(project / "assets" / "photo.png")
    content = with_illustration(project, "framed.svg", SVG.format('<image href="photo.png" width="100" height="80"/>'))
    code, output = run("build", str(content), "-o", str(project / "out.pdf"))
    assert code == 0 and clean(output), output
    with pikepdf.open(project / "out.pdf") as pdf:  # drawn into the picture's form, in CMYK for print
        forms = [x for x in pdf.pages[0].Resources.XObject.values() if x.Subtype == "/Form"]
        inline = [i for f in forms for i in pikepdf.parse_content_stream(f) if str(i.operator) == "INLINE IMAGE"]
        assert [str(i.operands[0].obj.get("/ColorSpace", i.operands[0].obj.get("/CS"))) for i in inline] == [
            "/DeviceCMYK"
        ]
    code, output = run("build", str(content), "-o", str(project / "assets" / "photo.png"))
    assert code == 2 and "would replace a picture framed.svg draws" in output


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "ftp://example.org"]
)
def test_the_clinic_web_address_takes_only_web_links(variant: Variant, address: str) -> None:
    path = variant(lambda c: c["clinic"].update(web=address))
    code, output = run("build", str(path), "-o", str(path.parent / "out.pdf"), "--edition", "screen")
    scheme = address.split(":", 1)[0]
    assert code == 2 and clean(output) and f"clinic.web: the link '{address[:60]}' uses '{scheme}:'" in output
    assert not (path.parent / "out.pdf").exists()


def test_a_web_address_without_a_scheme_becomes_https(variant: Variant) -> None:
    path = variant(lambda c: c["clinic"].update(web="www.example.org/clinic"))
    content, _ = brochure.content.load_content(path)
    assert content.clinic.web == "https://www.example.org/clinic"


@pytest.mark.parametrize("target", ["content.yaml", "brand.yaml", "assets/brain.svg", "assets/logo.svg",
                                    "assets/fonts/AtkinsonHyperlegible-Regular.ttf"])  # fmt: skip
def test_the_output_never_replaces_an_input(project: Path, target: str) -> None:
    before = (project / target).read_bytes()
    code, output = run("build", str(project / "content.yaml"), "-o", str(project / target))
    assert code == 2 and clean(output) and "writing here would replace" in output and f"{project / target}:" in output
    assert (project / target).read_bytes() == before


def test_the_output_is_never_a_device_and_a_folder_means_a_file_in_it(project: Path) -> None:
    code, output = run("build", str(project / "content.yaml"), "-o", os.devnull)
    assert code == 2 and "not a regular file" in output and clean(output)
    assert Path(os.devnull).is_char_device()
    code, output = run("build", str(project / "content.yaml"), "-o", str(project / "assets"))
    assert code == 0 and (project / "assets" / "leaflet.pdf").is_file(), output


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines)


def test_an_alias_bomb_is_refused_at_once(project: Path) -> None:
    content = project / "content.yaml"
    text = content.read_text(encoding="utf-8").replace("  published: 2026-11-01", "  published: *i")
    content.write_text(_alias_bomb() + "\n" + text, encoding="utf-8")
    code, output = run_bounded("build", str(content), "-o", str(project / "out.pdf"), seconds=30)
    assert code == 2 and clean(output) and "values (its aliases expanded)" in output
    assert len(output) < 2000, "the message does not expand the aliases"


def test_yaml_nested_very_deeply_is_refused_not_a_crash(project: Path) -> None:
    content = project / "content.yaml"
    content.write_text("title: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    code, output = run_bounded("build", str(content), "-o", str(project / "out.pdf"), seconds=30)
    assert code == 2 and clean(output) and f"{content}:1:" in output
    # libyaml's parser reaches the depth limit; PyYAML's own scanner gives up on the line first
    assert "nested more than 64 levels deep" in output or "YAML syntax error" in output


def test_too_long_a_list_is_a_located_error(variant: Variant) -> None:
    path = variant(lambda c: c.update(sources=["x"] * 50_000))
    code, output = run_bounded("build", str(path), "-o", str(path.parent / "out.pdf"), seconds=60)
    assert code == 2 and clean(output) and "sources: 50,000 items, more than the 200 a list may have" in output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_as_the_content_file_is_refused() -> None:
    code, output = run_bounded("build", "/dev/zero", "-o", "/tmp/brochure-never.pdf", seconds=30)
    assert code == 2 and clean(output) and "/dev/zero: error: the YAML file is not a regular file" in output


def test_a_content_file_too_large_is_refused(project: Path) -> None:
    content = project / "content.yaml"
    content.write_text(content.read_text(encoding="utf-8") + "#" * (2 * 1024 * 1024) + "\n", encoding="utf-8")
    code, output = run("build", str(content), "-o", str(project / "out.pdf"))
    assert code == 2 and clean(output) and "more than the 1.0 MB brochure reads" in output


def test_a_truncated_font_is_a_located_error(project: Path) -> None:
    font = project / "assets" / "fonts" / "Broken-Regular.ttf"
    font.write_bytes((ROOT / "assets" / "fonts" / "AtkinsonHyperlegible-Regular.ttf").read_bytes()[:3000])
    brand = project / "brand.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("AtkinsonHyperlegible-Regular.ttf", "Broken-Regular.ttf"),
                     encoding="utf-8")  # fmt: skip
    code, output = run("build", str(project / "content.yaml"), "-o", str(project / "out.pdf"))
    assert code == 2 and clean(output) and "fonts.regular: cannot use the font 'Broken-Regular.ttf'" in output
    assert f"{brand}:" in output


def test_interrupted_builds_leave_no_temporary_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C, and SIGTERM, while the finished file is being checked (just before the rename)."""
    out = project / "out.pdf"
    for signum, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):

        def interrupt(*args: object, signum: int = signum, **kwargs: object) -> object:
            os.kill(os.getpid(), signum)
            raise AssertionError("the signal was not delivered")

        monkeypatch.setattr(brochure.pipeline, "check_pdf", interrupt)
        exit_code, output = run("build", str(project / "content.yaml"), "-o", str(out))
        assert exit_code == code and "no PDF was written" in output and clean(output)
        assert not out.exists() and not [p for p in project.iterdir() if p.name.endswith(".tmp")]


def test_the_limits_are_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for limit in ("1 MB", "20,000 elements", "200 items", "64 levels", "100 aliases", "2,000 pages", "4 MB"):
        assert limit in readme, limit
    assert yaml.safe_load("a: 1") == {"a": 1}
