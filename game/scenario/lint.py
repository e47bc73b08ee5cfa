"""Warnings a scenario author wants: unreachable events and endings, rules without sources,
settings and flags that nothing uses. A conservative static analysis: it warns only when a
condition can certainly never hold."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

from ..engine import registry
from ..engine.dates import parse_iso
from ..engine.errors import ExpressionError
from ..engine.expr import prepare
from ..engine.registry import StateKind
from . import model as m
from .diagnostics import Diagnostics
from .yamlread import position


def _tracked() -> dict[str, StateKind]:
    """Kinds whose effects set a named on/off or held-by state ("flag.x = ...",
    "territory.x = ..."): a fixed head word, one name after it, a bool or power value."""
    return {kind.head: kind for kind in registry.KINDS
            if kind.head is not None and len(kind.axes) == 1 and kind.value in ("bool", "power")}


def _all_rules(d: m.ScenarioDef) -> Iterator[tuple[tuple, m.Provenanced, list[str]]]:
    """(path, item, effects) for every effect-bearing item in the file."""
    for i, e in enumerate(d.events):
        for power, options in e.options.items():
            for k, o in enumerate(options):
                yield ("events", i, "options", power, k), o, o.effects
        for k, r in enumerate(e.resolve):
            yield ("events", i, "resolve", k), r, r.effects + r.else_effects
    for k, r in enumerate(d.rules):
        yield ("rules", k), r, r.effects + r.else_effects


class Facts:
    """What effects anywhere in the file can ever make true."""

    def __init__(self, d: m.ScenarioDef) -> None:
        self.d = d
        self.can_set: set[str] = {f for f, v in d.flags.items() if v.value}
        self.can_clear: set[str] = {f for f, v in d.flags.items() if not v.value}
        self.holders: dict[str, set[str]] = {t: {v.holder} for t, v in d.territories.items()}
        tracked = _tracked()
        assign = re.compile(rf"^\s*({'|'.join(tracked)})\.([A-Za-z]\w*)\s*=(?!=)\s*(.+?)\s*$")
        for _, _, effects in _all_rules(d):
            for text in effects:
                match = assign.match(text)
                if not match:
                    continue
                head, name, value = match.groups()
                if tracked[head].value == "bool":
                    if value.lower() != "false":
                        self.can_set.add(name)
                    if value.lower() != "true":
                        self.can_clear.add(name)
                else:
                    self.holders.setdefault(name, set()).add(value)

    def blocker(self, text: str | None, earliest: int, latest: int) -> str | None:
        """Why the condition can never hold between those dates, or None if it might."""
        if not text:
            return None
        try:
            tree = ast.parse(prepare(text).strip(), mode="eval").body
        except (SyntaxError, ExpressionError, ValueError):
            return None
        return self._never(tree, earliest, latest)

    def blocker_of(self, node: ast.AST, earliest: int, latest: int) -> str | None:
        """``blocker`` for a condition already parsed (see game.scenario.logic)."""
        return self._never(node, earliest, latest)

    def _never(self, node: ast.AST, earliest: int, latest: int) -> str | None:
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
            for part in node.values:
                reason = self._never(part, earliest, latest)
                if reason:
                    return reason
            return None
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            reasons = [self._never(part, earliest, latest) for part in node.values]
            return " and ".join(reasons) if all(reasons) else None  # type: ignore[arg-type]
        if isinstance(node, ast.Constant) and node.value is False:
            return "the condition is always false"
        if isinstance(node, ast.Name) and node.id in ("false", "False"):
            return "the condition is always false"
        flag = _flag_name(node)
        if flag and flag not in self.can_set:
            return f"flag.{flag} is never set to true"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            flag = _flag_name(node.operand)
            if flag and flag not in self.can_clear:
                return f"flag.{flag} is never false"
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            return self._never_compare(node, earliest, latest)
        return None

    def _never_compare(self, node: ast.Compare, earliest: int, latest: int) -> str | None:
        left, op, right = node.left, node.ops[0], node.comparators[0]
        if (isinstance(left, ast.Attribute) and isinstance(left.value, ast.Name)
                and left.value.id == "territory" and isinstance(op, ast.Eq)
                and isinstance(right, ast.Name)):
            holders = self.holders.get(left.attr, set())
            if right.id not in holders:
                return f"no effect ever gives territory.{left.attr} to {right.id}"
        if isinstance(left, ast.Name) and left.id == "date" and isinstance(right, ast.Constant):
            day = right.value
            if isinstance(day, (int, float)):
                if isinstance(op, (ast.Gt, ast.GtE)) and (day > latest or (isinstance(op, ast.Gt) and day == latest)):
                    return "the date in the condition comes after it could be checked"
                if isinstance(op, (ast.Lt, ast.LtE)) and (
                        day < earliest or (isinstance(op, ast.Lt) and day == earliest)):
                    return "the date in the condition comes before it could be checked"
        return None


def all_effects(d: m.ScenarioDef) -> Iterator[str]:
    """Every effect text in the file."""
    for _, _, effects in _all_rules(d):
        yield from effects


def _flag_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "flag":
        return node.attr
    return None


def _day(text: str) -> int | None:
    try:
        return parse_iso(text)
    except ValueError:
        return None


def lint(d: m.ScenarioDef, tree: Any, diagnostics: Diagnostics) -> None:
    def warn(path: tuple, message: str) -> None:
        line, col = position(tree, path)
        diagnostics.warning(line, col, message)

    start, end = _day(d.start), _day(d.end)
    if start is None or end is None:
        return
    from .logic import Reach  # logic builds on Facts above

    reach = Reach(d)
    for i, e in enumerate(d.events):
        day = _day(e.date) or start
        reason = reach.never(e.when, day, day)
        if reason:
            warn(("events", i, "when"), f"event '{e.id}' can never happen: {reason}")
        elif reach.always(e.when, day, day):
            warn(("events", i, "when"), f"the condition of event '{e.id}' always holds "
                                        f"({reach.always(e.when, day, day)}); remove it or fix it")
        for power, options in e.options.items():
            for k, o in enumerate(options):
                reason = reach.never(o.available, day, day)
                if reason:
                    warn(("events", i, "options", power, k, "available"),
                         f"option '{o.id}' of {power} can never be chosen: {reason}")
        for k, r in enumerate(e.resolve):
            _rule_checks(reach, r, ("events", i, "resolve", k), day, day, warn)
    for k, r in enumerate(d.rules):
        _rule_checks(reach, r, ("rules", k), start, end, warn)
    for i, ending in enumerate(d.endings):
        reason = reach.never(ending.when, start, end)
        if reason and not ending.fallback:
            warn(("endings", i, "when"), f"ending '{ending.id}' can never be reached: {reason}")

    event_provenance = {i: bool(e.sources or e.assumption is not None) for i, e in enumerate(d.events)}
    for path, item, effects in _all_rules(d):
        inherited = path[0] == "events" and event_provenance[path[1]]
        if effects and not (item.sources or item.assumption is not None or inherited):
            warn(path, f"'{getattr(item, 'id', '?')}' changes the world but cites no sources; "
                       "add 'sources' or mark it with 'assumption'")

    has_history = any(o.historical for e in d.events for options in e.options.values() for o in options)
    for path, item, _ in _all_rules(d):
        if has_history and getattr(item, "chance", None) and getattr(item, "historical", None) is None:
            warn(path, f"chance rule '{getattr(item, 'id', '?')}' does not say what happened in history; add "
                       "'historical: fires' or 'historical: fails' so that replay follows history")

    text = "\n".join(_expression_texts(d))
    for sid in d.settings:
        if not re.search(rf"\bsetting\.{sid}\b", text):
            warn(("settings", sid), f"setting '{sid}' is never read by any rule")
    for flag in d.flags:
        if not re.search(rf"\bflag\.{flag}\b", text):
            warn(("flags", flag), f"flag '{flag}' is declared but never used")


def _rule_checks(reach: Any, r: m.RuleDef, path: tuple, earliest: int, latest: int, warn: Any) -> None:
    reason = reach.never(r.when, earliest, latest)
    if reason:
        warn((*path, "when"), f"rule '{r.id}' can never fire: {reason}")
        return
    reason = reach.always(r.when, earliest, latest)
    if reason:
        warn((*path, "when"), f"the condition of rule '{r.id}' always holds ({reason}); remove it or fix it")


def _expression_texts(d: m.ScenarioDef) -> Iterator[str]:
    for e in d.events:
        yield e.when or ""
        for options in e.options.values():
            for o in options:
                yield o.available or ""
                yield from o.effects
                yield from (mod.when for mod in o.ai.modifiers)
        for r in e.resolve:
            yield from (r.when or "", r.chance or "", *r.effects, *r.else_effects)
    for r in d.rules:
        yield from (r.when or "", r.chance or "", *r.effects, *r.else_effects)
    for ending in d.endings:
        yield ending.when or ""
