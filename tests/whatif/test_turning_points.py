"""The debrief's turning points are what-if runs from each decision point."""

from __future__ import annotations

from pathlib import Path

from game.engine import Game
from game.scenario import load_scenario
from game.whatif.branch import option_plans
from game.whatif.runner import run
from game.whatif.turning_points import debrief_plans, deviations, share_of, turning_points

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
    plans = debrief_plans(game, worlds=200)
    assert len(plans) == 3  # chance, then the player's option and history's for the one deviation
    at_decision = Game(game.spec, humans=["France"], seed=3).run()
    view = {o.option: o.plan for o in option_plans(at_decision, worlds=200, chunk=200)}
    ending = game.ending().id
    for plan, option in ((plans[1], "honour"), (plans[2], "press_prague")):
        assert share_of(run(plan, processes=1), ending) == share_of(run(view[option], processes=1), ending)


def test_turning_points_rank_the_decision_by_its_effect_on_this_ending():
    game = played("honour")
    results = [run(p, processes=1) for p in debrief_plans(game, worlds=200)]
    chance, points = turning_points(game, results)
    assert 0 < chance <= 1
    [point] = points
    assert point.deviation.chosen == "honour" and point.effect == point.mine - point.theirs
    assert point.mine > point.theirs  # honouring the treaty made this ending (a war) more likely
