"""`brochure watch`: the files a build reads, and a wait until one of them changes.

The command (in __main__, which prints) builds, then waits here, then builds again. A change is
seen two ways: watchfiles (inotify, FSEvents, ReadDirectoryChangesW) wakes the wait at once, and
each file's stamp (modification time, size, inode) taken before the build read it catches a save
made while the build ran, or in the moment before the watcher started. The folders of the files
are watched, not the files, so an editor that saves by writing a new file and renaming it over
the old one is seen too.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from .errors import BrochureError

Stamp = tuple[int, int, int] | None  # mtime (ns), size, inode; None: the file is not there

CHECK_EVERY = 1000  # ms: how often the stamps are compared while nothing wakes the wait


def stamps(files: Iterable[Path]) -> dict[Path, Stamp]:
    """Each file's stamp now."""
    found: dict[Path, Stamp] = {}
    for path in files:
        try:
            info = os.stat(path)
        except OSError:
            found[path] = None
        else:
            found[path] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return found


def files_read(content_path: Path) -> dict[Path, str]:
    """The files a build of `content_path` reads, and what each is, as far as they can be read now
    (for a build that failed): the content file always; the brand, labels table and illustration
    it names when it can be read; the brand's logo and fonts when the brand can be read too."""
    from .content import load_content
    from .pipeline import input_files, read_inputs
    from .theme import Brand

    try:
        content, brand, _ = read_inputs(content_path)
    except BrochureError:
        try:
            content, _ = load_content(content_path)
        except BrochureError:
            return {content_path: "the content file"}
        brand = Brand()
    return {content_path: "the content file", **dict(input_files(content, brand))}


def wait_for_change(seen: dict[Path, Stamp], quiet_ms: int) -> set[Path]:
    """Wait until a file of `seen` no longer has its stamp there (written, replaced, made or
    removed), and the files have then been still for `quiet_ms`; the files that changed."""
    import watchfiles

    def changed() -> set[Path]:
        now = stamps(seen)
        return {path for path, stamp in now.items() if stamp != seen[path]}

    found = changed()
    if found:
        return found
    names = {os.path.realpath(path): path for path in seen}
    folders = sorted({os.path.dirname(name) for name in names if os.path.isdir(os.path.dirname(name))})
    if not folders:  # nothing left to watch (the project folder was removed): look now and then
        while not found:
            time.sleep(CHECK_EVERY / 1000)
            found = changed()
        return found

    def ours(change: object, path: str) -> bool:
        return os.path.normpath(path) in names

    for events in watchfiles.watch(*folders, watch_filter=ours, step=quiet_ms, debounce=max(1600, 4 * quiet_ms),
                                   rust_timeout=CHECK_EVERY, yield_on_timeout=True, recursive=False):  # fmt: skip
        found = changed() | {names[os.path.normpath(path)] for _, path in events}
        if found:
            return found
    raise AssertionError("watchfiles stopped watching")  # it only stops when asked to (no stop event here)
