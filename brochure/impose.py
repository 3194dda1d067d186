"""Imposition for saddle stitching: reader's pages -> printer's sheets, two pages a side.

Pages pair as n | N+1-n; for 8 pages the sides are 8|1, 2|7, 6|3, 4|5. Each page is placed as a
Form XObject, clipped to its trim plus the bleed on its three outer edges (none at the spine, where
the two pages meet). The sheet gets its own boxes, crop marks for the finished spread, and fold
marks at the spine; output intent and metadata are kept, the reader's tags are not (a printer's
sheet is not read).
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Dictionary, Name

from .colour import REGISTRATION_SPOT
from .errors import Diagnostic, InputError
from .marks import MARK_WIDTH, crop_mark_segments, fold_mark_segments
from .tagging import remove_structure
from .units import mm


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers for each sheet side, in printing order."""
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    sides = []
    for index in range(pages // 2):
        low, high = index + 1, pages - index
        sides.append((high, low) if index % 2 == 0 else (low, high))
    return sides


def impose(pdf_bytes: bytes, bleed: float, slug: float) -> bytes:
    """The printer's version of a finished booklet PDF (bytes in, bytes out)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        count = len(pdf.pages)
        try:
            order = saddle_stitch_order(count)
        except ValueError as exc:
            raise InputError([Diagnostic(str(exc), hint="only a5-booklet output can be imposed")]) from None
        trims = [[float(v) for v in page.obj.TrimBox] for page in pdf.pages]
        width, height = trims[0][2] - trims[0][0], trims[0][3] - trims[0][1]
        forms = [page.as_form_xobject() for page in pdf.pages]
        registration = pdf.pages[0].obj.Resources.ColorSpace.get(f"/{REGISTRATION_SPOT.resource}")
        margin = bleed + slug
        sheet_w, sheet_h = 2 * width + 2 * margin, height + 2 * margin
        for left, right in order:
            content = []
            xobjects = Dictionary()
            for half, number in enumerate((left, right)):
                x0 = margin + half * width
                trim = trims[number - 1]
                clip_left = x0 - (bleed if half == 0 else 0)
                clip_right = x0 + width + (bleed if half == 1 else 0)
                name = f"/Page{half}"
                xobjects[name] = forms[number - 1]
                content.append(
                    f"q {clip_left:.4f} {margin - bleed:.4f} {clip_right - clip_left:.4f} {height + 2 * bleed:.4f} re W n "
                    f"1 0 0 1 {x0 - trim[0]:.4f} {margin - trim[1]:.4f} cm {name} Do Q"
                )
            content.append(_marks(margin, width, height, bleed))
            resources = Dictionary(XObject=xobjects)
            if registration is not None:
                resources.ColorSpace = Dictionary({f"/{REGISTRATION_SPOT.resource}": registration})
            sheet = Dictionary(
                Type=Name.Page,
                MediaBox=[0, 0, sheet_w, sheet_h],
                BleedBox=[margin - bleed, margin - bleed, sheet_w - margin + bleed, sheet_h - margin + bleed],
                TrimBox=[margin, margin, sheet_w - margin, sheet_h - margin],
                Resources=resources,
                Contents=pdf.make_stream("\n".join(content).encode()),
            )
            pdf.pages.append(pikepdf.Page(sheet))
        for _ in range(count):
            del pdf.pages[0]
        remove_structure(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def _marks(margin: float, width: float, height: float, bleed: float) -> str:
    """Crop marks at the spread's corners and fold marks at the spine, in registration colour."""
    lines = crop_mark_segments(margin, margin, margin + 2 * width, margin + height, bleed)
    folds = fold_mark_segments(margin + width, margin, margin + height, bleed)
    draw = " ".join(f"{a:.4f} {b:.4f} m {c:.4f} {d:.4f} l S" for a, b, c, d in lines)
    fold = " ".join(f"{a:.4f} {b:.4f} m {c:.4f} {d:.4f} l S" for a, b, c, d in folds)
    spot = f"/{REGISTRATION_SPOT.resource} CS 1 SCN"
    return f"q {MARK_WIDTH} w {spot} {draw} [{mm(1):.4f} {mm(1):.4f}] 0 d {fold} Q"


__all__ = ["impose", "saddle_stitch_order"]
