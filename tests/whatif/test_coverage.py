"""whatif --coverage: the dead-content list over AI-only and random-player worlds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.scenario import load_scenario
from game.whatif.coverage import coverage, coverage_report

DEAD = """\
format: 1
id: dead_content
title: "Dead content"
start: 1936-01-01
end: 1936-12-31
attributes:
  stance: {min: -1, max: 1, default: 0}
globals:
  tension: {value: 0.2, min: 0, max: 1}
powers:
  Germany: {name: Germany}
  France: {name: France}
flags:
  never: {}
  marched: {}
events:
  - id: crisis
    date: 1936-03-07
    title: "Crisis"
    assumption: "test"
    options:
      France:
        - id: protest
          text: "Protest"
          effects: ["tension += 0.1"]
        - id: march
          text: "March"
          effects: ["flag.marched = true"]
          ai: {weight: 0}
        - id: impossible
          text: "Cannot be done"
          available: "flag.never"
    resolve:
      - id: unreachable_rule
        when: "tension > 5"
        effects: ["tension = 0"]
      - id: unlucky_rule
        chance: "0"
        historical: fails
        effects: ["tension = 1"]
  - id: ghost
    date: 1936-06-01
    title: "Never happens"
    when: "flag.never"
    assumption: "test"
    options:
      Germany:
        - id: wait
          text: "Wait"
rules:
  - id: background
    effects: ["tension += 0.01"]
    assumption: "test"
endings:
  - id: impossible_end
    title: "Impossible"
    when: "tension < -1"
    assumption: "test"
  - id: marched_end
    title: "France marched"
    when: "flag.marched"
    priority: 5
    assumption: "test"
  - id: quiet
    title: "Quiet"
    fallback: true
    assumption: "test"
"""


@pytest.fixture()
def dead_file(tmp_path: Path) -> Path:
    path = tmp_path / "dead.yaml"
    path.write_text(DEAD, encoding="utf-8")
    return path


@pytest.fixture()
def result(dead_file: Path):
    return coverage(load_scenario(dead_file), worlds=200, seed=1)


def test_coverage_lists_the_event_never_reached(result) -> None:
    assert result.dead_events() == ["ghost"]


def test_coverage_lists_options_never_chosen_only_in_reached_events(result) -> None:
    # 'march' has AI weight 0 but random players take it; 'wait' belongs to an event never reached.
    assert result.dead_options() == [("crisis", "France", "impossible")]


def test_coverage_says_why_a_rule_never_fired(result) -> None:
    assert dict(result.dead_rules()) == {
        "crisis.unreachable_rule": "its condition never held",
        "crisis.unlucky_rule": "its condition held but its chance never came up",
    }


def test_coverage_lists_endings_never_reached(result) -> None:
    assert result.dead_endings() == ["impossible_end"]


def test_coverage_random_players_reach_options_the_ai_never_takes(dead_file: Path) -> None:
    spec = load_scenario(dead_file)
    result = coverage(spec, worlds=100)
    assert result.counts.options[("crisis", "France", "march")] > 0
    assert result.counts.worlds == 200  # 100 with the AI, 100 with random players
    assert "marched_end" not in result.dead_endings()


def test_coverage_report_names_every_kind_of_dead_content(result) -> None:
    text = coverage_report(result)
    for line in ("Events never reached: 1 of 2", "  ghost", "crisis: France -> impossible",
                 "crisis.unreachable_rule (its condition never held)", "Endings never reached: 1 of 3",
                 "  impossible_end"):
        assert line in text


def test_whatif_coverage_command_prints_json(dead_file: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "game", "whatif", str(dead_file), "--coverage",
                           "--worlds", "50", "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["events_never_reached"] == ["ghost"]
    assert data["endings_never_reached"] == ["impossible_end"]
    assert {"event": "crisis", "power": "France", "option": "impossible"} in data["options_never_chosen"]


def test_whatif_coverage_refuses_vary(dead_file: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "game", "whatif", str(dead_file), "--coverage",
                           "--vary", "x"], capture_output=True, text=True)
    assert done.returncode == 2 and "--vary does not apply" in done.stderr


def test_shipped_scenario_has_no_dead_content_over_500_worlds() -> None:
    from game.scenario import default_scenario_path

    result = coverage(load_scenario(default_scenario_path()), worlds=500)
    assert (result.dead_events(), result.dead_options(), result.dead_rules(), result.dead_endings()) == (
        [], [], [], [])
