"""Batch benchmark: `brochure batch` over 400 rows, whole process, against Typst.

Run from the repository root: python benchmarks/bench_batch.py [--rows 400] [--json]

brochure: the rows are made from examples/clinics.csv (renamed copies), built by the command a
clinic network would run, timed from process start to the last file written, with peak memory.
Typst: the PyPI package `typst`, one reused compiler, in this process, one core, compiling a
comparable three-page leaflet (title, brain illustration, the article's text, clinic details,
a slip with tick boxes) once per row with the row's values as inputs.
The issue's target: brochure at five times Typst's rate or better.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 5.0

TYPST_LEAFLET = r"""
#let v(key, default) = sys.inputs.at(key, default: default)
#set page(paper: "a4", margin: 30mm, footer: context [Page #counter(page).display() of #counter(page).final().first() #h(1fr) NMC-KET-001 · Version 1.0])
#set text(font: "Atkinson Hyperlegible", size: 14pt, fill: cmyk(0%, 0%, 0%, 100%))
#set par(leading: 0.65em, justify: false)
#show heading: set text(fill: cmyk(100%, 60%, 0%, 20%))
#block(fill: cmyk(100%, 60%, 0%, 20%), width: 100%, inset: 8mm, text(fill: white, weight: "bold", size: 19pt, v("clinic.name", "Clinic")))
= TITLE
#image("brain.svg", width: 70%)
*Contact us:* #v("clinic.phone", "") · #v("clinic.email", "") · #v("clinic.web", "")
#pagebreak()
BODY
#pagebreak()
== How can we help?
OPTIONS
Name: #box(width: 1fr, line(length: 100%)) \
Phone or email: #box(width: 1fr, line(length: 100%))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        data = _rows(work / "clinics.csv", args.rows)
        brochure_s, peak_mb, in_batch_s = _brochure(data, work / "out")
        typst_rate = _typst(work, args.rows)
    brochure_rate = args.rows / brochure_s
    ratio = brochure_rate / typst_rate if typst_rate else None
    report = {
        "rows": args.rows, "cpus": os.cpu_count(),
        "brochure_seconds": round(brochure_s, 2), "brochure_leaflets_per_s": round(brochure_rate, 1),
        "brochure_after_startup_leaflets_per_s": round(args.rows / in_batch_s, 1),
        "brochure_peak_rss_mb": round(peak_mb), "typst_leaflets_per_s": round(typst_rate, 1) if typst_rate else None,
        "ratio": round(ratio, 2) if ratio else None,
        "target": {"ratio_min": TARGET_RATIO, "pass": bool(ratio and ratio >= TARGET_RATIO)},
    }  # fmt: skip
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{args.rows} leaflets, {os.cpu_count()} CPUs")
    print(f"brochure batch, whole process  {brochure_s:.1f} s  {brochure_rate:.1f} leaflets/s  peak {peak_mb:.0f} MB")
    print(
        f"  of which the batch itself    {in_batch_s:.1f} s  {args.rows / in_batch_s:.1f} leaflets/s  (start-up excluded, for information)"
    )
    if typst_rate:
        verdict = "PASS" if report["target"]["pass"] else "FAIL"  # type: ignore[index]
        print(f"typst, reused compiler, 1 core  {typst_rate:.1f} leaflets/s")
        print(f"ratio brochure/typst           {ratio:.2f}  (target >= {TARGET_RATIO:g})  {verdict}")
    else:
        print("typst is not installed (pip install typst): no comparison")
    return 0


def _rows(path: Path, count: int) -> Path:
    with (ROOT / "examples" / "clinics.csv").open(encoding="utf-8") as source:
        header, *clinics = list(csv.reader(source))
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(header)
        for index in range(count):
            row = list(clinics[index % len(clinics)])
            row[0] = f"{row[0]}-{index:04d}"
            writer.writerow(row)
    return path


def _brochure(data: Path, out: Path) -> tuple[float, float, float]:
    command = [
        sys.executable,
        "-m",
        "brochure",
        "batch",
        str(ROOT / "content.yaml"),
        "--data",
        str(data),
        "-o",
        str(out),
    ]
    summary = out.parent / "summary.txt"
    with summary.open("w", encoding="utf-8") as stdout:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("brochure batch failed")
    found = re.search(r" in ([0-9.]+) s ", summary.read_text(encoding="utf-8"))  # the batch's own summary line
    return seconds, usage.ru_maxrss / 1024, float(found.group(1)) if found else seconds


def _typst(work: Path, rows: int) -> float | None:
    try:
        import typst
    except ImportError:
        return None
    content = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
    body = []
    for section in content["sections"]:
        body.append(f"== {section['heading']}")
        for block in section["body"] if isinstance(section["body"], list) else [section["body"]]:
            items = block["numbered"] if isinstance(block, dict) else [block]
            body += [("+ " if isinstance(block, dict) else "") + _escape(item) for item in items]
    options = "\n".join(
        f"#box(width: 5mm, height: 5mm, stroke: 0.75pt) {_escape(o)} \\" for o in content["help"]["options"]
    )
    source = (
        TYPST_LEAFLET.replace("TITLE", _escape(content["title"]))
        .replace("BODY", "\n\n".join(body))
        .replace("OPTIONS", options)
    )
    (work / "leaflet.typ").write_text(source, encoding="utf-8")
    (work / "brain.svg").write_bytes((ROOT / "assets" / "brain.svg").read_bytes())
    with (ROOT / "examples" / "clinics.csv").open(encoding="utf-8") as handle:
        clinics = list(csv.DictReader(handle))
    compiler = typst.Compiler(str(work / "leaflet.typ"), font_paths=[str(ROOT / "assets" / "fonts")])
    start = time.perf_counter()
    for index in range(rows):
        values = {k: v for k, v in clinics[index % len(clinics)].items() if v}
        (work / f"typst-{index}.pdf").write_bytes(compiler.compile(sys_inputs=values))
    return rows / (time.perf_counter() - start)


def _escape(text: str) -> str:
    return "".join("\\" + c if c in "#*_$@<>[]`" else c for c in text)


if __name__ == "__main__":
    raise SystemExit(main())
