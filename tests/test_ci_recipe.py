"""The CI recipe (.ci/leaflets.sh), the workflow that runs it and the approved snapshots it
compares with: run as a leaflet repository's CI would, on a copy of the default project."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT

from brochure.results import schema

RECIPE = ROOT / ".ci" / "leaflets.sh"
needs_bash = pytest.mark.skipif(
    shutil.which("bash") is None, reason="the recipe is a bash script (CI runs it on Linux)"
)
WORKFLOW = ROOT / ".github" / "workflows" / "leaflets.yml"
APPROVED = ROOT / "tests" / "approved"


def _project(folder: Path) -> Path:
    for name in ("content.yaml", "brand.yaml", "constraints.txt"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "assets", folder / "assets")
    shutil.copytree(APPROVED, folder / "tests" / "approved")
    return folder


def _recipe(folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "BROCHURE": f"{sys.executable} -m brochure", "PYTHONPATH": str(ROOT), **env}
    environment["SOURCE_DATE_EPOCH"] = "1798761600"  # 2027-01-01: the checks' date is fixed
    return subprocess.run(
        ["bash", str(RECIPE), "content.yaml", "tests/approved", "build/ci"],
        cwd=folder, env=environment, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


@pytest.fixture(scope="module")
def passed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = _project(tmp_path_factory.mktemp("recipe"))
    return folder / "build" / "ci", _recipe(folder)


@needs_bash
def test_the_recipe_builds_checks_and_compares_the_default_leaflet(
    passed: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, run = passed
    assert run.returncode == 0, run.stdout + run.stderr
    for fmt in ("a4", "a5-booklet", "dl-trifold"):
        for name in (fmt, f"{fmt}-screen"):
            assert (out / f"{name}.pdf").stat().st_size > 10_000
            for suffix in (".json", ".junit.xml", ".sarif"):
                assert (out / f"{name}{suffix}").is_file()
    assert (out / "a4-large-print.pdf").is_file() and (out / "leaflet.html").is_file()
    assert sorted(p.name for p in (out / "preview").glob("page-*.png")) == [f"page-{n}.png" for n in range(1, 5)]
    for report in out.glob("*.json"):
        data = json.loads(report.read_text(encoding="utf-8"))
        jsonschema.validate(data, schema())
        assert data["ok"], report.name
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "**All passed.**" in summary and "failed" not in summary
    assert "no changes" in (out / "diff.txt").read_text(encoding="utf-8")


@needs_bash
def test_a_changed_sentence_fails_the_recipe_and_the_report_shows_it(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    content = folder / "content.yaml"
    text = content.read_text(encoding="utf-8")
    old = "Ketamine, originally developed as an anesthetic"
    assert old in text
    content.write_text(text.replace(old, "Ketamine, first developed as an anaesthetic"), encoding="utf-8")
    run = _recipe(folder, FORMATS="a4", LARGE_PRINT="")
    out = folder / "build" / "ci"
    assert run.returncode == 1, run.stdout + run.stderr
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert re.search(r"\| diff against tests/approved \| \*\*failed\*\* \(exit 1\) \|", summary), summary
    assert "first developed as an anaesthetic" in summary
    assert (out / "diff" / "report.html").is_file() and list((out / "diff").glob("page-*-highlight.png"))
    assert "| a4.pdf | passed |" in summary, "the builds themselves passed"


def test_the_workflow_runs_the_recipe_the_tests_run() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["leaflets"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "pip install -c constraints.txt" in runs
    assert "bash .ci/leaflets.sh content.yaml tests/approved build/ci" in runs
    assert "SOURCE_DATE_EPOCH" in runs
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert uses["actions/upload-artifact"]["with"]["path"] == "build/ci/"
    assert uses["github/codeql-action/upload-sarif"]["with"]["sarif_file"].startswith("build/ci/")
    assert "build/ci/summary.md" in runs, "the summary is commented on the pull request"
    assert set(workflow[True]) == {"pull_request", "push"}  # ('on' reads as true in YAML 1.1)
    guide = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    [gitlab] = [block for block in re.findall(r"```yaml\n(.*?)```", guide, re.S) if "leaflets:" in block]
    job = yaml.safe_load(gitlab)["leaflets"]
    assert "bash .ci/leaflets.sh content.yaml tests/approved build/ci" in job["script"]
    assert any("-c constraints.txt" in line for line in job["before_script"])
    assert job["artifacts"]["reports"]["junit"] == "build/ci/*.junit.xml"
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".ci/leaflets.sh" in ci_run, "the project's own CI runs the same recipe"


def test_the_approved_snapshots_are_the_default_leaflets_pages(tmp_path: Path) -> None:
    """tests/approved is what `brochure snapshot content.yaml` writes today, byte for byte."""
    fresh = tmp_path / "approved"
    result = subprocess.run(
        [sys.executable, "-m", "brochure", "snapshot", "content.yaml", "--dir", str(fresh)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    approved = sorted(p.name for p in APPROVED.iterdir())
    assert approved == sorted(p.name for p in fresh.iterdir())
    for name in approved:
        assert (APPROVED / name).read_bytes() == (fresh / name).read_bytes(), name
