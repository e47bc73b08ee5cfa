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


def test_a_reason_written_as_a_sentence_takes_a_small_letter_inside_the_computers_sentence_but_a_name_keeps_its_capital():
    text = choice_sentence("ai", "Italy", None, ["The Axis binds Rome to Berlin", "With Lithuania too in the Soviet "
                                                 "sphere, Warsaw looks west", "Britain has rearmed"])
    assert text == ("The computer chose for Italy, weighing that the Axis binds Rome to Berlin; with Lithuania too in "
                    "the Soviet sphere, Warsaw looks west; Britain has rearmed.")


def test_the_player_and_history_are_named_as_such():
    assert choice_sentence("player", "France") == "Your choice."
    assert choice_sentence("history", "France") == "What France did in history."


def test_a_sentence_names_a_power_as_the_scenario_says_it_in_text():
    from game.scenario import load_scenario, resolve_scenario

    spec = load_scenario(resolve_scenario(None))
    assert spec.power_in_text("USSR") == "the Soviet Union"
    assert spec.power_in_text("France") == "France"  # no in_text: its name
    assert choice_sentence("history", spec.power_in_text("USSR")) == "What the Soviet Union did in history."


# The plain sentences of the chronicle: what a player reads under each consequence.

def _settings():
    from types import SimpleNamespace

    from game.engine.spec import Setting

    nerve = Setting("nerve", "Hitler's nerve", "", "choice", ("gamble", "bluff"), default="gamble")
    army = Setting("army", "", "", "number", low=0, high=1, default=0.4)  # no title: its id is shown
    transit = Setting("transit", "Transit", "", "choice", ("none", "overflight"), default="none")
    return SimpleNamespace(settings=(nerve, army, transit))


def test_the_settings_an_expression_reads_are_listed_once_in_first_use_order():
    from game.engine.explain import settings_read

    texts = ["setting.b == 'x' and setting.a > 0", None, "", "setting.a + flag.setting",
             "date >= 1938-09-30 and setting.c", "this is ( not an expression", "other.setting"]
    assert settings_read(texts) == ["b", "a", "c"]


def test_one_setting_is_named_alone_and_several_are_joined_with_commas_and_a_final_and():
    from game.engine.explain import settings_phrase

    spec = _settings()
    assert settings_phrase(spec, {}, []) == ""
    assert settings_phrase(spec, {}, ["unknown"]) == ""
    assert settings_phrase(spec, {}, ["unknown", "nerve"]) == "your setting 'Hitler's nerve: gamble'"
    assert settings_phrase(spec, {"nerve": "bluff", "army": 0.75}, ["nerve", "army"]) == (
        "your settings 'Hitler's nerve: bluff' and 'army: 0.75'")
    assert settings_phrase(spec, {}, ["transit", "army", "nerve"]) == (
        "your settings 'Transit: none', 'army: 0.4' and 'Hitler's nerve: gamble'")


def test_a_chance_reads_as_a_whole_percentage_never_0_or_100_when_it_is_not():
    from game.engine.explain import percent

    assert [percent(p) for p in (-0.5, 0, 0.004, 0.01, 0.274, 0.5, 0.99, 0.996, 1, 1.5)] == [
        "0%", "0%", "under 1%", "1%", "27%", "50%", "99%", "over 99%", "100%", "100%"]


def test_a_chance_sentence_says_what_happened_under_which_settings():
    from game.engine.explain import chance_sentence

    phrase = "your setting 'Hitler's nerve: gamble'"
    assert chance_sentence(0.3, True, False, phrase) == (
        "Under your setting 'Hitler's nerve: gamble' this had a 30% chance, and it happened.")
    assert chance_sentence(0.3, False, False, "") == (
        "This had a 30% chance of going the other way, and it did not.")
    assert chance_sentence(0.3, True, True, "") == (
        "This had a 30% chance; the replay follows history, where it happened.")
    assert chance_sentence(0.3, False, True, phrase) == (
        "Under your setting 'Hitler's nerve: gamble' this had a 30% chance; "
        "the replay follows history, where it did not happen.")


def test_a_condition_and_an_ending_name_the_settings_they_read():
    from game.engine.explain import condition_sentence, ending_sentence

    assert condition_sentence("your setting 'a: b'") == (
        "This follows from what happened before and from your setting 'a: b'.")
    assert ending_sentence("your setting 'a: b'") == (
        "The game ends here, given what happened and your setting 'a: b'.")
    assert ending_sentence("") == "The game ends here, given what happened."


def test_a_scripted_choice_and_a_fallback_say_so():
    assert choice_sentence("scripted", "France") == "Chosen in advance (a choices file)."
    assert choice_sentence("fallback", "Italy", 0.5, ["Spain is at war"], wanted="war") == (
        "'war' was not possible, so the computer chose for Italy; it picks this option 50% of the "
        "time here, weighing that Spain is at war.")
    assert choice_sentence("ai", "Italy") == "The computer chose for Italy."
