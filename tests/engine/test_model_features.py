"""Model features of issue 9: historical chance outcomes in the replay, time, ordered decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import HISTORY, Game
from game.scenario import load_scenario

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def features():
    return load_scenario(FIXTURES / "features.yaml")


# ------------------------------------------------------------- historical chance outcomes
def _war_game(spec, seed: int, forced: bool) -> Game:
    # France honours the treaty, so war comes and the 'campaign' chance (historical: fails) is drawn.
    return Game(spec, seed=seed, default_controller=HISTORY, controllers={"France": {"crisis": "honour"}},
                historical_chance=forced).run()


def test_historical_chance_forces_the_marked_outcome_on_every_seed(features):
    endings = {_war_game(features, seed, forced=True).ending().id for seed in range(20)}
    assert endings == {"german_victory"}  # 'campaign' is marked 'historical: fails'


def test_without_forcing_the_same_rule_draws_both_outcomes(features):
    endings = {_war_game(features, seed, forced=False).ending().id for seed in range(20)}
    assert endings == {"german_victory", "german_defeat"}


def test_forced_outcome_says_so_instead_of_a_drawn_number(features):
    game = _war_game(features, 0, forced=True)
    line = next(e for e in game.log if e.rule == "aftermath.campaign")
    assert "what happened in history" in line.why and "drew" not in line.why


def test_forcing_applies_in_a_batch_of_worlds_as_in_one(features):
    batch = Game(features, seed=3, worlds=200, default_controller=HISTORY,
                 controllers={"France": {"crisis": "honour"}}, historical_chance=True).run()
    assert {batch.ending(w).id for w in range(batch.worlds)} == {"german_victory"}
