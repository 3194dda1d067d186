"""Every speed target of the speed issue, side by side in one run, each with its floor.

Run from the repository root: python benchmarks/bench_all.py [--rows 400] [--repeats 3] [--json]

| what | measure | target |
|---|---|---|
| start-up | `brochure --help`, whole process, against `python -c pass` | <= 3x |
| cold default build | whole process, against benchmarks/baseline_reportlab.py | <= 1.3x |
| batch, separate print masters | 400 rows, whole process, against Typst's reused compiler | >= 5x Typst |
| batch, one merged file | the same rows with --merge (PDF/VT), whole process | >= 8x Typst |
| memory | peak RSS of one batch worker (--jobs 1: the process is the worker) | <= 150 MB |

The floors printed beside them:
- start-up: the interpreter (`python -c pass`), and importing what a build needs
  (`import brochure.pipeline`);
- bytes: the bytes a batch writes divided by the rate this disk takes them (400 files of the
  same size written and closed, best of the repeats);
- compute: the batch's own per-record time on one process (`--jobs 1`, start-up excluded),
  divided by the cores.
A batch's floor is start-up + bytes + compute: what the whole process cannot go under without
changing one of them. Each batch figure is the best of --repeats runs (a busy machine only slows).
Always exits 0 once it has measured: a target missed is a finding, printed with its numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_batch  # noqa: E402  (the rows and Typst's side of the comparison)

TARGETS = {"startup": 3.0, "build": 1.3, "batch": 5.0, "merged": 8.0, "memory_mb": 150.0}


def _best_process(command: list[str], repeats: int, env: dict[str, str]) -> tuple[float, float]:
    """Best wall seconds and the largest peak RSS (MB) of a whole process, run `repeats` times."""
    best, peak = float("inf"), 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(command)}")
        best, peak = min(best, seconds), max(peak, usage.ru_maxrss / 1024)
    return best, peak


def _batch(data: Path, out: Path, repeats: int, env: dict[str, str], *extra: str) -> dict[str, float]:
    """The batch, whole process: best wall time, the batch's own time on its summary line, peak RSS."""
    command = [sys.executable, "-m", "brochure", "batch", str(ROOT / "content.yaml"), "--data", str(data), "-o", str(out), *extra]  # fmt: skip
    best: dict[str, float] = {"seconds": float("inf"), "batch_seconds": float("inf"), "peak_mb": 0.0}
    for _ in range(repeats):
        start = time.perf_counter()
        process = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            raise SystemExit(f"brochure batch failed:\n{process.stderr[-2000:]}")
        found = re.search(r" in ([0-9.]+) s ", process.stdout)
        best["seconds"] = min(best["seconds"], seconds)
        best["batch_seconds"] = min(best["batch_seconds"], float(found.group(1)) if found else seconds)
    best["bytes"] = sum(p.stat().st_size for p in out.glob("*.pdf"))
    return best


def _peak_worker(data: Path, out: Path, env: dict[str, str]) -> float:
    command = [sys.executable, "-m", "brochure", "batch", str(ROOT / "content.yaml"), "--data", str(data), "-o", str(out), "--jobs", "1"]  # fmt: skip
    return _best_process(command, 1, env)[1]


def _disk_rate(folder: Path, sizes: list[int], repeats: int) -> float:
    """Bytes a second this disk takes files of these sizes (written and closed), best of repeats."""
    folder.mkdir(parents=True, exist_ok=True)
    data = os.urandom(max(sizes))
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for index, size in enumerate(sizes):
            with open(folder / f"f{index}.bin", "wb") as handle:
                handle.write(data[:size])
        best = min(best, time.perf_counter() - start)
        for path in folder.iterdir():
            path.unlink()
    return sum(sizes) / best


def measure(rows: int, repeats: int) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.pop("_ARGCOMPLETE", None)
    cores = os.cpu_count() or 1
    result: dict[str, Any] = {"rows": rows, "cores": cores, "python": sys.version.split()[0], "targets": TARGETS}
    python, _ = _best_process([sys.executable, "-c", "pass"], 10, env)
    helped, _ = _best_process([sys.executable, "-m", "brochure", "--help"], 10, env)
    imported, _ = _best_process([sys.executable, "-c", "import brochure.pipeline"], 5, env)
    result["startup"] = {"python_s": python, "help_s": helped, "ratio": helped / python, "import_pipeline_s": imported}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        built, _ = _best_process([sys.executable, "-m", "brochure", "build", "content.yaml", "-o", str(work / "b.pdf"), "-q"], 5, env)  # fmt: skip
        baseline, _ = _best_process(
            [sys.executable, "benchmarks/baseline_reportlab.py", str(work / "base.pdf")], 5, env
        )
        result["build"] = {"seconds": built, "baseline_seconds": baseline, "ratio": built / baseline,
                           "floor_import_s": imported}  # fmt: skip
        data = bench_batch._rows(work / "clinics.csv", rows)
        separate = _batch(data, work / "out", repeats, env)
        merged = _batch(data, work / "merged", repeats, env, "--merge")
        one = _batch(data, work / "one", 1, env, "--jobs", "1")
        peak = _peak_worker(data, work / "peak", env)
        sizes = [p.stat().st_size for p in (work / "out").glob("*.pdf")]
        rate = _disk_rate(work / "disk", sizes, repeats)
        merged_bytes = (work / "merged" / "merged.pdf").stat().st_size
        typst = max(bench_batch._typst(work, rows) or 0.0 for _ in range(repeats))
    compute = one["batch_seconds"] / cores  # per-record work spread over the cores
    for name, run, written in (("batch", separate, sum(sizes)), ("merged", merged, sum(sizes) + merged_bytes)):
        floor = imported + written / rate + compute
        result[name] = {
            "seconds": run["seconds"], "leaflets_per_s": rows / run["seconds"], "typst_leaflets_per_s": typst,
            "ratio": (rows / run["seconds"]) / typst if typst else None,
            "floor": {"startup_s": imported, "bytes": written, "write_s": written / rate,
                      "compute_s": compute, "total_s": floor,
                      "best_ratio": (rows / floor) / typst if typst else None},
        }  # fmt: skip
    result["memory"] = {"peak_worker_mb": peak}
    result["per_record_ms_one_core"] = 1000 * one["batch_seconds"] / rows
    result["disk_mb_per_s"] = rate / 1e6
    return result


def report(r: dict[str, Any]) -> str:
    t = r["targets"]

    def verdict(ok: bool) -> str:
        return "meets" if ok else "MISSES"

    s, b = r["startup"], r["build"]
    lines = [
        f"{r['rows']} rows, {r['cores']} cores, Python {r['python']}; best of the repeats, whole processes",
        "",
        f"start-up   brochure --help {s['help_s'] * 1000:.0f} ms = {s['ratio']:.2f}x python -c pass "
        f"({s['python_s'] * 1000:.0f} ms)   target <= {t['startup']:g}x: {verdict(s['ratio'] <= t['startup'])}",
        f"           floor: the interpreter {s['python_s'] * 1000:.0f} ms; importing the pipeline {s['import_pipeline_s'] * 1000:.0f} ms",
        f"build      {b['seconds']:.3f} s = {b['ratio']:.2f}x baseline_reportlab.py ({b['baseline_seconds']:.3f} s)"
        f"   target <= {t['build']:g}x: {verdict(b['ratio'] <= t['build'])}",
        f"           floor: importing the pipeline {b['floor_import_s']:.3f} s = {b['floor_import_s'] / b['baseline_seconds']:.2f}x the baseline before any work",
    ]
    for name, label in (("batch", "batch"), ("merged", "merged")):
        x = r[name]
        f = x["floor"]
        ratio = x["ratio"]
        target = t[name]
        lines += [
            f"{label:10} {x['seconds']:.2f} s, {x['leaflets_per_s']:.0f} leaflets/s = "
            + (f"{ratio:.2f}x Typst ({x['typst_leaflets_per_s']:.0f}/s)   target >= {target:g}x: {verdict(ratio >= target)}" if ratio else "(no Typst)"),
            f"           floor {f['total_s']:.2f} s = start-up {f['startup_s']:.2f} + writing {f['bytes'] / 1e6:.0f} MB {f['write_s']:.2f}"
            f" + compute {f['compute_s']:.2f} (on {r['cores']} cores)"
            + (f": at best {f['best_ratio']:.1f}x Typst" if f["best_ratio"] else ""),
        ]  # fmt: skip
    m = r["memory"]["peak_worker_mb"]
    lines += [
        f"memory     peak RSS of one worker {m:.0f} MB   target <= {t['memory_mb']:g} MB: {verdict(m <= t['memory_mb'])}",
        f"           (per record on one core {r['per_record_ms_one_core']:.1f} ms; the disk takes {r['disk_mb_per_s']:.0f} MB/s)",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.rows, args.repeats)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
