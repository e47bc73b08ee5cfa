"""Turn pydantic validation errors into positioned, readable diagnostics."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..engine.expr import suggest
from ..engine.names import resolve_power
from .diagnostics import Diagnostics
from .yamlread import position

M = TypeVar("M", bound=BaseModel)
IDENT_HELP = "names use letters, digits and '_', starting with a letter"


def _field_names(model: type[BaseModel], seen: set | None = None) -> set[str]:
    """Every key any model of the format accepts, for 'did you mean' on unknown keys."""
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            names |= _field_names(inner, seen)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and hasattr(annotation, "__metadata__"):
        found.extend(_models_in(origin))
    return found


def report_validation_error(exc: ValidationError, tree: Any, diagnostics: Diagnostics,
                            model: type[BaseModel]) -> None:
    known = sorted(_field_names(model))
    reported: set[tuple] = set()
    expected: dict[tuple, list[str]] = {}  # union members: 'a number or text' at one place
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        is_key = bool(loc) and loc[-1] == "[key]"
        path = tuple(step for step in loc if step != "[key]")
        # Union members add their type names to the path; keep only steps present in the file.
        path = _existing_prefix(tree, path) if kind != "missing" else path
        line, col = position(tree, path, key_position=is_key or kind == "extra_forbidden")
        name = _name(path)
        if is_key and kind != "extra_forbidden":
            message = f"the key {_show(path[-1] if path else '')} is not a valid name: {IDENT_HELP}"
        elif kind == "missing":
            line, col = position(tree, path[:-1])
            message = f"missing required key '{loc[-1]}'"
        elif kind == "extra_forbidden":
            message = f"unknown key '{path[-1] if path else ''}'{suggest(str(path[-1] if path else ''), known)}"
        elif kind == "string_pattern_mismatch":
            pattern = str(error.get("ctx", {}).get("pattern", ""))
            if "\\d{4}" in pattern:
                message = f"expected a date written YYYY-MM-DD, found {_show(error['input'])}"
            elif pattern.startswith("^#"):
                message = f"expected a colour written #rrggbb, found {_show(error['input'])}"
            else:
                message = f"{_show(error['input'])} is not a valid name: {IDENT_HELP}"
                meant = _power_meant(tree, error["input"])
                if meant:
                    message = f"{_show(error['input'])} is not a valid name: this scenario calls it '{meant}'"
        elif kind == "literal_error":
            message = f"{name} must be {error.get('ctx', {}).get('expected', '')}"
        elif kind in ("dict_type", "model_type", "model_attributes_type"):
            message = f"{name} must be a mapping of keys to values" if name else "expected a mapping"
            glued = re.match(r"^([A-Za-z_]\w*):(\S.*)$", error["input"]) if isinstance(error["input"], str) else None
            if glued:  # 'transit:closed' is text to YAML: the colon needs a space after it
                col += len(glued.group(1)) + 1
                message = f"line {line}: put a space after the colon: '{glued.group(1)}: {glued.group(2)}'"
        elif kind == "list_type":
            message = f"{name} must be a list (items start with '- ')"
        elif kind in TYPE_WORDS:
            words = expected.setdefault((line, col), [])
            if TYPE_WORDS[kind] in words:
                continue
            words.append(TYPE_WORDS[kind])
            message = f"{name} must be {' or '.join(words)}, found {_show(error['input'])}"
            if len(words) > 1:  # replace the narrower message given for the first member
                narrower = f"{name} must be "
                diagnostics.items = [d for d in diagnostics.items
                                     if not (d.line == line and d.col == col and d.message.startswith(narrower))]
        elif kind == "string_too_long":
            message = f"{name} is too long (at most {error.get('ctx', {}).get('max_length')} characters)"
        else:
            message = f"{name}: {error['msg']}" if name else error["msg"]
        key = (line, col, message)
        if key in reported:
            continue
        reported.add(key)
        diagnostics.error(line, col, message)


def without_unknown_keys(exc: ValidationError, tree: Any, model: type[M]) -> M | None:
    """``tree`` read as ``model`` with its unknown keys left out, when they were its only fault;
    None otherwise.

    Why: a misspelt key ('breifing', 'pionts') is reported already; dropping it lets the checks
    that need the whole file (names against the scenario, expressions) run on the rest, so the
    writer sees every error at once. ``tree`` loses those keys; the others keep their positions."""
    errors = exc.errors(include_url=False)
    if any(error["type"] != "extra_forbidden" for error in errors):
        return None  # a wrong type or a missing key: what depends on it cannot be checked
    for error in errors:
        *steps, key = error["loc"]
        node = tree
        for step in steps:  # a union member's name in the path is no place in the file: skip it
            inside = step in node if isinstance(node, dict) else (
                isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node))
            if inside:
                node = node[step]
        if isinstance(node, dict):
            node.pop(key, None)
    try:
        return model.model_validate(tree)
    except ValidationError:
        return None


TYPE_WORDS = {
    "int_parsing": "a whole number", "int_type": "a whole number", "int_from_float": "a whole number",
    "float_parsing": "a number", "float_type": "a number", "finite_number": "a finite number",
    "bool_parsing": "true or false", "bool_type": "true or false",
    "string_type": "text (put it in quotes)",
}


def _power_meant(tree: Any, value: Any) -> str | None:
    """The power id a name such as 'Soviet Union' means in this scenario, or None."""
    powers = tree.get("powers") if isinstance(tree, dict) else None
    if not isinstance(value, str) or not isinstance(powers, dict):
        return None
    pairs = [(str(pid), str(p.get("name", pid)) if isinstance(p, dict) else str(pid)) for pid in powers
             for p in [powers[pid]]]
    return resolve_power(value, pairs)


def _name(path: tuple) -> str:
    """How a message names the place: 'priority', or 'item 2 of events'."""
    if not path:
        return ""
    last = path[-1]
    if isinstance(last, int):
        parent = f" of '{path[-2]}'" if len(path) > 1 and isinstance(path[-2], str) else ""
        return f"item {last + 1}{parent}"
    return f"'{last}'"


def _show(value: Any) -> str:
    """A value quoted for a message, cut short so a huge input cannot flood the output."""
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def _existing_prefix(tree: Any, path: tuple) -> tuple:
    current = tree
    kept = []
    for step in path:
        in_list = isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current)
        if isinstance(current, dict) and step in current or in_list:
            current = current[step]
        else:
            continue  # a union member's name or similar: not a place in the file
        kept.append(step)
    return tuple(kept)
