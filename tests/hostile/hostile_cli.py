"""Running brochure as a user does, for the hostile-input tests: in process (exit code and the
lines it printed), or as a subprocess with a time and memory ceiling (for what could hang or
blow up), and a guard that records every file the process opens."""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from brochure.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
MEMORY = 2 * 1024**3  # bytes of address space a subprocess may take


def run(*args: str) -> tuple[int, str]:
    """main(args) in this process: the exit code, and stdout and stderr together."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # a usage error: argparse exits 2
            code = int(exc.code or 0)
    return code, out.getvalue() + err.getvalue()


def run_bounded(*args: str, seconds: float = 60, cwd: Path | None = None) -> tuple[int, str]:
    """`python -m brochure args` in a subprocess with a memory ceiling; a hang fails the test."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    result = subprocess.run([sys.executable, "-m", "brochure", *args], capture_output=True, text=True,
                            timeout=seconds, preexec_fn=limit, cwd=cwd)  # fmt: skip
    return result.returncode, result.stdout + result.stderr


def clean(output: str) -> bool:
    """No traceback, no internal error: only located messages and summaries."""
    return "Traceback" not in output and "internal error" not in output


_OPENED: list[str] | None = None


def _audit(event: str, arguments: tuple[object, ...]) -> None:
    if _OPENED is not None and event == "open" and arguments and isinstance(arguments[0], str | Path):
        _OPENED.append(str(arguments[0]))


sys.addaudithook(_audit)


@contextmanager
def opened_files() -> Iterator[list[str]]:
    """Every path this process opens while the block runs (Python's audit hook: 'open')."""
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None
