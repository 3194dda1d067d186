"""Reading YAML nodes with locations: typed getters that collect every problem they meet.

`yaml.compose` keeps each node's line and column, so every problem, syntax or meaning, can be
reported as ``file:line:col``. A `Reader` never raises for bad input; it records a `Diagnostic`
and returns None, so one pass finds all the problems of a file.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import policy
from .errors import Diagnostic, InputError, Location, did_you_mean
from .limits import LIST_ITEMS, YAML_ALIASES, YAML_BYTES, YAML_NODES, read_file

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"[ \t\r\n\x0b\x0c\x85\u2028\u2029]+")  # spaces and line breaks; a no-break space is kept
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same nodes and marks, faster
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
KIND_NAMES = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "yes/no (true/false)",
    "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:timestamp": "a date",
}


def describe(node: Node) -> str:
    """What a node holds, in words for the error message."""
    if isinstance(node, MappingNode):
        return "a set of keys"
    if isinstance(node, SequenceNode):
        return "a list"
    return KIND_NAMES.get(node.tag, "text")


@dataclass(frozen=True)
class Source:
    """A YAML file read: its nodes, its text as YAML read it, and the lines whose curly quotes
    were read as quotes (policy.straighten_yaml)."""

    root: Node | None
    text: str
    straightened: tuple[int, ...] = ()


def compose(path: Path, display: str) -> Node | None:
    """Parse a YAML file to nodes; see `read_source`."""
    return read_source(path, display).root


def read_source(path: Path, display: str) -> Source:
    """Read a YAML file (UTF-8, within its limits) and parse it to nodes; problems become an
    InputError with their location.

    The nodes are shared between calls for an unchanged file (a batch reads its template once
    per process): callers must not change them (apply_overrides copies what it changes)."""
    data = read_file(path, YAML_BYTES, "YAML file", display)
    return _compose_text(decode(data, display, "file"), display)


def decode(data: bytes, display: str, what: str) -> str:
    """UTF-8 text (a byte-order mark at the start is dropped), or an InputError at the line and
    column of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        guess = " (a Windows ‘smart quote’ or dash, as Word and Excel save them)" if 0x80 <= byte <= 0x9F else ""
        hint = "save it as UTF-8 (Notepad: Save As, Encoding UTF-8; Excel: CSV UTF-8)"
        raise InputError([Diagnostic(f"the {what} is not UTF-8 text: byte 0x{byte:02X}{guess}", Location(display, line, column),
                                     hint=hint)]) from None  # fmt: skip


@functools.lru_cache(maxsize=32)
def _compose_text(written: str, display: str) -> Source:
    text, straightened = policy.straighten_yaml(written)
    try:
        _check_shape(text, display)
        return Source(yaml.compose(text, Loader=LOADER), text, tuple(straightened))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
        problem = exc.problem or "invalid YAML"
        hint = "check the indentation and quote text that contains ': ' or starts with a symbol"
        raise InputError([Diagnostic(f"YAML syntax error: {problem}", where, hint=hint)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Diagnostic(f"YAML syntax error: {exc}", Location(display))]) from None


MAX_DEPTH = 64  # nesting of lists and mappings


def _check_shape(text: str, display: str) -> None:
    """Refuse, before composing, YAML nested too deeply (the C composer would overflow its stack)
    or with too many aliases, or whose aliases would expand to too many nodes (an alias bomb).
    Parse events come from an iterative parser, so this pass is safe on any input."""
    depth = aliases = 0
    sizes: dict[str, int] = {}  # anchor -> nodes it stands for, its aliases expanded
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, nodes so far) of each open collection
    total = 0
    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                _refuse(display, event, f"the YAML is nested more than {MAX_DEPTH} levels deep")
            open_nodes.append((event.anchor, 1))
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, count = open_nodes.pop()
            if anchor:
                sizes[anchor] = count
            total = _add(open_nodes, count, total)
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > YAML_ALIASES:
                _refuse(display, event, f"the YAML has more than {YAML_ALIASES} aliases (*name)")
            total = _add(open_nodes, sizes.get(event.anchor or "", 1), total)
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            total = _add(open_nodes, 1, total)
        if total > YAML_NODES:
            _refuse(display, event, f"the YAML holds more than {YAML_NODES:,} values (its aliases expanded)")


def _add(open_nodes: list[tuple[str | None, int]], count: int, total: int) -> int:
    if open_nodes:
        anchor, so_far = open_nodes[-1]
        open_nodes[-1] = (anchor, so_far + count)
        return total
    return total + count


def _refuse(display: str, event: yaml.Event, message: str) -> None:
    mark = event.start_mark
    where = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
    raise InputError([Diagnostic(message, where, hint="write the values out plainly, without aliases or deep nesting")])


class Reader:
    """Typed access to YAML nodes that records problems instead of raising. Given the file's
    `source`, it locates characters inside a value exactly, and says which curly quotes it read
    as quotes."""

    def __init__(self, display: str, source: Source | None = None):
        self.display = display
        self.problems: list[Diagnostic] = []
        self.locations: dict[str, Location] = {}
        self.text_of_file = source.text if source else ""
        for line in source.straightened if source else ():
            self.problems.append(Diagnostic("curly quotes around this value were read as quotes", Location(display, line, 1),
                                            hint="type straight quotes (\") in YAML files", severity="warning"))  # fmt: skip

    def where(self, node: Node) -> Location:
        mark = node.start_mark
        file = mark.name if mark.name and not mark.name.startswith("<") else self.display  # an override's CSV cell
        return Location(file, mark.line + 1, mark.column + 1)

    def error(self, node: Node | None, path: str, message: str, hint: str = "") -> None:
        location = self.where(node) if node is not None else Location(self.display)
        self.problems.append(Diagnostic(message, location, path, hint))

    def warn(self, node: Node | None, path: str, message: str, hint: str = "") -> None:
        location = self.where(node) if node is not None else Location(self.display)
        self.problems.append(Diagnostic(message, location, path, hint, severity="warning"))

    def mapping(
        self, node: Node | None, path: str, known: Sequence[str], required: Sequence[str] = ()
    ) -> dict[str, Node] | None:
        """The keys of a mapping node, after checking unknown and missing keys."""
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            self.error(node, path, f"expected a set of keys ({', '.join(known)}), found {describe(node)}")
            return None
        self.locations[path] = self.where(node)
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            here = f"{path}.{key}" if path else key
            if key not in known:
                hint = did_you_mean(key, known) or f"known keys here: {', '.join(known)}"
                self.error(key_node, here, f"unknown key '{key}'", hint)
            elif key in found:
                self.error(key_node, here, f"'{key}' is given twice", "keep one of them")
            else:
                found[key] = value_node
                self.locations[here] = self.where(value_node)
        for key in required:
            if key not in found:
                here = f"{path}.{key}" if path else key
                self.error(node, here, f"missing required key '{key}'", f"add '{key}:' here")
        return found

    def text(self, node: Node | None, path: str, *, hint: str = "", lines: bool = False) -> str | None:
        """A non-empty text, taken as written: 01632960123, 9:30, 1.10 and No are the text they
        show, not a number, a time or yes/no. Paragraphs are separated by a blank line in every
        block style; with `lines`, line breaks are kept (an address written on several lines).
        The Unicode policy (policy.py) applies, its removals and readings said as warnings."""
        if node is None:
            return None
        if not isinstance(node, ScalarNode):
            self.error(node, path, f"expected text, found {describe(node)}", hint)
            return None
        written = str(node.value)
        if node.tag == NULL_TAG and written.strip() in ("", "~", "null", "Null", "NULL"):
            self.error(node, path, "expected text, found nothing", "write the text, or remove the key")
            return None
        unwrapped = policy.unwrap(written.strip())
        if unwrapped is not None:
            self.warn(node, path, f"the curly quotes around {written.strip()[:40]} were read as quotes",
                      "type straight quotes (\") in YAML files, or none")  # fmt: skip
            written = unwrapped
        if lines:
            parts, joiner = written.splitlines(), "\n"
        elif getattr(node, "style", None) == "|":  # literal: a blank line between paragraphs
            parts, joiner = _BLANK_LINE.split(written), "\n\n"
        else:  # folded or plain: YAML already made each blank line a line break
            parts, joiner = written.split("\n"), "\n\n"
        value = joiner.join(part for part in (_SPACES.sub(" ", p).strip(" ") for p in parts) if part)
        value, removed = policy.normal(value)
        for char in dict.fromkeys(removed):
            self.problems.append(Diagnostic(f"{policy.name(char)} ({policy.REMOVED[char]}) was removed", self.locate(node, char),
                                            path, "it is invisible, and prints as nothing", severity="warning"))  # fmt: skip
        if not value:
            self.error(node, path, "expected text, found an empty value", "write the text, or remove the key")
            return None
        self._list_like(node, path)
        return value

    def locate(self, node: Node, char: str) -> Location:
        """Where a character is in the file: found between the node's start and end, else the node."""
        start, end = node.start_mark.index, node.end_mark.index
        at = self.text_of_file.find(char, start, end) if self.text_of_file and end > start else -1
        if at < 0:
            return self.where(node)
        line = self.text_of_file.count("\n", 0, at) + 1
        return Location(self.display, line, at - (self.text_of_file.rfind("\n", 0, at) + 1) + 1)

    def _list_like(self, node: Node, path: str) -> None:
        """A line of a block of text that starts like a list item or a heading: say how lists and
        headings are written, so the text is not taken for one by mistake."""
        if getattr(node, "style", None) not in ("|", ">") or not self.text_of_file:
            return
        block = self.text_of_file[node.start_mark.index : node.end_mark.index]
        first_line = node.start_mark.line + 1
        for offset, line in enumerate(block.split("\n")[1:], start=1):
            if line.lstrip().startswith(("- ", "* ", "# ")):
                where = Location(self.display, first_line + offset, len(line) - len(line.lstrip()) + 1)
                self.problems.append(Diagnostic(f"this line starts with '{line.lstrip()[:2].strip()}': it prints as text, not as a list or a heading",
                                                where, path, "write a list with 'bullets:' or 'numbered:', and a heading as a section's 'heading:'",
                                                severity="warning"))  # fmt: skip

    def items(self, node: Node | None, path: str, *, allow_empty: bool = False) -> list[Node] | None:
        """The items of a list node."""
        if node is None:
            return None
        if not isinstance(node, SequenceNode):
            self.error(node, path, f"expected a list, found {describe(node)}", "start each item with '- '")
            return None
        if not node.value and not allow_empty:
            self.error(node, path, "expected at least one item, found an empty list")
            return None
        if len(node.value) > LIST_ITEMS:
            self.error(node, path, f"{len(node.value):,} items, more than the {LIST_ITEMS} a list may have",
                       "split it, or shorten it")  # fmt: skip
            return None
        for index, item in enumerate(node.value):
            self.locations[f"{path}[{index}]"] = self.where(item)
        return list(node.value)

    def text_list(self, node: Node | None, path: str) -> list[str] | None:
        """A non-empty list of texts."""
        items = self.items(node, path)
        if items is None:
            return None
        texts = [self.text(item, f"{path}[{i}]") for i, item in enumerate(items)]
        return [t for t in texts if t is not None]

    def date(self, node: Node | None, path: str) -> dt.date | None:
        """A date written as YYYY-MM-DD."""
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.tag in (STR_TAG, "tag:yaml.org,2002:timestamp"):
            try:
                return dt.date.fromisoformat(str(node.value).strip()[:10])
            except ValueError:
                pass
        self.error(node, path, f"expected a date like 2026-11-30, found {describe(node)} {_show(node)}")
        return None

    def number_list(self, node: Node | None, path: str, count: int, low: float, high: float) -> list[float] | None:
        """A list of exactly `count` numbers, each within [low, high]."""
        items = self.items(node, path)
        if items is None:
            return None
        values: list[float] = []
        for item in items:
            try:
                if not isinstance(item, ScalarNode) or item.tag == STR_TAG:
                    raise ValueError
                values.append(float(item.value))
            except ValueError:
                self.error(item, path, f"expected a number from {low:g} to {high:g}, found {describe(item)}")
                return None
        if len(values) != count or not all(low <= v <= high for v in values):
            assert node is not None
            self.error(node, path, f"expected {count} numbers from {low:g} to {high:g}, found {_show(node)}")
            return None
        return values

    def raise_errors(self) -> list[Diagnostic]:
        """Raise every error found so far; return the warnings."""
        errors = [p for p in self.problems if p.severity == "error"]
        if errors:
            raise InputError(self.problems)
        return [p for p in self.problems if p.severity == "warning"]


def _show(node: Node, room: int = 60) -> str:
    """A node as it reads in a message, cut short (an alias may stand for a great deal)."""
    if isinstance(node, ScalarNode):
        shown = repr(node.value)
    elif isinstance(node, SequenceNode):
        parts: list[str] = []
        for child in node.value:
            if sum(len(p) + 2 for p in parts) > room:
                parts.append("…")
                break
            parts.append(_show(child, room // 2))
        shown = "[" + ", ".join(parts) + "]"
    else:
        shown = "a set of keys"
    return shown if len(shown) <= room else shown[: room - 1] + "…"


@dataclass(frozen=True)
class Override:
    """A value that replaces one in a YAML file: `path` is dotted (clinic.phone, sections[1].heading)."""

    path: str
    value: str
    location: Location


def apply_overrides(root: Node | None, overrides: tuple[Override, ...], display: str) -> Node | None:
    """The node tree with each override's value set; the new nodes point at the override's
    location. Nodes along each changed path are copied, so `root` itself is left as it was.

    A value is read as YAML (so ``[100, 60, 0, 20]`` is a list and ``1632960100`` a number), which
    lets the file's own checks judge it as they would judge the file.
    """
    problems: list[Diagnostic] = []
    for override in overrides:
        value = _relocated(_value_node(override.value), override.location)
        changed = None if root is None else _set(root, _steps(override.path), value)
        if changed is None:
            problems.append(Diagnostic(f"there is no place for '{override.path}' in {display}", override.location, override.path,
                                       "use a dotted path such as clinic.phone or sections[0].heading"))  # fmt: skip
        else:
            root = changed
    if problems:
        raise InputError(problems)
    return root


@functools.lru_cache(maxsize=4096)
def _value_node(text: str) -> Node:
    """A CSV cell's value as a node: the text as written (Open: 9–5, #1 Riverside, No and
    01632960100 are text), except a list in brackets, read as YAML (a colour: [100, 60, 0, 20])."""
    mark = yaml.Mark("<cell>", 0, 0, 0, "", 0)
    plain = ScalarNode(STR_TAG, text, mark, mark)
    if not (text.startswith("[") and text.endswith("]")) or "\n" in text or len(text) > 200:
        return plain
    try:
        events = list(yaml.parse(text, Loader=LOADER))
        if any(isinstance(e, yaml.AliasEvent) or getattr(e, "anchor", None) for e in events):
            return plain
        if sum(isinstance(e, yaml.CollectionStartEvent) for e in events) > 1:
            return plain
        value = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        return plain
    return value if isinstance(value, SequenceNode) else plain


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for part in path.split("."):
        name, *indexes = part.replace("]", "").split("[")
        steps.append(name)
        steps += [int(i) for i in indexes if i.isdigit()]
    return steps


def _set(node: Node, steps: list[str | int], value: Node) -> Node | None:
    """A copy of `node` with `value` at `steps` (None when there is no such place)."""
    head, rest = steps[0], steps[1:]
    if isinstance(head, int):
        if not isinstance(node, SequenceNode) or head >= len(node.value):
            return None
        kid = value if not rest else _set(node.value[head], rest, value)
        if kid is None:
            return None
        items = list(node.value)
        items[head] = kid
        return SequenceNode(node.tag, items, node.start_mark, node.end_mark, node.flow_style)
    if not isinstance(node, MappingNode):
        return None
    pairs = list(node.value)
    for index, (key, child) in enumerate(pairs):
        if key.value == head:
            kid = value if not rest else _set(child, rest, value)
            if kid is None:
                return None
            pairs[index] = (key, kid)
            return MappingNode(node.tag, pairs, node.start_mark, node.end_mark, node.flow_style)
    if rest:
        return None
    pairs.append((ScalarNode(STR_TAG, head, value.start_mark, value.end_mark), value))
    return MappingNode(node.tag, pairs, node.start_mark, node.end_mark, node.flow_style)


def _relocated(node: Node, location: Location) -> Node:
    """A copy of a value's nodes, every one marked at the override's location."""
    mark = yaml.Mark(location.file, 0, max(location.line - 1, 0), max(location.column - 1, 0), "", 0)
    if isinstance(node, SequenceNode):
        return SequenceNode(node.tag, [_relocated(k, location) for k in node.value], mark, mark, node.flow_style)
    if isinstance(node, MappingNode):
        pairs = [(_relocated(k, location), _relocated(v, location)) for k, v in node.value]
        return MappingNode(node.tag, pairs, mark, mark, node.flow_style)
    return ScalarNode(node.tag, node.value, mark, mark, getattr(node, "style", None))
