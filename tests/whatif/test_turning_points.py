"""The debrief's turning points are what-if runs from each decision point."""

from __future__ import annotations

from pathlib import Path

from game.engine import Game
from game.scenario import load_scenario
from game.whatif.branch import option_plans
from game.whatif.runner import run
from game.whatif.turning_points import chance_draws, debrief_plans, deviations, share_of, turning_points

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "small.yaml"


def played(option: str) -> Game:
    game = Game(load_scenario(SMALL), humans=["France"], seed=3).run()
    game.apply(option)
    return game


def test_only_choices_that_differ_from_history_are_deviations():
    assert deviations(played("press_prague")) == []
    [d] = deviations(played("honour"))
    assert (d.event, d.power, d.chosen, d.historical) == ("crisis", "France", "honour", "press_prague")


def test_a_decision_is_measured_as_the_whatif_view_measures_its_options():
    game = played("honour")
    plans = debrief_plans(game, worlds=200, draws=[])  # the decisions only (the draws: below)
    assert len(plans) == 3  # chance, then the player's option and history's for the one deviation
    at_decision = Game(game.spec, humans=["France"], seed=3).run()
    view = {o.option: o.plan for o in option_plans(at_decision, worlds=200, chunk=200)}
    ending = game.ending().id
    for plan, option in ((plans[1], "honour"), (plans[2], "press_prague")):
        assert share_of(run(plan, processes=1), ending) == share_of(run(view[option], processes=1), ending)


def test_turning_points_rank_the_decision_by_its_effect_on_this_ending():
    game = played("honour")
    results = [run(p, processes=1) for p in debrief_plans(game, worlds=200, draws=[])]
    chance, points = turning_points(game, results, draws=[])
    assert 0 < chance <= 1
    [point] = points
    assert point.deviation.chosen == "honour" and point.effect == point.mine - point.theirs
    assert point.mine > point.theirs  # honouring the treaty made this ending (a war) more likely


def test_a_forced_draw_takes_that_outcome_in_every_world_and_unknown_rules_are_refused():
    import pytest

    from game.engine.errors import UnknownName

    spec = load_scenario(SMALL)
    war = {"France": {"crisis": "honour"}}
    for outcome in ("fires", "fails"):
        game = Game(spec, controllers=war, seed=3, worlds=50, forced_draws={"aftermath.campaign": outcome}).run()
        endings = {game.ending(w).id for w in range(50)}
        assert endings == ({"german_defeat"} if outcome == "fires" else {"german_victory"})
    with pytest.raises(UnknownName):
        Game(spec, forced_draws={"no_such_rule": "fires"})
    with pytest.raises(UnknownName):
        Game(spec, forced_draws={"aftermath.campaign": "maybe"})


def draw_game(seed: int) -> Game:
    game = Game(load_scenario(SMALL), humans=["France"], seed=seed).run()
    game.apply("honour")
    return game


def test_chance_draws_are_those_that_went_otherwise_than_in_history_with_their_point():
    """Seed 1: the campaign goes badly for Germany (history: it failed), drawn after France's
    one choice; seed 0: it goes as in history, so there is nothing to measure."""
    [draw] = chance_draws(draw_game(1))
    assert (draw.rule, draw.outcome, draw.historical, draw.upto) == ("aftermath.campaign", "fires", "fails", 1)
    assert draw.date == load_scenario(SMALL).event("aftermath").date
    assert chance_draws(draw_game(0)) == []


def test_a_draw_is_measured_from_its_point_with_each_outcome_forced_and_ranked_with_decisions():
    game = draw_game(1)
    plans = debrief_plans(game, worlds=200)
    assert len(plans) == 5  # chance, the decision (yours, history's), the draw (yours, history's)
    assert plans[3].forced_draws == {"aftermath.campaign": "fires"}
    assert plans[4].forced_draws == {"aftermath.campaign": "fails"}
    assert plans[3].controllers["France"] == {"crisis": "honour"}  # the choice before the draw is replayed
    results = [run(p, processes=1) for p in plans]
    _, points = turning_points(game, results)
    assert [type(p.deviation).__name__ for p in points] == ["Draw", "Deviation"]  # the bigger effect first
    assert points[0].mine == 1.0 and points[0].theirs == 0.0


def test_the_debrief_names_a_chance_draw_in_words():
    from game.ui.debrief import turning_blocks

    game = draw_game(1)
    results = [run(p, processes=1) for p in debrief_plans(game, worlds=100)]
    chance, points = turning_points(game, results)
    text = "\n".join(b.text for b in turning_blocks(game, chance, points, None))
    assert '1. Chance, 1 November 1938: "The campaign goes badly for Germany." made it more likely' in text
    assert 'history\'s outcome ("The campaign goes well for Germany.")' in text
