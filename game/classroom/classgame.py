"""A class game: one shared game of a scenario, each student or team a power.

The engine drives it through its public controller protocol. Every seated power has a
:class:`ClassController`, which asks the players except at the events where the teacher's
time limit ran out: there it answers "do not ask", so the AI policy decides and the
chronicle says so. A class game is therefore fully described by its scenario, settings,
seed, who plays which power, and the stored decisions (with the timed-out ones), and
:func:`LiveGame.build` rebuilds it exactly after a restart.

The decisions of all players at an event are collected: at an event where powers decide
at once (not ``ordered``), every seated power may decide as soon as the event opens, in
any order; the engine then takes them in its own order once all are in. At an ordered
event a power decides after the one before it, seeing what it chose.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..engine import HISTORY, Controller, Decision, Game, IllegalChoice, as_controller, historical_option
from ..engine.dates import iso
from ..engine.spec import Event, Spec

# The justification stored with the teacher's "Let the AI decide": the same move the time
# limit stores (option None), so the engine treats both alike; only the chronicle's words differ.
TEACHER_AI = "The teacher let the AI decide."


class ClassController(Controller):
    """A seated power: asks its players, except where the time limit handed it to the AI."""

    name = "class"
    human = True

    def __init__(self, timeouts: set[tuple[str, str]]) -> None:
        self.timeouts = timeouts  # (event id, power) decided by the AI when time ran out

    def asks(self, game: Game, event: Event, power: str) -> bool:
        return (event.id, power) not in self.timeouts


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    hint: str
    legal: bool
    reason: str
    historical: bool


@dataclass
class Vote:
    event: str
    power: str
    option: str | None  # None: the time ran out and the AI decided
    student_id: int | None
    justification: str


@dataclass
class LiveGame:
    """A class game in memory, rebuilt from the stored decisions."""

    spec: Spec
    game: Game
    humans: tuple[str, ...]
    votes: dict[tuple[str, str], Vote] = field(default_factory=dict)
    timeouts: set[tuple[str, str]] = field(default_factory=set)
    _history_ending: str | None = field(default=None, repr=False)

    @classmethod
    def build(cls, spec: Spec, settings: dict, seed: int, others: str, humans: Iterable[str],
              votes: Iterable[Vote]) -> LiveGame:
        humans = tuple(p.id for p in spec.powers if p.id in set(humans))
        timeouts: set[tuple[str, str]] = set()
        stored = {}
        for vote in votes:
            stored[(vote.event, vote.power)] = vote
            if vote.option is None:
                timeouts.add((vote.event, vote.power))
        controllers: dict[str, Any] = {p: ClassController(timeouts) for p in humans}
        default = as_controller(HISTORY if others == "history" else "ai")
        game = Game(spec, settings=settings, seed=seed, controllers=controllers, default_controller=default)
        live = cls(spec, game.run(), humans, stored, timeouts)
        live.advance()
        return live

    # ------------------------------------------------------------ what is open
    def decision(self) -> Decision | None:
        return self.game.decision()

    def is_over(self) -> bool:
        return self.game.is_over()

    def open_key(self) -> str | None:
        """Names the open event (changes when the next one opens): for the time limit."""
        decision = self.decision()
        return None if decision is None else f"{self.game.cursor}:{decision.event.id}"

    def waiting(self) -> list[str]:
        """The seated powers still to decide at the open event, in the event's order."""
        decision = self.decision()
        if decision is None:
            return []
        event = decision.event
        if event.ordered:
            return [decision.power]
        return [p for p in event.deciders
                if p in self.humans and (event.id, p) not in self.votes and (event.id, p) not in self.timeouts
                and any(c.legal for c in self.choices_for(p))]

    def choices_for(self, power: str) -> list[Choice]:
        """The options ``power`` has at the open event (legal or not, with the reason)."""
        decision = self.decision()
        if decision is None or power not in decision.event.options:
            return []
        if decision.power == power:
            return [Choice(v.id, v.text, v.hint, v.legal, v.reason, v.historical) for v in decision.options]
        if decision.event.ordered:
            return []
        # Powers deciding at once: the world does not change until all have chosen, so an
        # option's condition holds now exactly as it will when the engine asks.
        result = []
        for option in decision.event.options[power]:
            legal = option.available is None or bool(option.available.holds(self.game.state)[0])
            reason = "" if legal else (option.unavailable_reason or "not possible now")
            result.append(Choice(option.id, option.text, option.hint, legal, reason, option.historical))
        return result

    # ------------------------------------------------------------------ acting
    def check_vote(self, power: str, option: str) -> str | None:
        """Why ``power`` may not take ``option`` now, or None."""
        if power not in self.waiting():
            return "your power has nothing to decide now"
        choice = next((c for c in self.choices_for(power) if c.id == option), None)
        if choice is None:
            return "that is not one of the options"
        if not choice.legal:
            return f"'{choice.text}' is not possible now: {choice.reason}"
        return None

    def add_vote(self, vote: Vote) -> None:
        self.votes[(vote.event, vote.power)] = vote
        self.advance()

    def advance(self) -> None:
        """Apply every stored decision the engine is now asking for, in the engine's order."""
        while True:
            decision = self.decision()
            if decision is None:
                return
            vote = self.votes.get((decision.event.id, decision.power))
            if vote is None or vote.option is None:
                return
            try:
                self.game.apply(vote.option)
            except IllegalChoice:
                return  # cannot happen for a checked vote; the power stays undecided

    # ----------------------------------------------------------- what happened
    def chronicle(self) -> list[dict]:
        """The turns so far, newest first, each with its lines and who decided."""
        spec = self.spec
        turns = []
        for turn in self.game.turns:
            lines = []
            for entry in turn.log:
                if entry.bare:
                    continue
                text = entry.text
                if entry.kind == "choice" and entry.power in self.humans:
                    if (turn.event, entry.power) in self.timeouts:
                        vote = self.votes.get((turn.event, entry.power))
                        if vote is not None and vote.justification == TEACHER_AI:
                            text += " (the teacher let the AI decide for the players)"
                        else:
                            text += " (the time ran out, so the AI decided for the players)"
                    else:
                        text += " (decided by the players)"
                lines.append({"date": iso(entry.date), "text": text, "why": entry.plain, "kind": entry.kind})
            turns.append({"date": iso(turn.date), "title": turn.title, "lines": lines,
                          "event": turn.event, "choices": {spec.power_name(p): o for p, o in turn.choices.items()}})
        return list(reversed(turns))

    def timeline(self, ahead: int = 4) -> list[dict]:
        """The events that happened, the open one, and the next few on the calendar."""
        done = {t.event for t in self.game.turns}
        decision = self.decision()
        rows = [{"date": iso(t.date), "title": t.title, "state": "done"} for t in self.game.turns]
        if decision is not None:
            rows.append({"date": iso(decision.event.date), "title": decision.event.title, "state": "now"})
        if not self.is_over():
            upcoming = [e for e in self.game.upcoming() if e.id not in done][:ahead]
            rows.extend({"date": iso(e.date), "title": e.title, "state": "later"} for e in upcoming)
        return rows

    def path_beside_history(self) -> list[dict]:
        """Each decision the class took, beside the option history took."""
        rows = []
        for turn in self.game.turns:
            event = self.spec.event(turn.event)
            for power, option_id in turn.choices.items():
                if power not in self.humans:
                    continue
                options = {o.id: o.text for o in event.options[power]}
                history = historical_option(event, power)
                rows.append({
                    "date": iso(turn.date), "event": event.title, "power": self.spec.power_name(power),
                    "chose": options.get(option_id, option_id),
                    "history": options.get(history, "-") if history else "-",
                    "same": option_id == history, "ai": (turn.event, power) in self.timeouts,
                })
        return rows

    def history_ending(self) -> str:
        """The ending the historical path reaches under the same settings and seed.

        A whole game is run for it, and it depends only on the scenario, settings and seed, so
        it is run once: every poll of a finished game shows it (it was 40% of the server's time
        under the benchmark's load before it was kept)."""
        if self._history_ending is None:
            game = Game(self.spec, settings=dict(self.game.settings), seed=self.game.seed,
                        default_controller=HISTORY, historical_chance=True).run()
            ending = game.ending()
            self._history_ending = ending.title if ending else "-"
        return self._history_ending


def option_text(spec: Spec, event_id: str, power: str, option_id: str) -> str:
    """The text players read for an option (the teacher's list shows it, not the id)."""
    options = spec.event(event_id).options.get(power, ())
    return next((o.text for o in options if o.id == option_id), option_id)


def settings_json(text: str) -> dict:
    value = json.loads(text)
    return value if isinstance(value, dict) else {}
