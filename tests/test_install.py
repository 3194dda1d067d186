"""brochure anywhere: the wheel carries its fonts, print profile, labels, artwork and starter project,
and a fresh virtual environment with nothing but the wheel and its dependencies makes a clinic's
leaflet from an empty folder, reading nothing of this repository.

The wheel is built from a copy of the sources (pip wheel leaves build/ and egg-info behind), into a
venv without the system's packages; its dependencies come from the package index, at the versions
of constraints.txt. Without network the test skips, saying so; any other failure fails it.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import urllib.request
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT

WHEEL_ASSETS = "brochure/_assets/"
STARTER = ("content.yaml", "brand.yaml", "README.md")


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def _index() -> str:
    found = _run([sys.executable, "-m", "pip", "config", "get", "global.index-url"], ROOT).stdout.strip()
    return os.environ.get("PIP_INDEX_URL") or found or "https://pypi.org/simple/"


def _reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=15):
            return True
    except (OSError, ValueError):
        return False


def _pip_or_skip(result: subprocess.CompletedProcess[str], what: str) -> None:
    """Fail on pip's error, unless the package index cannot be reached: then skip, saying why."""
    if result.returncode == 0:
        return
    index = _index()
    if not _reachable(index):
        pytest.skip(f"no network: the package index {index} cannot be reached to {what}")
    pytest.fail(f"{what} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel . --no-deps`, from a copy of what the wheel is made of."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("brochure", "assets"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    result = _run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-w", str(dist)], source)
    _pip_or_skip(result, "build the wheel (pip fetches setuptools for the build)")
    [built] = dist.glob("brochure-*.whl")
    return built


def test_the_wheel_carries_brochures_own_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {name.removeprefix(WHEEL_ASSETS) for name in names if name.startswith(WHEEL_ASSETS)}
    fonts = {f"fonts/{p.name}" for p in (ROOT / "assets" / "fonts").glob("*.ttf")}
    assert len(fonts) >= 20 and fonts <= bundled, "every bundled font"
    assert {"fonts/OFL.txt", "fonts/README.md"} <= bundled, "with the fonts' licences"
    assert {"icc/ISOcoated_v2_300_bas.icc", "icc/LICENSE-ISOcoated_v2_300_bas.txt"} <= bundled
    assert {f"labels/{p.name}" for p in (ROOT / "assets" / "labels").glob("*.yaml")} <= bundled
    assert {"brain.svg", "logo.svg", "LICENSE-artwork.txt"} <= bundled
    assert {f"starter/{name}" for name in STARTER} <= bundled
    with zipfile.ZipFile(wheel) as archive:
        for name in bundled:
            assert archive.read(WHEEL_ASSETS + name) == (ROOT / "assets" / name).read_bytes(), name
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert not any(n.startswith(("tests/", "assets/", "examples/")) or n == "content.yaml" for n in names)
    runtime = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert runtime and not any(re.search(r"\b(pypdf|outloud|page-validation|pytest)\b", r) for r in runtime)
    assert "Provides-Extra: a11y" in metadata and "Provides-Extra: test" in metadata


# Run in the venv: build the project in the current folder, recording every file Python opens.
_BUILD = textwrap.dedent("""
    import json, sys
    opened = set()
    sys.addaudithook(lambda event, args: opened.add(str(args[0])) if event == "open" and isinstance(args[0], (str, bytes)) else None)
    import brochure.resources
    from brochure.__main__ import main
    code = main(["build", "content.yaml", "-o", "leaflet.pdf"])
    print(json.dumps({"code": code, "assets": str(brochure.resources.ASSETS), "package": brochure.__file__,
                      "opened": sorted(opened)}))
""")


def test_a_fresh_venv_makes_a_leaflet_from_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", str(venv)], tmp_path)  # no --system-site-packages
    assert made.returncode == 0, made.stderr
    python, brochure = venv / "bin" / "python", venv / "bin" / "brochure"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # nothing cached from other runs
    constraints = ROOT / "constraints.txt"
    installed = _run([str(python), "-m", "pip", "install", "-q", "-c", str(constraints), str(wheel)], tmp_path, env)
    _pip_or_skip(installed, "install the wheel's dependencies into a fresh venv")

    folder = tmp_path / "my leaflet"  # empty, outside the repository; a space in its name
    folder.mkdir()
    if re.search(r"^\s+init\b", _run([str(brochure), "--help"], folder, env).stdout, re.MULTILINE):
        init = _run([str(brochure), "init", "."], folder, env)
    else:  # the command is not there yet: its function
        init = _run([str(python), "-c", "from pathlib import Path; from brochure.starter import init_project; "
                     "init_project(Path('.'))"], folder, env)  # fmt: skip
    assert init.returncode == 0, init.stdout + init.stderr
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == sorted(
        ["README.md", "assets/brain.svg", "assets/logo.svg", "brand.yaml", "content.yaml"]
    )

    built = _run([str(python), "-c", _BUILD], folder, env)
    assert built.returncode == 0, built.stdout + built.stderr
    report = json.loads(built.stdout.splitlines()[-1])
    assert report["code"] == 0, built.stderr
    site = next((venv / "lib").glob("python3*/site-packages")).resolve()
    bundled = site / "brochure" / "_assets"
    assert Path(report["package"]).resolve().is_relative_to(site) and Path(report["assets"]).resolve() == bundled
    opened = [Path(p).resolve() for p in report["opened"] if Path(p).is_absolute()]
    assert not [p for p in opened if p.is_relative_to(ROOT)], "nothing of the repository is read"
    used = {p.relative_to(bundled).parts[0] for p in opened if p.is_relative_to(bundled)}
    assert {"fonts", "icc", "labels"} <= used, "fonts, print profile and labels come from the installed package"
    assert "brochure: warning" not in built.stderr and "warning:" not in built.stderr, built.stderr

    pdf = folder / "leaflet.pdf"
    checked = _run([str(brochure), "check", str(pdf)], folder, env)
    assert checked.returncode == 0 and "passes the print checks (PDF/X-4)" in checked.stdout, checked.stdout
    leaflet = _run([str(brochure), "check", "content.yaml", "--profile", "leaflet"], folder, env)
    assert leaflet.returncode == 0 and "0 errors, 0 warnings" in leaflet.stdout, leaflet.stdout
    with pikepdf.open(pdf) as opened_pdf:
        assert str(opened_pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"

    if _same_versions(constraints):  # the same code, fonts and profile, and the same libraries: the same bytes
        import brochure as here

        again = here.build(folder / "content.yaml", tmp_path / "here.pdf")
        assert again.output.read_bytes() == pdf.read_bytes(), "the installed wheel and this checkout make the same PDF"


def _same_versions(constraints: Path) -> bool:
    """Whether this environment has the runtime versions constraints.txt pins (as the venv does)."""
    section = constraints.read_text(encoding="utf-8").split("\n\n# The test extra")[0]
    for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", section, re.MULTILINE):
        try:
            if importlib.metadata.version(name) != version:
                return False
        except importlib.metadata.PackageNotFoundError:
            return False
    return True
