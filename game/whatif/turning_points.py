"""Which of the player's decisions most changed the ending, measured with the what-if engine.

For each decision the player took differently from history, two plans start from that
decision point: one with the player's option, one with history's option. Both replay the
player's earlier choices, keep every other power's controller as in the game and let the AI
decide the player's later decisions (as the What-if view does, :mod:`game.whatif.branch`),
with the game's seed, so the two share their chance draws and differ only by the decision.
The share of worlds that reach the game's own ending under each is the decision's effect.

Chance is measured the same way: with every one of the player's choices fixed, the share of
worlds that reach the game's ending says how much the dice, not the decisions, decided it.
No pygame here; the ending screen runs :func:`debrief_plans` on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import Game
from .runner import Plan, Result, default_war

DEBRIEF_WORLDS = 400  # per plan: a share to within about +/-5 points, in a few seconds per decision


@dataclass(frozen=True)
class Deviation:
    """One of the player's choices that differs from history's option."""

    index: int  # position in game.choices
    event: str
    power: str
    chosen: str
    historical: str


@dataclass(frozen=True)
class TurningPoint:
    deviation: Deviation
    mine: float  # share of worlds reaching the game's ending with the player's option
    theirs: float  # ... with history's option

    @property
    def effect(self) -> float:
        return self.mine - self.theirs


def deviations(game: Game) -> list[Deviation]:
    """The player's choices that differ from an option marked historical."""
    out = []
    for index, (event_id, power, option_id) in enumerate(game.choices):
        options = game.spec.event(event_id).options.get(power, ())
        historical = next((o.id for o in options if o.historical), None)
        if historical is not None and historical != option_id:
            out.append(Deviation(index, event_id, power, option_id, historical))
    return out


def _controllers(game: Game, upto: int, last: tuple[str, str, str] | None) -> dict:
    """Other powers as in the game; the humans replay their first ``upto`` choices (and
    ``last``, if given) and the AI takes their later decisions."""
    controllers: dict = {p: c for p, c in game.controllers.items() if not c.human}
    picks: dict[str, dict[str, str]] = {p: {} for p in game.humans}
    for event_id, power, option_id in list(game.choices[:upto]) + ([last] if last else []):
        picks.setdefault(power, {})[event_id] = option_id
    controllers.update(picks)
    return controllers


def _plan(game: Game, controllers: dict, worlds: int, label: str) -> Plan:
    return Plan(spec=game.spec, settings=dict(game.settings), controllers=controllers, seed=game.seed,
                worlds=worlds, war=default_war(game.spec), attribute=None, chunk=min(250, worlds), label=label)


def debrief_plans(game: Game, worlds: int = DEBRIEF_WORLDS) -> list[Plan]:
    """The chance plan (every choice of the player fixed), then for each deviation the plan
    with the player's option and the plan with history's option."""
    plans = [_plan(game, _controllers(game, len(game.choices), None), worlds, "your choices")]
    for d in deviations(game):
        plans.append(_plan(game, _controllers(game, d.index, (d.event, d.power, d.chosen)), worlds, "yours"))
        plans.append(_plan(game, _controllers(game, d.index, (d.event, d.power, d.historical)), worlds, "history's"))
    return plans


def share_of(result: Result, ending_id: str) -> float:
    return next((row.share for row in result.endings() if row.id == ending_id), 0.0)


def turning_points(game: Game, results: list[Result], top: int = 3) -> tuple[float, list[TurningPoint]]:
    """(share of worlds reaching the game's ending with all the player's choices, the ``top``
    deviations by the size of their effect on that ending), from the results of
    :func:`debrief_plans` in order."""
    ending = game.ending()
    if ending is None or not results:
        return 0.0, []
    chance = share_of(results[0], ending.id)
    points = [TurningPoint(d, share_of(results[1 + 2 * k], ending.id), share_of(results[2 + 2 * k], ending.id))
              for k, d in enumerate(deviations(game))]
    points.sort(key=lambda p: (-abs(p.effect), p.deviation.index))
    return chance, [p for p in points if abs(p.effect) >= 0.005][:top]
