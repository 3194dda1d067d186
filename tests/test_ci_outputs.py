"""What CI reads: one JSON object per command (valid against brochure/schemas/output.schema.json,
errors included), --strict, the checks' date from --today or SOURCE_DATE_EPOCH, JUnit XML and
SARIF located at the content's line."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from brochure.__main__ import main
from brochure.results import schema

Capture = pytest.CaptureFixture[str]


def _run(argv: list[str], capsys: Capture) -> tuple[int, dict[str, Any]]:
    code = main(argv)
    out = capsys.readouterr().out
    data = json.loads(out)  # stdout is exactly one JSON object
    jsonschema.validate(data, schema())
    assert data["exit_code"] == code and data["ok"] == (code == 0) and data["schema_version"] == 1
    return code, data


def test_build_json_reports_the_output_its_warnings_and_preflight(project: Path, capsys: Capture) -> None:
    out = project / "leaflet.pdf"
    code, data = _run(["build", str(project / "content.yaml"), "-o", str(out), "--json"], capsys)
    assert code == 0 and data["kind"] == "build"
    [output] = data["outputs"]
    assert output["file"] == str(out) and output["pages"] == 4 and output["bytes"] == out.stat().st_size
    assert output["print_ready"] and output["preflight"]["errors"] == 0 and output["standard"] == "PDF/X-4"
    [readability] = [p for p in data["problems"] if p["rule"] == "leaflet check (readability)"]
    assert readability["severity"] == "warning" and readability["file"].endswith("content.yaml")


def test_build_errors_are_json_too_located_and_nothing_is_written(project: Path, capsys: Capture) -> None:
    content = project / "content.yaml"
    text = content.read_text(encoding="utf-8")
    content.write_text(text.replace("title:", "titel:", 1), encoding="utf-8")
    out = project / "leaflet.pdf"
    code, data = _run(["build", str(content), "-o", str(out), "--json"], capsys)
    assert code == 2 and not out.exists()
    errors = [p for p in data["problems"] if p["severity"] == "error"]
    assert errors and all(p["file"].endswith("content.yaml") and p["line"] > 0 for p in errors)


def test_strict_makes_warnings_fail(project: Path, capsys: Capture) -> None:
    content, out = project / "content.yaml", project / "leaflet.pdf"
    assert main(["build", str(content), "-o", str(out)]) == 0
    capsys.readouterr()
    code, data = _run(["build", str(content), "-o", str(out), "--json", "--strict"], capsys)
    assert code == 1 and not data["ok"]
    assert not [p for p in data["problems"] if p["severity"] == "error"], "only warnings: --strict failed it"


def test_the_checks_date_comes_from_today_or_source_date_epoch(
    project: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default leaflet's review is due on 1 November 2028: after it the build stops."""
    content, out = str(project / "content.yaml"), str(project / "leaflet.pdf")
    code, data = _run(["build", content, "-o", out, "--json", "--today", "2028-11-02"], capsys)
    assert code == 2 and any("has passed" in p["message"] for p in data["problems"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1857254400")  # 2028-11-08
    code, data = _run(["build", content, "-o", out, "--json"], capsys)
    assert code == 2 and any("today is 8 November 2028" in p["message"] for p in data["problems"])
    code, data = _run(["build", content, "-o", out, "--json", "--today", "2027-01-01"], capsys)
    assert code == 0, "--today wins over SOURCE_DATE_EPOCH"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    assert main(["build", content, "-o", out]) == 2
    assert "SOURCE_DATE_EPOCH" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["build", content, "--today", "2027-13-01"])
    assert usage.value.code == 2


def test_junit_and_sarif_point_at_the_content_line(project: Path, capsys: Capture) -> None:
    content = project / "content.yaml"
    text = content.read_text(encoding="utf-8")
    content.write_text(text.replace("  published: 2026-11-01", "  published: 2026-13-01"), encoding="utf-8")
    junit, sarif = project / "junit.xml", project / "results.sarif"
    code = main(["build", str(content), "-o", str(project / "x.pdf"), "--junit", str(junit), "--sarif", str(sarif)])
    assert code == 2
    line = next(n for n, row in enumerate(content.read_text(encoding="utf-8").splitlines(), 1) if "2026-13-01" in row)
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and int(suite.get("failures", "0")) >= 1
    failing = [case for case in suite.iter("testcase") if case.find("failure") is not None]
    assert any(case.get("file", "").endswith("content.yaml") and case.get("line") == str(line) for case in failing)
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    regions = [
        (loc["physicalLocation"]["artifactLocation"]["uri"], loc["physicalLocation"].get("region", {}).get("startLine"))
        for result in run["results"]
        if result["level"] == "error"
        for loc in result["locations"]
    ]
    assert any(uri.endswith("content.yaml") and start == line for uri, start in regions), regions
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert all(result["ruleId"] == rules[result["ruleIndex"]] for result in run["results"])


def test_a_passing_build_writes_a_passing_junit_case(project: Path) -> None:
    junit = project / "junit.xml"
    assert main(["build", str(project / "content.yaml"), "-o", str(project / "x.pdf"), "--junit", str(junit)]) == 0
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "0" and int(suite.get("tests", "0")) >= 1


def test_batch_json_has_a_record_per_row_and_problems_at_their_rows(project: Path, capsys: Capture) -> None:
    data_csv = project / "clinics.csv"
    data_csv.write_text(
        "name,clinic.name,clinic.web\n"
        "east,East Mind Clinic,https://www.example.org/east\n"
        "west,West Mind Clinic,https://www.example.org/west\n"
        "bad,Bad Clinic,javascript:alert(1)\n",
        encoding="utf-8",
    )
    argv = ["batch", str(project / "content.yaml"), "--data", str(data_csv), "-o", str(project / "out"), "--jobs", "1"]
    code, data = _run([*argv, "--json"], capsys)
    assert code == 1 and data["kind"] == "batch"
    statuses = {record["name"]: (record["status"], record["line"]) for record in data["records"]}
    assert statuses == {"east": ("built", 2), "west": ("built", 3), "bad": ("failed", 4)}
    assert data["summary"]["built"] == 2 and data["summary"]["failed"] == 1
    east = next(record for record in data["records"] if record["name"] == "east")
    assert east["pages"] == 4 and east["bytes"] == Path(east["output"]).stat().st_size
    errors = [p for p in data["problems"] if p["severity"] == "error"]
    assert errors and {(p["file"], p["line"]) for p in errors} == {(str(data_csv), 4)}


def test_check_json_has_one_shape_whatever_happens(project: Path, capsys: Capture, tmp_path: Path) -> None:
    out = project / "leaflet.pdf"
    assert main(["build", str(project / "content.yaml"), "-o", str(out)]) == 0
    capsys.readouterr()
    code, pdf = _run(["check", str(out), "--json"], capsys)
    assert code == 0 and pdf["kind"] == "check" and pdf["profile"] == "print"
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    code, unreadable = _run(["check", str(junk), "--json"], capsys)
    assert code == 2 and unreadable["problems"][0]["rule"] == "unreadable"
    code, leaflet = _run(["check", str(project / "content.yaml"), "--profile", "leaflet", "--json"], capsys)
    assert code == 0 and leaflet["profile"] == "leaflet"
    code, layout = _run(["check", str(project / "content.yaml"), "--profile", "layout", "--json"], capsys)
    assert code == 0 and layout["profile"] == "layout"
    broken = project / "content.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    code, invalid = _run(["check", str(broken), "--profile", "leaflet", "--json"], capsys)
    assert code == 2 and invalid["problems"] and invalid["problems"][0]["line"] >= 1


def test_diff_json_exit_codes_and_schema(project: Path, capsys: Capture, tmp_path: Path) -> None:
    """Exit 0 for the same pages, 1 for a change (each a located problem), 2 for an unreadable file."""
    a, b = project / "a.pdf", project / "b.pdf"
    for out in (a, b):
        assert main(["build", str(project / "content.yaml"), "-o", str(out)]) == 0
    capsys.readouterr()
    code, same = _run(["diff", str(a), str(b), "--json"], capsys)
    assert code == 0 and same["same"] and same["problems"] == []
    content = project / "content.yaml"
    text = content.read_text(encoding="utf-8")
    assert "originally developed as" in text
    content.write_text(text.replace("originally developed as", "first developed as", 1), encoding="utf-8")
    code, changed = _run(["diff", str(a), str(content), "--json"], capsys)
    assert code == 1 and not changed["same"]
    pages = {(p["rule"], p["page"]) for p in changed["problems"]}
    assert ("diff (page changed)", 2) in pages and ("diff (text changed)", 2) in pages
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7 not really")
    code, unreadable = _run(["diff", str(a), str(junk), "--json"], capsys)
    assert code == 2 and unreadable["problems"][0]["severity"] == "error"
