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

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"[ \t\r\n]+")  # white space a YAML line fold leaves; a no-break space is kept
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
    try:
        return _compose_text(path.read_text(encoding="utf-8"), display)
    except FileNotFoundError:
        raise InputError([Diagnostic("file not found", Location(display))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Diagnostic(f"cannot read the file: {exc}", Location(display))]) from None


@functools.lru_cache(maxsize=32)
def _compose_text(text: str, display: str) -> Node | None:
    try:
        return yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
        problem = exc.problem or "invalid YAML"
        hint = "check the indentation and quote text that contains ': ' or starts with a symbol"
        raise InputError([Diagnostic(f"YAML syntax error: {problem}", where, hint=hint)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Diagnostic(f"YAML syntax error: {exc}", Location(display))]) from None


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

    def text(self, node: Node | None, path: str, *, hint: str = "") -> str | None:
        """A non-empty text scalar; numbers, dates and lists are refused with a hint."""
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.tag != STR_TAG:
            if isinstance(node, ScalarNode) and node.tag != "tag:yaml.org,2002:null":
                hint = hint or "put the value in quotes to make it text"
            self.error(node, path, f"expected text, found {describe(node)}", hint)
            return None
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


def _show(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return repr(node.value)
    if isinstance(node, SequenceNode):
        return "[" + ", ".join(_show(n) for n in node.value) + "]"
    return "a set of keys"


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
    try:
        value = yaml.compose(text, Loader=LOADER) or yaml.compose("''", Loader=LOADER)
    except yaml.YAMLError:
        value = yaml.compose(f"'{text}'", Loader=LOADER)
    assert value is not None
    return value


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
