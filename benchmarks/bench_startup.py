"""Benchmark how fast the command starts (a report, not a test): `python benchmarks/bench_startup.py [--runs N] [--json]`.

Runs each of `python -c pass` (the floor: the interpreter and its site packages), `python -m
brochure --help` and `python -m brochure --version` N times, interleaved, and takes the best of
each (the least disturbed by the rest of the machine). The target is at most 3x the floor: reading
the arguments imports nothing of the pipeline (ReportLab, svglib, pikepdf ...), each command
imports what it needs when it runs. `python -X importtime -m brochure --help` shows what is left.

Always exits 0 once it has measured (a slow machine is a finding, not a failure); a command that
fails exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 3.0  # whole process, brochure --help / python -c pass (from the issue)

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "brochure --help": [sys.executable, "-m", "brochure", "--help"],
    "brochure --version": [sys.executable, "-m", "brochure", "--version"],
}


def run(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one whole process, from the repository root."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr.decode(errors='replace')}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each command (default 20)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.pop("_ARGCOMPLETE", None)
    for command in COMMANDS.values():  # warm up: byte-code compiled, files in the page cache
        run(command, env)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(max(1, args.runs)):
        for name, command in COMMANDS.items():  # interleaved: a busy moment slows all three alike
            times[name].append(run(command, env))
    best = {name: min(values) for name, values in times.items()}
    floor = best["python -c pass"]
    ratios = {name: seconds / floor for name, seconds in best.items()}
    if args.json:
        print(
            json.dumps({"runs": args.runs, "target": TARGET, "best_seconds": best, "ratio_to_floor": ratios}, indent=2)
        )
        return 0
    print(f"best of {args.runs} runs, whole process ({sys.executable}, Python {sys.version.split()[0]}):")
    for name, seconds in best.items():
        median = sorted(times[name])[len(times[name]) // 2]
        print(f"  {name:20} {seconds * 1000:7.1f} ms  (median {median * 1000:.1f} ms)  {ratios[name]:4.2f}x the floor")
    worst = max(ratios["brochure --help"], ratios["brochure --version"])
    verdict = "meets" if worst <= TARGET else "MISSES"
    print(f"target: at most {TARGET:g}x `python -c pass` = {TARGET * floor * 1000:.0f} ms; "
          f"the slower of --help and --version is {worst:.2f}x: {verdict} it")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
