"""What the effects of a scenario can ever make true: which flags can be set or cleared, which
powers can come to hold each territory. The range analysis (game.scenario.logic.Reach) asks
it about single parts of a condition; lint reads the effect lists."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ..engine import registry
from ..engine.registry import StateKind
from . import model as m


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

    def atom_never(self, node: ast.AST, earliest: int, latest: int) -> str | None:
        """Why one part of a condition (no 'and' / 'or' in it) can never hold between those
        dates given what effects can do, or None if it might. The walk over 'and', 'or' and
        'not' is game.scenario.logic.Reach's, the one range analysis there is."""
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
