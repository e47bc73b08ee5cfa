"""The author's warnings: conditions that can never hold, rules without sources, chance rules
without a historical outcome, settings and flags nothing reads. Each case edits
tests/fixtures/mini.yaml once and checks the exact warnings the validator gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import check_scenario

MINI = (Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
ENDING_WHEN = 'when: "flag.hitler_withdrew"'  # the 'withdrawal' ending, line 84 column 11
ENDING = "84:11: ending 'withdrawal' can never be reached: "


def warnings(tmp_path, *edits: tuple[str, str]) -> list[str]:
    text = MINI
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "lint.yaml"
    path.write_text(text, encoding="utf-8")
    spec, diagnostics = check_scenario(path)
    assert spec is not None, [str(d) for d in diagnostics.errors]
    return [f"{d.line}:{d.col}: {d.message}" for d in diagnostics.warnings]


def ending_warnings(tmp_path, when: str, *edits: tuple[str, str]) -> list[str]:
    found = warnings(tmp_path, (ENDING_WHEN, f'when: "{when}"'), *edits)
    return [w for w in found if "ending 'withdrawal'" in w]


def test_unchanged_mini_scenario_has_no_warnings(tmp_path):
    assert warnings(tmp_path) == []


@pytest.mark.parametrize("when, reason", [
    ("false", "the condition is always false"),
    ("False", "the condition is always false"),
    ("flag.hitler_withdrew and false", "the condition is always false"),
    ("false and flag.hitler_withdrew", "the condition is always false"),
    ("false or territory.rhineland == France",
     "the condition is always false and no effect ever gives territory.rhineland to France"),
    ("date > 1936-12-31", "the date in the condition comes after it could be checked"),
    ("date >= 1937-01-01", "the date in the condition comes after it could be checked"),
    ("date < 1936-03-01", "the date in the condition comes before it could be checked"),
    ("date <= 1936-02-29", "the date in the condition comes before it could be checked"),
    ("flag.hitler_withdrew and territory.rhineland == France",
     "no effect ever gives territory.rhineland to France"),
    ("flag.hitler_withdrew and date < 1936-03-01", "the date in the condition comes before it could be checked"),
    ("date < 1936-03-01 or date > 1936-12-31",
     "the date in the condition comes before it could be checked and "
     "the date in the condition comes after it could be checked"),
])
def test_condition_that_can_never_hold_is_reported_with_its_reason(tmp_path, when, reason):
    assert ending_warnings(tmp_path, when) == [ENDING + reason]


@pytest.mark.parametrize("when", [
    "true",
    "date >= 1936-12-31",
    "date <= 1936-03-01",
    "date > 1936-03-01",
    "date < 1936-12-31",
    "date == 1937-01-01",
    "false or flag.hitler_withdrew",
    "territory.rhineland == Germany",
    "territory.rhineland != France",
    "not flag.hitler_withdrew",
    "league_credibility < 0.1",
])
def test_condition_that_might_hold_gives_no_warning(tmp_path, when):
    assert ending_warnings(tmp_path, when) == []


def test_a_territory_an_effect_hands_over_is_reachable(tmp_path):
    found = ending_warnings(tmp_path, "territory.rhineland == France",
                            ('effects: ["flag.rhineland_remilitarised = true"]',
                             'effects: ["flag.rhineland_remilitarised = true", "territory.rhineland = France"]'))
    assert found == []


def test_flag_that_starts_true_and_is_never_cleared_is_never_false(tmp_path):
    declare = ("  hitler_withdrew: {}\n", "  hitler_withdrew: {}\n  treaty: {value: true}\n")
    assert ending_warnings(tmp_path, "not flag.treaty", declare) == [
        "85:11: ending 'withdrawal' can never be reached: flag.treaty is never false"]
    assert ending_warnings(tmp_path, "flag.treaty", declare) == []


@pytest.mark.parametrize("effect, settable, clearable", [
    ("flag.hitler_withdrew = true", True, False),
    ("flag.hitler_withdrew = True", True, False),
    ("flag.hitler_withdrew = false", False, True),
    ("flag.hitler_withdrew = False", False, True),
    ("flag.hitler_withdrew = setting.hitler_nerve == 'weak'", True, True),
])
def test_what_an_effect_can_make_a_flag(tmp_path, effect, settable, clearable):
    """A flag is settable by any assignment but '= false', clearable by any but '= true'."""
    declare = ("  hitler_withdrew: {}\n", "  hitler_withdrew: {value: true}\n")
    assign = ("effects: [\"flag.hitler_withdrew = setting.hitler_nerve == 'weak'\"]", f'effects: ["{effect}"]')
    set_warning = ending_warnings(tmp_path, "flag.hitler_withdrew", assign)
    assert (set_warning == []) == settable
    clear_warning = ending_warnings(tmp_path, "not flag.hitler_withdrew", declare, assign)
    assert (clear_warning == []) == clearable


def test_a_flag_set_by_a_later_effect_of_the_same_option_can_be_set(tmp_path):
    """Every effect of a rule counts, not only the first one."""
    assign = ("effects: [\"flag.hitler_withdrew = setting.hitler_nerve == 'weak'\"]",
              "effects: [\"stance.France -= 0.1\", \"flag.hitler_withdrew = setting.hitler_nerve == 'weak'\"]")
    assert ending_warnings(tmp_path, "flag.hitler_withdrew", assign) == []


def test_event_condition_is_checked_on_the_event_date(tmp_path):
    """An event's 'when' is checked against its own date (1936-03-07), not the whole game."""
    found = warnings(tmp_path, ("    sources: [taylor]\n    options:",
                                '    when: "date > 1936-03-07"\n    sources: [taylor]\n    options:'))
    assert found == ["48:11: event 'rhineland' can never happen: "
                     "the date in the condition comes after it could be checked"]
    assert warnings(tmp_path, ("    sources: [taylor]\n    options:",
                               '    when: "date >= 1936-03-07"\n    sources: [taylor]\n    options:')) == []
    found = warnings(tmp_path, ("    sources: [taylor]\n    options:",
                                '    when: "date < 1936-03-07"\n    sources: [taylor]\n    options:'))
    assert found == ["48:11: event 'rhineland' can never happen: "
                     "the date in the condition comes before it could be checked"]


def test_rule_that_changes_the_world_without_sources_is_reported_where_it_stands(tmp_path):
    found = warnings(tmp_path, ('    assumption: "A weak League pushes France toward accommodation."\n', ""))
    assert found == ["74:5: 'league_collapse' changes the world but cites no sources; "
                     "add 'sources' or mark it with 'assumption'"]


def test_option_and_outcome_inherit_the_sources_of_their_event(tmp_path):
    found = warnings(tmp_path, ('          sources: [taylor]\n        - id: mobilise', "        - id: mobilise"),
                     ("        text: \"German troops remain in the Rhineland.\"\n        sources: [taylor]\n",
                      "        text: \"German troops remain in the Rhineland.\"\n"))
    assert found == []


def test_uncited_option_and_outcome_of_an_uncited_event_are_both_reported(tmp_path):
    found = warnings(tmp_path, ('    text: "German troops march into the demilitarised zone."\n    sources: [taylor]\n',
                                '    text: "German troops march into the demilitarised zone."\n'),
                     ('          sources: [taylor]\n        - id: mobilise', "        - id: mobilise"),
                     ("        text: \"German troops remain in the Rhineland.\"\n        sources: [taylor]\n",
                      "        text: \"German troops remain in the Rhineland.\"\n"))
    assert found == [
        "50:11: 'protest' changes the world but cites no sources; add 'sources' or mark it with 'assumption'",
        "65:9: 'remilitarised' changes the world but cites no sources; add 'sources' or mark it with 'assumption'",
    ]  # each where it stands: the option in its event's options, the outcome in its resolve list


def test_chance_rule_without_a_historical_outcome_is_reported(tmp_path):
    found = warnings(tmp_path, ('        when: "not flag.hitler_withdrew"\n',
                                '        when: "not flag.hitler_withdrew"\n        chance: "0.5"\n'))
    assert [w.split(": ", 1)[1] for w in found] == [
        "chance rule 'remilitarised' does not say what happened in history; add 'historical: fires' "
        "or 'historical: fails' so that replay follows history"]
    assert warnings(tmp_path, ('        when: "not flag.hitler_withdrew"\n',
                               '        when: "not flag.hitler_withdrew"\n        chance: "0.5"\n'
                               '        historical: fires\n')) == []


@pytest.mark.parametrize("place, old, new", [
    ("an AI modifier", 'when: "trust.France.Britain < 0.5"', 'when: "trust.France.Britain < 0.5 and flag.spare"'),
    ("an availability", '          hint: "Risks war',
     '          available: "not flag.spare"\n          hint: "Risks war'),
    ("a rule condition", 'when: "league_credibility < 0.2"', 'when: "league_credibility < 0.2 or flag.spare"'),
    ("an outcome's chance", '        when: "not flag.hitler_withdrew"\n',
     '        when: "not flag.hitler_withdrew"\n        chance: "0.5 if flag.spare else 1"\n'
     '        historical: fires\n'),
    ("an effect", '"stance.France += 0.1", "league_credibility -= 0.1"',
     '"stance.France += 0.1", "league_credibility -= 0.1", "flag.spare = true"'),
    ("an ending", 'when: "flag.hitler_withdrew"', 'when: "flag.hitler_withdrew or flag.spare"'),
])
def test_a_flag_read_anywhere_is_used(tmp_path, place, old, new):
    declare = ("  hitler_withdrew: {}\n", "  hitler_withdrew: {}\n  spare: {}\n")
    found = warnings(tmp_path, declare, (old, new))
    assert not [w for w in found if "flag 'spare' is declared but never used" in w], place


def test_unread_setting_and_unused_flag_are_reported_at_their_declaration(tmp_path):
    found = warnings(tmp_path, ("  hitler_withdrew: {}\n", "  hitler_withdrew: {}\n  spare: {}\n"),
                     ("settings:\n", "settings:\n  unused:\n    title: Unused\n    values: {a: A, b: B}\n"
                                     "    default: a\n"))
    assert "36:5: setting 'unused' is never read by any rule" in found
    assert "29:10: flag 'spare' is declared but never used" in found
