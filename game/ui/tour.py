"""The guided first turn: five short steps over the game screen (the card, the map, Why?,
Rewind, What if?), each pointing at the part it explains. Enter goes on, Esc skips it; once
finished or skipped it is not offered again (``Prefs.tour_done``). No pygame here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    target: str  # "card", "map" or a toolbar button key: what the step points at
    heading: str
    text: str


STEPS: tuple[Step, ...] = (
    Step("card", "The card", "This is the crisis before you. Read it, then choose: click an option or press its "
                             "number. The option history took is marked."),
    Step("map", "The map", "Europe now. Each power is coloured by its stance toward Germany, purple for hostile, "
                           "brown for aligned. T shows the same facts as a table."),
    Step("why", "Why?", "After a decision, W shows the rule behind each consequence, the chance draw or the "
                        "AI's reasons, and the historians it rests on."),
    Step("rewind", "Rewind", "R takes you back to any earlier decision to choose again. The path you leave is "
                             "kept, and the ending compares the two."),
    Step("whatif", "What if?", "F plays thousands of worlds for each option of this decision and compares how "
                               "they end. Your turn now: choose an option on the card."),
)


class Tour:
    def __init__(self, steps: tuple[Step, ...] = STEPS) -> None:
        self.steps = steps
        self.index = 0

    @property
    def active(self) -> bool:
        return self.index < len(self.steps)

    @property
    def step(self) -> Step | None:
        return self.steps[self.index] if self.active else None

    def next(self) -> None:
        self.index += 1

    def skip(self) -> None:
        self.index = len(self.steps)

    def footer(self) -> str:
        return f"Step {self.index + 1} of {len(self.steps)}   ·   Enter: next   ·   Esc: skip the tour"
