"""Faulty print PDFs, one fault each, for the preflight's tests: every maker takes an open copy of
a clean build (the default leaflet as PDF/X-4, as PDF/X-1a, or two of them merged as PDF/VT)
and injects exactly one fault, mostly by drawing a short content stream on a page. `FAULTS`
lists them with the catalogue rule that must report each, its severity and words of its message.
Everything drawn is fixed: the same base gives the same faulty file."""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

import brochure
from brochure.vt import merge

ROOT = Path(__file__).resolve().parent.parent
Make = Callable[[pikepdf.Pdf], "dict[str, Any] | None"]  # returns extra pdf.save options, if any


@dataclass(frozen=True)
class Fault:
    name: str
    make: Make
    rule: str  # the catalogue rule id that must report it
    severity: str
    message_part: str  # words the finding's message must contain
    standard: str | None = None  # check_pdf(standard=...): None is what the file declares
    base: str = "x4"  # the clean file it starts from: x4, x1a or vt
    page: int | None = None  # the page the finding must name (None: not checked)
    trim_format: str | None = None
    render_ink: bool = False  # True: the rule needs Ghostscript's rendering
    edit: Callable[[bytes], bytes] | None = None  # applied to the saved file's bytes


@dataclass(frozen=True)
class Clean:
    """What a print file may hold, made like a fault: no rule may flag it."""

    name: str
    make: Make
    base: str = "x4"


def build_bases(folder: Path, x4: Path | None = None) -> dict[str, Path]:
    """The clean files the faults start from: PDF/X-4 (`x4` if already built), PDF/X-1a, and
    PDF/VT (two copies of the PDF/X-4 merged)."""
    folder.mkdir(parents=True, exist_ok=True)
    if x4 is None:
        x4 = folder / "x4.pdf"
        brochure.build(ROOT / "content.yaml", x4)
    x1a = folder / "x1a.pdf"
    brochure.build(ROOT / "content.yaml", x1a, brochure.BuildOptions(pdfx="x1a"))
    (folder / "second.pdf").write_bytes(x4.read_bytes())
    merge([("first", x4), ("second", folder / "second.pdf")], folder / "vt.pdf")
    return {"x4": x4, "x1a": x1a, "vt": folder / "vt.pdf"}


def write_fault(fault: Fault | Clean, bases: dict[str, Path], out: Path) -> Path:
    """The fault (or clean variant) made on a copy of its base, written to `out`."""
    with pikepdf.open(bases[fault.base]) as pdf:
        options = fault.make(pdf) or {}
        pdf.save(out, **{"deterministic_id": "encryption" not in options, **options})
    if isinstance(fault, Fault) and fault.edit is not None:
        out.write_bytes(fault.edit(out.read_bytes()))
    return out


# -- helpers: resources, content, objects -------------------------------------------------------

X, Y = 120, 300  # where injected drawings go: well inside the trim of every page


def add(pdf: pikepdf.Pdf, page: int = 2, **resources: dict[str, Any]) -> None:
    """Add resources (kind: {name: object}) to a page (numbered from 1)."""
    target = pdf.pages[page - 1].obj
    if "/Resources" not in target:
        target.Resources = Dictionary()
    for kind, entries in resources.items():
        if f"/{kind}" not in target.Resources:
            target.Resources[f"/{kind}"] = Dictionary()
        for name, obj in entries.items():
            target.Resources[f"/{kind}"][f"/{name}"] = obj


def draw(pdf: pikepdf.Pdf, content: str, page: int = 2, **resources: dict[str, Any]) -> None:
    """Append `content` (in its own q/Q) to a page, with the resources it names."""
    add(pdf, page, **resources)
    pdf.pages[page - 1].contents_add(pdf.make_stream(f"q {content} Q".encode("latin-1")), prepend=False)


def resources_of(**resources: dict[str, Any]) -> Dictionary:
    return Dictionary({f"/{kind}": Dictionary({f"/{k}": v for k, v in d.items()}) for kind, d in resources.items()})


def form(
    pdf: pikepdf.Pdf, content: str, bbox: tuple[float, ...] = (0, 0, 669, 916), **resources: Any
) -> pikepdf.Stream:
    stream = pdf.make_stream(content.encode("latin-1"))
    stream.Type, stream.Subtype, stream.BBox = Name.XObject, Name.Form, Array(bbox)
    stream.Resources = resources_of(**resources)
    return stream


def image(
    pdf: pikepdf.Pdf, size: int | tuple[int, int], space: Any, pixel: bytes = b"", bits: int = 8, **extra: Any
) -> pikepdf.Stream:
    """An image `size` pixels (square, or width and height), every pixel `pixel` (1-bit: stripes)."""
    width, height = (size, size) if isinstance(size, int) else size
    data = bytes([0xAA]) * ((width + 7) // 8) * height if bits == 1 else pixel * width * height
    stream = pdf.make_stream(zlib.compress(data, 9))
    stream.Type, stream.Subtype, stream.Filter = Name.XObject, Name.Image, Name.FlateDecode
    stream.Width, stream.Height = width, height
    stream.BitsPerComponent = bits
    if space is not None:
        stream.ColorSpace = space
    for key, value in extra.items():
        stream[f"/{key}"] = value
    return stream


def place(size_pt: float, name: str = "Im") -> str:
    return f"{size_pt:g} 0 0 {size_pt:g} {X} {Y} cm /{name} Do"


def at_ppi(pixels: int, ppi: float) -> float:
    return pixels * 72 / ppi


def tint(c1: list[float], n: int = 1) -> Dictionary:
    return Dictionary(FunctionType=2, Domain=[0, 1], C0=[0] * len(c1), C1=c1, N=n)


def separation(name: str, alternate: Any = Name.DeviceCMYK, c1: list[float] | None = None) -> Array:
    return Array([Name.Separation, Name(f"/{name}"), alternate, tint(c1 or [0, 0.5, 1, 0])])


def icc(pdf: pikepdf.Pdf, channels: int) -> Array:
    """An ICCBased colour space of `channels` (its profile taken from the output intent, or a
    stand-in: the preflight judges the channel count)."""
    profile = pdf.make_stream(bytes(pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()[:128]))
    profile.N = channels
    return Array([Name.ICCBased, profile])


def shading(space: Any, c0: list[float], c1: list[float]) -> Dictionary:
    blend = Dictionary(FunctionType=2, Domain=[0, 1], C0=c0, C1=c1, N=1)
    return Dictionary(ShadingType=2, ColorSpace=space, Coords=[X, Y, X + 80, Y], Function=blend, Extend=[True, True])


def font(pdf: pikepdf.Pdf, page: int = 2) -> str:
    """The name of an embedded font the page already uses."""
    return str(sorted(pdf.pages[page - 1].Resources.Font.keys())[0])


def text(pdf: pikepdf.Pdf, setup: str, size: float = 12, page: int = 2, name: str = "") -> str:
    return f"{setup} BT {name or font(pdf, page)} {size:g} Tf {X} {Y} Td (Fault) Tj ET"


def helvetica() -> Dictionary:
    return Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding)


def type3(pdf: pikepdf.Pdf, glyph: str, **resources: Any) -> pikepdf.Object:
    proc = pdf.make_stream(f"1000 0 d0 {glyph}".encode())
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type3, FontBBox=[0, 0, 1000, 1000], FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
        CharProcs=Dictionary(a=proc), Encoding=Dictionary(Type=Name.Encoding, Differences=[97, Name.a]),
        FirstChar=97, LastChar=97, Widths=[1000], Resources=resources_of(**resources),
    ))  # fmt: skip


def annotate(pdf: pikepdf.Pdf, rect: Sequence[float], page: int = 2, **entries: Any) -> Dictionary:
    annotation = pdf.make_indirect(Dictionary({"/Subtype": Name.Square, **{f"/{k}": v for k, v in entries.items()}}))
    annotation.Type, annotation.Rect, annotation.F = Name.Annot, rect, 4
    target = pdf.pages[page - 1].obj
    if "/Annots" not in target:
        target.Annots = Array()
    target.Annots.append(annotation)
    return annotation


OUTSIDE = [4, 4, 20, 20]  # in the slug, outside the bleed: only the rule under test fires


def appearance(pdf: pikepdf.Pdf, content: str, **resources: Any) -> Dictionary:
    return Dictionary(N=form(pdf, content, (0, 0, 16, 16), **resources))


def graphics_state(**entries: Any) -> Dictionary:
    return Dictionary(Type=Name.ExtGState, **entries)


def xmp_edit(pdf: pikepdf.Pdf, pattern: str, replacement: str) -> None:
    old = pdf.Root.Metadata.read_bytes().decode("utf-8")
    new, count = re.subn(pattern, replacement, old)
    assert count, f"{pattern!r} is not in the XMP"
    pdf.Root.Metadata.write(new.encode("utf-8"))


def lzw(data: bytes) -> bytes:
    """LZW-encode `data` with literal codes only (valid LZW, just not smaller): a clear code
    every 200 bytes keeps every code 9 bits wide."""
    codes: list[int] = []
    for start in range(0, len(data), 200):
        codes += [256, *data[start : start + 200]]
    bits = "".join(f"{code:09b}" for code in [*codes, 257])
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def jpeg2000_rgb() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "JPEG2000")
    return out.getvalue()


def leaves(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    return [leaf for group in pdf.Root.DPartRoot.DPartRootNode.DParts for leaf in group]


def box(pdf: pikepdf.Pdf, key: str, page: int = 2) -> list[float]:
    return [float(v) for v in pdf.pages[page - 1].obj[key]]


def grown(values: list[float], by: float) -> list[float]:
    return [values[0] - by, values[1] - by, values[2] + by, values[3] + by]


MM = 72 / 25.4


# -- the faults: colour -------------------------------------------------------------------------


def rgb_fill(page: int) -> Make:
    return lambda pdf: draw(pdf, f"1 0 0 rg {X} {Y} 80 40 re f", page)


def rgb_stroke(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"0 0 1 RG 2 w {X} {Y} m {X + 80} {Y} l S")


def rgb_text(pdf: pikepdf.Pdf) -> None:
    draw(pdf, text(pdf, "0.8 0.1 0.1 rg"))


def rgb_stroked_text(pdf: pikepdf.Pdf) -> None:
    draw(pdf, text(pdf, "0 0 0 1 k 0 0.5 0 RG 1 w 1 Tr"))


def rgb_inline_image(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"1.92 0 0 1.92 {X} {Y} cm BI /W 8 /H 8 /CS /RGB /BPC 8 ID\n" + "\xc0\x20\x20" * 64 + "\nEI")


def rgb_inline_indexed(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"1.92 0 0 1.92 {X} {Y} cm BI /W 8 /H 8 /CS [/I /RGB 1 <ff0000 00ff00>] /BPC 8 ID\n"
         + "\x00\x01" * 32 + "\nEI")  # fmt: skip


def rgb_sh(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"{X} {Y} 80 40 re W n /ShRGB sh", Shading={"ShRGB": shading(Name.DeviceRGB, [1, 1, 1], [1, 0, 0])})


def rgb_shading_pattern(pdf: pikepdf.Pdf) -> None:
    pattern = Dictionary(Type=Name.Pattern, PatternType=2, Shading=shading(Name.DeviceRGB, [1, 1, 1], [0, 0, 1]))
    draw(pdf, f"/Pattern cs /PRGB scn {X} {Y} 80 40 re f", Pattern={"PRGB": pattern})


def tiling(pdf: pikepdf.Pdf, cell: str, paint_type: int = 1, **resources: Any) -> pikepdf.Stream:
    pattern = form(pdf, cell, (0, 0, 10, 10), **resources)
    del pattern["/Type"], pattern["/Subtype"]
    pattern.Type, pattern.PatternType, pattern.PaintType, pattern.TilingType = Name.Pattern, 1, paint_type, 1
    pattern.XStep = pattern.YStep = 10
    return pattern


def rgb_tiling_pattern(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"/Pattern cs /PT scn {X} {Y} 80 40 re f", Pattern={"PT": tiling(pdf, "1 0 0 rg 0 0 5 5 re f")})


def rgb_uncoloured_pattern(pdf: pikepdf.Pdf) -> None:
    space = Array([Name.Pattern, Name.DeviceRGB])
    draw(pdf, f"/CSP cs 1 0 0 /PU scn {X} {Y} 80 40 re f", ColorSpace={"CSP": space},
         Pattern={"PU": tiling(pdf, "0 0 5 5 re f", paint_type=2)})  # fmt: skip


def rgb_stroke_pattern(pdf: pikepdf.Pdf) -> None:
    pattern = Dictionary(Type=Name.Pattern, PatternType=2, Shading=shading(Name.DeviceRGB, [1, 1, 1], [0, 1, 0]))
    draw(pdf, f"/Pattern CS /PS1 SCN 2 w {X} {Y} m {X + 80} {Y} l S", Pattern={"PS1": pattern})


def rgb_type3(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"0 0 0 1 k BT /T3 12 Tf {X} {Y} Td (a) Tj ET",
         Font={"T3": type3(pdf, "1 0 0 rg 0 0 1000 1000 re f")})  # fmt: skip


def rgb_annotation(pdf: pikepdf.Pdf) -> None:
    annotate(pdf, OUTSIDE, AP=appearance(pdf, "0 0 1 rg 0 0 16 16 re f"))


def rgb_jpx(pdf: pikepdf.Pdf) -> None:
    stream = pdf.make_stream(jpeg2000_rgb())
    stream.Type, stream.Subtype, stream.Filter = Name.XObject, Name.Image, Name.JPXDecode
    stream.Width = stream.Height = 8
    draw(pdf, place(at_ppi(8, 300)), XObject={"Im": stream})


def rgb_stencil(pdf: pikepdf.Pdf) -> None:
    mask = image(pdf, 64, None, bits=1, ImageMask=True)
    draw(pdf, "1 0 0 rg " + place(at_ppi(64, 1200)), XObject={"Im": mask})


def rgb_image(pdf: pikepdf.Pdf) -> None:
    draw(pdf, place(at_ppi(16, 300)), XObject={"Im": image(pdf, 16, Name.DeviceRGB, b"\xc0\x20\x20")})


def rgb_indexed_image(pdf: pikepdf.Pdf) -> None:
    space = Array([Name.Indexed, Name.DeviceRGB, 1, String(b"\xff\x00\x00\x00\x00\xff")])
    draw(pdf, place(at_ppi(16, 300)), XObject={"Im": image(pdf, 16, space, b"\x01")})


def icc_rgb_fill(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"/CSI cs 0.2 0.4 0.9 scn {X} {Y} 80 40 re f", ColorSpace={"CSI": icc(pdf, 3)})


def icc_rgb_image(pdf: pikepdf.Pdf) -> None:
    draw(pdf, place(at_ppi(16, 300)), XObject={"Im": image(pdf, 16, icc(pdf, 3), b"\x20\x40\xc0")})


def cal_rgb_fill(pdf: pikepdf.Pdf) -> None:
    space = Array([Name.CalRGB, Dictionary(WhitePoint=[0.9505, 1, 1.089])])
    draw(pdf, f"/CSC cs 0.1 0.9 0.3 sc {X} {Y} 80 40 re f", ColorSpace={"CSC": space})


def device_rgb_by_cs(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"/DeviceRGB cs 0.5 0.5 0.1 sc {X} {Y} 80 40 re f")


def separation_rgb_alternate(pdf: pikepdf.Pdf) -> None:
    space = separation("Brand Teal", Name.DeviceRGB, [0, 0.5, 0.5])
    draw(pdf, f"/CSS cs 1 scn {X} {Y} 80 40 re f", ColorSpace={"CSS": space})


def devicen_rgb_alternate(pdf: pikepdf.Pdf) -> None:
    function = pdf.make_stream(b"{ pop pop 0 0.5 0.5 }")
    function.FunctionType, function.Domain, function.Range = 4, [0, 1, 0, 1], [0, 1, 0, 1, 0, 1]
    space = Array([Name.DeviceN, Array([Name("/Brand Teal"), Name("/Varnish")]), Name.DeviceRGB, function])
    draw(pdf, f"/CSN cs 1 0 scn {X} {Y} 80 40 re f", ColorSpace={"CSN": space})


def separation_rgb_image(pdf: pikepdf.Pdf) -> None:
    space = separation("Brand Teal", Name.DeviceRGB, [0, 0.5, 0.5])
    draw(pdf, place(at_ppi(16, 300)), XObject={"Im": image(pdf, 16, space, b"\x80")})


def rgb_in_form(pdf: pikepdf.Pdf) -> None:
    draw(pdf, "/FmRGB Do", XObject={"FmRGB": form(pdf, f"0 1 0 rg {X} {Y} 80 40 re f")})


def rgb_in_nested_form(pdf: pikepdf.Pdf) -> None:
    inner = form(pdf, f"0.2 0.2 0.9 rg {X} {Y} 80 40 re f")
    middle = form(pdf, "/Inner Do", XObject={"Inner": inner})
    draw(pdf, "/Outer Do", XObject={"Outer": form(pdf, "/Middle Do", XObject={"Middle": middle})})


def pattern_in_form(pdf: pikepdf.Pdf) -> None:
    cell = tiling(pdf, "0 0 1 rg 0 0 5 5 re f")
    inner = form(pdf, f"/Pattern cs /PF scn {X} {Y} 80 40 re f", Pattern={"PF": cell})
    draw(pdf, "/FmP Do", XObject={"FmP": inner})


def rgb_sh_in_form(pdf: pikepdf.Pdf) -> None:
    inner = form(pdf, f"{X} {Y} 80 40 re W n /ShF sh", Shading={"ShF": shading(Name.DeviceRGB, [1, 1, 1], [1, 0, 0])})
    draw(pdf, "/FmS Do", XObject={"FmS": inner})


def rgb_mesh_shading(pdf: pikepdf.Pdf) -> None:
    triangle = pdf.make_stream(bytes([0, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 255, 0, 0, 255]))
    triangle.ShadingType, triangle.ColorSpace, triangle.BitsPerCoordinate = 4, Name.DeviceRGB, 8
    triangle.BitsPerComponent, triangle.BitsPerFlag, triangle.Decode = 8, 8, [X, X + 80, Y, Y + 80, 0, 1, 0, 1, 0, 1]
    draw(pdf, "/ShM sh", Shading={"ShM": triangle})


def blend_space_form(pdf: pikepdf.Pdf) -> None:
    group = form(pdf, f"0 0 0 0.5 k {X} {Y} 80 40 re f")
    group.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceRGB)
    draw(pdf, "/FmG Do", XObject={"FmG": group})


def blend_space_icc(pdf: pikepdf.Pdf) -> None:
    group = form(pdf, f"0 0 0 0.5 k {X} {Y} 80 40 re f")
    group.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=icc(pdf, 3))
    draw(pdf, "/FmG Do", XObject={"FmG": group})


def blend_space_page(pdf: pikepdf.Pdf) -> None:
    pdf.pages[2].obj.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceRGB)


def blend_space_annotation(pdf: pikepdf.Pdf) -> None:
    shown = appearance(pdf, "0 0 0 1 k 0 0 16 16 re f")
    shown.N.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceRGB)
    annotate(pdf, OUTSIDE, AP=shown)


# -- PDF/X-1a -----------------------------------------------------------------------------------


def opacity(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"/GSHalf gs 0 0 0 1 k {X} {Y} 80 40 re f", ExtGState={"GSHalf": graphics_state(ca=0.5)})


def blend_mode(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"/GSMul gs 0 0 0 1 k {X} {Y} 80 40 re f", ExtGState={"GSMul": graphics_state(BM=Name.Multiply)})


def soft_mask_state(pdf: pikepdf.Pdf) -> None:
    mask = form(pdf, f"0 g {X} {Y} 80 40 re f")
    mask.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceGray)
    state = graphics_state(SMask=Dictionary(Type=Name.Mask, S=Name.Luminosity, G=mask))
    draw(pdf, f"/GSMask gs 0 0 0 1 k {X} {Y} 80 40 re f", ExtGState={"GSMask": state})


def soft_mask_image(pdf: pikepdf.Pdf) -> None:
    alpha = image(pdf, 16, Name.DeviceGray, b"\x80")
    picture = image(pdf, 16, Name.DeviceCMYK, b"\x00\x40\x80\x00", SMask=alpha)
    draw(pdf, place(at_ppi(16, 300)), XObject={"Im": picture})


def group_form(pdf: pikepdf.Pdf) -> None:
    group = form(pdf, f"0 0 0 1 k {X} {Y} 80 40 re f")
    group.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceCMYK)
    draw(pdf, "/FmG Do", XObject={"FmG": group})


def page_group(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceCMYK)


def lab_fill(pdf: pikepdf.Pdf) -> None:
    space = Array([Name.Lab, Dictionary(WhitePoint=[0.9642, 1, 0.8249], Range=[-128, 127, -128, 127])])
    draw(pdf, f"/CSL cs 50 20 -30 sc {X} {Y} 80 40 re f", ColorSpace={"CSL": space})


def lab_image(pdf: pikepdf.Pdf) -> None:
    space = Array([Name.Lab, Dictionary(WhitePoint=[0.9642, 1, 0.8249])])
    draw(pdf, place(at_ppi(16, 300)), XObject={"Im": image(pdf, 16, space, b"\x80\x90\x70")})


def icc_cmyk_fill(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"/CSI cs 0 0.5 1 0 scn {X} {Y} 80 40 re f", ColorSpace={"CSI": icc(pdf, 4)})


def icc_gray_fill(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"/CSG cs 0.5 scn {X} {Y} 80 40 re f", ColorSpace={"CSG": icc(pdf, 1)})


def cal_gray_fill(pdf: pikepdf.Pdf) -> None:
    space = Array([Name.CalGray, Dictionary(WhitePoint=[0.9505, 1, 1.089])])
    draw(pdf, f"/CSG cs 0.5 sc {X} {Y} 80 40 re f", ColorSpace={"CSG": space})


def x1a_object_streams(pdf: pikepdf.Pdf) -> dict[str, Any]:
    return {"object_stream_mode": pikepdf.ObjectStreamMode.generate}  # PDF 1.5's object streams


# -- identification, metadata, output intent ---------------------------------------------------


def version(number: str) -> Make:
    return lambda pdf: {"force_version": number}


def no_xmp(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/Metadata"]


def no_pdfxid(pdf: pikepdf.Pdf) -> None:
    xmp_edit(pdf, r"<pdfxid:GTS_PDFXVersion>[^<]*</pdfxid:GTS_PDFXVersion>", "")


def no_pdfx_anywhere(pdf: pikepdf.Pdf) -> None:
    no_pdfxid(pdf)
    del pdf.docinfo["/GTS_PDFXVersion"]


def x1a_no_conformance(pdf: pikepdf.Pdf) -> None:
    del pdf.docinfo["/GTS_PDFXConformance"]


def x1a_xmp_without_version(pdf: pikepdf.Pdf) -> None:
    xmp_edit(pdf, r"<pdfx:GTS_PDFXVersion>[^<]*</pdfx:GTS_PDFXVersion>", "")


def xmp_trapped_unknown(pdf: pikepdf.Pdf) -> None:
    xmp_edit(pdf, r"<pdf:Trapped>False</pdf:Trapped>", "<pdf:Trapped>Unknown</pdf:Trapped>")
    pdf.docinfo.Trapped = Name.Unknown


def info_trapped_unknown(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo.Trapped = Name.Unknown


def no_xmp_dates(pdf: pikepdf.Pdf) -> None:
    xmp_edit(pdf, r"<xmp:(CreateDate|ModifyDate)>[^<]*</xmp:\1>", "")


def no_xmp_modify_date(pdf: pikepdf.Pdf) -> None:
    xmp_edit(pdf, r"<xmp:ModifyDate>[^<]*</xmp:ModifyDate>", "")


def no_dc_title(pdf: pikepdf.Pdf) -> None:
    xmp_edit(pdf, r"<dc:title>.*?</dc:title>", "")


def no_info_title(pdf: pikepdf.Pdf) -> None:
    del pdf.docinfo["/Title"]


def no_creation_date(pdf: pikepdf.Pdf) -> None:
    xmp_edit(pdf, r"<xmp:CreateDate>[^<]*</xmp:CreateDate>", "")
    del pdf.docinfo["/CreationDate"]


def without_id(data: bytes) -> bytes:
    """The file with its trailer's /ID blanked out (same length: the offsets stay right)."""
    found = list(re.finditer(rb"/ID\s*\[\s*<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\s*\]", data))
    assert found, "no /ID in the trailer"
    last = found[-1]
    return data[: last.start()] + b" " * (last.end() - last.start()) + data[last.end() :]


def no_output_intent(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/OutputIntents"]


def two_output_intents(pdf: pikepdf.Pdf) -> None:
    first = pdf.Root.OutputIntents[0]
    second = Dictionary({k: v for k, v in first.items()})
    second.OutputConditionIdentifier = String("FOGRA51")
    pdf.Root.OutputIntents.append(pdf.make_indirect(second))


def intent_without_profile(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.OutputIntents[0]["/DestOutputProfile"]


def intent_rgb_profile(pdf: pikepdf.Pdf) -> None:
    profile = pdf.make_stream(b"\x00" * 128)
    profile.N = 3
    pdf.Root.OutputIntents[0].DestOutputProfile = profile


# -- actions, compression ------------------------------------------------------------------------


def javascript(code: str = "app.alert('hi')") -> Dictionary:
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code))


def page_additional_action(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.AA = Dictionary(O=javascript())


def document_additional_action(pdf: pikepdf.Pdf) -> None:
    pdf.Root.AA = Dictionary(WP=javascript())


def open_action_javascript(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = javascript()


def open_action_chain(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = Dictionary(S=Name.GoTo, D=[pdf.pages[0].obj, Name.Fit], Next=javascript())


def document_javascript(pdf: pikepdf.Pdf) -> None:
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=[String("hello"), javascript()]))


def launch_link(pdf: pikepdf.Pdf) -> None:
    annotate(pdf, OUTSIDE, Subtype=Name.Link, A=Dictionary(S=Name.Launch, F=String("calc.exe")))


def javascript_uri(pdf: pikepdf.Pdf) -> None:
    annotate(pdf, OUTSIDE, Subtype=Name.Link, A=Dictionary(S=Name.URI, URI=String("javascript:alert(1)")))


def submit_form(pdf: pikepdf.Pdf) -> None:
    annotate(pdf, OUTSIDE, Subtype=Name.Link, A=Dictionary(S=Name.SubmitForm, F=String("https://example.org")))


def widget_javascript(pdf: pikepdf.Pdf) -> None:
    widget = annotate(pdf, OUTSIDE, Subtype=Name.Widget, FT=Name.Btn, T=String("b"), AA=Dictionary(U=javascript()))
    pdf.Root.AcroForm = Dictionary(Fields=[widget])


def lzw_content(pdf: pikepdf.Pdf) -> dict[str, Any]:
    stream = pdf.make_stream(b"")
    stream.write(lzw(f"q 0 0 0 1 k {X} {Y} 80 40 re f Q".encode()), filter=Name.LZWDecode)
    pdf.pages[1].contents_add(stream, prepend=False)
    return {"compress_streams": False}  # else qpdf writes it again with Flate


def lzw_inline_image(pdf: pikepdf.Pdf) -> None:
    data = lzw(b"\x00\x40\x80\x00" * 64).decode("latin-1")
    draw(pdf, f"1.92 0 0 1.92 {X} {Y} cm BI /W 8 /H 8 /CS /CMYK /BPC 8 /F /LZW ID\n{data}\nEI")


# -- boxes and bleed ------------------------------------------------------------------------------


def no_trim_box(page: int) -> Make:
    def make(pdf: pikepdf.Pdf) -> None:
        del pdf.pages[page - 1].obj["/TrimBox"]

    return make


def art_box(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.ArtBox = pdf.pages[1].obj.TrimBox


def small_crop_box(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.CropBox = grown(box(pdf, "/TrimBox"), -10 * MM)


def bleed_outside_media(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.BleedBox = grown(box(pdf, "/MediaBox"), 5)


def short_bleed(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.BleedBox = grown(box(pdf, "/TrimBox"), 2 * MM)


def no_bleed_box(pdf: pikepdf.Pdf) -> None:
    del pdf.pages[1].obj["/BleedBox"]


def user_unit_half(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].obj.UserUnit = 0.5  # every box half the size: the bleed 1.5 mm


def odd_trim(pdf: pikepdf.Pdf) -> None:
    trim = box(pdf, "/TrimBox", 3)
    pdf.pages[2].obj.TrimBox = [trim[0], trim[1], trim[2] - 20 * MM, trim[3] - 20 * MM]


def background_to_trim(pdf: pikepdf.Pdf) -> None:
    x0, y0, x1, y1 = box(pdf, "/TrimBox")
    draw(pdf, f"0.1 0 0.05 0 k {x0} {y0} {x1 - x0} {y1 - y0} re f")


def band_to_trim_in_form(pdf: pikepdf.Pdf) -> None:
    x0, _, x1, y1 = box(pdf, "/TrimBox")
    draw(pdf, "/FmBand Do", XObject={"FmBand": form(pdf, f"0.8 0.2 0 0 k {x0} {y1 - 60} {x1 - x0} 60 re f")})


def image_to_trim(pdf: pikepdf.Pdf) -> None:
    x0, y0, _, _ = box(pdf, "/TrimBox")
    picture = image(pdf, 600, Name.DeviceCMYK, b"\x20\x10\x00\x00")
    draw(pdf, f"144 0 0 144 {x0} {y0} cm /Im Do", XObject={"Im": picture})


def annotation_in_bleed(pdf: pikepdf.Pdf) -> None:
    annotate(pdf, [X, Y, X + 20, Y + 20], Subtype=Name.Text, Contents=String("note"))


def annotation_without_rect(pdf: pikepdf.Pdf) -> None:
    del annotate(pdf, OUTSIDE)["/Rect"]


# -- fonts -------------------------------------------------------------------------------------------


def unembedded_on_page(pdf: pikepdf.Pdf) -> None:
    draw(pdf, text(pdf, "0 0 0 1 k", name="/FHelv"), Font={"FHelv": helvetica()})


def unembedded_in_annotation(pdf: pikepdf.Pdf) -> None:
    shown = appearance(pdf, "BT /FHelv 8 Tf 2 4 Td (A) Tj ET", Font={"FHelv": helvetica()})
    annotate(pdf, OUTSIDE, AP=shown)


def unembedded_in_form(pdf: pikepdf.Pdf) -> None:
    inner = form(pdf, text(pdf, "0 0 0 1 k", name="/FHelv"), Font={"FHelv": helvetica()})
    draw(pdf, "/FmT Do", XObject={"FmT": inner})


def unembedded_in_type3(pdf: pikepdf.Pdf) -> None:
    glyph = type3(pdf, "BT /FHelv 800 Tf (a) Tj ET", Font={"FHelv": helvetica()})
    draw(pdf, f"0 0 0 1 k BT /T3 12 Tf {X} {Y} Td (a) Tj ET", Font={"T3": glyph})


def unembedded_in_pattern(pdf: pikepdf.Pdf) -> None:
    cell = tiling(pdf, "0 0 0 1 k BT /FHelv 8 Tf (a) Tj ET", Font={"FHelv": helvetica()})
    draw(pdf, f"/Pattern cs /PT scn {X} {Y} 80 40 re f", Pattern={"PT": cell})


def unembedded_in_soft_mask(pdf: pikepdf.Pdf) -> None:
    mask = form(pdf, f"1 g BT /FHelv 30 Tf {X} {Y} Td (Mask) Tj ET", Font={"FHelv": helvetica()})
    mask.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceGray)
    state = graphics_state(SMask=Dictionary(Type=Name.Mask, S=Name.Luminosity, G=mask))
    draw(pdf, f"/GSMask gs 0 0 0 1 k {X} {Y} 80 40 re f", ExtGState={"GSMask": state})


PROGRAMS = ("/FontFile", "/FontFile2", "/FontFile3")


def described(font: pikepdf.Object) -> pikepdf.Object:
    """The font dictionary that holds the descriptor (a Type 0 font's descendant)."""
    return font.DescendantFonts[0] if font.get("/Subtype") == Name.Type0 else font


def program(font: pikepdf.Object) -> tuple[str, pikepdf.Object]:
    descriptor = described(font).FontDescriptor
    return next((key, descriptor[key]) for key in PROGRAMS if key in descriptor)


def font_copy(pdf: pikepdf.Pdf, font: pikepdf.Object, embedded: tuple[str, pikepdf.Object] | None) -> pikepdf.Object:
    """A copy of an embedded font (a Type 0 font's descendant copied too) holding the program
    `embedded` (key, stream), or none at all."""
    copy = Dictionary({k: v for k, v in font.items()})
    owner = copy
    if font.get("/Subtype") == Name.Type0:
        owner = Dictionary({k: v for k, v in font.DescendantFonts[0].items()})
        copy.DescendantFonts = Array([pdf.make_indirect(owner)])
    owner.FontDescriptor = Dictionary({k: v for k, v in owner.FontDescriptor.items() if k not in PROGRAMS})
    if embedded is not None:
        owner.FontDescriptor[embedded[0]] = embedded[1]
    return pdf.make_indirect(copy)


def font_without_program(pdf: pikepdf.Pdf) -> None:
    copy = font_copy(pdf, pdf.pages[1].Resources.Font[font(pdf)], None)
    copy.BaseFont = described(copy).BaseFont = described(copy).FontDescriptor.FontName = Name("/Arial")
    draw(pdf, text(pdf, "0 0 0 1 k", name="/FArial"), Font={"FArial": copy})


def two_programs_one_name(pdf: pikepdf.Pdf) -> None:
    fonts = pdf.pages[2].Resources.Font
    first, second = (fonts[name] for name in sorted(fonts.keys())[:2])
    twin = font_copy(pdf, first, program(second))  # the first's name, the second's glyphs
    draw(pdf, text(pdf, "0 0 0 1 k", page=3, name="/FTwin"), 3, Font={"FTwin": twin})


# -- spot colours, overprint, transfer, PostScript -----------------------------------------------


def spot_named(name: str) -> Make:
    return lambda pdf: draw(pdf, f"/CSX cs 1 scn {X} {Y} 80 40 re f", ColorSpace={"CSX": separation(name)})


def spot_named_in_shading(pdf: pikepdf.Pdf) -> None:
    pattern = Dictionary(Type=Name.Pattern, PatternType=2, Shading=shading(separation("Black"), [0], [1]))
    draw(pdf, f"/Pattern cs /PB scn {X} {Y} 80 40 re f", Pattern={"PB": pattern})


def spot_named_image(pdf: pikepdf.Pdf) -> None:
    draw(pdf, place(at_ppi(16, 300)), XObject={"Im": image(pdf, 16, separation("Magenta"), b"\x80")})


def spot_named_indexed(pdf: pikepdf.Pdf) -> None:
    space = Array([Name.Indexed, separation("Yellow"), 1, String(b"\x00\xff")])
    draw(pdf, place(at_ppi(16, 300)), XObject={"Im": image(pdf, 16, space, b"\x01")})


def spot_two_alternates(pdf: pikepdf.Pdf) -> None:
    spot = "PANTONE 286 C"
    draw(pdf, f"/CSX cs 1 scn {X} {Y} 80 40 re f", 2, ColorSpace={"CSX": separation(spot, c1=[1, 0.66, 0, 0.02])})
    draw(pdf, f"/CSX cs 1 scn {X} {Y} 80 40 re f", 3, ColorSpace={"CSX": separation(spot, c1=[1, 0.5, 0, 0])})


def spot_two_alternate_spaces(pdf: pikepdf.Pdf) -> None:
    lab = Array([Name.Lab, Dictionary(WhitePoint=[0.9642, 1, 0.8249])])
    draw(pdf, f"/CSX cs 1 scn {X} {Y} 80 40 re f", 2, ColorSpace={"CSX": separation("Gold", c1=[0, 0.2, 0.6, 0.2])})
    draw(pdf, f"/CSY cs 1 scn {X} {Y} 80 40 re f", 4, ColorSpace={"CSY": separation("Gold", lab, c1=[70, 5, 50])})


def white_overprint(setup: str, paint: str) -> Make:
    return lambda pdf: draw(pdf, f"/GSOP gs {setup} {paint}", ExtGState={"GSOP": graphics_state(OP=True, OPM=1)})


def white_overprint_text(pdf: pikepdf.Pdf) -> None:
    draw(pdf, text(pdf, "/GSOP gs 0 0 0 0 k"), ExtGState={"GSOP": graphics_state(op=True, OP=True)})


def transfer_function(key: str, value: Callable[[pikepdf.Pdf], Any]) -> Make:
    return lambda pdf: draw(pdf, f"/GSTR gs 0 0 0 1 k {X} {Y} 80 40 re f",
                            ExtGState={"GSTR": graphics_state(**{key: value(pdf)})})  # fmt: skip


def halftone_transfer(pdf: pikepdf.Pdf) -> Dictionary:
    curve = Dictionary(FunctionType=2, Domain=[0, 1], C0=[0], C1=[0.8], N=1)
    return Dictionary(Type=Name.Halftone, HalftoneType=1, Frequency=150, Angle=45, SpotFunction=Name.Round,
                      TransferFunction=curve)  # fmt: skip


def postscript_xobject(pdf: pikepdf.Pdf) -> None:
    ps = pdf.make_stream(b"0 0 moveto 100 100 lineto stroke")
    ps.Type, ps.Subtype = Name.XObject, Name.PS
    draw(pdf, "/PSx Do", XObject={"PSx": ps})


def postscript_form(pdf: pikepdf.Pdf) -> None:
    shown = form(pdf, "0 0 0 1 k 0 0 1 1 re f")
    shown.Subtype2, shown.PS = Name.PS, pdf.make_stream(b"0 0 moveto")
    draw(pdf, "/FmPS Do", XObject={"FmPS": shown})


def postscript_operator(pdf: pikepdf.Pdf) -> None:
    draw(pdf, "(0 0 moveto) PS")


# -- ink, lines, text, images -------------------------------------------------------------------------


def fill(cmyk: str) -> Make:
    return lambda pdf: draw(pdf, f"{cmyk} k {X} {Y} 200 200 re f")


def icc_cmyk_ink(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"/CSI cs 1 1 1 1 scn {X} {Y} 200 200 re f", ColorSpace={"CSI": icc(pdf, 4)})


def heavy_image(pdf: pikepdf.Pdf) -> None:
    draw(pdf, place(at_ppi(32, 300)), XObject={"Im": image(pdf, 32, Name.DeviceCMYK, b"\xe6\xe6\xe6\xe6")})


def heavy_in_form(pdf: pikepdf.Pdf) -> None:
    draw(pdf, "/FmInk Do", XObject={"FmInk": form(pdf, f"0.9 0.9 0.9 0.9 k {X} {Y} 200 200 re f")})


def stroke(setup: str) -> Make:
    return lambda pdf: draw(pdf, f"0 0 0 1 K {setup} {X} {Y} m {X + 80} {Y} l S")


def hairline_in_glyph(pdf: pikepdf.Pdf) -> None:
    glyph = type3(pdf, "10 w 100 100 m 900 900 l S")  # 10 units at 12 pt: a 0.12 pt line
    draw(pdf, f"0 0 0 1 k BT /T3 12 Tf {X} {Y} Td (a) Tj ET", Font={"T3": glyph})


def hairline_via_state(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"0 0 0 1 K /GSLW gs {X} {Y} m {X + 80} {Y} l S", ExtGState={"GSLW": graphics_state(LW=0.2)})


def hairline_in_form(pdf: pikepdf.Pdf) -> None:
    draw(pdf, "0.5 0 0 0.5 0 0 cm /FmLine Do", XObject={"FmLine": form(pdf, f"0 0 0 1 K 0.4 w {X} {Y} m 300 {Y} l S")})


def small_text(size: float, setup: str = "0 0 0 1 k") -> Make:
    return lambda pdf: draw(pdf, text(pdf, setup, size))


def scaled_small_text(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"0 0 0 1 k BT {font(pdf)} 12 Tf 0.3 0 0 0.3 {X} {Y} Tm (Fault) Tj ET")


def picture(pixels: int, ppi: float, bits: int = 8) -> Make:
    def make(pdf: pikepdf.Pdf) -> None:
        space = Name.DeviceGray if bits == 1 else Name.DeviceCMYK
        draw(pdf, place(at_ppi(pixels, ppi)), XObject={"Im": image(pdf, pixels, space, b"\x10\x20\x30\x00", bits)})

    return make


def low_ppi_in_form(pdf: pikepdf.Pdf) -> None:
    inner = form(pdf, place(at_ppi(64, 300)), XObject={"Im": image(pdf, 64, Name.DeviceCMYK, b"\x10\x20\x30\x00")})
    draw(pdf, f"2 0 0 2 -{X} -{Y} cm /FmIm Do", XObject={"FmIm": inner})  # drawn twice as large: 150 ppi


def stencil_at(ppi: float) -> Make:
    def make(pdf: pikepdf.Pdf) -> None:
        mask = image(pdf, 64, None, bits=1, ImageMask=True)
        draw(pdf, "0 0 0 1 k " + place(at_ppi(64, ppi)), XObject={"Im": mask})

    return make


# -- structure: syntax, damage, encryption, PDF/VT ------------------------------------------------


def syntax_error(pdf: pikepdf.Pdf) -> None:
    pdf.pages[1].contents_add(pdf.make_stream(b"q 0 0 0 1 k 10 10 m 20 20 l S Q (never closed"), prepend=False)


def syntax_error_in_form(pdf: pikepdf.Pdf) -> None:
    draw(pdf, "/FmBad Do", XObject={"FmBad": form(pdf, "0 0 0 1 k 10 10 m 20 20 l S <</Broken")})


def encrypted(pdf: pikepdf.Pdf) -> dict[str, Any]:
    return {"encryption": pikepdf.Encryption(owner="owner", user="")}


def unchanged(pdf: pikepdf.Pdf) -> None:
    return None


def vt_leaf_short(pdf: pikepdf.Pdf) -> None:
    leaves(pdf)[0].End = pdf.pages[2].obj  # the first record's leaf ends a page early


def vt_no_back_pointer(pdf: pikepdf.Pdf) -> None:
    del pdf.pages[5].obj["/DPart"]


def vt_page_twice(pdf: pikepdf.Pdf) -> None:
    leaves(pdf)[1].Start = pdf.pages[3].obj


def vt_no_xmp_id(pdf: pikepdf.Pdf) -> None:
    xmp_edit(pdf, r"<pdfvtid:GTS_PDFVTVersion>[^<]*</pdfvtid:GTS_PDFVTVersion>", "")


def vt_no_dpart_root(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.DPartRoot["/DPartRootNode"]


def vt_rgb(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"1 0 0 rg {X} {Y} 80 40 re f", 7)


# -- the list ------------------------------------------------------------------------------------------

_E, _W = "error", "warning"
RGB = "RGB colour is used"
white_fill_overprint = white_overprint("0 0 0 0 k", f"{X} {Y} 80 40 re f")
white_stroke_overprint = white_overprint("1 G 2 w", f"{X} {Y} m {X + 80} {Y} l S")
transfer_tr = transfer_function("TR", lambda pdf: Name.Identity)
transfer_tr2 = transfer_function("TR2", lambda pdf: tint([0.9]))
transfer_ht = transfer_function("HT", halftone_transfer)

FAULTS: list[Fault] = [
    # colour: RGB anywhere
    Fault("rgb-fill", rgb_fill(2), "colour", _E, f"{RGB} (fill in uncalibrated RGB (DeviceRGB))", page=2),
    Fault("rgb-fill-page-1", rgb_fill(1), "colour", _E, "fill in uncalibrated RGB", page=1),
    Fault("rgb-fill-page-3", rgb_fill(3), "colour", _E, "fill in uncalibrated RGB", page=3),
    Fault("rgb-stroke", rgb_stroke, "colour", _E, "stroke in uncalibrated RGB", page=2),
    Fault("rgb-text", rgb_text, "colour", _E, "text in uncalibrated RGB", page=2),
    Fault("rgb-stroked-text", rgb_stroked_text, "colour", _E, "stroked text in uncalibrated RGB", page=2),
    Fault("rgb-inline-image", rgb_inline_image, "colour", _E, "(8 × 8 pixels) is in uncalibrated RGB", page=2),
    Fault("rgb-inline-indexed-image", rgb_inline_indexed, "colour", _E, "is in uncalibrated RGB", page=2),
    Fault("rgb-sh-shading", rgb_sh, "colour", _E, "a shading in uncalibrated RGB", page=2),
    Fault("rgb-sh-in-form", rgb_sh_in_form, "colour", _E, "a shading in uncalibrated RGB", page=2),
    Fault("rgb-mesh-shading", rgb_mesh_shading, "colour", _E, "a shading in uncalibrated RGB", page=2),
    Fault("rgb-shading-pattern", rgb_shading_pattern, "colour", _E, "a shading in a shading pattern in uncalib"),
    Fault("rgb-shading-pattern-stroke", rgb_stroke_pattern, "colour", _E, "a shading in a shading pattern"),
    Fault("rgb-tiling-pattern", rgb_tiling_pattern, "colour", _E, "fill in a tiling pattern in uncalibrated RGB"),
    Fault("rgb-uncoloured-pattern", rgb_uncoloured_pattern, "colour", _E, "uncalibrated RGB", page=2),
    Fault("rgb-pattern-in-form", pattern_in_form, "colour", _E, "fill in a tiling pattern in uncalibrated RGB"),
    Fault("rgb-type3-glyph", rgb_type3, "colour", _E, "fill in a Type 3 glyph in uncalibrated RGB", page=2),
    Fault("rgb-annotation-appearance", rgb_annotation, "colour", _E, "fill in an annotation's appearance in uncalib"),
    Fault("rgb-jpeg2000-no-colorspace", rgb_jpx, "colour", _E, "(8 × 8 pixels) is in uncalibrated RGB", page=2),
    Fault("rgb-stencil-mask", rgb_stencil, "colour", _E, "a stencil mask in uncalibrated RGB", page=2),
    Fault("rgb-image", rgb_image, "colour", _E, "(16 × 16 pixels) is in uncalibrated RGB", page=2),
    Fault("rgb-indexed-image", rgb_indexed_image, "colour", _E, "is in uncalibrated RGB", page=2),
    Fault("icc-rgb-fill", icc_rgb_fill, "colour", _E, "fill in ICC-based RGB", page=2),
    Fault("icc-rgb-image", icc_rgb_image, "colour", _E, "is in ICC-based RGB", page=2),
    Fault("calrgb-fill", cal_rgb_fill, "colour", _E, "fill in CalRGB", page=2),
    Fault("device-rgb-by-cs", device_rgb_by_cs, "colour", _E, "fill in uncalibrated RGB", page=2),
    Fault("separation-rgb-alternate", separation_rgb_alternate, "colour", _E, "a spot colour with an RGB alternate"),
    Fault("devicen-rgb-alternate", devicen_rgb_alternate, "colour", _E, "fill in a spot colour with an RGB alternate"),
    Fault("separation-rgb-image", separation_rgb_image, "colour", _E, "a spot colour with an RGB alternate"),
    Fault("rgb-in-form", rgb_in_form, "colour", _E, "fill in uncalibrated RGB", page=2),
    Fault("rgb-in-form-in-form", rgb_in_nested_form, "colour", _E, "fill in uncalibrated RGB", page=2),
    Fault("rgb-x1a", rgb_fill(2), "colour", _E, "fill in uncalibrated RGB", base="x1a", page=2),
    # blending colour space
    Fault("blend-space-form", blend_space_form, "blend-space", _E, "a transparency group blends in uncalibrated RGB"),
    Fault("blend-space-icc-rgb", blend_space_icc, "blend-space", _E, "blends in ICC-based RGB", page=2),
    Fault("blend-space-page", blend_space_page, "blend-space", _E, "the page blends transparency in uncalib", page=3),
    Fault("blend-space-annotation", blend_space_annotation, "blend-space", _E, "blends in uncalibrated RGB"),
    # PDF/X-1a
    Fault("x1a-opacity", opacity, "transparency", _E, "a fill opacity of 0.5", base="x1a", page=2),
    Fault("x1a-blend-mode", blend_mode, "transparency", _E, "the blend mode Multiply", base="x1a"),
    Fault("x1a-soft-mask", soft_mask_state, "transparency", _E, "a soft mask in a graphics state", base="x1a"),
    Fault("x1a-image-soft-mask", soft_mask_image, "transparency", _E, "an image with a soft mask", base="x1a"),
    Fault("x1a-transparency-group", group_form, "transparency", _E, "a transparency group", base="x1a"),
    Fault("x1a-page-group", page_group, "transparency", _E, "the page is a transparency group", base="x1a", page=2),
    Fault("x4-as-x1a", opacity, "transparency", _E, "which PDF/X-1a does not allow", standard="x1a"),
    Fault("x1a-lab", lab_fill, "lab", _E, "fill in Lab", base="x1a", page=2),
    Fault("x1a-lab-image", lab_image, "lab", _E, "is in Lab; PDF/X-1a needs CMYK", base="x1a"),
    Fault("x1a-icc-cmyk", icc_cmyk_fill, "lab", _E, "fill in ICC-based CMYK", base="x1a"),
    Fault("x1a-icc-gray", icc_gray_fill, "lab", _E, "fill in ICC-based", base="x1a"),
    Fault("x1a-calgray", cal_gray_fill, "lab", _E, "fill in CalGray", base="x1a"),
    Fault("x1a-version-1.6", version("1.6"), "version", _E, "needs PDF 1.3 or 1.4; the file is PDF 1.6", base="x1a"),
    Fault("x1a-object-streams", x1a_object_streams, "version", _E, "the file is PDF 1.5", base="x1a"),
    Fault("x1a-no-conformance", x1a_no_conformance, "pdfx-id", _E, "lacks GTS_PDFXConformance", base="x1a"),
    Fault(
        "x1a-xmp-without-version", x1a_xmp_without_version, "pdfx-id", _E, "XMP lacks pdfx:GTS_PDFXVersion", base="x1a"
    ),
    Fault("x1a-no-title", no_info_title, "metadata", _E, "lacks Title", base="x1a"),
    Fault("x1a-info-trapped-unknown", info_trapped_unknown, "metadata", _E, "Trapped is Unknown", base="x1a"),
    # PDF/X-4 identification and metadata
    Fault("x4-no-xmp", no_xmp, "xmp", _E, "there is no XMP metadata stream"),
    Fault("x4-xmp-without-pdfxid", no_pdfxid, "pdfx-id", _E, "the XMP lacks pdfxid:GTS_PDFXVersion = PDF/X-4"),
    Fault("x4-not-declared", no_pdfx_anywhere, "pdfx-id", _E, "the file does not say it is PDF/X"),
    Fault("x4-trapped-unknown", xmp_trapped_unknown, "xmp", _E, "pdf:Trapped is Unknown"),
    Fault("x4-info-trapped-unknown", info_trapped_unknown, "metadata", _E, "Trapped is Unknown"),
    Fault("x4-no-xmp-dates", no_xmp_dates, "xmp", _E, "the XMP has no creation date (xmp:CreateDate)"),
    Fault("x4-no-xmp-modify-date", no_xmp_modify_date, "xmp", _E, "the XMP has no modification date (xmp:ModifyDate)"),
    Fault("x4-no-dc-title", no_dc_title, "xmp", _E, "the XMP has no title (dc:title)"),
    Fault("x4-no-creation-date", no_creation_date, "metadata", _E, "lacks CreationDate"),
    Fault("x4-pdf-1.7", version("1.7"), "version", _E, "PDF/X-4 needs PDF 1.6 at most; the file is PDF 1.7"),
    Fault("no-document-id", unchanged, "metadata", _E, "the file has no document ID", edit=without_id),
    Fault("no-output-intent", no_output_intent, "output-intent", _E, "no PDF/X output intent"),
    Fault("two-output-intents", two_output_intents, "output-intent", _E, "2 PDF/X output intents"),
    Fault("output-intent-without-profile", intent_without_profile, "output-intent", _E, "has no embedded ICC profile"),
    Fault("output-intent-rgb-profile", intent_rgb_profile, "output-intent", _E, "has 3 channels, not CMYK's 4"),
    Fault("x1a-no-output-intent", no_output_intent, "output-intent", _E, "no PDF/X output intent", base="x1a"),
    # actions
    Fault("page-additional-actions", page_additional_action, "actions", _E, "additional actions on the page", page=2),
    Fault("document-additional-actions", document_additional_action, "actions", _E, "additional actions on the doc"),
    Fault("open-action-javascript", open_action_javascript, "actions", _E, "a JavaScript action, which PDF/X forbids"),
    Fault("open-action-next-javascript", open_action_chain, "actions", _E, "a JavaScript action"),
    Fault("document-javascript", document_javascript, "actions", _E, "the file has document-level JavaScript"),
    Fault("launch-action", launch_link, "actions", _E, "a Launch action (it would run a program)", page=2),
    Fault("javascript-uri", javascript_uri, "actions", _E, "a link to a javascript: address", page=2),
    Fault("submit-form", submit_form, "actions", _E, "a SubmitForm action", page=2),
    Fault("widget-javascript", widget_javascript, "actions", _E, "a JavaScript action", page=2),
    # compression
    Fault("lzw-content", lzw_content, "lzw", _E, "1 stream compressed with LZW"),
    Fault("lzw-inline-image", lzw_inline_image, "lzw", _E, "LZW"),
    # boxes and bleed
    Fault("no-trim-box", no_trim_box(2), "boxes", _E, "no TrimBox", page=2),
    Fault("no-trim-box-page-4", no_trim_box(4), "boxes", _E, "no TrimBox", page=4),
    Fault("art-box", art_box, "boxes", _E, "an ArtBox", page=2),
    Fault("crop-box-inside-trim", small_crop_box, "boxes", _E, "the CropBox", page=2),
    Fault("boxes-not-nested", bleed_outside_media, "boxes", _E, "are not nested", page=2),
    Fault("bleed-2mm", short_bleed, "bleed", _E, "bleed is less than 3 mm (left 2.0 mm", page=2),
    Fault("no-bleed-box", no_bleed_box, "bleed", _E, "no BleedBox", page=2),
    Fault("user-unit-half", user_unit_half, "bleed", _E, "bleed is less than 3 mm (left 1.5 mm", page=2),
    Fault("odd-trim-size", odd_trim, "trim-size", _W, "190.0 × 277.0 mm is not a standard leaflet size", page=3),
    Fault(
        "trim-size-not-asked", unchanged, "trim-size", _E, "210.0 × 297.0 mm, not a5-booklet", trim_format="a5-booklet"
    ),
    Fault("background-stops-at-trim", background_to_trim, "bleed-reach", _E, "a background stops at the trim", page=2),
    Fault("band-stops-at-trim-in-form", band_to_trim_in_form, "bleed-reach", _E, "on the top edge", page=2),
    Fault("image-stops-at-trim", image_to_trim, "bleed-reach", _E, "a background stops at the trim", page=2),
    Fault("annotation-in-bleed", annotation_in_bleed, "annotations", _E, "a Text annotation lies inside the bleed"),
    Fault("annotation-without-rect", annotation_without_rect, "annotations", _E, "no usable rectangle", page=2),
    # fonts
    Fault("unembedded-font", unembedded_on_page, "fonts", _E, "the font Helvetica is not embedded", page=2),
    Fault("unembedded-font-annotation", unembedded_in_annotation, "fonts", _E, "Helvetica is not embedded", page=2),
    Fault("unembedded-font-in-form", unembedded_in_form, "fonts", _E, "Helvetica is not embedded", page=2),
    Fault("unembedded-font-in-type3", unembedded_in_type3, "fonts", _E, "Helvetica is not embedded", page=2),
    Fault("unembedded-font-in-pattern", unembedded_in_pattern, "fonts", _E, "Helvetica is not embedded", page=2),
    Fault("unembedded-font-in-soft-mask", unembedded_in_soft_mask, "fonts", _E, "Helvetica is not embedded", page=2),
    Fault("font-without-program", font_without_program, "fonts", _E, "the font Arial is not embedded"),
    Fault("two-programs-one-name", two_programs_one_name, "font-names", _E, "2 different font programs are all named"),
    # spot colours
    Fault("spot-named-cyan", spot_named("Cyan"), "spot-name", _E, "a spot colour is named 'Cyan'"),
    Fault("spot-named-black-lower", spot_named("black"), "spot-name", _E, "a spot colour is named 'black'"),
    Fault("spot-named-black-in-shading", spot_named_in_shading, "spot-name", _E, "named 'Black'"),
    Fault("spot-named-magenta-image", spot_named_image, "spot-name", _E, "named 'Magenta'"),
    Fault("spot-named-yellow-indexed", spot_named_indexed, "spot-name", _E, "named 'Yellow'"),
    Fault("spot-two-alternates", spot_two_alternates, "spot-ambiguous", _E, "'PANTONE 286 C' is defined 2 different"),
    Fault("spot-cmyk-and-lab", spot_two_alternate_spaces, "spot-ambiguous", _E, "'Gold' is defined 2 different ways"),
    # overprint, transfer, PostScript
    Fault(
        "white-fill-overprint", white_fill_overprint, "overprint-white", _E, "a white path is set to overprint", page=2
    ),
    Fault("white-gray-stroke-overprint", white_stroke_overprint, "overprint-white", _E, "a white path"),
    Fault("white-text-overprint", white_overprint_text, "overprint-white", _E, "white text is set to overprint"),
    Fault("transfer-function", transfer_tr, "transfer", _E, "a transfer function (TR)", page=2),
    Fault("transfer-function-tr2", transfer_tr2, "transfer", _E, "a transfer function (TR2)"),
    Fault("halftone-transfer-function", transfer_ht, "transfer", _E, "a transfer function in a halftone (HT)"),
    Fault("postscript-xobject", postscript_xobject, "postscript", _E, "a PostScript XObject", page=2),
    Fault("postscript-form", postscript_form, "postscript", _E, "a PostScript XObject"),
    Fault("postscript-operator", postscript_operator, "postscript", _E, "a PostScript operator (PS)"),
    # ink
    Fault("ink-320", fill("0.8 0.8 0.8 0.8"), "total-ink", _E, "320 % total ink", page=2),
    Fault("ink-400", fill("1 1 1 1"), "total-ink", _E, "400 % total ink", page=2),
    Fault("ink-icc-cmyk-400", icc_cmyk_ink, "total-ink", _E, "400 % total ink", page=2),
    Fault("ink-in-form", heavy_in_form, "total-ink", _E, "360 % total ink", page=2),
    Fault("ink-image-360", heavy_image, "total-ink", _E, "361 % total ink", page=2),
    Fault(
        "ink-400-rendered",
        fill("1 1 1 1"),
        "total-ink",
        _E,
        "over 300 % total ink (up to 400 %",
        page=2,
        render_ink=True,
    ),
    # lines, text, images
    Fault("hairline-0.1", stroke("0.1 w"), "hairline", _E, "a line 0.10 pt wide", page=2),
    Fault("hairline-zero", stroke("0 w"), "hairline", _E, "a zero-width (device hairline) line", page=2),
    Fault("hairline-scaled", stroke("0.1 0 0 0.1 0 0 cm 2 w"), "hairline", _E, "a line 0.20 pt wide"),
    Fault("hairline-in-type3-glyph", hairline_in_glyph, "hairline", _E, "a line 0.12 pt wide", page=2),
    Fault("hairline-extgstate", hairline_via_state, "hairline", _E, "a line 0.20 pt wide", page=2),
    Fault("hairline-in-scaled-form", hairline_in_form, "hairline", _E, "a line 0.20 pt wide"),
    Fault("small-text-4pt", small_text(4), "small-text", _W, "text at 4.0 pt, below 6 pt", page=2),
    Fault("small-text-scaled", scaled_small_text, "small-text", _W, "text at 3.6 pt"),
    Fault("rich-black-text", small_text(9, "0.6 0.4 0.4 1 k"), "rich-black", _W, "text at 9.0 pt in rich black"),
    Fault("image-72ppi", picture(72, 72), "resolution", _E, "(72 × 72 pixels) is 72 ppi as printed", page=2),
    Fault("image-250ppi", picture(100, 250), "resolution", _W, "is 250 ppi as printed; 300 is the aim"),
    Fault("image-150ppi-in-form", low_ppi_in_form, "resolution", _E, "is 150 ppi as printed"),
    Fault("1bit-300ppi", picture(64, 300, 1), "resolution-1bit", _E, "1-bit (line art) 300 ppi", page=2),
    Fault("1bit-600ppi", picture(64, 600, 1), "resolution-1bit", _W, "1-bit (line art) 600 ppi as printed; 800"),
    Fault("stencil-mask-300ppi", stencil_at(300), "resolution-1bit", _E, "1-bit (line art) 300 ppi"),
    # structure
    Fault("content-syntax-error", syntax_error, "content-syntax", _E, "a content stream has a syntax error", page=2),
    Fault("content-syntax-in-form", syntax_error_in_form, "content-syntax", _E, "syntax error", page=2),
    Fault("truncated", unchanged, "damaged", _E, "damaged", edit=lambda data: data[: len(data) * 3 // 4]),
    Fault("no-startxref", unchanged, "damaged", _E, "damaged", edit=lambda data: data[:-40]),
    Fault("encrypted", encrypted, "encryption", _E, "encrypted: a print file must not be"),
    # PDF/VT
    Fault("vt-leaf-misses-a-page", vt_leaf_short, "pdfvt", _E, "missing [4]", base="vt"),
    Fault("vt-page-without-its-dpart", vt_no_back_pointer, "pdfvt", _E, "does not point back", base="vt", page=6),
    Fault("vt-page-in-two-leaves", vt_page_twice, "pdfvt", _E, "twice [4]", base="vt"),
    Fault("vt-xmp-without-id", vt_no_xmp_id, "pdfvt", _E, "the XMP lacks pdfvtid:GTS_PDFVTVersion", base="vt"),
    Fault("vt-no-dpart-root-node", vt_no_dpart_root, "pdfvt", _E, "no DPartRoot with a DPartRootNode", base="vt"),
    Fault("vt-rgb-in-second-record", vt_rgb, "colour", _E, "fill in uncalibrated RGB", base="vt", page=7),
]


# -- clean variants: what a print file may hold, which no rule may flag ----------------------------


def type3_stroked_glyph(pdf: pikepdf.Pdf) -> None:
    glyph = type3(pdf, "30 w 100 100 m 900 900 l S")  # 30 units at 12 pt: a 0.36 pt line
    draw(pdf, f"0 0 0 1 k 0 0 0 1 K BT /T3 12 Tf {X} {Y} Td (a) Tj ET", Font={"T3": glyph})


def background_to_bleed(pdf: pikepdf.Pdf) -> None:
    x0, y0, x1, y1 = box(pdf, "/BleedBox")
    draw(pdf, f"0.1 0 0.05 0 k {x0} {y0} {x1 - x0} {y1 - y0} re f")


def band_image_to_bleed(pdf: pikepdf.Pdf) -> None:
    x0, _, x1, y1 = box(pdf, "/BleedBox")
    band = image(pdf, (2560, 240), Name.DeviceCMYK, b"\x20\x10\x00\x00")  # 300 ppi, 20 mm deep
    draw(pdf, f"{x1 - x0} 0 0 {at_ppi(240, 300)} {x0} {y1 - at_ppi(240, 300)} cm /Im Do", XObject={"Im": band})


def uncoloured_cmyk_pattern(pdf: pikepdf.Pdf) -> None:
    space = Array([Name.Pattern, Name.DeviceCMYK])
    draw(pdf, f"/CSP cs 0 0.5 1 0 /PU scn {X} {Y} 80 40 re f", ColorSpace={"CSP": space},
         Pattern={"PU": tiling(pdf, "0 0 5 5 re f", paint_type=2)})  # fmt: skip


def cmyk_annotation_outside_bleed(pdf: pikepdf.Pdf) -> None:
    annotate(pdf, OUTSIDE, AP=appearance(pdf, "0 0 0 1 k 0 0 16 16 re f"))
    annotate(pdf, OUTSIDE, Subtype=Name.Link, A=Dictionary(S=Name.URI, URI=String("https://example.org")))
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])


def cmyk_group_with_opacity(pdf: pikepdf.Pdf) -> None:
    group = form(pdf, f"/GSHalf gs 0 0.5 1 0 k {X} {Y} 80 40 re f", ExtGState={"GSHalf": graphics_state(ca=0.5)})
    group.Group = Dictionary(Type=Name.Group, S=Name.Transparency, CS=Name.DeviceCMYK)
    draw(pdf, "/FmG Do", XObject={"FmG": group})


def spot_and_devicen(pdf: pikepdf.Pdf) -> None:
    function = pdf.make_stream(b"{ 0 0 }")
    function.FunctionType, function.Domain, function.Range = 4, [0, 1, 0, 1], [0, 1, 0, 1, 0, 1, 0, 1]
    devicen = Array([Name.DeviceN, Array([Name.Cyan, Name("/PANTONE 286 C")]), Name.DeviceCMYK, function])
    draw(pdf, f"/CSX cs 1 scn {X} {Y} 80 40 re f /CSN cs 0.5 1 scn {X} {Y + 50} 80 40 re f",
         ColorSpace={"CSX": separation("PANTONE 286 C", c1=[1, 0.66, 0, 0.02]), "CSN": devicen})  # fmt: skip


def black_overprint_and_white_knockout(pdf: pikepdf.Pdf) -> None:
    draw(pdf, text(pdf, "/GSOP gs 0 0 0 1 k") + " " + text(pdf, "/GSOff gs 0 0 0 0 k"),
         ExtGState={"GSOP": graphics_state(OP=True, op=True), "GSOff": graphics_state(OP=False, op=False)})  # fmt: skip


def at_the_limits(pdf: pikepdf.Pdf) -> None:
    draw(pdf, f"0 0 0 1 K 0.25 w {X} {Y} m {X + 80} {Y} l S 0.75 0.75 0.75 0.75 k {X} {Y + 10} 80 40 re f "
         + text(pdf, "0 0 0 1 k", 6) + " " + text(pdf, "0 0 0 1 k", 7)
         + f" /GSTR gs {X} {Y} 10 10 re f", ExtGState={"GSTR": graphics_state(TR2=Name.Default)})  # fmt: skip


def x4_colour_spaces(pdf: pikepdf.Pdf) -> None:
    lab = Array([Name.Lab, Dictionary(WhitePoint=[0.9642, 1, 0.8249])])
    draw(pdf, f"/CSL cs 50 20 -30 sc {X} {Y} 80 40 re f /CSI cs 0.7 0.7 0.7 0.7 scn {X} {Y + 50} 80 40 re f "
         + place(at_ppi(16, 300)), ColorSpace={"CSL": lab, "CSI": icc(pdf, 4)},
         XObject={"Im": image(pdf, 16, icc(pdf, 1), b"\x80")})  # fmt: skip


def cmyk_shading_and_inline_image(pdf: pikepdf.Pdf) -> None:
    pattern = Dictionary(
        Type=Name.Pattern, PatternType=2, Shading=shading(Name.DeviceCMYK, [0, 0, 0, 0], [1, 0.5, 0, 0])
    )
    draw(pdf, f"/Pattern cs /PC scn {X} {Y} 80 40 re f q 1.92 0 0 1.92 {X} {Y + 50} cm "
         "BI /W 8 /H 8 /CS /CMYK /BPC 8 ID\n" + "\x10\x20\x30\x00" * 64 + "\nEI Q", Pattern={"PC": pattern})  # fmt: skip


CLEAN: list[Clean] = [
    Clean("cmyk-image-300ppi", picture(100, 300)),
    Clean("1bit-image-1200ppi", picture(64, 1200, 1)),
    Clean("stencil-mask-1200ppi", stencil_at(1200)),
    Clean("band-image-to-bleed", band_image_to_bleed),
    Clean("background-to-bleed", background_to_bleed),
    Clean("type3-stroked-glyph-12pt", type3_stroked_glyph),
    Clean("uncoloured-cmyk-pattern", uncoloured_cmyk_pattern),
    Clean("annotation-outside-bleed", cmyk_annotation_outside_bleed),
    Clean("cmyk-group-with-opacity", cmyk_group_with_opacity),
    Clean("spot-and-devicen", spot_and_devicen),
    Clean("black-overprint-white-knockout", black_overprint_and_white_knockout),
    Clean("at-the-limits", at_the_limits),
    Clean("x4-lab-icc-cmyk-icc-gray", x4_colour_spaces),
    Clean("cmyk-shading-inline-image", cmyk_shading_and_inline_image),
    Clean("x1a-spot-and-devicen", spot_and_devicen, "x1a"),
    Clean("x1a-cmyk-image-300ppi", picture(100, 300), "x1a"),
    Clean("x1a-black-overprint", black_overprint_and_white_knockout, "x1a"),
    Clean("vt-cmyk-image", picture(100, 300), "vt"),
]
