"""Texts with values (issue 13 point 4): game.engine.template compiles '{name | format}' and
'{if c}...{else}...{end}' through the whitelist compiler and renders them as the world is at
that moment. Only TemplateError escapes compiling; rendering never raises."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.errors import TemplateError
from game.engine.state import WorldState
from game.engine.template import compile_template, has_placeholders, render, render_text


def world(spec, **changes):
    """A one-world state of ``spec``, with globals / attributes set as given."""
    state = WorldState.initial(spec, spec.encode_settings(spec.resolve_settings({})), 1)
    for name, value in changes.items():
        if name in [g.name for g in spec.globals]:
            state.tables["global"][[g.name for g in spec.globals].index(name)] = value
        else:
            attribute, power = name.split("__")
            state.tables["attr"][spec.attr_index(attribute), spec.power_index(power)] = value
    return state


def shown(spec, text, **changes) -> str:
    return render(compile_template(text, spec), world(spec, **changes))


def test_a_name_shows_its_value_with_two_decimals_at_most(mini_spec):
    assert shown(mini_spec, "League at {league_credibility}.", league_credibility=0.35) == "League at 0.35."
    assert shown(mini_spec, "{league_credibility}", league_credibility=0.3) == "0.3"
    assert shown(mini_spec, "{league_credibility}", league_credibility=1.0) == "1"
    assert shown(mini_spec, "{stance.France}", stance__France=-0.125) == "-0.13"


@pytest.mark.parametrize(("fmt", "value", "text"), [
    ("percent", 0.354, "35%"), ("percent", 0.125, "13%"), ("percent", 0.0, "0%"),
    ("signed", 0.25, "+0.25"), ("signed", -0.1, "-0.1"), ("signed", 0.0, "0"),
    ("whole", 0.5, "1"), ("whole", 0.49, "0"), ("number", 0.4, "0.4"),
    ("words", 0.0, "very low"), ("words", 0.3, "low"), ("words", 0.5, "middling"),
    ("words", 0.7, "high"), ("words", 1.0, "very high"),
])
def test_each_format_shows_a_number_its_own_way(mini_spec, fmt, value, text):
    assert shown(mini_spec, f"{{league_credibility | {fmt}}}", league_credibility=value) == text


def test_words_follow_the_declared_range_of_the_name(mini_spec):
    # stance runs -1..1: -0.7 is in the lowest fifth, 0.1 in the middle one.
    assert shown(mini_spec, "{stance.France | words}", stance__France=-0.7) == "very low"
    assert shown(mini_spec, "{stance.France | words}", stance__France=0.1) == "middling"


def test_a_date_shows_as_a_long_date(mini_spec):
    state = world(mini_spec)
    state.date = mini_spec.events[0].date
    assert render(compile_template("On {date | date}", mini_spec), state) == "On 7 March 1936"


def test_a_holder_shows_the_power_name_and_a_choice_setting_its_value(mini_spec):
    assert shown(mini_spec, "{territory.rhineland} holds it; nerve: {setting.hitler_nerve}") == \
        "Germany holds it; nerve: weak"


def test_a_holder_is_named_as_a_sentence_names_it(mini_spec):
    from dataclasses import replace

    powers = tuple(replace(p, in_text="the German Reich") if p.id == "Germany" else p for p in mini_spec.powers)
    spec = replace(mini_spec, powers=powers)
    assert render(compile_template("held by {territory.rhineland}", spec), world(spec)) == "held by the German Reich"


def test_a_conditional_phrase_takes_the_first_branch_that_holds(mini_spec):
    text = ("{if league_credibility > 0.5}strong{elif league_credibility > 0.2}shaken"
            "{else}broken{end}")
    assert shown(mini_spec, text, league_credibility=0.8) == "strong"
    assert shown(mini_spec, text, league_credibility=0.3) == "shaken"
    assert shown(mini_spec, text, league_credibility=0.1) == "broken"


def test_conditionals_nest_and_hold_values(mini_spec):
    text = "{if stance.France < 0}France {if league_credibility > 0.2}({league_credibility | percent}){end}{end}."
    assert shown(mini_spec, text, league_credibility=0.3, stance__France=-0.5) == "France (30%)."
    assert shown(mini_spec, text, league_credibility=0.1, stance__France=-0.5) == "France ."
    assert shown(mini_spec, text, stance__France=0.5) == "."


def test_a_conditional_without_else_shows_nothing_when_false(mini_spec):
    assert shown(mini_spec, "a{if flag.hitler_withdrew} b{end} c") == "a c"


def test_a_keyword_may_be_glued_to_a_bracket_but_a_longer_name_is_a_name(mini_spec):
    # '{if(flag.x)}' is a conditional; '{iffy}' and '{end_x}' are names (here unknown ones).
    assert shown(mini_spec, "{if(flag.hitler_withdrew)}yes{else}no{end}") == "no"
    for text in ("{iffy}", "{end_x}"):
        with pytest.raises(TemplateError) as caught:
            compile_template(text, mini_spec)
        assert (caught.value.offset, caught.value.message.split(";")[0]) == (1, f"unknown name '{text[1:-1]}'")


def test_double_braces_are_literal_braces(mini_spec):
    assert shown(mini_spec, "{{not a value}} and }}{{") == "{not a value} and }{"
    assert has_placeholders("{{x}}")


def test_quotes_inside_a_placeholder_may_hold_braces(mini_spec):
    assert shown(mini_spec, "{if setting.hitler_nerve == 'weak'}w{end}") == "w"


def test_render_text_gives_a_text_without_braces_back_as_it_is(mini_spec):
    assert render_text(mini_spec, "Plain words.", world(mini_spec)) == "Plain words."


def test_each_world_reads_its_own_values(mini_spec):
    template = compile_template("{league_credibility | percent}", mini_spec)
    state = WorldState.initial(mini_spec, mini_spec.encode_settings(mini_spec.resolve_settings({})), 3)
    state.tables["global"][0] = np.array([0.1, 0.5, 0.9])
    assert [render(template, state, w) for w in range(3)] == ["10%", "50%", "90%"]


# ---------------------------------------------------------------- refusals, with offsets
@pytest.mark.parametrize(("text", "offset", "message"), [
    ("a {league_credibilty}", 3, "unknown name 'league_credibilty' (did you mean 'league_credibility'?); "
                                 "names: league_credibility, Germany"),
    ("{stance.Japan}", 8, "unknown power 'Japan'; powers: Germany, France, Britain"),
    ("{flag.hitler_withdraw}", 6, "unknown flag 'hitler_withdraw' (did you mean 'hitler_withdrew'?); "
                                  "flags: rhineland_remilitarised, hitler_withdrew"),
    ("{league_credibility | percnt}", 22, "unknown format 'percnt' (did you mean 'percent'?); "
                                          "formats: number, percent, signed, whole, words, date"),
    ("{league_credibility |}", 20, "a format is missing after '|'"),
    ("x {league_credibility", 2, "this '{' is never closed"),
    ("x } y", 2, "a '}' with no '{' before it: write '}}' to show a brace"),
    ("ab {}", 3, "an empty placeholder '{}'"),
    ("{if flag.hitler_withdrew}yes", 0, "this '{if ...}' is never closed: add '{end}'"),
    ("{if}x{end}", 0, "'{if}' needs a condition"),
    ("{if league_credibility}x{end}", 4, "expected a condition (true/false) here, found a number"),
    ("no {else}", 3, "'{else}' with no '{if ...}' before it"),
    ("no {end}", 3, "'{end}' with no '{if ...}' before it"),
    ("{if flag.hitler_withdrew}a{else}b{else}c{end}", 33, "a second '{else}'"),
    ("{if flag.hitler_withdrew}a{else}b{elif flag.hitler_withdrew}c{end}", 33, "'{elif ...}' after '{else}'"),
    ("{if flag.hitler_withdrew}a{else flag.x}b{end}", 31, "'{else}' takes nothing after it"),
    ("{flag.hitler_withdrew}", 1, "'flag.hitler_withdrew' is true or false: choose the words with "
                                  "'{if flag.hitler_withdrew}...{else}...{end}'"),
    ("{territory.rhineland | percent}", 23, "the format 'percent' is for numbers; 'territory.rhineland' is a power"),
    ("{league_credibility * 2 | words}", 26, "the format 'words' needs one name with a declared range"),
    ("{if league_credibility = 1}x{end}", 23, "use == to compare"),
    ("{'text'}", 1, "a text in quotes is shown as written"),
    ("{__import__('os')}", 1, "'__import__': names starting with '_' are not allowed"),
])
def test_a_bad_placeholder_is_refused_at_its_place(mini_spec, text, offset, message):
    with pytest.raises(TemplateError) as caught:
        compile_template(text, mini_spec)
    assert caught.value.message.startswith(message), caught.value.message
    assert caught.value.offset == offset, caught.value.message


def test_nesting_and_length_are_capped(mini_spec):
    with pytest.raises(TemplateError, match="nested more than"):
        compile_template("{if true}" * 9 + "{end}" * 9, mini_spec)
    with pytest.raises(TemplateError, match="limit is"):
        compile_template("x" * 6000, mini_spec)
    with pytest.raises(TemplateError, match="more than 100 placeholders"):
        compile_template("{date}" * 101, mini_spec)


# ------------------------------------------------------------------------------ fuzz
PIECES = st.sampled_from([
    "{", "}", "{{", "}}", "{if ", "{elif ", "{else}", "{end}", "|", " percent", " words", " date",
    "league_credibility", "stance.France", "flag.hitler_withdrew", "territory.rhineland",
    "setting.hitler_nerve", "date", "'", '"', " and ", " > 0.3", "}", "x", " ", "Britain's", "==",
    "__class__", "1e999", "/0", "\n",
])
FUZZ = settings(max_examples=400, deadline=None)


@FUZZ
@given(st.lists(PIECES, max_size=14).map("".join) | st.text(max_size=60))
def test_random_template_text_raises_only_template_error(mini_spec, text):
    """Any text whatever: compiled and rendered to a str, or refused with TemplateError at an
    offset inside the text."""
    try:
        template = compile_template(text, mini_spec)
    except TemplateError as exc:
        assert exc.message and 0 <= exc.offset <= len(text)
        return
    state = world(mini_spec, league_credibility=0.37)
    assert isinstance(render(template, state), str)
    assert render(template, state) == render(template, state)
