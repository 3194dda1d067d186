"""A batch's records as one file for the print shop: PDF/VT-1 (ISO 16612-2) when they are PDF/X-4.

PDF/VT is how digital presses take variable data: a PDF/X-4 file whose catalog holds a document
part hierarchy (DPartRoot), here a root node with one leaf DPart per record. A leaf names its
record's first and last page (/Start, /End) and carries the record's name (the CSV's first
column) as document part metadata in the CIP4 convention
(/DPM << /CIP4_Root << /CIP4_Production << /CIP4_Part << /CIP4_PartName (name) >> >> >> >>);
each page points back at its leaf (/DPart). The file has its own title, Info and XMP (with
pdfvtid:GTS_PDFVTVersion), opens with its bookmarks (one per record), states the output intent
once, and stores what the records share once: font programs and fonts, forms (the illustration,
a logo), images, colour spaces, graphics states (`Sharing`).

Records of another edition (PDF/X-1a, which is PDF 1.4, or the screen edition) are merged the
same way without the PDF/VT part. The bytes depend only on the records' files and names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .finishing import VARIANTS, Metadata, document_info, unique_font_names, xmp
from .tagging import remove_structure

VT_VERSION = "PDF/VT-1"
DPARTS_PER_ARRAY = 8191  # PDF's implementation limit for the elements of one array of /DParts
_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")


def merge(records: Sequence[tuple[str, Path]], target: Path) -> None:
    """Write the records' files (name, path; in print order) as one file at `target`, atomically."""
    if not records:
        raise ValueError("nothing to merge")
    first = records[0][1]
    with pikepdf.open(first) as merged:
        facts = [_facts(merged, first)]
        starts = [0]
        for _, path in records[1:]:
            with pikepdf.open(path) as other:
                facts.append(_facts(other, path))
                starts.append(len(merged.pages))
                merged.pages.extend(other.pages)
        ends = [*(start - 1 for start in starts[1:]), len(merged.pages) - 1]
        remove_structure(merged)  # each record's tags, outline and PDF/UA claim
        for key in ("/DPartRoot", "/OpenAction", "/Names", "/AcroForm"):
            if key in merged.Root:
                del merged.Root[key]
        unique_font_names(merged)  # records written by an earlier brochure may carry ReportLab's names
        sharing = Sharing()
        for page in merged.pages:
            sharing.share_resources(page.obj)
        names = [name for name, _ in records]
        variant = facts[0].variant
        spec = VARIANTS[variant]
        vt = VT_VERSION if variant == "x4" else None
        if vt:
            add_document_parts(merged, names, starts, ends)
        with merged.open_outline() as outline:
            outline.root.extend(pikepdf.OutlineItem(name, start) for name, start in zip(names, starts, strict=True))
        merged.Root.PageMode = Name.UseOutlines
        meta = _metadata(facts, len(records))
        instance = uuid.UUID(bytes=_identity(records))
        merged.trailer.Info = merged.make_indirect(document_info(meta, spec))
        merged.trailer.ID = Array([String(instance.bytes), String(instance.bytes)])  # qpdf keeps the first
        merged.Root.Metadata = merged.make_stream(
            xmp(meta, spec, instance, tagged=False, vt=vt).encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML
        )
        temporary = target.with_name(f".{target.name}.tmp")
        try:
            merged.save(
                temporary,
                deterministic_id=True,
                fix_metadata_version=False,  # keep the XMP packet exactly as written
                force_version=spec.version,
                object_stream_mode=pikepdf.ObjectStreamMode.generate
                if spec.version >= "1.5"
                else pikepdf.ObjectStreamMode.disable,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,  # streams as the records hold them
            )
            temporary.replace(target)
        finally:
            temporary.unlink(missing_ok=True)


def add_document_parts(pdf: pikepdf.Pdf, names: Sequence[str], starts: Sequence[int], ends: Sequence[int]) -> None:
    """The PDF/VT document part hierarchy: a root node whose leaves are the records (pages
    starts[i]..ends[i], 0-based), each named in its metadata; every page points at its leaf."""
    root = pdf.make_indirect(
        Dictionary(Type=Name.DPartRoot, RecordLevel=1, NodeNameList=Array([Name.Root, Name.Record]))
    )
    node = pdf.make_indirect(Dictionary(Type=Name.DPart, Parent=root))
    leaves = []
    for name, start, end in zip(names, starts, ends, strict=True):
        part = Dictionary(CIP4_PartName=String(name))
        leaf = pdf.make_indirect(
            Dictionary(
                Type=Name.DPart,
                Parent=node,
                Start=pdf.pages[start].obj,
                End=pdf.pages[end].obj,
                DPM=Dictionary(CIP4_Root=Dictionary(CIP4_Production=Dictionary(CIP4_Part=part))),
            )
        )
        for number in range(start, end + 1):
            pdf.pages[number].obj.DPart = leaf
        leaves.append(leaf)
    node.DParts = Array([Array(leaves[i : i + DPARTS_PER_ARRAY]) for i in range(0, len(leaves), DPARTS_PER_ARRAY)])
    root.DPartRootNode = node
    pdf.Root.DPartRoot = root


class Sharing:
    """Makes objects with the same content one object: each indirect object reached from the
    pages' resources is described by its content, with the objects it refers to replaced by
    their descriptions; the first object of each description is kept and every reference to a
    later one points at it (qpdf then writes only the objects still referred to)."""

    def __init__(self) -> None:
        self.kept: dict[bytes, pikepdf.Object] = {}  # description digest -> the object kept
        self.digests: dict[tuple[int, int], bytes] = {}  # object -> its description digest
        self.open: set[tuple[int, int]] = set()  # being described (a cycle is never shared)

    def share_resources(self, page: pikepdf.Object) -> None:
        if "/Resources" in page:
            page.Resources = self.shared(page.Resources)

    def shared(self, obj: pikepdf.Object) -> pikepdf.Object:
        """The kept object with `obj`'s content (direct objects: `obj`, its references shared)."""
        if not obj.is_indirect:
            self._describe(obj)
            return obj
        digest = self._digest(obj)
        return self.kept.get(digest, obj)

    def _digest(self, obj: pikepdf.Object) -> bytes:
        key = obj.objgen
        if key in self.digests:
            return self.digests[key]
        if key in self.open:
            return b"cycle %d %d" % key  # unique: an object in a cycle stays itself
        self.open.add(key)
        try:
            if isinstance(obj, pikepdf.Stream):
                description = (
                    b"stream" + self._items(obj, skip="/Length") + hashlib.sha256(obj.read_raw_bytes()).digest()
                )
            else:
                description = self._content(obj)
        finally:
            self.open.discard(key)
        digest = hashlib.sha256(description).digest()
        self.digests[key] = digest
        self.kept.setdefault(digest, obj)
        return digest

    def _describe(self, obj: object) -> bytes:
        """`obj`'s content as bytes, its references shared (and pointed at the kept objects)."""
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            return b"R" + self._digest(obj)
        return self._content(obj)

    def _content(self, obj: object) -> bytes:
        if isinstance(obj, Dictionary):
            return b"<<" + self._items(obj) + b">>"
        if isinstance(obj, Array):
            parts = []
            for index in range(len(obj)):
                item = obj[index]
                if isinstance(item, pikepdf.Object) and item.is_indirect:
                    obj[index] = self.shared(item)
                parts.append(self._describe(obj[index]))
            return b"[" + b" ".join(parts) + b"]"
        if isinstance(obj, pikepdf.Object):
            return bytes(obj.unparse())
        return repr(obj).encode()  # numbers and booleans come as Python values (1 and 1.0 differ: kept apart)

    def _items(self, obj: pikepdf.Object, skip: str = "") -> bytes:
        parts = []
        for key in sorted(obj.keys()):
            if key == skip:
                continue
            value = obj[key]
            if isinstance(value, pikepdf.Object) and value.is_indirect:
                obj[key] = value = self.shared(value)
            parts.append(key.encode() + b" " + self._describe(value))
        return b" ".join(parts)


@dataclass(frozen=True)
class _Facts:
    """What the merged file's metadata is made from, read from one record's file."""

    variant: str  # a key of finishing.VARIANTS
    title: str
    subject: str
    language: str
    date: dt.date
    document: str  # the record's XMP document ID


def _facts(pdf: pikepdf.Pdf, path: Path) -> _Facts:
    info = pdf.trailer.get("/Info", Dictionary())
    identification = str(info.get("/GTS_PDFXVersion", ""))
    variant = next((key for key, spec in VARIANTS.items() if spec.identification == identification), "screen")
    match = _DATE.match(str(info.get("/ModDate", info.get("/CreationDate", ""))))
    date = dt.date(*map(int, match.groups())) if match else dt.date(1970, 1, 1)
    document = ""
    if "/Metadata" in pdf.Root:
        found = re.search(rb"<xmpMM:DocumentID>([^<]+)</xmpMM:DocumentID>", pdf.Root.Metadata.read_bytes())
        document = found.group(1).decode() if found else ""
    title = str(info.get("/Title", "")) or path.stem
    return _Facts(
        variant, title, str(info.get("/Subject", "")) or title, str(pdf.Root.get("/Lang", "")), date, document
    )


def _metadata(facts: Sequence[_Facts], count: int) -> Metadata:
    """The merged file's own metadata: '<title> — N records', the latest record date, and an
    identity made from the records' document IDs."""
    first = facts[0]
    documents = "+".join(dict.fromkeys(f.document or f.title for f in facts))
    return Metadata(
        title=f"{first.title} \u2014 {count} record{'' if count == 1 else 's'}",
        author="",  # every record has its own
        subject=first.subject,
        language=first.language,
        date=max(f.date for f in facts),
        identity=f"merged:{documents}",
    )


def _identity(records: Sequence[tuple[str, Path]]) -> bytes:
    """16 bytes naming the merged file by its records' names and bytes (its XMP instance ID)."""
    digest = hashlib.md5(b"brochure merged")
    for name, path in records:
        with path.open("rb") as handle:
            digest.update(name.encode() + b"\0" + hashlib.file_digest(handle, "md5").digest())
    return digest.digest()


__all__ = ["VT_VERSION", "Sharing", "add_document_parts", "merge"]
