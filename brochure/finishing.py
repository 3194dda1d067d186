"""Finishing: ReportLab's PDF -> a PDF/X candidate, with pikepdf.

ReportLab writes no output intent and no XMP. This step adds them, with everything else PDF/X
asks for: the version, identification (X-4 in the pdfxid schema, X-1a:2003 in the older pdfx
schema and the Info entries it expects), pinned dates (so builds stay byte-identical), Trapped,
a document ID, and the separation colour spaces (registration, the perforation) that the marks
use. The variants are data: `VARIANTS` below.

ReportLab tags every font subset AAAAAA+Name, so two different subsets of one font (records
that need different glyphs) would share a name, and a RIP that caches fonts by name could print
the wrong glyphs. `unique_font_names` makes the tag a digest of the embedded program: identical
programs get identical names (a merged file can share them), different programs different ones.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
import re
import uuid
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ._version import __version__
from .colour import PRINT_PROFILE, SPOTS
from .errors import Diagnostic, InputError
from .layout.shaping import GLYPH_TEXT
from .render import Rendered
from .structure import Node
from .tagging import apply_structure

OUTPUT_CONDITION = {
    "OutputConditionIdentifier": "FOGRA39",
    "OutputCondition": "Commercial and specialty offset printing, paper type 1 or 2, coated (ISO 12647-2:2004)",
    "Info": "ISO Coated v2 300% (basICColor)",
    "RegistryName": "http://www.color.org",
}


@dataclass(frozen=True)
class Variant:
    """One PDF/X flavour: its PDF version, identification, and whether transparency is allowed."""

    name: str
    version: str
    identification: str | None  # the PDF/X version, None for the screen edition
    conformance: str | None
    transparency: bool


VARIANTS = {
    "x4": Variant("PDF/X-4", "1.6", "PDF/X-4", None, transparency=True),
    "x1a": Variant("PDF/X-1a:2003", "1.4", "PDF/X-1a:2003", "PDF/X-1a:2003", transparency=False),
    "screen": Variant("PDF/UA-1 screen edition", "1.7", None, None, transparency=True),
}


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    language: str
    date: dt.date  # creation and modification date, pinned
    identity: str  # names the document across versions, e.g. its reference


def finish(rendered: Rendered, tree: Node | None, meta: Metadata, variant: str = "x4") -> bytes:
    """Turn a rendered PDF into the edition's final file (PDF/X for print), tagged when a structure
    tree is given; raises InputError when the content cannot comply."""
    spec = VARIANTS[variant]
    identity = file_identity((page.stream() for page in rendered.pages), meta, variant)
    with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
        if not spec.transparency:
            reasons = transparency_in(pdf)
            if reasons:
                raise InputError([Diagnostic(f"cannot make {spec.name}: {reason}", hint="use --pdfx x4, which allows transparency") for reason in reasons])  # fmt: skip
        if spec.identification:
            _define_spots(pdf)
            pdf.Root.OutputIntents = Array([_output_intent(pdf)])
        if tree is not None:
            apply_structure(pdf, tree, rendered, meta.language)
        name_shaped_glyphs(pdf)
        unique_font_names(pdf)
        pdf.trailer.Info = document_info(meta, spec)
        pdf.Root.Lang = String(meta.language)
        instance = uuid.UUID(bytes=identity)
        pdf.Root.Metadata = pdf.make_stream(
            xmp(meta, spec, instance, tagged=tree is not None).encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML
        )
        out = io.BytesIO()
        pdf.save(
            out,
            static_id=True,  # replaced below by the file's identity
            fix_metadata_version=False,  # keep the XMP packet exactly as written
            force_version=spec.version,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
        )
    return with_id(out.getvalue(), identity)


def file_identity(page_streams: Iterable[bytes], meta: Metadata, variant: str) -> bytes:
    """16 bytes naming a file by what it shows (its pages' content) and its metadata: the XMP
    instance ID and the trailer ID are made from them, so builds are byte-identical, and a batch
    record written from another record's file gets the same bytes as its own build."""
    digest = hashlib.md5(repr((meta, variant)).encode())
    for stream in page_streams:
        digest.update(hashlib.md5(stream).digest())
    return digest.digest()


def with_id(data: bytes, identity: bytes) -> bytes:
    """The file with both elements of its trailer ID set to `identity` (same length: no offset moves)."""
    start = data.rindex(b"/ID [<")
    end = data.index(b"]", start) + 1
    return data[:start] + b"/ID [<%s><%s>]" % (identity.hex().encode(), identity.hex().encode()) + data[end:]


def document_info(meta: Metadata, spec: Variant) -> Dictionary:
    """The Info dictionary: title, author, pinned dates, the PDF/X identification, Trapped."""
    stamp = f"D:{meta.date:%Y%m%d}000000Z"
    info = {
        "/Title": meta.title, "/Author": meta.author, "/Subject": meta.subject, "/Creator": "brochure",
        "/Producer": f"brochure {__version__} (ReportLab, pikepdf)", "/CreationDate": stamp, "/ModDate": stamp,
    }  # fmt: skip
    if not meta.author:
        del info["/Author"]  # a merged file has many authors: none is named
    if spec.identification:
        info["/GTS_PDFXVersion"] = spec.identification
    if spec.conformance:
        info["/GTS_PDFXConformance"] = spec.conformance
    made = Dictionary({key: String(value) for key, value in info.items()})
    made.Trapped = Name("/False")
    return made


_SUBSET_TAG = re.compile(r"^/[A-Z]{6}\+")
_PROGRAMS = ("/FontFile", "/FontFile2", "/FontFile3")


def subset_tag(program: bytes) -> str:
    """Six capital letters named by a font program's bytes (a digest, in base 26)."""
    number = int.from_bytes(hashlib.sha256(program).digest()[:8], "big")
    return "".join(chr(ord("A") + number // 26**place % 26) for place in range(6))


def unique_font_names(pdf: pikepdf.Pdf) -> None:
    """Give every embedded font subset the tag of its program (`subset_tag`), in the font's
    /BaseFont, its descriptor's /FontName, its ToUnicode map's name, and the /BaseFont of a Type0
    font above it. Fonts that are not subsets (no tag) keep their names; run again, it changes
    nothing."""
    fonts = [obj for obj in pdf.objects if isinstance(obj, Dictionary) and obj.get("/Type") == Name.Font]
    renamed: dict[tuple[int, int], str] = {}  # descendant font -> its new tag
    tags: dict[tuple[int, int], str] = {}  # font program -> its tag (computed once)
    for font in fonts:
        descriptor = font.get("/FontDescriptor")
        base = str(font.get("/BaseFont", ""))
        if not isinstance(descriptor, Dictionary) or not _SUBSET_TAG.match(base):
            continue
        program = next((descriptor[key] for key in _PROGRAMS if key in descriptor), None)
        if not isinstance(program, pikepdf.Stream):
            continue
        if program.objgen not in tags:
            tags[program.objgen] = subset_tag(bytes(program.read_bytes()))
        tag = tags[program.objgen]
        renamed[font.objgen] = tag
        _retag(font, tag)
        descriptor.FontName = font.BaseFont
    for font in fonts:  # Type0: named after its descendant
        kids = font.get("/DescendantFonts")
        if font.get("/Subtype") == Name.Type0 and isinstance(kids, Array) and len(kids) == 1:
            kid = renamed.get(kids[0].objgen)
            if kid is not None and _SUBSET_TAG.match(str(font.get("/BaseFont", ""))):
                _retag(font, kid)


def _retag(font: Dictionary, tag: str) -> None:
    """Set the subset tag of a font's /BaseFont, and of its ToUnicode map's name (ReportLab writes
    the font's name into the map as its CMapName, Registry and Ordering)."""
    old = str(font.BaseFont)[1:]
    new = tag + old[6:]
    if old == new:
        return
    font.BaseFont = Name("/" + new)
    cmap = font.get("/ToUnicode")
    if isinstance(cmap, pikepdf.Stream):
        data = bytes(cmap.read_bytes())
        if old.encode() in data:
            cmap.write(data.replace(old.encode(), new.encode()))  # compressed again when saved


_CMAP_ENTRY = re.compile(rb"<([0-9A-F]{2})> <(E[0-9A-F]{3}|F[0-8][0-9A-F]{2})>")


def name_shaped_glyphs(pdf: pikepdf.Pdf) -> None:
    """Write into each font's ToUnicode map the text its shaped glyphs stand for (an Arabic
    medial form -> its letter, a ligature -> its letters), in place of ReportLab's private-use
    codes (layout/shaping.py records them); a glyph that stands for nothing maps to no text."""
    for font in pdf.objects:
        if not isinstance(font, Dictionary) or font.get("/Type") != Name.Font:
            continue
        cmap = font.get("/ToUnicode")
        if not isinstance(cmap, pikepdf.Stream):
            continue
        face = str(font.get("/BaseFont", ""))[1:].split("+", 1)[-1]
        data = bytes(cmap.read_bytes())

        def named(entry: re.Match[bytes], face: str = face) -> bytes:
            text = GLYPH_TEXT.get((face, int(entry[2], 16)))
            if text is None:
                return entry[0]
            return b"<%s> <%s>" % (entry[1], text.encode("utf-16-be").hex().upper().encode() or b"200B")

        changed = _CMAP_ENTRY.sub(named, data)
        if changed != data:
            cmap.write(changed)


def transparency_in(pdf: pikepdf.Pdf) -> list[str]:
    """What in the file uses transparency (soft masks, alpha, blend modes); empty when none."""
    found: list[str] = []
    for number, page in enumerate(pdf.pages, start=1):
        if "/Group" in page.obj:
            found.append(f"page {number} has a transparency group")
        resources = page.obj.get("/Resources", Dictionary())
        for name, state in resources.get("/ExtGState", Dictionary()).items():
            if state.get("/SMask", Name("/None")) != Name("/None"):
                found.append(f"page {number}: graphics state {name} uses a soft mask")
            if float(state.get("/CA", 1)) < 1 or float(state.get("/ca", 1)) < 1:
                found.append(f"page {number}: graphics state {name} is partly transparent")
            if state.get("/BM", Name.Normal) not in (Name.Normal, Name.Compatible):
                found.append(f"page {number}: graphics state {name} uses a blend mode")
        for name, xobject in resources.get("/XObject", Dictionary()).items():
            if "/SMask" in xobject:
                found.append(f"page {number}: image {name} has an alpha channel (soft mask)")
    return found


@functools.cache
def _compressed_profile() -> bytes:
    """The output profile, deflated once per machine: compressing 1 MB takes 0.3 s, so the result
    is kept in the user's cache folder (keyed by the profile and zlib's version; nothing breaks
    if that folder cannot be written)."""
    data = PRINT_PROFILE.read_bytes()
    key = hashlib.sha256(data + zlib.ZLIB_RUNTIME_VERSION.encode()).hexdigest()[:20]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "brochure" / f"profile-{key}.zlib"
    try:
        return cache.read_bytes()
    except OSError:
        pass
    compressed = zlib.compress(data, 9)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(compressed)
        temporary.replace(cache)
    except OSError:
        pass
    return compressed


def _output_intent(pdf: pikepdf.Pdf) -> Dictionary:
    profile = pikepdf.Stream(pdf, _compressed_profile())
    profile.stream_dict = Dictionary(N=4, Filter=Name.FlateDecode, Alternate=Name.DeviceCMYK)
    intent = Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFX, DestOutputProfile=profile)
    for key, value in OUTPUT_CONDITION.items():
        intent[f"/{key}"] = String(value)
    return intent


def _define_spots(pdf: pikepdf.Pdf) -> None:
    """Add the separation colour spaces the marks name to every page's resources."""
    spaces = {}
    for spot in SPOTS:
        alt = spot.alternate
        tint = Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[alt.c, alt.m, alt.y, alt.k], N=1)
        spaces[f"/{spot.resource}"] = pdf.make_indirect(
            Array([Name.Separation, Name(f"/{spot.name}"), Name.DeviceCMYK, tint])
        )
    for page in pdf.pages:
        if "/Resources" not in page.obj:
            page.obj.Resources = Dictionary()
        resources = page.obj.Resources
        if "/ColorSpace" not in resources:
            resources.ColorSpace = Dictionary()
        for key, value in spaces.items():
            resources.ColorSpace[key] = value


def xmp(meta: Metadata, spec: Variant, instance: uuid.UUID, tagged: bool, *, vt: str | None = None) -> str:
    """The XMP packet: Dublin Core, dates, identity, and the PDF/X (X-4: pdfxid; X-1a:2003: the
    pdfx schema, version and conformance), PDF/UA (`tagged`) and PDF/VT (`vt`, e.g. 'PDF/VT-1')
    identification."""
    date = f"{meta.date:%Y-%m-%d}T00:00:00Z"
    document = uuid.uuid5(uuid.NAMESPACE_URL, f"brochure:{meta.identity}")
    title, author = escape(meta.title), escape(meta.author)
    schemas = ""
    claims = ""
    if spec.identification and spec.conformance:  # PDF/X-1a:2003 and PDF/X-3:2003 use the older pdfx schema
        schemas += '\n    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"'
        claims += f"   <pdfx:GTS_PDFXVersion>{spec.identification}</pdfx:GTS_PDFXVersion>\n"
        claims += f"   <pdfx:GTS_PDFXConformance>{spec.conformance}</pdfx:GTS_PDFXConformance>\n"
    else:
        schemas += '\n    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"'
        if spec.identification:
            claims += f"   <pdfxid:GTS_PDFXVersion>{spec.identification}</pdfxid:GTS_PDFXVersion>\n"
    if tagged:
        schemas += '\n    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
        claims += "   <pdfuaid:part>1</pdfuaid:part>\n"
    if vt:
        schemas += '\n    xmlns:pdfvtid="http://www.npes.org/pdfvt/ns/id/"'
        claims += f"   <pdfvtid:GTS_PDFVTVersion>{escape(vt)}</pdfvtid:GTS_PDFVTVersion>\n"
        claims += f"   <pdfvtid:GTS_PDFVTModDate>{date}</pdfvtid:GTS_PDFVTModDate>\n"  # = xmp:ModifyDate
    creator = f"   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n" if author else ""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"{schemas}>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
{creator}   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{escape(meta.language)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>brochure</xmp:CreatorTool>
   <pdf:Producer>brochure {__version__} (ReportLab, pikepdf)</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{document}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{instance}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
{claims}  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
