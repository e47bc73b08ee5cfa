"""Scoring over many worlds (a challenge's ``chance: {worlds: N}``).

The student's choices, as a plan (event -> option), are played in N worlds at once with the
batch engine; the other powers follow history before the start and the AI (or history)
after it, exactly as in one-world play, but the dice differ per world. The score is the
expected score (the mean over the worlds) and each objective reports the share of worlds
in which it held, so luck no longer decides a grade and trying seeds gains nothing.

Where the student's option is not possible in some world, or the event comes up in a world
where the student never met it, the AI decides there (as it would for any power).
The worlds are dealt from the challenge's seed (0 when it has none), never the student's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import Game, ScriptedController, historical_option
from ..engine.state import NO_ENDING
from .load import Challenge
from .run import ChallengeRun, Checkpoints, controllers_for

DIGITS = 4  # expected scores and shares are stored rounded, so files compare exactly


@dataclass(frozen=True)
class WorldsScore:
    worlds: int
    expected: float  # mean points over the worlds
    shares: tuple[float, ...]  # per objective: share of worlds where it held
    passed: bool  # expected >= pass mark and every required objective held in most worlds


def plan(challenge: Challenge, keys: list[tuple[str, str, str]]) -> dict:
    """Controllers for every power: the student's choices as a script (history before the
    start, and after 'until' when the others follow history), the rest as in play."""
    spec = challenge.spec
    controllers = dict(controllers_for(challenge))
    for power in challenge.powers:
        picks: dict[str, str] = {}
        for index, event in enumerate(spec.events):
            if power not in event.deciders:
                continue
            before = index < challenge.start_index
            after = index >= challenge.stop_index and challenge.others == "history"
            if before or after:
                historical = historical_option(event, power)
                if historical is not None:
                    picks[event.id] = historical
        for event_id, who, option in keys:
            if who == power:
                picks[event_id] = option
        controllers[power] = ScriptedController(picks)
    return controllers


def play_worlds(challenge: Challenge, keys: list[tuple[str, str, str]], worlds: int,
                seed: int | None = None) -> tuple[Game, Checkpoints]:
    """The student's plan played to the end in ``worlds`` worlds (and its checkpoints)."""
    checkpoints = Checkpoints(challenge.checkpoints)
    game = Game(challenge.spec, settings=challenge.settings,
                seed=challenge.worlds_seed if seed is None else seed, worlds=worlds,
                controllers=plan(challenge, keys), trace=False, observers=[checkpoints])
    game.run()
    return game, checkpoints


def score_worlds(challenge: Challenge, keys: list[tuple[str, str, str]], worlds: int | None = None) -> WorldsScore:
    n = int(worlds or challenge.worlds)
    game, checkpoints = play_worlds(challenge, keys, n)
    met = held(challenge, game, checkpoints)
    per_world = _points(challenge, met)
    expected = round(float(per_world.mean()), DIGITS)
    shares = tuple(round(float(row.mean()), DIGITS) for row in met)
    required_ok = all(share > 0.5 for share, o in zip(shares, challenge.objectives) if o.required)
    return WorldsScore(n, expected, shares, expected >= challenge.pass_mark and required_ok)


_GRADES: dict[tuple[int, tuple[tuple[str, str, str], ...]], WorldsScore] = {}


def grade_of(run: ChallengeRun) -> WorldsScore | None:
    """For a challenge scored over many worlds, the grade of an attempt's choices (expected
    score, share of worlds per objective), computed once per set of choices (the result screen
    redraws); None for a challenge with one fixed world."""
    if run.challenge.worlds <= 1:
        return None
    key = (id(run.challenge), tuple(c.key() for c in run.choices))
    if key not in _GRADES:
        if len(_GRADES) > 64:
            _GRADES.clear()
        _GRADES[key] = score_worlds(run.challenge, list(key[1]))
    return _GRADES[key]


def points_per_world(challenge: Challenge, keys: list[tuple[str, str, str]], worlds: int,
                     seed: int | None = None) -> np.ndarray:
    """float [world]: the points the student's plan scores in each of ``worlds`` worlds."""
    game, checkpoints = play_worlds(challenge, keys, worlds, seed)
    return _points(challenge, held(challenge, game, checkpoints))


def _points(challenge: Challenge, met: np.ndarray) -> np.ndarray:
    points = np.array([o.points for o in challenge.objectives], dtype=np.float64)
    return (met * points[:, None]).sum(axis=0)


def held(challenge: Challenge, game: Game, checkpoints: Checkpoints) -> np.ndarray:
    """bool [objective, world]: whether each objective held in each world."""
    spec = challenge.spec
    ending = game.state.ending
    rows = []
    for objective in challenge.objectives:
        state = game.state
        if objective.at is not None:
            state = checkpoints.snapshots.get(objective.at, game.state)
        row = np.ones(game.worlds, dtype=bool)
        if objective.when is not None:
            row = objective.when.holds(state).copy()
        if objective.endings:
            wanted = [i for i, e in enumerate(spec.endings) if e.id in objective.endings]
            row &= np.isin(ending, wanted) & (ending != NO_ENDING)
        rows.append(row)
    return np.array(rows, dtype=bool).reshape(len(rows), game.worlds)
