"""The tutorial in docs/scenario-language.md stays true: the file after every step validates,
and what the text says the tools find, they find."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.scenario import check_scenario, load_scenario
from game.scenario.diagnostics import Diagnostics
from game.scenario.yamlread import parse_mapping

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "scenario-language.md").read_text(encoding="utf-8")
STEP = re.compile(r"<!-- tutorial step (\d+) -->\n```yaml\n(.*?)```", re.S)
SHAPES = re.compile(r"<!-- tutorial shapes (\S+) -->\n```json\n(.*?)```", re.S)
LISTS = ("events", "rules", "endings")


def _plain(value):
    """The parsed YAML as plain dicts and lists (the reader keeps positions on its own types)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def merge(base: dict, step: dict) -> dict:
    """What the tutorial says to do with a step: new keys go in, mappings are merged, and a
    list item with the id of an earlier one replaces it (new ids are added at the end)."""
    result = dict(base)
    for key, value in step.items():
        if key in LISTS and key in result:
            items = list(result[key])
            ids = [item.get("id") for item in items]
            for item in value:
                if item.get("id") in ids:
                    items[ids.index(item["id"])] = item
                else:
                    items.append(item)
            result[key] = items
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = {**result[key], **value}
        else:
            result[key] = value
    return result


def steps() -> list[tuple[int, dict]]:
    found = []
    for number, text in STEP.findall(DOC):
        diagnostics = Diagnostics("tutorial")
        tree = parse_mapping(text.encode(), diagnostics, "a tutorial step is a mapping")
        assert tree is not None, diagnostics.sorted()
        found.append((int(number), _plain(tree)))
    return found


def build(tmp_path: Path, upto: int) -> Path:
    for name, text in SHAPES.findall(DOC):
        (tmp_path / name).write_text(text, encoding="utf-8")
    data: dict = {}
    for number, step in steps():
        if number <= upto:
            data = merge(data, step)
    path = tmp_path / "corfu1923.yaml"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")  # JSON is YAML 1.2
    return path


def test_tutorial_has_six_numbered_steps_in_order():
    assert [number for number, _ in steps()] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("upto", [1, 2, 3, 4, 5, 6])
def test_tutorial_step_validates(tmp_path, upto):
    spec, diagnostics = check_scenario(build(tmp_path, upto))
    assert spec is not None, [str(d) for d in diagnostics.sorted()]


def test_tutorial_final_file_has_no_warnings(tmp_path):
    spec, diagnostics = check_scenario(build(tmp_path, 6))
    assert spec is not None and not diagnostics.warnings, [str(d) for d in diagnostics.warnings]


def test_tutorial_uses_every_authoring_feature(tmp_path):
    spec = load_scenario(build(tmp_path, 6))
    assert spec.subtitle.startswith("The Adriatic") and spec.main_attribute().label == "Stance toward Italy"
    assert spec.map.shapes is not None and spec.map.view == (11, 36, 27, 45)
    assert spec.settings and any(rule.chance for event in spec.events for rule in event.resolve)
    assert any(rule.every == "month" for rule in spec.rules)
    assert any(event.ordered for event in spec.events)
    assert any(o.rule.delay for event in spec.events for opts in event.options.values() for o in opts)
    assert spec.templates  # texts with values (step 6)


def test_tutorial_step_4_coverage_finds_the_option_step_5_fixes(tmp_path):
    from game.whatif.coverage import coverage

    before = coverage(load_scenario(build(tmp_path, 4)), worlds=300)
    assert ("settlement", "Britain", "press_league") in before.dead_options()
    after = coverage(load_scenario(build(tmp_path, 5)), worlds=300)
    assert after.dead_options() == []


def test_tutorial_step_4_warns_for_a_territory_left_off_the_map(tmp_path):
    path = build(tmp_path, 4)
    shapes = json.loads((tmp_path / "corfu1923.geojson").read_text(encoding="utf-8"))
    shapes["features"] = [f for f in shapes["features"] if f["properties"]["id"] != "corfu"]
    (tmp_path / "corfu1923.geojson").write_text(json.dumps(shapes), encoding="utf-8")
    _, diagnostics = check_scenario(path)
    assert any("territory 'corfu' has no shape on the map" in str(d) for d in diagnostics.warnings)


def test_tutorial_scenario_is_found_by_id_in_the_user_folder(tmp_path, user_home):
    folder = user_home / "data" / "scenarios"
    folder.mkdir(parents=True)
    path = build(tmp_path, 6)
    (folder / "corfu1923.yaml").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "corfu1923.geojson").write_text((tmp_path / "corfu1923.geojson").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    listed = subprocess.run([sys.executable, "-m", "game", "list"], capture_output=True, text=True)
    assert listed.returncode == 0
    line = next(line for line in listed.stdout.splitlines() if line.startswith("corfu1923 "))
    assert "The Corfu Incident, 1923" in line and f"user folder: {folder / 'corfu1923.yaml'}" in line
    replay = subprocess.run([sys.executable, "-m", "game", "replay", "corfu1923"], capture_output=True, text=True)
    assert replay.returncode == 0 and "The last Italian troops leave Corfu on 27 September 1923." in replay.stdout


def test_tutorial_step_6_texts_read_the_values_of_their_moment(tmp_path):
    from game.engine import Game
    from game.transcript import chronicle

    game = Game(load_scenario(build(tmp_path, 6)), controllers={"Italy": "history", "Greece": "history",
                                                                 "Britain": "history"}, historical_chance=True).run()
    text = chronicle(game)
    assert "The last Italian troops leave Corfu on 27 September 1923." in text
    assert game.ending().text.endswith("Greece went to Geneva, and the League ends the crisis at 60% credibility.")
    appeal = next(turn for turn in game.turns if turn.event == "appeal")
    assert appeal.text.endswith("whose credibility stands at 50%.")  # after the occupation's -0.1


def test_tutorial_step_6_misspelt_name_and_format_are_errors_at_their_column(tmp_path):
    path = build(tmp_path, 6)
    text = path.read_text(encoding="utf-8").replace("{date | date}", "{date | daet}").replace(
        "{league_credibility | percent}.", "{league_credibilty | percent}.")
    path.write_text(text, encoding="utf-8")
    spec, diagnostics = check_scenario(path)
    assert spec is None
    messages = [d.message for d in diagnostics.errors]
    assert any(m.startswith("unknown name 'league_credibilty' (did you mean 'league_credibility'?)") for m in messages)
    assert any(m.startswith("unknown format 'daet' (did you mean 'date'?)") for m in messages)
