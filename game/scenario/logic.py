"""Conditions that can never hold, or always hold, given what the scenario allows.

A conservative static analysis, shared by `validate` for scenarios (game.scenario.lint) and
for challenges (objectives): it warns only when it is certain.

* Ranges: every number stays inside its declared range (attributes, globals, trust -1..1,
  number settings), and effects only move it the ways the file's effects can: a quantity no
  effect raises never rises above where it starts. ``stance.USSR < -1.5`` on a -1..1 range,
  ``trust.France.USSR > 2`` and ``league > 0.9`` when nothing raises the league are caught.
* Flags, territories and dates (via game.scenario.facts.Facts, for single parts): a flag
  nothing sets, a holder no effect installs, a date outside the time it could be checked.
* Contradictions: ``X and not X``; ``a > 0.5 and a < 0.2``; and tautologies ``X or not X``.

Usage::

    reach = Reach(definition)
    reach.never("stance.USSR < -1.5", earliest_day, latest_day)   # -> reason or None
    reach.always("trust.France.USSR <= 1", earliest_day, latest_day)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine.errors import ExpressionError
from ..engine.expr import prepare
from . import model as m
from .facts import Facts, all_effects

Interval = tuple[float, float]
_FLIP = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE, ast.Eq: ast.Eq, ast.NotEq: ast.NotEq}


def parse(text: str | None) -> ast.AST | None:
    """The condition's syntax tree, or None when it is empty or does not parse (the compiler
    reports that itself)."""
    if not text:
        return None
    try:
        return ast.parse(prepare(text).strip(), mode="eval").body
    except (SyntaxError, ExpressionError, ValueError, RecursionError, MemoryError):
        return None


class Reach:
    """Where every number of a scenario can go: declared range, start, and the directions its
    effects move it."""

    def __init__(self, d: m.ScenarioDef) -> None:
        self.d = d
        self.facts = Facts(d)
        self.declared: dict[tuple, Interval] = {}
        self.start: dict[tuple, float] = {}
        for name, a in d.attributes.items():
            for pid, power in d.powers.items():
                key = ("attr", name, pid)
                self.declared[key] = (a.min, a.max)
                self.start[key] = power.attributes.get(name, a.default)
        for name, g in d.globals.items():
            self.declared[("global", name)] = (g.min, g.max)
            self.start[("global", name)] = g.value
        for giver in d.powers:
            for taker in d.powers:
                self.declared[("trust", giver, taker)] = (-1.0, 1.0)
                self.start[("trust", giver, taker)] = d.trust.get(giver, {}).get(taker, 0.0)
        self.settings: dict[str, Interval] = {}
        for sid, s in d.settings.items():
            if s.values is None:
                self.settings[sid] = (0.0 if s.min is None else s.min, 1.0 if s.max is None else s.max)
        self.reachable = self._reachable()

    # ------------------------------------------------------------- what effects do
    def _reachable(self) -> dict[tuple, Interval]:
        up: set[tuple] = set()
        down: set[tuple] = set()
        values: dict[tuple, list[float]] = {}
        for text in all_effects(self.d):
            try:
                tree = ast.parse(prepare(text).strip(), mode="exec")
            except (SyntaxError, ExpressionError, ValueError, RecursionError, MemoryError):
                continue
            if len(tree.body) != 1:
                continue
            statement = tree.body[0]
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                key = self._key(statement.targets[0])
                if key is None:
                    continue
                span = self._interval(statement.value, self.declared)
                if span is None:
                    up.add(key)
                    down.add(key)
                else:
                    values.setdefault(key, []).extend(span)
            elif isinstance(statement, ast.AugAssign):
                key = self._key(statement.target)
                if key is None:
                    continue
                span = self._interval(statement.value, self.declared)
                op = type(statement.op)
                if op is ast.Sub and span is not None:
                    span = (-span[1], -span[0])
                if op in (ast.Add, ast.Sub) and span is not None:
                    if span[1] > 0:
                        up.add(key)
                    if span[0] < 0:
                        down.add(key)
                else:
                    up.add(key)
                    down.add(key)
        reach = {}
        for key, (low, high) in self.declared.items():
            seen = [self.start[key], *values.get(key, [])]
            lo = low if key in down else max(low, min(seen))
            hi = high if key in up else min(high, max(seen))
            reach[key] = (lo, hi)
        return reach

    def _key(self, node: ast.AST) -> tuple | None:
        """The quantity a name stands for: ('attr', name, power), ('global', name), ('trust', a, b)."""
        if isinstance(node, ast.Name) and node.id in self.d.globals:
            return ("global", node.id)
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in self.d.attributes and node.attr in self.d.powers):
            return ("attr", node.value.id, node.attr)
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute)
                and isinstance(node.value.value, ast.Name) and node.value.value.id == "trust"
                and node.value.attr in self.d.powers and node.attr in self.d.powers):
            return ("trust", node.value.attr, node.attr)
        return None

    def _interval(self, node: ast.AST, table: dict[tuple, Interval]) -> Interval | None:
        """Lowest and highest value a number expression can take, or None if unknown."""
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool):
            return (float(node.value), float(node.value))
        key = self._key(node)
        if key is not None:
            return table.get(key)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "setting":
            return self.settings.get(node.attr)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self._interval(node.operand, table)
            if inner is None:
                return None
            return inner if isinstance(node.op, ast.UAdd) else (-inner[1], -inner[0])
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
            a = self._interval(node.left, table)
            b = self._interval(node.right, table)
            if a is None or b is None:
                return None
            if isinstance(node.op, ast.Add):
                return (a[0] + b[0], a[1] + b[1])
            if isinstance(node.op, ast.Sub):
                return (a[0] - b[1], a[1] - b[0])
            products = [x * y for x in a for y in b]
            return (min(products), max(products))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            args = [self._interval(arg, table) for arg in node.args]
            if not args or any(a is None for a in args):
                return None
            spans = [a for a in args if a is not None]
            name = node.func.id
            if name == "min" and len(spans) >= 2:
                return (min(a[0] for a in spans), min(a[1] for a in spans))
            if name == "max" and len(spans) >= 2:
                return (max(a[0] for a in spans), max(a[1] for a in spans))
            if name == "abs" and len(spans) == 1:
                lo, hi = spans[0]
                return (0.0 if lo <= 0 <= hi else min(abs(lo), abs(hi)), max(abs(lo), abs(hi)))
            if name == "clip" and len(spans) == 3:
                (x0, x1), (l0, l1), (h0, h1) = spans
                return (min(max(x0, l0), h0), min(max(x1, l1), h1))
        return None

    # ------------------------------------------------------------- conditions
    def never(self, text: str | None, earliest: int, latest: int) -> str | None:
        """Why the condition can never hold between those days, or None if it might."""
        tree = parse(text)
        return None if tree is None else self._never(tree, earliest, latest)

    def always(self, text: str | None, earliest: int, latest: int) -> str | None:
        """Why the condition always holds between those days, or None if it might not."""
        tree = parse(text)
        return None if tree is None else self._always(tree, earliest, latest)

    def _never(self, node: ast.AST, earliest: int, latest: int) -> str | None:
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
            for part in node.values:
                reason = self._never(part, earliest, latest)
                if reason:
                    return reason
            return _contradiction(node.values) or self._empty_range(node.values)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            reasons = [self._never(part, earliest, latest) for part in node.values]
            return " and ".join(r for r in reasons if r) if all(reasons) else None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            reason = self._always(node.operand, earliest, latest)
            if reason:
                return reason
        reason = self.facts.atom_never(node, earliest, latest)
        if reason:
            return reason
        return self._compare(node, earliest, latest, want=False)

    def _always(self, node: ast.AST, earliest: int, latest: int) -> str | None:
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            for part in node.values:
                reason = self._always(part, earliest, latest)
                if reason:
                    return reason
            return _tautology(node.values)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
            reasons = [self._always(part, earliest, latest) for part in node.values]
            return "; ".join(r for r in reasons if r) if all(reasons) else None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self._never(node.operand, earliest, latest)
        if isinstance(node, ast.Constant) and node.value is True:
            return "the condition is always true"
        if isinstance(node, ast.Name) and node.id in ("true", "True"):
            return "the condition is always true"
        return self._compare(node, earliest, latest, want=True)

    def _compare(self, node: ast.AST, earliest: int, latest: int, want: bool) -> str | None:
        """For a comparison of numbers: why it is always ``want``, or None."""
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
            return None
        op = type(node.ops[0])
        for table in (self.declared, self.reachable):  # the declared range is the plainer reason
            left = self._interval(node.left, table)
            right = self._interval(node.comparators[0], table)
            if left is None or right is None:
                return None
            if want and not _may_hold(_NEGATE[op], left, right):
                return f"'{_source(node)}' always holds: {self._why(node, table is self.declared)}"
            if not want and not _may_hold(op, left, right):
                return f"'{_source(node)}' can never hold: {self._why(node, table is self.declared)}"
        return None

    def _why(self, node: ast.Compare, declared: bool) -> str:
        """The ranges behind a verdict: 'stance.USSR stays between -1 and 1'."""
        parts = []
        for side in (node.left, node.comparators[0]):
            key = self._key(side)
            if key is None:
                continue
            low, high = self.declared[key]
            lo, hi = self.reachable[key]
            name = _source(side)
            if declared or (lo, hi) == (low, high):
                parts.append(f"{name} stays between {low:g} and {high:g}")
            else:
                parts.append(f"{name} starts at {self.start[key]:g} and the effects keep it between "
                             f"{lo:g} and {hi:g}")
        return "; ".join(parts) or "the numbers on both sides cannot meet"

    def _empty_range(self, parts: list[ast.expr]) -> str | None:
        """'a > 0.5 and a < 0.2': bounds on one quantity that exclude each other."""
        bounds: dict[str, list[float]] = {}
        for part in parts:
            if not (isinstance(part, ast.Compare) and len(part.ops) == 1):
                continue
            left, op, right = part.left, type(part.ops[0]), part.comparators[0]
            if isinstance(left, ast.Constant):
                left, right, op = right, left, _FLIP.get(op, op)
            if not (isinstance(right, ast.Constant) and isinstance(right.value, (int, float))):
                continue
            name = _source(left)
            low, high = bounds.setdefault(name, [float("-inf"), float("inf")])
            value = float(right.value)
            if op in (ast.Gt, ast.GtE):
                bounds[name][0] = max(low, value + (1e-12 if op is ast.Gt else 0))
            elif op in (ast.Lt, ast.LtE):
                bounds[name][1] = min(high, value - (1e-12 if op is ast.Lt else 0))
            elif op is ast.Eq:
                bounds[name] = [max(low, value), min(high, value)]
            if bounds[name][0] > bounds[name][1]:
                return f"the parts about {name} contradict each other"
        return None


_NEGATE = {ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE, ast.LtE: ast.Gt, ast.Eq: ast.NotEq,
           ast.NotEq: ast.Eq}


def _may_hold(op: type, a: Interval, b: Interval) -> bool:
    """Can ``x op y`` hold for some x in a and y in b?"""
    if op is ast.Lt:
        return a[0] < b[1]
    if op is ast.LtE:
        return a[0] <= b[1]
    if op is ast.Gt:
        return a[1] > b[0]
    if op is ast.GtE:
        return a[1] >= b[0]
    if op is ast.Eq:
        return a[0] <= b[1] and b[0] <= a[1]
    if op is ast.NotEq:
        return not (a[0] == a[1] == b[0] == b[1])
    return True


def _negations(parts: list[ast.expr]) -> Iterator[str]:
    """A part written both plainly and with 'not' in front."""
    plain = {ast.dump(p) for p in parts if not (isinstance(p, ast.UnaryOp) and isinstance(p.op, ast.Not))}
    for p in parts:
        if isinstance(p, ast.UnaryOp) and isinstance(p.op, ast.Not) and ast.dump(p.operand) in plain:
            yield _source(p.operand)


def _contradiction(parts: list[ast.expr]) -> str | None:
    for name in _negations(parts):
        return f"it asks for both '{name}' and 'not {name}'"
    return None


def _tautology(parts: list[ast.expr]) -> str | None:
    for name in _negations(parts):
        return f"'{name} or not {name}' is always true"
    return None


def _source(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except (ValueError, TypeError, RecursionError):
        return "this part"
