"""Turn a scenario file into a compiled :class:`~game.engine.spec.Spec`, reporting every fault.

load_scenario(path)   -> Spec, or raises DataFileError with all diagnostics
check_scenario(path)  -> (Spec | None, Diagnostics), for the validator
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from ..engine.calendar import parse_delay
from ..engine.dates import from_day, parse_iso
from ..engine.errors import ExpressionError
from ..engine.expr import Symbols, compile_effect, compile_expression, suggest
from ..engine.names import unknown_power
from ..engine.spec import (
    Aim,
    AiModifier,
    Attribute,
    Compiled,
    Effect,
    Ending,
    Event,
    Gauge,
    GlobalVar,
    MapRef,
    Option,
    Power,
    Preset,
    Provenance,
    Relation,
    Rule,
    Setting,
    Spec,
    Territory,
)
from ..engine.template import Template, compile_all
from ..mapdata import BUILTIN_MAPS, MapFileError, scenario_map, shapes_path
from . import model as m
from .diagnostics import DataFileError, Diagnostics
from .lint import lint
from .pydantic_errors import report_validation_error, without_unknown_keys
from .texts import texts_of
from .yamlread import parse_mapping, position, read_bytes, text_position


def load_scenario(path: str | Path) -> Spec:
    """Load and compile a scenario; raise DataFileError listing every error."""
    spec, diagnostics = check_scenario(path, lint_warnings=False)  # warnings are for 'validate'
    if spec is None:
        raise DataFileError(diagnostics.sorted())
    return spec


def check_scenario(path: str | Path, lint_warnings: bool = True) -> tuple[Spec | None, Diagnostics]:
    path = Path(path)
    diagnostics = Diagnostics(str(path))
    data = read_bytes(path, diagnostics)
    if data is None:
        return None, diagnostics
    return check_scenario_text(data, diagnostics, lint_warnings, source=path)


def check_scenario_text(data: bytes, diagnostics: Diagnostics, lint_warnings: bool = True,
                        source: Path | None = None) -> tuple[Spec | None, Diagnostics]:
    """Check a scenario's text. ``source`` is the file it came from: its own map shapes are
    read beside it (without one, a file naming shapes is an error)."""
    tree = parse_mapping(data, diagnostics,
                         "a scenario file must be a mapping of keys such as 'id', 'powers', 'events'")
    if tree is None:
        return None, diagnostics
    try:
        definition = m.ScenarioDef.model_validate(tree)
    except ValidationError as exc:
        report_validation_error(exc, tree, diagnostics, m.ScenarioDef)
        readable = without_unknown_keys(exc, tree, m.ScenarioDef)
        if readable is None:
            return None, diagnostics
        definition = readable
    builder = _Builder(definition, tree, diagnostics, source)
    spec = builder.build(hashlib.sha256(data).hexdigest())
    if spec is not None and lint_warnings:
        lint(definition, tree, diagnostics)
    if diagnostics.errors:
        return None, diagnostics
    return spec, diagnostics


def _period(start: int | None, end: int | None) -> str:
    """'March 1936 - September 1939': the default subtitle, from the scenario's dates."""
    if start is None or end is None:
        return ""
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")  # not strftime: the locale must not change it
    first, last = from_day(start), from_day(end)
    return f"{months[first.month - 1]} {first.year} - {months[last.month - 1]} {last.year}"


def site(name: str) -> int:
    """A stable number for a draw site, from its id (so reordering a file keeps draws)."""
    return zlib.crc32(name.encode("utf-8")) & 0xFFFFFF


class _Builder:
    def __init__(self, definition: m.ScenarioDef, tree: Any, diagnostics: Diagnostics,
                 source: Path | None = None) -> None:
        self.source = source
        self.d = definition
        self.tree = tree
        self.diag = diagnostics
        self.by_checks: list[tuple[tuple, str, str, str | None]] = []  # (path, power, ref, event)

    # ------------------------------------------------------------ reporting
    def error(self, path: tuple, message: str, key: bool = False) -> None:
        line, col = position(self.tree, path, key_position=key)
        self.diag.error(line, col, message)

    def check_name(self, path: tuple, name: str, known: list[str], what: str, key: bool = False) -> bool:
        if name in known:
            return True
        if what == "power":
            powers = [(pid, p.name) for pid, p in self.d.powers.items()]
            self.error(path, unknown_power(name, powers), key=key)
            return False
        listing = f"; known: {', '.join(known)}" if 0 < len(known) <= 20 else ""
        self.error(path, f"unknown {what} '{name}'{suggest(name, known)}{listing}", key=key)
        return False

    def date(self, path: tuple, text: str) -> int | None:
        try:
            return parse_iso(text)
        except ValueError as exc:
            self.error(path, str(exc))
            return None

    def expression(self, path: tuple, text: str, kind: str) -> Compiled | None:
        try:
            return compile_expression(text, self.symbols, kind)
        except ExpressionError as exc:
            self._expression_error(path, text, exc)
            return None

    def effect(self, path: tuple, text: str) -> Effect | None:
        try:
            return compile_effect(text, self.symbols)
        except ExpressionError as exc:
            self._expression_error(path, text, exc)
            return None

    def _expression_error(self, path: tuple, text: str, exc: ExpressionError) -> None:
        line, col = text_position(self.tree, path, exc.offset)
        self.diag.error(line, col, exc.message)

    def provenance(self, path: tuple, item: m.Provenanced, inherit: Provenance | None = None) -> Provenance:
        if inherit is not None and not item.sources and item.assumption is None:
            own = self.provenance(path, item)
            return Provenance(own.note, inherit.sources, inherit.assumption)
        citations = []
        for i, key in enumerate(item.sources):
            if self.check_name((*path, "sources", i), key, list(self.d.sources), "source"):
                citations.append(self.d.sources[key])
        return Provenance(note=item.note, sources=tuple(citations), assumption=item.assumption)

    # -------------------------------------------------------------- building
    def build(self, content_hash: str) -> Spec | None:
        d = self.d
        start = self.date(("start",), d.start)
        end = self.date(("end",), d.end)
        if start is not None and end is not None and end <= start:
            self.error(("end",), "'end' must be after 'start'")
        attributes = self.attributes()
        powers = [Power(pid, p.name, p.playable, p.color, p.note, p.in_text) for pid, p in d.powers.items()]
        power_ids = list(d.powers)
        self.power_ids = power_ids
        attr_initial = self.power_attributes(attributes)
        trust = self.trust(power_ids)
        globals_ = self.globals()
        territories = self.territories(power_ids)
        settings = self.settings()
        presets = self.presets(settings)
        # The declarations alone (no events yet): what expressions may name.
        declared = Spec(
            id=d.id, title=d.title, summary=d.summary, start=start or 0, end=end or 0,
            subtitle=d.subtitle or _period(start, end), map=self.map_ref(),
            attributes=tuple(attributes), powers=tuple(powers), globals=tuple(globals_),
            flags=tuple(d.flags), flag_initial=tuple(f.value for f in d.flags.values()),
            territories=tuple(territories), settings=tuple(settings),
            attr_initial=attr_initial, trust_initial=trust, events=(), rules=(), endings=(),
            sources=dict(d.sources), flag_notes={k: f.note for k, f in d.flags.items()},
            content_hash=content_hash, presets=tuple(presets),
        )
        self.symbols = Symbols.of(declared)
        clash = set(power_ids) & set(self.symbols["globals"])
        for name in sorted(clash):
            self.error(("globals", name), f"'{name}' is both a power and a global; rename one", key=True)
        events = self.events(start, end)
        rules = self.rules(("rules",), d.rules, prefix="")
        endings = self.endings()
        aims = self.aims(power_ids)
        self.check_by()
        gauges = self.gauges(attributes, globals_)
        relations = self.relations()
        templates = self.templates(declared)
        if self.diag.errors or start is None or end is None:
            return None
        events.sort(key=lambda e: e.date)  # stable: file order breaks ties
        return replace(declared, events=tuple(events), rules=tuple(rules),
                       endings=tuple(sorted(endings, key=lambda e: -e.priority)),
                       gauges=tuple(gauges), relations=tuple(relations), aims=tuple(aims),
                       templates=templates)

    def templates(self, declared: Spec) -> dict[str, Template]:
        """Compile every text that may hold values; a brace in a title or label is an error."""
        texts, labels = texts_of(self.d)
        templates, errors = compile_all(texts, declared)
        for path, exc in errors:
            line, col = text_position(self.tree, path, exc.offset)
            self.diag.error(line, col, exc.message)
        for path, text in labels.items():
            at = next((i for i, ch in enumerate(text) if ch in "{}"), None)
            if at is not None:
                line, col = text_position(self.tree, path, at)
                what = {"title": "a title", "text": "an option's label", "hint": "an option's hint"}[path[-1]]
                self.diag.error(line, col, f"{what} is shown outside the moment it is read (in lists, the "
                                           "timeline, the rewind list), so it cannot hold values or braces; "
                                           "put values in a text, an option's log or a rule's text")
        return templates

    def attributes(self) -> list[Attribute]:
        result = []
        for name, a in self.d.attributes.items():
            if a.min >= a.max:
                self.error(("attributes", name, "max"), f"attribute '{name}': max must be above min")
            elif not a.min <= a.default <= a.max:
                self.error(("attributes", name, "default"), f"default must be between {a.min:g} and {a.max:g}")
            result.append(Attribute(name, a.min, a.max, a.default, a.note, a.title, a.min_label, a.max_label))
        if "stance" not in self.d.attributes:
            self.error(("attributes",), "attribute 'stance' is required: the main attribute, which the map "
                                        "colours (give it a 'title' such as 'Stance toward Germany')")
        return result

    def map_ref(self) -> MapRef:
        """Where the map comes from; its shapes are read and checked here, and every territory
        without a shape gets a warning (the window lists it off the map)."""
        given = self.d.map
        holders = {tid: t.holder for tid, t in self.d.territories.items()}
        if given.shapes is not None and given.builtin is not None:
            self.error(("map",), "a map has either 'shapes' (its own) or 'builtin', not both")
            return MapRef()
        if given.view is not None and given.shapes is None:
            self.error(("map", "view"), "'view' frames a scenario's own 'shapes'; the built-in map has its own")
        if given.builtin is not None and given.builtin not in BUILTIN_MAPS:
            known = list(BUILTIN_MAPS)
            self.error(("map", "builtin"), f"no built-in map '{given.builtin}'{suggest(given.builtin, known)}; "
                                           f"built in: {', '.join(known)}")
            return MapRef()
        view = None
        if given.view is not None:
            if len(given.view) != 4:
                self.error(("map", "view"), "'view' is [west, south, east, north] in degrees")
            else:
                view = (given.view[0], given.view[1], given.view[2], given.view[3])
        ref = MapRef(builtin=given.builtin or "europe1936")
        try:
            if given.shapes is not None:
                if self.source is None:
                    raise MapFileError("shapes are read beside the scenario file; check the file, not its text")
                path = shapes_path(self.source, given.shapes)
                ref = MapRef(builtin=None, shapes=str(path.resolve()), view=view)
            mapdata = scenario_map(ref, holders)
        except MapFileError as exc:
            self.error(("map", "shapes") if given.shapes is not None else ("map",), str(exc))
            return ref
        for tid in self.d.territories:
            if tid not in mapdata.territories:
                line, col = position(self.tree, ("territories", tid), key_position=True)
                self.diag.warning(line, col, f"territory '{tid}' has no shape on the map; the window lists "
                                             "it off the map (add a feature with this id to the shapes)")
        return ref  # a power without a shape (a distant one, say) is listed off the map without a warning

    def power_attributes(self, attributes: list[Attribute]) -> np.ndarray:
        names = [a.name for a in attributes]
        table = np.array([[a.default] * len(self.d.powers) for a in attributes], dtype=np.float64)
        table = table.reshape(len(attributes), len(self.d.powers))
        for j, (pid, power) in enumerate(self.d.powers.items()):
            for name, value in power.attributes.items():
                path = ("powers", pid, "attributes", name)
                if not self.check_name(path, name, names, "attribute", key=True):
                    continue
                a = attributes[names.index(name)]
                if not a.low <= value <= a.high:
                    self.error(path, f"{name} of {pid} must be between {a.low:g} and {a.high:g}")
                table[names.index(name), j] = value
        return table

    def trust(self, power_ids: list[str]) -> np.ndarray:
        matrix = np.zeros((len(power_ids), len(power_ids)), dtype=np.float64)
        for a, row in self.d.trust.items():
            if not self.check_name(("trust", a), a, power_ids, "power", key=True):
                continue
            for b, value in row.items():
                path = ("trust", a, b)
                if not self.check_name(path, b, power_ids, "power", key=True):
                    continue
                if not -1 <= value <= 1:
                    self.error(path, "trust must be between -1 and 1")
                matrix[power_ids.index(a), power_ids.index(b)] = value
        return matrix

    def globals(self) -> list[GlobalVar]:
        result = []
        for name, g in self.d.globals.items():
            if g.min >= g.max:
                self.error(("globals", name, "max"), "max must be above min")
            elif not g.min <= g.value <= g.max:
                self.error(("globals", name, "value"), f"value must be between {g.min:g} and {g.max:g}")
            result.append(GlobalVar(name, g.value, g.min, g.max, g.title, g.note))
        return result

    def gauges(self, attributes: list[Attribute], globals_: list[GlobalVar]) -> list[Gauge]:
        """The ``gauges`` section: each names a global, ATTRIBUTE.POWER or trust.POWER.POWER."""
        result = []
        by_global = {g.name: g for g in globals_}
        by_attribute = {a.name: a for a in attributes}
        for i, g in enumerate(self.d.gauges):
            at = ("gauges", i, "show")
            parts = g.show.split(".")
            path: tuple[str, ...]
            if len(parts) == 1:
                if not self.check_name(at, parts[0], list(by_global), "global"):
                    continue
                var = by_global[parts[0]]
                path, low, high, label = ("globals", var.name), var.low, var.high, g.label or var.title or var.name
            elif parts[0] == "trust":
                if len(parts) != 3:
                    self.error(at, f"'{g.show}': trust is written trust.POWER.POWER")
                    continue
                if not all(self.check_name(at, p, self.power_ids, "power") for p in parts[1:]):
                    continue
                path, low, high, label = ("trust", parts[1], parts[2]), -1.0, 1.0, g.label
            else:
                if len(parts) != 2:
                    self.error(at, f"'{g.show}': write a global, ATTRIBUTE.POWER or trust.POWER.POWER")
                    continue
                if not (self.check_name(at, parts[0], list(by_attribute), "attribute")
                        and self.check_name(at, parts[1], self.power_ids, "power")):
                    continue
                a = by_attribute[parts[0]]
                path, low, high, label = ("attributes", parts[0], parts[1]), a.low, a.high, g.label
            if not label:
                self.error(("gauges", i), f"gauge '{g.show}' needs a label", key=False)
                continue
            result.append(Gauge(g.show, path, label, g.explain, low, high))
        return result

    def relations(self) -> list[Relation]:
        """The ``relations`` section: known flag and powers, and ``to`` where the kind needs it."""
        result = []
        for i, r in enumerate(self.d.relations):
            ok = self.check_name(("relations", i, "flag"), r.flag, list(self.d.flags), "flag")
            for field_name in ("powers", "to"):
                for j, power in enumerate(getattr(r, field_name)):
                    ok = self.check_name(("relations", i, field_name, j), power, self.power_ids, "power") and ok
            kind = f"{'an' if r.kind[0] in 'aeiou' else 'a'} {r.kind}"  # an alliance, an occupation
            if r.kind in ("pact", "alliance"):
                if r.to:
                    self.error(("relations", i, "to"), f"{kind} lists all its members in 'powers', without 'to'")
                    ok = False
                elif len(set(r.powers)) < 2:
                    self.error(("relations", i, "powers"), f"{kind} needs at least two powers")
                    ok = False
            elif not r.to:
                self.error(("relations", i, "kind"), f"{kind} needs 'to': " + {
                    "guarantee": "the powers it is given to", "war": "the powers it is fought against",
                    "occupation": "the states occupied"}[r.kind])
                ok = False
            if ok:
                result.append(Relation(r.flag, r.kind, tuple(r.powers), tuple(r.to), r.label))
        return result

    def territories(self, power_ids: list[str]) -> list[Territory]:
        result = []
        for tid, t in self.d.territories.items():
            self.check_name(("territories", tid, "holder"), t.holder, power_ids, "power")
            result.append(Territory(tid, t.name, t.holder, t.note))
        return result

    def settings(self) -> list[Setting]:
        result = []
        for sid, s in self.d.settings.items():
            path = ("settings", sid)
            sources = tuple(self.provenance_sources((*path,), s.sources))
            if s.values is not None:
                if s.min is not None or s.max is not None:
                    self.error(path, "a setting has either 'values' (a choice) or 'min'/'max' (a number), not both")
                if not s.values:
                    self.error((*path, "values"), "a choice needs at least one value")
                    continue
                default = str(s.default)
                if default not in s.values:
                    self.error((*path, "default"), f"default '{default}' is not one of the values"
                               f"{suggest(default, list(s.values))}")
                result.append(Setting(sid, s.title, s.description, "choice", tuple(s.values),
                                      dict(s.values), default=default, sources=sources))
            else:
                low = 0.0 if s.min is None else s.min
                high = 1.0 if s.max is None else s.max
                if isinstance(s.default, str):
                    self.error((*path, "default"), "a number setting needs a number default (or give 'values')")
                    continue
                if not low <= s.default <= high:
                    self.error((*path, "default"), f"default must be between {low:g} and {high:g}")
                result.append(Setting(sid, s.title, s.description, "number", low=low, high=high,
                                      default=float(s.default), sources=sources))
        return result

    def presets(self, settings: list[Setting]) -> list[Preset]:
        by_id = {s.id: s for s in settings}
        result = []
        for pid, p in self.d.presets.items():
            path = ("presets", pid)
            values: dict[str, str | float] = {}
            for key, value in p.settings.items():
                where = (*path, "settings", key)
                if not self.check_name(where, key, list(by_id), "setting", key=True):
                    continue
                setting = by_id[key]
                if setting.kind == "choice":
                    value = str(value)
                    if value not in setting.values:
                        self.error(where, f"setting '{key}' has no value '{value}'"
                                          f"{suggest(value, list(setting.values))}; "
                                          f"allowed: {', '.join(setting.values)}")
                        continue
                elif isinstance(value, str) or not setting.low <= value <= setting.high:
                    self.error(where, f"setting '{key}' is a number between {setting.low:g} and {setting.high:g}")
                    continue
                else:
                    value = float(value)
                values[key] = value
            result.append(Preset(pid, p.title, p.description, values, p.default))
        defaults = [pid for pid, p in self.d.presets.items() if p.default]
        if self.d.presets and len(defaults) != 1:
            at: tuple[str, ...] = ("presets", defaults[1], "default") if len(defaults) > 1 else ("presets",)
            self.error(at, f"exactly one preset needs 'default: true' (found {len(defaults)})",
                       key=len(defaults) == 0)
        return result

    def provenance_sources(self, path: tuple, keys: list[str]) -> list[str]:
        found = []
        for i, key in enumerate(keys):
            if self.check_name((*path, "sources", i), key, list(self.d.sources), "source"):
                found.append(self.d.sources[key])
        return found

    def events(self, start: int | None, end: int | None) -> list[Event]:
        result: list[Event] = []
        seen: dict[str, int] = {}
        for i, e in enumerate(self.d.events):
            path = ("events", i)
            if e.id in seen:
                first = position(self.tree, ("events", seen[e.id], "id"))[0]
                self.error((*path, "id"), f"event id '{e.id}' is used twice (first on line {first})")
            seen.setdefault(e.id, i)
            day = self.date((*path, "date"), e.date)
            if day is not None and start is not None and end is not None and not start <= day <= end:
                self.error((*path, "date"),
                           f"event date {e.date} is outside the scenario ({self.d.start} to {self.d.end})")
            when = self.expression((*path, "when"), e.when, "bool") if e.when else None
            event_provenance = self.provenance(path, e)
            options: dict[str, tuple[Option, ...]] = {}
            for power, option_list in e.options.items():
                if not self.check_name((*path, "options", power), power, self.power_ids, "power", key=True):
                    continue
                if not option_list:
                    self.error((*path, "options", power), f"{power} has no options in this event")
                    continue
                options[power] = self.options((*path, "options", power), e.id, power, option_list,
                                              event_provenance)
            resolve = self.rules((*path, "resolve"), e.resolve, prefix=f"{e.id}.", inherit=event_provenance,
                                 event=e.id)
            deciders = tuple(options)
            if e.order is not None:
                deciders = self.order((*path, "order"), e.order, list(e.options))
            result.append(Event(
                id=e.id, date=day or 0, title=e.title, text=e.text, when=when,
                deciders=deciders, options=options, resolve=tuple(resolve),
                provenance=event_provenance, draw_site=site("event:" + e.id), ordered=e.order is not None,
            ))
        if not self.d.events:
            self.error(("events",), "a scenario needs at least one event")
        return result

    def order(self, path: tuple, order: list[str], deciders: list[str]) -> tuple[str, ...]:
        """The declared decision order: every deciding power exactly once."""
        for i, power in enumerate(order):
            if power not in deciders:
                self.error((*path, i), f"'{power}' has no options in this event; the order lists the powers "
                                       f"under 'options' ({', '.join(deciders)})")
            elif order.index(power) != i:
                self.error((*path, i), f"'{power}' is listed twice in the order")
        missing = [p for p in deciders if p not in order]
        if missing:
            self.error(path, f"the order leaves out {', '.join(missing)}; list every power under 'options'")
        return tuple(p for p in order if p in deciders) + tuple(missing)

    def delay(self, path: tuple, text: str | None) -> tuple[int, str] | None:
        if text is None:
            return None
        try:
            return parse_delay(text)
        except ValueError as exc:
            self.error(path, str(exc))
            return None

    def by(self, path: tuple, given: dict, event: str | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
        result = []
        for power, refs in given.items():
            refs = refs if isinstance(refs, list) else [refs]
            full = []
            for i, ref in enumerate(refs):
                where = (*path, power, i) if isinstance(given[power], list) else (*path, power)
                if "." not in ref and event is None:
                    self.error(where, f"write EVENT.OPTION: a background rule belongs to no event ('{ref}')")
                    continue
                full.append(ref if "." in ref else f"{event}.{ref}")
                self.by_checks.append((where, power, full[-1], event))
            result.append((power, tuple(full)))
        return tuple(result)

    def check_by(self) -> None:
        """Every ``by:`` names a power, an event it decides, and one of its options there."""
        events = {e.id: e for e in self.d.events}
        for path, power, ref, _ in self.by_checks:
            event_id, option_id = ref.split(".", 1)
            if not self.check_name(path[:-1] if isinstance(path[-1], int) else path, power, self.power_ids,
                                   "power", key=True):
                continue
            if not self.check_name(path, event_id, list(events), "event"):
                continue
            options = events[event_id].options.get(power)
            if not options:
                self.error(path, f"{power} does not decide '{event_id}', so no line can say what it chose there")
                continue
            known = [o.id for o in options]
            if option_id not in known:
                self.error(path, f"{power} has no option '{option_id}' in '{event_id}'"
                                 f"{suggest(option_id, known)}; its options there: {', '.join(known)}")

    def options(self, path: tuple, event_id: str, power: str, items: list[m.OptionDef],
                inherit: Provenance) -> tuple[Option, ...]:
        result = []
        ids: set[str] = set()
        historical = [o.id for o in items if o.historical]
        if len(historical) > 1:
            self.error(path, f"{power} has {len(historical)} historical options ({', '.join(historical)}); at most one")
        for k, o in enumerate(items):
            opath = (*path, k)
            if o.id in ids:
                self.error((*opath, "id"), f"option id '{o.id}' is used twice for {power}")
            ids.add(o.id)
            rule = Rule(
                id=f"{event_id}.{power}.{o.id}", text=o.log,
                effects=self.effects((*opath, "effects"), o.effects),
                log_date=self.date((*opath, "date"), o.date) if o.date else None,
                provenance=self.provenance(opath, o, inherit),
                delay=self.delay((*opath, "after"), o.after),
                by=self.by((*opath, "by"), o.by, event_id),
            )
            modifiers = []
            for j, mod in enumerate(o.ai.modifiers):
                compiled = self.expression((*opath, "ai", "modifiers", j, "when"), mod.when, "bool")
                if compiled is not None:
                    modifiers.append(AiModifier(compiled, mod.factor, mod.why))
            result.append(Option(
                id=o.id, power=power, text=o.text, hint=o.hint, historical=o.historical, rule=rule,
                available=self.expression((*opath, "available"), o.available, "bool") if o.available else None,
                unavailable_reason=o.unavailable, ai_weight=o.ai.weight, ai_modifiers=tuple(modifiers),
            ))
        return tuple(result)

    def effects(self, path: tuple, texts: list[str]) -> tuple[Effect, ...]:
        compiled = [self.effect((*path, i), text) for i, text in enumerate(texts)]
        return tuple(e for e in compiled if e is not None)

    def rules(self, path: tuple, items: list[m.RuleDef], prefix: str,
              inherit: Provenance | None = None, event: str | None = None) -> list[Rule]:
        result = []
        seen: set[str] = set()
        for i, r in enumerate(items):
            rpath = (*path, i)
            if r.id in seen:
                self.error((*rpath, "id"), f"rule id '{r.id}' is used twice here")
            seen.add(r.id)
            if r.else_effects and not r.chance:
                self.error((*rpath, "else_effects"), "'else_effects' only applies with a 'chance'")
            if r.every != "event" and event is not None:
                self.error((*rpath, "every"), "'every' is for background rules (under 'rules'); "
                                              "an event's 'resolve' rules run when the event does")
            if r.historical and not r.chance:
                self.error((*rpath, "historical"), "'historical' marks the outcome of a 'chance'; this rule has none")
            result.append(Rule(
                id=prefix + r.id, text=r.text,
                effects=self.effects((*rpath, "effects"), r.effects),
                when=self.expression((*rpath, "when"), r.when, "bool") if r.when else None,
                chance=self.expression((*rpath, "chance"), r.chance, "num") if r.chance else None,
                else_effects=self.effects((*rpath, "else_effects"), r.else_effects),
                else_text=r.else_text,
                log_date=self.date((*rpath, "date"), r.date) if r.date else None,
                once=r.once, provenance=self.provenance(rpath, r, inherit), draw_site=site("rule:" + prefix + r.id),
                historical=r.historical, every=r.every, delay=self.delay((*rpath, "after"), r.after),
                by=self.by((*rpath, "by"), r.by, event),
            ))
        return result

    def endings(self) -> list[Ending]:
        result = []
        seen: set[str] = set()
        fallbacks = [i for i, e in enumerate(self.d.endings) if e.fallback]
        if len(fallbacks) != 1:
            where = ("endings", fallbacks[1]) if len(fallbacks) > 1 else ("endings",)
            self.error(where, f"exactly one ending needs 'fallback: true' (found {len(fallbacks)})")
        for i, e in enumerate(self.d.endings):
            path = ("endings", i)
            if e.id in seen:
                self.error((*path, "id"), f"ending id '{e.id}' is used twice")
            seen.add(e.id)
            if e.fallback and e.when:
                self.error((*path, "when"), "the fallback ending applies when no other does; remove 'when'")
            if not e.fallback and not e.when:
                self.error((*path,), f"ending '{e.id}' needs a 'when' condition (or 'fallback: true')")
            when = self.expression((*path, "when"), e.when, "bool") if e.when and not e.fallback else None
            result.append(Ending(e.id, e.title, e.text, when, e.priority, e.fallback, self.provenance(path, e)))
        return result

    def aims(self, power_ids: list[str]) -> list[Aim]:
        result = []
        for power, aims in self.d.aims.items():
            if not self.check_name(("aims", power), power, power_ids, "power", key=True):
                continue
            seen: set[str] = set()
            for i, a in enumerate(aims):
                path = ("aims", power, i)
                if a.id in seen:
                    self.error((*path, "id"), f"aim id '{a.id}' is used twice for {power}")
                seen.add(a.id)
                when = self.expression((*path, "when"), a.when, "bool")
                result.append(Aim(a.id, power, a.text, when, self.provenance(path, a)))
        return result


__all__ = ["check_scenario", "check_scenario_text", "load_scenario", "site"]
