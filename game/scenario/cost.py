"""What one world of a scenario costs to play, counted before playing it.

The engine checks, at every calendar event, the event's condition, each option's
availability, AI modifiers and rule, the event's own rules, then *every* background rule
and every ending. A scenario's cost per world is therefore about

    events x (background rules + endings) + the per-event checks,

in "rule checks". One check takes some tens of microseconds on a laptop (one world; many
worlds share the work), so europe1936 (about 2,000 checks) replays in a fraction of a
second, while a scenario of 500 events and 3,000 background rules (1.5 million checks)
would take about a minute. ``validate`` reports the figure and warns above BUDGET.
"""

from __future__ import annotations

from ..engine.spec import Spec

BUDGET = 100_000  # rule checks per world; documented in docs/scenario-format.md and docs/teachers.md
SECONDS_PER_CHECK = 20e-6  # one world; benchmarks/cost.py measured 12-23 us on a shared 2-core machine


def checks_per_world(spec: Spec) -> int:
    """Upper bound on the rule checks one world needs from the first event to the last."""
    per_event = 0
    for event in spec.events:
        per_event += 1 + len(event.resolve)
        for options in event.options.values():
            for option in options:
                per_event += 2 + len(option.ai_modifiers)  # availability + its rule + AI modifiers
    return per_event + len(spec.events) * (len(spec.rules) + len(spec.endings))


def cost_note(spec: Spec) -> tuple[int, str, bool]:
    """(checks, a sentence for validate, whether it is over the budget)."""
    checks = checks_per_world(spec)
    seconds = checks * SECONDS_PER_CHECK
    over = checks > BUDGET
    text = f"about {checks:,} rule checks per world (budget {BUDGET:,}; a replay takes {_duration(seconds)})"
    if over:
        text += (": every background rule is checked at every event, so consider fewer background rules "
                 "(fold them into event options or 'resolve') or fewer events")
    return checks, text, over


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "under a second"
    if seconds < 120:
        return f"about {seconds:.0f} s"
    return f"about {seconds / 60:.0f} minutes"
