"""Playing a challenge: the engine with a start point and dated checkpoints, and one attempt.

A challenge game is the engine's ordinary :class:`Game`, set up through its public
extension points:

* each student's power has a :class:`ChallengeController`: history decides before the
  challenge's start event, the student from there up to 'until', the AI (or history) after;
  the other powers follow history before the start (a script of historical options) and then
  the AI, or history throughout;
* a :class:`Checkpoints` observer keeps a copy of the world for each objective checked "at a
  date", taken when the calendar passes that date (before the first turn dated after it). If
  the game ends before the date, the final world counts.

ChallengeRun is one student's attempt: it filters forbidden options, records a
justification with each choice, rewinds when allowed, and reports the objectives' live
status and the final score. Desktop and terminal play both drive a ChallengeRun.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..engine import (
    HISTORY,
    ChallengeController,
    Controller,
    ControllerLike,
    Decision,
    Game,
    IllegalChoice,
    Observer,
    ScriptedController,
    as_controller,
    historical_option,
)
from ..engine.dates import iso
from ..engine.spec import Event
from ..engine.state import WorldState
from .load import Challenge, Objective


class Checkpoints(Observer):
    """Keeps the world as it stood on each checkpoint day (an engine observer)."""

    def __init__(self, days: Iterable[int]) -> None:
        self.days = sorted(set(days))
        self.snapshots: dict[int, WorldState] = {}  # checkpoint day -> world as it stood then

    def before_event(self, game: Game, event: Event) -> None:
        self._take(game, before=event.date)

    def on_end(self, game: Game) -> None:
        if game.calendar_ended:  # a game that ended early is judged on its final world
            self._take(game, before=None)

    def _take(self, game: Game, before: int | None) -> None:
        for day in self.days:
            if day in self.snapshots or (before is not None and day >= before):
                continue
            copy = game.state.copy()
            copy.date = day
            self.snapshots[day] = copy


def checkpoints_of(game: Game) -> Checkpoints:
    """The Checkpoints observer of a game built by :func:`new_game`."""
    for observer in game.observers:
        if isinstance(observer, Checkpoints):
            return observer
    raise ValueError("this game was not built by new_game(): it keeps no checkpoints")


def state_at(game: Game, day: int | None) -> tuple[WorldState, bool]:
    """(the world to judge a checkpoint on, whether that is final).

    ``day=None`` is the end of the game. A checkpoint not yet reached in a running game
    gives the current world, provisionally.
    """
    snapshots = checkpoints_of(game).snapshots
    if day is not None and day in snapshots:
        return snapshots[day], True
    return game.state, game.is_over()


def controllers_for(challenge: Challenge) -> dict[str, Controller]:
    """Controllers for every power: the student's and the others'."""
    spec = challenge.spec
    after = as_controller(HISTORY if challenge.others == "history" else {})
    result: dict[str, Controller] = {}
    for power in spec.powers:
        if power.id in challenge.powers:
            result[power.id] = ChallengeController(challenge.start_index, challenge.stop_index, after)
        elif challenge.others == "history":
            result[power.id] = as_controller(HISTORY)
        else:
            before = {}
            for event in spec.events[: challenge.start_index]:
                historical = historical_option(event, power.id)
                if historical is not None:
                    before[event.id] = historical
            result[power.id] = ScriptedController(before)  # history before the start, the AI after it
    return result


def game_kwargs(challenge: Challenge, seed: int) -> dict[str, object]:
    """Everything but the observers that :class:`Game` needs for a challenge."""
    controllers: dict[str, ControllerLike] = dict(controllers_for(challenge))
    return dict(settings=challenge.settings, seed=int(seed), controllers=controllers)


def new_game(challenge: Challenge, seed: int, choices: Iterable[tuple[str, str, str]] = ()) -> Game:
    """A challenge game, run to its first decision, with recorded (event, power, option) choices replayed.

    Raises IllegalChoice when a recorded choice does not fit.
    """
    return Game.from_choices(challenge.spec, list(choices), observers=[Checkpoints(challenge.checkpoints)],
                             **game_kwargs(challenge, seed))


# --------------------------------------------------------------------- objectives
@dataclass(frozen=True)
class ObjectiveStatus:
    objective: Objective
    met: bool
    final: bool  # decided for good (its date has passed, or the game is over)

    @property
    def label(self) -> str:
        if self.final:
            return "achieved" if self.met else "failed"
        return "on track" if self.met else "not yet"

    @property
    def points(self) -> float:
        return self.objective.points if self.met and self.final else 0.0


def objective_status(challenge: Challenge, game: Game) -> list[ObjectiveStatus]:
    result = []
    ending = game.ending()
    for objective in challenge.objectives:
        state, final = state_at(game, objective.at)
        met = True
        if objective.when is not None:
            met = bool(objective.when.holds(state)[0])
        if objective.endings:
            met = met and ending is not None and ending.id in objective.endings
            if ending is None:
                final = False
        result.append(ObjectiveStatus(objective, met, final))
    return result


@dataclass(frozen=True)
class Score:
    points: float
    max_points: float
    passed: bool
    statuses: tuple[ObjectiveStatus, ...]
    missing_required: tuple[str, ...]


def score(challenge: Challenge, game: Game) -> Score:
    statuses = tuple(objective_status(challenge, game))
    points = sum(s.points for s in statuses)
    missing = tuple(s.objective.id for s in statuses if s.objective.required and not (s.met and s.final))
    passed = game.is_over() and points >= challenge.pass_mark and not missing
    return Score(points, challenge.max_score, passed, statuses, missing)


# ----------------------------------------------------------------------- one attempt
@dataclass(frozen=True)
class Choice:
    event: str
    power: str
    option: str
    date: str
    justification: str = ""

    def key(self) -> tuple[str, str, str]:
        return (self.event, self.power, self.option)


class ChallengeRun:
    """One student's attempt at a challenge: the thing the terminal and the window drive."""

    def __init__(self, challenge: Challenge, seed: int | None = None) -> None:
        self.challenge = challenge
        self.seed = int(challenge.seed if challenge.seed is not None else (seed or 0))
        self.choices: list[Choice] = []
        self.rewinds = 0
        self.lifted: set[tuple[str, str]] = set()  # (event, power) where every option was forbidden
        self.game = new_game(challenge, self.seed)

    # -- what the student sees
    def decision(self) -> Decision | None:
        """The open decision, with forbidden options marked not legal (and why)."""
        decision = self.game.decision()
        if decision is None:
            return None
        lifted = self.constraint_lifted(decision)
        views = []
        for view in decision.options:
            reason = self.challenge.is_forbidden(decision.event.id, decision.power, view.id)
            if view.legal and reason and not lifted:
                view = replace(view, legal=False, reason=f"forbidden by the challenge: {reason}")
            views.append(view)
        return Decision(decision.event, decision.power, tuple(views))

    def constraint_lifted(self, decision: Decision) -> bool:
        """True when the constraints forbid every option the engine allows here."""
        legal = [v.id for v in decision.options if v.legal]
        return bool(legal) and all(
            self.challenge.is_forbidden(decision.event.id, decision.power, o) for o in legal)

    def hints_for(self, event_id: str | None = None) -> list[str]:
        return [h.text for h in self.challenge.hints if h.event is None or h.event == event_id]

    def statuses(self) -> list[ObjectiveStatus]:
        return objective_status(self.challenge, self.game)

    def score(self) -> Score:
        return score(self.challenge, self.game)

    def is_over(self) -> bool:
        return self.game.is_over()

    # -- acting
    def justification_problem(self, text: str) -> str | None:
        """Why a justification is not acceptable, or None."""
        if not self.challenge.justification:
            return None
        words = len(text.split())
        if words == 0:
            return "this challenge asks you to write why you chose this"
        if words < self.challenge.min_words:
            return f"please write at least {self.challenge.min_words} words (you wrote {words})"
        return None

    def apply(self, option_id: str, justification: str = "") -> None:
        """Take an option; raises IllegalChoice (with a reason to show) when it is not allowed."""
        decision = self.decision()
        if decision is None:
            raise IllegalChoice("no decision is open")
        view = next((v for v in decision.options if v.id == option_id), None)
        if view is not None and not view.legal:
            raise IllegalChoice(f"'{view.text}' is not possible: {view.reason}")
        problem = self.justification_problem(justification)
        if problem:
            raise IllegalChoice(problem)
        date = iso(self.game.date)
        lifted = self.constraint_lifted(decision)
        self.game.apply(option_id)
        if lifted:
            self.lifted.add((decision.event.id, decision.power))
        self.choices.append(Choice(decision.event.id, decision.power, option_id, date, justification.strip()))

    def can_rewind(self) -> bool:
        return self.challenge.rewind and bool(self.choices)

    def rewind(self, keep: int) -> None:
        """Go back to decision number ``keep`` (0-based): keep the choices before it."""
        if not self.challenge.rewind:
            raise IllegalChoice("this challenge does not allow going back")
        if not 0 <= keep < len(self.choices):
            raise IllegalChoice(f"there is no decision {keep + 1} to go back to")
        self.choices = self.choices[:keep]
        self.lifted &= {(c.event, c.power) for c in self.choices}
        self.game = new_game(self.challenge, self.seed, [c.key() for c in self.choices])
        self.rewinds += 1
