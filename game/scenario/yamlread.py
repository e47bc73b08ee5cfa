"""Read an untrusted YAML 1.2 file into plain mappings and lists that remember positions.

Safety limits, each reported as a diagnostic rather than an exception:
size (MAX_BYTES), nesting depth (MAX_DEPTH), anchors and aliases (refused, so an alias
bomb cannot expand), tags other than YAML's standard scalar/collection tags (refused, so
no object is ever constructed from the file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

from .diagnostics import Diagnostics

MAX_BYTES = 2_000_000
MAX_DEPTH = 64
STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
}


class _Refused(MarkedYAMLError):
    """A construct we do not accept in data files (alias, custom tag)."""


class _SafeComposer(Composer):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            raise _Refused(None, None, "YAML aliases (*name) are not allowed in data files; "
                           "write the value out in full", event.start_mark)
        event = self.parser.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise _Refused(None, None, "YAML anchors (&name) are not allowed in data files",
                           event.start_mark)
        tag = getattr(event, "tag", None)
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and tag not in (None, "!"):
            if str(tag) not in STANDARD_TAGS:
                raise _Refused(None, None, f"the tag '{tag}' is not allowed in data files",
                               event.start_mark)
        return super().compose_node(parent, index)


def _reader() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Composer = _SafeComposer
    yaml.max_depth = MAX_DEPTH
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    return yaml


def read_bytes(path: Path, diagnostics: Diagnostics) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            diagnostics.error(1, 1, f"file is {size:,} bytes; data files are limited to {MAX_BYTES:,} bytes")
            return None
        return path.read_bytes()[: MAX_BYTES + 1]
    except IsADirectoryError:
        diagnostics.error(1, 1, "this is a folder, not a file")
    except FileNotFoundError:
        diagnostics.error(1, 1, "no such file")
    except OSError as exc:
        diagnostics.error(1, 1, f"cannot read file: {exc.strerror or exc}")
    return None


def parse_yaml(data: bytes, diagnostics: Diagnostics) -> Any:
    """Parse YAML text; on failure add a positioned error and return None."""
    if len(data) > MAX_BYTES:
        diagnostics.error(1, 1, f"data files are limited to {MAX_BYTES:,} bytes")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        diagnostics.error(line, col, "the file is not UTF-8 text (is it a binary file?)")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        diagnostics.error(1, 1, "the file is empty")
        return None
    try:
        return _reader().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message = exc.problem or exc.context or "cannot read this YAML"
        if "maximum depth" in str(message):
            message = f"the file is nested deeper than {MAX_DEPTH} levels"
        diagnostics.error(line, col, f"YAML: {message}")
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        diagnostics.error(line, col, f"YAML: {getattr(exc, 'problem', None) or exc}")
    except RecursionError:
        diagnostics.error(1, 1, f"the file is nested deeper than {MAX_DEPTH} levels")
    except (ValueError, TypeError, OverflowError) as exc:
        diagnostics.error(1, 1, f"YAML: {exc}")
    return None


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


def _own(node: Any) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return lc.line + 1, (lc.col or 0) + 1
    return 1, 1


def is_quoted(value: Any) -> bool:
    return type(value).__name__ in ("SingleQuotedScalarString", "DoubleQuotedScalarString")
