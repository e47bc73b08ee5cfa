"""The debrief beside the ending: the decisions that most changed it (measured with the
what-if engine, :mod:`game.whatif.turning_points`), the part chance played, and the settings
in force. Pure: engine objects and numbers in, Doc blocks out. No pygame here."""

from __future__ import annotations

from typing import Any

from ..engine import Game
from ..goals import aim_key, goals_met
from ..transcript import long_date
from ..whatif.turning_points import DEBRIEF_WORLDS, Draw, TurningPoint, all_rules
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
        return blocks + [Block("small", f"Measuring, from each of your decisions and each chance draw that went "
                                        f"otherwise than in history, {DEBRIEF_WORLDS} worlds your way and "
                                        f"{DEBRIEF_WORLDS} history's way... {_pct(progress)}")]
    if not points:
        blocks.append(Block("text", "None of your decisions or chance draws that differed from history changed the "
                                    "odds of this ending by a point or more." if game.choices else
                            "You made no decision."))
    for number, point in enumerate(points, 1):
        d = point.deviation
        if isinstance(d, Draw):
            blocks += draw_blocks(spec, number, point, d, ending.title)
            continue
        event = spec.event(d.event)
        options = {o.id: o.text for o in event.options[d.power]}
        verb = "made it more likely" if point.effect > 0 else "made it less likely"
        blocks.append(Block("text", f"{number}. {event.title} ({spec.power_name(d.power)}): "
                                    f"\"{options[d.chosen]}\" {verb}", bold=True))
        blocks.append(Block("small", f"From that decision on, \"{ending.title}\" came in "
                                     f"{_pct(point.mine)} of worlds with your option and {_pct(point.theirs)} with "
                                     f"history's (\"{options[d.historical]}\")."))
    luck = ("your choices made it near certain" if chance >= 0.8 else
            "your choices made it likely, chance did the rest" if chance >= 0.5 else
            "chance weighed as much as your choices" if chance >= 0.2 else
            "with your choices it was unlikely: chance decided it")
    blocks.append(Block("text", f"Chance: with every one of your choices kept, \"{ending.title}\" came in "
                                f"{_pct(chance)} of {DEBRIEF_WORLDS} worlds: {luck}."))
    blocks.append(Block("small", "A model's frequencies under the game's settings, not historical probabilities."))
    return blocks


def draw_phrase(spec, rule_id: str, outcome: str) -> str:
    """A chance rule's outcome in a few words: its chronicle line up to the colon ('Hitler's
    nerve breaks'), or 'not: ...' for a rule that failed and says nothing of failing."""
    rule = next(r for r in all_rules(spec) if r.id == rule_id)
    text = rule.text if outcome == "fires" else rule.else_text
    if not text:
        text = f"not: {rule.text}" if outcome == "fails" else rule_id
    head = text.split(":")[0].strip()
    return head if 8 <= len(head) <= 80 else text


def draw_blocks(spec, number: int, point: TurningPoint, draw: Draw, ending: str) -> list[Block]:
    verb = "made it more likely" if point.effect > 0 else "made it less likely"
    return [Block("text", f"{number}. Chance, {long_date(draw.date)}: \"{draw_phrase(spec, draw.rule, draw.outcome)}\" "
                          f"{verb}", bold=True),
            Block("small", f"From that draw on, \"{ending}\" came in {_pct(point.mine)} of worlds with the draw "
                           f"as it fell in your game and {_pct(point.theirs)} with history's outcome "
                           f"(\"{draw_phrase(spec, draw.rule, draw.historical)}\").")]


def settings_blocks(game: Game) -> list[Block]:
    """The contested assumptions in force, the ones changed from the default marked."""
    spec = game.spec
    if not spec.settings:
        return []
    defaults = spec.default_settings()
    blocks = [Block("heading", "Settings in force")]
    for setting in spec.settings:
        value = game.settings.get(setting.id, defaults[setting.id])
        mark = "" if value == defaults[setting.id] else f"  (default: {shown_value(setting, defaults[setting.id])})"
        blocks.append(Block("small", f"{labelled(setting.title or setting.id)} {shown_value(setting, value)}{mark}"))
    return blocks


def labelled(title: str) -> str:
    """A setting's title before its value: a colon, unless the title ends with its own mark
    ("Did delay favour the West or Germany? Germany", not "...Germany?: germany")."""
    return title if title.endswith(("?", ":", "!")) else f"{title}:"


def shown_value(setting: Any, value: object) -> str:
    """A setting's value as a player reads it: a choice's name as a word, a number to two places."""
    if setting.kind != "choice":
        return f"{float(value):.2f}"  # type: ignore[arg-type]
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


def chosen_goals(spec, powers: list[str], switched_on: bool, unticked: list[str]) -> list[str]:
    """The goals a new game is played for: the aims of ``powers`` the player left ticked, or
    none when goals are switched off."""
    if not switched_on:
        return []
    return [aim_key(a) for a in spec.aims if a.power in powers and aim_key(a) not in unticked]


def aims_met(game: Game, goals: list[str]) -> list[tuple[str, str, bool]]:
    """(power, aim text, met?) for the goals switched on (aim keys), on the final state."""
    return goals_met(game.spec, game.state, goals)


MET, UNMET = (150, 205, 140), (225, 150, 120)


def aims_blocks(game: Game, goals: list[str]) -> list[Block]:
    """The goals the player switched on, scored: 'met' or 'not met' each, and the count."""
    scored = aims_met(game, goals)
    if not scored:
        return []
    met = sum(ok for _, _, ok in scored)
    several = len({power for power, _, _ in scored}) > 1
    blocks = [Block("heading", f"Your goals (historical aims): {met} of {len(scored)} met")]
    for power, text, ok in scored:
        who = f"{game.spec.power_name(power)}: " if several else ""
        blocks.append(Block("text", f"{'Met' if ok else 'Not met'}: {who}{text}", colour=MET if ok else UNMET))
    return blocks


def goals_now_blocks(spec, state, goals: list[str]) -> list[Block]:
    """During play, under the crisis: each goal switched on and whether it holds now."""
    scored = goals_met(spec, state, goals)
    if not scored:
        return []
    several = len({power for power, _, _ in scored}) > 1
    blocks = [Block("heading", f"Your goals: {sum(ok for _, _, ok in scored)} of {len(scored)} hold now")]
    for power, text, ok in scored:
        who = f"{spec.power_name(power)}: " if several else ""
        blocks.append(Block("small", f"{'Holds' if ok else 'Does not hold'}: {who}{text}",
                            colour=MET if ok else UNMET))
    return blocks


def goals_blocks(spec, powers: list[str], switched_on: bool, unticked: list[str]) -> list[Block]:
    """The New game screen's offer: an on/off toggle and, when on, the historical aims of the
    powers ticked, each a goal the player may untick."""
    aims = [a for a in spec.aims if a.power in powers]
    if not aims:
        return []
    blocks = [Block("heading", "Optional goals"),
              Block("item", "Play for historical aims as goals", id="goals",
                    hint="What your power wanted historically; shown during play and scored at the ending.",
                    mark="check-on" if switched_on else "check-off")]
    if switched_on:
        for aim in aims:
            who = f"{spec.power_name(aim.power)}: " if len(powers) > 1 else ""
            blocks.append(Block("item", f"{who}{aim.text}", id=f"goal:{aim_key(aim)}",
                                mark="check-off" if aim_key(aim) in unticked else "check-on"))
    return blocks
