"""Setting one path beside another turn by turn (no pygame): the ending screen's table.

A path is a finished (or stopped) Game; rows follow the calendar, one per event that
happened in either path, with what each deciding power chose in each.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import Game


@dataclass(frozen=True)
class Row:
    event_id: str
    date: int
    title: str
    mine: str  # what happened in this path ("" = the event did not happen)
    theirs: str
    differs: bool
    yours: bool  # a human chose in this row


def _describe(game: Game, turn, humans: list[str]) -> str:
    event = game.spec.event(turn.event)
    parts = []
    for power in event.deciders:
        option_id = turn.choices.get(power)
        if option_id is None:
            continue
        option = next(o for o in event.options[power] if o.id == option_id)
        who = game.spec.power_name(power) + (" (you)" if power in humans else "")
        parts.append(f"{who}: {option.text}")
    return "; ".join(parts) or "happened"


def compare(mine: Game, theirs: Game, humans: list[str]) -> list[Row]:
    spec = mine.spec
    my_turns = {t.event: t for t in mine.turns}
    their_turns = {t.event: t for t in theirs.turns}
    rows = []
    for event in spec.events:
        a, b = my_turns.get(event.id), their_turns.get(event.id)
        if a is None and b is None:
            continue
        left = _describe(mine, a, humans) if a else ""
        right = _describe(theirs, b, []) if b else ""
        differs = (a is None) != (b is None) or (a is not None and b is not None and a.choices != b.choices)
        yours = a is not None and any(p in humans for p in a.choices)
        rows.append(Row(event.id, event.date, event.title, left, right, differs, yours))
    return rows
