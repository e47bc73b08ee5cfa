"""Read a challenge file, check it against its scenario and compile it.

load_challenge(path)   -> Challenge, or raises DataFileError with every problem
check_challenge(path)  -> (Challenge | None, Diagnostics), for the validator

The reading is the scenario loader's (safe YAML with positions, pydantic shape check,
``FILE:LINE:COL`` diagnostics with "did you mean"); this module adds the cross-checks
against the scenario and the warnings a teacher wants (an objective that can never be met,
a constraint that forbids every option of a decision).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import resources, userdirs
from ..engine.dates import iso, parse_iso
from ..engine.errors import ExpressionError, InvalidSetting
from ..engine.expr import Symbols, compile_expression, suggest
from ..engine.names import resolve_power, unknown_power
from ..engine.spec import Compiled, Spec
from ..scenario import check_scenario, list_scenarios, resolve_scenario
from ..scenario import model as scenario_model
from ..scenario.diagnostics import DataFileError, Diagnostics
from ..scenario.logic import Reach
from ..scenario.pydantic_errors import report_validation_error, without_unknown_keys
from ..scenario.yamlread import is_quoted, lookup, parse_mapping, parse_yaml, position, read_bytes
from ..text import shown
from . import model as m


@dataclass(frozen=True)
class Objective:
    id: str
    text: str
    when: Compiled | None  # condition over the state (None: only the ending counts)
    endings: tuple[str, ...]  # ending ids that satisfy it (empty: any ending)
    at: int | None  # day it is checked, or None for the end of the game
    points: float
    required: bool

    @property
    def checked(self) -> str:
        return "end" if self.at is None else iso(self.at)


@dataclass(frozen=True)
class Hint:
    text: str
    event: str | None = None


@dataclass(frozen=True)
class Challenge:
    """A challenge compiled against its scenario: everything play and grading need."""

    path: Path
    sha256: str  # of the challenge file's bytes
    definition: m.ChallengeDef
    spec: Spec
    scenario_path: Path
    powers: tuple[str, ...]
    start_index: int  # index into spec.events where the student takes over
    start_day: int
    stop_index: int  # index into spec.events of the first event the student no longer decides
    settings: dict[str, str | float]
    seed: int | None
    others: str
    objectives: tuple[Objective, ...]
    forbidden: dict[tuple[str, str, str], str]  # (event, power, option) -> reason shown
    rewind: bool
    justification: bool
    min_words: int
    hints: tuple[Hint, ...]
    pass_mark: float
    briefing: str = ""
    debrief: str = ""
    worlds: int = 1  # 1: chance fixed by the seed; N > 1: scored over N worlds
    notes: list[str] = field(default_factory=list)

    @property
    def worlds_seed(self) -> int:
        """The seed of the scoring worlds: the challenge's, whatever seed a student plays."""
        return self.seed if self.seed is not None else 0

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def title(self) -> str:
        return self.definition.title

    @property
    def author(self) -> str:
        return self.definition.author

    @property
    def scenario_sha256(self) -> str:
        return self.spec.content_hash

    @property
    def max_score(self) -> float:
        return sum(o.points for o in self.objectives)

    @property
    def checkpoints(self) -> tuple[int, ...]:
        return tuple(sorted({o.at for o in self.objectives if o.at is not None}))

    def is_forbidden(self, event: str, power: str, option: str) -> str | None:
        """The reason an option is forbidden, or None."""
        return self.forbidden.get((event, power, option))


def load_challenge(path: str | Path) -> Challenge:
    challenge, diagnostics = check_challenge(path)
    if challenge is None:
        raise DataFileError(diagnostics.sorted())
    return challenge


def check_challenge(path: str | Path, warnings: bool = True) -> tuple[Challenge | None, Diagnostics]:
    path = Path(path)
    diagnostics = Diagnostics(str(path))
    data = read_bytes(path, diagnostics)
    if data is None:
        return None, diagnostics
    tree = parse_mapping(data, diagnostics, "a challenge file must be a mapping of keys such as "
                                            "'challenge', 'id', 'scenario', 'objectives'")
    if tree is None:
        return None, diagnostics
    try:
        definition = m.ChallengeDef.model_validate(tree)
    except ValidationError as exc:
        report_validation_error(exc, tree, diagnostics, m.ChallengeDef)
        readable = without_unknown_keys(exc, tree, m.ChallengeDef)
        if readable is None:
            return None, diagnostics
        definition = readable
    checker = _Checker(path, definition, tree, diagnostics, warnings)
    challenge = checker.build(hashlib.sha256(data).hexdigest())
    if diagnostics.errors:
        return None, diagnostics
    return challenge, diagnostics


SCENARIO_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


class ScenarioNotAllowed(FileNotFoundError):
    """A challenge's ``scenario:`` that points outside the places a scenario may come from."""


def scenario_roots(challenge_path: Path) -> list[Path]:
    """Where a challenge's scenario may be: the challenge's own folder (and below), the
    built-in scenarios folder and the player's scenarios folder."""
    roots = [challenge_path.parent, resources.scenarios_dir(), userdirs.user_scenarios_dir()]
    return [root.resolve() for root in roots]


def find_scenario(name: str, challenge_path: Path) -> Path:
    """The scenario a challenge names: by id (a built-in or user scenario), or by a path
    relative to the challenge file that stays under the challenge's folder or a scenario
    folder. Nothing outside them is read: ``../../``, absolute paths elsewhere,
    ``/etc/passwd`` and ``/proc/...`` are refused. Raises FileNotFoundError
    (ScenarioNotAllowed for a path outside)."""
    if not name.strip():
        raise ScenarioNotAllowed("'scenario' is empty: write a scenario id (e.g. europe1936) or the "
                                 "path of a scenario file relative to this challenge")
    roots = scenario_roots(challenge_path)
    given = Path(name)
    looks_like_path = given.suffix in (".yaml", ".yml") or "/" in name or "\\" in name or given.is_absolute()
    if looks_like_path:
        candidate = given if given.is_absolute() else challenge_path.parent / given
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            raise FileNotFoundError(f"no scenario file '{name}'") from None
        if not any(resolved.is_relative_to(root) for root in roots):
            raise ScenarioNotAllowed(
                f"'{name}' is outside the challenge's folder and the scenario folders; put the scenario "
                "beside the challenge (or in a folder below it) or use its id")
        if resolved.suffix not in (".yaml", ".yml"):
            raise ScenarioNotAllowed(f"'{name}' is not a scenario file (.yaml)")
        if not resolved.is_file():
            raise FileNotFoundError(f"no scenario file '{name}'")
        return candidate
    beside = challenge_path.parent / f"{name}.yaml"
    if beside.is_file() and beside.resolve().is_relative_to(roots[0]):
        return beside
    if not SCENARIO_ID.match(name):
        raise FileNotFoundError(f"no scenario '{name}'")
    found = resolve_scenario(name)  # an id among the built-in and user scenarios
    if not found.is_file() or not any(found.resolve().is_relative_to(root) for root in roots):
        raise FileNotFoundError(f"no scenario file '{name}'")
    return found


@lru_cache(maxsize=8)
def _scenario_definition(path: str, content_hash: str) -> scenario_model.ScenarioDef | None:
    """The scenario's parsed model (for the static analysis in game.scenario.lint)."""
    diagnostics = Diagnostics(path)
    data = read_bytes(Path(path), diagnostics)
    tree = parse_yaml(data, diagnostics) if data is not None else None
    try:
        return scenario_model.ScenarioDef.model_validate(tree)
    except ValidationError:
        return None


class _Checker:
    def __init__(self, path: Path, d: m.ChallengeDef, tree: Any, diagnostics: Diagnostics,
                 warnings: bool) -> None:
        self.path = path
        self.d = d
        self.tree = tree
        self.diag = diagnostics
        self.warnings = warnings
        self.power_error = False  # an unknown power: warnings that depend on the powers would mislead

    def error(self, path: tuple, message: str, key: bool = False) -> None:
        self.diag.error(*position(self.tree, path, key_position=key), message)

    def warn(self, path: tuple, message: str, key: bool = False) -> None:
        if self.warnings:
            self.diag.warning(*position(self.tree, path, key_position=key), message)

    def known(self, path: tuple, name: str, names: list[str], what: str, key: bool = False) -> bool:
        if name in names:
            return True
        listing = f"; known: {', '.join(names)}" if 0 < len(names) <= 12 else ""
        self.error(path, f"unknown {what} '{name}'{suggest(name, names)}{listing}", key=key)
        return False

    def power(self, path: tuple, name: str) -> str | None:
        """The id of the power ``name`` means: its id, the name the game shows or a common name
        ('Soviet Union', 'Russia', 'UK'); None with an error listing the powers."""
        powers = [(p.id, p.name) for p in self.spec.powers]
        found = resolve_power(name, powers)
        if found is None:
            self.error(path, unknown_power(name, powers))
            self.power_error = True
        return found

    # ------------------------------------------------------------------ building
    def build(self, sha256: str) -> Challenge | None:
        d = self.d
        spec, scenario_path = self.scenario()
        if spec is None or scenario_path is None:
            return None
        self.spec = spec
        self.symbols = Symbols.of(spec)
        powers = []
        for i, given in enumerate(d.powers):
            power = self.power(("powers", i) if isinstance(self.tree.get("powers"), list) else ("powers",), given)
            if power is not None:
                if power in powers:
                    self.error(("powers", i), f"'{given}' is listed twice")
                powers.append(power)
        if not d.powers:
            self.error(("powers",), "name at least one power for the student to play")
        start_index, start_day = self.start()
        stop_index = self.until(start_index)
        settings = self.settings()
        objectives = self.objectives(start_day)
        forbidden = self.constraints(powers, start_index, stop_index)
        hints = self.hints(powers)
        if d.pass_mark > sum(o.points for o in d.objectives) and not self.diag.errors:
            self.error(("pass_mark",), f"pass_mark {d.pass_mark:g} is more than all objectives together "
                                      f"({sum(o.points for o in d.objectives):g}): nobody could pass")
        if start_index is not None and stop_index is not None and powers:
            self.student_has_decisions(powers, start_index, stop_index)
        if d.seed is None and d.chance == "fixed":
            self.warn(("challenge",), "no 'seed:': each student may play with any seed and try seeds "
                                      "until one passes; add 'seed: N' so everyone meets the same chances, "
                                      "or 'chance: {worlds: 1000}' to score the choices over many worlds", key=True)
        if self.diag.errors or start_index is None or start_day is None or stop_index is None:
            return None
        return Challenge(
            path=self.path, sha256=sha256, definition=d, spec=spec, scenario_path=scenario_path,
            powers=tuple(powers), start_index=start_index, start_day=start_day, stop_index=stop_index,
            settings=settings,
            seed=d.seed, others=d.others, objectives=tuple(objectives), forbidden=forbidden,
            rewind=d.constraints.rewind, justification=d.constraints.justification,
            min_words=d.constraints.min_words, hints=tuple(hints), pass_mark=d.pass_mark,
            briefing=d.briefing, debrief=d.debrief,
            worlds=1 if d.chance == "fixed" else d.chance.worlds,
        )

    def scenario(self) -> tuple[Spec | None, Path | None]:
        name = self.d.scenario
        try:
            path = find_scenario(name, self.path)
        except ScenarioNotAllowed as exc:
            self.error(("scenario",), str(exc))
            return None, None
        except FileNotFoundError:
            known = [p.stem for p in list_scenarios()]
            self.error(("scenario",), f"no scenario '{name}' (looked beside this file and in scenarios/)"
                                      f"{suggest(name, known)}; known: {', '.join(known) or 'none'}")
            return None, None
        spec, diagnostics = check_scenario(path, lint_warnings=False)
        if spec is None:
            first = diagnostics.errors[0] if diagnostics.errors else None
            self.error(("scenario",), f"the scenario {path} has {len(diagnostics.errors)} error(s); "
                                      f"first: {shown(first, 240)}" if first else f"cannot load the scenario {path}")
            return None, None
        return spec, path

    def start(self) -> tuple[int | None, int | None]:
        events = self.spec.events
        text = self.d.start
        if text is None:
            return 0, self.spec.start
        if text[0].isdigit():
            try:
                day = parse_iso(text)
            except ValueError as exc:
                self.error(("start",), str(exc))
                return None, None
            if not self.spec.start <= day <= self.spec.end:
                self.error(("start",), f"start {text} is outside the scenario "
                                       f"({iso(self.spec.start)} to {iso(self.spec.end)})")
                return None, None
            index = next((i for i, e in enumerate(events) if e.date >= day), len(events))
            return index, day
        ids = [e.id for e in events]
        if not self.known(("start",), text, ids, "event"):
            return None, None
        index = ids.index(text)
        return index, events[index].date

    def until(self, start_index: int | None) -> int | None:
        """Index of the first event after the student's last one (len(events) when unset)."""
        events = self.spec.events
        text = self.d.until
        if text is None:
            return len(events)
        if text[0].isdigit():
            try:
                day = parse_iso(text)
            except ValueError as exc:
                self.error(("until",), str(exc))
                return None
            index = next((i for i, e in enumerate(events) if e.date > day), len(events))
        else:
            ids = [e.id for e in events]
            if not self.known(("until",), text, ids, "event"):
                return None
            index = ids.index(text) + 1
        if start_index is not None and index <= start_index:
            self.error(("until",), f"'until' ({text}) comes before the start of the challenge")
            return None
        return index

    def settings(self) -> dict[str, str | float]:
        chosen: dict[str, str | float] = {}
        if self.d.preset is not None:
            presets = [p.id for p in self.spec.presets]
            if self.known(("preset",), self.d.preset, presets, "preset"):
                chosen.update(self.spec.preset_settings(self.d.preset))
        known = [s.id for s in self.spec.settings]
        for key, value in self.d.settings.items():
            path = ("settings", key)
            if not self.known(path, key, known, "setting", key=True):
                continue
            setting = self.spec.setting(key)
            if setting.kind == "number" and isinstance(value, str):  # YAML text where a number belongs
                self.error(path, f"setting '{key}' is a number between {setting.low:g} and {setting.high:g}")
                continue
            try:
                chosen[key] = setting.check(value)  # the engine's one check of a setting value
            except InvalidSetting as exc:
                self.error(path, str(exc))
        return chosen

    def expression(self, path: tuple, text: str) -> Compiled | None:
        try:
            return compile_expression(text, self.symbols, "bool")
        except ExpressionError as exc:
            line, col = position(self.tree, path)
            value = lookup(self.tree, path)
            if "\n" not in str(text):
                col += exc.offset + (1 if is_quoted(value) else 0)
            self.diag.error(line, col, exc.message)
            return None

    def objectives(self, start_day: int | None) -> list[Objective]:
        result = []
        seen: set[str] = set()
        ending_ids = [e.id for e in self.spec.endings]
        definition = _scenario_definition(str(self.spec_path), self.spec.content_hash)
        reach = _reach(str(self.spec_path), self.spec.content_hash)
        unreachable = self._unreachable_endings(definition, reach)
        for i, o in enumerate(self.d.objectives):
            path = ("objectives", i)
            if o.id in seen:
                self.error((*path, "id"), f"objective id '{o.id}' is used twice")
            seen.add(o.id)
            if o.when is None and o.ending is None:
                self.error(path, f"objective '{o.id}' needs 'when' (a condition) or 'ending' (ending ids)")
            at = None
            if o.at != "end":
                try:
                    at = parse_iso(o.at)
                except ValueError as exc:
                    self.error((*path, "at"), str(exc))
                if at is not None and not self.spec.start <= at <= self.spec.end:
                    self.error((*path, "at"), f"{o.at} is outside the scenario ({iso(self.spec.start)} to "
                                              f"{iso(self.spec.end)}); use a date inside it or 'end'")
                elif at is not None and start_day is not None and at < start_day:
                    self.warn((*path, "at"), f"objective '{o.id}' is checked on {o.at}, before the student "
                                             f"takes over ({iso(start_day)}): only history decides it")
                if o.ending:
                    self.error((*path, "ending"), "'ending' is known only at the end; use 'at: end' with it")
            compiled = self.expression((*path, "when"), o.when) if o.when is not None else None
            endings = []
            for k, ending in enumerate(o.ending or []):
                epath = (*path, "ending", k) if isinstance(lookup(self.tree, (*path, "ending")), list) \
                    else (*path, "ending")
                if self.known(epath, ending, ending_ids, "ending"):
                    endings.append(ending)
                    if ending in unreachable:
                        self.warn(epath, f"objective '{o.id}' can never be met: ending '{ending}' can never be "
                                         f"reached ({unreachable[ending]})")
            if compiled is not None and reach is not None and start_day is not None:
                latest = at if at is not None else self.spec.end
                verdict = objective_verdict(reach, o.when, start_day, latest)
                if verdict:
                    self.warn((*path, "when"), f"objective '{o.id}' {verdict}")
            result.append(Objective(o.id, o.text, compiled, tuple(endings), at, o.points, o.required))
        return result

    @property
    def spec_path(self) -> Path:
        return find_scenario(self.d.scenario, self.path)

    def _unreachable_endings(self, definition, reach) -> dict[str, str]:
        if definition is None or reach is None:
            return {}
        start, end = parse_iso(definition.start), parse_iso(definition.end)
        found = {}
        for ending in definition.endings:
            if not ending.fallback:
                reason = reach.never(ending.when, start, end)
                if reason:
                    found[ending.id] = reason
        return found

    def constraints(self, powers: list[str], start_index: int | None,
                    stop_index: int | None = None) -> dict[tuple[str, str, str], str]:
        forbidden: dict[tuple[str, str, str], str] = {}
        events = {e.id: (i, e) for i, e in enumerate(self.spec.events)}
        for k, f in enumerate(self.d.constraints.forbid):
            path = ("constraints", "forbid", k)
            if not self.known((*path, "event"), f.event, list(events), "event"):
                continue
            index, event = events[f.event]
            deciders = [p for p in event.deciders if p in powers]
            if f.power is not None:
                power_id = self.power((*path, "power"), f.power)
                if power_id is None:
                    continue
                if not self.known((*path, "power"), power_id, list(powers), "power of the student"):
                    continue
                if power_id not in event.deciders:
                    self.error((*path, "power"), f"{power_id} does not decide '{f.event}' "
                                                 f"(deciders: {', '.join(event.deciders) or 'none'})")
                    continue
                deciders = [power_id]
            if not deciders and self.power_error:
                continue  # the unknown power is the one fault reported
            if not deciders:
                self.error((*path, "event"), f"the student's power(s) ({', '.join(powers)}) do not decide "
                                             f"'{f.event}' (deciders: {', '.join(event.deciders) or 'none'})")
                continue
            holders = [p for p in deciders if f.option in [o.id for o in event.options[p]]]
            if not holders:
                ids = sorted({o.id for p in deciders for o in event.options[p]})
                self.error((*path, "option"), f"no option '{f.option}' in '{f.event}' for "
                                              f"{', '.join(deciders)}{suggest(f.option, ids)}; "
                                              f"options: {', '.join(ids)}")
                continue
            if len(holders) > 1 and f.power is None:
                self.error(path, f"'{f.option}' is an option of {', '.join(holders)} in '{f.event}': "
                                 "add 'power:' to say whose")
                continue
            power = holders[0]
            if start_index is not None and index < start_index:
                self.warn((*path, "event"), f"'{f.event}' comes before the start of the challenge; "
                                            "history decides it, so this constraint never applies")
            elif stop_index is not None and index >= stop_index:
                self.warn((*path, "event"), f"'{f.event}' comes after 'until'; the student does not decide "
                                            "it, so this constraint never applies")
            reason = f.reason or "the challenge forbids this option"
            forbidden[(f.event, power, f.option)] = reason
        # A decision where every option is forbidden cannot be played as set.
        for event in self.spec.events:
            for power in event.deciders:
                if power not in powers:
                    continue
                ids = [o.id for o in event.options[power]]
                if all((event.id, power, o) in forbidden for o in ids):
                    last = max(k for k, f in enumerate(self.d.constraints.forbid)
                               if f.event == event.id and f.option in ids)
                    self.warn(("constraints", "forbid", last),
                              f"the constraints forbid every option {power} has in '{event.id}' "
                              f"({', '.join(ids)}); the student could not decide it, so play would "
                              "lift the constraint there")
        if self.d.constraints.min_words and not self.d.constraints.justification:
            self.warn(("constraints", "min_words"), "'min_words' has no effect without 'justification: true'")
        return forbidden

    def hints(self, powers: list[str]) -> list[Hint]:
        result = []
        ids = [e.id for e in self.spec.events]
        for i, h in enumerate(self.d.hints):
            if isinstance(h, str):
                result.append(Hint(h))
                continue
            if h.event is not None:
                if not self.known(("hints", i, "event"), h.event, ids, "event"):
                    continue
                if not set(self.spec.event(h.event).deciders) & set(powers) and not self.power_error:
                    self.warn(("hints", i, "event"), f"the student does not decide '{h.event}', so this "
                                                     "hint is shown only on request")
            result.append(Hint(h.text, h.event))
        return result

    def student_has_decisions(self, powers: list[str], start_index: int, stop_index: int) -> None:
        for power in powers:
            if not any(power in e.deciders for e in self.spec.events[start_index:stop_index]):
                self.error(("powers",), f"{power} makes no decision between the start and the end of the "
                                        "challenge; the student would have nothing to play (choose another "
                                        "start, 'until' or power)")


@lru_cache(maxsize=8)
def _reach(path: str, content_hash: str) -> Reach | None:
    definition = _scenario_definition(path, content_hash)
    return Reach(definition) if definition is not None else None


def objective_verdict(reach: Reach, when: str | None, earliest: int, latest: int) -> str | None:
    """'can never be met: ...' or 'is always met: ...' for an objective's condition checked
    between those days, or None when choices and chance can decide it."""
    reason = reach.never(when, earliest, latest)
    if reason:
        return f"can never be met: {reason}"
    reason = reach.always(when, earliest, latest)
    if reason:
        return f"is always met, whatever the student does: {reason}"
    return None


def impossible_objectives(challenge: Challenge) -> dict[str, str]:
    """{objective id: why} for the objectives of a loaded challenge that can never be met or are
    always met (the static part of 'check': ranges, effects that exist, contradictions)."""
    reach = _reach(str(challenge.scenario_path), challenge.spec.content_hash)
    if reach is None:
        return {}
    found = {}
    for o, definition in zip(challenge.objectives, challenge.definition.objectives):
        verdict = objective_verdict(reach, definition.when, challenge.start_day,
                                    o.at if o.at is not None else challenge.spec.end)
        if verdict:
            found[o.id] = verdict
    return found


def list_challenges(extra: list[Path] | None = None) -> list[Path]:
    """The sample challenges, then the player's own (user challenges folder), plus any given."""
    found = resources.builtin_challenges() + userdirs.yaml_files(userdirs.user_challenges_dir())
    for path in extra or []:
        if Path(path) not in found:
            found.append(Path(path))
    return found
