"""Conformance sweep: random legal play to the end, with invariants, for every scenario.

Every scenario shipped in scenarios/ (and the engine fixtures) must survive random legal
play: values stay in their declared ranges, turn dates never go back, each game reaches
exactly one ending, every territory is held by exactly one declared power, and a game
rebuilt from its recorded choices (a save/load round trip) is byte-identical.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from game.engine import Game
from game.scenario import list_scenarios, load_scenario
from game.transcript import dumps, game_to_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SCENARIOS = [*list_scenarios(), FIXTURES / "small.yaml", FIXTURES / "mini.yaml"]
GAMES = 1000


def play_randomly(spec, rng: random.Random, seed: int) -> Game:
    playable = [p.id for p in spec.powers if p.playable]
    humans = rng.sample(playable, k=rng.randint(1, len(playable)))
    game = Game(spec, humans=humans, seed=seed).run()
    while not game.is_over():
        game.apply(rng.choice(game.legal_options()))
    return game


def check_invariants(spec, game: Game) -> None:
    state = game.state
    for i, attribute in enumerate(spec.attributes):
        values = state.attrs[i]
        assert values.min() >= attribute.low - 1e-9 and values.max() <= attribute.high + 1e-9, attribute.name
    assert np.all(np.abs(state.trust) <= 1 + 1e-9)
    for i, var in enumerate(spec.globals):
        assert var.low - 1e-9 <= state.globals[i, 0] <= var.high + 1e-9, var.name
    dates = [turn.date for turn in game.turns]
    assert dates == sorted(dates), "turn dates went backwards"
    previous = spec.start
    for turn in game.turns:
        # Lines made between two events (monthly rules, effects landing 'after:' a delay) join
        # the next turn with their own dates: never before the turn that came before it.
        assert all(entry.date >= previous for entry in turn.log), turn.event
        assert all(entry.date >= turn.date for entry in turn.log if entry.kind == "choice"), turn.event
        previous = turn.date
    endings = [entry for entry in game.log if entry.kind == "ending"]
    assert len(endings) == 1 and game.ending() is not None
    assert game.ending().date >= (dates[-1] if dates else spec.start)
    assert np.all((state.territory >= 0) & (state.territory < len(spec.powers)))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_random_legal_games_keep_the_invariants(path):
    """1,000 random legal games per scenario reach exactly one ending with sane state."""
    spec = load_scenario(path)
    rng = random.Random(1936)
    for seed in range(GAMES):
        game = play_randomly(spec, rng, seed)
        check_invariants(spec, game)
        if seed % 100 == 0:
            again = Game.from_choices(spec, game.choices, humans=game.humans, seed=seed)
            assert dumps(game_to_json(again)) == dumps(game_to_json(game))
