"""What the pages show of a challenge attempt, as plain data (no web framework here): the
server builds it from a live attempt, a worker process from a finished one (workers.py), and
the finished one's contents are sent back whole, so they must pickle."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from ..engine.dates import iso
from ..transcript import long_date
from . import svgmap


def objectives_view(challenge: Any, statuses: list | None) -> list[dict]:
    rows = []
    for i, o in enumerate(challenge.objectives):
        rows.append({"text": o.text, "points": o.points, "required": o.required,
                     "when": "at the end" if o.at is None else f"on {long_date(o.at)}",
                     "status": statuses[i].label if statuses is not None else ""})
    return rows


def turns_view(game: Any, start: int = 0) -> list[dict]:
    """Turns from ``start`` on, newest first, with each line's plain 'why'."""
    rows = []
    for turn in game.turns[start:]:
        lines = [{"text": e.text, "why": e.plain, "kind": e.kind} for e in turn.log if not e.bare]
        rows.append({"date": iso(turn.date), "long_date": long_date(turn.date), "title": turn.title, "lines": lines})
    return list(reversed(rows))


@dataclass(frozen=True)
class EventCard:
    """What the decision card shows of its event: plain data, where the engine's Event holds
    compiled conditions that cannot be sent between processes."""

    id: str
    title: str
    date: int
    text: str


def decision_card(decision: Any) -> Any:
    """The open decision with its event as an :class:`EventCard` (so the page contents pickle)."""
    event = decision.event
    return replace(decision, event=EventCard(event.id, event.title, event.date, event.text or ""))


def run_view(run: Any) -> dict:
    """An attempt's page contents that come from its run (the decision open, if any, included)."""
    challenge = run.challenge
    game = run.game
    decision = run.decision()
    order = [e.id for e in challenge.spec.events]
    start_turn = next((i for i, t in enumerate(game.turns) if order.index(t.event) >= challenge.start_index),
                      len(game.turns))
    drawn = svgmap.draw(challenge.spec, game.snapshot(), f"Map of Europe on {long_date(game.date)}")
    return dict(
        decision=decision_card(decision) if decision else None,
        # as in the terminal: a decision's own hints are shown with it, the challenge's general
        # hints only when asked for (the page's Hint disclosure)
        hints=[h.text for h in challenge.hints if decision and h.event == decision.event.id],
        general_hints=[h.text for h in challenge.hints if decision and h.event is None],
        lifted=run.constraint_lifted(decision) if decision else False,
        objectives=objectives_view(challenge, run.statuses()),
        turns=turns_view(game, start_turn),
        history=[{"date": iso(t.date), "title": t.title} for t in game.turns[:start_turn]],
        map=Markup(drawn.svg), legend=drawn.legend, date=long_date(game.date), choices=list(run.choices),
        can_rewind=run.can_rewind(),
        # what the server needs to take the next decision without the engine (challenges.check_choice)
        day=iso(game.date), over=run.is_over(),
    )
