"""Writing output files atomically: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import Diagnostic, Location, OutputError


def write_atomic(path: Path, data: bytes, verify: Callable[[Path], None] | None = None) -> None:
    """Write `data` to `path` so that `path` is either the old file or the complete new one.

    `verify`, if given, is called with the complete temporary file before it is renamed.
    """
    hint = "choose another output path with -o, or fix the folder's permissions"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(
            [Diagnostic(f"cannot write here: {exc.strerror or exc}", Location(str(path)), hint=hint)]
        ) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        if verify:
            verify(Path(temporary))
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(
            [Diagnostic(f"cannot write the file: {exc.strerror or exc}", Location(str(path)), hint=hint)]
        ) from None
    except BaseException:  # interrupted (Ctrl-C, a kill), or a bug: never leave the temporary file
        Path(temporary).unlink(missing_ok=True)
        raise
