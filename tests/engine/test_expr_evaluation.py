"""What accepted expressions compute, world by world (each world has its own values)."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.expr import Symbols, compile_effect, compile_expression
from game.engine.spec import Setting
from game.engine.state import WorldState

SYMBOLS = Symbols(
    attributes=["stance"], powers=["Germany", "France", "Italy"], globals=["a", "b", "c"],
    flags=["x", "y", "z"], territories=["saar"],
    settings={"resolve": Setting("resolve", "Resolve", "", "choice", ("firm", "bluff"), default="firm")},
)


def state() -> WorldState:
    """Four worlds; the globals and flags differ between worlds so that a formula using the
    wrong operand or the wrong world gives a different array."""
    worlds = 4
    return WorldState(
        tables={
            "attr": np.array([[[1.0, 0.5, 0.0, -1.0], [0.2, 0.4, 0.6, 0.8], [0.0, 0.0, 0.0, 0.0]]]),
            "trust": np.zeros((3, 3, worlds)),
            "global": np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 2.0, -1.0, 8.0], [5.0, 1.0, 0.5, -2.0]]),
            "flag": np.array([[True, True, False, True], [True, False, True, True], [True, True, True, False]]),
            "territory": np.array([[0, 1, 2, 0]], dtype=np.int16),
        },
        settings=np.array([[0.0, 1.0, 0.0, 1.0]]), fired=np.zeros((0, worlds), bool),
        ending=np.full(worlds, -1, np.int16), ending_date=np.zeros(worlds, np.int32),
        turns=np.zeros(worlds, np.int32), date=14000,
    )


def num(text: str) -> list[float]:
    return np.broadcast_to(compile_expression(text, SYMBOLS, "num").fn(state()), (4,)).astype(float).tolist()


def cond(text: str) -> list[bool]:
    return np.broadcast_to(compile_expression(text, SYMBOLS).fn(state()), (4,)).tolist()


def test_and_needs_every_part_true():
    assert cond("flag.x and flag.y and flag.z") == [True, False, False, False]


def test_or_needs_any_part_true():
    assert cond("not flag.x or not flag.y or not flag.z") == [False, True, True, True]


def test_not_negates_each_world():
    assert cond("not flag.x") == [False, False, True, False]


def test_chained_comparison_holds_only_when_every_link_holds():
    assert cond("b < a < c") == [True, False, False, False]


def test_arithmetic_uses_each_world_value():
    assert num("a + b") == [1.0, 4.0, 2.0, 12.0]
    assert num("a - b") == [1.0, 0.0, 4.0, -4.0]
    assert num("a * b") == [0.0, 4.0, -3.0, 32.0]
    assert num("-a") == [-1.0, -2.0, -3.0, -4.0]
    assert num("+a") == [1.0, 2.0, 3.0, 4.0]


def test_division_is_zero_only_in_worlds_where_the_divisor_is_zero():
    assert num("a / b") == [0.0, 1.0, -3.0, 0.5]


def test_min_and_max_fold_over_all_their_values():
    assert num("min(a, b, c)") == [0.0, 1.0, -1.0, -2.0]
    assert num("max(a, b, c)") == [5.0, 2.0, 3.0, 8.0]
    assert num("max(c, b)") == [5.0, 2.0, 0.5, 8.0]


def test_clip_keeps_a_value_between_its_bounds():
    assert num("clip(a, b, c)") == [1.0, 1.0, 0.5, -2.0]
    assert num("clip(b, 0, 2)") == [0.0, 2.0, 0.0, 2.0]


def test_abs_drops_the_sign():
    assert num("abs(b)") == [0.0, 2.0, 1.0, 8.0]


def test_conditional_value_picks_a_side_per_world():
    assert num("a if flag.y else c") == [1.0, 1.0, 3.0, 4.0]
    assert cond("flag.z if flag.x else flag.y") == [True, True, True, False]


def test_names_read_their_own_row_and_column():
    assert num("stance.France") == [0.2, 0.4, 0.6, 0.8]
    assert cond("territory.saar == France") == [False, True, False, False]
    assert cond("territory.saar != Germany") == [False, True, True, False]
    assert cond("setting.resolve == 'bluff'") == [False, True, False, True]
    assert cond("'firm' == setting.resolve") == [True, False, True, False]
    assert num("date") == [14000.0] * 4


@pytest.mark.parametrize("text, op, label", [
    ("stance.France += 0.1", "+=", "stance.France"),
    ("trust.France.Italy -= 0.2", "-=", "trust.France.Italy"),
    ("b *= 2", "*=", "b"),
    ("  flag.y = not flag.x", "=", "flag.y"),
    ("territory.saar = Italy", "=", "territory.saar"),
])
def test_effect_names_its_target_and_operation(text, op, label):
    effect = compile_effect(text, SYMBOLS)
    assert (effect.op, effect.label) == (op, label)


@pytest.mark.parametrize("text, table, index", [
    ("stance.France += 1", "attr", (0, 1)),
    ("trust.France.Italy += 1", "trust", (1, 2)),
    ("c = 1", "global", (2,)),
    ("flag.z = true", "flag", (2,)),
    ("territory.saar = Italy", "territory", (0,)),
])
def test_effect_targets_point_at_the_right_cell(text, table, index):
    effect = compile_effect(text, SYMBOLS)
    assert (effect.table, effect.index) == (table, index)


def test_effect_value_is_computed_per_world():
    assert compile_effect("territory.saar = Italy", SYMBOLS).value.fn(state()) == 2
