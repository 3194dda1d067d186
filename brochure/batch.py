"""Variable-data batch: one print-ready leaflet per CSV row, in parallel.

The CSV's first column names each output file; every other header is a dotted path into the
content (clinic.phone) or the brand (brand.logo) whose value replaces the template's for that row.
Each row is validated like a content file, its problems located at its CSV row and column; a bad
row never stops the others. Library code: progress goes to a callback, nothing is printed here.
"""

from __future__ import annotations

import csv
import functools
import gc
import hashlib
import io
import json
import multiprocessing
import os
import re
import signal
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ._version import __version__
from .assets import AssetError, load_asset
from .check import Report
from .errors import BrochureError, Diagnostic, InputError, Location
from .limits import CSV_BYTES, CSV_CELL, CSV_COLUMNS, CSV_ROWS, read_file
from .output import write_atomic
from .pipeline import BuildOptions, build_prepared, input_files, prepare, read_inputs
from .schema import Override, decode
from .template import Template, load_template, shape, write_from
from .vt import merge

Status = Literal["built", "failed", "skipped"]
MANIFEST = ".brochure-batch.json"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]*$")


@dataclass(frozen=True)
class Row:
    line: int  # the CSV line, as an editor shows it
    name: str
    overrides: tuple[Override, ...]


@dataclass(frozen=True)
class RowResult:
    row: Row
    status: Status
    output: Path | None
    problems: tuple[str, ...] = ()
    fingerprint: str = ""
    from_template: bool = False  # written from an earlier record's file of the same shape
    removed: Path | None = None  # a failed row's file from an earlier run (or its unready one), removed
    warnings: tuple[str, ...] = ()  # located at the row: what it inherits from the template's clinic
    pages: int = 0  # of the file written


@dataclass(frozen=True)
class BatchResult:
    results: tuple[RowResult, ...]
    seconds: float
    merged: Path | None = None
    rows_read: tuple[Row, ...] = field(default=(), repr=False)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)


RESERVED = {"merged"}  # --merge writes merged.pdf: no row may take its name


def read_rows(path: Path) -> tuple[list[Row], list[RowResult]]:
    """The CSV's rows as overrides; rows that cannot be read or used come back as failures, each
    located at its line, and never stop the others. The file is read as CSV (a quoted cell may
    hold line breaks); a duplicated column is an error of the whole file."""
    data = read_file(path, CSV_BYTES, "CSV file")
    csv.field_size_limit(CSV_CELL + 1)
    text = decode(data, str(path), "CSV file")  # not UTF-8: refused at the line and column of the first bad byte
    return _read_rows(csv.reader(io.StringIO(text, newline="")), path)


def _read_rows(reader: Iterator[list[str]], path: Path) -> tuple[list[Row], list[RowResult]]:
    display = str(path)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise InputError(
            [Diagnostic("the CSV file is empty", Location(display), hint="the first line names the columns")]
        ) from None
    except csv.Error as exc:
        raise InputError([Diagnostic(f"the header line cannot be read: {exc}", Location(display, 1, 1))]) from None
    if len(header) < 2:
        raise InputError([Diagnostic("the CSV needs a name column and at least one value column", Location(display, 1, 1),
                                     hint="e.g. file,clinic.name,clinic.phone")])  # fmt: skip
    problems = []
    for index, column in enumerate(header):
        first = header.index(column)
        if index > 0 and column and first < index:
            problems.append(Diagnostic(f"the column '{column}' is given twice (columns {first + 1} and {index + 1})",
                                       Location(display, 1, index + 1), hint="keep one of them"))  # fmt: skip
    if len(header) > CSV_COLUMNS:
        problems.append(
            Diagnostic(f"{len(header)} columns, more than the {CSV_COLUMNS} brochure reads", Location(display, 1, 1))
        )
    if problems:
        raise InputError(problems)
    rows: list[Row] = []
    failed: list[RowResult] = []
    seen: set[str] = set()
    line = 2  # where the next row starts (a quoted cell may span lines)
    while True:
        start = line
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = getattr(reader, "line_num", line) + 1
            failed.append(_failed(Row(start, "", ()), f"{display}:{start}:1: error: the row cannot be read: {exc}"))
            continue
        line = getattr(reader, "line_num", line) + 1
        if len(rows) + len(failed) >= CSV_ROWS:
            raise InputError(
                [Diagnostic(f"more than {CSV_ROWS:,} rows", Location(display, start, 1), hint="split the file")]
            )
        if not any(cell.strip() for cell in cells):
            continue
        name = cells[0].strip()
        row = Row(start, name, tuple(
            Override(column, value.strip(), Location(display, start, index + 1))
            for index, (column, value) in enumerate(zip(header, cells, strict=False))
            if index > 0 and value.strip()
        ))  # fmt: skip
        extra = next((i for i in range(len(header), len(cells)) if cells[i].strip()), None)
        why = ""
        if extra is not None:
            why = f"has a value in column {extra + 1}, beyond the {len(header)} the header names"
            at = extra + 1
        elif not _SAFE_NAME.match(name):
            why, at = (
                "the name '" + name[:40] + "' is not a usable file name (letters, digits, '.', '-', '_', space)",
                1,
            )
        elif name.casefold() in seen:
            why, at = f"the name '{name}' is used twice", 1
        elif name.casefold() in RESERVED:
            why, at = f"the name '{name}' is kept for the merged file (--merge); choose another", 1
        if why:
            failed.append(_failed(row, f"{display}:{start}:{at}: error: {why}"))
            continue
        seen.add(name.casefold())
        rows.append(row)
    return rows, failed


def _failed(row: Row, problem: str) -> RowResult:
    return RowResult(row, "failed", None, (problem,))


@dataclass(frozen=True)
class TemplateClinic:
    """What a batch row inherits from the template and that names the template's clinic."""

    name: str
    logo: Path | None
    logo_alt: str | None
    reference: str


def _template_clinic(content: Path) -> TemplateClinic | None:
    """The template's clinic, logo and reference; None when the template cannot be read alone
    (its problems are then reported with every row)."""
    try:
        loaded, brand, _ = read_inputs(content)
    except BrochureError:
        return None
    return TemplateClinic(loaded.clinic.name, brand.logo, brand.logo_alt, loaded.leaflet.reference)


def own_clinic(row: Row, template: TemplateClinic | None) -> tuple[Row, tuple[str, ...]]:
    """A row for another clinic than the template's: a warning, at the row's clinic.name, when it
    inherits the template's logo or reference; and the logo's alt text, unless the row gives its
    own, naming the row's clinic ("<clinic> logo") when the template's names the template's clinic
    or describes a logo the row replaces (a screen reader would announce the wrong clinic)."""
    values = {o.path: o for o in row.overrides}
    name = values.get("clinic.name")
    if template is None or name is None or name.value == template.name:
        return row, ()
    inherited, columns = [], []
    if template.logo is not None and "brand.logo" not in values:
        inherited.append(f"its logo '{template.logo.name}' (brand.logo)")
        columns += ["brand.logo", "brand.logo_alt"]
    if "leaflet.reference" not in values:
        inherited.append(f"its reference {template.reference} (leaflet.reference)")
        columns.append("leaflet.reference")
    found: tuple[str, ...] = ()
    if inherited:
        message = (f"'{name.value}' is not the template's clinic '{template.name}', "
                   f"but inherits {' and '.join(inherited)}")  # fmt: skip
        hint = f"give the row its own values in these columns: {', '.join(columns)}"
        found = (Diagnostic(message, name.location, hint=hint, severity="warning").format(),)
    named = template.logo_alt is not None and template.name.casefold() in template.logo_alt.casefold()
    if "brand.logo_alt" not in values and template.logo_alt and (named or "brand.logo" in values):
        alt = Override("brand.logo_alt", f"{name.value} logo", name.location)
        row = replace(row, overrides=(*row.overrides, alt))
    return row, found


def shard(rows: list[Row], spec: str | None) -> list[Row]:
    """The K-th of N equal slices ('K/N', K from 1), so many machines can share a batch."""
    if not spec:
        return rows
    match = re.fullmatch(r"(\d+)/(\d+)", spec)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise InputError([Diagnostic(f"--shard takes K/N with 1 <= K <= N, not '{spec}'", hint="e.g. --shard 2/8")])
    k, n = int(match.group(1)), int(match.group(2))
    return rows[(k - 1) * len(rows) // n : k * len(rows) // n]


def run_batch(
    content: Path,
    data: Path,
    out_dir: Path,
    options: BuildOptions,
    *,
    jobs: int | None = None,
    merge: bool = False,
    skip_unchanged: bool = False,
    shard_spec: str | None = None,
    progress: Callable[[RowResult, int, int], None] | None = None,
) -> BatchResult:
    """Build every row (in parallel), then optionally merge the built files for the print shop."""
    start = time.perf_counter()
    _TEMPLATES.clear()  # templates belong to one batch (workers fork from here)
    if merge and options.edition == "screen":
        raise InputError([Diagnostic(
            "--merge cannot merge screen editions: the merged file would carry no tags, so it would not be accessible",
            hint="each record's screen PDF is already tagged PDF/UA: publish those; merge the print edition for the print shop",
        )])  # fmt: skip
    rows, unreadable = read_rows(data)
    rows = shard(rows, shard_spec)
    template = _template_clinic(content)
    owned = [own_clinic(row, template) for row in rows]
    rows = [row for row, _ in owned]
    warnings = {row.line: found for row, found in owned}
    manifest = _manifest(out_dir) if skip_unchanged else {}
    base = _inputs_digest(content, options)
    tasks = [(row, content, out_dir, options, base, manifest.get(row.name, "")) for row in rows]
    results: list[RowResult] = list(unreadable)
    total = len(tasks) + len(unreadable)
    for done, result in enumerate(unreadable, start=1):
        if progress:
            progress(result, done, total)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
    gc.collect()
    gc.freeze()  # what is loaded now lives for the whole batch: the collector need not walk it again
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, *threshold[1:])  # records leave little cyclic garbage; collect rarely
    try:
        for result in _map(_build_row if skip_unchanged else _build_row_always, tasks, workers):
            result = replace(result, warnings=warnings.get(result.row.line, ()))
            results.append(result)
            if progress:
                progress(result, len(results), total)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
    results.sort(key=lambda r: r.row.line)
    results = _remove_failed_outputs(results, out_dir)
    if skip_unchanged:
        _save_manifest(
            out_dir, {r.row.name: r.fingerprint for r in results if r.status != "failed" and r.fingerprint}, manifest
        )
    merged = _merge(out_dir, [r for r in results if r.output]) if merge else None
    return BatchResult(tuple(results), time.perf_counter() - start, merged, tuple(rows))


def _remove_failed_outputs(results: list[RowResult], out_dir: Path) -> list[RowResult]:
    """A failed row leaves no file: not last run's (a print shop collecting out/*.pdf would print
    an out-of-date leaflet) and not this run's unready one. Each removal is said."""
    good = {r.row.name.casefold() for r in results if r.status != "failed"}
    out = []
    for result in results:
        name = result.row.name
        target = out_dir / f"{name}.pdf"
        stale = result.status == "failed" and _SAFE_NAME.match(name) and name.casefold() not in good | RESERVED
        if stale and (target.is_file() or target.is_symlink()):
            target.unlink()
            result = replace(result, output=None, removed=target)
        out.append(result)
    return out


def _map(function: Callable[[tuple], RowResult], tasks: list[tuple], workers: int) -> Iterator[RowResult]:  # type: ignore[type-arg]
    if workers == 1 or len(tasks) < 2:
        yield from map(function, tasks)
        return
    with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_signals) as pool:
        yield from pool.imap_unordered(function, tasks, chunksize=max(1, min(4, len(tasks) // (workers * 8))))
        pool.close()  # every row is done: let the workers finish, rather than terminate them mid-lock
        pool.join()


def _worker_signals() -> None:
    """A worker dies at once on SIGTERM (the pool's terminate). It must not inherit the CLI's
    handler, which raises an exception: raised while a worker holds the task queue's lock, it
    left the lock held and the pool waiting for ever for the other worker."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _build_row_always(task: tuple) -> RowResult:  # type: ignore[type-arg]
    return _build_row(task, check_unchanged=False)


def _build_row(task: tuple, check_unchanged: bool = True) -> RowResult:  # type: ignore[type-arg]
    row, content, out_dir, options, base, previous = task
    output = out_dir / f"{row.name}.pdf"
    fingerprint = _fingerprint(content, row, base) if check_unchanged else ""
    if check_unchanged and fingerprint and previous == fingerprint and output.exists():
        return RowResult(row, "skipped", output, fingerprint=fingerprint)
    try:
        preflight, from_template = _build(content, output, options, row.overrides)
    except BrochureError as exc:
        return RowResult(row, "failed", None, tuple(d.format() for d in exc.diagnostics if d.severity == "error"))
    if preflight.errors:
        problems = tuple(f"{output}: {f.format()}" for f in preflight.findings if f.severity == "error")
        return RowResult(row, "failed", output, problems)
    return RowResult(row, "built", output, fingerprint=fingerprint, from_template=from_template, pages=preflight.pages)


_TEMPLATES: dict[Hashable, Template] = {}  # per process: the first record of each shape, as built


def _build(content: Path, output: Path, options: BuildOptions, overrides: tuple[Override, ...]) -> tuple[Report, bool]:
    """One record's file, written from the template of its shape when there is one (see
    template.py), else built whole (and kept as the template for records of its shape)."""
    prepared = prepare(content, options, overrides)
    key = shape(prepared)
    template = _TEMPLATES.get(key) if key is not None else None
    made = write_from(template, prepared) if template else None
    if made is not None:
        data, preflight = made
        if not preflight.errors:
            write_atomic(output, data)
        return replace(preflight, file=str(output)), True
    result, data, rendered = build_prepared(prepared, output)
    if key is not None and result.print_ready:
        _TEMPLATES[key] = load_template(data, prepared.document, rendered.pages)
    return result.preflight, False


def _fingerprint(content: Path, row: Row, base: str) -> str:
    """What a row's output depends on: brochure's version and options, the row's values, and
    every file the row reads (the content, the brand file it names, fonts, pictures, and the
    pictures they draw in); '' when the row cannot even be read (it is then built, and fails)."""
    try:
        loaded, brand, _ = read_inputs(content, row.overrides)
        files = [path for path, _ in input_files(loaded, brand)]
        pictures = (
            (loaded.illustration.file if loaded.illustration else None, content.parent),
            (brand.logo, brand.root),
        )
        for picture, root in pictures:
            if picture is not None and root is not None and picture.suffix.lower() == ".svg":
                files += load_asset(picture, root).references
        digest = hashlib.sha256((base + json.dumps([(o.path, o.value) for o in row.overrides])).encode())
        for path in files:
            digest.update(path.as_posix().encode() + _file_digest(path))
    except (BrochureError, AssetError, OSError):
        return ""
    return digest.hexdigest()


@functools.lru_cache(maxsize=1024)
def _digest_of(path: Path, modified: int, size: int) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def _file_digest(path: Path) -> bytes:
    info = path.stat()
    return _digest_of(path, info.st_mtime_ns, info.st_size)


def _inputs_digest(content: Path, options: BuildOptions) -> str:
    """What every row shares: brochure's version and the options (the files each row reads are
    in its own fingerprint)."""
    return hashlib.sha256(f"{__version__}{options!r}".encode()).hexdigest()


def _manifest(out_dir: Path) -> dict[str, str]:
    """The fingerprints of the last run; anything unreadable (damaged, not a mapping, absurdly
    nested or large) counts as no manifest: every row is then built."""
    try:
        data = json.loads(read_file(out_dir / MANIFEST, CSV_BYTES, "batch manifest").decode("utf-8"))
    except (BrochureError, OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


def _save_manifest(out_dir: Path, built: dict[str, str], previous: dict[str, str]) -> None:
    merged = {**previous, **built}
    write_atomic(out_dir / MANIFEST, json.dumps(merged, indent=1, sort_keys=True).encode())


def _merge(out_dir: Path, results: list[RowResult]) -> Path | None:
    """One file with every record for the print shop (vt.py): PDF/VT-1 for PDF/X-4 records, a
    document part and a bookmark per record named as its row, the output intent stated once, and
    what the records share (fonts, forms, images) stored once."""
    if not results:
        return None
    target = out_dir / "merged.pdf"
    records = []
    for result in results:
        assert result.output is not None
        records.append((result.row.name, result.output))
    merge(records, target)
    return target
