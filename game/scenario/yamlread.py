"""Read an untrusted YAML 1.2 file into plain mappings and lists that remember positions.

ruamel.yaml parses the text into events (with its C parser when ruamel.yaml.clib is
installed, about 20x faster than the pure-Python one); a small composer here builds the
tree from those events, so every mapping and list knows the line and column of its keys
and items. Scalars follow the YAML 1.2 core schema, except that dates stay text (the
format checks them itself, with a position).

Safety limits, each reported as a diagnostic rather than an exception:
size (MAX_BYTES), nesting depth (MAX_DEPTH), anchors and aliases (refused, so an alias
bomb cannot expand), tags other than YAML's standard ones (refused, so no object is ever
constructed from the file), duplicate keys, keys that are not plain values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..fileio import Unreadable, read_limited
from .diagnostics import Diagnostics
from .yamlhints import explain

try:  # the C parser is optional: the pure-Python one gives the same events, slower
    from ruamel.yaml.main import CParser
except ImportError:  # pragma: no cover - depends on the installation
    CParser = None

MAX_BYTES = 2_000_000
MAX_DEPTH = 64
# Past this size an error is reported as the C parser words it, rather than re-read with the
# pure-Python parser for the usual wording (20 s for a 2 MB flow list with an error at its end).
PURE_REPARSE_LIMIT = 200_000
TAG_PREFIX = "tag:yaml.org,2002:"
STANDARD_TAGS = {TAG_PREFIX + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}

# The YAML 1.2 core schema for plain scalars (as ruamel.yaml resolves them).
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:0b[0-1_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$")
_FLOAT = re.compile(r"""^(?:
     [-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""", re.X)


class YamlProblem(Exception):
    """Something in the file we refuse, at a 0-based (line, col)."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


class Place:
    """Where a mapping or list and its parts are in the file (0-based, like ruamel's ``lc``)."""

    __slots__ = ("line", "col", "keys", "values", "items", "source")

    def __init__(self, line: int, col: int) -> None:
        self.line, self.col = line, col
        self.keys: dict[Any, tuple[int, int]] = {}
        self.values: dict[Any, tuple[int, int]] = {}
        self.items: list[tuple[int, int]] = []
        self.source: str | None = None  # the whole text, kept on the root only

    def key(self, k: Any) -> tuple[int, int]:
        return self.keys[k]

    def value(self, k: Any) -> tuple[int, int]:
        return self.values[k]

    def item(self, i: int) -> tuple[int, int]:
        return self.items[i]


class Map(dict):
    """A YAML mapping; ``lc`` holds the positions of its keys and values."""

    lc: Place


class Seq(list):
    """A YAML sequence; ``lc`` holds the positions of its items."""

    lc: Place


class Styled(str):
    """A string written quoted or as a block; ``style`` is the YAML indicator."""

    style = ""


class SingleQuoted(Styled):
    style = "'"


class DoubleQuoted(Styled):
    style = '"'


class Literal(Styled):
    style = "|"


class Folded(Styled):
    style = ">"


_STYLES = {"'": SingleQuoted, '"': DoubleQuoted, "|": Literal, ">": Folded}


def read_bytes(path: Path, diagnostics: Diagnostics) -> bytes | None:
    """The file's bytes, or None with a diagnostic: size checked before reading, folders,
    pipes and devices refused (see game.fileio.read_limited)."""
    try:
        return read_limited(path, MAX_BYTES)
    except Unreadable as exc:
        diagnostics.error(1, 1, str(exc))
        return None


def parse_yaml(data: bytes, diagnostics: Diagnostics) -> Any:
    """Parse YAML text; on failure add a positioned error and return None."""
    if len(data) > MAX_BYTES:
        diagnostics.error(1, 1, f"data files are limited to {MAX_BYTES:,} bytes")
        return None
    wide = _utf16(data)
    if wide:
        diagnostics.error(1, 1, f"the file is saved as {wide} text: save it as UTF-8 text (in your editor: "
                                "Save As, Encoding: UTF-8)")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        diagnostics.error(line, col, _not_utf8(data, exc.start))
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        diagnostics.error(line, 1, "the file contains a NUL character (is it a binary file?)")
        return None
    if not text.strip():
        diagnostics.error(1, 1, "the file is empty")
        return None
    try:
        try:
            tree = _compose(_events(text, fast=CParser is not None))
        except (YAMLError, YamlProblem):
            if CParser is None or len(text) > PURE_REPARSE_LIMIT:
                raise  # a big file keeps the C parser's wording: the pure parser would take seconds
            # The C parser words errors differently; re-read with the pure parser so
            # messages and positions do not depend on how the game was installed.
            tree = _compose(_events(text, fast=False))
    except YamlProblem as exc:
        diagnostics.error(exc.line + 1, exc.col + 1, exc.message)
        return None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        context = exc.context_mark
        hint = explain(text, line - 1, col - 1, exc.problem or "", exc.context or "",
                       context.line if context is not None else None,
                       context.column if context is not None else None)
        if hint is not None:  # the fault in plain words, where it is
            diagnostics.error(hint[0] + 1, hint[1] + 1, hint[2])
            return None
        message = f"YAML: {exc.problem or exc.context or 'cannot read this YAML'}"
        if exc.problem and exc.context and context is not None and context.line + 1 != line:
            message += f" ({exc.context} that starts on line {context.line + 1})"
        diagnostics.error(line, col, message)
        return None
    except YAMLError as exc:
        diagnostics.error(1, 1, f"YAML: {exc}")
        return None
    except (RecursionError, MemoryError):
        diagnostics.error(1, 1, f"the file is nested deeper than {MAX_DEPTH} levels")
        return None
    except StopIteration:
        diagnostics.error(1, 1, "YAML: the file ends in the middle of a value")
        return None
    except (ValueError, TypeError, OverflowError) as exc:  # the reader's own checks
        diagnostics.error(1, 1, f"YAML: {exc}")
        return None
    if tree is None:  # only comments, '~' or 'null': callers take None as failure
        diagnostics.error(1, 1, "the file holds no data (only comments or null)")
    if isinstance(tree, (Map, Seq)):
        tree.lc.source = text
    return tree


def _utf16(data: bytes) -> str | None:
    """'UTF-16' when the bytes look like UTF-16 text (a byte-order mark, or every other byte
    zero, as Notepad's 'Unicode' saves it), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:400]
    if len(sample) >= 8 and (sample[1::2].count(0) >= len(sample) // 2 * 0.9
                             or sample[0::2].count(0) >= len(sample) // 2 * 0.9):
        return "UTF-16"
    return None


def _not_utf8(data: bytes, at: int) -> str:
    """What to do about bytes that are not UTF-8: an old 8-bit encoding or a binary file."""
    controls = sum(1 for b in data[:4000] if b < 9 or 13 < b < 32)
    if controls:
        return "the file is not text (is it a binary file?): a scenario or challenge is UTF-8 text"
    shown = data[at:at + 1].decode("cp1252", "replace")
    return (f"'{shown}' is saved in an older encoding (Latin-1 or Windows-1252): save the file as UTF-8 "
            "text (in your editor: Save As, Encoding: UTF-8)")


def _events(text: str, fast: bool) -> Iterator[Any]:
    if fast:
        parser = CParser(text)
        while True:
            event = parser.get_event()
            if event is None:
                return
            yield event
    else:
        yield from YAML(typ="safe", pure=True).parse(text)


def _compose(events: Iterator[Any]) -> Any:
    """Build the tree of the one document in the stream."""
    root: Any = None
    documents = 0
    for event in events:
        kind = type(event)
        if kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                raise YamlProblem(mark.line, mark.column, "a data file holds one YAML document; remove '---'")
            root = _node(next(events), events, 0)
        elif kind is StreamEndEvent:
            break
    return root


def _refuse(event: Any) -> None:
    """Aliases, anchors and non-standard tags: refused where they are written."""
    mark = event.start_mark
    if type(event) is AliasEvent:
        raise YamlProblem(mark.line, mark.column,
                          "YAML aliases (*name) are not allowed in data files; write the value out in full")
    if event.anchor:
        raise YamlProblem(mark.line, mark.column, "YAML anchors (&name) are not allowed in data files")
    tag = event.tag
    if tag is not None and tag != "!" and str(tag) not in STANDARD_TAGS:
        shown = str(tag).replace(TAG_PREFIX, "!!")
        raise YamlProblem(mark.line, mark.column, f"the tag '{shown}' is not allowed in data files")


def _node(event: Any, events: Iterator[Any], depth: int) -> Any:
    kind = type(event)
    if kind is AliasEvent or event.anchor or event.tag is not None:
        _refuse(event)
    if kind is ScalarEvent:
        return _scalar(event)
    mark = event.start_mark
    if depth >= MAX_DEPTH:
        raise YamlProblem(mark.line, mark.column, f"the file is nested deeper than {MAX_DEPTH} levels")
    tag = event.tag
    if kind is SequenceStartEvent:
        if tag is not None and tag not in ("!", TAG_PREFIX + "seq"):
            raise YamlProblem(mark.line, mark.column, f"a list cannot be tagged '{tag}'")
        seq = Seq()
        seq.lc = place = Place(mark.line, mark.column)
        items = place.items
        for item in events:
            if type(item) is SequenceEndEvent:
                return seq
            start = item.start_mark
            items.append((start.line, start.column))
            seq.append(_scalar(item) if type(item) is ScalarEvent and item.tag is None and not item.anchor
                       else _node(item, events, depth + 1))
    elif kind is MappingStartEvent:
        if tag is not None and tag not in ("!", TAG_PREFIX + "map"):
            raise YamlProblem(mark.line, mark.column, f"a mapping cannot be tagged '{tag}'")
        mapping = Map()
        mapping.lc = place = Place(mark.line, mark.column)
        keys, values = place.keys, place.values
        for key_event in events:
            if type(key_event) is MappingEndEvent:
                return mapping
            start = key_event.start_mark
            at = (start.line, start.column)
            if type(key_event) is not ScalarEvent:
                raise YamlProblem(*at, "a key must be a plain name or value, not a list or mapping")
            key = _node(key_event, events, depth + 1)
            if isinstance(key, float) and math.isnan(key):
                raise YamlProblem(*at, "a key cannot be .nan")
            if key in mapping:
                raise YamlProblem(*at, f"duplicate key '{key}' (first on line {keys[key][0] + 1})")
            value_event = next(events)
            keys[key] = at
            start = value_event.start_mark
            values[key] = (start.line, start.column)
            mapping[key] = (_scalar(value_event)
                            if type(value_event) is ScalarEvent and value_event.tag is None and not value_event.anchor
                            else _node(value_event, events, depth + 1))
    raise YamlProblem(mark.line, mark.column, "unexpected YAML structure")


def _scalar(event: Any) -> Any:
    value: str = event.value
    tag = event.tag
    style = event.style or ""
    if tag in (None, "!") and style:
        return _STYLES.get(style, str)(value) if style in _STYLES else value
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return value
        tag = _resolve(value)
    if tag == TAG_PREFIX + "str":
        return _STYLES[style](value) if style in _STYLES else value
    try:
        return _construct(tag, value)
    except (ValueError, OverflowError):
        mark = event.start_mark
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise YamlProblem(mark.line, mark.column,
                          f"'{shown}' is not a valid {tag.replace(TAG_PREFIX, '')}") from None


def _resolve(value: str) -> str:
    if _NULL.match(value):
        return TAG_PREFIX + "null"
    if value in _BOOL:
        return TAG_PREFIX + "bool"
    if _INT.match(value):
        return TAG_PREFIX + "int"
    if _FLOAT.match(value):
        return TAG_PREFIX + "float"
    return TAG_PREFIX + "str"


def _construct(tag: str, value: str) -> Any:
    name = tag.replace(TAG_PREFIX, "")
    if name == "null":
        if not _NULL.match(value):
            raise ValueError(value)
        return None
    if name == "bool":
        if value not in _BOOL:
            raise ValueError(value)
        return _BOOL[value]
    if name == "int":
        digits = value.replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        digits = digits.lstrip("+-")
        if len(digits) > 400:
            raise ValueError(value)
        for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
            if digits.startswith(prefix):
                return sign * int(digits[2:], base)
        return sign * int(digits, 10)
    if name == "float":
        text = value.replace("_", "").lower()
        if text.endswith(".inf"):
            return -math.inf if text.startswith("-") else math.inf
        if text.endswith(".nan"):
            return math.nan
        return float(text)
    raise ValueError(value)


def parse_mapping(data: bytes, diagnostics: Diagnostics, expected: str) -> Any:
    """Parse YAML whose top level must be a mapping; on failure add a diagnostic (``expected``
    says what the file should hold) and return None."""
    tree = parse_yaml(data, diagnostics)
    if tree is not None and not isinstance(tree, dict):
        diagnostics.error(1, 1, expected)
        return None
    return tree


def position(node: Any, path: tuple, key_position: bool = False) -> tuple[int, int]:
    """1-based (line, col) of the value at ``path`` inside a parsed tree.

    Walks as far as the path exists; a missing key gives the position of its parent.
    ``key_position`` points at the key itself rather than its value (for unknown keys).
    """
    line, col = _own(node)
    current = node
    for depth, step in enumerate(path):
        last = depth == len(path) - 1
        lc = getattr(current, "lc", None)
        try:
            if isinstance(current, dict) and step in current:
                if lc is not None:
                    row, column = lc.key(step) if (last and key_position) else lc.value(step)
                    line, col = row + 1, column + 1
                current = current[step]
            elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
                if lc is not None:
                    row, column = lc.item(step)
                    line, col = row + 1, column + 1
                current = current[step]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line, col


def text_position(tree: Any, path: tuple, offset: int) -> tuple[int, int]:
    """1-based (line, col) of character ``offset`` inside the string at ``path``.

    Walks the file text from the start of the scalar, matching non-blank characters, so it
    works for plain, quoted, multi-line and block scalars alike (escapes aside).
    """
    line, col = position(tree, path)
    value = lookup(tree, path)
    place = getattr(tree, "lc", None)
    source = getattr(place, "source", None)
    if not isinstance(value, str) or source is None:
        return line, col
    lines = source.split("\n")
    row, column = line - 1, col - 1
    style = getattr(value, "style", "")
    if style in ("|", ">"):
        row, column = row + 1, 0  # the text starts on the line after the indicator
    elif style in ("'", '"'):
        column += 1
    wanted = sum(1 for ch in value[: max(offset, 0)] if not ch.isspace())
    total = sum(1 for ch in value if not ch.isspace())
    seen, last = 0, (line, col)
    while row < len(lines) and seen <= total:
        text = lines[row]
        while column < len(text):
            if not text[column].isspace():
                if seen == wanted:
                    return row + 1, column + 1
                seen += 1
                last = (row + 1, column + 2)  # just after this character
                if seen == total and wanted >= total:
                    return last  # the offset is past the text: point just after it
            column += 1
        row, column = row + 1, 0
    return last


def lookup(tree: Any, path: tuple) -> Any:
    current = tree
    for step in path:
        try:
            current = current[step]
        except (KeyError, IndexError, TypeError):
            return None
    return current


def _own(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return lc.line + 1, (lc.col or 0) + 1
    return 1, 1


def is_quoted(value: Any) -> bool:
    return isinstance(value, (SingleQuoted, DoubleQuoted))
