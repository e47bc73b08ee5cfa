"""Plain-words explanations of log entries: sentences a 15-year-old can follow.

The engine writes two explanations for every consequence: ``why`` (the details: the
expression, the drawn number, the AI weights) and ``plain`` (made here, from the rule's
chance, the outcome and the settings its condition and chance read). ``plain`` never shows
expression syntax; the details sit one step away (``--details``, the window's Why view).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping

from .spec import Setting, Spec


def settings_read(texts: Iterable[str | None]) -> list[str]:
    """Ids of the settings the expressions read (``setting.X``), in first-use order."""
    from .expr import prepare  # the same preparation as the compiler (date literals)

    found: list[str] = []
    for text in texts:
        if not text:
            continue
        try:
            tree = ast.parse(prepare(text).strip(), mode="eval")
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "setting" and node.attr not in found):
                found.append(node.attr)
    return found


def _value(setting: Setting, value: object) -> str:
    if setting.kind == "choice":
        return str(value)
    return f"{float(value):g}"  # type: ignore[arg-type]


def settings_phrase(spec: Spec, settings: Mapping[str, object], ids: list[str]) -> str:
    """"your setting 'Hitler's nerve: gamble'" (or several), or "" when none is read."""
    known = {s.id: s for s in spec.settings}
    parts = [f"'{known[i].title or i}: {_value(known[i], settings.get(i, known[i].default))}'"
             for i in ids if i in known]
    if not parts:
        return ""
    if len(parts) == 1:
        return f"your setting {parts[0]}"
    return "your settings " + ", ".join(parts[:-1]) + " and " + parts[-1]


def percent(p: float) -> str:
    p = min(1.0, max(0.0, float(p)))
    if 0 < p < 0.01:
        return "under 1%"
    if 0.99 < p < 1:
        return "over 99%"
    return f"{p:.0%}"


def chance_sentence(p: float, happened: bool, forced: bool, phrase: str) -> str:
    """"Under your setting 'X: y' this had a 50% chance, and it happened." """
    under = f"Under {phrase} this" if phrase else "This"
    if forced:
        verb = "it happened" if happened else "it did not happen"
        return (f"{under} had a {percent(p)} chance; the replay follows history, where {verb}.")
    if happened:
        return f"{under} had a {percent(p)} chance, and it happened."
    return f"{under} had a {percent(p)} chance of going the other way, and it did not."


def condition_sentence(phrase: str) -> str:
    return f"This follows from what happened before and from {phrase}."


def choice_sentence(how: str, power_name: str, share: float | None = None,
                    reasons: Iterable[str] = (), wanted: str = "") -> str:
    """Who took the decision, in words: the player, history, a script or the computer."""
    if how == "player":
        return "Your choice."
    if how == "history":
        return f"What {power_name} did in history."
    if how == "scripted":
        return "Chosen in advance (a choices file)."
    lead = f"'{wanted}' was not possible, so the computer chose for {power_name}" if how == "fallback" \
        else f"The computer chose for {power_name}"
    odds = f"; it picks this option {percent(share)} of the time here" if share is not None else ""
    said = [mid_sentence(r.rstrip(" .")) for r in reasons if r.rstrip(" .")]  # one sentence, one full stop
    leaning = f", weighing that {'; '.join(said)}" if said else ""
    return f"{lead}{odds}{leaning}."


# Words that open a reason written as a sentence of its own and are not names: inside the
# computer's sentence ("weighing that the Axis binds...") they take a small letter.
_COMMON_OPENERS = frozenset({
    "A", "After", "All", "An", "Another", "As", "Because", "Before", "Both", "Collective", "Each",
    "Even", "Every", "Faced", "Firmness", "Having", "Her", "His", "If", "In", "It", "Its",
    "Neither", "No", "Now", "Once", "Only", "Our", "Public", "Since", "So", "Staff", "Success",
    "Talks", "The", "Their", "There", "These", "They", "This", "Those", "Though", "Too", "Under",
    "When", "Where", "While", "With", "Without", "Yet",
})


def mid_sentence(text: str) -> str:
    """A reason set inside another sentence: its first word in small letters unless a name."""
    first = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if first in _COMMON_OPENERS else text


def ending_sentence(phrase: str) -> str:
    if phrase:
        return f"The game ends here, given what happened and {phrase}."
    return "The game ends here, given what happened."


__all__ = ["chance_sentence", "choice_sentence", "condition_sentence", "ending_sentence", "percent",
           "settings_phrase", "settings_read"]
