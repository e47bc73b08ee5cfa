"""Playing a challenge: the engine with a start point and dated checkpoints, and one attempt.

ChallengeGame is the engine's :class:`Game` with two additions, made by overriding three
small internal steps rather than changing the engine:

* before the challenge's start event, the student's powers follow history (they are not
  asked), and so do all other powers (a mapping controller of historical options);
* each objective checked "at a date" is evaluated on a copy of the world taken when the
  calendar passes that date (before the first turn dated after it). If the game ends
  before the date, the final world counts.

ChallengeRun is one student's attempt: it filters forbidden options, records a
justification with each choice, rewinds when allowed, and reports the objectives' live
status and the final score. Desktop and terminal play both drive a ChallengeRun.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

import numpy as np

from ..engine import HISTORY, HUMAN, Decision, Game, IllegalChoice
from ..engine.dates import iso
from ..engine.spec import Event, Spec
from ..engine.state import WorldState
from .load import Challenge, Objective


class ChallengeGame(Game):
    """Game + start point + checkpoint snapshots. Construct through :func:`new_game`."""

    def __init__(self, spec: Spec, *, start_index: int = 0, stop_index: int | None = None,
                 after_stop: str = "ai", checkpoints: Iterable[int] = (), **kwargs) -> None:
        self.start_index = int(start_index)
        self.stop_index = len(spec.events) if stop_index is None else int(stop_index)
        self.after_stop = after_stop  # "ai" or "history": who plays the student's powers after 'until'
        self.checkpoints = sorted(set(checkpoints))
        self.snapshots: dict[int, WorldState] = {}  # checkpoint day -> world as it stood then
        super().__init__(spec, **kwargs)

    # The student's powers are "human" but are asked only between the start and 'until':
    # history decides before, the AI (or history) after.
    def _next_human(self, event: Event) -> Decision | None:
        if not self.start_index <= self.cursor < self.stop_index:
            return None
        return super()._next_human(event)

    def _fixed_option(self, event, power, controller):
        if controller == HUMAN and self.cursor < self.start_index:
            return super()._fixed_option(event, power, HISTORY)
        if controller == HUMAN and self.cursor >= self.stop_index:
            return super()._fixed_option(event, power, HISTORY if self.after_stop == "history" else {})
        return super()._fixed_option(event, power, controller)

    def _resolve(self, event: Event, active: np.ndarray) -> None:
        self._take_snapshots(before=event.date)
        super()._resolve(event, active)

    def _finish(self) -> None:
        super()._finish()
        self._take_snapshots(before=None)

    def _take_snapshots(self, before: int | None) -> None:
        for day in self.checkpoints:
            if day in self.snapshots or (before is not None and day >= before):
                continue
            copy = self.state.copy()
            copy.date = day
            self.snapshots[day] = copy

    def state_at(self, day: int | None) -> tuple[WorldState, bool]:
        """(the world to judge a checkpoint on, whether that is final).

        ``day=None`` is the end of the game. A checkpoint not yet reached in a running game
        gives the current world, provisionally.
        """
        if day is not None and day in self.snapshots:
            return self.snapshots[day], True
        return self.state, self.is_over()


def controllers_for(challenge: Challenge) -> dict:
    """Controllers for the powers the student does not play."""
    spec = challenge.spec
    result: dict = {}
    for power in spec.powers:
        if power.id in challenge.powers:
            continue
        if challenge.others == "history":
            result[power.id] = HISTORY
            continue
        before = {}
        for event in spec.events[: challenge.start_index]:
            historical = next((o.id for o in event.options.get(power.id, ()) if o.historical), None)
            if historical is not None:
                before[event.id] = historical
        result[power.id] = before  # history before the start, the AI after it
    return result


def game_kwargs(challenge: Challenge, seed: int) -> dict:
    return dict(
        settings=challenge.settings, seed=int(seed), humans=list(challenge.powers),
        controllers=controllers_for(challenge), start_index=challenge.start_index,
        stop_index=challenge.stop_index, after_stop=challenge.others,
        checkpoints=challenge.checkpoints,
    )


def new_game(challenge: Challenge, seed: int, choices: Iterable[tuple[str, str, str]] = ()) -> ChallengeGame:
    """A challenge game, with recorded (event, power, option) choices replayed.

    Raises IllegalChoice when a recorded choice does not fit.
    """
    return ChallengeGame.from_choices(challenge.spec, list(choices), **game_kwargs(challenge, seed))


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


def objective_status(challenge: Challenge, game: ChallengeGame) -> list[ObjectiveStatus]:
    result = []
    ending = game.ending()
    for objective in challenge.objectives:
        state, final = game.state_at(objective.at)
        met = True
        if objective.when is not None:
            value = np.broadcast_to(np.asarray(objective.when.fn(state), dtype=bool), (state.worlds,))
            met = bool(value[0])
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


def score(challenge: Challenge, game: ChallengeGame) -> Score:
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
        self.game.apply(option_id)
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
        self.game = new_game(self.challenge, self.seed, [c.key() for c in self.choices])
        self.rewinds += 1
