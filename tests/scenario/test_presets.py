"""Presets: named bundles of settings in the scenario file, the default one, and their errors."""

from __future__ import annotations

from pathlib import Path

from game.scenario import load_scenario
from game.scenario.build import check_scenario_text
from game.scenario.diagnostics import Diagnostics

FEATURES = Path(__file__).resolve().parents[1] / "fixtures" / "features.yaml"
TEXT = FEATURES.read_text(encoding="utf-8")


def diagnose(text: str) -> list[str]:
    diagnostics = Diagnostics("f.yaml")
    check_scenario_text(text.encode(), diagnostics, lint_warnings=False)
    return [str(d) for d in diagnostics.sorted()]


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(next(line for line in text.splitlines() if needle in line)) + 1


def test_presets_are_read_in_file_order_with_their_values():
    spec = load_scenario(FEATURES)
    assert [p.id for p in spec.presets] == ["sceptic", "middle", "believer"]
    assert spec.preset("sceptic").settings == {"resolve": "bluff", "red_army": 0.2}
    assert "Hochman" in spec.preset("sceptic").description


def test_default_preset_overrides_the_settings_own_defaults():
    spec = load_scenario(FEATURES)
    assert spec.default_preset().id == "middle"
    assert spec.default_settings() == {"resolve": "firm", "red_army": 0.6}


def test_preset_settings_fill_unnamed_settings_from_their_own_defaults():
    spec = load_scenario(FEATURES)
    # 'middle' names red_army only; resolve keeps its own default, not another preset's.
    assert spec.preset_settings("middle") == {"resolve": "firm", "red_army": 0.6}
    assert spec.preset_settings("sceptic") == {"resolve": "bluff", "red_army": 0.2}


def test_unknown_setting_in_a_preset_is_an_error_at_its_key():
    text = TEXT.replace("settings: {resolve: bluff, red_army: 0.2}", "settings: {resolv: bluff, red_army: 0.2}")
    line = line_of(text, "resolv: bluff")
    errors = diagnose(text)
    assert any(e.startswith(f"f.yaml:{line}:") and "unknown setting 'resolv'" in e and "did you mean 'resolve'" in e
               for e in errors), errors


def test_value_a_choice_setting_does_not_allow_is_an_error():
    text = TEXT.replace("settings: {resolve: bluff, red_army: 0.2}", "settings: {resolve: bluf, red_army: 0.2}")
    line = line_of(text, "resolve: bluf,")
    errors = diagnose(text)
    assert any(e.startswith(f"f.yaml:{line}:") and "has no value 'bluf'" in e for e in errors), errors


def test_number_outside_the_settings_range_is_an_error():
    text = TEXT.replace("settings: {resolve: firm, red_army: 0.9}", "settings: {resolve: firm, red_army: 1.9}")
    line = line_of(text, "red_army: 1.9")
    errors = diagnose(text)
    assert any(e.startswith(f"f.yaml:{line}:") and "between 0 and 1" in e for e in errors), errors


def test_two_default_presets_are_an_error():
    text = TEXT.replace('description: "Moscow would have fought (Haslam 1984; Roberts 1995)."',
                        'description: "x"\n    default: true')
    errors = diagnose(text)
    assert any("exactly one preset needs 'default: true' (found 2)" in e for e in errors), errors


def test_presets_without_a_default_are_an_error():
    text = TEXT.replace("    default: true\n    settings: {red_army: 0.6}", "    settings: {red_army: 0.6}")
    errors = diagnose(text)
    assert any("exactly one preset needs 'default: true' (found 0)" in e for e in errors), errors


def test_unknown_key_in_a_preset_is_an_error():
    text = TEXT.replace("    title: Sceptic\n", "    title: Sceptic\n    historians: [x]\n")
    line = line_of(text, "historians:")
    assert any(e.startswith(f"f.yaml:{line}:") for e in diagnose(text))


def test_scenario_without_presets_uses_each_settings_default(small_spec):
    assert small_spec.presets == ()
    assert small_spec.default_settings() == {"resolve": "firm", "red_army": 0.5}


def test_chance_rule_without_historical_outcome_is_a_warning_at_the_rule():
    text = TEXT.replace("        historical: fails\n", "", 1)
    diagnostics = Diagnostics("f.yaml")
    check_scenario_text(text.encode(), diagnostics, lint_warnings=True)
    line = line_of(text, "- id: campaign")
    assert any(d.line == line and "does not say what happened in history" in d.message
               for d in diagnostics.warnings), [str(d) for d in diagnostics.sorted()]


def test_historical_on_a_rule_without_chance_is_an_error():
    text = TEXT.replace('        effects: ["flag.war = true"]\n',
                        '        effects: ["flag.war = true"]\n        historical: fires\n', 1)
    assert any("'historical' marks the outcome of a 'chance'" in e for e in diagnose(text))
