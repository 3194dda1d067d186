"""content.yaml -> Content: the leaflet's words, validated, every problem located.

Few keys are required (title, sections, help.options, clinic name and phone, leaflet reference,
version and dates, sources); the rest have defaults a clinic can keep. Text may use **bold** and
[label](https://link); everything else prints as written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from yaml.nodes import MappingNode, Node, SequenceNode

from . import labels as built_in
from . import rich
from .errors import Diagnostic, Location
from .labels import Labels, labels_for
from .rich import RichText
from .schema import Override, Reader, Source, apply_overrides, read_source

_LANGUAGE_TAG = re.compile(
    r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-[A-Za-z]{2}|-[0-9]{3})?(-[A-Za-z0-9]{5,8}|-[0-9][A-Za-z0-9]{3})*"
)
LANGUAGE_NAMES = {
    "english": "en-GB", "welsh": "cy", "cymraeg": "cy", "polish": "pl", "polski": "pl", "urdu": "ur",
    "arabic": "ar", "bengali": "bn", "bangla": "bn", "chinese": "zh-Hans", "simplified chinese": "zh-Hans",
    "traditional chinese": "zh-Hant", "punjabi": "pa", "gujarati": "gu", "french": "fr", "german": "de",
    "spanish": "es", "portuguese": "pt", "romanian": "ro", "somali": "so", "turkish": "tr", "tamil": "ta",
    "hindi": "hi", "italian": "it", "lithuanian": "lt", "russian": "ru", "ukrainian": "uk", "farsi": "fa",
    "persian": "fa", "kurdish": "ku", "pashto": "ps", "tigrinya": "ti", "greek": "el", "irish": "ga",
    "scottish gaelic": "gd", "gaelic": "gd",
}  # fmt: skip


def language_tag(written: str) -> str | None:
    """A language tag (BCP 47) in its usual case, 'en_gb' -> 'en-GB', 'zh-hans' -> 'zh-Hans'; None
    when `written` is not one (a name such as 'Welsh': language_hint says its tag)."""
    tag = written.replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(tag):
        return None
    parts = tag.split("-")  # the usual case: language lower, script title, region upper
    return "-".join([parts[0].lower()] + [p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p
                                          for p in parts[1:]])  # fmt: skip


def language_hint(written: str) -> str:
    """What to write instead of something that is not a language tag."""
    code = LANGUAGE_NAMES.get(written.strip().casefold())
    return f"write '{code}'" if code else "a code like en-GB (English), cy (Welsh), pl (Polish), ur (Urdu)"


@dataclass(frozen=True)
class Paragraph:
    text: RichText
    path: str


@dataclass(frozen=True)
class ListBlock:
    items: tuple[RichText, ...]
    style: Literal["numbered", "bullets"]
    path: str


@dataclass(frozen=True)
class Callout:
    """A boxed note inside a section (e.g. "Key points"): never split, marked in the accent colour."""

    title: str | None
    paragraphs: tuple[RichText, ...]
    path: str


Block = Paragraph | ListBlock | Callout
MAX_HELP_OPTIONS = 12


@dataclass(frozen=True)
class Section:
    heading: str | None
    blocks: tuple[Block, ...]
    path: str


@dataclass(frozen=True)
class Illustration:
    file: Path
    alt: str
    path: str


@dataclass(frozen=True)
class Clinic:
    name: str
    phone: str
    email: str | None
    web: str | None
    address: str | None
    hours: str | None


@dataclass(frozen=True)
class LeafletInfo:
    reference: str
    version: str
    published: dt.date
    review: dt.date
    author: str | None


@dataclass(frozen=True)
class Help:
    heading: str
    intro: str
    options: tuple[str, ...]
    return_to: str
    privacy: str


@dataclass(frozen=True)
class Content:
    """Everything the leaflet says. Frozen; `locations` maps content paths to file positions."""

    source: Path
    language: str
    title: str
    subtitle: str | None
    summary: RichText | None
    illustration: Illustration | None
    sections: tuple[Section, ...]
    help: Help
    clinic: Clinic
    leaflet: LeafletInfo
    sources: tuple[RichText, ...]
    disclaimer: RichText
    other_formats: RichText
    feedback: RichText
    brand: Path | None
    locations: MappingProxyType[str, Location]
    # brochure's own words (page numbers, the slip's fields, dates...) in the leaflet's language
    labels: Labels = field(default_factory=lambda: labels_for("en"), repr=False)
    text: str = field(default="", repr=False, compare=False)  # the file as read, to find characters in it

    def where_char(self, path: str, char: str) -> Location | None:
        """Where a character of a content path's value is in the file: searched from the value's
        start (its own line and column when it came from a CSV cell or cannot be found)."""
        where = self.where(path)
        if where is None or not self.text or where.file != str(self.source) or not where.line:
            return where
        lines = self.text.split("\n")
        start = sum(len(line) + 1 for line in lines[: where.line - 1]) + where.column - 1
        at = self.text.find(char, start)
        if at < 0:
            return where
        return Location(where.file, self.text.count("\n", 0, at) + 1, at - (self.text.rfind("\n", 0, at) + 1) + 1)

    def where(self, path: str) -> Location | None:
        """The file position of a content path such as 'sections[2].heading'."""
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path.rpartition(".")[0] if "." in path else path.rpartition("[")[0]
        return Location(str(self.source))


TOP_KEYS = (
    "title", "subtitle", "summary", "language", "brand", "illustration", "sections", "help",
    "clinic", "leaflet", "sources", "disclaimer", "other_formats", "feedback", "labels",
)  # fmt: skip


def load_content(path: Path, overrides: tuple[Override, ...] = ()) -> tuple[Content, list[Diagnostic]]:
    """Read and validate a content file, with any overrides applied; raises InputError listing
    every problem."""
    display = str(path)
    source = read_source(path, display)
    root = apply_overrides(source.root, overrides, display) if overrides else source.root
    reader = _ContentReader(display, path.parent, source)
    content = reader.read(root, path)
    warnings = reader.raise_errors()
    assert content is not None
    return content, warnings


class _ContentReader(Reader):
    def __init__(self, display: str, folder: Path, source: Source | None = None):
        super().__init__(display, source)
        self.folder = folder

    def rich(self, node: Node | None, path: str) -> RichText | None:
        value = self.text(node, path)
        if value is None:
            return None
        try:
            return rich.parse(value)
        except rich.MarkupError as exc:
            self.error(node, path, str(exc), exc.hint)
            return None

    def asset_path(self, node: Node | None, path: str) -> Path | None:
        """A file inside the project folder (the content file's folder)."""
        name = self.text(node, path)
        if name is None:
            return None
        folder = self.folder.resolve()
        resolved = (folder / name).resolve()
        if not resolved.is_relative_to(folder):
            self.error(node, path, f"'{name}' is outside the project folder {folder}",
                       "copy the file into the project folder (e.g. assets/) and give its path from there")  # fmt: skip
            return None
        if not resolved.is_file():
            self.error(
                node,
                path,
                f"file not found: '{name}'",
                f"paths are relative to {folder}",
            )
            return None
        return resolved

    def read(self, root: Node | None, source: Path) -> Content | None:
        if root is None:
            self.error(
                None,
                "",
                "the file is empty",
                "start from the content.yaml that comes with brochure",
            )
            return None
        required = ("title", "sections", "help", "clinic", "leaflet", "sources")
        top = self.mapping(root, "", TOP_KEYS, required)
        if top is None:
            return None
        g = top.get
        title = self.text(g("title"), "title")
        subtitle = self.text(g("subtitle"), "subtitle")
        summary = self.rich(g("summary"), "summary")
        language = self.language(g("language")) or "en-GB"
        labels = self.labels(g("labels"), g("language"), language)
        brand = self.asset_path(g("brand"), "brand") if "brand" in top else None
        illustration = self.illustration(g("illustration"))
        sections = self.sections(g("sections"))
        clinic = self.clinic(g("clinic"))
        leaflet = self.leaflet(g("leaflet"))
        help_ = self.help(g("help"), labels)
        sources = [self.rich(n, f"sources[{i}]") for i, n in enumerate(self.items(g("sources"), "sources") or [])]
        disclaimer = self.rich(g("disclaimer"), "disclaimer") or rich.parse(labels.get("default_disclaimer"))
        other_formats = self.rich(g("other_formats"), "other_formats") or rich.parse(
            labels.get("default_other_formats")
        )
        feedback = self.rich(g("feedback"), "feedback")
        if feedback is None and clinic is not None:
            feedback = (
                labels.spans("default_feedback_email", email=rich.Span(clinic.email, url=f"mailto:{clinic.email}"))
                if clinic.email
                else (rich.Span(labels.get("default_feedback")),)
            )
        if None in (title, sections, clinic, leaflet, help_, feedback) or None in sources:
            return None
        assert title and sections is not None and clinic and leaflet and help_ and feedback
        return Content(
            source=source, language=language, title=title, subtitle=subtitle, summary=summary,
            illustration=illustration, sections=tuple(sections), help=help_, clinic=clinic,
            leaflet=leaflet, sources=tuple(s for s in sources if s is not None), disclaimer=disclaimer,
            other_formats=other_formats, feedback=feedback, brand=brand,
            locations=MappingProxyType(dict(self.locations)), labels=labels, text=self.text_of_file,
        )  # fmt: skip

    def language(self, node: Node | None) -> str | None:
        """A language tag (BCP 47) as screen readers and PDF/UA need it: en-GB, cy, pl, ur, zh-Hans."""
        written = self.text(node, "language")
        if written is None or node is None:
            return None
        tag = language_tag(written)
        if tag is None:
            self.error(node, "language", f"'{written}' is not a language tag", language_hint(written))
        return tag

    def labels(self, node: Node | None, language_node: Node | None, language: str) -> Labels:
        """brochure's own words in the leaflet's language (labels.py), with the content's own
        `labels:` over them: each a known key, its text showing the label's placeholders."""
        given: dict[str, str] = {}
        for key, value in (self.mapping(node, "labels", built_in.KEYS) or {}).items():
            text = self.text(value, f"labels.{key}")
            known = built_in.as_key(key)
            if text is None or known is None:
                continue
            problem = built_in.problem(known, text)
            if problem is not None:
                self.error(value, f"labels.{key}", *problem)
                continue
            if known in ("default_disclaimer", "default_other_formats"):  # as rich text, like the keys they stand for
                try:
                    rich.parse(text)
                except rich.MarkupError as exc:
                    self.error(value, f"labels.{key}", str(exc), exc.hint)
                    continue
            given[key] = text
        where = self.where(language_node) if language_node is not None else Location(self.display)
        labels = labels_for(language, given, where)
        self.problems += labels.notes
        return labels

    def illustration(self, node: Node | None) -> Illustration | None:
        keys = self.mapping(node, "illustration", ("file", "alt"), ("file", "alt"))
        if keys is None:
            return None
        file = self.asset_path(keys.get("file"), "illustration.file")
        alt = self.text(keys.get("alt"), "illustration.alt")
        return Illustration(file, alt, "illustration") if file and alt else None

    def sections(self, node: Node | None) -> list[Section] | None:
        items = self.items(node, "sections")
        if items is None:
            return None
        sections = []
        for index, item in enumerate(items):
            path = f"sections[{index}]"
            keys = self.mapping(item, path, ("heading", "body"), ("body",))
            if keys is None:
                continue
            heading = self.text(keys.get("heading"), f"{path}.heading")
            blocks = self.blocks(keys.get("body"), f"{path}.body")
            if blocks:
                sections.append(Section(heading, tuple(blocks), path))
        return sections

    def blocks(self, node: Node | None, path: str) -> list[Block]:
        """A body: one text (paragraphs split at blank lines) or a list of paragraphs and lists."""
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            return self.paragraphs(node, path)
        blocks: list[Block] = []
        for index, item in enumerate(self.items(node, path) or []):
            here = f"{path}[{index}]"
            if isinstance(item, MappingNode):
                keys = self.mapping(item, here, ("numbered", "bullets", "callout"))
                if keys is None:
                    continue
                if len(keys) != 1:
                    self.error(item, here, "expected one of 'numbered:', 'bullets:' or 'callout:'")
                    continue
                style, list_node = next(iter(keys.items()))
                if style == "callout":
                    callout = self.callout(list_node, f"{here}.callout")
                    blocks += [callout] if callout else []
                    continue
                entries = [
                    self.rich(n, f"{here}.{style}[{i}]")
                    for i, n in enumerate(self.items(list_node, f"{here}.{style}") or [])
                ]
                if entries and None not in entries:
                    blocks.append(
                        ListBlock(
                            tuple(e for e in entries if e),
                            "numbered" if style == "numbered" else "bullets",
                            here,
                        )
                    )
            else:
                blocks.extend(self.paragraphs(item, here))
        return blocks

    def callout(self, node: Node, path: str) -> Callout | None:
        keys = self.mapping(node, path, ("title", "body"), ("body",))
        if keys is None:
            return None
        title = self.text(keys.get("title"), f"{path}.title")
        paragraphs = (
            [p for p in self.paragraphs(keys["body"], f"{path}.body") if isinstance(p, Paragraph)]
            if "body" in keys
            else []
        )
        return Callout(title, tuple(p.text for p in paragraphs), path) if paragraphs else None

    def paragraphs(self, node: Node, path: str) -> list[Block]:
        text = self.text(node, path)
        if text is None:
            return []
        try:
            return [Paragraph(rich.parse(part), path) for part in text.split("\n\n")]
        except rich.MarkupError as exc:
            self.error(node, path, str(exc), exc.hint)
            return []

    def clinic(self, node: Node | None) -> Clinic | None:
        known = ("name", "phone", "email", "web", "address", "hours")
        keys = self.mapping(node, "clinic", known, ("name", "phone"))
        if keys is None:
            return None
        v = {k: self.text(keys.get(k), f"clinic.{k}", lines=k == "address") for k in known}
        phone = v["phone"]
        if phone is not None and sum(c.isdigit() for c in phone) < 3:
            self.error(keys["phone"], "clinic.phone", f"'{phone}' does not look like a phone number")
        elif phone is not None and phone.isdigit() and len(phone) in (9, 10) and not phone.startswith("0"):
            self.warn(keys["phone"], "clinic.phone", f"the phone number {phone} has no leading 0: a spreadsheet may have dropped it",
                      "in Excel, format the column as Text; or write it with spaces, e.g. 01632 960 123")  # fmt: skip
        email = v["email"]
        if email is not None and ("@" not in email or " " in email):
            self.error(
                keys["email"],
                "clinic.email",
                f"'{email}' does not look like an email address",
            )
        web = v["web"]
        if web is not None:
            if rich.scheme_of(web) is None:
                web = "https://" + web  # www.example.org, as people write it
            problem = rich.link_problem(web, ("https", "http"))
            if problem:
                self.error(
                    keys["web"], "clinic.web", problem, "give the clinic's web address, e.g. https://www.example.org"
                )
                web = None
        if not (v["name"] and phone):
            return None
        return Clinic(v["name"], phone, email, web, v["address"], v["hours"])

    def leaflet(self, node: Node | None) -> LeafletInfo | None:
        known = ("reference", "version", "published", "review", "author")
        keys = self.mapping(node, "leaflet", known, ("reference", "version", "published", "review"))
        if keys is None:
            return None
        hint = 'put it in quotes, e.g. version: "1.0"'
        reference = self.text(keys.get("reference"), "leaflet.reference")
        version = self.text(keys.get("version"), "leaflet.version", hint=hint)
        published = self.date(keys.get("published"), "leaflet.published")
        review = self.date(keys.get("review"), "leaflet.review")
        author = self.text(keys.get("author"), "leaflet.author")
        if published and review and review <= published:
            self.error(
                keys["review"],
                "leaflet.review",
                f"the review date {review} is not after the publication date {published}",
            )
        if not (reference and version and published and review):
            return None
        return LeafletInfo(reference, version, published, review, author)

    def help(self, node: Node | None, labels: Labels) -> Help | None:
        known = ("heading", "intro", "options", "return", "privacy")
        keys = self.mapping(node, "help", known, ("options",))
        if keys is None:
            return None
        options = self.text_list(keys.get("options"), "help.options")
        if options is not None and len(options) > MAX_HELP_OPTIONS:
            self.error(keys["options"], "help.options",
                       f"{len(options)} options are more than the {MAX_HELP_OPTIONS} a slip holds",
                       "keep the ones patients ask for most; 4 to 6 work best")  # fmt: skip
        if not options:
            return None
        return Help(
            heading=self.text(keys.get("heading"), "help.heading") or labels.get("default_help_heading"),
            intro=self.text(keys.get("intro"), "help.intro") or labels.get("default_help_intro"),
            options=tuple(options),
            return_to=self.text(keys.get("return"), "help.return") or labels.get("default_help_return"),
            privacy=self.text(keys.get("privacy"), "help.privacy") or labels.get("default_help_privacy"),
        )


def texts(content: Content) -> list[tuple[str, str]]:
    """Every printed text of the content with its path, in reading order."""
    out: list[tuple[str, str]] = [("title", content.title)]
    if content.subtitle:
        out.append(("subtitle", content.subtitle))
    if content.summary:
        out.append(("summary", rich.plain(content.summary)))
    for section in content.sections:
        if section.heading:
            out.append((f"{section.path}.heading", section.heading))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append((block.path, rich.plain(block.text)))
            elif isinstance(block, Callout):
                out += [(f"{block.path}.title", block.title)] if block.title else []
                out += [(f"{block.path}.body", rich.plain(p)) for p in block.paragraphs]
            else:
                out.extend((f"{block.path}.{block.style}[{i}]", rich.plain(item)) for i, item in enumerate(block.items))
    out.extend((f"sources[{i}]", rich.plain(s)) for i, s in enumerate(content.sources))
    for key in ("disclaimer", "other_formats", "feedback"):
        out.append((key, rich.plain(getattr(content, key))))
    clinic = content.clinic
    for key in ("name", "phone", "email", "web", "address", "hours"):
        if getattr(clinic, key):
            out.append((f"clinic.{key}", getattr(clinic, key)))
    h = content.help
    out += [("help.heading", h.heading), ("help.intro", h.intro)]
    out += [(f"help.options[{i}]", o) for i, o in enumerate(h.options)]
    out += [("help.privacy", h.privacy), ("help.return", h.return_to)]
    info = content.leaflet
    out += [("leaflet.reference", info.reference), ("leaflet.version", info.version)]
    out += [("leaflet.author", info.author)] if info.author else []
    if content.illustration:
        out.append(("illustration.alt", content.illustration.alt))
    return out
