"""The debrief beside the ending: the decisions that most changed it (measured with the
what-if engine, :mod:`game.whatif.turning_points`), the part chance played, and the settings
in force. Pure: engine objects and numbers in, Doc blocks out. No pygame here."""

from __future__ import annotations

from ..engine import Game
from ..whatif.turning_points import DEBRIEF_WORLDS, TurningPoint
from .text import Block


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def turning_blocks(game: Game, chance: float, points: list[TurningPoint], progress: float | None,
                   error: str = "") -> list[Block]:
    """What changed this ending: measuring (``progress`` 0..1), or the result."""
    spec, ending = game.spec, game.ending()
    blocks = [Block("heading", "What made this ending")]
    if ending is None:
        return blocks + [Block("text", "The game stopped without an ending, so there is nothing to measure.")]
    if error:
        return blocks + [Block("text", f"The measurement failed: {error}")]
    if progress is not None:
        return blocks + [Block("small", f"Measuring, from each of your decisions, {DEBRIEF_WORLDS} worlds with your "
                                        f"option and {DEBRIEF_WORLDS} with history's... {_pct(progress)}")]
    if not points:
        blocks.append(Block("text", "None of your decisions that differed from history changed the odds of this "
                                    "ending by a point or more." if game.choices else "You made no decision."))
    for number, point in enumerate(points, 1):
        d = point.deviation
        event = spec.event(d.event)
        options = {o.id: o.text for o in event.options[d.power]}
        verb = "made it more likely" if point.effect > 0 else "made it less likely"
        blocks.append(Block("text", f"{number}. {event.title} ({spec.power_name(d.power)}): "
                                    f"\"{options[d.chosen]}\" {verb}", bold=True))
        blocks.append(Block("small", f"From that decision on, {ending.title} came in "
                                     f"{_pct(point.mine)} of worlds with your option and {_pct(point.theirs)} with "
                                     f"history's (\"{options[d.historical]}\")."))
    luck = ("your choices made it near certain" if chance >= 0.8 else
            "your choices made it likely, chance did the rest" if chance >= 0.5 else
            "chance weighed as much as your choices" if chance >= 0.2 else
            "with your choices it was unlikely: chance decided it")
    blocks.append(Block("text", f"Chance: with every one of your choices kept, {ending.title} came in "
                                f"{_pct(chance)} of {DEBRIEF_WORLDS} worlds: {luck}."))
    blocks.append(Block("small", "A model's frequencies under the game's settings, not historical probabilities."))
    return blocks


def settings_blocks(game: Game) -> list[Block]:
    """The contested assumptions in force, the ones changed from the default marked."""
    spec = game.spec
    if not spec.settings:
        return []
    defaults = spec.default_settings()
    blocks = [Block("heading", "Settings in force")]
    for setting in spec.settings:
        value = game.settings.get(setting.id, defaults[setting.id])
        shown = str(value) if setting.kind == "choice" else f"{float(value):.2f}"
        mark = "" if value == defaults[setting.id] else f"  (default: {defaults[setting.id]})"
        blocks.append(Block("small", f"{setting.title or setting.id}: {shown}{mark}"))
    return blocks


def aims_met(game: Game, powers: list[str]) -> list[tuple[str, str, bool]]:
    """(power, aim text, met?) for the scenario's aims of ``powers``, on the final state."""
    out = []
    for aim in game.spec.aims:
        if aim.power in powers and aim.when is not None:
            out.append((aim.power, aim.text, bool(aim.when.holds(game.state)[0])))
    return out


def aims_blocks(game: Game, powers: list[str]) -> list[Block]:
    """Your historical aims, scored: 'met' or 'not met' each, and the count."""
    scored = aims_met(game, powers)
    if not scored:
        return []
    met = sum(ok for _, _, ok in scored)
    blocks = [Block("heading", f"Your historical aims: {met} of {len(scored)} met")]
    for power, text, ok in scored:
        who = f"{game.spec.power_name(power)}: " if len(powers) > 1 else ""
        blocks.append(Block("text", f"{'Met' if ok else 'Not met'}: {who}{text}",
                            colour=(150, 205, 140) if ok else (225, 150, 120)))
    return blocks


def goals_blocks(spec, powers: list[str]) -> list[Block]:
    """The New game screen's offer: the historical aims of the powers ticked, as optional goals."""
    aims = [a for a in spec.aims if a.power in powers]
    if not aims:
        return []
    blocks = [Block("heading", "Optional goals"),
              Block("small", "What your power wanted historically. Play for them or not: the ending scores them.")]
    for aim in aims:
        who = f"{spec.power_name(aim.power)}: " if len(powers) > 1 else ""
        blocks.append(Block("text", f"• {who}{aim.text}"))
    return blocks
