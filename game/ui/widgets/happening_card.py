"""The card for one happening between the player's decisions: date, title, what happened in a
few lines (and with Why, the rules and sources), and how many cards are left before the next
decision. Pure: engine objects in, Doc blocks out."""

from __future__ import annotations

from ...engine.dates import iso
from ...engine.log import TurnRecord
from ...transcript import long_date
from ..happenings import Happenings
from ..text import Block


def happening_blocks(spec, happenings: Happenings, humans: list[str], why: bool) -> list[Block]:
    turn = happenings.current
    if turn is None:
        return [Block("title", "Nothing else happened before the next decision.")]
    position = happenings.position()
    top = f"{long_date(turn.date).upper()} · TURN {turn.turn}" + (f" · {position}" if position else "")
    blocks = [Block("small", top), Block("heading", happenings.card_heading()), Block("title", turn.title)]
    event = spec.event(turn.event)
    if event.text and happenings.index > 0:  # the player has already read the text of a decided event
        blocks.append(Block("text", event.text))
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
        stamp = f"[{iso(entry.date)}] " if entry.date != turn.date else ""
        if entry.kind == "choice":
            by = "you" if entry.power in humans else "history" if entry.why == "what happened in history" else "AI"
            blocks.append(Block("text", f"{stamp}{entry.text}  ({by})", bold=True))
        elif entry.kind == "ending":
            blocks.append(Block("text", f"{stamp}{entry.text}", bold=True))
        else:
            blocks.append(Block("text", f"{stamp}• {entry.text}"))
        if entry.plain:
            blocks.append(Block("small", entry.plain))
        if why:
            if entry.why:
                blocks.append(Block("small", f"Details: {entry.why}"))
            if entry.changes and entry.text != ", ".join(entry.changes):
                blocks.append(Block("small", "Changes: " + "; ".join(entry.changes)))
            if entry.rule:
                blocks.append(Block("small", f"Rule: {entry.rule}"))
            for source in entry.sources:
                blocks.append(Block("small", f"Source: {source}"))
    return blocks
