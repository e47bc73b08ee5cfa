"""The card for one happening between the player's decisions: date, title, what happened in a
few lines (and with Why, the rules and sources), and how many cards are left before the next
decision. Pure: engine objects in, Doc blocks out."""

from __future__ import annotations

from ...engine.log import TurnRecord
from ...transcript import long_date
from ..happenings import Happenings
from ..text import Block
from .event_card import log_line_blocks


def happening_blocks(spec, happenings: Happenings, humans: list[str], why: bool) -> list[Block]:
    turn = happenings.current
    if turn is None:
        return [Block("title", "Nothing else happened before the next decision.")]
    position = happenings.position()
    top = f"{long_date(turn.date).upper()} · TURN {turn.turn}" + (f" · {position}" if position else "")
    blocks = [Block("small", top), Block("heading", happenings.card_heading()), Block("title", turn.title)]
    if turn.text and happenings.index > 0:  # the player has already read the text of a decided event
        blocks.append(Block("text", turn.text))  # as it read when the turn opened
    blocks.append(Block("link", "Hide the reasons (W)" if why else "Why? Show the rules and sources (W)", id="why"))
    blocks += entry_blocks(turn, humans, why)
    if happenings.following is not None:
        blocks.append(Block("gap", height=6))
        blocks.append(Block("small", f"Next: {long_date(happenings.following.date)}, {happenings.following.title}. "
                                     "S skips to your next decision."))
    return blocks


def entry_blocks(turn: TurnRecord, humans: list[str], why: bool) -> list[Block]:
    """A turn's log lines; lines that only list changed numbers are shown with Why only."""
    blocks: list[Block] = []
    for entry in turn.log:
        if entry.bare and not why:
            continue
        blocks += log_line_blocks(entry, turn.date, humans, why)
    return blocks
