"""Between two of the player's decisions, the turns that happened, shown one short card at a
time so every player sees Spain, the Axis or the Anschluss as they come. No pygame here.

The first card is the turn the player just decided (what followed the choice); the others are
the happenings of the calendar up to the next decision. The player steps through them (Next)
or skips to the next decision at once (Skip).
"""

from __future__ import annotations

from ..engine.log import TurnRecord


class Happenings:
    def __init__(self, turns: list[TurnRecord], heading: str) -> None:
        self.turns = list(turns)
        self.heading = heading  # the first card's heading ("What followed", "Before your first decision")
        self.index = 0

    @property
    def current(self) -> TurnRecord | None:
        return self.turns[self.index] if 0 <= self.index < len(self.turns) else None

    @property
    def is_last(self) -> bool:
        return self.index >= len(self.turns) - 1

    @property
    def following(self) -> TurnRecord | None:
        return None if self.is_last else self.turns[self.index + 1]

    def next(self) -> bool:
        """Show the next card; False when there is none (time for the decision)."""
        if self.is_last:
            return False
        self.index += 1
        return True

    def skip(self) -> None:
        self.index = max(0, len(self.turns) - 1)

    def card_heading(self) -> str:
        if self.index == 0 and self.heading:
            return self.heading
        return "Meanwhile in Europe"

    def position(self) -> str:
        """'2 of 7' when there are several cards, else ''."""
        return f"{self.index + 1} of {len(self.turns)}" if len(self.turns) > 1 else ""
