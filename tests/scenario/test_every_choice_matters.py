"""Issue 9, point 5: every option of every decision in europe1936 changes the ending distribution.

For each decision (an event and a power deciding it) the power is made to take each option in
turn, everything else played by the AI under the default preset, on the same seeded worlds
(common random numbers). Two options that leave the ending counts identical would be a
choice that changes nothing. Decisions that only arise on a counterfactual branch are run on
a path that reaches them.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import Game
from game.scenario import load_scenario
from game.scenario.registry import SCENARIO_DIR

WORLDS = 2000

# where Italy stands aside too, no conference is called and the terms are answered at
# 'deadline_1938' instead of Munich
FIRM_1938 = {"Britain": {"berchtesgaden": "warn", "munich_call": "stand_firm", "munich": "refuse",
                         "deadline_1938": "refuse"},
             "France": {"berchtesgaden": "stand_by_treaty", "munich": "honour", "deadline_1938": "honour"}}


def merge(*paths: dict) -> dict:
    result: dict[str, dict[str, str]] = {}
    for path in paths:
        for power, choices in path.items():
            result.setdefault(power, {}).update(choices)
    return result


# events that only happen on a counterfactual branch -> a path that reaches them
REACH = {
    "hitler_decides": FIRM_1938,
    "w38_case_green": merge(FIRM_1938, {"Germany": {"hitler_decides": "attack"}}),
    "w38_poland": merge(FIRM_1938, {"Germany": {"hitler_decides": "attack"}}),
    "w38_italy": merge(FIRM_1938, {"Germany": {"hitler_decides": "attack"}}),
    "soviet_war_1938": merge(FIRM_1938, {"Germany": {"hitler_decides": "attack"}}),
    "deadline_1938": {"Britain": {"munich_call": "stand_firm"}, "Italy": {"munich_call": "aside"}},
    "alliance_review": merge(FIRM_1938, {"Germany": {"hitler_decides": "back_down"}}),
    "sa_west": {"USSR": {"godesberg": "pledge_firm"}, "Czechoslovakia": {"czech_answer": "fight"}},
}

# Decisions whose options do not (yet) change any ending by 31 December 1939. Empty: every
# decision now changes the endings; the list may only shrink.
KNOWN_GAPS: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def spec():
    return load_scenario(SCENARIO_DIR / "europe1936.yaml")


def decisions(spec):
    return [(e.id, p) for e in spec.events for p, options in e.options.items() if len(options) > 1]


def ending_counts(spec, controllers) -> np.ndarray:
    game = Game(spec, seed=0, worlds=WORLDS, controllers=controllers, default_controller="ai").run()
    return np.bincount(game.state.ending.astype(int), minlength=len(spec.endings))


def test_every_decision_is_checked_and_gaps_are_real(spec):
    """KNOWN_GAPS names only decisions that exist."""
    assert set(decisions(spec)) >= KNOWN_GAPS


@pytest.mark.parametrize("event_id,power", decisions(load_scenario(SCENARIO_DIR / "europe1936.yaml")))
def test_no_two_options_give_the_same_ending_distribution(spec, event_id, power):
    if (event_id, power) in KNOWN_GAPS:
        pytest.skip("known gap, see KNOWN_GAPS")
    event = spec.event(event_id)
    counts = {}
    for option in event.options[power]:
        counts[option.id] = ending_counts(spec, merge(REACH.get(event_id, {}), {power: {event_id: option.id}}))
    ids = list(counts)
    same = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if (counts[a] == counts[b]).all()]
    assert not same, f"{event_id}/{power}: options {same} give the same endings"


def test_each_great_power_decides_at_least_12_times_on_the_historical_path(spec):
    """Germany, the USSR, Britain and France each face at least 12 real choices in the replay."""
    game = Game(spec, seed=0, default_controller="history").run()
    for power in ("Germany", "USSR", "Britain", "France"):
        p = spec.power_index(power)
        count = sum(1 for i, e in enumerate(spec.events)
                    if game.chosen[i, p, 0] >= 0 and len(e.options.get(power, ())) > 1)
        assert count >= 12, (power, count)


# power -> an alternative strategy, compared with playing that power as in history
STRATEGIES = {
    "Germany": {"anschluss": "wait", "godesberg": "accept_plan", "prague": "keep_munich",
                "hitler_telegram": "no_telegram", "invasion": "hold"},
    "USSR": {"merekalov": "keep_away", "litvinov_dismissal": "keep", "astakhov_schnurre": "rebuff",
             "trade_agreement": "decline", "the_pact": "alliance_west", "soviet_september": "aid_poland"},
    "Britain": {"berchtesgaden": "warn", "munich_call": "stand_firm", "munich": "refuse", "deadline_1938": "refuse",
                "western_answer": "accept",
                "political_talks": "meet_terms", "moscow_talks": "senior", "warsaw_pressure": "press_hard"},
    "France": {"berchtesgaden": "stand_by_treaty", "munich": "honour", "deadline_1938": "honour", "western_answer": "accept",
               "political_talks": "press_london", "moscow_talks": "press_warsaw"},
}


@pytest.mark.parametrize("power", sorted(STRATEGIES))
def test_two_strategies_of_each_great_power_differ_by_30_points(spec, power):
    """Total-variation distance between the endings of history and the alternative strategy."""
    def shares(controller):
        game = Game(spec, seed=0, worlds=WORLDS, controllers={power: controller}, default_controller="ai").run()
        return np.bincount(game.state.ending.astype(int), minlength=len(spec.endings)) / WORLDS
    distance = 0.5 * np.abs(shares("history") - shares(STRATEGIES[power])).sum()
    assert distance >= 0.35, (power, distance)
