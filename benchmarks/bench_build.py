"""Benchmark the leaflet build (a report, not a test): `python benchmarks/bench_build.py [--runs N] [--json]`.

Measures the whole-process build against a plain-ReportLab baseline (baseline_reportlab.py), the
in-process `brochure.make_pdf`, the PDF's size and the build's peak memory. Always exits 0 once it
has measured; a build that fails cannot be measured and exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RATIO_LIMIT = 1.5  # brochure / baseline, whole process (from the issue)
SIZE_LIMIT = 1_500_000  # bytes: 1.5 MB, decimal
NO_PYC = ": PYTHONDONTWRITEBYTECODE, so recompiled every run" if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""


def run_process(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a command from the repository root; returns (wall seconds, peak RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    error = proc.stderr.read()  # stderr is small; reading it to EOF cannot deadlock
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(command)}\n{error.decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024  # Linux reports ru_maxrss in KiB


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def measure(runs: int, pyc_cache: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ)
        if pyc_cache:  # compile once, as a user's repeated builds would; written outside the repository
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = sys.pycache_prefix = str(Path(folder) / "pyc")
            sys.dont_write_bytecode = False
        ours, base = Path(folder) / "leaflet.pdf", Path(folder) / "baseline.pdf"
        commands = {
            "brochure": [sys.executable, "build_pdf.py", "content.yaml", "-o", str(ours)],
            "baseline": [sys.executable, "benchmarks/baseline_reportlab.py", str(base)],
        }
        for command in commands.values():  # untimed warm-up: bytecode cache, page cache
            run_process(command, env)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(runs):  # interleaved, so drift on a busy machine hits both alike
            for name, command in commands.items():
                samples[name].append(run_process(command, env))

        sys.path.insert(0, str(ROOT))
        start = time.perf_counter()
        import brochure
        import brochure.pipeline  # `import brochure` alone is lazy: the pipeline loads on first use

        imported = time.perf_counter() - start
        content = ROOT / "content.yaml"
        start = time.perf_counter()
        brochure.make_pdf(content)
        first = time.perf_counter() - start
        in_process = []
        for _ in range(runs):
            start = time.perf_counter()
            brochure.make_pdf(content)
            in_process.append(time.perf_counter() - start)
        size, our_pages, base_pages = ours.stat().st_size, pages(ours), pages(base)

    wall = {name: [s[0] for s in runs_] for name, runs_ in samples.items()}
    ratio = statistics.median(wall["brochure"]) / statistics.median(wall["baseline"])
    return {
        "runs": runs,
        "pyc_cache": pyc_cache,
        "brochure_process_s": round(statistics.median(wall["brochure"]), 4),
        "brochure_process_min_s": round(min(wall["brochure"]), 4),
        "baseline_process_s": round(statistics.median(wall["baseline"]), 4),
        "baseline_process_min_s": round(min(wall["baseline"]), 4),
        "ratio": round(ratio, 3),
        "ratio_of_mins": round(min(wall["brochure"]) / min(wall["baseline"]), 3),
        "import_s": round(imported, 4),
        "in_process_s": round(statistics.median(in_process), 4),
        "first_in_process_s": round(first, 4),
        "size_bytes": size,
        "pages": our_pages,
        "baseline_pages": base_pages,
        "peak_rss_mb": round(max(s[1] for s in samples["brochure"]), 1),
        "baseline_peak_rss_mb": round(max(s[1] for s in samples["baseline"]), 1),
        "targets": {
            "ratio": {"value": round(ratio, 3), "limit": RATIO_LIMIT, "pass": ratio <= RATIO_LIMIT},
            "size_bytes": {"value": size, "limit": SIZE_LIMIT, "pass": size < SIZE_LIMIT},
        },
    }


def table(r: dict[str, Any]) -> str:
    def verdict(name: str) -> str:
        return "PASS" if r["targets"][name]["pass"] else "FAIL"

    rows = [
        ("brochure, whole process", f"{r['brochure_process_s']:.3f} s median, {r['brochure_process_min_s']:.3f} s min"),
        ("baseline, whole process", f"{r['baseline_process_s']:.3f} s median, {r['baseline_process_min_s']:.3f} s min"),
        (
            "ratio brochure/baseline",
            f"{r['ratio']:.2f} of medians  (target <= {RATIO_LIMIT})  {verdict('ratio')};  {r['ratio_of_mins']:.2f} of mins",
        ),
        ("import brochure", f"{r['import_s']:.3f} s  (once, in this process)"),
        ("make_pdf in process", f"{r['in_process_s']:.3f} s median  (first run {r['first_in_process_s']:.3f} s)"),
        ("PDF size", f"{r['size_bytes'] / 1024:.0f} KB  (target < {SIZE_LIMIT / 1e6} MB)  {verdict('size_bytes')}"),
        ("pages brochure/baseline", f"{r['pages']} / {r['baseline_pages']}"),
        ("peak RSS brochure/baseline", f"{r['peak_rss_mb']:.0f} MB / {r['baseline_peak_rss_mb']:.0f} MB"),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"{name:<{width}}  {value}" for name, value in rows]
    bytecode = "cached (private prefix)" if r["pyc_cache"] else f"as the environment has it{NO_PYC}"
    header = f"{r['runs']} runs each, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, bytecode {bytecode}"
    return "\n".join([header, *lines])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each measurement (default 7)")
    parser.add_argument(
        "--no-pyc-cache",
        action="store_true",
        help="keep the environment's bytecode settings (by default a private cache is used, so nothing is recompiled)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    result = measure(args.runs, pyc_cache=not args.no_pyc_cache)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
