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

from .errors import Diagnostic, InputError, Location, did_you_mean
from .limits import LIST_ITEMS, YAML_ALIASES, YAML_BYTES, YAML_NODES, read_file

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"[ \t\r\n\x0b\x0c\x85\u2028\u2029]+")  # spaces and line breaks; a no-break space is kept
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same nodes and marks, faster
STR_TAG = "tag:yaml.org,2002:str"
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


def compose(path: Path, display: str) -> Node | None:
    """Parse a YAML file to nodes; syntax errors become an InputError with their location.

    The nodes are shared between calls for an unchanged file (a batch reads its template once
    per process): callers must not change them (apply_overrides copies what it changes)."""
    data = read_file(path, YAML_BYTES, "YAML file", display)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Diagnostic(f"cannot read the file: {exc}", Location(display))]) from None
    return _compose_text(text, display)


@functools.lru_cache(maxsize=32)
def _compose_text(text: str, display: str) -> Node | None:
    try:
        _check_shape(text, display)
        return yaml.compose(text, Loader=LOADER)
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
    """Typed access to YAML nodes that records problems instead of raising."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[Diagnostic] = []
        self.locations: dict[str, Location] = {}

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
        """A non-empty text scalar; numbers, dates and lists are refused with a hint. With
        `lines`, its line breaks are kept (an address written on several lines)."""
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.tag != STR_TAG:
            if isinstance(node, ScalarNode) and node.tag != "tag:yaml.org,2002:null":
                hint = hint or "put the value in quotes to make it text"
            self.error(node, path, f"expected text, found {describe(node)}", hint)
            return None
        if lines:
            kept = [_SPACES.sub(" ", line).strip(" ") for line in str(node.value).splitlines()]
            value = "\n".join(line for line in kept if line)
        else:
            paragraphs = [_SPACES.sub(" ", p).strip(" ") for p in _BLANK_LINE.split(str(node.value))]
            value = "\n\n".join(p for p in paragraphs if p)
        if not value:
            self.error(node, path, "expected text, found an empty value", "write the text, or remove the key")
            return None
        return value

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
    """A cell's value as a node: read as YAML where it is plain YAML (a list, a number), else as
    the text it is (anything YAML cannot read, or would read with aliases or deep nesting)."""
    mark = yaml.Mark("<cell>", 0, 0, 0, "", 0)
    plain = ScalarNode(STR_TAG, text, mark, mark)
    if "\n" in text or "\r" in text:
        return plain  # a cell of several lines (an address): its line breaks are its own
    try:
        events = list(yaml.parse(text, Loader=LOADER))
        if any(isinstance(e, yaml.AliasEvent) or getattr(e, "anchor", None) for e in events):
            return plain
        if sum(isinstance(e, yaml.CollectionStartEvent) for e in events) > 8:
            return plain
        value = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        return plain
    return value if value is not None else ScalarNode(STR_TAG, "", mark, mark)


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
