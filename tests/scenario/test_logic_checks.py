"""Logic checks in `validate` (issue 13 point 1): each a warning at the line it concerns, and
names an author gets wrong reported with the names there are."""

from __future__ import annotations

from pathlib import Path

from game.scenario.build import check_scenario_text
from game.scenario.diagnostics import Diagnostics

MINI = (Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
RULE_WHEN = 'when: "league_credibility < 0.2"'


def found(*changes: tuple[str, str], severity: str = "warning") -> list[str]:
    text = MINI
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    diagnostics = Diagnostics("f.yaml")
    check_scenario_text(text.encode(), diagnostics, lint_warnings=True)
    return [f"{d.line}:{d.col}: {d.message}" for d in diagnostics.sorted() if d.severity == severity]


def test_mini_scenario_has_no_logic_warnings():
    assert found() == []


def test_ending_beyond_the_declared_range_can_never_be_reached():
    assert found(('when: "flag.hitler_withdrew"', 'when: "league_credibility > 1.5"')) == [
        "84:11: ending 'withdrawal' can never be reached: 'league_credibility > 1.5' can never hold: "
        "league_credibility stays between 0 and 1"]


def test_condition_no_effect_can_make_true_is_reported_with_the_effects_range():
    # Britain's stance starts at -0.1 and no effect changes it.
    assert found((RULE_WHEN, 'when: "stance.Britain > 0.5"')) == [
        "75:11: rule 'league_collapse' can never fire: 'stance.Britain > 0.5' can never hold: stance.Britain "
        "starts at -0.1 and the effects keep it between -0.1 and -0.1"]


def test_condition_that_always_holds_is_reported():
    assert found((RULE_WHEN, 'when: "league_credibility <= 1"')) == [
        "75:11: the condition of rule 'league_collapse' always holds ('league_credibility <= 1' always holds: "
        "league_credibility stays between 0 and 1); remove it or fix it"]


def test_x_and_not_x_can_never_hold():
    assert found((RULE_WHEN, 'when: "flag.hitler_withdrew and not flag.hitler_withdrew"')) == [
        "75:11: rule 'league_collapse' can never fire: it asks for both 'flag.hitler_withdrew' and "
        "'not flag.hitler_withdrew'"]


def test_x_or_not_x_always_holds():
    assert found((RULE_WHEN, 'when: "flag.hitler_withdrew or not flag.hitler_withdrew"')) == [
        "75:11: the condition of rule 'league_collapse' always holds ('flag.hitler_withdrew or not "
        "flag.hitler_withdrew' is always true); remove it or fix it"]


def test_bounds_that_exclude_each_other_can_never_hold():
    assert found((RULE_WHEN, 'when: "stance.France > 0.5 and stance.France < 0.2"')) == [
        "75:11: rule 'league_collapse' can never fire: the parts about stance.France contradict each other"]


def test_option_that_can_never_be_available_is_reported():
    assert found(('          effects: ["flag.hitler_withdrew = setting',
                  '          available: "stance.Britain > 0.5"\n          effects: ["flag.hitler_withdrew = setting')) == [
        "60:22: option 'mobilise' of France can never be chosen: 'stance.Britain > 0.5' can never hold: "
        "stance.Britain starts at -0.1 and the effects keep it between -0.1 and -0.1"]


def test_unknown_power_lists_the_powers():
    assert found((RULE_WHEN, 'when: "stance.Japan < 0.2"'), severity="error") == [
        "75:19: unknown power 'Japan'; powers: Germany, France, Britain"]


def test_common_name_of_a_power_is_suggested_from_the_names_it_is_known_by():
    assert found((RULE_WHEN, 'when: "stance.England < 0.2"'), severity="error") == [
        "75:19: unknown power 'England' (this scenario calls England 'Britain'); powers: Germany, France, Britain"]


def test_misspelt_holder_in_a_condition_is_an_unknown_power_not_an_unknown_name():
    assert found((RULE_WHEN, 'when: "territory.rhineland == Germny"'), severity="error") == [
        "75:35: unknown power 'Germny' (did you mean 'Germany'?); powers: Germany, France, Britain"]


def test_holder_written_as_a_common_name_says_what_the_scenario_calls_it():
    assert found(("holder: Germany}", "holder: Third Reich}"), severity="error") == [
        "31:40: 'Third Reich' is not a valid name: this scenario calls it 'Germany'"]


def test_unknown_flag_lists_the_flags():
    assert found((RULE_WHEN, 'when: "flag.hitler_withdraw"'), severity="error") == [
        "75:17: unknown flag 'hitler_withdraw' (did you mean 'hitler_withdrew'?); "
        "flags: rhineland_remilitarised, hitler_withdrew"]


def test_duplicate_event_id_names_the_line_of_the_first():
    second = MINI[MINI.index("  - id: rhineland\n"):MINI.index("\nrules:")]
    assert found(("\nrules:", "\n" + second.rstrip("\n") + "\n\nrules:"), severity="error")[0] == (
        "73:9: event id 'rhineland' is used twice (first on line 44)")


def test_flag_set_but_never_read_without_a_note_is_reported():
    assert found(("  hitler_withdrew: {}\n", "  hitler_withdrew: {}\n  marched: {}\n"),
                 ('["stance.France += 0.1", "league', '["flag.marched = true", "stance.France += 0.1", "league')) == [
        "29:12: flag 'marched' is set but no condition reads it; if it records an outcome (for what-if or a "
        "challenge), say so in its 'note'"]


def test_flag_set_but_never_read_with_a_note_is_an_outcome_record():
    assert found(("  hitler_withdrew: {}\n", "  hitler_withdrew: {}\n  marched: {note: \"France marched\"}\n"),
                 ('["stance.France += 0.1", "league', '["flag.marched = true", "stance.France += 0.1", "league')) == []


def test_flag_read_but_never_set_is_reported():
    assert found(("  hitler_withdrew: {}\n", "  hitler_withdrew: {}\n  marched: {}\n"),
                 (RULE_WHEN, 'when: "league_credibility < 0.2 or flag.marched"')) == [
        "29:12: flag 'marched' is read but no effect ever sets it: it is always false"]


def test_option_with_no_effect_that_nothing_reads_is_reported():
    assert found(("        - id: mobilise\n", "        - id: wait\n          text: Wait\n        - id: mobilise\n")) == [
        "57:11: option 'wait' of France has no effects and no rule's 'by:' names it: choosing it changes "
        "nothing later in the game"]


def test_two_repeating_rules_flipping_one_flag_undo_each_other():
    rules = ("rules:\n", "rules:\n"
             "  - {id: on, when: 'not flag.hitler_withdrew', once: false, effects: ['flag.hitler_withdrew = true'],"
             " assumption: x}\n"
             "  - {id: off, when: 'flag.hitler_withdrew', once: false, effects: ['flag.hitler_withdrew = false'],"
             " assumption: x}\n")
    assert found(rules) == [
        "75:5: rules 'on' (line 74) and 'off' undo each other: both repeat, one makes flag.hitler_withdrew true, "
        "the other false"]


def test_rules_that_fire_once_do_not_undo_each_other():
    rules = ("rules:\n", "rules:\n"
             "  - {id: on, when: 'not flag.hitler_withdrew', effects: ['flag.hitler_withdrew = true'], assumption: x}\n"
             "  - {id: off, when: 'flag.hitler_withdrew', effects: ['flag.hitler_withdrew = false'], assumption: x}\n")
    assert found(rules) == []


def test_unknown_name_in_a_text_is_an_error_at_the_name_with_the_names_there_are():
    # Texts can include values (issue 13 point 4): '{...}' is read, and a wrong name is an error.
    assert found(('text: "German troops march into', 'text: "{league_credibilty} German troops march into'),
                 severity="error") == [
        "47:13: unknown name 'league_credibilty' (did you mean 'league_credibility'?); names: league_credibility, "
        "Germany, France, Britain, date, stance, will, flag, territory, trust, setting"]


def test_not_of_a_comparison_that_can_never_hold_always_holds():
    # One range analysis (logic.Reach) walks 'not': the declared range decides the part inside.
    assert found((RULE_WHEN, 'when: "not league_credibility > 1.5"')) == [
        "75:11: the condition of rule 'league_collapse' always holds ('league_credibility > 1.5' can never "
        "hold: league_credibility stays between 0 and 1); remove it or fix it"]


def test_not_of_an_and_with_a_flag_nothing_sets_always_holds():
    assert found(("  hitler_withdrew: {}\n", "  hitler_withdrew: {}\n  marched: {note: x}\n"),
                 (RULE_WHEN, 'when: "not (flag.marched and league_credibility < 0.2)"'))[-1] == (
        "76:11: the condition of rule 'league_collapse' always holds (flag.marched is never set to true); "
        "remove it or fix it")


def test_flag_read_only_by_a_text_is_read():
    # '{if flag.marched}' in a text reads the flag: no 'set but never read' warning.
    assert found(("  hitler_withdrew: {}\n", "  hitler_withdrew: {}\n  marched: {}\n"),
                 ('["stance.France += 0.1", "league', '["flag.marched = true", "stance.France += 0.1", "league'),
                 ('text: "German troops remain in the Rhineland."',
                  'text: "German troops remain{if flag.marched}, facing the French army{end}."')) == []
