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

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from . import chance, explain, registry
from .calendar import add_delay, month_starts
from .controllers import AI, HISTORY, HUMAN, Controller, ControllerLike, HumanController, as_controller
from .errors import GameOver, IllegalChoice, NotStarted, SetupError, UnknownName
from .hooks import Observer
from .log import LogEntry, TurnRecord
from .spec import Compiled, Effect, Ending, Event, Option, Rule, Spec
from .state import NO_ENDING, WorldState
from .template import render_text

log = logging.getLogger(__name__)

__all__ = ["AI", "HISTORY", "HUMAN", "Decision", "EndingResult", "Game", "OptionView"]


@dataclass(frozen=True)
class OptionView:
    id: str
    text: str
    hint: str
    historical: bool
    legal: bool
    reason: str = ""  # why it is not legal, in words for the player
    requires: str = ""  # the condition it needs, as written in the scenario (details)


@dataclass(frozen=True)
class Decision:
    """A choice waiting for a human: which event, which power, what options."""

    event: Event
    power: str
    options: tuple[OptionView, ...]
    earlier: tuple[tuple[str, str], ...] = ()  # in an ordered event: (power, option text) chosen before

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
        coverage: bool = False,
        forced_draws: Mapping[str, str] | None = None,
    ) -> None:
        """A game at the scenario's starting position; call :meth:`run` to advance it.

        Raises UnknownName (a power, setting or forced chance rule the scenario does not have), InvalidSetting
        and SetupError (a human controller in a game of more than one world).
        """
        self.spec = spec
        # When true, every chance rule marked 'historical: fires/fails' takes that outcome
        # instead of drawing: the replay labelled history is the same on every seed.
        self.historical_chance = historical_chance
        # rule id -> "fires" | "fails": that chance rule takes this outcome instead of drawing,
        # in every world (the debrief measures a single draw against history's outcome).
        self.forced_draws = dict(forced_draws or {})
        if self.forced_draws:  # checked only when asked for: a Game is built per what-if chunk
            known = {r.id for r in spec.rules} | {r.id for e in spec.events for r in e.resolve} | {
                o.rule.id for e in spec.events for options in e.options.values() for o in options}
            for rule_id, outcome in self.forced_draws.items():
                if rule_id not in known or outcome not in ("fires", "fails"):
                    raise UnknownName(f"no rule '{rule_id}' to force (or '{outcome}' is not fires / fails)")
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
        self._ending_text: str | None = None  # world 0's ending text, written when it came
        self._current: TurnRecord | None = None
        # An ordered event is decided one power at a time and may wait for a player midway:
        # the index of the next decider and the worlds where the event is resolving.
        self._step: int | None = None
        self._active: np.ndarray | None = None
        self._chosen_now: dict[str, np.ndarray] = {}
        # Time: monthly rules run on the 1st of each month up to the next event; effects with
        # 'after:' wait in _due [rule, then/else, world] (day they land, -1 when none).
        self._ticked = spec.start
        self._monthly = [r for r, rule in enumerate(spec.rules) if rule.every == "month"]
        self._delayed = _delayed_rules(spec)
        self._delayed_index = {rule.id: k for k, rule in enumerate(self._delayed)}
        self._due = np.full((len(self._delayed), 2, len(self.keys)), -1, dtype=np.int32)
        self._due_why: dict[tuple[int, int], tuple[str, str, str | None]] = {}
        self._orphans: list[LogEntry] = []  # entries made between events, for the next turn
        self._by_cache: dict[str, list[list[tuple[int, int, int]]]] = {}
        self._reads: dict[str, str] = {}
        # Lines whose 'by:' states a choice that was not made: (rule id, worlds). Stays empty
        # in a consistent scenario (the story follows the choices).
        self.contradictions: list[tuple[str, int]] = []
        # Coverage (what-if --coverage): per world, which events were reached and, per rule id,
        # where its condition held and where its effects (not its else branch) applied.
        self.coverage = coverage
        self.reached = np.zeros((len(spec.events), len(self.keys)) if coverage else (0, 0), dtype=bool)
        self.rule_held: dict[str, np.ndarray] = {}
        self.rule_fired: dict[str, np.ndarray] = {}

    # ----------------------------------------------------------------- public API
    @classmethod
    def from_choices(cls, spec: Spec, choices: Iterable[tuple[str, str, str]], **kwargs) -> Game:
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

    def run(self) -> Game:
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
        # The text as it read when the ending came (kept for the traced world); another world
        # has stopped since its ending, so its state still reads as it did then.
        if world == 0 and self._ending_text is not None:
            text = self._ending_text
        else:  # the calendar is shared: read 'date' as the day this world's ending came
            text = render_text(self.spec, ending.text, replace(self.state, date=int(self.state.ending_date[world])),
                               world)
        return EndingResult(ending.id, ending.title, text, int(self.state.ending_date[world]))

    def render(self, text: str, world: int = 0) -> str:
        """A scenario text (briefing, line, ending) with its values as the world is now:
        game.engine.template.render_text, the one render function every driver reaches."""
        return render_text(self.spec, text, self.state, world)

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
            if self._step is None:
                self._tick_to(event.date)
                if self.is_over():
                    break
                self.state.date = max(self.state.date, event.date)
                active = self.state.running & self._condition(event.when)
                if not active.any():
                    self.cursor += 1
                    continue
                if not event.ordered:
                    waiting = self._next_human(event)
                    if waiting is not None:
                        self._open = waiting
                        return
                for observer in self.observers:
                    observer.before_event(self, event)
                self._begin(event, active)
            if not self._decide(event):
                return  # an ordered event waits for a player
            assert self._active is not None  # set by _begin
            self._resolve(event, self._active)
            self._step, self._active, self._chosen_now = None, None, {}
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
                return Decision(self._briefed(event), power, views)
        return None

    def _option_view(self, option: Option) -> OptionView:
        legal = bool(self._available(option)[0])
        reason = "" if legal else (option.unavailable_reason or "not possible now")
        requires = "" if legal or option.available is None else option.available.text
        return OptionView(option.id, option.text, option.hint, option.historical, legal, reason, requires)

    def _available(self, option: Option) -> np.ndarray:
        if option.available is None:
            return np.ones(self.worlds, dtype=bool)
        return self._condition(option.available)

    def _begin(self, event: Event, active: np.ndarray) -> None:
        """Open the turn: count it, start its record (with lines made since the last turn)."""
        self.state.turns[active] += 1
        if self.coverage:
            self.reached[self.cursor] |= active
        record = None
        if self.trace and active[0]:
            # The record joins ``turns`` once the turn is complete (an ordered event may wait
            # for a player midway, and drivers show only finished turns).
            record = TurnRecord(int(self.state.turns[0]), event.date, event.id, event.title,
                                text=self.render(event.text))
            record.log.extend(self._orphans)
            self._orphans = []
        self._current = record
        self._step, self._active, self._chosen_now = 0, active, {}

    def _decide(self, event: Event) -> bool:
        """Take the event's decisions; False when an ordered event must wait for a player.

        Unordered: every power chooses at once, then the options apply in the listed order.
        Ordered: each power chooses and its option applies before the next power chooses.
        """
        active, step = self._active, self._step
        assert active is not None and step is not None  # both set by _begin
        if not event.ordered:
            self._chosen_now = {power: self._choose(event, power, active) for power in event.deciders}
            for power in event.deciders:
                self._record_chosen(event, power, active)
            for power in event.deciders:
                self._apply_option(event, power, active)
            return True
        while step < len(event.deciders):
            power = event.deciders[step]
            if power not in self.pending and self.controllers[power].asks(self, event, power):
                views = tuple(self._option_view(option) for option in event.options[power])
                if any(view.legal for view in views):
                    self._open = Decision(self._briefed(event), power, views, self._earlier(event))
                    return False
            self._chosen_now[power] = self._choose(event, power, active)
            self._record_chosen(event, power, active)
            self._apply_option(event, power, active)
            step += 1
            self._step = step
        return True

    def _briefed(self, event: Event) -> Event:
        """The event with its briefing as the player reads it: as it read when the turn opened."""
        if not event.text or event.text not in self.spec.templates:
            return event
        if self._current is not None and self._current.event == event.id:
            return replace(event, text=self._current.text)
        return replace(event, text=self.render(event.text))

    def _earlier(self, event: Event) -> tuple[tuple[str, str], ...]:
        """What the powers before the current one chose in this (one-world) ordered event."""
        result = []
        for power in event.deciders[:self._step]:
            option = event.options[power][int(self._chosen_now[power][0])]
            result.append((power, option.text))
        return tuple(result)

    def _record_chosen(self, event: Event, power: str, active: np.ndarray) -> None:
        self.chosen[self.cursor, self.spec.power_index(power)] = np.where(active, self._chosen_now[power], -1)

    def _apply_option(self, event: Event, power: str, active: np.ndarray) -> None:
        for o, option in enumerate(event.options[power]):
            self._apply_rule(option.rule, active & (self._chosen_now[power] == o), power=power,
                             tags=((power,), (f"{event.id}.{option.id}",)))

    def _resolve(self, event: Event, active: np.ndarray) -> None:
        """After the decisions: the event's rules, the background rules, the endings."""
        record = self._current
        for rule in event.resolve:
            self._apply_rule(rule, active)
        for r, rule in enumerate(self.spec.rules):
            if rule.every != "event":
                continue
            mask = active & ~self.state.fired[r] if rule.once else active
            fired = self._apply_rule(rule, mask)
            if rule.once:
                self.state.fired[r] |= fired
        self._check_endings(active, event.date)
        if record is not None:
            self.turns.append(record)
            self._sort_by_date(record)
        self._current = None

    # ----------------------------------------------------------------------- time
    def _tick_to(self, day: int) -> None:
        """Run the calendar up to ``day``: monthly rules on each 1st, effects that come due."""
        if not self._monthly and not self._delayed:
            return
        for first in month_starts(self._ticked, day) if self._monthly else ():
            self._land_due(first)
            self.state.date = max(self.state.date, first)
            running = self.state.running.copy()
            for r in self._monthly:
                rule = self.spec.rules[r]
                mask = running & ~self.state.fired[r] if rule.once else running
                fired = self._apply_rule(rule, mask, step=_MONTH_STEP + first)
                if rule.once:
                    self.state.fired[r] |= fired
            self._check_endings(running, first)
        self._land_due(day)
        self._ticked = max(self._ticked, day)

    def _land_due(self, day: int) -> None:
        """Apply the delayed effects due on or before ``day`` (in scenario order)."""
        if not self._delayed:
            return
        touched = np.zeros(self.worlds, dtype=bool)
        for k, rule in enumerate(self._delayed):
            for branch in (0, 1):
                due = self._due[k, branch]
                mask = (due >= 0) & (due <= day) & self.state.running
                if not mask.any():
                    continue
                when = int(due[0]) if mask[0] else day
                self._due[k, branch][mask] = -1
                why, plain, power = self._due_why.get((k, branch), ("", "", None))
                effects, text = (rule.effects, rule.text) if branch == 0 else (rule.else_effects, rule.else_text)
                saved = self.state.date
                self.state.date = max(self.state.date, when)
                self._apply_effects(rule, effects, mask, text, why, power, plain=plain, date=when)
                self.state.date = saved
                touched |= mask
        if touched.any():
            self._check_endings(touched, day)

    def _schedule(self, rule: Rule, branch: int, mask: np.ndarray, why: str, plain: str,
                  power: str | None) -> None:
        """Effects of a rule with 'after:' land later; one landing per outcome waits at a time."""
        k = self._delayed_index[rule.id]
        assert rule.delay is not None  # only rules with 'after:' are scheduled
        amount, unit = rule.delay
        due = add_delay(self.state.date, amount, unit)
        free = mask & (self._due[k, branch] < 0)
        self._due[k, branch][free] = due
        if self.trace and free[0]:
            from .dates import iso

            self._due_why[(k, branch)] = (f"{why}; decided on {iso(self.state.date)}, landing {amount} {unit}"
                                          f"{'s' if amount != 1 else ''} later".lstrip("; "),
                                          plain, power)

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
            self._log_choice(event, power, options[self.pending[power]], "chosen by the player", "player")
            return choice
        # A human with no legal option falls through to the AI so the event still resolves.
        fixed = self._fixed_option(event, power)
        if fixed is not None:
            index, why = fixed
            usable = available[index]
            ai_choice, ai_why, share, reasons = self._ai_choice(event, power, options, available)
            choice = np.where(usable, index, ai_choice).astype(np.int16)
            if self.trace and active[0]:
                if usable[0]:
                    how = "history" if why == "what happened in history" else "scripted"
                    self._log_choice(event, power, options[index], why, how)
                else:
                    self._log_choice(event, power, options[int(ai_choice[0])],
                                     f"{options[index].text!r} was not possible; {ai_why}", "fallback",
                                     share, reasons, options[index].text)
            return choice
        uniform = self.controllers[power].uniform
        choice, why, share, reasons = self._ai_choice(event, power, options, available, uniform)
        if self.trace and active[0]:
            self._log_choice(event, power, options[int(choice[0])], why, "ai", share, reasons)
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
                   available: np.ndarray, uniform: bool = False) -> tuple[np.ndarray, str, float | None, list[str]]:
        """Sample the AI policy: weight x modifiers, over available options, per world.

        Returns the choice, the weights in detail, and for world 0 the chosen option's share
        of the weight and the authors' reasons for the modifiers that applied to it.
        """
        weights = np.zeros((len(options), self.worlds))
        reasons: list[str] = []
        said: list[list[str]] = []
        for i, option in enumerate(options):
            w = np.full(self.worlds, 1.0 if uniform else option.ai_weight, dtype=np.float64)
            applied = []
            said.append([])
            for modifier in () if uniform else option.ai_modifiers:
                hit = self._condition(modifier.when)
                w = np.where(hit, w * modifier.factor, w)
                if self.trace and hit[0]:
                    applied.append(f"x{modifier.factor:g} {modifier.why or modifier.when.text}")
                    if modifier.why:
                        said[-1].append(modifier.why)
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
        if not self.trace:
            return choice, "", None, []
        why = "AI policy weights: " + ", ".join(reasons)
        k = int(choice[0])
        share = float(weights[k][0] / total[0]) if total[0] > 0 else None
        return choice, why, share, said[k]

    def _log_choice(self, event: Event, power: str, option: Option, why: str, how: str,
                    share: float | None = None, reasons: list[str] | tuple = (), wanted: str = "") -> None:
        if self._current is None:
            return
        plain = explain.choice_sentence(how, self.spec.power_in_text(power), share, reasons, wanted)
        self._current.choices[power] = option.id
        entry = LogEntry(
            date=event.date,
            text=f"{self.spec.power_name(power)}: {option.text}",
            rule=f"{event.id}.{power}.{option.id}",
            sources=tuple(option.rule.provenance.citations() or event.provenance.citations()),
            kind="choice",
            power=power,
            why=why,
            plain=plain,
            actor=(power,),
            chose=(f"{event.id}.{option.id}",),
        )
        self._record(entry)

    # ------------------------------------------------------------------- effects
    def _condition(self, compiled: Compiled | None) -> np.ndarray:
        if compiled is None:
            return np.ones(self.worlds, dtype=bool)
        return compiled.holds(self.state)

    def _apply_rule(self, rule: Rule, mask: np.ndarray, power: str | None = None,
                    tags: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
                    step: int | None = None) -> np.ndarray:
        """Apply ``rule`` where ``mask`` and its condition hold; return where it fired.

        ``tags`` (actor, chose) are set for an option's own lines; ``step`` numbers the chance
        draw (the calendar position by default; monthly rules use their month).
        """
        if not mask.any():
            return mask
        mask = mask & self._condition(rule.when)
        if not mask.any():
            return mask
        why = f"because {rule.when.text}" if rule.when is not None else ""
        phrase = self._phrase(rule) if self.trace else ""
        if self.coverage:
            self._cover(self.rule_held, rule.id, mask)
        if rule.chance is None:
            if self.coverage:
                self._cover(self.rule_fired, rule.id, mask)
            # An option's lines follow its choice line; a plain condition needs a reason only
            # when one of the player's settings is part of it.
            plain = explain.condition_sentence(phrase) if self.trace and phrase and power is None else ""
            self._effects_or_later(rule, 0, mask, why, plain, power, tags)
            return mask
        p = rule.chance.values(self.state)
        outcome = self.forced_draws.get(rule.id)
        forced = outcome is not None or (self.historical_chance and rule.historical is not None)
        if outcome is not None:
            hit = mask if outcome == "fires" else np.zeros_like(mask)
            odds = f"chance {float(p[0]):.0%} ({rule.chance.text}); this run forces the outcome (it {outcome})"
        elif forced:
            hit = mask if rule.historical == "fires" else np.zeros_like(mask)
            odds = (f"chance {float(p[0]):.0%} ({rule.chance.text}); "
                    f"this replay takes what happened in history (it {rule.historical})")
        else:
            u = chance.uniform(self.keys, rule.draw_site, self.cursor if step is None else step)
            hit = mask & (u < p)
            odds = f"chance {float(p[0]):.0%} ({rule.chance.text}), drew {float(u[0]):.2f}"
        why = f"{why}; {odds}" if why else odds
        if self.coverage:
            self._cover(self.rule_fired, rule.id, hit)
        fired_plain = missed_plain = ""
        if self.trace:
            fired_plain = explain.chance_sentence(float(p[0]), True, forced, phrase)
            missed_plain = explain.chance_sentence(float(p[0]), False, forced, phrase)
        self._effects_or_later(rule, 0, hit, why, fired_plain, power, tags)
        self._effects_or_later(rule, 1, mask & ~hit, why, missed_plain, power, tags)
        return mask

    def _cover(self, table: dict[str, np.ndarray], rule_id: str, mask: np.ndarray) -> None:
        seen = table.get(rule_id)
        table[rule_id] = mask.copy() if seen is None else seen | mask

    def _phrase(self, rule: Rule) -> str:
        """'your setting ...' for the settings the rule's condition and chance read."""
        if rule.id not in self._reads:
            ids = explain.settings_read([rule.when.text if rule.when else None,
                                         rule.chance.text if rule.chance else None])
            self._reads[rule.id] = explain.settings_phrase(self.spec, self.settings, ids)
        return self._reads[rule.id]

    def _effects_or_later(self, rule: Rule, branch: int, mask: np.ndarray, why: str, plain: str,
                          power: str | None, tags) -> None:
        if not mask.any():
            return
        if rule.delay is not None:
            self._schedule(rule, branch, mask, why, plain, power)
            return
        effects, text = (rule.effects, rule.text) if branch == 0 else (rule.else_effects, rule.else_text)
        self._apply_effects(rule, effects, mask, text, why, power, plain=plain, tags=tags)

    def _apply_effects(self, rule: Rule, effects: tuple[Effect, ...], mask: np.ndarray,
                       text: str, why: str, power: str | None, plain: str = "",
                       tags: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
                       date: int | None = None) -> None:
        if not mask.any():
            return
        states = rule.by and effects is rule.effects  # 'by' is what the rule's own text states
        if states:
            self._check_by(rule, mask)
        changes = []
        for effect in effects:
            change = self._apply_effect(effect, mask)
            if change:
                changes.append(change)
        text = self.render(text) if self.trace and mask[0] and text else text
        if self.trace and mask[0] and (text or changes):
            if states:  # an option's own tags (its power and choice) come first, then what its line states
                stated = (tuple(p for p, _ in rule.by), tuple(ref for _, refs in rule.by for ref in refs))
                tags = stated if tags is None else (tags[0] + stated[0], tags[1] + stated[1])
            actor, chose = tags or ((), ())
            self._record(LogEntry(
                date=date if date is not None else rule.log_date if rule.log_date is not None else self.state.date,
                text=text or ", ".join(changes),
                rule=rule.id,
                sources=tuple(rule.provenance.citations()),
                kind="effect",
                power=power,
                why=why,
                changes=tuple(changes),
                plain=plain,
                actor=actor,
                chose=chose,
            ))

    def _check_by(self, rule: Rule, mask: np.ndarray) -> None:
        """Count the worlds where the line's 'by:' states a choice that was not made there."""
        if rule.id not in self._by_cache:
            events = {e.id: i for i, e in enumerate(self.spec.events)}
            groups = []
            for power, refs in rule.by:
                group = []
                for ref in refs:
                    event_id, option_id = ref.split(".", 1)
                    e = events[event_id]
                    ids = [o.id for o in self.spec.events[e].options[power]]
                    group.append((e, self.spec.power_index(power), ids.index(option_id)))
                groups.append(group)
            self._by_cache[rule.id] = groups
        made = np.ones(self.worlds, dtype=bool)
        for group in self._by_cache[rule.id]:
            any_of = np.zeros(self.worlds, dtype=bool)
            for e, p, o in group:
                any_of |= self.chosen[e, p] == o
            made &= any_of
        wrong = int(np.count_nonzero(mask & ~made))
        if wrong:
            self.contradictions.append((rule.id, wrong))

    def _apply_effect(self, effect: Effect, mask: np.ndarray) -> str:
        state = self.state
        array = state.table(effect.table)
        old = array[effect.index].copy()
        with np.errstate(all="ignore"):  # overflow is handled below, not printed as a numpy warning
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
        if new.dtype.kind == "f" and not np.isfinite(new).all():
            # NaN or infinity never enters the world: the value is left as it was.
            log.warning("%s: the effect gave a value that is not a finite number; the value is kept "
                        "unchanged", effect.label)
            new = np.where(np.isfinite(new), new, old)
        array[effect.index] = np.where(mask, new, old).astype(array.dtype)
        if not (self.trace and mask[0]):
            return ""
        before, after = old[0], array[effect.index][0]
        if before == after:
            return ""
        return f"{effect.label}: {self._show(effect, before)} -> {self._show(effect, after)}"

    def _bounds(self, effect: Effect) -> tuple[float | None, float | None]:
        bounds = registry.kind(effect.table).bounds(self.spec, effect.index)
        return (None, None) if bounds is None else bounds

    def _show(self, effect: Effect, value) -> str:
        return registry.kind(effect.table).show(self.spec, value)

    def _record(self, entry: LogEntry) -> None:
        self.log.append(entry)
        if self._current is not None:
            self._current.log.append(entry)
        else:
            self._orphans.append(entry)  # between events: shown with the next turn

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
                    self._ending_text = self.render(ending.text)
                    self._log_ending(ending, day)

    def _log_ending(self, ending: Ending, day: int) -> None:
        self._record(LogEntry(
            date=day,
            text=f"Ending: {ending.title}",
            rule=f"ending.{ending.id}",
            sources=tuple(ending.provenance.citations()),
            kind="ending",
            why=f"because {ending.when.text}" if ending.when is not None else "no other ending applied",
            plain=explain.ending_sentence(explain.settings_phrase(
                self.spec, self.settings, explain.settings_read([ending.when.text if ending.when else None]))),
        ))

    def _finish(self) -> None:
        self._tick_to(self.spec.end)
        self.state.date = max(self.state.date, self.spec.end)
        self._current = self.turns[-1] if self.turns else None
        if self._current is not None and self._orphans:
            self._current.log.extend(self._orphans)
            self._orphans = []
        self._check_endings(self.state.running.copy(), self.spec.end, final=True)
        if self._current is not None:
            self._sort_by_date(self._current)
        self._current = None
        self.calendar_ended = True

    # ------------------------------------------------------------------ snapshot
    def snapshot(self, world: int = 0) -> dict:
        """A plain view of one world, one entry per kind of state in the registry:
        attributes, globals, flags (those set), territory (holder ids), trust."""
        return {kind.snapshot_key: kind.snapshot(self.spec, self.state.table(kind.key)[..., world])
                for kind in registry.KINDS}


_MONTH_STEP = 1_000_000  # chance steps of monthly rules: this + the day number (never a cursor)


def _delayed_rules(spec: Spec) -> list[Rule]:
    """Every rule with 'after:', in scenario order (a fixed order keeps batch == one world)."""
    rules: list[Rule] = []
    for event in spec.events:
        for power in event.deciders:
            rules.extend(o.rule for o in event.options[power] if o.rule.delay is not None)
        rules.extend(r for r in event.resolve if r.delay is not None)
    rules.extend(r for r in spec.rules if r.delay is not None)
    return rules
