"""Warnings a scenario author wants: unreachable events and endings, rules without sources,
settings and flags that nothing uses. A conservative static analysis: it warns only when a
condition can certainly never hold."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..engine.dates import parse_iso
from . import model as m
from .diagnostics import Diagnostics
from .facts import _all_rules, all_effects
from .logic import Reach
from .texts import placeholder_names
from .yamlread import position


def _day(text: str) -> int | None:
    try:
        return parse_iso(text)
    except ValueError:
        return None


def lint(d: m.ScenarioDef, tree: Any, diagnostics: Diagnostics) -> None:
    def warn(path: tuple, message: str) -> None:
        line, col = position(tree, path)
        diagnostics.warning(line, col, message)

    start, end = _day(d.start), _day(d.end)
    if start is None or end is None:
        return
    reach = Reach(d)
    for i, e in enumerate(d.events):
        day = _day(e.date) or start
        reason = reach.never(e.when, day, day)
        if reason:
            warn(("events", i, "when"), f"event '{e.id}' can never happen: {reason}")
        elif reach.always(e.when, day, day):
            warn(("events", i, "when"), f"the condition of event '{e.id}' always holds "
                                        f"({reach.always(e.when, day, day)}); remove it or fix it")
        for power, options in e.options.items():
            for k, o in enumerate(options):
                reason = reach.never(o.available, day, day)
                if reason:
                    warn(("events", i, "options", power, k, "available"),
                         f"option '{o.id}' of {power} can never be chosen: {reason}")
        for k, r in enumerate(e.resolve):
            _rule_checks(reach, r, ("events", i, "resolve", k), day, day, warn)
    for k, r in enumerate(d.rules):
        _rule_checks(reach, r, ("rules", k), start, end, warn)
    for i, ending in enumerate(d.endings):
        reason = reach.never(ending.when, start, end)
        if reason and not ending.fallback:
            warn(("endings", i, "when"), f"ending '{ending.id}' can never be reached: {reason}")

    event_provenance = {i: bool(e.sources or e.assumption is not None) for i, e in enumerate(d.events)}
    for path, item, effects in _all_rules(d):
        inherited = path[0] == "events" and event_provenance[path[1]]
        if effects and not (item.sources or item.assumption is not None or inherited):
            warn(path, f"'{getattr(item, 'id', '?')}' changes the world but cites no sources; "
                       "add 'sources' or mark it with 'assumption'")

    has_history = any(o.historical for e in d.events for options in e.options.values() for o in options)
    for path, item, _ in _all_rules(d):
        if has_history and getattr(item, "chance", None) and getattr(item, "historical", None) is None:
            warn(path, f"chance rule '{getattr(item, 'id', '?')}' does not say what happened in history; add "
                       "'historical: fires' or 'historical: fails' so that replay follows history")

    text = "\n".join(_expression_texts(d))
    for sid in d.settings:
        if not re.search(rf"\bsetting\.{sid}\b", text):
            warn(("settings", sid), f"setting '{sid}' is never read by any rule")
    set_flags, read_flags = _flag_uses(d)
    for flag, declared in d.flags.items():
        if not re.search(rf"\bflag\.{flag}\b", text):
            warn(("flags", flag), f"flag '{flag}' is declared but never used")
        elif flag in set_flags and flag not in read_flags and not declared.note:
            warn(("flags", flag), f"flag '{flag}' is set but no condition reads it; if it records an outcome "
                                  "(for what-if or a challenge), say so in its 'note'")
        elif flag in read_flags and flag not in set_flags:
            warn(("flags", flag), f"flag '{flag}' is read but no effect ever sets it: it is always "
                                  f"{'true' if declared.value else 'false'}")
    _options_without_effect(d, warn)
    _rules_that_undo_each_other(d, warn, lambda i: position(tree, ("rules", i))[0])


def _rule_checks(reach: Any, r: m.RuleDef, path: tuple, earliest: int, latest: int, warn: Any) -> None:
    reason = reach.never(r.when, earliest, latest)
    if reason:
        warn((*path, "when"), f"rule '{r.id}' can never fire: {reason}")
        return
    reason = reach.always(r.when, earliest, latest)
    if reason:
        warn((*path, "when"), f"the condition of rule '{r.id}' always holds ({reason}); remove it or fix it")


_FLAG_TARGET = re.compile(r"^\s*flag\.([A-Za-z]\w*)\s*=(?!=)(.*)$", re.S)


def _flag_uses(d: m.ScenarioDef) -> tuple[set[str], set[str]]:
    """(flags some effect assigns, flags some condition or effect value reads)."""
    assigned: set[str] = set()
    read: set[str] = set()
    effects = set(all_effects(d))
    for text in _expression_texts(d):
        match = _FLAG_TARGET.match(text) if text in effects else None
        if match:
            assigned.add(match.group(1))
            text = match.group(2)
        read.update(re.findall(r"\bflag\.([A-Za-z]\w*)", text))
    return assigned, read


def _options_without_effect(d: m.ScenarioDef, warn: Any) -> None:
    """An option that changes nothing and that no rule's 'by:' names: choosing it or not is the same."""
    named: set[tuple[str, str]] = set()
    for e in d.events:
        for r in e.resolve:
            for power, refs in r.by.items():
                for ref in refs if isinstance(refs, list) else [refs]:
                    named.add((power, ref if "." in ref else f"{e.id}.{ref}"))
    for r in d.rules:
        for power, refs in r.by.items():
            named.update((power, ref) for ref in (refs if isinstance(refs, list) else [refs]))
    for i, e in enumerate(d.events):
        for power, options in e.options.items():
            for k, o in enumerate(options):
                if not o.effects and len(options) > 1 and (power, f"{e.id}.{o.id}") not in named:
                    warn(("events", i, "options", power, k),
                         f"option '{o.id}' of {power} has no effects and no rule's 'by:' names it: choosing it "
                         "changes nothing later in the game")


def _rules_that_undo_each_other(d: m.ScenarioDef, warn: Any, line_of: Any) -> None:
    """Two repeating background rules where one sets a flag true and the other false (or one adds
    what the other takes away): together they flip the world back and forth every turn."""
    moves: dict[str, list[tuple[int, str]]] = {}  # target -> [(rule index, move)]
    for k, r in enumerate(d.rules):
        if r.once:
            continue
        for text in r.effects:
            move = _move(text)
            if move is not None:
                moves.setdefault(move[0], []).append((k, move[1]))
    for target, found in moves.items():
        for a, (i, first) in enumerate(found):
            for j, second in found[a + 1:]:
                if i != j and _opposite(first, second):
                    line = line_of(i)
                    warn(("rules", j), f"rules '{d.rules[i].id}' (line {line}) and '{d.rules[j].id}' undo each "
                                       f"other: both repeat, one makes {target} {first}, the other {second}")


def _move(text: str) -> tuple[str, str] | None:
    """('flag.x', 'true') or ('league', '+0.1') for a constant flag or number change, else None."""
    match = re.match(r"^\s*(flag\.[A-Za-z]\w*)\s*=\s*(true|false|True|False)\s*$", text)
    if match:
        return match.group(1), match.group(2).lower()
    match = re.match(r"^\s*([A-Za-z][\w.]*)\s*([+-])=\s*([0-9.]+)\s*$", text)
    if match:
        return match.group(1), f"{match.group(2)}{match.group(3)}"
    return None


def _opposite(a: str, b: str) -> bool:
    if {a, b} == {"true", "false"}:
        return True
    try:
        return a[0] in "+-" and b[0] in "+-" and a[0] != b[0] and float(a[1:]) == float(b[1:])
    except ValueError:
        return False


def _expression_texts(d: m.ScenarioDef) -> Iterator[str]:
    for e in d.events:
        yield e.when or ""
        for options in e.options.values():
            for o in options:
                yield o.available or ""
                yield from o.effects
                yield from (mod.when for mod in o.ai.modifiers)
        for r in e.resolve:
            yield from (r.when or "", r.chance or "", *r.effects, *r.else_effects)
    for r in d.rules:
        yield from (r.when or "", r.chance or "", *r.effects, *r.else_effects)
    for ending in d.endings:
        yield ending.when or ""
    yield from placeholder_names(d)  # '{if flag.x}' in a text reads flag.x
