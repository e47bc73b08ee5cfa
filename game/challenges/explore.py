"""What a student can do in a challenge: every route (or a sample), scored, across chance.

``python -m game check`` prints :func:`report` of :func:`explore`; ``validate`` runs a small
:func:`explore` (no chance analysis) and warns when no route reaches the pass mark.

A *route* is one sequence of the student's choices, met in the challenge's own world (its
seed, or 0 without one). Options the challenge forbids are left out (unless they forbid
every option of a decision, when play lifts them too).

* When the decision tree has at most ``limit`` routes, every route is visited.
* Otherwise ``limit`` routes are **sampled**: random walks from the start, each allowed
  option of each decision equally likely, dealt from the challenge's seed (the same sample
  every time), duplicates dropped. The report says so.

Each route gets the score the challenge gives (one fixed world, or the expected score over
its ``chance: {worlds: N}``), and is played in ``chance_worlds`` worlds with other dice to
see how much luck moves it: the *chance spread* is the range holding the middle 80% of
those worlds' scores (10th to 90th percentile), taken for the typical route. The *choice
spread* is how far apart the best and worst routes are, on average over those worlds. When
the chance spread is wider, chance moves the score more than choices do.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from statistics import median

import numpy as np

from ..engine import Game
from ..engine.dates import iso
from .load import Challenge
from .run import new_game, score
from .worlds import points_per_world

LIMIT = 256  # routes visited in full before check samples instead
CHANCE_WORLDS = 200  # worlds each route is played in to measure chance (check)
VALIDATE_LIMIT = 16  # validate's fast part: routes tried
VALIDATE_WORLDS = 64  # and at most this many worlds for a challenge scored over worlds

Key = tuple[str, str, str]  # (event, power, option)


@dataclass(frozen=True)
class Route:
    keys: tuple[Key, ...]
    dates: tuple[str, ...]  # the date each choice is made (in the challenge's world)
    score: float  # as the challenge scores it
    passed: bool
    missing: tuple[str, ...] = ()  # required objectives that did not hold (in most worlds)
    world_mean: float | None = None  # mean points over the chance worlds
    world_low: float | None = None  # 10th percentile of the points over the chance worlds
    world_high: float | None = None  # 90th percentile


@dataclass(frozen=True)
class DecisionEffect:
    event: str
    power: str
    options: tuple[tuple[str, float, int], ...]  # (option, mean score of routes taking it, routes)

    @property
    def effect(self) -> float:
        means = [mean for _, mean, _ in self.options]
        return max(means) - min(means)


@dataclass(frozen=True)
class Exploration:
    challenge: Challenge
    routes: tuple[Route, ...]
    complete: bool  # every route was visited (otherwise a sample)
    chance_worlds: int  # 0: chance not measured

    @property
    def lowest(self) -> float:
        return min(r.score for r in self.routes)

    @property
    def highest(self) -> float:
        return max(r.score for r in self.routes)

    @property
    def typical(self) -> float:
        return float(median(r.score for r in self.routes))

    @property
    def passing(self) -> list[Route]:
        return [r for r in self.routes if r.passed]

    @property
    def model_answer(self) -> Route | None:
        """The best passing route (highest score; the earliest found among equals)."""
        passing = self.passing
        return max(passing, key=lambda r: r.score) if passing else None

    @property
    def best(self) -> Route:
        return max(self.routes, key=lambda r: r.score)

    def decisions(self) -> list[DecisionEffect]:
        """Each decision met on more than one option, with the mean score per option, largest effect first."""
        groups: dict[tuple[str, str], dict[str, list[float]]] = {}
        for route in self.routes:
            for event, power, option in route.keys:
                groups.setdefault((event, power), {}).setdefault(option, []).append(route.score)
        effects = []
        for (event, power), by_option in groups.items():
            if len(by_option) < 2:
                continue
            options = tuple((o, float(np.mean(s)), len(s)) for o, s in by_option.items())
            effects.append(DecisionEffect(event, power, options))
        return sorted(effects, key=lambda e: -e.effect)

    @property
    def choice_spread(self) -> float | None:
        """Best minus worst route, each averaged over the chance worlds."""
        means = [r.world_mean for r in self.routes if r.world_mean is not None]
        return max(means) - min(means) if means else None

    @property
    def chance_spread(self) -> float | None:
        """The middle 80% of worlds' scores for the typical route (median over routes)."""
        spans = [r.world_high - r.world_low for r in self.routes
                 if r.world_high is not None and r.world_low is not None]
        return float(median(spans)) if spans else None

    @property
    def chance_dominates(self) -> bool:
        chance, choice = self.chance_spread, self.choice_spread
        return chance is not None and choice is not None and chance > choice


# ------------------------------------------------------------------------ the tree
def _allowed(challenge: Challenge, game: Game) -> list[str]:
    decision = game.decision()
    if decision is None:
        return []
    legal = [v.id for v in decision.options if v.legal]
    allowed = [o for o in legal if not challenge.is_forbidden(decision.event.id, decision.power, o)]
    return allowed or legal  # every option forbidden: play lifts the constraint


def _fork(game: Game) -> Game:
    """A copy of a running game to try another option in (the scenario itself is shared)."""
    return copy.deepcopy(game, {id(game.spec): game.spec})


def _leaf(challenge: Challenge, game: Game, keys: list[Key], dates: list[str],
          scoring_worlds: int | None) -> Route:
    if challenge.worlds > 1:
        from .worlds import score_worlds

        outcome = score_worlds(challenge, list(keys), scoring_worlds)
        missing = tuple(o.id for share, o in zip(outcome.shares, challenge.objectives)
                        if o.required and share <= 0.5)
        return Route(tuple(keys), tuple(dates), outcome.expected, outcome.passed, missing)
    final = score(challenge, game)
    return Route(tuple(keys), tuple(dates), final.points, final.passed, final.missing_required)


def _step(game: Game, option: str, keys: list[Key], dates: list[str]) -> tuple[list[Key], list[str]]:
    decision = game.decision()
    assert decision is not None
    keys = keys + [(decision.event.id, decision.power, option)]
    dates = dates + [iso(game.date)]
    game.apply(option)
    return keys, dates


def all_routes(challenge: Challenge, limit: int, scoring_worlds: int | None = None) -> list[Route] | None:
    """Every route (depth first), or None when there are more than ``limit``."""
    routes: list[Route] = []
    stack: list[tuple[Game, list[Key], list[str]]] = [(new_game(challenge, challenge.worlds_seed), [], [])]
    leaves: list[tuple[Game, list[Key], list[str]]] = []
    while stack:
        game, keys, dates = stack.pop()
        options = _allowed(challenge, game)
        if not options:
            leaves.append((game, keys, dates))
            if len(leaves) > limit:
                return None
            continue
        for index, option in enumerate(reversed(options)):
            branch = game if index == len(options) - 1 else _fork(game)
            stack.append((branch, *_step(branch, option, keys, dates)))
    for game, keys, dates in leaves:
        routes.append(_leaf(challenge, game, keys, dates, scoring_worlds))
    return routes


def sample_routes(challenge: Challenge, count: int, scoring_worlds: int | None = None) -> list[Route]:
    """``count`` distinct routes by random walks (or fewer after 4 x count walks)."""
    rng = random.Random(challenge.worlds_seed)
    root = new_game(challenge, challenge.worlds_seed)
    seen: set[tuple[Key, ...]] = set()
    routes = []
    for _ in range(4 * count):
        game = _fork(root)
        keys: list[Key] = []
        dates: list[str] = []
        while options := _allowed(challenge, game):
            keys, dates = _step(game, rng.choice(options), keys, dates)
        if tuple(keys) in seen:
            continue
        seen.add(tuple(keys))
        routes.append(_leaf(challenge, game, keys, dates, scoring_worlds))
        if len(routes) == count:
            break
    return routes


def explore(challenge: Challenge, limit: int = LIMIT, chance_worlds: int = CHANCE_WORLDS,
            scoring_worlds: int | None = None) -> Exploration:
    """Every route when there are at most ``limit``, else a sample of ``limit``; each played in
    ``chance_worlds`` worlds (0: chance not measured). ``scoring_worlds`` overrides the
    challenge's own count of worlds when scoring (validate's fast part uses fewer)."""
    routes = all_routes(challenge, limit, scoring_worlds)
    complete = routes is not None
    if routes is None:
        routes = sample_routes(challenge, limit, scoring_worlds)
    if chance_worlds:
        routes = [_with_chance(challenge, r, chance_worlds) for r in routes]
    return Exploration(challenge, tuple(routes), complete, chance_worlds)


def _with_chance(challenge: Challenge, route: Route, worlds: int) -> Route:
    # Other dice than the scoring worlds' (which come from the challenge's seed): seed + 1.
    points = points_per_world(challenge, list(route.keys), worlds, seed=challenge.worlds_seed + 1)
    low, high = np.percentile(points, [10, 90])
    return Route(route.keys, route.dates, route.score, route.passed, route.missing,
                 float(points.mean()), float(low), float(high))


def fast_warning(challenge: Challenge) -> str | None:
    """validate's fast part: a warning when none of a few routes reaches the pass mark."""
    worlds = min(challenge.worlds, VALIDATE_WORLDS) if challenge.worlds > 1 else None
    found = explore(challenge, limit=VALIDATE_LIMIT, chance_worlds=0, scoring_worlds=worlds)
    if found.passing:
        return None
    tried = (f"all {len(found.routes)} routes" if found.complete
             else f"{len(found.routes)} sampled routes")
    scored = f" (scored over {worlds} worlds)" if worlds else ""
    if found.best.score < challenge.pass_mark:
        why = (f"{tried} of the student's choices score at most {_num(found.highest)} of "
               f"{challenge.max_score:g}{scored}, the pass mark is {challenge.pass_mark:g}")
    else:
        why = f"tried {tried} of the student's choices{scored}: {_required_failure(challenge, found.best)}"
    return f"no route reaches the pass mark: {why}; run 'python -m game check' on this file for the details"


def _required_failure(challenge: Challenge, route: Route) -> str:
    """Why a route with enough points still fails: its required objectives."""
    texts = [o.text for o in challenge.objectives if o.id in route.missing]
    named = " and ".join(f"'{t}'" for t in texts)
    where = " in more than half of the worlds" if challenge.worlds > 1 else ""
    return (f"the best route scores {_num(route.score)} of {challenge.max_score:g}, enough for the pass "
            f"mark of {challenge.pass_mark:g}, but the required objective {named} does not hold{where}")


# ------------------------------------------------------------------------ the report
def _option_text(challenge: Challenge, event: str, power: str, option: str) -> str:
    options = challenge.spec.event(event).options[power]
    return next((o.text for o in options if o.id == option), option)


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def _points(value: float) -> str:
    value = round(value, 2)
    return f"{value:g} point" + ("" if value == 1 else "s")


def report(found: Exploration) -> str:
    """The teacher's summary, as plain text."""
    c = found.challenge
    spec = c.spec
    lines = [f"{c.title} ({c.id})", ""]
    scoring = (f"scored over {c.worlds:,} worlds (the expected score)" if c.worlds > 1
               else f"scored in one fixed world (seed {c.worlds_seed})")
    lines.append(f"Routes: {len(found.routes)} "
                 + ("(every route the student can take)" if found.complete else
                    f"(a sample: the tree has more than {len(found.routes)} routes; random walks from the seed "
                    f"{c.worlds_seed}, each allowed option equally likely)")
                 + f"; {scoring}.")
    lines.append(f"Score: lowest {_num(found.lowest)}, typical {_num(found.typical)}, highest {_num(found.highest)} "
                 f"of {c.max_score:g}; pass mark {c.pass_mark:g}.")
    passing = found.passing
    if passing:
        lines.append(f"A pass is reachable: {len(passing)} of {len(found.routes)} routes pass.")
    else:
        best = found.best
        why = (f"the best scores {_num(best.score)} of {c.max_score:g}, the pass mark is {c.pass_mark:g}"
               if best.score < c.pass_mark else _required_failure(c, best))
        lines.append(f"WARNING: no route reaches the pass mark: {why}. Lower the pass mark, change "
                     "the objectives, what is required, or the settings.")
    model = found.model_answer or found.best
    lines += ["", "Model answer (the best passing route):" if found.model_answer else
              "The best route (it does not pass):"]
    for number, ((event, power, option), date) in enumerate(zip(model.keys, model.dates), 1):
        who = f" ({spec.power_name(power)})" if len(c.powers) > 1 else ""
        lines.append(f"  {number}. {date}  {spec.event(event).title}{who}: "
                     f"{_option_text(c, event, power, option)}")
    if not model.keys:
        lines.append("  (the student meets no decision)")
    lines.append(f"  -> {_num(model.score)} of {c.max_score:g}, " + ("passes" if model.passed else "does not pass"))

    effects = found.decisions()
    lines += ["", "Decisions that move the score (mean score of the routes taking each option):"]
    for effect in effects:
        title = spec.event(effect.event).title
        lines.append(f"  {title} ({effect.event}): moves it by {_points(effect.effect)}")
        for option, mean, count in sorted(effect.options, key=lambda o: -o[1]):
            lines.append(f"    {mean:5.2f}  {_option_text(c, effect.event, effect.power, option)} "
                         f"({count} route{'s' if count != 1 else ''})")
    if not effects:
        lines.append("  none: every route the student can take scores the same" if len(found.routes) > 1
                     else "  none: the student has no choice to make")

    if found.chance_worlds:
        chance, choice = found.chance_spread, found.choice_spread
        lines += ["", f"Chance (each route also played in {found.chance_worlds} worlds with other dice):"]
        lines.append(f"  choices move the score by {_points(choice or 0)} (best route minus worst, "
                     "on average over the worlds)")
        lines.append(f"  chance moves it by {_points(chance or 0)} (the middle 80% of worlds, for a typical route)")
        if found.chance_dominates:
            if c.worlds > 1:
                lines.append("  Chance moves the score more than choices do; this challenge is scored over "
                             f"{c.worlds:,} worlds, so the grade is the average and luck does not decide it.")
            else:
                lines.append("  WARNING: chance moves the score more than choices do: with the same choices, "
                             "another seed gives another grade. Consider 'chance: {worlds: 1000}'.")
    return "\n".join(lines)
