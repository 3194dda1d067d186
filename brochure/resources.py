"""Where brochure's own files are: fonts, the print profile, label tables, artwork, the starter project.

They have one home in the repository, its top-level `assets/` folder. A wheel carries that folder
inside the package as `brochure/_assets/` (pyproject.toml maps the package `brochure._assets` to
`assets/`; the name is not `brochure.assets` because that is the asset loader, brochure/assets.py).
`ASSETS` is the one path the code opens them by:

- installed from a wheel: `importlib.resources.files("brochure") / "_assets"`, a real folder in
  site-packages;
- installed with `pip install -e .`, or run from a clone with no install (`python -m brochure`):
  the package is the clone's `brochure/` folder, which has no `_assets`, so the clone's `assets/`
  beside it;
- imported from a zip file: the bundled folder is copied out to a temporary folder once (ReportLab
  and Pillow open fonts and the ICC profile by file name), removed when the process ends.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final

BUNDLED: Final = "_assets"  # the folder inside the installed package


def _copy_out(folder: Traversable, to: Path) -> None:
    to.mkdir(exist_ok=True)
    for item in folder.iterdir():
        if item.is_dir():
            _copy_out(item, to / item.name)
        else:
            (to / item.name).write_bytes(item.read_bytes())


def _materialise(folder: Traversable) -> Path:
    """A folder of a package that is not on the file system (a zip), copied to a temporary folder."""
    temporary = Path(tempfile.mkdtemp(prefix="brochure-assets-"))
    atexit.register(shutil.rmtree, temporary, ignore_errors=True)
    _copy_out(folder, temporary / BUNDLED)
    return temporary / BUNDLED


def find_assets() -> Path:
    """The folder of brochure's own files: the package's bundled copy, else the clone's assets/."""
    bundled = resources.files(__package__ or "brochure") / BUNDLED
    if bundled.is_dir():
        return bundled.resolve() if isinstance(bundled, Path) else _materialise(bundled)
    clone = Path(__file__).resolve().parent.parent / "assets"
    if (clone / "fonts").is_dir():
        return clone
    raise FileNotFoundError(
        f"brochure's own files (fonts, print profile, labels) are missing: neither {bundled} nor {clone} exists; "
        "reinstall brochure (pip install brochure) or run it from a complete clone"
    )


ASSETS: Final = find_assets()
FONTS: Final = ASSETS / "fonts"
ICC: Final = ASSETS / "icc"
LABELS: Final = ASSETS / "labels"
STARTER: Final = ASSETS / "starter"
