"""Dead content: what no world ever reached, over many worlds of a scenario.

``whatif --coverage`` plays N worlds twice in the batch engine: once with the AI deciding
for every power, once with every power picking evenly among its available options (random
players reach options the AI's weights would almost never take). It then lists, over both
runs, the events never reached, the options never chosen, the rules that never fired (their
condition never held, or it held but their chance never came up) and the endings never
reached: what an author may have written in vain, or mis-wired.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..engine import AI, RANDOM, Game
from ..engine.chance import world_keys
from ..engine.spec import Rule, Spec

CHUNK = 5_000  # worlds per batch game (keeps the per-rule masks small)
RUNS = (("AI", AI), ("random players", RANDOM))


@dataclass
class Counts:
    """Worlds (out of ``worlds``) in which each thing happened, summed over the runs."""

    worlds: int = 0
    events: dict[str, int] = field(default_factory=dict)
    options: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (event, power, option)
    held: dict[str, int] = field(default_factory=dict)  # rule id -> worlds where its condition held
    fired: dict[str, int] = field(default_factory=dict)  # rule id -> worlds where its effects applied
    endings: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Coverage:
    spec: Spec
    worlds: int  # per run
    runs: tuple[str, ...]
    counts: Counts

    def dead_events(self) -> list[str]:
        return [e.id for e in self.spec.events if self.counts.events[e.id] == 0]

    def dead_options(self) -> list[tuple[str, str, str]]:
        """(event, power, option) never chosen, for events that were reached."""
        return [key for key, n in self.counts.options.items()
                if n == 0 and self.counts.events[key[0]] > 0]

    def dead_rules(self) -> list[tuple[str, str]]:
        """(rule id, why) for resolve and background rules that never applied their effects."""
        result = []
        for rule in _rules(self.spec):
            if self.counts.fired.get(rule.id, 0):
                continue
            if self.counts.held.get(rule.id, 0):
                result.append((rule.id, "its condition held but its chance never came up"))
            else:
                result.append((rule.id, "its condition never held"))
        return result

    def dead_endings(self) -> list[str]:
        return [e.id for e in self.spec.endings if self.counts.endings[e.id] == 0]


def _rules(spec: Spec) -> list[Rule]:
    """Every resolve and background rule (options are counted as choices, not as rules)."""
    rules: list[Rule] = []
    for event in spec.events:
        rules.extend(event.resolve)
    rules.extend(spec.rules)
    return rules


def coverage(spec: Spec, settings: Mapping[str, object] | None = None, worlds: int = 2_000,
             seed: int = 0) -> Coverage:
    """Play ``worlds`` worlds with the AI and as many with random players; count what happened."""
    counts = Counts(
        worlds=0,
        events={e.id: 0 for e in spec.events},
        options={(e.id, power, o.id): 0 for e in spec.events for power, opts in e.options.items() for o in opts},
        endings={e.id: 0 for e in spec.endings},
    )
    keys = world_keys(seed, worlds)
    for _, controller in RUNS:
        for start in range(0, worlds, CHUNK):
            _count(spec, settings or {}, seed, keys[start:start + CHUNK], controller, counts)
    return Coverage(spec, worlds, tuple(name for name, _ in RUNS), counts)


def _count(spec: Spec, settings: Mapping[str, object], seed: int, keys: np.ndarray, controller: str,
           counts: Counts) -> None:
    game = Game(spec, settings=settings, seed=seed, keys=keys, default_controller=controller,
                trace=False, coverage=True).run()
    counts.worlds += len(keys)
    for e, event in enumerate(spec.events):
        counts.events[event.id] += int(game.reached[e].sum())
        for power, options in event.options.items():
            chosen = game.chosen[e, spec.power_index(power)]
            for o, option in enumerate(options):
                counts.options[(event.id, power, option.id)] += int(np.count_nonzero(chosen == o))
    for rule_id, mask in game.rule_held.items():
        counts.held[rule_id] = counts.held.get(rule_id, 0) + int(mask.sum())
    for rule_id, mask in game.rule_fired.items():
        counts.fired[rule_id] = counts.fired.get(rule_id, 0) + int(mask.sum())
    ended = game.state.ending[game.state.ending >= 0]
    for i, n in enumerate(np.bincount(ended, minlength=len(spec.endings))):
        counts.endings[spec.endings[i].id] += int(n)


def coverage_report(result: Coverage) -> str:
    """The dead-content list as text: one section per kind, 'none' when everything was reached."""
    spec = result.spec
    total = result.counts.worlds
    lines = [f"Coverage of {spec.title} ({spec.id})",
             f"{result.worlds:,} worlds with the AI deciding for every power and {result.worlds:,} with "
             f"random players ({total:,} in all). Listed: what no world ever reached.", ""]

    def section(title: str, items: list[str], of: int) -> None:
        lines.append(f"{title}: {len(items)} of {of}" + ("" if items else " (none)"))
        lines.extend(f"  {item}" for item in items)
        lines.append("")

    section("Events never reached", result.dead_events(), len(spec.events))
    options = [f"{event}: {power} -> {option}" for event, power, option in result.dead_options()]
    section("Options never chosen (in events that were reached)", options, len(result.counts.options))
    rules = [f"{rule_id} ({why})" for rule_id, why in result.dead_rules()]
    section("Rules never fired", rules, len(_rules(spec)))
    section("Endings never reached", result.dead_endings(), len(spec.endings))
    lines.append("Something never reached here may still happen in rarer worlds; try more --worlds, "
                 "other --set values or --preset.")
    return "\n".join(lines) + "\n"


def coverage_json(result: Coverage) -> dict:
    return {
        "scenario": result.spec.id,
        "worlds_per_run": result.worlds,
        "runs": list(result.runs),
        "events_never_reached": result.dead_events(),
        "options_never_chosen": [{"event": e, "power": p, "option": o} for e, p, o in result.dead_options()],
        "rules_never_fired": [{"rule": r, "why": why} for r, why in result.dead_rules()],
        "endings_never_reached": result.dead_endings(),
        "counts": {
            "events": result.counts.events,
            "endings": result.counts.endings,
            "rules_fired": {r.id: result.counts.fired.get(r.id, 0) for r in _rules(result.spec)},
        },
    }
