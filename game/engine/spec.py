"""The compiled scenario: plain, immutable data the engine runs.

A loader (``game.scenario``) turns a YAML file into a :class:`Spec`; tests may also build one
directly. Expressions are already compiled into callables over a :class:`~game.engine.state.WorldState`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import InvalidSetting, UnknownName
from .names import suggest

if TYPE_CHECKING:
    from .template import Template

# A compiled expression: state -> array over worlds (or a numpy scalar that broadcasts).
Evaluator = Callable[["object"], np.ndarray]


@dataclass(frozen=True)
class Compiled:
    """An expression compiled to numpy, with the text it came from (shown in explanations)."""

    text: str
    fn: Evaluator
    kind: str  # "bool" | "num" | "power" | "enum:<setting>"

    def holds(self, state: Any) -> np.ndarray:
        """bool [world]: where this condition holds in ``state`` (a WorldState)."""
        return np.broadcast_to(np.asarray(self.fn(state), dtype=bool), (state.worlds,))

    def values(self, state: Any) -> np.ndarray:
        """float64 [world]: this formula's value in every world of ``state``."""
        return np.broadcast_to(np.asarray(self.fn(state), dtype=np.float64), (state.worlds,))


@dataclass(frozen=True)
class Effect:
    """One assignment, e.g. ``stance.France += 0.1``, applied where a rule fires."""

    text: str
    table: str  # the key of a kind of state in engine/registry.py: "attr", "flag", ...
    index: tuple[int, ...]
    op: str  # "=" | "+=" | "-=" | "*="
    value: Compiled
    label: str  # readable name of the target, e.g. "stance of France"


@dataclass(frozen=True)
class Provenance:
    """Why a rule exists: a note, the sources it models, or the assumption it makes."""

    note: str = ""
    sources: tuple[str, ...] = ()  # full citations
    assumption: str | None = None  # set when the rule is an invented mechanic

    def citations(self) -> list[str]:
        if self.sources:
            return list(self.sources)
        if self.assumption is not None:
            return [f"Model assumption: {self.assumption}" if self.assumption else "Model assumption"]
        return []


@dataclass(frozen=True)
class Rule:
    """Something that may change the world: an option's effects, a resolution, a background rule."""

    id: str
    text: str
    effects: tuple[Effect, ...] = ()
    when: Compiled | None = None
    chance: Compiled | None = None
    else_effects: tuple[Effect, ...] = ()
    else_text: str = ""
    log_date: int | None = None
    once: bool = True
    provenance: Provenance = field(default_factory=Provenance)
    draw_site: int = 0  # stable number used to derive this rule's chance draws
    historical: str | None = None  # "fires" | "fails": the chance outcome history took
    every: str = "event"  # background rules: "event" (after every event) or "month" (1st of each month)
    delay: tuple[int, str] | None = None  # (amount, "day"|"week"|"month"): effects land this much later
    by: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (power, ("event.option", ...)) the text presupposes


@dataclass(frozen=True)
class AiModifier:
    when: Compiled
    factor: float
    why: str


@dataclass(frozen=True)
class Option:
    id: str
    power: str
    text: str
    hint: str
    historical: bool
    rule: Rule
    available: Compiled | None = None
    unavailable_reason: str = ""
    ai_weight: float = 1.0
    ai_modifiers: tuple[AiModifier, ...] = ()


@dataclass(frozen=True)
class Event:
    id: str
    date: int
    title: str
    text: str
    when: Compiled | None
    deciders: tuple[str, ...]
    options: Mapping[str, tuple[Option, ...]]
    resolve: tuple[Rule, ...] = ()
    provenance: Provenance = field(default_factory=Provenance)
    draw_site: int = 0
    ordered: bool = False  # deciders choose one after another (in ``deciders`` order), seeing earlier choices


@dataclass(frozen=True)
class Ending:
    id: str
    title: str
    text: str
    when: Compiled | None
    priority: int
    fallback: bool = False
    provenance: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True)
class Aim:
    """A power's historical aim, scored on the final state (an optional goal for its player)."""

    id: str
    power: str
    text: str
    when: Compiled | None
    provenance: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True)
class Attribute:
    name: str
    low: float
    high: float
    default: float
    note: str = ""
    title: str = ""  # what it means, e.g. "Stance toward Germany" (default: the name)
    min_label: str = ""  # a word for each end of the scale, e.g. "hostile" / "aligned"
    max_label: str = ""

    @property
    def label(self) -> str:
        return self.title or self.name.replace("_", " ").capitalize()

    def end_low(self) -> str:
        """'-1 hostile': the low end of the scale with its word."""
        return f"{self._number(self.low)} {self.min_label}".strip()

    def end_high(self) -> str:
        """'+1 aligned': the high end of the scale with its word."""
        return f"{self._number(self.high)} {self.max_label}".strip()

    def _number(self, value: float) -> str:
        return f"{value:+g}" if self.low < 0 else f"{value:g}"

    def scale(self) -> str:
        """'Stance toward Germany (-1 hostile ... +1 aligned)': the title and what its ends mean."""
        return f"{self.label} ({self.end_low()} ... {self.end_high()})"


@dataclass(frozen=True)
class MapRef:
    """Which map a scenario is drawn on: a built-in one, or GeoJSON shapes of its own."""

    builtin: str | None = "europe1936"
    shapes: str | None = None  # absolute path of the GeoJSON file (beside the scenario file)
    view: tuple[float, float, float, float] | None = None  # west, south, east, north (degrees)


@dataclass(frozen=True)
class Power:
    id: str
    name: str
    playable: bool
    color: str = "#888888"
    note: str = ""
    in_text: str = ""  # how a sentence names it ("the Soviet Union"); empty: its name


@dataclass(frozen=True)
class GlobalVar:
    name: str
    initial: float
    low: float
    high: float
    title: str = ""
    note: str = ""


@dataclass(frozen=True)
class Territory:
    id: str
    name: str
    holder: str
    note: str = ""


@dataclass(frozen=True)
class Setting:
    """A named assumption (a contested question) that rules can read via ``setting.<id>``."""

    id: str
    title: str
    description: str
    kind: str  # "choice" | "number"
    values: tuple[str, ...] = ()  # allowed values for a choice
    value_notes: Mapping[str, str] = field(default_factory=dict)
    low: float = 0.0
    high: float = 1.0
    default: str | float = ""
    sources: tuple[str, ...] = ()

    def check(self, value: object) -> str | float:
        """``value`` as this setting stores it (a value's name, or a number within bounds).

        The one place a setting value is validated: the command line, challenge files, the
        what-if tool and :class:`Game` all come here. Raises InvalidSetting with the allowed
        values (and a 'did you mean') when the value does not fit.
        """
        if self.kind == "choice":
            text = str(value)
            if text not in self.values:
                raise InvalidSetting(f"setting '{self.id}' has no value '{text}'{suggest(text, self.values)}; "
                                     f"allowed: {', '.join(self.values)}")
            return text
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidSetting(f"setting '{self.id}' is a number between {self.low:g} and {self.high:g}; "
                                 f"could not convert '{value}'") from None
        if not (self.low <= number <= self.high):
            raise InvalidSetting(f"setting '{self.id}' must be between {self.low:g} and {self.high:g}")
        return number

    def encode(self, value: object) -> float:
        """The number stored in the state for ``value``; raises InvalidSetting if not allowed."""
        checked = self.check(value)
        return float(self.values.index(checked)) if isinstance(checked, str) else checked

    def decode(self, stored: float) -> str | float:
        if self.kind == "choice":
            return self.values[int(stored)]
        return float(stored)


@dataclass(frozen=True)
class Preset:
    """A named bundle of setting values: one school's reading of the contested questions."""

    id: str
    title: str
    description: str
    settings: Mapping[str, str | float] = field(default_factory=dict)
    default: bool = False


@dataclass(frozen=True)
class Gauge:
    """A quantity the window shows as a gauge (the scenario's ``gauges`` section)."""

    show: str  # as written: "league_credibility", "will.Britain", "trust.USSR.France"
    # where it is in Game.snapshot(): ("globals", name), ("attributes", a, power) or ("trust", a, b)
    path: tuple[str, ...]
    label: str
    explain: str
    low: float
    high: float

    def read(self, snapshot: Mapping[str, Any]) -> float:
        node: Any = snapshot
        for key in self.path:
            node = node[key]
        return float(node)


RELATION_KINDS = ("pact", "alliance", "guarantee", "war", "occupation")


@dataclass(frozen=True)
class Relation:
    """A tie between powers the map draws while ``flag`` is set (the ``relations`` section)."""

    flag: str
    kind: str  # one of RELATION_KINDS
    powers: tuple[str, ...]
    to: tuple[str, ...]
    label: str

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The lines to draw: every pair within a pact or alliance, else each power to each of ``to``."""
        if self.kind in ("pact", "alliance"):
            return tuple((a, b) for i, a in enumerate(self.powers) for b in self.powers[i + 1:])
        return tuple((a, b) for a in self.powers for b in self.to)


@dataclass(frozen=True)
class Spec:
    """Everything the engine needs to run a scenario."""

    id: str
    title: str
    summary: str
    start: int
    end: int
    attributes: tuple[Attribute, ...]
    powers: tuple[Power, ...]
    globals: tuple[GlobalVar, ...]
    flags: tuple[str, ...]
    flag_initial: tuple[bool, ...]
    territories: tuple[Territory, ...]
    settings: tuple[Setting, ...]
    attr_initial: np.ndarray  # float64 [attribute, power]
    trust_initial: np.ndarray  # float64 [from power, to power], in [-1, 1]
    events: tuple[Event, ...]  # sorted by date, file order kept for ties
    rules: tuple[Rule, ...]  # background rules, checked after every turn
    endings: tuple[Ending, ...]  # highest priority first
    sources: Mapping[str, str] = field(default_factory=dict)
    flag_notes: Mapping[str, str] = field(default_factory=dict)
    content_hash: str = ""
    # Kinds of state added to the registry after the built-in five keep their starting values
    # (without the world axis) here, by registry key, and their declared names by namespace.
    state_initial: Mapping[str, np.ndarray] = field(default_factory=dict)
    state_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    presets: tuple[Preset, ...] = ()
    gauges: tuple[Gauge, ...] = ()
    relations: tuple[Relation, ...] = ()
    aims: tuple[Aim, ...] = ()  # by power, in file order
    subtitle: str = ""  # place and period under the title, e.g. "Europe, March 1936 - December 1939"
    map: MapRef = field(default_factory=MapRef)
    # Texts with values, compiled, by the text as written (briefings, lines, endings that hold
    # braces); game.engine.template.render_text looks a text up here.
    templates: Mapping[str, Template] = field(default_factory=dict)

    def main_attribute(self) -> Attribute:
        """The attribute the map colours and the tables lead with: ``stance``."""
        return self.attributes[self.attr_index("stance")]

    # Index maps, derived once.
    def power_index(self, power: str) -> int:
        return self._index("powers", [p.id for p in self.powers], power)

    def attr_index(self, name: str) -> int:
        return self._index("attributes", [a.name for a in self.attributes], name)

    def flag_index(self, name: str) -> int:
        return self._index("flags", list(self.flags), name)

    def setting_index(self, name: str) -> int:
        return self._index("settings", [s.id for s in self.settings], name)

    def event(self, event_id: str) -> Event:
        for event in self.events:
            if event.id == event_id:
                return event
        raise UnknownName(f"no event '{event_id}'")

    def setting(self, setting_id: str) -> Setting:
        return self.settings[self.setting_index(setting_id)]

    def ending(self, ending_id: str) -> Ending:
        for ending in self.endings:
            if ending.id == ending_id:
                return ending
        raise UnknownName(f"no ending '{ending_id}'")

    def _index(self, table: str, names: list[str], name: str) -> int:
        try:
            return names.index(name)
        except ValueError:
            raise UnknownName(f"no {table[:-1]} named '{name}'") from None

    def default_settings(self) -> dict[str, str | float]:
        """Each setting's own default, overridden by the default preset's values."""
        values: dict[str, str | float] = {s.id: s.default for s in self.settings}
        default = self.default_preset()
        if default is not None:
            values.update(default.settings)
        return values

    def default_preset(self) -> Preset | None:
        return next((p for p in self.presets if p.default), None)

    def preset(self, name: str) -> Preset:
        for preset in self.presets:
            if preset.id == name:
                return preset
        raise UnknownName(f"no preset named '{name}'")

    def preset_settings(self, name: str) -> dict[str, str | float]:
        """All settings under preset ``name``: the setting defaults, then the preset's values."""
        values: dict[str, str | float] = {s.id: s.default for s in self.settings}
        values.update(self.preset(name).settings)
        return values

    def resolve_settings(self, given: Mapping[str, object]) -> dict[str, str | float]:
        """Every setting's value: the defaults, overridden by ``given`` (checked one by one).

        Raises UnknownName for a key the scenario does not declare and InvalidSetting for a
        value it does not allow. Resolving an already resolved mapping gives it back unchanged.
        """
        values = self.default_settings()
        known = [s.id for s in self.settings]
        for key, value in given.items():
            if key not in known:
                raise UnknownName(f"unknown setting '{key}'{suggest(key, known)}; settings: {', '.join(known)}")
            values[key] = self.setting(key).check(value)
        return values

    def encode_settings(self, resolved: Mapping[str, str | float]) -> np.ndarray:
        """float64 [setting]: the resolved settings as the world state stores them."""
        return np.array([s.encode(resolved[s.id]) for s in self.settings], dtype=np.float64)

    def power_name(self, power: str) -> str:
        return self.powers[self.power_index(power)].name

    def power_in_text(self, power: str) -> str:
        """The power as a sentence names it: "the Soviet Union" where its name is "Soviet Union"."""
        found = self.powers[self.power_index(power)]
        return found.in_text or found.name
