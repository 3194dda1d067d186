"""Writing the structure tree (tagged PDF, PDF/UA-1) into a rendered PDF, with pikepdf.

Render has already wrapped every piece of content in marked content with an MCID (or marked it
as an Artifact) and said where each piece went. This step builds the StructTreeRoot from the
`structure.plan`, the ParentTree that lets readers such as PDFium find a page's tags, the link
annotations' OBJR entries, and the catalog entries PDF/UA asks for. The slip's Form elements
carry a PrintField attribute in print; on screen each is a form field (an AcroForm check box or
text field, with its appearances) whose widget the Form element holds as an OBJR.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .render import FieldBox, Rendered
from .structure import Annotation, Field, Leaf, Node, Widget, list_numbering


def apply_structure(pdf: pikepdf.Pdf, tree: Node, rendered: Rendered, language: str) -> None:
    """Add the structure tree and the catalog and page entries of a tagged PDF."""
    pages = list(pdf.pages)
    by_page: dict[int, dict[int, pikepdf.Object]] = {}
    annotation_parents: list[pikepdf.Object] = []
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def element(node: Node, parent: pikepdf.Object) -> pikepdf.Object:
        made = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name(f"/{node.role}"), P=parent))
        home = _home_page(node, rendered)
        if home:
            made.Pg = pages[home - 1].obj
        kids: list[object] = []
        for kid in node.kids:
            if isinstance(kid, Leaf):
                number, mcid = rendered.mcids[kid.key]
                by_page.setdefault(number, {})[mcid] = made
                if number == home:
                    kids.append(mcid)
                else:
                    kids.append(Dictionary(Type=Name.MCR, Pg=pages[number - 1].obj, MCID=mcid))
            elif isinstance(kid, Annotation):
                number, index, description = rendered.links[kid.key]
                annotation = pages[number - 1].obj.Annots[index]
                annotation.Contents = String(description)
                annotation.F = 4  # printable: readers that print get what the screen shows
                annotation.StructParent = len(pages) + len(annotation_parents)
                annotation_parents.append(made)
                kids.append(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=pages[number - 1].obj))
            elif isinstance(kid, Widget):
                assert node.field is not None
                box = rendered.fields[kid.key]
                page = pages[box.page - 1].obj
                widget = _widget(pdf, page, node.field, box, rendered.offset)
                widget.StructParent = len(pages) + len(annotation_parents)
                annotation_parents.append(made)
                if "/Annots" not in page:
                    page.Annots = Array()
                page.Annots.append(widget)
                _acroform(pdf).Fields.append(widget)
                kids.append(Dictionary(Type=Name.OBJR, Obj=widget, Pg=page))
            else:
                kids.append(element(kid, made))
        if kids:
            made.K = kids[0] if len(kids) == 1 else Array(kids)  # a single kid bare: some checkers need it
        if node.alt:
            made.Alt = String(node.alt)
        if node.bbox:
            dx, dy = rendered.offset
            x0, y0, x1, y1 = node.bbox
            made.A = Dictionary(O=Name.Layout, BBox=[x0 + dx, y0 + dy, x1 + dx, y1 + dy])
        if node.role == "L":
            made.A = Dictionary(O=Name.List, ListNumbering=Name(f"/{list_numbering(node)}"))
        if node.field is not None and not any(isinstance(kid, Widget) for kid in node.kids):
            made.A = Dictionary(O=Name.PrintField, Role=Name(f"/{node.field.kind}"))  # a printed field
            if node.field.kind == "cb":
                made.A.Checked = Name.off
        return made

    root.K = element(tree, root)
    numbers: list[object] = []
    for number, page in enumerate(pages, start=1):
        page.obj.Tabs = Name.S
        if number in by_page:
            page.obj.StructParents = number - 1
            marked = by_page[number]
            numbers += [number - 1, Array([marked[mcid] for mcid in range(len(marked))])]
    for offset, parent in enumerate(annotation_parents):
        numbers += [len(pages) + offset, parent]
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(numbers)))
    root.ParentTreeNextKey = len(pages) + len(annotation_parents)
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String(language)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    _clean_unicode_maps(pdf)


def remove_structure(pdf: pikepdf.Pdf) -> None:
    """Drop the tags, outline and PDF/UA claim: for files made of other files' pages (imposed
    sheets, merged records), whose structure trees no longer match their pages."""
    for key in ("/StructTreeRoot", "/MarkInfo", "/Outlines"):
        if key in pdf.Root:
            del pdf.Root[key]
    for page in pdf.pages:
        if "/StructParents" in page.obj:
            del page.obj["/StructParents"]
    if "/Metadata" in pdf.Root:
        pdf.Root.Metadata.write(re.sub(rb"\s*<pdfuaid:part>1</pdfuaid:part>", b"", pdf.Root.Metadata.read_bytes()))


TEXT_FONT = "/Helv"  # what is typed into a text field is set in Helvetica (the AcroForm's /DR)


def _acroform(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The document's AcroForm, made on first use. No /NeedAppearances: every field has its
    appearances (PDF/UA prefers them to a reader's own)."""
    if "/AcroForm" not in pdf.Root:
        helvetica = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                               Encoding=Name.WinAnsiEncoding)  # fmt: skip
        resources = Dictionary(Font=Dictionary({TEXT_FONT: pdf.make_indirect(helvetica)}))
        form = Dictionary(Fields=Array(), DR=resources, DA=String(f"{TEXT_FONT} 0 Tf 0 g"))
        pdf.Root.AcroForm = pdf.make_indirect(form)
    return pdf.Root.AcroForm


def _widget(pdf: pikepdf.Pdf, page: pikepdf.Object, field: Field, box: FieldBox,
            offset: tuple[float, float]) -> pikepdf.Object:  # fmt: skip
    """A form field and its widget in one dictionary, over the drawn box or line: a check box
    with an /Off and a /Yes appearance, or a text field typed in Helvetica, in the box's colour."""
    dx, dy = offset
    x0, y0, x1, y1 = box.rect
    width, height = x1 - x0, y1 - y0
    ink = " ".join(f"{v:.4g}" for v in box.colour)
    widget = Dictionary(Type=Name.Annot, Subtype=Name.Widget, Rect=[x0 + dx, y0 + dy, x1 + dx, y1 + dy], F=4, P=page,
                        T=String(field.name), TU=String(field.label))  # fmt: skip

    def appearance(code: str) -> pikepdf.Object:
        stream = pikepdf.Stream(pdf, code.encode("ascii"))
        stream.Type, stream.Subtype, stream.BBox = Name.XObject, Name.Form, [0, 0, width, height]
        stream.Resources = Dictionary()
        return stream

    if field.kind == "cb":
        half = box.line / 2
        frame = f"{ink} RG {box.line:.4g} w {half:.4g} {half:.4g} {width - box.line:.4g} {height - box.line:.4g} re S"
        tick = (f"{ink} RG {max(1.2, width / 9):.4g} w 1 J 1 j {0.2 * width:.4g} {0.52 * height:.4g} m "
                f"{0.42 * width:.4g} {0.25 * height:.4g} l {0.82 * width:.4g} {0.8 * height:.4g} l S")  # fmt: skip
        widget.FT, widget.V, widget.AS = Name.Btn, Name.Off, Name.Off
        widget.AP = Dictionary(N=Dictionary(Yes=appearance(f"q {frame} {tick} Q"), Off=appearance(f"q {frame} Q")))
        return pdf.make_indirect(widget)
    size = max(9, round(height / 1.4))
    widget.FT = Name.Tx
    widget.DA = String(f"{TEXT_FONT} {size} Tf {ink} rg")
    widget.AP = Dictionary(N=appearance("/Tx BMC EMC"))
    return pdf.make_indirect(widget)


def _home_page(node: Node, rendered: Rendered) -> int:
    if node.page:
        return node.page
    for kid in node.kids:
        if isinstance(kid, Leaf):
            return rendered.mcids[kid.key][0]
    return 0


_UNMAPPED = re.compile(rb"<[0-9A-Fa-f]{2}> <0000>\n")
_COUNT = re.compile(rb"(\d+) beginbfchar")


def _clean_unicode_maps(pdf: pikepdf.Pdf) -> None:
    """ReportLab maps unused codes of its subsets to U+0000, which PDF/UA forbids: drop them."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for font in page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary()).values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            kept = _UNMAPPED.sub(b"", cmap.read_bytes())
            start, end = kept.find(b"beginbfchar"), kept.find(b"endbfchar")
            count = kept[start:end].count(b"\n<")
            cmap.write(_COUNT.sub(str(count).encode() + b" beginbfchar", kept, count=1))
