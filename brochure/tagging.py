"""Writing the structure tree (tagged PDF, PDF/UA-1) into a rendered PDF, with pikepdf.

Render has already wrapped every piece of content in marked content with an MCID (or marked it
as an Artifact) and said where each piece went. This step builds the StructTreeRoot from the
`structure.plan`, the ParentTree that lets readers such as PDFium find a page's tags, the link
annotations' OBJR entries, and the catalog entries PDF/UA asks for.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .render import Rendered
from .structure import Annotation, Leaf, Node


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
