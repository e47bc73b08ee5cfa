"""The plain-words sentences of game/engine/explain.py."""

from __future__ import annotations

from game.engine.explain import choice_sentence


def test_a_reason_that_ends_with_a_full_stop_is_not_given_a_second_one():
    text = choice_sentence("ai", "Soviet Union", 0.27, ["Moscow still hopes the French alliance can be made real."])
    assert text == ("The computer chose for Soviet Union; it picks this option 27% of the time here, "
                    "weighing that Moscow still hopes the French alliance can be made real.")


def test_reasons_are_joined_by_semicolons_and_empty_ones_dropped():
    text = choice_sentence("ai", "Italy", None, ["Spain is at war", "", "sanctions bite. "])
    assert text == "The computer chose for Italy, weighing that Spain is at war; sanctions bite."


def test_the_player_and_history_are_named_as_such():
    assert choice_sentence("player", "France") == "Your choice."
    assert choice_sentence("history", "France") == "What France did in history."


def test_a_sentence_names_a_power_as_the_scenario_says_it_in_text():
    from game.scenario import load_scenario, resolve_scenario

    spec = load_scenario(resolve_scenario(None))
    assert spec.power_in_text("USSR") == "the Soviet Union"
    assert spec.power_in_text("France") == "France"  # no in_text: its name
    assert choice_sentence("history", spec.power_in_text("USSR")) == "What the Soviet Union did in history."
