"""The whitelist expression compiler: what it accepts, and everything it refuses."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.errors import ExpressionError
from game.engine.expr import Symbols, compile_effect, compile_expression
from game.engine.spec import Setting
from game.engine.state import WorldState

SYMBOLS = Symbols(
    attributes=["stance", "readiness"], powers=["Germany", "France"], globals=["league"],
    flags=["munich"], territories=["sudetenland"],
    settings={"resolve": Setting("resolve", "Resolve", "", "choice", ("firm", "bluff"), default="firm")},
)


def state(worlds: int = 3) -> WorldState:
    return WorldState(
        tables={
            "attr": np.array([[[1.0] * worlds, [0.2, 0.5, 0.8][:worlds]], [[0.5] * worlds, [0.5] * worlds]]),
            "trust": np.zeros((2, 2, worlds)), "global": np.array([[0.3] * worlds]),
            "flag": np.array([[True, False, True][:worlds]]), "territory": np.zeros((1, worlds), dtype=np.int16),
        },
        settings=np.zeros((1, worlds)), fired=np.zeros((0, worlds), bool),
        ending=np.full(worlds, -1, np.int16), ending_date=np.zeros(worlds, np.int32),
        turns=np.zeros(worlds, np.int32), date=14000,
    )


def test_issue_example_condition_compiles_to_a_mask():
    compiled = compile_expression("stance.France >= 0.5 and not flag.munich and date >= 1938-09-01", SYMBOLS)
    assert compiled.fn(state()).tolist() == [False, False, False]
    compiled = compile_expression("stance.France >= 0.5 or flag.munich", SYMBOLS)
    assert compiled.fn(state()).tolist() == [True, True, True]


def test_settings_compare_with_their_values():
    assert compile_expression("setting.resolve == 'firm'", SYMBOLS).fn(state()).all()


def test_territory_compares_with_power_names():
    assert compile_expression("territory.sudetenland == Germany", SYMBOLS).fn(state()).all()


def test_formulas_with_allowed_calls():
    f = compile_expression("clip(stance.France * 2, 0, 1) + min(league, 0.1) + abs(-1)", SYMBOLS, "num")
    np.testing.assert_allclose(f.fn(state()), [1.5, 2.1, 2.1])


def test_division_by_zero_gives_zero():
    f = compile_expression("1 / (league - league)", SYMBOLS, "num")
    assert f.fn(state()).tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("text, fragment", [
    ("__import__('os').system('x')", "names starting with '_'"),
    ("max(1, 2).real > 0", "may be followed"),
    ("clip.x(1) > 0", "calling 'clip.x'"),
    ("stance.__class__", "names starting with '_'"),
    ("().__class__.__bases__", "names starting with '_'"),
    ("(lambda: 1)()", "calling"),
    ("lambda: 1", "lambda"),
    ("[x for x in range(9)]", "comprehension"),
    ("9 ** 999999", "'**' is not allowed"),
    ("open('/etc/passwd')", "calling 'open'"),
    ("stance.France.real", "takes 1 name"),
    ("x" * 10_000, "limit is 500"),
    ("stance.Frnace > 0", "did you mean 'France'"),
    ("flag.munch", "did you mean 'munich'"),
    ("setting.resolve == 'frim'", "did you mean 'firm'"),
    ("stance.France", "expected a condition"),
    ("league and flag.munich", "expected a condition"),
    ("date >= 1938-02-30", "not a real date"),
    ("stance.France >", "cannot read"),
    ("f'{1}'", "f-string"),
    ("a := 1", "cannot read"),
])
def test_refused_expressions_raise_expression_error(text, fragment):
    with pytest.raises(ExpressionError) as info:
        compile_expression(text, SYMBOLS)
    assert fragment in info.value.message


def test_error_offset_points_at_the_bad_name():
    """The offset of an unknown dotted name is that of the misspelt part, not of its namespace."""
    with pytest.raises(ExpressionError) as info:
        compile_expression("flag.munich and stance.Frnace > 0", SYMBOLS)
    assert info.value.offset == len("flag.munich and stance.")
    with pytest.raises(ExpressionError) as info:
        compile_expression("  trust.France.Germny > 0", SYMBOLS)
    assert info.value.offset == len("  trust.France.")


def test_error_offset_counts_characters_not_utf8_bytes():
    """Python's ast reports byte columns; a name after non-ASCII text is still found by character."""
    with pytest.raises(ExpressionError) as info:
        compile_expression("setting.resolve != 'firm' and 'é' == setting.resolve", SYMBOLS)
    assert info.value.offset == len("setting.resolve != 'firm' and ")


def test_expression_cut_short_points_at_its_end():
    """'a <' gives an offset at the end of the text, where something is missing."""
    with pytest.raises(ExpressionError) as info:
        compile_expression("league < ", SYMBOLS)
    assert info.value.offset == len("league <")


@pytest.mark.parametrize("text", [
    "stance.France += 0.1", "trust.France.Germany -= 0.2", "league = 0.5",
    "flag.munich = true", "territory.sudetenland = Germany", "readiness.France *= 0.5",
])
def test_effects_accept_assignments(text):
    assert compile_effect(text, SYMBOLS).op in ("=", "+=", "-=", "*=")


@pytest.mark.parametrize("text, fragment", [
    ("stance.France", "must assign"),
    ("setting.resolve = 'bluff'", "settings are fixed"),
    ("flag.munich += 1", "only works on numbers"),
    ("import os", "not allowed"),
    ("stance.France = 1; league = 2", "one assignment"),
    ("territory.sudetenland = 3", "expected a power"),
])
def test_refused_effects(text, fragment):
    with pytest.raises(ExpressionError) as info:
        compile_effect(text, SYMBOLS)
    assert fragment in info.value.message
