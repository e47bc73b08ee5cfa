"""What a world of a scenario costs, counted before playing (game/scenario/cost.py): the
figure and the advice `validate` prints."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from game.scenario import load_scenario
from game.scenario.cost import BUDGET, _duration, checks_per_world, cost_note

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"


@pytest.fixture(scope="module")
def mini():
    return load_scenario(MINI)


def test_the_cost_counts_each_check_of_an_event_and_every_background_rule_and_ending_at_it(mini):
    # mini.yaml: one event (its condition, one 'resolve' rule, France's two options, one with
    # an AI modifier: 1 + 1 + 2 + 3 = 7), then its one background rule and two endings: 10.
    assert checks_per_world(mini) == 10
    assert checks_per_world(replace(mini, rules=mini.rules * 4)) == 13
    assert checks_per_world(replace(mini, endings=mini.endings * 3)) == 14
    assert checks_per_world(replace(mini, events=mini.events * 2)) == 20


def test_a_cheap_scenario_gets_the_figure_alone(mini):
    assert cost_note(mini) == (
        10, "about 10 rule checks per world (budget 100,000; a replay takes under a second)", False)


def test_a_scenario_over_the_budget_gets_the_figure_and_what_to_do_about_it(mini):
    at_budget = replace(mini, rules=mini.rules * (BUDGET - 9))
    assert cost_note(at_budget)[0] == BUDGET and not cost_note(at_budget)[2]
    checks, text, over = cost_note(replace(mini, rules=mini.rules * (BUDGET - 8)))
    assert (checks, over) == (BUDGET + 1, True)
    assert text == ("about 100,001 rule checks per world (budget 100,000; a replay takes about 2 s): every "
                    "background rule is checked at every event, so consider fewer background rules (fold "
                    "them into event options or 'resolve') or fewer events")


def test_a_replay_time_reads_in_seconds_up_to_two_minutes_then_in_minutes():
    assert [_duration(s) for s in (0, 0.99, 1, 44.4, 119.4, 120, 3600)] == [
        "under a second", "under a second", "about 1 s", "about 44 s", "about 119 s", "about 2 minutes",
        "about 60 minutes"]
