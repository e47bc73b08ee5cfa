"""Which texts of a scenario may hold values ({league | percent}, {if flag.x}...{end}) and which
may not. The builder compiles the first and refuses braces in the second; lint counts the
names the first read."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import model as m


def texts_of(d: m.ScenarioDef) -> tuple[dict[tuple, str], dict[tuple, str]]:
    """(texts that may hold values, titles and labels that may not), by their path in the file.

    Values belong to texts written at a moment: an event's briefing (when it opens), an
    option's log and a rule's text and else_text (when they apply), an ending's text (when it
    is reached)."""
    texts: dict[tuple, str] = {}
    labels: dict[tuple, str] = {}
    for i, e in enumerate(d.events):
        texts[("events", i, "text")] = e.text
        labels[("events", i, "title")] = e.title
        for power, options in e.options.items():
            for k, o in enumerate(options):
                texts[("events", i, "options", power, k, "log")] = o.log
                labels[("events", i, "options", power, k, "text")] = o.text
                labels[("events", i, "options", power, k, "hint")] = o.hint
        for k, r in enumerate(e.resolve):
            texts[("events", i, "resolve", k, "text")] = r.text
            texts[("events", i, "resolve", k, "else_text")] = r.else_text
    for k, r in enumerate(d.rules):
        texts[("rules", k, "text")] = r.text
        texts[("rules", k, "else_text")] = r.else_text
    for i, ending in enumerate(d.endings):
        texts[("endings", i, "text")] = ending.text
        labels[("endings", i, "title")] = ending.title
    return texts, labels


_PLACEHOLDER = re.compile(r"(?<!\{)\{(?!\{)([^{}]*)\}")


def placeholder_names(d: m.ScenarioDef) -> Iterator[str]:
    """What is inside each placeholder of the texts that may hold values (for lint: a flag or
    setting a text reads is used)."""
    texts, _ = texts_of(d)
    for text in texts.values():
        if text and "{" in text:
            yield from _PLACEHOLDER.findall(text)
