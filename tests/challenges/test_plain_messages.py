"""A teacher's mistakes in a challenge file, in plain words (issue 12 points 1 and 3): power
names as shown in the game and in common use, YAML and expression slips at the fault, and
objectives that can never be met (or are always met) warned about by `validate`."""

from __future__ import annotations

import pytest

from game.challenges import check_challenge, load_challenge
from game.challenges.load import impossible_objectives

from .helpers import SMALL
from .test_challenge_file import variant

FORBID = '  forbid:\n    - {event: crisis, option: press_prague, reason: "Paris has promised to stand firm."}\n'


@pytest.fixture
def made(tmp_path):
    paths = []

    def make(old: str, new: str):
        path = variant(tmp_path, old, new, f"{len(paths)}.yaml")
        paths.append(path)
        return path

    yield make
    for path in paths:
        path.unlink(missing_ok=True)


def messages(path) -> list[str]:
    _, diagnostics = check_challenge(path)
    return [f"{d.line}:{d.col}: {d.severity}: {d.message}" for d in diagnostics.sorted()]


@pytest.mark.parametrize("written", ["Soviet Union", "USSR", "Russia", "the Soviet Union", "soviet union"])
def test_power_named_as_in_the_game_or_in_common_use_is_understood(made, written):
    path = made("powers: [France]", f"powers: [{written}]")
    path.write_text(path.read_text().replace(FORBID, "  forbid: []\n"))  # a constraint on France's options
    challenge, diagnostics = check_challenge(path)
    assert challenge is not None, [str(d) for d in diagnostics.sorted()]
    assert challenge.powers == ("USSR",)


def test_forbid_power_may_be_a_common_name(made):
    path = made("{event: crisis, option: press_prague,", "{event: crisis, power: French Republic, option: press_prague,")
    assert load_challenge(path).is_forbidden("crisis", "France", "press_prague")


def test_misspelt_power_is_suggested_from_its_names_and_the_powers_are_listed(made):
    found = messages(made("powers: [France]", "powers: [Rusia]"))
    assert found == ["6:10: error: unknown power 'Rusia' (did you mean 'USSR'?); "
                     "powers: Germany, France, USSR, Czechoslovakia"]  # one fault, one error


def test_russia_is_never_taken_for_austria_and_japan_lists_the_powers(made):
    found = messages(made("powers: [France]", "powers: [Japan]"))
    assert found == ["6:10: error: unknown power 'Japan'; powers: Germany, France, USSR, Czechoslovakia"]


def test_missing_space_after_colon_in_a_challenge(made):
    found = messages(made("  resolve: firm", "  resolve:firm"))
    assert found == ["10:11: error: line 10: put a space after the colon: 'resolve: firm'"]


def test_equals_in_an_objective_says_use_double_equals(made):
    found = messages(made('"territory.sudetenland == Czechoslovakia"', '"territory.sudetenland = Czechoslovakia"'))
    assert found == ["16:34: error: use == to compare ('=' sets a value, and only in effects)"]


def test_curly_quotes_in_an_objective_say_use_straight_quotes(made):
    found = messages(made('"flag.soviets_fight"', '\u201cflag.soviets_fight\u201d'))
    assert found[0].startswith("26:11: error: use straight quotes (\")")
    assert len(found) == 1


def test_tab_in_a_challenge(made):
    found = messages(made("  resolve: firm", "\tresolve: firm"))
    assert found == ["10:1: error: line 10 starts with a tab: indent with spaces "
                     "(YAML does not allow tabs for indentation)"]


def test_utf16_challenge_says_save_as_utf8(made):
    path = made("challenge: 1", "challenge: 1")
    path.write_bytes(path.read_text().encode("utf-16"))
    assert messages(path) == ["1:1: error: the file is saved as UTF-16 text: save it as UTF-8 text "
                              "(in your editor: Save As, Encoding: UTF-8)"]


@pytest.mark.parametrize("condition, why", [
    ("stance.USSR < -1.5", "'stance.USSR < -1.5' can never hold: stance.USSR stays between -1 and 1"),
    ("trust.France.USSR > 2", "'trust.France.USSR > 2' can never hold: trust.France.USSR stays between -1 and 1"),
    ("flag.war and not flag.war", "it asks for both 'flag.war' and 'not flag.war'"),
    ("stance.USSR > 0.5 and stance.USSR < 0.2", "the parts about stance.USSR contradict each other"),
    ("trust.USSR.France > 0.5", "'trust.USSR.France > 0.5' can never hold: trust.USSR.France starts at 0.2 and "
                                "the effects keep it between -1 and 0.2"),
])
def test_objective_that_can_never_be_met_is_warned_at_its_line(made, condition, why):
    found = messages(made('"flag.soviets_fight"', f'"{condition}"'))
    assert found == [f"26:11: warning: objective 'soviets' can never be met: {why}"]


def test_objective_that_is_always_met_is_warned(made):
    found = messages(made('"flag.soviets_fight"', '"stance.France <= 1"'))
    assert found == ["26:11: warning: objective 'soviets' is always met, whatever the student does: "
                     "'stance.France <= 1' always holds: stance.France stays between -1 and 1"]


def test_impossible_objectives_is_a_function_grading_can_call(made):
    challenge = load_challenge(made('"flag.soviets_fight"', '"stance.USSR < -1.5"'))
    assert list(impossible_objectives(challenge)) == ["soviets"]
    assert impossible_objectives(load_challenge(SMALL)) == {}
