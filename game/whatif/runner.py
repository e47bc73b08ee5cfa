"""Run many worlds of one scenario and tally what happened in them.

A :class:`Plan` says what to run (scenario, settings, who controls which power, seed,
number of worlds, what counts as "general war", which attribute to follow over time).
:func:`run` plays the worlds in chunks through the ordinary engine (``Game(..., keys=...)``,
one rules implementation for one world or many), optionally on several processes, and
returns a :class:`Result` of exact counts and sums.

Determinism: world *i* of a run with seed *S* always uses key ``world_keys(S, N)[i]`` and the
engine's chance is counter-based per world, so every world plays the same way whatever the
chunk size or the number of processes. Counts are integers, so they do not depend on
chunking either; float sums (stance means) are added chunk by chunk in chunk order with a
chunk size that does not depend on the number of processes, so the same command and seed
give bit-identical numbers.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..engine import AI, ControllerLike, Game, Observer, registry
from ..engine.chance import world_keys
from ..engine.expr import Symbols, compile_expression
from ..engine.spec import Compiled, Event, Spec
from ..engine.state import WorldState
from .stats import month_ends, wilson

Controller = ControllerLike
DEFAULT_CHUNK = 25_000


class Cancelled(Exception):
    """The run was cancelled between chunks."""


# ------------------------------------------------------------------ definitions
# Flags that mean "a general European war has broken out", most specific first. The first
# one a scenario declares is the default definition of general war; --war overrides it.
WAR_FLAG_CANDIDATES = ("general_war", "european_war", "world_war", "war")


def default_war(spec: Spec) -> str | None:
    """The default general-war condition for ``spec``, as scenario-language text, or None.

    A scenario may say what general war means by declaring one of WAR_FLAG_CANDIDATES;
    otherwise the what-if tool asks for ``--war``.
    """
    for name in WAR_FLAG_CANDIDATES:
        if name in spec.flags:
            return f"flag.{name}"
    return None


def compile_war(spec: Spec, text: str | None) -> Compiled | None:
    """Compile the general-war condition (any scenario condition). Raises ExpressionError."""
    if not text:
        return None
    return compile_expression(text, Symbols.of(spec), "bool")


@dataclass(frozen=True)
class Series:
    """What ``--attribute NAME`` follows over time: a per-power attribute (one row per power)
    or a global (one row)."""

    name: str
    kind: str  # "attribute" | "global"
    index: int
    rows: tuple[str, ...]  # row labels: power names, or the global's title
    low: float
    high: float

    def values(self, state: WorldState) -> np.ndarray:
        """float64 [row, world]."""
        if self.kind == "global":
            return state.globals[self.index][None, :]
        return state.attrs[self.index]


def series_of(spec: Spec, name: str | None) -> Series | None:
    """The series for an attribute or global name; None for None. Raises KeyError if unknown."""
    if not name:
        return None
    for i, a in enumerate(spec.attributes):
        if a.name == name:
            return Series(name, "attribute", i, tuple(p.name for p in spec.powers), a.low, a.high)
    for i, g in enumerate(spec.globals):
        if g.name == name:
            return Series(name, "global", i, (g.title or g.name,), g.low, g.high)
    raise KeyError(name)


def default_attribute(spec: Spec) -> str | None:
    names = [a.name for a in spec.attributes]
    if "stance" in names:
        return "stance"
    return names[0] if names else None


def history_before(spec: Spec, event_id: str) -> dict[str, dict[str, str]]:
    """{power: {event: historical option}} for every calendar event before ``event_id``.

    Used by ``--from EVENT``: worlds follow history up to EVENT, then the AI (or the
    player's choices) decide. Where no option is marked historical the AI decides.
    """
    ids = [e.id for e in spec.events]
    if event_id not in ids:
        raise KeyError(event_id)
    result: dict[str, dict[str, str]] = {p.id: {} for p in spec.powers}
    for event in spec.events[: ids.index(event_id)]:
        for power, options in event.options.items():
            for option in options:
                if option.historical:
                    result[power][event.id] = option.id
                    break
    return result


def merge_controllers(*layers: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """Combine {power: {event: option}} mappings; later layers win for the same event."""
    merged: dict[str, dict[str, str]] = {}
    for layer in layers:
        for power, picks in layer.items():
            merged.setdefault(power, {}).update(picks)
    return {power: picks for power, picks in merged.items() if picks}


@dataclass(frozen=True)
class Plan:
    """Everything that defines a what-if run; two equal plans give identical results."""

    spec: Spec
    settings: Mapping[str, str | float] = field(default_factory=dict)
    controllers: Mapping[str, Controller] = field(default_factory=dict)
    default_controller: Controller = AI
    seed: int = 0
    worlds: int = 10_000
    war: str | None = None  # general-war condition (scenario language); None: no war series
    attribute: str | None = None  # attribute or global followed over time (default: stance)
    chunk: int = DEFAULT_CHUNK
    keep_worlds: bool = False  # also return every world's final state (tests, small runs)
    label: str = ""  # e.g. "red_army=0.5" when comparing settings
    forced_draws: Mapping[str, str] = field(default_factory=dict)  # chance rule id -> "fires" | "fails"

    def chunks(self) -> list[tuple[int, int]]:
        size = max(1, int(self.chunk))
        return [(start, min(start + size, self.worlds)) for start in range(0, self.worlds, size)]


# --------------------------------------------------------------------- tallies
@dataclass
class Tally:
    """Exact counts and sums over a set of worlds; tallies of disjoint chunks add up."""

    worlds: int
    endings: np.ndarray  # int64 [ending]: worlds that reached each ending
    ending_month: np.ndarray  # int64 [ending, month]: ... by the end of each month
    war: np.ndarray  # int64 [month]: worlds in general war by the end of each month
    attr_sum: np.ndarray  # float64 [power, month]: sum over worlds of the attribute
    attr_sq: np.ndarray  # float64 [power, month]: sum of squares
    outcomes: dict[str, np.ndarray] | None = None  # final state per world, if kept

    @classmethod
    def empty(cls, spec: Spec, months: int, rows: int | None = None) -> Tally:
        powers, endings = len(spec.powers) if rows is None else rows, len(spec.endings)
        return cls(0, np.zeros(endings, np.int64), np.zeros((endings, months), np.int64),
                   np.zeros(months, np.int64), np.zeros((powers, months)), np.zeros((powers, months)))

    def add(self, other: Tally) -> None:
        self.worlds += other.worlds
        self.endings += other.endings
        self.ending_month += other.ending_month
        self.war += other.war
        self.attr_sum += other.attr_sum
        self.attr_sq += other.attr_sq
        if other.outcomes is not None:
            if self.outcomes is None:
                self.outcomes = {k: v.copy() for k, v in other.outcomes.items()}
            else:
                self.outcomes = {k: np.concatenate([self.outcomes[k], v], axis=-1)
                                 for k, v in other.outcomes.items()}


class MonthlyTally(Observer):
    """Engine observer: folds the state after each calendar event into monthly sums.

    The value for a month is the state at the end of that month, i.e. after the last event
    dated in it (or the value carried over from earlier months). "General war by month m"
    counts worlds where the war condition has held at some point up to the end of month m.
    The tally is complete once the game has ended (``on_end``).
    """

    def __init__(self, spec: Spec, months: np.ndarray, war: Compiled | None, attr: Series | None) -> None:
        self.spec, self.months, self.war_fn, self.attr = spec, months, war, attr
        self.tally = Tally.empty(spec, len(months), len(attr.rows) if attr is not None else None)
        self.m = 0

    def on_start(self, game: Game) -> None:
        self.tally.worlds = game.worlds
        self.ever = np.zeros(game.worlds, dtype=bool)
        self._look(game.state)

    def _look(self, state: WorldState) -> None:
        if self.war_fn is not None:
            self.ever |= self.war_fn.holds(state)
        self.war_now = int(self.ever.sum())
        if self.attr is not None:
            values = self.attr.values(state)  # [row, world]
            self.sum_now = values.sum(axis=1)
            self.sq_now = np.einsum("pw,pw->p", values, values)
        self.ending_now = np.bincount(state.ending[state.ending >= 0], minlength=len(self.spec.endings))

    def _flush(self, until: int | None) -> None:
        t = self.tally
        while self.m < len(self.months) and (until is None or self.months[self.m] < until):
            t.war[self.m] = self.war_now
            t.ending_month[:, self.m] = self.ending_now
            if self.attr is not None:
                t.attr_sum[:, self.m] = self.sum_now
                t.attr_sq[:, self.m] = self.sq_now
            self.m += 1

    def after_event(self, game: Game, event: Event) -> None:
        self._flush(event.date)
        self._look(game.state)

    def on_end(self, game: Game) -> None:
        # Endings reached by the final check (the fallback) count from the scenario's end.
        self._flush(self.spec.end)
        self.ending_now = np.bincount(game.state.ending[game.state.ending >= 0],
                                      minlength=len(self.spec.endings))
        self._flush(None)
        self.tally.endings = np.bincount(game.state.ending[game.state.ending >= 0],
                                         minlength=len(self.spec.endings)).astype(np.int64)


def _months(spec: Spec) -> np.ndarray:
    return np.array(month_ends(spec.start, spec.end), dtype=np.int64)


def run_chunk(plan: Plan, keys: np.ndarray) -> Tally:
    """Play the worlds with these keys to the end and tally them."""
    spec = plan.spec
    war = compile_war(spec, plan.war)
    attr = series_of(spec, plan.attribute)
    observer = MonthlyTally(spec, _months(spec), war, attr)
    game = Game(spec, settings=plan.settings, seed=plan.seed, controllers=plan.controllers,
                default_controller=plan.default_controller, keys=keys, trace=False,
                observers=[observer], forced_draws=plan.forced_draws).run()
    tally = observer.tally
    if plan.keep_worlds:
        s = game.state
        tally.outcomes = {"ending": s.ending.copy(), "ending_date": s.ending_date.copy(),
                          **{kind.field: s.table(kind.key).copy() for kind in registry.KINDS}}
    return tally


# ------------------------------------------------------------- running chunks
_WORKER_PLAN: Plan | None = None  # set in the parent before forking workers


def _worker(job: tuple[int, int, np.ndarray]) -> tuple[int, Tally]:
    start, _, keys = job
    assert _WORKER_PLAN is not None
    return start, run_chunk(_WORKER_PLAN, keys)


def _reset_signals() -> None:
    """Worker start-up: take back default signal handling.

    A forked worker inherits the parent's handlers; SDL (pygame) turns SIGTERM into a quit
    event, so a worker forked after pygame started would ignore Pool.terminate() and the
    parent would wait for it forever.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl+C and terminates us


def default_processes() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def iter_chunks(plan: Plan, processes: int = 1) -> Generator[tuple[int, Tally], None, None]:
    """Yield (worlds done so far, tally of the next chunk), chunks in order.

    With ``processes > 1`` the chunks run on forked worker processes (where the platform can
    fork); the order of results, and therefore every number, is the same either way.
    """
    global _WORKER_PLAN
    all_keys = world_keys(plan.seed, plan.worlds)
    jobs = [(a, b, all_keys[a:b]) for a, b in plan.chunks()]
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if processes <= 1 or len(jobs) <= 1 or not can_fork:
        for _, b, keys in jobs:
            yield b, run_chunk(plan, keys)
        return
    _WORKER_PLAN = plan
    context = multiprocessing.get_context("fork")
    pool = context.Pool(min(processes, len(jobs)), initializer=_reset_signals)
    finished = False
    try:
        for (a, b, _), (start, tally) in zip(jobs, pool.imap(_worker, jobs)):
            assert start == a
            yield b, tally
        finished = True
    finally:
        if finished:
            pool.close()  # let idle workers exit on their own
        else:
            pool.terminate()
        pool.join()
        _WORKER_PLAN = None


def run(plan: Plan, processes: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None) -> Result:
    """Run ``plan`` and return its :class:`Result`.

    ``progress(done, total)`` is called after every chunk; ``cancel()`` is checked between
    chunks and raises :class:`Cancelled` when it returns true.
    """
    if plan.worlds < 1:
        raise ValueError("a what-if run needs at least one world")
    if processes is None:
        processes = default_processes()
    months = _months(plan.spec)
    series = series_of(plan.spec, plan.attribute)
    total = Tally.empty(plan.spec, len(months), len(series.rows) if series is not None else None)
    chunks = iter_chunks(plan, processes)
    try:
        for done, tally in chunks:
            total.add(tally)
            if progress is not None:
                progress(done, plan.worlds)
            if cancel is not None and cancel() and done < plan.worlds:
                raise Cancelled(f"cancelled after {done} of {plan.worlds} worlds")
    finally:
        chunks.close()
    return Result(plan, months, total)


# --------------------------------------------------------------------- results
@dataclass(frozen=True)
class EndingRow:
    id: str
    title: str
    count: int
    share: float
    low: float  # 95% Wilson interval
    high: float


@dataclass
class Result:
    plan: Plan
    months: np.ndarray  # int64 [month]: day number of each month's end
    tally: Tally

    @property
    def worlds(self) -> int:
        return self.tally.worlds

    def endings(self) -> list[EndingRow]:
        """Every ending of the scenario (also those no world reached), in scenario order."""
        n = self.worlds
        rows = []
        for ending, count in zip(self.plan.spec.endings, self.tally.endings):
            low, high = wilson(int(count), n)
            rows.append(EndingRow(ending.id, ending.title, int(count), int(count) / n, low, high))
        return rows

    def war_share(self) -> np.ndarray | None:
        """float [month]: share of worlds in general war by each month's end (None if undefined)."""
        if self.plan.war is None:
            return None
        return self.tally.war / self.worlds

    def war_interval(self, month: int = -1) -> tuple[float, float] | None:
        if self.plan.war is None:
            return None
        return wilson(int(self.tally.war[month]), self.worlds)

    @property
    def series(self) -> Series | None:
        """What the attribute rows follow (an attribute per power, or a global)."""
        return series_of(self.plan.spec, self.plan.attribute)

    def attr_mean(self) -> np.ndarray:
        """float [row, month]: mean of the followed attribute over worlds."""
        return self.tally.attr_sum / self.worlds

    def attr_sd(self) -> np.ndarray:
        """float [power, month]: standard deviation over worlds (the spread between worlds)."""
        mean = self.attr_mean()
        return np.sqrt(np.maximum(self.tally.attr_sq / self.worlds - mean * mean, 0.0))
