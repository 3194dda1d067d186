"""Total ink by rendering each page to CMYK with Ghostscript (tiff32nc), within the BleedBox."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

RESOLUTION = 36  # dpi: enough to find areas, not single hairlines
SAMPLE_LIMIT = 300.0


def ghostscript() -> str | None:
    return shutil.which("gs")


def max_ink_by_page(pdf: Path, bleed_boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float]]:
    """For each page: the highest total ink (per cent) inside its BleedBox, and the share of the
    area above the limit. Raises OSError or subprocess.CalledProcessError if Ghostscript fails."""
    gs = ghostscript()
    if gs is None:
        raise OSError("Ghostscript (gs) is not installed")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        pattern = Path(folder) / "page-%03d.tif"
        command = [gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", f"-r{RESOLUTION}",
                   "-dOverprint=/simulate", f"-sOutputFile={pattern}", str(pdf)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        for index, box in enumerate(bleed_boxes, start=1):
            with Image.open(Path(folder) / f"page-{index:03d}.tif") as image:
                results.append(_measure(image, box))
    return results


def _measure(image: Image.Image, box: tuple[float, float, float, float]) -> tuple[float, float]:
    factor = RESOLUTION / 72
    x0, y0, x1, y1 = box
    height = image.height
    crop = image.crop(
        (int(x0 * factor) + 1, int(height - y1 * factor) + 1, int(x1 * factor) - 1, int(height - y0 * factor) - 1)
    )
    data = crop.tobytes()
    sums = [data[i] + data[i + 1] + data[i + 2] + data[i + 3] for i in range(0, len(data), 4)]
    if not sums:
        return 0.0, 0.0
    over = sum(1 for s in sums if s * 100 / 255 > SAMPLE_LIMIT + 2)
    return max(sums) * 100 / 255, over / len(sums)
