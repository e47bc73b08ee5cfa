"""The contents of the card beside the map: the crisis to decide, or what followed.

Pure functions from engine objects to Doc blocks; the Doc draws them. Option ids are
``opt:<id>``, the other clickable ids are ``continue``, ``why`` and ``event:<id>``.
"""

from __future__ import annotations

from ...engine import Decision
from ...engine.dates import iso
from ...engine.log import LogEntry, TurnRecord
from ...transcript import long_date
from ..text import Block


def decision_blocks(spec, date: int, decision: Decision, hot_seat: bool) -> list[Block]:
    event = decision.event
    who = spec.power_name(decision.power)
    blocks = [
        Block("small", long_date(date).upper()),
        Block("title", event.title),
        Block("heading", f"{who} decides" if hot_seat else f"You are {who}"),
    ]
    if event.text:
        blocks.append(Block("text", event.text))
    for power, text in getattr(decision, "earlier", ()):
        blocks.append(Block("small", f"Already decided: {spec.power_name(power)}: {text}"))
    others = [spec.power_name(p) for p in event.deciders if p != decision.power]
    if others:
        blocks.append(Block("small", "Also deciding: " + ", ".join(others) + "."))
    blocks.append(Block("gap", height=4))
    for number, option in enumerate(decision.options, 1):
        hint = option.hint if option.legal else f"Not possible: {option.reason}"
        blocks.append(Block("option", option.text, id=f"opt:{option.id}", hint=hint, number=number,
                            enabled=option.legal, tag="what happened in history" if option.historical else ""))
    return blocks


def consequence_blocks(spec, turns: list[TurnRecord], humans: list[str], why: bool, heading: str,
                       continue_text: str, choice_sources: dict[tuple[str, str], str] | None = None) -> list[Block]:
    """What every power chose and what followed, turn by turn; with ``why`` the rules and sources."""
    blocks = [Block("title", heading),
              Block("link", "Hide the reasons (W)" if why else "Why? Show the rules and sources (W)", id="why")]
    if not turns:
        blocks.append(Block("text", "Nothing else happened before the next decision."))
    for turn in turns:
        blocks.append(Block("rule"))
        blocks.append(Block("heading", f"{long_date(turn.date)}: {turn.title}"))
        for entry in turn.log:
            blocks += log_line_blocks(entry, turn.date, humans, why)
    if continue_text:
        blocks.append(Block("gap", height=8))
        blocks.append(Block("option", continue_text, id="continue", hint="Enter"))
    return blocks


def handover_blocks(spec, power: str, date: int, title: str) -> list[Block]:
    name = spec.power_name(power)
    return [
        Block("small", long_date(date).upper()),
        Block("title", f"{name} to play"),
        Block("text", f"Pass the keyboard to the player of {name}. The next crisis is: {title}."),
    ]


def log_line_blocks(entry: LogEntry, turn_date: int, humans: list[str], why: bool) -> list[Block]:
    """One log line (dated when it is not the turn's date), who chose it, its plain-words
    explanation, and with ``why`` its details, changes, rule and sources."""
    stamp = f"[{iso(entry.date)}] " if entry.date != turn_date else ""
    if entry.kind == "choice":
        by = "you" if entry.power in humans else "history" if entry.why == "what happened in history" else "AI"
        blocks = [Block("text", f"{stamp}{entry.text}  ({by})", bold=True)]
    elif entry.kind == "ending":
        blocks = [Block("text", f"{stamp}{entry.text}", bold=True)]
    else:
        blocks = [Block("text", f"{stamp}• {entry.text}")]
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
