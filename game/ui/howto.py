"""How to play, in a few paragraphs: shown by F1 above the keys. No pygame here."""

from __future__ import annotations

from .text import Block

HOW_TO_PLAY: list[tuple[str, str]] = [
    ("The game", "Europe, March 1936 to September 1939. You lead one power (or several, taking turns at one "
                 "computer); the computer plays the others. History goes on by itself between your "
                 "decisions; when a crisis reaches your power, the game stops and asks you."),
    ("A decision", "The card on the right names the crisis and your options; the one history took is marked. "
                   "Click an option or press its number. What follows is shown as short cards, one happening "
                   "each: Enter for the next, S to skip to your next decision."),
    ("The map", "Each power is coloured by its stance toward Germany, from purple (hostile) to brown "
                "(aligned); territories show who holds them. T switches to a table of the same facts."),
    ("Why?", "W shows the rule behind every consequence, the chance draw or the AI's reasons, and the "
             "historians it rests on. Contested questions are settings you choose when the game starts."),
    ("Rewind and what if", "R goes back to any earlier decision (the path you leave is kept to compare). "
                           "F plays thousands of worlds for each option of the open decision and compares "
                           "the endings: a model's frequencies, not the odds of history."),
    ("The ending", "The game ends in one of the scenario's endings. The debrief names the decisions that most "
                   "changed it, measured, and how your aims fared if you played with goals."),
]


def how_to_play_blocks() -> list[Block]:
    blocks = [Block("title", "How to play")]
    for heading, text in HOW_TO_PLAY:
        blocks += [Block("heading", heading), Block("text", text)]
    return blocks
