"""What changed between two versions of a leaflet, page by page (`brochure diff`, `brochure snapshot`).

Pages are rendered by PDFium and aligned (a deleted page is removed, not every later page changed); each
pair's changed areas are boxed, the whole document's sentences diffed, page boxes and Info compared.
"""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from PIL import Image, ImageChops, ImageDraw

from .output import write_atomic
from .units import to_mm

if TYPE_CHECKING:
    import pikepdf

SCHEMA_VERSION = 1
DIFF_DPI = 72  # rendering resolution for comparison and snapshots
TOLERANCE = 40  # a pixel changed when a channel differs by more than this (of 255): never anti-aliasing noise
CELL = 8  # pixels: changes within a cell or so of each other are one area
PAD = 2.0  # points around each change box
BOX_NAMES = ("MediaBox", "CropBox", "TrimBox", "BleedBox", "ArtBox")
OUTLINE, TINT, GREY = (214, 0, 110, 255), (214, 0, 110, 48), (220, 220, 220)  # change boxes: magenta edge, tint
PAGE_FILE = re.compile(r"page-([0-9]{3,})\.(?:png|txt)")
TEXT_COLUMNS = ("kind", "old page", "new page", "old sentence", "new sentence")
REPORT_PICTURE = re.compile(r"(?:old-)?page-[0-9]{3,}-(?:highlight|side-by-side)\.png")

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points, PDF user space (origin bottom left)
Pairs = list[tuple[int | None, int | None]]


class SnapshotError(Exception):
    """An approved snapshot folder that is missing or damaged; the message says what and where."""


@dataclass(frozen=True)
class PageRendition:
    number: int
    image: Image.Image  # RGB, the CropBox at the rendition's dpi
    text: str  # PDFium's text, a line per line, spaces collapsed
    size: tuple[float, float]  # points
    boxes: Mapping[str, Box]  # the BOX_NAMES the page has (MediaBox always)


@dataclass(frozen=True)
class Rendition:
    source: str
    pages: tuple[PageRendition, ...]
    metadata: Mapping[str, str]  # the Info dictionary without slashes: Title, Author, ModDate ...


@dataclass(frozen=True)
class PageDiff:
    old: int | None
    new: int | None
    status: Literal["same", "changed", "added", "removed"]
    changed_percent: float
    boxes: tuple[Box, ...]  # in the new page's user space (the old page's for a removed page)
    highlight: str = ""  # the highlight picture's file name, once written


@dataclass(frozen=True)
class TextChange:
    kind: Literal["added", "removed", "changed"]
    old: str
    new: str
    old_page: int | None
    new_page: int | None


@dataclass(frozen=True)
class BoxChange:
    page: int  # new page number
    box: str
    old: Box | None
    new: Box | None


@dataclass(frozen=True)
class MetadataChange:
    key: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class DiffReport:
    old: str
    new: str
    pages: tuple[PageDiff, ...]
    text: tuple[TextChange, ...]
    boxes: tuple[BoxChange, ...]
    metadata: tuple[MetadataChange, ...]

    @property
    def same(self) -> bool:
        return all(p.status == "same" for p in self.pages) and not (self.text or self.boxes or self.metadata)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION, "kind": "diff", "old": self.old, "new": self.new, "same": self.same,
            "pages_old": sum(p.old is not None for p in self.pages),
            "pages_new": sum(p.new is not None for p in self.pages),
            "pages": [{**asdict(p), "boxes_mm": [_mm(b) for b in p.boxes]} for p in self.pages],
            "text": [asdict(t) for t in self.text],
            "boxes": [{**asdict(b), "old_mm": b.old and _mm(b.old), "new_mm": b.new and _mm(b.new)} for b in self.boxes],
            "metadata": [asdict(m) for m in self.metadata],
        }  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, indent=2, ensure_ascii=False)

    def format(self) -> str:
        """A line per page that differs, per text change, per page box and per metadata change."""
        lines = [f"{_page_name(p)}: {_page_summary(p)}" for p in self.pages if p.status != "same"]
        for t in self.text:
            where = f"page {t.new_page}" if t.new_page else f"old page {t.old_page}"
            lines.append(f"{where}: {t.kind}: " + " -> ".join(repr(s) for s in (t.old, t.new) if s))
        return "\n".join(lines + _box_and_metadata_lines(self)) or "no changes"


def render_pdf(path: Path, dpi: int = DIFF_DPI) -> Rendition:
    """The PDF's pages rendered, with their text and boxes, and its Info; raises UnreadablePDF (check's
    safe reader and drawing budget judge the file first, so a hostile file never reaches PDFium)."""
    import pikepdf
    import pypdfium2

    from .check import DAMAGE, TooComplex, UnreadablePDF, open_pdf
    from .check.walk import Budget, walk
    from .limits import PREVIEW_PAGES

    with open_pdf(path) as pdf:
        if len(pdf.pages) > PREVIEW_PAGES:
            raise UnreadablePDF(f"{path}: {len(pdf.pages)} pages, more than the {PREVIEW_PAGES} brochure compares")
        try:
            budget = Budget()
            for page in pdf.pages:
                for _ in walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), budget=budget):
                    pass
            metadata = {str(key).lstrip("/"): str(value) for key, value in pdf.docinfo.items()}
            boxes = [_page_boxes(page) for page in pdf.pages]
        except TooComplex as exc:
            raise UnreadablePDF(f"{path}: too complex to compare: {exc}") from None
        except DAMAGE as exc:
            raise UnreadablePDF(f"{path}: damaged: {type(exc).__name__}") from None
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise UnreadablePDF(f"{path}: not a readable PDF ({exc})") from None
    pages = []
    try:
        document.init_forms()  # before any page is loaded, so that form fields are drawn
        for index, page in enumerate(document):
            image = page.render(scale=dpi / 72, may_draw_forms=True).to_pil().convert("RGB")
            text = normalised_text(page.get_textpage().get_text_range())
            size = tuple(round(v, 4) for v in page.get_size())
            pages.append(PageRendition(index + 1, image, text, (size[0], size[1]), boxes[index]))
    except pypdfium2.PdfiumError as exc:
        raise UnreadablePDF(f"{path}: damaged: {exc}") from None
    finally:
        document.close()
    return Rendition(str(path), tuple(pages), metadata)


def normalised_text(raw: str) -> str:
    """PDFium's text of a page: NFC, a line per line, soft hyphens gone, spaces collapsed."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\u00ad\u0002\ufffe]\n", "", text)  # a word hyphenated at a line's end is one word
    lines = (" ".join(re.sub("[\u00ad\u0002\ufffe\u200b\ufeff\x00]", "", line).split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def sentences(text: str) -> list[str]:
    """A page's sentences: lines joined into blocks that end after a sentence or a short line (a heading,
    an address) before a line not in lower case; blocks split after .!? before a word not in lower case."""
    lines = text.split("\n")
    widest = max(len(line) for line in lines)
    found: list[str] = []
    block = ""
    for index, line in enumerate(lines):
        block = block + line if re.search(r"\w-$", block) else f"{block} {line}".strip()
        following = lines[index + 1] if index + 1 < len(lines) else ""
        short = len(line) < 0.6 * widest and not re.search(r"[,;(-]$", line)
        if not following or (not following[0].islower() and (short or re.search(r"[.!?:][\"'”’)\]]*$", line))):
            for piece in re.split(r"(?<=[.!?])\s+|(?<=[.!?][\"'”’)\]])\s+", block):
                label = found and re.fullmatch(r"\d{1,3}[.)]|(?:Dr|Mr|Mrs|Ms|St|No|e\.g|i\.e|etc)\.", found[-1])
                if found and block and (piece[0].islower() or label):
                    found[-1] += " " + piece
                else:
                    found.append(piece)
            block = ""
    return [sentence for sentence in found if sentence]


def write_snapshot(rendition: Rendition, folder: Path) -> list[Path]:
    """folder/page-001.png, page-001.txt ... and manifest.json (last), the same bytes for the same
    rendition; page files of an earlier, longer snapshot removed. Returns the files written."""
    written, pages = [], []
    for page in rendition.pages:
        stem = f"page-{page.number:03d}"
        for name, data in ((f"{stem}.png", _png(page.image)), (f"{stem}.txt", f"{page.text}\n".encode())):
            write_atomic(folder / name, data)
            written.append(folder / name)
        boxes = {name: list(box) for name, box in page.boxes.items()}
        pages.append({"number": page.number, "image": f"{stem}.png", "text": f"{stem}.txt", "size": list(page.size),
                      "boxes": boxes})  # fmt: skip
    first = rendition.pages[0] if rendition.pages else None
    dpi = round(first.image.width / first.size[0] * 72) if first else DIFF_DPI
    manifest = {"schema_version": SCHEMA_VERSION, "kind": "snapshot", "dpi": dpi, "source": rendition.source,
                "metadata": dict(rendition.metadata), "pages": pages}  # fmt: skip
    write_atomic(folder / "manifest.json", (json.dumps(manifest, sort_keys=True, indent=2) + "\n").encode())
    for stale in folder.glob("page-*"):
        number = PAGE_FILE.fullmatch(stale.name)
        if number and int(number.group(1)) > len(rendition.pages) and stale.is_file():
            stale.unlink()
    return [*written, folder / "manifest.json"]


def load_snapshot(folder: Path) -> Rendition:
    """The approved snapshot in `folder`; raises SnapshotError saying what is missing or damaged."""
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        raise SnapshotError(f"{manifest}: not found: no approved snapshot here (brochure snapshot writes one)")
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("schema_version") != SCHEMA_VERSION or data.get("kind") != "snapshot":
            raise ValueError(f"not a snapshot manifest of schema version {SCHEMA_VERSION}")
        pages = []
        for number, entry in enumerate(data["pages"], start=1):
            stem = f"page-{number:03d}"
            if (entry["number"], entry["image"], entry["text"]) != (number, f"{stem}.png", f"{stem}.txt"):
                raise ValueError(f"page {number}: its number or file names are not {stem}.png and .txt")
            with Image.open(folder / entry["image"]) as picture:
                image = picture.convert("RGB")
            text = (folder / entry["text"]).read_bytes().decode("utf-8").removesuffix("\n")
            width, height = (float(v) for v in entry["size"])
            boxes = {str(name): _box(value) for name, value in entry["boxes"].items()}
            pages.append(PageRendition(number, image, text, (width, height), boxes))
        metadata = {str(key): str(value) for key, value in data["metadata"].items()}
    except (ValueError, KeyError, TypeError, AttributeError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise SnapshotError(f"{manifest}: damaged: {exc}") from None
    return Rendition(str(folder), tuple(pages), metadata)


def compare(old: Rendition, new: Rendition, threshold: float = 0.0) -> DiffReport:
    """What changed from `old` to `new`: the pages aligned, each pair's changed area (at most
    `threshold` per cent counts as the same), the sentences, page boxes and metadata that differ."""
    pages: list[PageDiff] = []
    boxes: list[BoxChange] = []
    for i, j in _align(old.pages, new.pages):
        if i is None or j is None:
            whole = _whole(new.pages[j - 1] if j is not None else old.pages[(i or 1) - 1])
            pages.append(PageDiff(i, j, "added" if i is None else "removed", 100.0, (whole,)))
            continue
        percent, areas = _pixel_diff(old.pages[i - 1], new.pages[j - 1])
        changed = percent > threshold
        pages.append(PageDiff(i, j, "changed" if changed else "same", percent, areas if changed else ()))
        before, after = old.pages[i - 1].boxes, new.pages[j - 1].boxes
        boxes += [BoxChange(j, n, before.get(n), after.get(n)) for n in BOX_NAMES if before.get(n) != after.get(n)]
    keys = sorted({*old.metadata, *new.metadata})
    metadata = [MetadataChange(k, old.metadata.get(k), new.metadata.get(k)) for k in keys]
    metadata = [change for change in metadata if change.old != change.new]
    return DiffReport(old.source, new.source, tuple(pages), _text_changes(old, new), tuple(boxes), tuple(metadata))


def _align(old: tuple[PageRendition, ...], new: tuple[PageRendition, ...]) -> Pairs:
    """Pairs of page numbers (None: a page one side lacks), in order. Pages pair by their text without
    its numbers ("page 3 of 4" may be "page 2 of 3" now), or a coarse picture of a page without text; a
    stretch that differs pairs one to one as far as both sides go, the rest is added or removed."""
    keys = [[_key(page) for page in pages] for pages in (old, new)]
    pairs: Pairs = []
    for _, i0, i1, j0, j1 in SequenceMatcher(None, keys[0], keys[1], autojunk=False).get_opcodes():
        k = min(i1 - i0, j1 - j0)
        pairs += [(i0 + n, j0 + n) for n in range(1, k + 1)]
        pairs += [(i, None) for i in range(i0 + k + 1, i1 + 1)] + [(None, j) for j in range(j0 + k + 1, j1 + 1)]
    return pairs


def _key(page: PageRendition) -> str:
    if page.text:
        return re.sub(r"[0-9]+", "#", page.text)
    return page.image.convert("L").resize((16, 16), Image.Resampling.BOX).point(lambda v: v // 32).tobytes().hex()


def _pixel_diff(old: PageRendition, new: PageRendition) -> tuple[float, tuple[Box, ...]]:
    """The per cent of the page's pixels that changed, and a box around each changed area."""
    whole, (scale, page_left, page_top) = _whole(new), _frame(new)
    if old.image.size != new.image.size:
        return 100.0, (whole,)
    red, green, blue = ImageChops.difference(old.image, new.image).split()
    difference = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    mask = difference.point([0] * (TOLERANCE + 1) + [255] * (255 - TOLERANCE))
    changed = mask.histogram()[255]
    cells = mask.reduce(CELL)  # a cell with any changed pixel has a mean above zero
    marked = {(x, y) for y in range(cells.height) for x in range(cells.width) if cells.getpixel((x, y))}
    boxes: list[Box] = []
    while marked:  # flood fill: 8-connected cells are one area, boxed tightly around its changed pixels
        todo, area = [marked.pop()], []
        while todo:
            x, y = todo.pop()
            area.append((x, y))
            near = {(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)} & marked
            marked -= near
            todo += near
        left, top = min(x for x, _ in area) * CELL, min(y for _, y in area) * CELL
        cell = (left, top, (max(x for x, _ in area) + 1) * CELL, (max(y for _, y in area) + 1) * CELL)
        px0, py0, px1, py1 = mask.crop(cell).getbbox() or (0, 0, CELL, CELL)
        x0, x1 = page_left + (left + px0) / scale - PAD, page_left + (left + px1) / scale + PAD
        y0, y1 = page_top - (top + py1) / scale - PAD, page_top - (top + py0) / scale + PAD
        boxes.append((round(max(x0, whole[0]), 2), round(max(y0, whole[1]), 2),
                      round(min(x1, whole[2]), 2), round(min(y1, whole[3]), 2)))  # fmt: skip
    return changed * 100 / (mask.width * mask.height), _merged(boxes)


def _merged(boxes: Iterable[Box]) -> tuple[Box, ...]:
    """The boxes with those that overlap made one, top to bottom, then left to right."""
    result: list[Box] = []
    for box in boxes:
        while hit := [b for b in result if b[0] <= box[2] and box[0] <= b[2] and b[1] <= box[3] and box[1] <= b[3]]:
            result.remove(hit[0])
            box = (min(box[0], hit[0][0]), min(box[1], hit[0][1]), max(box[2], hit[0][2]), max(box[3], hit[0][3]))
        result.append(box)
    return tuple(sorted(result, key=lambda box: (-box[3], box[0])))


def _frame(page: PageRendition) -> tuple[float, float, float]:
    """Pixels per point, and the user-space point at the picture's top left corner (its CropBox)."""
    box = page.boxes.get("CropBox") or page.boxes["MediaBox"]
    return page.image.width / page.size[0], box[0], box[3]


def _whole(page: PageRendition) -> Box:
    _, left, top = _frame(page)
    return (left, round(top - page.size[1], 4), round(left + page.size[0], 4), top)


def _text_changes(old: Rendition, new: Rendition) -> tuple[TextChange, ...]:
    """The sentences of the whole document diffed: a replaced stretch pairs sentence by sentence."""
    before, after = ([(s, page.number) for page in r.pages for s in sentences(page.text)] for r in (old, new))
    matcher = SequenceMatcher(None, [s for s, _ in before], [s for s, _ in after], autojunk=False)
    changes: list[TextChange] = []
    for tag, i0, i1, j0, j1 in matcher.get_opcodes():
        if tag != "equal":
            k = min(i1 - i0, j1 - j0) if tag == "replace" else 0
            pairs = zip(before[i0 : i0 + k], after[j0 : j0 + k], strict=True)
            changes += [TextChange("changed", s, t, p, q) for (s, p), (t, q) in pairs]
            changes += [TextChange("removed", s, "", p, None) for s, p in before[i0 + k : i1]]
            changes += [TextChange("added", "", t, None, q) for t, q in after[j0 + k : j1]]
    return tuple(changes)


def write_report(report: DiffReport, old: Rendition, new: Rendition, folder: Path) -> list[Path]:
    """For each page that differs page-NNN-highlight.png (new page, changes outlined; old-page-NNN-... for a
    removed page) and page-NNN-side-by-side.png (old | new); report.md, report.html and report.json
    naming them. Pictures of an earlier report are removed. Returns the files written."""
    written: list[Path] = []
    pages = []
    for diff in report.pages:
        if diff.status == "same":
            pages.append(diff)
            continue
        stem = f"page-{diff.new:03d}" if diff.new else f"old-page-{diff.old:03d}"
        before = _marked(old.pages[diff.old - 1], diff.boxes) if diff.old else None
        after = _marked(new.pages[diff.new - 1], diff.boxes) if diff.new else None
        highlight = after or before
        assert highlight is not None, "a page differs on one side at least"
        for name, picture in (("highlight", highlight), ("side-by-side", _side_by_side(before, after))):
            write_atomic(folder / f"{stem}-{name}.png", _png(picture))
            written.append(folder / f"{stem}-{name}.png")
        pages.append(replace(diff, highlight=f"{stem}-highlight.png"))
    done = replace(report, pages=tuple(pages))
    blocks = _blocks(done)
    for name, text in (("report.md", _markdown(blocks)), ("report.html", _html(blocks)), ("report.json", done.to_json())):  # fmt: skip
        write_atomic(folder / name, (text.rstrip("\n") + "\n").encode())
        written.append(folder / name)
    for stale in folder.glob("*page-*.png"):
        if REPORT_PICTURE.fullmatch(stale.name) and stale not in written and stale.is_file():
            stale.unlink()
    return written


def _png(image: Image.Image) -> bytes:
    data = io.BytesIO()
    image.save(data, format="PNG", compress_level=6)  # Pillow writes no time stamp: the same image, the same bytes
    return data.getvalue()


def _marked(page: PageRendition, boxes: Iterable[Box]) -> Image.Image:
    """The page with each box tinted and outlined."""
    scale, left, top = _frame(page)
    rectangles = [[round((x0 - left) * scale), round((top - y1) * scale), round((x1 - left) * scale),
                   round((top - y0) * scale)] for x0, y0, x1, y1 in boxes]  # fmt: skip
    overlay = Image.new("RGBA", page.image.size, (0, 0, 0, 0))
    for rectangle in rectangles:
        ImageDraw.Draw(overlay).rectangle(rectangle, fill=TINT)
    drawn = Image.alpha_composite(page.image.convert("RGBA"), overlay)
    for rectangle in rectangles:
        ImageDraw.Draw(drawn).rectangle(rectangle, outline=OUTLINE, width=3)
    return drawn.convert("RGB")


def _side_by_side(old: Image.Image | None, new: Image.Image | None) -> Image.Image:
    """Old on the left, new on the right, a grey gap between; a missing page a grey panel."""
    left = old or Image.new("RGB", new.size if new else (1, 1), GREY)
    right = new or Image.new("RGB", left.size, GREY)
    picture = Image.new("RGB", (left.width + 16 + right.width, max(left.height, right.height)), (150, 150, 150))
    picture.paste(left, (0, 0))
    picture.paste(right, (left.width + 16, 0))
    return picture


def _blocks(report: DiffReport) -> list[tuple[str, Any]]:
    """The report once, for report.md and report.html: headings, paragraphs, pictures, a table, a list."""
    differ = [p for p in report.pages if p.status != "same"]
    counts = f"{len(report.text)} text, {len(report.boxes)} page box and {len(report.metadata)} metadata changes"
    verdict = "No changes." if report.same else f"{len(differ)} of {len(report.pages)} pages differ; {counts}."
    blocks: list[tuple[str, Any]] = [("h1", f"Changes from {report.old} to {report.new}"), ("p", verdict)]
    for page in differ:
        name, summary = _page_name(page).capitalize(), _page_summary(page)
        side = page.highlight.replace("-highlight", "-side-by-side")
        blocks += [("h2", name), ("p", f"{summary.capitalize()}."), ("img", (page.highlight, f"{name}: {summary}, "
                   "the changes outlined in magenta")), ("img", (side, f"{name}: the old version left, the new right"))]  # fmt: skip
    if report.text:
        rows = [(t.kind, t.old_page or "", t.new_page or "", t.old, t.new) for t in report.text]
        blocks += [("h2", "Text changes"), ("table", rows)]
    if lines := _box_and_metadata_lines(report):
        blocks += [("h2", "Page boxes and metadata"), ("ul", lines)]
    return blocks


def _markdown(blocks: list[tuple[str, Any]]) -> str:
    def md(text: object) -> str:
        return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", str(text))

    out = []
    for kind, value in blocks:
        if kind in ("h1", "h2", "p"):
            out.append("#" * int(kind[1:] or 0) + " " * (kind != "p") + md(value))
        elif kind == "img":
            out.append(f"![{md(value[1])}]({value[0]})")
        elif kind == "ul":
            out.append("\n".join(f"- {md(line)}" for line in value))
        else:
            rows = [TEXT_COLUMNS, ["---"] * len(TEXT_COLUMNS), *([md(c) for c in row] for row in value)]
            out.append("\n".join("| " + " | ".join(row) + " |" for row in rows))
    return "\n\n".join(out)


def _html(blocks: list[tuple[str, Any]]) -> str:
    e = html.escape
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">', f"<title>{e(blocks[0][1])}</title>",
           "<style>body{font-family:sans-serif;max-width:72rem;margin:1rem auto;padding:0 1rem;line-height:1.4}"
           "img{max-width:100%;height:auto;border:1px solid #888}table{border-collapse:collapse}"
           "th,td{border:1px solid #888;padding:.3rem;vertical-align:top;text-align:left}</style>\n</head>\n<body>\n<main>"]  # fmt: skip
    for kind, value in blocks:
        if kind in ("h1", "h2", "p"):
            out.append(f"<{kind}>{e(value)}</{kind}>")
        elif kind == "img":
            out.append(f'<figure><img src="{e(value[0])}" alt="{e(value[1])}"></figure>')
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in value) + "</ul>")
        else:
            head = "<tr>" + "".join(f'<th scope="col">{column}</th>' for column in TEXT_COLUMNS) + "</tr>"
            rows = ("<tr>" + "".join(f"<td>{e(str(cell))}</td>" for cell in row) + "</tr>" for row in value)
            out.append("<table>\n" + "\n".join([head, *rows]) + "\n</table>")
    return "\n".join([*out, "</main>\n</body>\n</html>"])


def _page_name(page: PageDiff) -> str:
    if page.new is None:
        return f"old page {page.old}"
    return f"page {page.new}" if page.old in (page.new, None) else f"page {page.new} (old page {page.old})"


def _page_summary(page: PageDiff) -> str:
    areas = f"{len(page.boxes)} area{'s' * (len(page.boxes) != 1)}"
    percent = f"{page.changed_percent:.1f}" if page.changed_percent >= 0.1 else f"{page.changed_percent:.3f}"
    return f"{percent} % changed in {areas}" if page.status == "changed" else page.status


def _box_and_metadata_lines(report: DiffReport) -> list[str]:
    mm = {box: f"{_mm(box)} mm" if box else "none" for b in report.boxes for box in (b.old, b.new)}
    lines = [f"page {b.page}: {b.box} {mm[b.old]} -> {mm[b.new]}" for b in report.boxes]
    return lines + [f"metadata {m.key}: {m.old!r} -> {m.new!r}" for m in report.metadata]


def _box(value: Iterable[Any]) -> Box:
    x0, y0, x1, y1 = (float(v) for v in value)
    return (round(min(x0, x1), 4), round(min(y0, y1), 4), round(max(x0, x1), 4), round(max(y0, y1), 4))


def _page_boxes(page: pikepdf.Page) -> dict[str, Box]:
    """The page's boxes in points, lower left corner first; MediaBox and CropBox inherited."""
    found: dict[str, pikepdf.Object] = {"MediaBox": page.mediabox}
    if "/CropBox" in page.obj or page.cropbox != page.mediabox:
        found["CropBox"] = page.cropbox
    found |= {name: page.obj[f"/{name}"] for name in BOX_NAMES[2:] if f"/{name}" in page.obj}
    return {name: _box(value) for name, value in found.items()}


def _mm(box: Box) -> list[float]:
    return [round(to_mm(v), 2) for v in box]
