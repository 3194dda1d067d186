"""Preflight: small checks over a PDF, each returning findings a print-shop operator understands.

`check_pdf` reads any PDF (ours or not) with pikepdf. Profiles: "print" (PDF/X rules of
print-spec.md) and "screen" (structure, fonts, no print-only requirements).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pikepdf

from ..errors import Severity
from . import rules


@dataclass(frozen=True)
class Finding:
    severity: Severity
    check: str
    page: int | None
    message: str

    def format(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return f"{self.severity}: {where}{self.message} [{self.check}]"


@dataclass(frozen=True)
class Report:
    file: str
    profile: str
    pages: int
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def to_json(self) -> str:
        data = {
            "file": self.file, "profile": self.profile, "pages": self.pages,
            "summary": {"errors": self.errors, "warnings": self.warnings, "ok": self.errors == 0},
            "findings": [asdict(f) for f in self.findings],
        }  # fmt: skip
        return json.dumps(data, indent=2)

    def format(self) -> str:
        lines = [f"{self.file}: {finding.format()}" for finding in self.findings]
        verdict = "passes" if self.errors == 0 else "FAILS"
        lines.append(
            f"{self.file}: {verdict} the {self.profile} checks: {self.errors} errors, {self.warnings} warnings, {self.pages} pages"
        )
        return "\n".join(lines)


class UnreadablePDF(Exception):
    """The file is not a PDF that can be read at all (exit code 2)."""


def check_pdf(path: Path, profile: str = "print", trim_format: str | None = None, render_ink: bool = True) -> Report:
    """Run every check of the profile on the PDF at `path`."""
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        raise UnreadablePDF(f"{path}: not a readable PDF ({exc})") from None
    with pdf:
        pages = len(pdf.pages)
        findings = tuple(Finding(*raw) for raw in rules.run(pdf, path, profile, trim_format, render_ink))
    return Report(str(path), profile, pages, findings)


__all__ = ["Finding", "Report", "UnreadablePDF", "check_pdf"]
