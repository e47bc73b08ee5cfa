"""Goals in free play: each power's historical aims (``aims:`` in the scenario), which a player
may take on as optional goals, scored on the world as it stands. Used by the window and the
terminal alike."""

from __future__ import annotations

from collections.abc import Iterable


def aim_key(aim) -> str:
    """How a goal is named in saves and preferences: 'France.rhine_closed'."""
    return f"{aim.power}.{aim.id}"


def goals_of(spec, powers: Iterable[str]) -> list[str]:
    """Every aim of ``powers``, as goals (aim keys)."""
    chosen = set(powers)
    return [aim_key(a) for a in spec.aims if a.power in chosen]


def goals_met(spec, state, goals: list[str]) -> list[tuple[str, str, bool]]:
    """(power, aim text, holds?) for each of ``goals`` (aim keys), on ``state`` (world 0)."""
    out = []
    for aim in spec.aims:
        if aim_key(aim) in goals and aim.when is not None:
            out.append((aim.power, aim.text, bool(aim.when.holds(state)[0])))
    return out
