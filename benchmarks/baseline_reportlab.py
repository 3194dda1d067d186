"""Baseline for bench_build.py: a comparable three-page A4 leaflet in plain ReportLab.

`python benchmarks/baseline_reportlab.py OUT.pdf`. Same fonts (embedded), the brain SVG as vectors,
the words of content.yaml at 14 pt over two pages, a dashed cut line with tick boxes; CMYK, invariant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import STATE_DEFAULTS, Group, Shape
from reportlab.lib.colors import CMYKColor, Color, rgb2cmyk
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph
from svglib.svglib import svg2rlg

ROOT = Path(__file__).resolve().parent.parent
PRIMARY, TEXT, WHITE = CMYKColor(1, 0.6, 0, 0.2), CMYKColor(0, 0, 0, 1), CMYKColor(0, 0, 0, 0)
W, H = A4
MARGIN = 25 * mm


class Slip(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A dashed cut line across the page and a few tick boxes with labels."""

    def __init__(self, options: list[str]) -> None:
        super().__init__()
        self.options = options

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, 30 * mm + 11 * mm * len(self.options)
        return self.width, self.height

    def draw(self) -> None:
        c: Canvas = self.canv
        top = self.height - 5 * mm
        c.setStrokeColor(PRIMARY)
        c.setDash([4, 3])
        c.line(-MARGIN, top, self.width + MARGIN, top)
        c.setDash([])
        c.setFont("Atkinson-Bold", 16)
        c.drawString(0, top - 12 * mm, "How can we help?")
        c.setFont("Atkinson", 14)
        for i, option in enumerate(self.options):
            y = top - 24 * mm - i * 11 * mm
            c.rect(0, y - 1 * mm, 6 * mm, 6 * mm, stroke=1, fill=0)
            c.drawString(10 * mm, y, option)


def to_cmyk(node: Shape) -> None:
    """Recolour an svglib drawing in place: RGB fills and strokes become CMYK."""
    for attr in ("fillColor", "strokeColor"):
        colour = getattr(node, attr, None)
        if isinstance(colour, Color) and not isinstance(colour, CMYKColor):
            setattr(node, attr, CMYKColor(*rgb2cmyk(colour.red, colour.green, colour.blue), alpha=colour.alpha))
    for child in node.contents if isinstance(node, Group) else ():
        to_cmyk(child)


def cover(c: Canvas, doc: Any) -> None:
    c.setFillColor(PRIMARY)
    c.rect(0, H - 40 * mm, W, 40 * mm, stroke=0, fill=1)
    c.setFillColor(WHITE)
    c.setFont("Atkinson-Bold", 19)
    c.drawString(MARGIN, H - 22 * mm, doc.clinic)
    brain = svg2rlg(str(ROOT / "assets/brain.svg"))
    if brain is None:
        sys.exit("cannot read assets/brain.svg")
    to_cmyk(brain)
    scale = (W - 2 * MARGIN) / brain.width
    c.saveState()
    c.translate(MARGIN, 45 * mm)
    c.scale(scale, scale)
    renderPDF.draw(brain, c, 0, 0)
    c.restoreState()


def main(output: str) -> None:
    for name, file in (("Atkinson", "Regular"), ("Atkinson-Bold", "Bold")):
        pdfmetrics.registerFont(TTFont(name, str(ROOT / f"assets/fonts/AtkinsonHyperlegible-{file}.ttf")))
    pdfmetrics.registerFontFamily("Atkinson", normal="Atkinson", bold="Atkinson-Bold")
    STATE_DEFAULTS["fontName"] = "Atkinson"  # renderPDF's default, else it references Helvetica
    content = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
    body = ParagraphStyle("body", fontName="Atkinson", fontSize=14, leading=20, textColor=TEXT, spaceAfter=8)
    head = ParagraphStyle("head", parent=body, fontName="Atkinson-Bold", fontSize=17, textColor=PRIMARY)
    title = ParagraphStyle("title", parent=head, fontSize=28, leading=34, spaceAfter=14)
    frame = Frame(MARGIN, MARGIN, W - 2 * MARGIN, H - 2 * MARGIN, id="body")
    cover_frame = Frame(MARGIN, H - 150 * mm, W - 2 * MARGIN, 100 * mm, id="cover")
    doc = BaseDocTemplate(
        output, pagesize=A4, invariant=1, enforceColorSpace="cmyk", pageCompression=1, initialFontName="Atkinson"
    )
    doc.addPageTemplates([PageTemplate("cover", [cover_frame], onPage=cover), PageTemplate("body", [frame])])
    doc.clinic = "Northbrook Mind Clinic"
    story: list[Flowable] = [Paragraph(content["title"], title), Paragraph(content["summary"], body)]
    story += [NextPageTemplate("body"), PageBreak()]
    for section in content["sections"]:
        story.append(Paragraph(section["heading"], head))
        items = section["body"] if isinstance(section["body"], list) else [section["body"]]
        for item in items:
            for text in item["numbered"] if isinstance(item, dict) else [item]:
                story.append(Paragraph(text.replace("**", ""), body))
    story += [Paragraph(content["help"][key], body) for key in ("intro", "return", "privacy")]
    story.append(Slip(content["help"]["options"]))
    doc.build(story)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/baseline_reportlab.py OUT.pdf")
    main(sys.argv[1])
