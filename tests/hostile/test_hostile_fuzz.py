"""Fuzzing: random bytes, random YAML and mutated PDFs thrown at `build`, `batch` and `check`.
The only answers allowed are exit 0, 1 or 2 with plain messages: never a traceback, an internal
error (exit 3), a hang or a crash."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hostile_cli import ROOT, clean, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
BASE = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
DEFAULT_PDF: list[bytes] = []

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40) | st.dates()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)  # fmt: skip
paths = st.sampled_from(["title", "summary", "sections", "help", "clinic", "leaflet", "sources", "language", "brand",
                         "illustration", "disclaimer", "other_formats", "feedback"])  # fmt: skip


def project() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="brochure-fuzz-"))
    for name in ("content.yaml", "brand.yaml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "assets", folder / "assets")
    return folder


def answered(code: int, output: str) -> bool:
    return code in (0, 1, 2) and clean(output)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_as_the_content(data: bytes) -> None:
    folder = project()
    try:
        (folder / "content.yaml").write_bytes(data)
        code, output = run("build", str(folder / "content.yaml"), "-o", str(folder / "out.pdf"))
        assert answered(code, output), output
        assert code != 0, "random bytes are not a leaflet"
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(st.dictionaries(paths, values, min_size=1, max_size=3))
def test_random_values_in_the_content(changes: dict[str, object]) -> None:
    folder = project()
    try:
        (folder / "content.yaml").write_text(yaml.safe_dump({**BASE, **changes}, allow_unicode=True), encoding="utf-8")
        code, output = run("build", str(folder / "content.yaml"), "-o", str(folder / "out.pdf"))
        assert answered(code, output), output
        assert (folder / "out.pdf").exists() == (code == 0)
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=5), min_size=1, max_size=4))
def test_random_csv_rows(rows: list[list[str]]) -> None:
    import csv
    import io

    folder = project()
    try:
        text = io.StringIO()
        csv.writer(text).writerows([["file", "clinic.name", "clinic.phone"], *rows])
        (folder / "rows.csv").write_text(text.getvalue(), encoding="utf-8")
        code, output = run("batch", str(folder / "content.yaml"), "--data", str(folder / "rows.csv"),
                           "-o", str(folder / "out"), "--jobs", "1")  # fmt: skip
        assert answered(code, output), output
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)), min_size=1, max_size=8))
def test_mutated_pdfs(mutations: list[tuple[float, bytes]]) -> None:
    if not DEFAULT_PDF:
        folder = project()
        run("build", str(folder / "content.yaml"), "-o", str(folder / "leaflet.pdf"))
        DEFAULT_PDF.append((folder / "leaflet.pdf").read_bytes())
        shutil.rmtree(folder)
    data = bytearray(DEFAULT_PDF[0])
    for where, replacement in mutations:
        at = int(where * (len(data) - len(replacement)))
        data[at : at + len(replacement)] = replacement
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.pdf"
        path.write_bytes(bytes(data))
        code, output = run("check", str(path))
        assert answered(code, output), output
