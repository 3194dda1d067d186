"""Batch templates: a finished leaflet's file, written again with another record's pages.

A batch builds the first record of each *shape* through the whole pipeline, preflight included,
and keeps that file as the template. Two records have the same shape when their leaflets have
the same pages, text blocks, lines, pictures, structure tree and marks: only the words differ.
For a later record of that shape, only the items that differ are drawn again (`render.redraw`,
against the same seeded font subsets). The file is then the template's bytes with those pages'
content streams, the document information, the XMP and the ID replaced. That is byte for byte
what a whole build of the record writes (`finishing.file_identity`). The redrawn content is
preflighted again; the rest passed with the template.

The template is a file qpdf wrote (finishing): a classic cross-reference table and no object
streams, so each object is a byte range that can be copied or replaced whole.
"""

from __future__ import annotations

import io
import re
import uuid
import zlib
from collections.abc import Hashable
from dataclasses import dataclass

import pikepdf

from .check import Finding, Report
from .check.rules import content_rules, document_rules
from .finishing import VARIANTS, document_info, file_identity, xmp
from .layout.model import Document, Picture
from .pipeline import Prepared
from .render import PageCode, redraw
from .structure import plan


@dataclass(frozen=True)
class Template:
    document: Document
    drawn: tuple[PageCode, ...]  # each page's code, cut at its items
    head: bytes  # the header, up to the first object
    objects: dict[int, bytes]  # object number -> "n 0 obj ... endobj" as in the file
    order: tuple[int, ...]  # object numbers in file order
    contents: dict[int, int]  # page number -> its content stream's object number
    metadata: int  # the XMP stream's object number
    root: int
    trusted_forms: frozenset[tuple[int, int]]  # Form XObjects the template's preflight passed


def shape(prepared: Prepared) -> Hashable | None:
    """What two records must share for one to be written from the other's file; None for builds
    that are always made whole (the screen edition carries each record's links and bookmarks,
    imposition rebuilds the file)."""
    options = prepared.options
    if options.edition != "print" or options.impose:
        return None
    document = prepared.document
    pictures = tuple(
        (page.number, item.rect, id(item.asset), item.recolour, item.alt)
        for page in document.pages
        for item in page.items
        if isinstance(item, Picture)
    )
    kinds = tuple(tuple(type(item).__name__ for item in page.items) for page in document.pages)
    drawn_outside_items = (prepared.render_options, document.cut, document.slip, document.slip_page)  # marks, slug
    return (
        options, document.format.name, prepared.content.language, plan(document, links=False), pictures, kinds,
        drawn_outside_items,
    )  # fmt: skip


def load_template(data: bytes, document: Document, drawn: tuple[PageCode, ...]) -> Template:
    """Index a finished file's objects by byte range."""
    start = int(data[data.rindex(b"startxref") + 9 :].split()[0])
    _, counts, table = data[start:].split(b"\n", 2)
    size = int(counts.split()[1])
    offsets = {n: int(table[n * 20 : n * 20 + 10]) for n in range(1, size)}
    order = tuple(sorted(offsets, key=offsets.__getitem__))
    ends = [offsets[n] for n in order[1:]] + [start]
    objects = {n: data[offsets[n] : end] for n, end in zip(order, ends, strict=True)}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        contents = {number: page.obj.Contents.objgen[0] for number, page in enumerate(pdf.pages, start=1)}
        forms = frozenset(
            xobject.objgen
            for page in pdf.pages
            for xobject in page.obj.get("/Resources", pikepdf.Dictionary()).get("/XObject", {}).values()
        )
        metadata, root = pdf.Root.Metadata.objgen[0], pdf.Root.objgen[0]
    head = data[: offsets[order[0]]]
    return Template(document, drawn, head, objects, order, contents, metadata, root, forms)


def write_from(template: Template, prepared: Prepared) -> tuple[bytes, Report] | None:
    """The record's file, written from the template, and the preflight of what changed; None when
    the record needs a character the template's fonts lack (build it whole instead)."""
    document = prepared.document
    changed: dict[int, set[int]] = {}
    for page, before in zip(document.pages, template.document.pages, strict=True):
        indexes = {i for i, (new, old) in enumerate(zip(page.items, before.items, strict=True)) if new != old}
        if indexes:
            changed[page.number] = indexes
    pages = redraw(document, prepared.render_options, template.drawn, changed)
    if pages is None:
        return None
    replaced = {template.contents[n]: _stream(template, template.contents[n], zlib.compress(code.stream()))
                for n, code in pages.items()}  # fmt: skip
    meta, spec = prepared.metadata, VARIANTS[prepared.variant]
    streams = (
        pages[n].stream() if n in pages else template.drawn[n - 1].stream() for n in range(1, len(document.pages) + 1)
    )
    identity = file_identity(streams, meta, prepared.variant)
    packet = xmp(meta, spec, uuid.UUID(bytes=identity), tagged=True).encode("utf-8")
    replaced[template.metadata] = _stream(template, template.metadata, packet)
    data = _assemble(template, replaced, document_info(meta, spec).unparse(), identity.hex().encode())
    excerpts = {n: pages[n].excerpt(indexes) for n, indexes in changed.items()}
    return data, _preflight(data, template, excerpts)


def _stream(template: Template, number: int, data: bytes) -> bytes:
    """A stream object as qpdf wrote it in the template (its dictionary as it was), with new data."""
    old = template.objects[number]
    head = old[: old.index(b"stream\n") + 7]
    head = re.sub(rb"/Length \d+", b"/Length %d" % len(data), head, count=1)
    return head + data + b"\nendstream\nendobj\n"


def _assemble(template: Template, replaced: dict[int, bytes], info: bytes, file_id: bytes) -> bytes:
    chunks, offsets, position = [template.head], {}, len(template.head)
    for number in template.order:
        chunk = replaced.get(number) or template.objects[number]
        offsets[number] = position
        chunks.append(chunk)
        position += len(chunk)
    size = len(template.order) + 1
    chunks.append(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    chunks.extend(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    chunks.append(
        b"trailer << /Info %s /Root %d 0 R /Size %d /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (info, template.root, size, file_id, file_id, position)
    )
    return b"".join(chunks)


def _preflight(data: bytes, template: Template, excerpts: dict[int, bytes]) -> Report:
    """The print checks of the document, and of the content drawn for this record (each page's
    set-up and redrawn items, forms as the template's); the rest passed with the template."""
    scratch = pikepdf.new()  # the excerpts live apart: adding objects to `pdf` makes closing it slow
    with pikepdf.open(io.BytesIO(data)) as pdf:
        raw = list(document_rules(pdf, print_rules=True))
        for number, excerpt in excerpts.items():
            page = pdf.pages[number - 1]
            stream = pikepdf.Stream(scratch, excerpt)
            raw += content_rules(page, number, True, check_ink=True, trusted=template.trusted_forms, stream=stream)
        count = len(pdf.pages)
    return Report("", "print", count, tuple(Finding(*r) for r in raw))


__all__ = ["Template", "load_template", "shape", "write_from"]
