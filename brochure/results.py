"""What a command found, for machines: JSON (with `schema_version`, its JSON Schema in
brochure/schemas/output.schema.json), JUnit XML and SARIF 2.1.0, so a CI system shows each problem on the line of
content.yaml (or the CSV row, or the PDF page) it is about.

Every command that takes `--json` ends in one `Outcome`: whether it passed, its exit code, the
problems (errors, warnings, notes) each with its file and line where known, and the command's own
fields (the files written, the findings of a check). Errors that stop a command become an Outcome
too, so `--json` always prints one JSON object.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import Diagnostic, InputError

if TYPE_CHECKING:
    from .batch import BatchResult
    from .diff import DiffReport
    from .pipeline import BuildResult

SCHEMA_VERSION = 1
SCHEMA = Path(__file__).with_name("schemas") / "output.schema.json"  # every kind: build, batch, check, diff
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


@dataclass(frozen=True)
class Problem:
    """One error, warning or note, located as precisely as it is known."""

    severity: str  # "error", "warning" or "info"
    message: str
    rule: str  # what found it: "content", "layout (overlap)", "leaflet check (readability)", a preflight rule…
    file: str = ""
    line: int = 0
    column: int = 0
    key: str = ""  # the content's path ("sections[2].body") when known
    hint: str = ""
    page: int | None = None


@dataclass(frozen=True)
class Outcome:
    """A command's result: passed or not, its exit code, its problems and its own fields."""

    kind: str  # "build", "batch", "check" or "diff"
    exit_code: int
    problems: tuple[Problem, ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def to_dict(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "kind": self.kind, "ok": self.ok, "exit_code": self.exit_code,
                **self.fields, "problems": [asdict(p) for p in self.problems]}  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def strict(self) -> Outcome:
        """--strict: warnings fail the command (exit 1) as errors do."""
        if self.exit_code == 0 and any(p.severity == "warning" for p in self.problems):
            return Outcome(self.kind, 1, self.problems, self.fields)
        return self


def from_diagnostic(diagnostic: Diagnostic) -> Problem:
    """A located diagnostic (content, brand, layout, leaflet checks) as a Problem."""
    where = diagnostic.location
    path = diagnostic.path
    rule = path if path.startswith(("layout (", "leaflet check (")) else "content" if path else "input"
    return Problem(diagnostic.severity, diagnostic.message, rule, where.file if where else "",
                   where.line if where else 0, where.column if where else 0,
                   "" if rule != "content" else path, diagnostic.hint)  # fmt: skip


def from_findings(findings: Iterable[Any], file: str) -> list[Problem]:
    """A check's findings (preflight, leaflet check, layout audit) as Problems on `file`."""
    problems = []
    for finding in findings:
        rule = str(getattr(finding, "check", None) or getattr(finding, "rule", ""))
        page = getattr(finding, "page", None)
        problems.append(Problem(finding.severity, finding.message, rule, file, page=page or None,
                                key=str(getattr(finding, "source", ""))))  # fmt: skip
    return problems


def failed(
    kind: str, error: InputError | Exception, exit_code: int, fields: Mapping[str, Any] | None = None
) -> Outcome:
    """The Outcome of a command stopped by an error."""
    diagnostics = getattr(error, "diagnostics", None)
    if diagnostics is not None:
        problems = tuple(from_diagnostic(d) for d in diagnostics)
    else:
        problems = (Problem("error", str(error), "input"),)
    return Outcome(kind, exit_code, problems, fields or {})


def source_date() -> dt.date | None:
    """The date SOURCE_DATE_EPOCH gives (UTC), else None; raises ValueError for one that is not
    a whole number of seconds. (--today, parsed by the CLI, wins over it.)"""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return None


# --- what each command reports -------------------------------------------------------------------


def build_outcome(result: BuildResult, content: Path, edition: str, large_print: bool, label: str) -> Outcome:
    """A build for machines: the file written, its pages and size, its warnings and preflight."""
    preflight = result.preflight
    output = {
        "file": str(result.output), "pages": result.pages, "bytes": result.size,
        "format": result.document.format.name, "edition": edition, "large_print": large_print,
        "standard": label, "print_ready": result.print_ready,
        "preflight": {"profile": preflight.profile, "standard": preflight.standard,
                      "errors": preflight.errors, "warnings": preflight.warnings},
    }  # fmt: skip
    problems = [from_diagnostic(d) for d in result.warnings] + from_findings(preflight.findings, str(result.output))
    code = 0 if result.print_ready else 1
    return Outcome("build", code, tuple(problems), {"content": str(content), "outputs": [output]})


def batch_outcome(result: BatchResult, content: Path, data: Path, output_dir: Path) -> Outcome:
    """A batch for machines: a record per row, each problem at its CSV row."""
    records, problems = [], []
    for row in result.results:
        written = row.output is not None and row.output.is_file()
        records.append({"name": row.row.name, "line": row.row.line, "status": row.status,
                        "output": str(row.output) if row.output else None, "pages": row.pages or None,
                        "bytes": row.output.stat().st_size if written and row.output else None,
                        "from_template": row.from_template})  # fmt: skip
        csv, line = str(data), row.row.line
        problems += [Problem("error", text, "batch row", csv, line) for text in row.problems]
        problems += [Problem("warning", text, "batch row", csv, line) for text in row.warnings]
    summary = {"built": result.count("built"), "failed": result.count("failed"), "skipped": result.count("skipped"),
               "seconds": round(result.seconds, 3)}  # fmt: skip
    fields = {"content": str(content), "data": str(data), "output_dir": str(output_dir),
              "summary": summary, "merged": str(result.merged) if result.merged else None, "records": records}  # fmt: skip
    return Outcome("batch", 1 if summary["failed"] else 0, tuple(problems), fields)


def diff_problems(report: DiffReport, new: str) -> list[Problem]:
    """Each difference as a warning on the new file's page (so JUnit and SARIF list them)."""
    problems = []
    for page in report.pages:
        if page.status != "same":
            number = page.new or page.old
            what = f"{page.status}" + (
                f": {page.changed_percent:.2f} % of the page" if page.status == "changed" else ""
            )
            problems.append(Problem("warning", f"page {number} {what}", f"diff (page {page.status})", new, page=number))
    for change in report.text:
        said = {"added": f"added: {change.new}", "removed": f"removed: {change.old}",
                "changed": f"changed: {change.old} -> {change.new}"}[change.kind]  # fmt: skip
        problems.append(
            Problem("warning", said, f"diff (text {change.kind})", new, page=change.new_page or change.old_page)
        )
    for box in report.boxes:
        problems.append(
            Problem("warning", f"{box.box} changed: {box.old} -> {box.new}", "diff (boxes)", new, page=box.page)
        )
    for item in report.metadata:
        problems.append(
            Problem("warning", f"metadata {item.key} changed: {item.old} -> {item.new}", "diff (metadata)", new)
        )
    return problems


# --- JUnit XML ----------------------------------------------------------------------------------


def junit(outcome: Outcome, name: str) -> bytes:
    """JUnit XML: a test suite for the command, a test case per problem (errors fail, and warnings
    too once --strict has failed the command), or one passing case when there is none."""
    strict_failed = outcome.exit_code != 0 and not any(p.severity == "error" for p in outcome.problems)
    suite = ET.Element("testsuite", name=f"brochure {outcome.kind}", timestamp="", hostname="")
    failures = 0
    cases = []
    for problem in outcome.problems:
        where = _where(problem)
        case = ET.Element("testcase", classname=f"brochure.{outcome.kind}.{problem.rule}",
                          name=f"{where}: {problem.message}" if where else problem.message)  # fmt: skip
        if problem.file:
            case.set("file", problem.file)
        if problem.line:
            case.set("line", str(problem.line))
        if problem.severity == "error" or (problem.severity == "warning" and strict_failed):
            failures += 1
            failure = ET.SubElement(case, "failure", message=problem.message, type=problem.severity)
            failure.text = "\n".join(part for part in (where, problem.message, problem.hint) if part)
        else:
            ET.SubElement(case, "system-out").text = f"{problem.severity}: {problem.message}"
        cases.append(case)
    if not cases:
        cases.append(ET.Element("testcase", classname=f"brochure.{outcome.kind}", name=name))
    suite.extend(cases)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites = ET.Element("testsuites", name="brochure")
    suites.append(suite)
    ET.indent(suites)
    data: bytes = ET.tostring(suites, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _where(problem: Problem) -> str:
    if problem.line:
        return f"{problem.file}:{problem.line}:{problem.column}" if problem.column else f"{problem.file}:{problem.line}"
    if problem.page:
        return f"{problem.file}: page {problem.page}" if problem.file else f"page {problem.page}"
    return problem.file


# --- SARIF 2.1.0 --------------------------------------------------------------------------------


def sarif(outcome: Outcome) -> bytes:
    """SARIF 2.1.0: one run of brochure, a result per problem with its file, line and column."""
    rules = sorted({p.rule for p in outcome.problems})
    results = []
    for problem in outcome.problems:
        result: dict[str, Any] = {
            "ruleId": problem.rule,
            "ruleIndex": rules.index(problem.rule),
            "level": SARIF_LEVELS.get(problem.severity, "note"),
            "message": {"text": problem.message + (f" (hint: {problem.hint})" if problem.hint else "")},
        }
        if problem.file:
            physical: dict[str, Any] = {"artifactLocation": {"uri": Path(problem.file).as_posix()}}
            if problem.line:
                physical["region"] = {
                    "startLine": problem.line,
                    **({"startColumn": problem.column} if problem.column else {}),
                }
            location: dict[str, Any] = {"physicalLocation": physical}
            if problem.page:
                location["logicalLocations"] = [{"name": f"page {problem.page}", "kind": "page"}]
            result["locations"] = [location]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "brochure", "version": __version__,
                                "rules": [{"id": rule, "shortDescription": {"text": rule}} for rule in rules]}},
            "results": results,
        }],
    }  # fmt: skip
    return (json.dumps(log, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def schema() -> dict[str, Any]:
    """The JSON Schema of every JSON output."""
    data: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return data
