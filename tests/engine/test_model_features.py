"""Model features of issue 9: historical chance outcomes in the replay, time, ordered decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import HISTORY, Game
from game.engine.dates import iso
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


# ----------------------------------------------------------------------------- time
def _global(game: Game, name: str) -> float:
    return game.snapshot()["globals"][name]


def test_monthly_rule_runs_on_the_first_of_every_month_before_the_event(features):
    # 1938-01-01 to the crisis of 15 September: 1 February ... 1 September = 8 months.
    game = Game(features, humans=["France"]).run()
    assert game.decision().event.id == "crisis"
    assert _global(game, "german_strength") == pytest.approx(0.58)


def test_monthly_rule_pace_does_not_depend_on_the_number_of_events(features):
    from dataclasses import replace

    # The same scenario with a second, empty event in between runs the monthly rule as often.
    extra = replace(features.events[0], id="extra", date=features.events[0].date - 30, options={},
                    deciders=(), resolve=(), ordered=False, when=None)
    busier = replace(features, events=(extra, *features.events))
    one = Game(features, humans=["France"]).run()
    two = Game(busier, humans=["France"]).run()
    assert _global(two, "german_strength") == _global(one, "german_strength")


def test_monthly_rules_run_to_the_end_of_the_scenario(features):
    game = Game(features, default_controller=HISTORY).run()
    # Peace: 11 monthly steps (February to December) and +0.1 from the cession.
    assert _global(game, "german_strength") == pytest.approx(0.5 + 11 * 0.01 + 0.1)


def test_delayed_effect_lands_at_the_first_turn_after_its_delay(features):
    game = Game(features, humans=["Germany"], controllers={"France": {"crisis": "honour"}}).run()
    decision = game.decision()
    assert decision.event.id == "aftermath"  # 1 November: 30 days after 15 September have passed
    assert game.snapshot()["attributes"]["readiness"]["France"] == pytest.approx(0.8)
    line = next(e for e in game.log if e.rule == "crisis.mobilisation_complete")
    assert iso(line.date) == "1938-10-15"


def test_delayed_effect_has_not_landed_when_its_rule_fires(features):
    from game.engine.hooks import Observer

    seen = {}

    class Watch(Observer):
        def after_event(self, game, event):
            seen[event.id] = game.snapshot()["attributes"]["readiness"]["France"]

    Game(features, controllers={"France": {"crisis": "honour"}}, observers=[Watch()]).run()
    assert seen["crisis"] == 0.5 and seen["aftermath"] == pytest.approx(0.8)


def test_time_keeps_batch_and_one_world_identical(features):
    from game.engine.chance import world_keys

    keys = world_keys(11, 40)
    batch = Game(features, keys=keys).run()
    for w in range(40):
        one = Game(features, keys=keys[w:w + 1]).run()
        assert batch.ending(w).id == one.ending().id
        assert float(batch.state.globals[0, w]) == float(one.state.globals[0, 0])
        assert float(batch.state.attrs[1, 1, w]) == float(one.state.attrs[1, 1, 0])


# ---------------------------------------------------------------- ordered decisions
def test_ordered_event_asks_the_second_power_after_the_first_has_acted(features):
    game = Game(features, humans=["France", "USSR"]).run()
    assert game.decision().power == "France"
    game.apply("honour")
    decision = game.decision()
    assert decision.power == "USSR"
    assert decision.earlier == (("France", "Honour the treaty"),)
    assert "follow_france" in decision.legal  # France's effect already applied


def test_ordered_event_shows_the_earlier_choice_as_unavailable_when_it_went_the_other_way(features):
    game = Game(features, humans=["France", "USSR"]).run()
    game.apply("press_prague")
    view = next(o for o in game.decision().options if o.id == "follow_france")
    assert not view.legal and view.reason == "France has not marched"


def test_ordered_event_replays_from_choices(features):
    choices = [("crisis", "France", "honour"), ("crisis", "USSR", "follow_france")]
    game = Game.from_choices(features, choices, humans=["France", "USSR"])
    assert game.turns[0].choices == {"France": "honour", "USSR": "follow_france"}


def test_ai_in_an_ordered_event_sees_the_earlier_choice(features):
    # The AI can only take follow_france where France has already honoured the treaty.
    game = Game(features, worlds=400, seed=2).run()
    crisis = [e.id for e in features.events].index("crisis")
    france, ussr = features.power_index("France"), features.power_index("USSR")
    follow = [o.id for o in features.event("crisis").options["USSR"]].index("follow_france")
    honour = [o.id for o in features.event("crisis").options["France"]].index("honour")
    took = game.chosen[crisis, ussr] == follow
    assert took.any()
    assert (game.chosen[crisis, france][took] == honour).all()


# ------------------------------------------------------------- who did what ("by")
def test_option_lines_carry_their_power_and_choice(features):
    game = Game(features, default_controller=HISTORY).run()
    line = next(e for e in game.log if e.rule == "crisis.France.press_prague" and e.kind == "effect")
    assert line.actor == ("France",) and line.chose == ("crisis.press_prague",)


def test_rule_lines_carry_their_by_tags(features):
    game = Game(features, controllers={"France": {"crisis": "honour"}}).run()
    line = next(e for e in game.log if e.rule == "crisis.france_marches")
    assert line.actor == ("France",) and line.chose == ("crisis.honour",)
    assert game.contradictions == []


def test_a_line_stating_a_choice_not_made_is_counted_as_a_contradiction(features):
    from dataclasses import replace

    event = features.event("crisis")
    wrong = tuple(replace(r, by=(("France", ("crisis.press_prague",)),)) if r.id == "crisis.france_marches" else r
                  for r in event.resolve)
    spec = replace(features, events=tuple(replace(e, resolve=wrong) if e.id == "crisis" else e
                                          for e in features.events))
    game = Game(spec, worlds=200, seed=1).run()
    assert game.contradictions and game.contradictions[0][0] == "crisis.france_marches"


def test_monthly_chance_is_drawn_afresh_every_month(features):
    from game.engine.hooks import Observer

    seen = {}

    class Watch(Observer):
        def before_event(self, game, event):
            if event.id == "crisis":
                seen["unrest"] = game.state.globals[[g.name for g in features.globals].index("unrest")].copy()

    Game(features, worlds=300, seed=4, observers=[Watch()]).run()
    # Eight months of a 50% chance before the crisis: a spread of counts, not all-or-nothing.
    counts = set(round(float(v) * 10) for v in seen["unrest"])
    assert len(counts) >= 6 and counts <= set(range(9))
