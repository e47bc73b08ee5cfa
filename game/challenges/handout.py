"""The printable briefing of a challenge (``python -m game handout``), as plain blocks.

handout_blocks(challenge) -> [(kind, text)], kind one of "title", "subtitle", "heading",
"text", "item", "small". game/ui/handout.py draws them on A4 pages; nothing here needs
pygame, so the content is testable on its own.

What a student needs before play: who they are and when, the briefing, the objectives
(points, when each is checked, which are required), the pass mark, the rules (how chance is
handled, what is fixed, what is forbidden, whether they may go back, what they must write)
and the questions the teacher wants discussed afterwards.
"""

from __future__ import annotations

from ..engine.dates import parse_iso
from ..transcript import long_date
from .load import Challenge

Block = tuple[str, str]


def _points(value: float) -> str:
    return f"{value:g} point" + ("" if value == 1 else "s")


def _paragraphs(text: str) -> list[str]:
    """YAML ``|`` text -> paragraphs (a blank line separates them; line ends inside are spaces)."""
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def _setting_text(challenge: Challenge, key: str, value: object) -> str:
    try:
        setting = challenge.spec.setting(key)
    except (KeyError, ValueError):
        return f"{key}: {value}"
    note = setting.value_notes.get(str(value), "") if setting.kind == "choice" else ""
    shown = value if setting.kind == "choice" else f"{value:g}" if isinstance(value, float) else value
    return f"{setting.title}: {shown}" + (f" ({note})" if note else "")


def handout_blocks(challenge: Challenge) -> list[Block]:
    spec = challenge.spec
    powers = ", ".join(spec.power_name(p) for p in challenge.powers)
    events = spec.events
    start = events[challenge.start_index] if challenge.start_index < len(events) else None
    last = events[challenge.stop_index - 1] if 0 < challenge.stop_index <= len(events) else None
    blocks: list[Block] = [
        ("title", challenge.title),
        ("subtitle", f"A Collective Security challenge set by {challenge.author}"),
        ("heading", "You play"),
        ("text", f"{powers}, from {long_date(challenge.start_day)}"
                 + (f" ({start.title})" if start else "") + "."),
    ]
    if challenge.start_index > 0:
        blocks.append(("text", "Everything before that happens as it did in history."))
    until = challenge.definition.until
    if until and last is not None and challenge.stop_index < len(events):
        named = next((e for e in events if e.id == until), None)
        when = f"{long_date(named.date)} ({named.title})" if named else long_date(parse_iso(until))
        blocks.append(("text", f"You decide until {when}; after that the computer plays {powers} too and "
                               "the game runs to its end."))
    if challenge.briefing:
        blocks.append(("heading", "Briefing"))
        blocks += [("text", p) for p in _paragraphs(challenge.briefing)]

    blocks.append(("heading", f"Objectives (pass mark: {_points(challenge.pass_mark)} of "
                              f"{challenge.max_score:g})"))
    for o in challenge.objectives:
        when = "at the end of the game" if o.at is None else f"on {long_date(o.at)}"
        required = "; required: without it you do not pass, whatever your score" if o.required else ""
        blocks.append(("item", f"{o.text} ({_points(o.points)}, checked {when}{required})"))

    blocks.append(("heading", "Rules"))
    blocks += [("item", rule) for rule in rules(challenge)]
    questions = challenge.definition.questions
    if questions:
        blocks.append(("heading", "For discussion"))
        blocks += [("text", f"{n}. {q}") for n, q in enumerate(questions, 1)]
    blocks.append(("small", f"Play it: python -m game play --challenge {challenge.path.name}  (or pick it under "
                            "Challenges in the game window). Hand in the .json result file the game saves."))
    return blocks


def rules(challenge: Challenge) -> list[str]:
    """The rules of play in plain words: chance, what is fixed, forbidden, going back, writing."""
    result = []
    if challenge.worlds > 1:
        result.append(f"Chance: you play one world, but your choices are also played in {challenge.worlds:,} "
                      "worlds with different luck, and your score is the average over them. Luck does not "
                      "decide your grade; to pass, the average must reach the pass mark and every required "
                      "objective must hold in more than half of the worlds.")
    elif challenge.seed is not None:
        result.append("Chance: everyone in the class plays the same world (the same luck), so scores compare "
                      "directly.")
    else:
        result.append("Chance: the world depends on the seed you play with.")
    others = "follow history" if challenge.others == "history" else "are played by the computer"
    result.append(f"The other powers {others}.")
    for key, value in challenge.settings.items():
        result.append(f"Fixed by your teacher: {_setting_text(challenge, key, value)}")
    for (event, power, option), reason in challenge.forbidden.items():
        options = challenge.spec.event(event).options[power]
        text = next((o.text for o in options if o.id == option), option)
        result.append(f"Not allowed: \"{text}\" ({challenge.spec.event(event).title})"
                      + (f": {reason}" if reason else "."))
    result.append("You may go back to an earlier decision." if challenge.rewind else
                  "You cannot go back to an earlier decision: think before you choose.")
    if challenge.justification:
        words = f" (at least {challenge.min_words} words)" if challenge.min_words else ""
        result.append(f"At each decision you write why you chose it{words}; your teacher reads it.")
    return result
