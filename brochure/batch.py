"""Variable-data batch: one print-ready leaflet per CSV row, in parallel.

The CSV's first column names each output file; every other header is a dotted path into the
content (clinic.phone) or the brand (brand.logo) whose value replaces the template's for that row.
Each row is validated like a content file, its problems located at its CSV row and column; a bad
row never stops the others. Library code: progress goes to a callback, nothing is printed here.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import json
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import pikepdf

from . import BuildOptions, __version__, build_prepared, prepare
from .check import Report
from .errors import BrochureError, Diagnostic, InputError, Location
from .output import write_atomic
from .schema import Override
from .tagging import remove_structure
from .template import Template, load_template, shape, write_from

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


@dataclass(frozen=True)
class BatchResult:
    results: tuple[RowResult, ...]
    seconds: float
    merged: Path | None = None
    rows_read: tuple[Row, ...] = field(default=(), repr=False)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)


def read_rows(path: Path) -> tuple[list[Row], list[RowResult]]:
    """The CSV's rows as overrides; rows that cannot even be read come back as failures."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Diagnostic(f"cannot read the CSV file: {exc}", Location(str(path)))]) from None
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(
            [Diagnostic("the CSV file is empty", Location(str(path)), hint="the first line names the columns")]
        ) from None
    if len(header) < 2:
        raise InputError([Diagnostic("the CSV needs a name column and at least one value column", Location(str(path), 1, 1),
                                     hint="e.g. file,clinic.name,clinic.phone")])  # fmt: skip
    rows: list[Row] = []
    failed: list[RowResult] = []
    seen: set[str] = set()
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        name = cells[0].strip() if cells else ""
        overrides = tuple(
            Override(column.strip(), value.strip(), Location(str(path), line, index + 1))
            for index, (column, value) in enumerate(zip(header, cells, strict=False))
            if index > 0 and value.strip()
        )
        row = Row(line, name, overrides)
        if not _SAFE_NAME.match(name) or name in seen:
            why = (
                "is used twice" if name in seen else "is not a usable file name (letters, digits, '.', '-', '_', space)"
            )
            failed.append(RowResult(row, "failed", None, (f"{path}:{line}:1: error: the name '{name}' {why}",)))
            continue
        seen.add(name)
        rows.append(row)
    return rows, failed


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
    rows, unreadable = read_rows(data)
    rows = shard(rows, shard_spec)
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
            results.append(result)
            if progress:
                progress(result, len(results), total)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
    results.sort(key=lambda r: r.row.line)
    if skip_unchanged:
        _save_manifest(
            out_dir, {r.row.name: r.fingerprint for r in results if r.status != "failed" and r.fingerprint}, manifest
        )
    merged = _merge(out_dir, [r for r in results if r.output]) if merge else None
    return BatchResult(tuple(results), time.perf_counter() - start, merged, tuple(rows))


def _map(function: Callable[[tuple], RowResult], tasks: list[tuple], workers: int) -> Iterator[RowResult]:  # type: ignore[type-arg]
    if workers == 1 or len(tasks) < 2:
        yield from map(function, tasks)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(function, tasks, chunksize=max(1, min(4, len(tasks) // (workers * 8))))


def _build_row_always(task: tuple) -> RowResult:  # type: ignore[type-arg]
    return _build_row(task, check_unchanged=False)


def _build_row(task: tuple, check_unchanged: bool = True) -> RowResult:  # type: ignore[type-arg]
    row, content, out_dir, options, base, previous = task
    output = out_dir / f"{row.name}.pdf"
    fingerprint = hashlib.sha256((base + json.dumps([(o.path, o.value) for o in row.overrides])).encode()).hexdigest()
    if check_unchanged and previous == fingerprint and output.exists():
        return RowResult(row, "skipped", output, fingerprint=fingerprint)
    try:
        preflight, from_template = _build(content, output, options, row.overrides)
    except BrochureError as exc:
        return RowResult(row, "failed", None, tuple(d.format() for d in exc.diagnostics if d.severity == "error"))
    if preflight.errors:
        problems = tuple(f"{output}: {f.format()}" for f in preflight.findings if f.severity == "error")
        return RowResult(row, "failed", output, problems)
    return RowResult(row, "built", output, fingerprint=fingerprint, from_template=from_template)


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


def _inputs_digest(content: Path, options: BuildOptions) -> str:
    """What every row shares: brochure's version, the options, the content and brand files, and
    the assets folder beside them."""
    digest = hashlib.sha256(f"{__version__}{options!r}".encode())
    folder = content.parent
    files = [content, folder / "brand.yaml", *sorted((folder / "assets").rglob("*"))]
    for path in files:
        if path.is_file():
            digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def _manifest(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()}
    except (OSError, ValueError):
        return {}


def _save_manifest(out_dir: Path, built: dict[str, str], previous: dict[str, str]) -> None:
    merged = {**previous, **built}
    write_atomic(out_dir / MANIFEST, json.dumps(merged, indent=1, sort_keys=True).encode())


def _merge(out_dir: Path, results: list[RowResult]) -> Path | None:
    """One PDF with every record for the print shop, a bookmark per record; the output intent is
    stored once, and font programs that are byte-identical are shared."""
    if not results:
        return None
    target = out_dir / "merged.pdf"
    first = results[0].output
    assert first is not None
    with pikepdf.open(first) as merged:
        fonts: dict[bytes, pikepdf.Object] = {}
        starts = [0]
        _share_fonts(merged, merged.pages, fonts)
        for result in results[1:]:
            assert result.output is not None
            with pikepdf.open(result.output) as other:
                count = len(merged.pages)
                merged.pages.extend(other.pages)
                starts.append(count)
                _share_fonts(merged, merged.pages[count:], fonts)
        remove_structure(merged)
        with merged.open_outline() as outline:
            outline.root.extend(
                pikepdf.OutlineItem(r.row.name, start) for r, start in zip(results, starts, strict=True)
            )
        temporary = target.with_suffix(".tmp")
        merged.save(temporary, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    temporary.replace(target)
    return target


def _share_fonts(pdf: pikepdf.Pdf, pages: object, seen: dict[bytes, pikepdf.Object]) -> None:
    """Point byte-identical font programs and Form XObjects (the illustration, the logo) of the
    merged records at one copy each, so the print shop's file holds them once."""
    for page in pages:  # type: ignore[attr-defined]
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor:
                descriptor.FontFile2 = _shared(descriptor.FontFile2, seen)
        xobjects = resources.get("/XObject", pikepdf.Dictionary())
        for name in list(xobjects.keys()):
            xobjects[name] = _shared(xobjects[name], seen)


def _shared(stream: pikepdf.Object, seen: dict[bytes, pikepdf.Object]) -> pikepdf.Object:
    described = {k: v for k, v in stream.stream_dict.items() if k != "/Length"}
    key = hashlib.sha256(
        stream.read_raw_bytes() + repr(sorted((k, repr(v)) for k, v in described.items())).encode()
    ).digest()
    return seen.setdefault(key, stream)
