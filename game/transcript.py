"""A finished (or running) game as JSON and as a readable dated chronicle."""

from __future__ import annotations

import json
import textwrap

from .engine import Game
from .engine.dates import from_day, iso


def game_to_json(game: Game, world: int = 0) -> dict:
    """The documented JSON shape of a one-world game (see docs/cli.md)."""
    spec = game.spec
    ending = game.ending(world)
    snapshot = game.snapshot(world)
    return {
        "scenario": spec.id,
        "scenario_sha256": spec.content_hash,
        "seed": game.seed,
        "settings": dict(game.settings),
        "players": list(game.humans),
        "controllers": {p: c.name for p, c in game.controllers.items()},
        "turns": [turn.to_json() for turn in game.turns],
        "ending": None if ending is None else {
            "id": ending.id, "title": ending.title, "date": iso(ending.date), "text": ending.text,
        },
        "final": {
            "stance": {p: round(v, 4) for p, v in snapshot["attributes"]["stance"].items()},
            "flags": snapshot["flags"],
            "territory": snapshot["territory"],
            "globals": {k: round(v, 4) for k, v in snapshot["globals"].items()},
        },
    }


def dumps(data: dict) -> str:
    """Stable JSON text: same data, same bytes."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def long_date(day: int) -> str:
    date = from_day(day)
    return f"{date.day} {date.strftime('%B')} {date.year}"


def chronicle(game: Game, width: int = 88, show_sources: bool = True, details: bool = False) -> str:
    """The game's log as a dated chronicle.

    By default each consequence is followed by its reason in plain words. With ``details``
    the rule, its expression, the numbers, the changes and the sources follow as well.
    """
    lines = [game.spec.title, "=" * min(len(game.spec.title), width), ""]
    if game.settings:
        if details:
            lines.append("Assumptions: " + ", ".join(f"{k}={v}" for k, v in game.settings.items()))
        else:
            lines.extend(textwrap.wrap("Assumptions: " + "; ".join(_assumptions(game)), width,
                                       subsequent_indent="    "))
        lines.append("")
    wrap = textwrap.TextWrapper(width=width, subsequent_indent="    ")
    detail = textwrap.TextWrapper(width=width, initial_indent="      ", subsequent_indent="      ")
    for turn in game.turns:
        lines.append(f"== {long_date(turn.date)}: {turn.title} (turn {turn.turn})")
        for entry in turn.log:
            if entry.bare and not details:
                continue
            bullet = {"choice": "*", "ending": "#"}.get(entry.kind, "-")
            stamp = f"[{iso(entry.date)}] " if entry.date != turn.date else ""
            lines.extend(wrap.wrap(f"  {bullet} {stamp}{entry.text}"))
            if entry.plain:
                lines.extend(detail.wrap(f"why: {entry.plain}"))
            if not details:
                continue
            if entry.rule:
                lines.extend(detail.wrap(f"rule: {entry.rule}"))
            if entry.why:
                lines.extend(detail.wrap(f"details: {entry.why}"))
            if entry.changes and entry.text != ", ".join(entry.changes):
                lines.extend(detail.wrap("changes: " + "; ".join(entry.changes)))
            if show_sources and entry.sources:
                lines.extend(detail.wrap("source: " + " | ".join(entry.sources)))
        lines.append("")
    ending = game.ending()
    if ending is not None:
        lines.append(f"ENDING ({long_date(ending.date)}): {ending.title}")
        lines.extend(textwrap.wrap(ending.text, width))
    return "\n".join(lines) + "\n"


def _assumptions(game: Game) -> list[str]:
    """Each setting as 'Its title: value', the words a reader sees in the New game screen."""
    parts = []
    for setting in game.spec.settings:
        value = game.settings[setting.id]
        shown = value if setting.kind == "choice" else f"{float(value):g}"
        parts.append(f"{setting.title or setting.id}: {shown}")
    return parts
