"""Fuzz the expression compiler with random strings and random expression trees.

Only ExpressionError may escape compile_expression / compile_effect; whatever compiles
evaluates over worlds without raising and gives a value of the declared kind.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.errors import ExpressionError
from game.engine.expr import compile_effect, compile_expression

from .test_expr import SYMBOLS, state

FUZZ = settings(max_examples=300, deadline=None)

ALLOWED_LEAVES = [
    "stance.France", "readiness.Germany", "trust.France.Germany", "league", "date", "Germany",
    "flag.munich", "territory.sudetenland", "setting.resolve", "'firm'", "true", "false",
    "0", "1", "0.5", "-2", "1938-09-01", "1e308",
]
REFUSED_LEAVES = [
    "__import__", "_private", "x", "stance", "stance.Frnace", "flag.__class__", "'frim'",
    "1938-02-30", "b'x'", "1j", "...", "None", "os", "open", "9" * 400,
]
LEAF = st.sampled_from(ALLOWED_LEAVES) | st.sampled_from(REFUSED_LEAVES)


# Node shapes with up to three holes ({0} {1} {2}): allowed ones first, then refused ones.
TEMPLATES = [
    "({0} + {1})", "({0} - {1})", "({0} * {1})", "({0} / {1})", "({0} < {1})", "({0} == {1})",
    "({0} and {1})", "({0} or {1})", "(not {0})", "(-{0})", "({0} if {1} else {2})",
    "min({0}, {1})", "max({0}, {1}, {2})", "abs({0})", "clip({0}, {1}, {2})",
    "({0} ** {1})", "({0} // {1})", "({0} % {1})", "({0} in {1})", "({0} is {1})", "({0} << {1})",
    "(lambda: {0})", "[{0} for x in y]", "({0} for x in y)", "{{{0}: {1}}}", "[{0}]", "({0},)",
    "{0}[{1}]", "{0}.real", "{0}.__class__", "open({0})", "min({0})", "abs({0}, x=1)",
    "(y := {0})", "f'{{{0}}}'", "~{0}", "eval('{0}')", "*{0}", "{0}({1})",
]


def _grow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # One template strategy (not one strategy per shape): hypothesis generates this quickly.
    return st.tuples(st.sampled_from(TEMPLATES), children, children, children).map(
        lambda t: t[0].format(t[1], t[2], t[3]))


EXPRESSIONS = st.recursive(LEAF, _grow, max_leaves=12)
TARGETS = st.sampled_from(["stance.France", "trust.France.Germany", "league", "flag.munich",
                           "territory.sudetenland", "setting.resolve", "date", "Germany",
                           "stance", "x", "__x", "flag.munich.x", "(league)", "league[0]"])
OPERATORS = st.sampled_from(["=", "+=", "-=", "*=", "/=", "**=", "==", ":=", ""])


def _check_compiled(compiled, kind: str) -> None:
    with np.errstate(all="ignore"):
        value = np.broadcast_to(np.asarray(compiled.fn(state(3))), (3,))
    if kind == "bool":
        assert value.dtype == bool
    else:
        assert np.issubdtype(value.dtype, np.number) or value.dtype == bool


def _compile(text: str, kind: str) -> None:
    try:
        compiled = compile_expression(text, SYMBOLS, kind)
    except ExpressionError as exc:
        assert exc.message and 0 <= exc.offset <= max(len(text), 1)
        return
    _check_compiled(compiled, kind)


@FUZZ
@given(st.text(max_size=80))
def test_random_strings_raise_only_expression_error(text):
    """Any text whatever: compiled, or refused with ExpressionError and an offset inside it."""
    for kind in ("bool", "num"):
        _compile(text, kind)
    try:
        compile_effect(text, SYMBOLS)
    except ExpressionError:
        pass


@FUZZ
@given(EXPRESSIONS)
def test_random_expression_trees_raise_only_expression_error(text):
    """Random trees of allowed and refused nodes: compiled and evaluable, or ExpressionError."""
    for kind in ("bool", "num"):
        _compile(text, kind)


@FUZZ
@given(TARGETS, OPERATORS, EXPRESSIONS)
def test_random_effects_raise_only_expression_error(target, operator, value):
    """Random assignments: a compiled effect whose value evaluates, or ExpressionError."""
    try:
        effect = compile_effect(f"{target} {operator} {value}", SYMBOLS)
    except ExpressionError:
        return
    assert effect.op in ("=", "+=", "-=", "*=")
    with np.errstate(all="ignore"):
        np.broadcast_to(np.asarray(effect.value.fn(state(3))), (3,))


def test_refused_node_kinds_are_never_compiled():
    """Each refused construct on its own raises ExpressionError (never compiles, never evaluates)."""
    for text in ["__import__('os')", "(lambda: 1)()", "[x for x in y]", "{x for x in y}",
                 "{x: 1 for x in y}", "(x for x in y)", "2 ** 3 > 1", "stance.France.__class__",
                 "eval('1')", "exec('1')", "getattr(stance, 'x')", "stance[0] > 0", "x" * 10_000]:
        try:
            compile_expression(text, SYMBOLS)
        except ExpressionError:
            continue
        raise AssertionError(f"compiled: {text[:40]}")
