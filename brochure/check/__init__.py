"""Preflight: small checks over a PDF, each returning findings a print-shop operator understands.

`check_pdf` reads any PDF (ours or not) with pikepdf. Profiles: "print" (the rules of the
standard the file declares, PDF/X-4, PDF/X-1a or PDF/VT, or the one asked for; and the shop rules
of print-spec.md) and "screen" (structure, fonts, no print-only requirements). Every rule is in
catalogue.py with its reference; document.py holds the file-wide rules, rules.py the page rules,
walk.py follows what the pages paint.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pikepdf

from ..errors import InputError, Severity, plural
from ..limits import PDF_BYTES, PDF_PAGES, check_file
from . import rules
from .walk import TooComplex


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
    standard: str = ""  # the standard the print profile held the file to: x4, x1a or vt

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "profile": self.profile, "standard": self.standard, "pages": self.pages,
            "summary": {"errors": self.errors, "warnings": self.warnings, "ok": self.errors == 0},
            "findings": [asdict(f) for f in self.findings],
        }  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def format(self) -> str:
        lines = [f"{self.file}: {finding.format()}" for finding in self.findings]
        verdict = "passes" if self.errors == 0 else "FAILS"
        named = f" ({STANDARD_NAMES[self.standard]})" if self.standard else ""
        lines.append(
            f"{self.file}: {verdict} the {self.profile} checks{named}: {plural(self.errors, 'error')}, "
            f"{plural(self.warnings, 'warning')}, {plural(self.pages, 'page')}"
        )
        return "\n".join(lines)


class UnreadablePDF(Exception):
    """The file is not a PDF that can be read at all (exit code 2)."""


STANDARD_NAMES = {"x4": "PDF/X-4", "x1a": "PDF/X-1a:2003", "vt": "PDF/VT-1"}


def check_pdf(
    path: Path,
    profile: str = "print",
    trim_format: str | None = None,
    render_ink: bool = True,
    standard: str | None = None,
) -> Report:
    """Run every check of the profile on the PDF at `path` (the print profile against the
    standard the file declares, or `standard`: x4, x1a or vt); raises UnreadablePDF for a file it
    cannot judge: not a PDF, damaged, encrypted, or beyond the limits (limits.py)."""
    from .document import declared, xmp_values

    with open_pdf(path) as pdf:
        pages = len(pdf.pages)
        try:
            held = (standard or declared(pdf, xmp_values(pdf)) or "x4") if profile == "print" else ""
            findings = tuple(Finding(*raw) for raw in rules.run(pdf, path, profile, trim_format, render_ink, standard))
        except TooComplex as exc:
            raise UnreadablePDF(f"{path}: too complex to check: {exc}") from None
        except DAMAGE as exc:
            raise UnreadablePDF(f"{path}: damaged: {_reason(exc)}") from None
    return Report(str(path), profile, pages, findings, held)


# What reading a damaged or hostile file can raise, deep in the rules (a missing key, a string
# where a number belongs, a truncated stream, a recursion through its objects).
DAMAGE = (pikepdf.PdfError, ValueError, TypeError, IndexError, KeyError, AttributeError, RecursionError,
          MemoryError, OverflowError, ZeroDivisionError, zlib.error, NotImplementedError)  # fmt: skip


def open_pdf(path: Path) -> pikepdf.Pdf:
    """Open a PDF from anywhere for reading: a regular file within the size limit, not
    encrypted, with at most PDF_PAGES pages; raises UnreadablePDF saying which it is not."""
    try:
        check_file(path, PDF_BYTES, "PDF")
    except InputError as error:
        raise UnreadablePDF(f"{path}: {error.diagnostics[0].message}") from None
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise UnreadablePDF(f"{path}: encrypted: a print file must not be (save it without a password)") from None
    except (pikepdf.PdfError, OSError) as exc:
        raise UnreadablePDF(f"{path}: not a readable PDF, or damaged ({_reason(exc)})") from None
    repaired = [w for w in pdf.get_warnings() if "damaged" in w or "reconstruct" in w or "startxref" in w]
    if repaired:
        pdf.close()
        detail = "; ".join(w.split(": ", 1)[-1] for w in repaired[:2])
        raise UnreadablePDF(f"{path}: damaged: {detail} (the file was cut short or corrupted: export it again)")
    try:
        if pdf.is_encrypted:
            raise UnreadablePDF(f"{path}: encrypted: a print file must not be (save it without a password)")
        count = len(pdf.pages)
        if count > PDF_PAGES:
            raise UnreadablePDF(f"{path}: {count} pages, more than the {PDF_PAGES:,} brochure checks")
    except UnreadablePDF:
        pdf.close()
        raise
    except DAMAGE as exc:
        pdf.close()
        raise UnreadablePDF(f"{path}: damaged: {_reason(exc)}") from None
    return pdf


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


__all__ = ["Finding", "Report", "TooComplex", "UnreadablePDF", "check_pdf", "open_pdf"]
