"""Rules on the whole file: which standard it declares and whether it identifies itself as that
standard asks (version, XMP, Info), its output intent, actions, compression, spot colours, font
names, and a PDF/VT file's DPart tree. Each yields (severity, rule, page, message)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator

import pikepdf
from lxml import etree
from pikepdf import Dictionary, Name

from ..errors import Severity
from ..limits import PDF_DEPTH

Raw = tuple[Severity, str, int | None, str]
STANDARDS = ("x4", "x1a", "vt")
NS = {
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",
    "pdfvtid": "http://www.npes.org/pdfvt/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROCESS_NAMES = {"cyan", "magenta", "yellow", "black"}
ALLOWED_ACTIONS = {Name.GoTo, Name.GoToR, Name.URI, Name.Named, Name.Thread}


def xmp_values(pdf: pikepdf.Pdf) -> dict[str, str]:
    """The XMP packet's properties as 'prefix:name' -> text (attributes or elements, the first
    rdf:li of a list), read without entities or network; {} when there is none or it is broken."""
    metadata = pdf.Root.get("/Metadata")
    if not isinstance(metadata, pikepdf.Stream):
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.fromstring(bytes(metadata.read_bytes()), parser)
    except (etree.XMLSyntaxError, pikepdf.PdfError, ValueError):
        return {}
    prefixes = {uri: prefix for prefix, uri in NS.items()}
    found: dict[str, str] = {}
    for description in tree.iter(f"{{{RDF}}}Description"):
        for key, value in description.attrib.items():
            qname = etree.QName(key)
            if qname.namespace in prefixes:
                found.setdefault(f"{prefixes[qname.namespace]}:{qname.localname}", value)
        for child in description:
            qname = etree.QName(child)
            if qname.namespace in prefixes:
                items = [li.text or "" for li in child.iter(f"{{{RDF}}}li")]
                found.setdefault(
                    f"{prefixes[qname.namespace]}:{qname.localname}", (items[0] if items else child.text or "").strip()
                )
    return found


def declared(pdf: pikepdf.Pdf, xmp: dict[str, str]) -> str:
    """The standard the file says it meets: 'vt', 'x1a', 'x4', or '' for none."""
    info = pdf.trailer.get("/Info", Dictionary())
    version = (
        xmp.get("pdfxid:GTS_PDFXVersion") or xmp.get("pdfx:GTS_PDFXVersion") or str(info.get("/GTS_PDFXVersion", ""))
    )
    if xmp.get("pdfvtid:GTS_PDFVTVersion") or "/DPartRoot" in pdf.Root:
        return "vt"
    if version.startswith("PDF/X-1a"):
        return "x1a"
    if version.startswith("PDF/X-4"):
        return "x4"
    return ""


def identification_rules(pdf: pikepdf.Pdf, standard: str, xmp: dict[str, str], said: str) -> Iterator[Raw]:
    """What the standard asks of the file's version, XMP and Info (`said`: what it declares)."""
    info = pdf.trailer.get("/Info", Dictionary())
    name = {"x4": "PDF/X-4", "x1a": "PDF/X-1a:2003", "vt": "PDF/VT-1 (on PDF/X-4)"}[standard]
    if not said:
        yield ("error", "pdfx-id", None, f"the file does not say it is PDF/X (no GTS_PDFXVersion); checked as {name}")
    version = pdf.pdf_version
    if standard == "x1a" and version not in ("1.3", "1.4"):
        yield ("error", "version", None, f"PDF/X-1a needs PDF 1.3 or 1.4; the file is PDF {version}")
    elif standard in ("x4", "vt") and version > "1.6":
        yield ("error", "version", None, f"PDF/X-4 needs PDF 1.6 at most; the file is PDF {version}")
    if standard == "x1a":
        for key in ("/GTS_PDFXVersion", "/GTS_PDFXConformance"):
            if not str(info.get(key, "")).startswith("PDF/X-1a"):
                yield ("error", "pdfx-id", None, f"the Info dictionary lacks {key[1:]} = PDF/X-1a:2003")
        if xmp and not xmp.get("pdfx:GTS_PDFXVersion", "").startswith("PDF/X-1a"):
            yield ("error", "pdfx-id", None, "the XMP lacks pdfx:GTS_PDFXVersion = PDF/X-1a:2003")
    else:
        if not xmp:
            yield ("error", "xmp", None, "there is no XMP metadata stream, which PDF/X-4 requires")
        elif not xmp.get("pdfxid:GTS_PDFXVersion", "").startswith("PDF/X-4"):
            yield ("error", "pdfx-id", None, "the XMP lacks pdfxid:GTS_PDFXVersion = PDF/X-4")
        if xmp:
            for key, what in (("dc:title", "title (dc:title)"), ("xmp:CreateDate", "creation date (xmp:CreateDate)"),
                              ("xmp:ModifyDate", "modification date (xmp:ModifyDate)")):  # fmt: skip
                if not xmp.get(key):
                    yield ("error", "xmp", None, f"the XMP has no {what}")
            if xmp.get("pdf:Trapped") not in ("True", "False"):
                yield ("error", "xmp", None, f"the XMP's pdf:Trapped is {xmp.get('pdf:Trapped') or 'missing'}, "
                       "not True or False")  # fmt: skip
    if standard == "vt":
        if not xmp.get("pdfvtid:GTS_PDFVTVersion", "").startswith("PDF/VT"):
            yield ("error", "pdfvt", None, "the XMP lacks pdfvtid:GTS_PDFVTVersion = PDF/VT-1")
        yield from dpart_rules(pdf)
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if key not in info and not (standard != "x1a" and xmp.get({"/Title": "dc:title", "/CreationDate": "xmp:CreateDate",
                                                                      "/ModDate": "xmp:ModifyDate"}[key])):  # fmt: skip
            yield ("error", "metadata", None, f"the document information lacks {key[1:]}, which PDF/X requires")
    trapped = info.get("/Trapped")  # PDF/X-1a asks it of the Info; PDF/X-4 of the XMP, and the Info must agree
    stated = trapped is not None or standard == "x1a" or xmp.get("pdf:Trapped") not in ("True", "False")
    if stated and trapped not in (Name("/True"), Name("/False")):
        yield (
            "error",
            "metadata",
            None,
            f"Trapped is {str(trapped)[1:] if trapped else 'not set'}; PDF/X needs True or False",
        )
    if "/ID" not in pdf.trailer:
        yield ("error", "metadata", None, "the file has no document ID")


def output_intent_rules(pdf: pikepdf.Pdf) -> Iterator[Raw]:
    intents = [
        i for i in pdf.Root.get("/OutputIntents", []) if isinstance(i, Dictionary) and i.get("/S") == Name.GTS_PDFX
    ]
    if not intents:
        yield (
            "error",
            "output-intent",
            None,
            "no PDF/X output intent: the printing condition (e.g. FOGRA39) is not stated",
        )
        return
    if len(intents) > 1:
        yield ("error", "output-intent", None, f"{len(intents)} PDF/X output intents; there must be exactly one")
    profile = intents[0].get("/DestOutputProfile")
    identifier = str(intents[0].get("/OutputConditionIdentifier", ""))
    if profile is None:
        yield (
            "error",
            "output-intent",
            None,
            f"the output intent ({identifier or 'unnamed'}) has no embedded ICC profile",
        )
    elif int(profile.get("/N", 0)) != 4:
        yield (
            "error",
            "output-intent",
            None,
            f"the output intent's profile has {int(profile.get('/N', 0))} channels, not CMYK's 4",
        )


def dpart_rules(pdf: pikepdf.Pdf) -> Iterator[Raw]:
    """A PDF/VT file's DPart tree: every page in exactly one leaf, in order, each page pointing
    back at its leaf."""
    root = pdf.Root.get("/DPartRoot")
    node = root.get("/DPartRootNode") if isinstance(root, Dictionary) else None
    if not isinstance(node, Dictionary):
        yield ("error", "pdfvt", None, "there is no DPartRoot with a DPartRootNode: the records are not marked")
        return
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    covered: list[int] = []
    leaves = 0
    for leaf in _leaves(node, 0):
        leaves += 1
        start, end = leaf.get("/Start"), leaf.get("/End", leaf.get("/Start"))
        first = pages.get(start.objgen) if isinstance(start, Dictionary) else None
        last = pages.get(end.objgen) if isinstance(end, Dictionary) else None
        if first is None or last is None or last < first:
            yield ("error", "pdfvt", None, f"DPart {leaves} does not start and end on pages of the file")
            continue
        covered += range(first, last + 1)
        for number in range(first, last + 1):
            back = pdf.pages[number - 1].obj.get("/DPart")
            if not isinstance(back, Dictionary) or back.objgen != leaf.objgen:
                yield ("error", "pdfvt", number, f"the page does not point back at its DPart ({leaves})")
                break
    if covered != list(range(1, len(pdf.pages) + 1)):
        missing = sorted(set(range(1, len(pdf.pages) + 1)) - set(covered))
        twice = sorted({n for n in covered if covered.count(n) > 1})
        yield (
            "error",
            "pdfvt",
            None,
            f"the DParts do not cover every page once, in order (missing {missing[:5]}, twice {twice[:5]})",
        )


def _leaves(node: Dictionary, depth: int) -> Iterator[Dictionary]:
    if depth > PDF_DEPTH:
        return
    children = node.get("/DParts")
    if children is None:
        yield node
        return
    for group in children if isinstance(children, pikepdf.Array) else []:
        for child in group if isinstance(group, pikepdf.Array) else []:
            if isinstance(child, Dictionary):
                yield from _leaves(child, depth + 1)


def action_rules(pdf: pikepdf.Pdf) -> Iterator[Raw]:
    for what, page in sorted(set(_actions(pdf)), key=lambda found: (found[1] or 0, found[0])):
        yield ("error", "actions", page, f"{what}, which PDF/X forbids in a print file")


def compression_rules(pdf: pikepdf.Pdf) -> Iterator[Raw]:
    lzw = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            found = obj.get("/Filter")
            names = [str(f) for f in found] if isinstance(found, pikepdf.Array) else [str(found)]
            lzw += "/LZWDecode" in names
    if lzw:
        yield ("error", "lzw", None, f"{lzw} stream{'s' if lzw != 1 else ''} compressed with LZW, which PDF/X forbids")


def spot_rules(pdf: pikepdf.Pdf) -> Iterator[Raw]:
    """Spot colours named like process inks, and one name defined two ways."""
    definitions: dict[str, set[str]] = defaultdict(set)
    for space in _colour_spaces(pdf):
        if len(space) >= 4 and space[0] == Name.Separation:
            name = str(space[1])[1:]
            definitions[name].add(_signature(space))
    for name, signatures in sorted(definitions.items()):
        if name.casefold() in PROCESS_NAMES:
            yield ("error", "spot-name", None, f"a spot colour is named '{name}', like a process ink: the RIP may "
                   "print it on that plate or on a plate of its own")  # fmt: skip
        if len(signatures) > 1:
            yield (
                "error",
                "spot-ambiguous",
                None,
                f"the spot colour '{name}' is defined {len(signatures)} different ways",
            )


def font_name_rules(pdf: pikepdf.Pdf) -> Iterator[Raw]:
    """Two different font programs under one name: a RIP that caches fonts by name may print
    the second with the first's glyphs."""
    programs: dict[str, set[bytes]] = defaultdict(set)
    for font in _fonts(pdf):
        target = font.DescendantFonts[0] if font.get("/Subtype") == Name.Type0 and "/DescendantFonts" in font else font
        descriptor = target.get("/FontDescriptor")
        if not isinstance(descriptor, Dictionary):
            continue
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            program = descriptor.get(key)
            if isinstance(program, pikepdf.Stream):
                programs[str(font.get("/BaseFont", "/unnamed"))[1:]].add(
                    hashlib.sha256(program.read_raw_bytes()).digest()
                )
    for name, found in sorted(programs.items()):
        if len(found) > 1:
            yield ("error", "font-names", None, f"{len(found)} different font programs are all named {name}")


def _signature(space: pikepdf.Array) -> str:
    tint = space[3]
    body = tint.read_raw_bytes() if isinstance(tint, pikepdf.Stream) else b""
    described = {
        k: v for k, v in (tint.items() if isinstance(tint, (Dictionary, pikepdf.Stream)) else []) if k != "/Length"
    }
    return repr(space[2]) + repr(sorted((k, repr(v)) for k, v in described.items())) + hashlib.sha256(body).hexdigest()


def _resources(pdf: pikepdf.Pdf) -> Iterator[Dictionary]:
    """Every resource dictionary the file's pages use (forms, patterns, Type 3 fonts, soft masks
    and annotation appearances included), each once."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[object, int]] = []
    for page in pdf.pages:
        stack.append((page.obj.get("/Resources"), 0))
        for annotation in page.obj.get("/Annots", []):
            if isinstance(annotation, Dictionary):
                for appearance in _appearances(annotation):
                    stack.append((appearance.get("/Resources"), 0))
    while stack:
        resources, depth = stack.pop()
        if not isinstance(resources, Dictionary) or depth > PDF_DEPTH:
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        yield resources
        for child in drawn_by(resources):
            fresh = isinstance(child, (Dictionary, pikepdf.Stream)) and "/Resources" in child
            if fresh and (not child.is_indirect or child.objgen not in seen):
                if child.is_indirect:
                    seen.add(child.objgen)
                stack.append((child.Resources, depth + 1))


def drawn_by(resources: Dictionary) -> Iterator[pikepdf.Object]:
    """What a resource dictionary draws with resources of its own: forms, patterns, Type 3 fonts,
    and the groups of its graphics states' soft masks."""
    for group in ("/XObject", "/Pattern", "/Font"):
        yield from resources.get(group, Dictionary()).values()
    for state in resources.get("/ExtGState", Dictionary()).values():
        mask = state.get("/SMask") if isinstance(state, Dictionary) else None
        if isinstance(mask, Dictionary) and isinstance(mask.get("/G"), pikepdf.Stream):
            yield mask.G


def _appearances(annotation: Dictionary) -> Iterator[pikepdf.Stream]:
    appearance = annotation.get("/AP", Dictionary())
    normal = appearance.get("/N") if isinstance(appearance, Dictionary) else None
    if isinstance(normal, pikepdf.Stream):
        yield normal
    elif isinstance(normal, Dictionary):
        yield from (s for s in normal.values() if isinstance(s, pikepdf.Stream))


def _colour_spaces(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Array]:
    for resources in _resources(pdf):
        found: list[object] = list(resources.get("/ColorSpace", Dictionary()).values())
        for group in ("/XObject", "/Shading"):
            found += [o.get("/ColorSpace") for o in resources.get(group, Dictionary()).values()
                      if isinstance(o, (Dictionary, pikepdf.Stream))]  # fmt: skip
        found += [p.Shading.get("/ColorSpace") for p in resources.get("/Pattern", Dictionary()).values()
                  if isinstance(p, Dictionary) and isinstance(p.get("/Shading"), (Dictionary, pikepdf.Stream))]  # fmt: skip
        for space in found:  # an indexed or pattern space's base may be a spot colour too
            if isinstance(space, pikepdf.Array) and len(space) >= 2 and space[0] in (Name.Indexed, Name.Pattern):
                space = space[1]
            if isinstance(space, pikepdf.Array):
                yield space


def _fonts(pdf: pikepdf.Pdf) -> Iterator[Dictionary]:
    seen: set[tuple[int, int]] = set()
    for resources in _resources(pdf):
        for font in resources.get("/Font", Dictionary()).values():
            if isinstance(font, Dictionary) and (not font.is_indirect or font.objgen not in seen):
                if font.is_indirect:
                    seen.add(font.objgen)
                yield font


def _actions(pdf: pikepdf.Pdf) -> Iterator[tuple[str, int | None]]:
    """Actions anywhere they can run (the catalog's open and additional actions, the JavaScript
    name tree, interactive forms, pages' and annotations' actions, each action's /Next chain)
    that a print file must not carry; with the page they are on."""
    names = pdf.Root.get("/Names", Dictionary())
    if isinstance(names, Dictionary) and "/JavaScript" in names:
        yield "the file has document-level JavaScript", None
    seen: set[tuple[int, int]] = set()
    yield from ((what, None) for what in _scripts(pdf.Root, seen, 0))
    for number, page in enumerate(pdf.pages, start=1):
        yield from ((what, number) for what in _scripts(page.obj, seen, 0))
        for annotation in page.obj.get("/Annots", []):
            if isinstance(annotation, Dictionary):
                yield from ((what, number) for what in _scripts(annotation, seen, 0))


def _scripts(owner: object, seen: set[tuple[int, int]], depth: int) -> Iterator[str]:
    """The forbidden actions an object holds, followed through /Next chains and additional-
    action dictionaries (each object once, to a bounded depth)."""
    if depth > PDF_DEPTH or not isinstance(owner, Dictionary):
        return
    if owner.is_indirect:
        if owner.objgen in seen:
            return
        seen.add(owner.objgen)
    kind = owner.get("/S")
    if kind == Name.JavaScript:
        yield "a JavaScript action"
    elif kind == Name.Launch:
        yield "a Launch action (it would run a program)"
    elif kind == Name.URI and str(owner.get("/URI", "")).strip().lower().startswith(("javascript:", "vbscript:")):
        yield "a link to a javascript: address"
    elif isinstance(kind, Name) and owner.get("/Type", Name.Action) == Name.Action and kind not in ALLOWED_ACTIONS:
        yield f"a {str(kind)[1:]} action"
    if "/AA" in owner and isinstance(owner.AA, Dictionary) and depth == 0:
        what = {"/Catalog": "the document", "/Page": "the page"}.get(str(owner.get("/Type", "")), "an annotation")
        yield f"additional actions on {what} (/AA: run on open, close or print)"
    for key in ("/A", "/OpenAction", "/Next", "/AA"):
        value = owner.get(key)
        if isinstance(value, pikepdf.Array):
            for item in value:
                yield from _scripts(item, seen, depth + 1)
        elif isinstance(value, Dictionary):
            if key == "/AA" and "/S" not in value:  # additional actions: a dictionary of triggers
                for item in value.values():
                    yield from _scripts(item, seen, depth + 1)
            else:
                yield from _scripts(value, seen, depth + 1)
