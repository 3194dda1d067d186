"""`brochure watch` as a person uses it: it builds, builds again on a save, prints a broken file's
located errors and keeps watching, and stops cleanly on Ctrl-C. Driven as a process; every wait
polls its output for a line, with a generous deadline, and none sleeps."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

DEADLINE = 60.0  # seconds for any one line; a build takes one or two

# What the `brochure` console script runs, with Ctrl-C restored first: a process started in the
# background by a shell without job control (as CI may be) inherits SIGINT ignored.
PROGRAM = (
    "import signal, sys\n"
    "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    "from brochure.__main__ import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


class Watch:
    """`brochure watch ARGS` running in `folder`, its output (stdout and stderr) read line by line."""

    def __init__(self, folder: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        env.pop("BROCHURE_DEBUG", None)
        self.process = subprocess.Popen(
            [sys.executable, "-c", PROGRAM, "watch", *args],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, pattern: str) -> str:
        """The next line matching `pattern`; fails if the watch ends or is silent past the deadline."""
        deadline = time.monotonic() + DEADLINE
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                pytest.fail(f"watch exited ({self.process.wait()}) before {pattern!r}:\n" + "\n".join(self.seen))
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        pytest.fail(f"no line matching {pattern!r} within {DEADLINE:.0f} s:\n" + "\n".join(self.seen))

    def close(self) -> None:
        """Stop the process if it still runs, and close its output."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.reader.join(timeout=DEADLINE)
        assert self.process.stdout is not None
        self.process.stdout.close()

    def rest(self) -> str:
        """Everything printed, once the process has ended."""
        self.reader.join(timeout=DEADLINE)
        while (line := self.lines.get_nowait() if not self.lines.empty() else None) is not None:
            self.seen.append(line)
        return "\n".join(self.seen)


def test_watch_builds_again_reports_problems_and_stops_on_ctrl_c(project: Path) -> None:
    pytest.importorskip("watchfiles")
    content = project / "content.yaml"
    original = content.read_text(encoding="utf-8")
    pdf, pages = project / "build" / "leaflet.pdf", project / "build" / "preview"
    watch = Watch(project, "--dpi", "20", "--debounce", "50")
    try:
        watch.wait_for(r"^wrote build/leaflet\.pdf \(4 pages, ")
        watch.wait_for(r"^wrote build/preview/page-1\.png to page-4\.png \(20 dpi\)")
        watch.wait_for(r"^watching content\.yaml, brand\.yaml and \d+ more files for changes; Ctrl-C stops")
        assert sorted(p.name for p in pages.glob("page-*.png")) == [
            "page-1.png",
            "page-2.png",
            "page-3.png",
            "page-4.png",
        ]
        first = pdf.stat().st_mtime_ns

        content.write_text(original.replace("Unlocking Hope", "Finding Hope", 1), encoding="utf-8")
        watch.wait_for(r"^changed: content\.yaml; building again")
        watch.wait_for(r"^wrote build/leaflet\.pdf ")
        assert pdf.stat().st_mtime_ns != first
        rebuilt = pdf.read_bytes()

        content.write_text(original.replace("title:", "title: [", 1), encoding="utf-8")
        watch.wait_for(r"^changed: content\.yaml")
        watch.wait_for(r"^content\.yaml:\d+:\d+: error: YAML syntax error")
        watch.wait_for(r"^1 problem found; build/leaflet\.pdf is the last good build")
        assert watch.process.poll() is None, "it keeps watching"
        assert pdf.read_bytes() == rebuilt, "the last good PDF stays"

        content.write_text(original, encoding="utf-8")
        watch.wait_for(r"^changed: content\.yaml")
        watch.wait_for(r"^wrote build/leaflet\.pdf ")

        watch.process.send_signal(signal.SIGINT)
        assert watch.process.wait(timeout=DEADLINE) == 0
        printed = watch.rest()
        assert printed.endswith("stopped watching") and "Traceback" not in printed, printed
    finally:
        watch.close()
