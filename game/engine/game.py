"""The game: a deterministic transition function over one or many worlds.

Vocabulary (OpenSpiel style):
    game = Game(spec, settings, seed, humans=["France"])   # built at the starting position
    game.run()               -> advances to the first human decision (or the end); returns game
    game.decision()          -> the open Decision, or None
    game.legal_options()     -> option ids the deciding power may take now
    game.apply("protest")    -> applies it, then runs on to the next human decision
    game.is_over(), game.ending(), game.turns, game.log

Building a ``Game`` does not advance it: a driver first attaches what it needs, then calls
:meth:`Game.run` (``from_choices`` does that for you). Extension points, both public:

* controllers (:mod:`game.engine.controllers`): who decides for each power. ``"human"``
  asks through ``decision``; ``"ai"`` samples its policy; ``"history"`` takes the historical
  option; a mapping {event id: option id} is a script; any :class:`Controller` subclass
  (e.g. :class:`ChallengeController`) may decide differently by calendar position.
* observers (:mod:`game.engine.hooks`): ``on_start``, ``before_event``, ``after_event`` and
  ``on_end`` hooks, called as the calendar advances.

Several worlds (``worlds=N``) run the same code with masks; a controller that asks a human is
only allowed with one world.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np

from . import chance
from .controllers import AI, HISTORY, HUMAN, Controller, ControllerLike, HumanController, as_controller
from .errors import GameOver, IllegalChoice, NotStarted, SetupError
from .hooks import Observer
from .log import LogEntry, TurnRecord
from .spec import Compiled, Effect, Ending, Event, Option, Rule, Spec
from .state import NO_ENDING, WorldState

__all__ = ["AI", "HISTORY", "HUMAN", "Decision", "EndingResult", "Game", "OptionView"]


@dataclass(frozen=True)
class OptionView:
    id: str
    text: str
    hint: str
    historical: bool
    legal: bool
    reason: str = ""  # why it is not legal


@dataclass(frozen=True)
class Decision:
    """A choice waiting for a human: which event, which power, what options."""

    event: Event
    power: str
    options: tuple[OptionView, ...]

    @property
    def legal(self) -> list[str]:
        return [o.id for o in self.options if o.legal]


@dataclass(frozen=True)
class EndingResult:
    id: str
    title: str
    text: str
    date: int


class Game:
    def __init__(
        self,
        spec: Spec,
        settings: Mapping[str, object] | None = None,
        seed: int = 0,
        humans: Iterable[str] = (),
        controllers: Mapping[str, ControllerLike] | None = None,
        default_controller: ControllerLike = AI,
        worlds: int = 1,
        keys: np.ndarray | Iterable[int] | None = None,
        trace: bool | None = None,
        observers: Iterable[Observer] = (),
        historical_chance: bool = False,
    ) -> None:
        """A game at the scenario's starting position; call :meth:`run` to advance it.

        Raises UnknownName (a power or setting the scenario does not have), InvalidSetting
        and SetupError (a human controller in a game of more than one world).
        """
        self.spec = spec
        # When true, every chance rule marked 'historical: fires/fails' takes that outcome
        # instead of drawing: the replay labelled history is the same on every seed.
        self.historical_chance = historical_chance
        self.observers: list[Observer] = list(observers)
        self.seed = int(seed)
        self.settings = spec.resolve_settings(settings or {})
        default = as_controller(default_controller)
        self.controllers: dict[str, Controller] = {p.id: default for p in spec.powers}
        for power, controller in (controllers or {}).items():
            spec.power_index(power)
            self.controllers[power] = as_controller(controller)
        for power in humans:
            spec.power_index(power)
            self.controllers[power] = HumanController()
        self.humans = [p.id for p in spec.powers if self.controllers[p.id].human]
        self.keys = chance.world_keys(seed, worlds) if keys is None else np.asarray(keys, dtype=np.uint64)
        if self.humans and len(self.keys) != 1:
            raise SetupError("human players need a game of exactly one world")
        self.trace = len(self.keys) == 1 if trace is None else trace
        self.state = WorldState.initial(spec, spec.encode_settings(self.settings), len(self.keys))
        self.cursor = 0  # index of the next calendar event to consider (or the one being decided)
        self.pending: dict[str, int] = {}  # human choices for the open event, by power
        self.choices: list[tuple[str, str, str]] = []  # (event, power, option) chosen by humans
        self.turns: list[TurnRecord] = []
        self.log: list[LogEntry] = []
        self.chosen = np.full((len(spec.events), len(spec.powers), len(self.keys)), -1, dtype=np.int16)
        self.started = False
        self.calendar_ended = False  # the calendar ran out and the final ending check ran
        self._ended = False  # on_end has been called
        self._open: Decision | None = None
        self._current: TurnRecord | None = None

    # ----------------------------------------------------------------- public API
    @classmethod
    def from_choices(cls, spec: Spec, choices: Iterable[tuple[str, str, str]], **kwargs) -> "Game":
        """Build a game with ``cls(spec, **kwargs)``, run it and apply recorded
        (event, power, option) choices in order; returns an instance of ``cls``.

        This is how saves are resumed, rewinds branch and grading re-checks a result.
        Raises IllegalChoice when a recorded choice does not fit the game it is applied to.
        """
        game = cls(spec, **kwargs).run()
        for number, (event_id, power, option_id) in enumerate(choices, 1):
            decision = game.decision()
            if decision is None:
                raise IllegalChoice(f"choice {number} ({event_id}: {power} -> {option_id}) comes after the game ended")
            if (decision.event.id, decision.power) != (event_id, power):
                raise IllegalChoice(
                    f"choice {number} is for {event_id}/{power}, but the game asks "
                    f"{decision.event.id}/{decision.power}"
                )
            game.apply(option_id)
        return game

    def run(self) -> "Game":
        """Advance to the next human decision, or to the end; returns the game itself.

        The first call starts the game (observers' ``on_start``); later calls are harmless.
        """
        if not self.started:
            self.started = True
            for observer in self.observers:
                observer.on_start(self)
        if self._open is None:
            self._advance()
        return self

    @property
    def worlds(self) -> int:
        return len(self.keys)

    def decision(self) -> Decision | None:
        """The decision waiting for a human, or None (the game is over, or no human plays)."""
        if not self.started:
            raise NotStarted("the game has not started: call run() first")
        return self._open

    def legal_options(self) -> list[str]:
        return self._open.legal if self._open else []

    def apply(self, option_id: str) -> None:
        """Apply the deciding human's choice, then run on to the next human decision."""
        if self.is_over():
            raise GameOver("the game is over")
        if not self.started:
            raise NotStarted("the game has not started: call run() first")
        if self._open is None:
            raise IllegalChoice("no decision is open")
        decision = self._open
        for view in decision.options:
            if view.id == option_id:
                if not view.legal:
                    raise IllegalChoice(f"'{view.text}' is not possible now: {view.reason}")
                break
        else:
            known = ", ".join(o.id for o in decision.options)
            raise IllegalChoice(
                f"{self.spec.power_name(decision.power)} has no option '{option_id}' in "
                f"'{decision.event.title}'; options: {known}"
            )
        options = decision.event.options[decision.power]
        self.pending[decision.power] = [o.id for o in options].index(option_id)
        self.choices.append((decision.event.id, decision.power, option_id))
        self._open = None
        self._advance()

    def is_over(self) -> bool:
        return bool(np.all(self.state.ending != NO_ENDING))

    def ending(self, world: int = 0) -> EndingResult | None:
        index = int(self.state.ending[world])
        if index == NO_ENDING:
            return None
        ending = self.spec.endings[index]
        return EndingResult(ending.id, ending.title, ending.text, int(self.state.ending_date[world]))

    @property
    def date(self) -> int:
        return self.state.date

    def upcoming(self) -> list[Event]:
        """Calendar events not yet reached (they may or may not fire)."""
        start = self.cursor + (1 if self._open else 0)
        return list(self.spec.events[start:])

    # -------------------------------------------------------------- the turn loop
    def _advance(self) -> None:
        events = self.spec.events
        while self.cursor < len(events) and not self.is_over():
            event = events[self.cursor]
            self.state.date = max(self.state.date, event.date)
            active = self.state.running & self._condition(event.when)
            if not active.any():
                self.cursor += 1
                continue
            waiting = self._next_human(event)
            if waiting is not None:
                self._open = waiting
                return
            for observer in self.observers:
                observer.before_event(self, event)
            self._resolve(event, active)
            self.pending = {}
            self.cursor += 1
            for observer in self.observers:
                observer.after_event(self, event)
        if not self.is_over():
            self._finish()
        if not self._ended:
            self._ended = True
            for observer in self.observers:
                observer.on_end(self)

    def _next_human(self, event: Event) -> Decision | None:
        for power in event.deciders:
            if power in self.pending or not self.controllers[power].asks(self, event, power):
                continue
            views = tuple(self._option_view(option) for option in event.options[power])
            if any(view.legal for view in views):
                return Decision(event, power, views)
        return None

    def _option_view(self, option: Option) -> OptionView:
        legal = bool(self._available(option)[0])
        reason = "" if legal else (option.unavailable_reason or f"requires {option.available.text}")
        return OptionView(option.id, option.text, option.hint, option.historical, legal, reason)

    def _available(self, option: Option) -> np.ndarray:
        if option.available is None:
            return np.ones(self.worlds, dtype=bool)
        return self._condition(option.available)

    def _resolve(self, event: Event, active: np.ndarray) -> None:
        self.state.turns[active] += 1
        record = None
        if self.trace and active[0]:
            record = TurnRecord(int(self.state.turns[0]), event.date, event.id, event.title)
            self.turns.append(record)
        self._current = record
        chosen = {power: self._choose(event, power, active) for power in event.deciders}
        event_index = self.cursor
        for p, power in enumerate(event.deciders):
            self.chosen[event_index, self.spec.power_index(power)] = np.where(active, chosen[power], -1)
        for power in event.deciders:
            for o, option in enumerate(event.options[power]):
                self._apply_rule(option.rule, active & (chosen[power] == o), power=power)
        for rule in event.resolve:
            self._apply_rule(rule, active)
        for r, rule in enumerate(self.spec.rules):
            mask = active & ~self.state.fired[r] if rule.once else active
            fired = self._apply_rule(rule, mask)
            if rule.once:
                self.state.fired[r] |= fired
        self._check_endings(active, event.date)
        if record is not None:
            self._sort_by_date(record)
        self._current = None

    def _sort_by_date(self, record: TurnRecord) -> None:
        """Put a turn's entries in date order (stable), in the turn and in the game log.

        Options and rules may date their chronicle lines later than the event (Britain's
        reply a week after the crisis); the chronicle should still read in order.
        """
        count = len(record.log)
        record.log.sort(key=lambda entry: entry.date)
        if count:
            self.log[-count:] = record.log

    # ------------------------------------------------------------------ choosing
    def _choose(self, event: Event, power: str, active: np.ndarray) -> np.ndarray:
        """int [world]: index of the option ``power`` takes in every world."""
        options = event.options[power]
        available = np.stack([self._available(o) for o in options])  # [option, world]
        if power in self.pending:
            choice = np.full(self.worlds, self.pending[power], dtype=np.int16)
            self._log_choice(event, power, options[self.pending[power]], "chosen by the player")
            return choice
        # A human with no legal option falls through to the AI so the event still resolves.
        fixed = self._fixed_option(event, power)
        if fixed is not None:
            index, why = fixed
            usable = available[index]
            ai_choice, ai_why = self._ai_choice(event, power, options, available)
            choice = np.where(usable, index, ai_choice).astype(np.int16)
            if self.trace and active[0]:
                if usable[0]:
                    self._log_choice(event, power, options[index], why)
                else:
                    self._log_choice(event, power, options[int(ai_choice[0])],
                                     f"{options[index].text!r} was not possible; {ai_why}")
            return choice
        choice, why = self._ai_choice(event, power, options, available)
        if self.trace and active[0]:
            self._log_choice(event, power, options[int(choice[0])], why)
        return choice

    def _fixed_option(self, event: Event, power: str) -> tuple[int, str] | None:
        """(index, why) of the option the power's controller fixed, or None for the AI."""
        fixed = self.controllers[power].fixed(self, event, power)
        if fixed is None:
            return None
        ids = [o.id for o in event.options[power]]
        option_id, why = fixed
        return (ids.index(option_id), why) if option_id in ids else None

    def _ai_choice(self, event: Event, power: str, options: tuple[Option, ...],
                   available: np.ndarray) -> tuple[np.ndarray, str]:
        """Sample the AI policy: weight x modifiers, over available options, per world."""
        weights = np.zeros((len(options), self.worlds))
        reasons: list[str] = []
        for i, option in enumerate(options):
            w = np.full(self.worlds, option.ai_weight, dtype=np.float64)
            applied = []
            for modifier in option.ai_modifiers:
                hit = self._condition(modifier.when)
                w = np.where(hit, w * modifier.factor, w)
                if self.trace and hit[0]:
                    applied.append(f"x{modifier.factor:g} {modifier.why}")
            weights[i] = np.where(available[i], w, 0.0)
            if self.trace:
                detail = f" ({'; '.join(applied)})" if applied else ""
                reasons.append(f"{option.id} {weights[i][0]:.2f}{detail}")
        total = weights.sum(axis=0)
        # A world where every weight is zero takes the first available option.
        fallback = np.argmax(available, axis=0)
        u = chance.uniform(self.keys, event.draw_site + self.spec.power_index(power), self.cursor)
        cumulative = np.cumsum(weights, axis=0)
        picked = np.sum(cumulative <= (u * total)[None, :], axis=0)
        picked = np.minimum(picked, len(options) - 1)
        choice = np.where(total > 0, picked, fallback).astype(np.int16)
        why = "AI policy weights: " + ", ".join(reasons) if self.trace else ""
        return choice, why

    def _log_choice(self, event: Event, power: str, option: Option, why: str) -> None:
        if self._current is None:
            return
        self._current.choices[power] = option.id
        entry = LogEntry(
            date=event.date,
            text=f"{self.spec.power_name(power)}: {option.text}",
            rule=f"{event.id}.{power}.{option.id}",
            sources=tuple(option.rule.provenance.citations() or event.provenance.citations()),
            kind="choice",
            power=power,
            why=why,
        )
        self._record(entry)

    # ------------------------------------------------------------------- effects
    def _condition(self, compiled: Compiled | None) -> np.ndarray:
        if compiled is None:
            return np.ones(self.worlds, dtype=bool)
        return compiled.holds(self.state)

    def _apply_rule(self, rule: Rule, mask: np.ndarray, power: str | None = None) -> np.ndarray:
        """Apply ``rule`` where ``mask`` and its condition hold; return where it fired."""
        if not mask.any():
            return mask
        mask = mask & self._condition(rule.when)
        if not mask.any():
            return mask
        why = f"because {rule.when.text}" if rule.when is not None else ""
        if rule.chance is None:
            self._apply_effects(rule, rule.effects, mask, rule.text, why, power)
            return mask
        p = rule.chance.values(self.state)
        if self.historical_chance and rule.historical is not None:
            hit = mask if rule.historical == "fires" else np.zeros_like(mask)
            odds = (f"chance {float(p[0]):.0%} ({rule.chance.text}); "
                    f"this replay takes what happened in history (it {rule.historical})")
        else:
            u = chance.uniform(self.keys, rule.draw_site, self.cursor)
            hit = mask & (u < p)
            odds = f"chance {float(p[0]):.0%} ({rule.chance.text}), drew {float(u[0]):.2f}"
        why = f"{why}; {odds}" if why else odds
        self._apply_effects(rule, rule.effects, hit, rule.text, why, power)
        self._apply_effects(rule, rule.else_effects, mask & ~hit, rule.else_text, why, power)
        return mask

    def _apply_effects(self, rule: Rule, effects: tuple[Effect, ...], mask: np.ndarray,
                       text: str, why: str, power: str | None) -> None:
        if not mask.any():
            return
        changes = []
        for effect in effects:
            change = self._apply_effect(effect, mask)
            if change:
                changes.append(change)
        if self.trace and mask[0] and (text or changes):
            self._record(LogEntry(
                date=rule.log_date if rule.log_date is not None else self.state.date,
                text=text or ", ".join(changes),
                rule=rule.id,
                sources=tuple(rule.provenance.citations()),
                kind="effect",
                power=power,
                why=why,
                changes=tuple(changes),
            ))

    def _apply_effect(self, effect: Effect, mask: np.ndarray) -> str:
        state = self.state
        array = state.table(effect.table)
        old = array[effect.index].copy()
        value = np.broadcast_to(np.asarray(effect.value.fn(state)), (self.worlds,))
        if effect.op == "=":
            new = value
        elif effect.op == "+=":
            new = old + value
        elif effect.op == "-=":
            new = old - value
        else:
            new = old * value
        low, high = self._bounds(effect)
        if low is not None:
            new = np.clip(new, low, high)
        array[effect.index] = np.where(mask, new, old).astype(array.dtype)
        if not (self.trace and mask[0]):
            return ""
        before, after = old[0], array[effect.index][0]
        if before == after:
            return ""
        return f"{effect.label}: {self._show(effect, before)} -> {self._show(effect, after)}"

    def _bounds(self, effect: Effect) -> tuple[float | None, float | None]:
        if effect.table == "attr":
            attribute = self.spec.attributes[effect.index[0]]
            return attribute.low, attribute.high
        if effect.table == "trust":
            return -1.0, 1.0
        if effect.table == "global":
            var = self.spec.globals[effect.index[0]]
            return var.low, var.high
        return None, None

    def _show(self, effect: Effect, value) -> str:
        if effect.table == "flag":
            return "yes" if value else "no"
        if effect.table == "territory":
            return self.spec.powers[int(value)].name
        return f"{float(value):.2f}"

    def _record(self, entry: LogEntry) -> None:
        self.log.append(entry)
        if self._current is not None:
            self._current.log.append(entry)

    # ------------------------------------------------------------------- endings
    def _check_endings(self, active: np.ndarray, day: int, final: bool = False) -> None:
        undecided = active & self.state.running
        for index, ending in enumerate(self.spec.endings):
            if not undecided.any():
                return
            if ending.fallback and not final:
                continue
            hit = undecided & (self._condition(ending.when) if not ending.fallback else True)
            if hit.any():
                self.state.ending[hit] = index
                self.state.ending_date[hit] = day
                undecided &= ~hit
                if self.trace and hit[0]:
                    self._log_ending(ending, day)

    def _log_ending(self, ending: Ending, day: int) -> None:
        self._record(LogEntry(
            date=day,
            text=f"Ending: {ending.title}",
            rule=f"ending.{ending.id}",
            sources=tuple(ending.provenance.citations()),
            kind="ending",
            why=f"because {ending.when.text}" if ending.when is not None else "no other ending applied",
        ))

    def _finish(self) -> None:
        self.state.date = max(self.state.date, self.spec.end)
        self._current = self.turns[-1] if self.turns else None
        self._check_endings(self.state.running.copy(), self.spec.end, final=True)
        self._current = None
        self.calendar_ended = True

    # ------------------------------------------------------------------ snapshot
    def snapshot(self, world: int = 0) -> dict:
        """A plain view of one world: stances and attributes, globals, flags, territory."""
        spec, state = self.spec, self.state
        return {
            "attributes": {
                a.name: {p.id: float(state.attrs[i, j, world]) for j, p in enumerate(spec.powers)}
                for i, a in enumerate(spec.attributes)
            },
            "globals": {g.name: float(state.globals[i, world]) for i, g in enumerate(spec.globals)},
            "flags": [f for i, f in enumerate(spec.flags) if state.flags[i, world]],
            "territory": {
                t.id: spec.powers[int(state.territory[i, world])].id for i, t in enumerate(spec.territories)
            },
            "trust": {
                a.id: {b.id: float(state.trust[i, j, world]) for j, b in enumerate(spec.powers)}
                for i, a in enumerate(spec.powers)
            },
        }
