"""Every rule `brochure check` runs: its id, the standard it comes from, its weight, and what the
operator does about it. The README's table is this catalogue (a test holds them equal)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    what: str
    reference: str
    severity: str  # "error", "warning", or "error / warning" where a threshold decides
    action: str


_X4, _X1A, _VT = "ISO 15930-7 (PDF/X-4)", "ISO 15930-4 (PDF/X-1a)", "ISO 16612-2 (PDF/VT-1)"
_SHOP = "print-spec (shop rule)"

RULES = {r.id: r for r in (
    # the file itself
    Rule("damaged", "the file's structure is intact (no reconstructed cross-reference table)", "ISO 32000-1 (file structure)",
         "error (exit 2)", "export the PDF again; a cut-short or repaired file may print wrongly"),
    Rule("content-syntax", "every content stream parses", "ISO 32000-1 (content streams)", "error",
         "export the PDF again from the application"),
    Rule("version", "the PDF version the standard allows (X-4: 1.6 at most; X-1a: 1.3 or 1.4)",
         f"{_X4}; {_X1A}", "error", "export with the standard's own preset"),
    Rule("pdfx-id", "the file says which PDF/X it is (X-4: XMP pdfxid:GTS_PDFXVersion; X-1a: Info and XMP "
         "GTS_PDFXVersion and GTS_PDFXConformance)", f"{_X4}; {_X1A}", "error",
         "export with the PDF/X preset the shop asked for"),
    Rule("xmp", "an XMP metadata stream with the title (dc:title), creation and modification dates and Trapped",
         _X4, "error", "export with the PDF/X-4 preset (it writes the XMP)"),
    Rule("metadata", "Title, CreationDate, ModDate, Trapped True or False, a document ID", f"{_X4}; {_X1A}",
         "error", "set the document title and trapping state, and export again"),
    Rule("output-intent", "exactly one PDF/X output intent, with an embedded CMYK profile",
         f"{_X4}; {_X1A}", "error", "export with the printing condition's profile (FOGRA39)"),
    Rule("pdfvt", "a PDF/VT file's DPart tree: one leaf per record, every page in exactly one, and its XMP id",
         _VT, "error", "merge the records again with brochure batch --merge"),
    Rule("encryption", "no encryption", _X4, "error (exit 2)", "save the PDF without a password"),
    Rule("actions", "no JavaScript, Launch, or other actions (page and document additional actions, forms)",
         f"{_X4}; {_X1A}", "error", "remove interactive features before export"),
    Rule("lzw", "no LZW compression (streams and inline images)", _SHOP, "error", "export again (Flate or JPEG compression)"),
    # pages and boxes
    Rule("boxes", "a TrimBox on every page; MediaBox ⊇ BleedBox ⊇ TrimBox; no ArtBox beside the TrimBox; "
         "a CropBox no smaller than the trim; box sizes in UserUnit", f"{_X4} (page boxes); GWG2015 Crop Box", "error",
         "set the document's trim (page) size and bleed, and export again"),
    Rule("bleed", "at least 3 mm of bleed on every edge", _SHOP, "error", "export with 3 mm bleed"),
    Rule("trim-size", "the trimmed size is a standard leaflet size (or the --format asked for)", _SHOP,
         "warning / error", "check the page size with the shop"),
    Rule("bleed-reach", "a background that touches the trim runs on into the bleed", _SHOP, "error",
         "extend the background to the bleed line, 3 mm past the trim"),
    Rule("annotations", "no annotation inside the BleedBox", _X4, "error",
         "remove comments and form fields from the printed area"),
    # fonts
    Rule("fonts", "every font embedded (pages, forms, patterns, Type 3 glyphs, annotation appearances)",
         _X4, "error", "embed all fonts when exporting"),
    Rule("font-names", "one name per font program (two different subsets never share a name)",
         "ISO 32000-1 (font subsets: a unique tag per subset)", "error", "export again; brochure names subsets by content"),
    # colour
    Rule("colour", "no RGB anywhere: paths, text (filled and stroked), images (incl. inline and JPEG 2000), "
         "stencil masks, shadings, patterns, Type 3 glyphs, annotation appearances",
         f"{_SHOP}; {_X1A}", "error", "convert to CMYK with the output profile before export"),
    Rule("lab", "no Lab or ICC-based colour where only CMYK and spot are allowed (PDF/X-1a)", _X1A,
         "error", "convert to CMYK, or deliver PDF/X-4"),
    Rule("blend-space", "a transparency group's blending colour space is not RGB",
         "GWG2015 Transparency Blend Color Space", "error", "set the document's blend space to CMYK"),
    Rule("spot-name", "no spot colour named like a process colour (Cyan, Magenta, Yellow, Black)",
         "GWG2015 Spot Color Naming", "error", "rename the spot colour, or make it a process colour"),
    Rule("spot-ambiguous", "one spot name, one alternate colour", "GWG2015 Ambiguous Spot Color", "error",
         "give every use of the spot colour the same definition"),
    Rule("overprint-white", "white is never set to overprint (it would vanish)",
         "GWG2015 Overprint White Text, Overprint White Paths", "error", "turn overprint off for white objects"),
    Rule("transparency", "no transparency in PDF/X-1a (soft masks, opacity, blend modes, groups)",
         _X1A, "error", "flatten transparency, or deliver PDF/X-4"),
    Rule("transfer", "no transfer functions (in graphics states and halftones)", _X4, "error", "export again without transfer curves"),
    Rule("postscript", "no PostScript XObjects or PS operators", _X4, "error",
         "export again without embedded PostScript"),
    Rule("total-ink", "total ink at most 300 % (rendered with Ghostscript, else from colour values and images)",
         "GWG2015 Total Ink Area Coverage", "error", "reduce the ink (GCR), or convert with the output profile"),
    Rule("hairline", "lines at least 0.25 pt wide (line widths set in graphics states too)",
         "GWG2015 Effective Line Width", "error", "make lines at least 0.25 pt"),
    Rule("small-text", "text at least 6 pt", "GWG2015 Small Text", "warning", "make the text larger"),
    Rule("rich-black", "small text in black ink only, not rich black", "GWG2015 Rich Black Text", "warning",
         "set small black text in 100 % K"),
    Rule("resolution", "continuous-tone images at least 300 ppi as printed (under 200 is an error)",
         "GWG2015 Image Resolution for Grayscale and Color Images; print-spec", "error / warning",
         "supply a larger image"),
    Rule("resolution-1bit", "1-bit images (line art, stencil masks) at least 800 ppi (under 550 is an error)",
         "GWG2015 Image Resolution for 1-bit Images", "error / warning", "scan or export line art at 1200 ppi"),
)}  # fmt: skip


def table() -> str:
    """The catalogue as the README's Markdown table."""
    rows = ["| rule | checks | reference | error or warning | what the operator does |", "|---|---|---|---|---|"]
    rows += [f"| `{r.id}` | {r.what} | {r.reference} | {r.severity} | {r.action} |" for r in RULES.values()]
    return "\n".join(rows)
