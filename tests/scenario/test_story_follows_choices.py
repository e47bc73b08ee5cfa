"""Issue 9 point 6: the story follows the choices, in the shipped scenario.

A line that states a power's choice carries ``by:`` (or, for an option's own lines, the
option itself); the engine counts every world where such a line appears without that choice.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from game.engine import Game
from game.scenario import load_scenario
from game.scenario.registry import SCENARIO_DIR

PATH = SCENARIO_DIR / "europe1936.yaml"


@pytest.fixture(scope="module")
def spec():
    return load_scenario(PATH)


def uniform(spec):
    """The scenario with every AI weight 1 and no modifiers: each power picks at random among
    its available options, so a batch explores far more paths than the tuned AI does."""
    def flat(option):
        return replace(option, ai_weight=1.0, ai_modifiers=())

    events = tuple(replace(e, options={p: tuple(flat(o) for o in opts) for p, opts in e.options.items()})
                   for e in spec.events)
    return replace(spec, events=events)


@pytest.mark.parametrize("preset", ["sceptic", "middle", "believer"])
def test_no_line_states_a_choice_not_made_in_1000_random_worlds(spec, preset):
    settings = spec.preset_settings(preset) if any(p.id == preset for p in spec.presets) else {}
    game = Game(uniform(spec), settings=settings, worlds=1000, seed=9).run()
    assert game.contradictions == []


def test_random_human_games_ask_every_human_power_wherever_it_decides_and_lines_match(spec):
    rng = random.Random(2026)
    playable = [p.id for p in spec.powers if p.playable]
    for number in range(12):
        humans = rng.sample(playable, rng.randint(1, len(playable)))
        game = Game(spec, humans=humans, seed=number).run()
        while game.decision() is not None:
            game.apply(rng.choice(game.decision().legal))
        made = {(e, p): o for e, p, o in game.choices}
        for turn in game.turns:
            for power, option in turn.choices.items():
                if power in humans and any(o for o in spec.event(turn.event).options[power]):
                    assert made.get((turn.event, power)) == option, (turn.event, power)
            for entry in turn.log:
                for ref in entry.chose:
                    event_id, option_id = ref.split(".", 1)
                    by = [p for p in entry.actor if p in spec.event(event_id).options]
                    assert any(
                        (turn.event == event_id and turn.choices.get(p) == option_id)
                        or any(t.event == event_id and t.choices.get(p) == option_id for t in game.turns)
                        for p in by), (entry.text, ref)
        assert game.contradictions == []
