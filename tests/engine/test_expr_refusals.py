"""What a refused expression says, and where it points: each message names the construct
and the offset is that of the offending part (the validator turns it into line:col)."""

from __future__ import annotations

import pytest

from game.engine.errors import ExpressionError
from game.engine.expr import Symbols, compile_effect, compile_expression
from tests.engine.test_expr import SYMBOLS

PREFIX = "league > 0 and "  # puts the offending part at a known, non-zero offset


def refusal(text: str, kind: str = "bool") -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        compile_expression(text, SYMBOLS, kind)
    return info.value


@pytest.mark.parametrize("construct, description", [
    ("[1][0] > 0", "'[...]'"),
    ("{1: 2} > 0", "'a dict'"),
    ("(1, 2) > 0", "'a tuple'"),
    ("{1} > 0", "'a set'"),
    ("[1] > 0", "'a list'"),
    ("(x for x in y)", "'a generator'"),
    ("{x for x in y}", "'a set comprehension'"),
    ("{x: 1 for x in y}", "'a dict comprehension'"),
    ("[x for x in y]", "'a list comprehension'"),
])
def test_forbidden_construct_is_named_and_located(construct, description):
    error = refusal(PREFIX + construct)
    assert error.message == f"{description} is not allowed in a scenario expression"
    assert error.offset == len(PREFIX)


@pytest.mark.parametrize("text, offset, description", [
    ("max(*a)", 4, "'*'"),
    ("(await x)", 1, "'await'"),
    ("(lambda: 1)", 1, "'lambda'"),
    ("league > 0 and (league := 1)", 16, "':='"),
])
def test_inner_constructs_are_named_where_they_stand(text, offset, description):
    error = refusal(text)
    assert description in error.message
    assert error.offset == offset


@pytest.mark.parametrize("text, message", [
    ("max(1, x=2) > 0", "keyword arguments are not allowed"),
    ("min(1) > 0", "min() needs at least two values"),
    ("max(1) > 0", "max() needs at least two values"),
    ("clip(1, 2) > 0", "clip() takes three values: clip(x, low, high)"),
    ("abs(1, 2) > 0", "abs() takes one value"),
    ("round(1) > 0", "calling 'round' is not allowed; allowed: min, max, clip, abs"),
])
def test_call_refusals_point_at_the_call(text, message):
    error = refusal(PREFIX + text)
    assert error.message == message
    assert error.offset == len(PREFIX)


def test_long_callee_is_shortened_in_the_message():
    callee = ".".join("abcdefghijklmnopqrstuvwxyz")
    error = refusal(f"{callee}(1) > 0")
    assert f"calling '{callee[:37]}...' is not allowed" in error.message


@pytest.mark.parametrize("name, example", [
    ("trust", "trust.Germany.France"),
    ("flag", "flag.munich"),
    ("territory", "territory.sudetenland"),
    ("setting", "setting.resolve"),
    ("stance", "stance.Germany"),
])
def test_bare_namespace_asks_for_a_name_with_an_example(name, example):
    error = refusal(f"{PREFIX}{name} > 0")
    assert error.message == f"'{name}' needs a name after it, like '{example}'"
    assert error.offset == len(PREFIX)


@pytest.mark.parametrize("text, message", [
    ("stance.France.Germany > 0", "'stance' takes 1 name(s) after it, like 'stance.Germany'"),
    ("trust.France > 0", "'trust' takes 2 name(s) after it, like 'trust.Germany.France'"),
])
def test_wrong_number_of_names_after_a_namespace(text, message):
    assert refusal(text).message == message


@pytest.mark.parametrize("text, message", [
    ("setting.resolve == 1", "cannot compare the setting 'resolve' with a number"),
    ("Germany == 1", "cannot compare a power with a number"),
    ("flag.munich < flag.munich", "cannot compare a condition (true/false) with a condition (true/false)"),
    ("setting.resolve > 'firm'", "setting 'resolve' is a choice: compare it with == or !="),
    ("'firm' == 1", "cannot compare the text 'firm' with a number"),
    ("setting.resolve == 'maybe'", "setting 'resolve' has no value 'maybe'; allowed: firm, bluff"),
])
def test_comparison_refusals_name_both_kinds(text, message):
    assert refusal(text).message == message


@pytest.mark.parametrize("text, kind, message", [
    ("league", "bool", "expected a condition (true/false) here, found a number"),
    ("flag.munich", "num", "expected a number here, found a condition (true/false)"),
    ("setting.resolve", "num", "expected a number here, found the setting 'resolve'"),
    ("Germany", "num", "expected a number here, found a power"),
])
def test_wrong_kind_names_what_was_expected_and_found(text, kind, message):
    assert refusal(text, kind).message == message


def test_both_sides_of_a_conditional_value_must_agree():
    error = refusal(PREFIX + "(1 if flag.munich else flag.munich) > 0")
    assert error.message == "both sides of 'a if condition else b' must be the same kind of value"
    assert error.offset == len(PREFIX) + 1


def test_forbidden_operator_is_named_and_located():
    error = refusal(PREFIX + "league % 2 > 0")
    assert error.message == "'%' is not allowed; use + - * / and min, max, clip, abs"
    assert error.offset == len(PREFIX) + len("league ")  # at the '%', not at the expression's start
    assert "'//' is not allowed; did you mean '/'?" in refusal("league // 2 > 0").message


@pytest.mark.parametrize("text, symbol, message", [
    # where a condition is expected: the comparison the writer probably meant
    ("trust.France.USSR >> 0.3", ">>", "'>>' is not allowed; did you mean '>'? (comparisons: == != < <= > >=)"),
    ("trust.France.USSR << 0.3", "<<", "'<<' is not allowed; did you mean '<'? (comparisons: == != < <= > >=)"),
    ("(league) >> 2", ">>", "'>>' is not allowed; did you mean '>'?"),
    ("league is 2", "is", "'is' is not allowed; did you mean '=='?"),
    ("league is not 2", "is not", "'is not' is not allowed; did you mean '!='?"),
    ("~flag.munich", "~", "'~' is not allowed; did you mean 'not'?"),
    ("league in 2", "in", "'in' is not allowed; compare with == once for each value, joined with 'or'"),
    ("league not in 2", "not in", "'not in' is not allowed; compare with =="),
    ("1 if league >> 2 else 0", ">>", "'>>' is not allowed; did you mean '>'?"),
    # where a number is expected: the arithmetic there is
    ("league ** 2 > 0", "**", "'**' is not allowed; use + - * / and min, max, clip, abs"),
    ("league @ 2 > 0", "@", "'@' is not allowed; did you mean '*'? use + - * / and min, max, clip, abs"),
    ("league ^ 2 > 0", "^", "'^' is not allowed; use + - * / and min, max, clip, abs"),
    ("league << 2 > 0", "<<", "'<<' is not allowed; use + - * / and min, max, clip, abs"),
    ("-(~league) > 0", "~", "'~' is not allowed; did you mean '-'?"),
])
def test_every_refused_operator_is_named_at_its_column_with_what_was_meant(text, symbol, message):
    error = refusal(PREFIX + text)
    assert message in error.message
    assert "this operator" not in error.message
    assert error.offset == len(PREFIX) + text.index(symbol.split()[0])  # the operator's own column


def test_every_python_operator_has_a_name():
    import ast

    from game.engine.expr import OPERATORS
    operators = {cls for base in (ast.operator, ast.unaryop, ast.cmpop) for cls in base.__subclasses__()}
    assert operators <= set(OPERATORS)


@pytest.mark.parametrize("text, message", [
    ("flag.munich = 1", "expected a condition (true/false) here, found a number"),
    ("territory.sudetenland += Germany", "'+=' only works on numbers; use '=' for a power"),
    ("league /= 2", "only =, +=, -= and *= are allowed in effects"),
    ("league = stance.France = 1", "an effect sets one value: use == to compare"),
    ("date = 1", "cannot assign to 'date'"),
    ("lague = 1", "cannot assign to 'lague' (did you mean 'league'?)"),
])
def test_refused_effects_say_why(text, message):
    with pytest.raises(ExpressionError) as info:
        compile_effect(text, SYMBOLS)
    assert info.value.message == message


@pytest.mark.parametrize("construct, description", [
    ("f'{league}' > 0", "'an f-string'"),
    ("(x := 1) > 0", "'':=''"),
])
def test_more_forbidden_constructs_are_named(construct, description):
    assert refusal(construct).message == f"{description} is not allowed in a scenario expression"


@pytest.mark.parametrize("length, shown", [(40, "whole"), (41, "cut")])
def test_callee_is_shown_whole_up_to_40_characters(length, shown):
    callee = "a." + "b" * (length - 2)
    message = refusal(f"{callee}(1) > 0").message
    expected = callee if shown == "whole" else callee[:37] + "..."
    assert message.startswith(f"calling '{expected}' is not allowed")


ONE_POWER = Symbols(attributes=["stance"], powers=["Germany"], globals=["league"], flags=["munich"],
                    territories=["sudetenland"], settings={})


@pytest.mark.parametrize("text, example", [
    ("trust > 0", "trust.name"),  # trust needs two different powers; with one there is no example
    ("setting > 0", "setting.name"),  # no settings declared
])
def test_example_falls_back_to_a_placeholder_when_the_scenario_has_no_names_to_show(text, example):
    with pytest.raises(ExpressionError) as info:
        compile_expression(text, ONE_POWER)
    assert info.value.message == f"'{text.split()[0]}' needs a name after it, like '{example}'"


def test_unknown_head_of_a_dotted_name_is_located_at_the_head():
    error = refusal(PREFIX + "lague.France > 0")
    assert error.message.startswith("unknown name 'lague'")
    assert error.offset == len(PREFIX)


def test_only_globals_are_offered_as_bare_effect_targets():
    """An attribute needs a power after it, so 'stanse = 1' is not told to assign to 'stance'."""
    with pytest.raises(ExpressionError) as info:
        compile_effect("stanse = 1", SYMBOLS)
    assert info.value.message == "cannot assign to 'stanse'"
