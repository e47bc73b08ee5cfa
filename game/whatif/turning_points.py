"""Which of the player's decisions most changed the ending, measured with the what-if engine.

For each decision the player took differently from history, two plans start from that
decision point: one with the player's option, one with history's option. Both replay the
player's earlier choices, keep every other power's controller as in the game and let the AI
decide the player's later decisions (as the What-if view does, :mod:`game.whatif.branch`),
with the game's seed, so the two share their chance draws and differ only by the decision.
The share of worlds that reach the game's own ending under each is the decision's effect.

Each chance draw of the player's game that went otherwise than in history (a chance rule
marked ``historical: fires`` or ``fails``) is measured the same way, from the point where it
was drawn: the player's earlier choices replayed, the AI after, and the rule forced to the
outcome it had in the player's game in one plan and to history's outcome in the other
(``Game(forced_draws=...)``). Decisions and draws are then ranked together.

Chance as a whole is measured too: with every one of the player's choices fixed, the share of
worlds that reach the game's ending says how much the dice, not the decisions, decided it.
No pygame here; the ending screen runs :func:`debrief_plans` on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import Game
from ..engine.hooks import Observer
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
class Draw:
    """A chance draw of the player's game whose outcome differs from history's."""

    rule: str  # the chance rule's id
    date: int  # when its chance was first drawn
    upto: int  # how many of the player's choices came before it
    outcome: str  # "fires" | "fails" in the player's game
    historical: str  # ... in history


@dataclass(frozen=True)
class TurningPoint:
    deviation: Deviation | Draw
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


class _FirstDraws(Observer):
    """Reads the coverage of a one-world replay: when each chance rule's condition first held
    (so its chance was drawn), and how many of the player's choices came before."""

    def __init__(self, rules: set[str], choices: list[tuple[str, str, str]]) -> None:
        self.rules, self.choices = rules, choices
        self.first: dict[str, tuple[int, int]] = {}  # rule -> (date, choices before)

    def _look(self, game: Game, done: set[str]) -> None:
        for rule_id in self.rules - self.first.keys():
            held = game.rule_held.get(rule_id)
            if held is not None and held[0]:
                upto = 0
                while upto < len(self.choices) and self.choices[upto][0] in done:
                    upto += 1
                self.first[rule_id] = (game.date, upto)

    def before_event(self, game: Game, event) -> None:  # drawn on the way to this event: before its choices
        self._look(game, {e.id for e in game.spec.events[:game.cursor]})

    def after_event(self, game: Game, event) -> None:  # drawn as this event resolved: after its choices
        self._look(game, {e.id for e in game.spec.events[:game.cursor]} | {event.id})


def all_rules(spec) -> list:
    """Every rule of the scenario: background rules, events' resolutions and options' effects."""
    rules = list(spec.rules)
    for event in spec.events:
        rules += list(event.resolve)
        rules += [option.rule for options in event.options.values() for option in options]
    return rules


def chance_draws(game: Game) -> list[Draw]:
    """The chance draws of ``game`` (one world) that went otherwise than in history, in the
    order they were drawn: the game is replayed with its choices and seed, watching which
    rules marked ``historical`` were drawn and whether they fired."""
    marked = {r.id: r.historical for r in all_rules(game.spec) if r.chance is not None and r.historical}
    if not marked or len(game.keys) != 1:
        return []
    watch = _FirstDraws(set(marked), list(game.choices))
    replay = Game(game.spec, settings=dict(game.settings), seed=game.seed,
                  controllers=_controllers(game, len(game.choices), None), keys=game.keys, coverage=True,
                  trace=False, observers=[watch]).run()
    out = []
    for rule_id, (date, upto) in watch.first.items():
        fired = replay.rule_fired.get(rule_id)
        outcome = "fires" if fired is not None and fired[0] else "fails"
        if outcome != marked[rule_id]:
            out.append(Draw(rule_id, date, upto, outcome, str(marked[rule_id])))
    return sorted(out, key=lambda d: (d.date, d.rule))


def _controllers(game: Game, upto: int, last: tuple[str, str, str] | None) -> dict:
    """Other powers as in the game; the humans replay their first ``upto`` choices (and
    ``last``, if given) and the AI takes their later decisions."""
    controllers: dict = {p: c for p, c in game.controllers.items() if not c.human}
    picks: dict[str, dict[str, str]] = {p: {} for p in game.humans}
    for event_id, power, option_id in list(game.choices[:upto]) + ([last] if last else []):
        picks.setdefault(power, {})[event_id] = option_id
    controllers.update(picks)
    return controllers


def _plan(game: Game, controllers: dict, worlds: int, label: str, forced: dict | None = None) -> Plan:
    return Plan(spec=game.spec, settings=dict(game.settings), controllers=controllers, seed=game.seed,
                worlds=worlds, war=default_war(game.spec), attribute=None, chunk=min(250, worlds), label=label,
                forced_draws=forced or {})


def debrief_plans(game: Game, worlds: int = DEBRIEF_WORLDS, draws: list[Draw] | None = None) -> list[Plan]:
    """The chance plan (every choice of the player fixed), then for each deviation the plan
    with the player's option and the plan with history's option, then for each chance draw
    that differed (:func:`chance_draws`) the plan with the player's outcome and the plan
    with history's."""
    plans = [_plan(game, _controllers(game, len(game.choices), None), worlds, "your choices")]
    for d in deviations(game):
        plans.append(_plan(game, _controllers(game, d.index, (d.event, d.power, d.chosen)), worlds, "yours"))
        plans.append(_plan(game, _controllers(game, d.index, (d.event, d.power, d.historical)), worlds, "history's"))
    for draw in chance_draws(game) if draws is None else draws:
        start = _controllers(game, draw.upto, None)
        plans.append(_plan(game, start, worlds, "your draw", {draw.rule: draw.outcome}))
        plans.append(_plan(game, start, worlds, "history's draw", {draw.rule: draw.historical}))
    return plans


def share_of(result: Result, ending_id: str) -> float:
    return next((row.share for row in result.endings() if row.id == ending_id), 0.0)


def turning_points(game: Game, results: list[Result], top: int = 3,
                   draws: list[Draw] | None = None) -> tuple[float, list[TurningPoint]]:
    """(share of worlds reaching the game's ending with all the player's choices, the ``top``
    decisions and chance draws by the size of their effect on that ending, ranked together),
    from the results of :func:`debrief_plans` in order."""
    ending = game.ending()
    if ending is None or not results:
        return 0.0, []
    chance = share_of(results[0], ending.id)
    changes: list[Deviation | Draw] = [*deviations(game), *(chance_draws(game) if draws is None else draws)]
    points = [TurningPoint(d, share_of(results[1 + 2 * k], ending.id), share_of(results[2 + 2 * k], ending.id))
              for k, d in enumerate(changes)]
    order = {id(d): k for k, d in enumerate(changes)}
    points.sort(key=lambda p: (-abs(p.effect), order[id(p.deviation)]))
    return chance, [p for p in points if abs(p.effect) >= 0.005][:top]
