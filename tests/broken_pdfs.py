"""Deliberately broken print PDFs: a good build with exactly one fault added by pikepdf."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name


def _append(pdf: pikepdf.Pdf, content: bytes) -> None:
    page = pdf.pages[1]
    page.contents_add(pikepdf.Stream(pdf, content), prepend=False)


def unembedded_helvetica(pdf: pikepdf.Pdf) -> None:
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding)
    pdf.pages[1].Resources.Font.FHelv = pdf.make_indirect(font)
    _append(pdf, b"q 0 0 0 1 k BT /FHelv 12 Tf 120 300 Td (Plain Helvetica) Tj ET Q")


def rgb_fill(pdf: pikepdf.Pdf) -> None:
    _append(pdf, b"q 1 0 0 rg 120 300 80 40 re f Q")


def low_resolution_image(pdf: pikepdf.Pdf) -> None:
    pixels = bytes([0, 80, 200, 0]) * (72 * 72)
    image = pikepdf.Stream(pdf, zlib.compress(pixels))
    image.stream_dict = Dictionary(Type=Name.XObject, Subtype=Name.Image, Width=72, Height=72, ColorSpace=Name.DeviceCMYK,
                                   BitsPerComponent=8, Filter=Name.FlateDecode)  # fmt: skip
    resources = pdf.pages[1].Resources
    if "/XObject" not in resources:
        resources.XObject = Dictionary()
    resources.XObject.Im72 = image
    _append(pdf, b"q 72 0 0 72 120 300 cm /Im72 Do Q")  # 72 pixels over one inch: 72 ppi


def missing_trimbox(pdf: pikepdf.Pdf) -> None:
    del pdf.pages[1].obj["/TrimBox"]


def black_400(pdf: pikepdf.Pdf) -> None:
    _append(pdf, b"q 1 1 1 1 k 120 300 200 200 re f Q")


def rich_black_text(pdf: pikepdf.Pdf) -> None:
    font = next(iter(pdf.pages[1].Resources.Font.keys()))
    _append(pdf, f"q 0.6 0.4 0.4 1 k BT {font} 9 Tf 120 300 Td (small rich black) Tj ET Q".encode())


def no_output_intent(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/OutputIntents"]


FAULTS: dict[str, tuple[Callable[[pikepdf.Pdf], None], str]] = {
    "unembedded-helvetica": (unembedded_helvetica, "the font Helvetica is not embedded"),
    "rgb-fill": (rgb_fill, "RGB colour is used (fill in uncalibrated RGB (DeviceRGB))"),
    "72ppi-image": (
        low_resolution_image,
        "the 25 × 25 mm image 29 mm from the left and 179 mm from the top (72 × 72 pixels) is 72 ppi",
    ),
    "missing-trimbox": (missing_trimbox, "no TrimBox"),
    "black-400": (black_400, "total ink"),
    "no-output-intent": (no_output_intent, "no PDF/X output intent"),
}


def make_broken(good: Path, fault: str, out: Path) -> Path:
    with pikepdf.open(good) as pdf:
        FAULTS[fault][0](pdf)
        pdf.save(out)
    return out
