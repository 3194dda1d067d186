"""Total ink by rendering each page to CMYK with Ghostscript (tiff32nc), within the BleedBox."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image

from ..limits import INK_PAGES, SECONDS

RESOLUTION = 36  # dpi: enough to find areas, not single hairlines
SAMPLE_LIMIT = 300.0
CHUNK = 10  # pages rendered at a time


def ghostscript() -> str | None:
    return shutil.which("gs")


def max_ink_by_page(
    pdf: Path, bleed_boxes: list[tuple[float, float, float, float]]
) -> list[tuple[float, float, tuple[float, float] | None]]:
    """For each page (the first INK_PAGES): the highest total ink (per cent) inside its BleedBox,
    the share of the area above the limit, and where the worst spot is. Pages are rendered a few at a time into a
    temporary folder that is always removed, each image deleted once measured, so the disk used
    stays small whatever the file. Raises OSError or subprocess.SubprocessError if Ghostscript
    fails or takes longer than the time budget."""
    gs = ghostscript()
    if gs is None:
        raise OSError("Ghostscript (gs) is not installed")
    results = []
    pages = min(len(bleed_boxes), INK_PAGES)
    deadline = time.monotonic() + SECONDS
    with tempfile.TemporaryDirectory() as folder:
        pattern = Path(folder) / "page-%03d.tif"
        for first in range(1, pages + 1, CHUNK):
            last = min(first + CHUNK - 1, pages)
            command = [gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", f"-r{RESOLUTION}",
                       "-dOverprint=/simulate", f"-dFirstPage={first}", f"-dLastPage={last}",
                       f"-sOutputFile={pattern}", str(pdf)]  # fmt: skip
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise subprocess.TimeoutExpired(command, SECONDS)
            subprocess.run(command, check=True, capture_output=True, timeout=remaining)
            for index in range(first, last + 1):
                image_path = Path(folder) / f"page-{index - first + 1:03d}.tif"
                with Image.open(image_path) as image:
                    results.append(_measure(image, bleed_boxes[index - 1]))
                image_path.unlink()
    return results


def _measure(
    image: Image.Image, box: tuple[float, float, float, float]
) -> tuple[float, float, tuple[float, float] | None]:
    """The highest total ink inside `box`, the share of it over the limit, and where the worst
    spot is (in points, the page's own coordinates)."""
    factor = RESOLUTION / 72
    x0, y0, x1, y1 = box
    height = image.height
    left, top = int(x0 * factor) + 1, int(height - y1 * factor) + 1
    crop = image.crop((left, top, int(x1 * factor) - 1, int(height - y0 * factor) - 1))
    data = crop.tobytes()
    sums = [data[i] + data[i + 1] + data[i + 2] + data[i + 3] for i in range(0, len(data), 4)]
    if not sums:
        return 0.0, 0.0, None
    over = sum(1 for s in sums if s * 100 / 255 > SAMPLE_LIMIT + 2)
    worst = max(range(len(sums)), key=sums.__getitem__)
    column, row = worst % crop.width, worst // crop.width
    spot = ((left + column + 0.5) / factor, (height - (top + row + 0.5)) / factor)
    return max(sums) * 100 / 255, over / len(sums), spot
