"""What happened and why: log entries and turn records kept by a traced game."""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import iso


@dataclass(frozen=True)
class LogEntry:
    date: int
    text: str
    rule: str | None  # id of the rule or option that caused it
    sources: tuple[str, ...] = ()  # citations, or "Model assumption: ..."
    kind: str = "effect"  # "choice" | "effect" | "ending" | "note"
    power: str | None = None
    why: str = ""  # the condition, chance or AI weighting behind it
    changes: tuple[str, ...] = ()  # e.g. "stance.France: 0.30 -> 0.10"
    plain: str = ""  # ``why`` in plain words, with no expression syntax (see engine/explain.py)
    actor: tuple[str, ...] = ()  # powers whose choices this line states
    chose: tuple[str, ...] = ()  # "event.option" choices this line presupposes (any one per power)

    @property
    def bare(self) -> bool:
        """A line with no text of its own, only the changes (``stance.France: ...``): a detail."""
        return self.kind == "effect" and bool(self.changes) and self.text == ", ".join(self.changes)

    def to_json(self) -> dict:
        return {
            "date": iso(self.date),
            "text": self.text,
            "rule": self.rule,
            "sources": list(self.sources),
            "kind": self.kind,
            "power": self.power,
            "why": self.why,
            "plain": self.plain,
            "actor": list(self.actor),
            "chose": list(self.chose),
            "changes": list(self.changes),
        }


@dataclass
class TurnRecord:
    turn: int
    date: int
    event: str
    title: str
    choices: dict[str, str] = field(default_factory=dict)
    log: list[LogEntry] = field(default_factory=list)
    text: str = ""  # the event's briefing as it read when the turn opened (not in the JSON: the spec has it)

    def to_json(self) -> dict:
        return {
            "turn": self.turn,
            "date": iso(self.date),
            "event": self.event,
            "title": self.title,
            "choices": dict(self.choices),
            "log": [entry.to_json() for entry in self.log],
        }
