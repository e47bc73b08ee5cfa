"""The starting file ``python -m game new-challenge PATH`` writes.

It is built from the scenario, so every id in it exists and the file validates as written;
its comments explain each key and end with a reference list of the events and options the
chosen power decides, the flags, territories, settings and endings, for writing objectives.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..engine.dates import iso
from ..engine.spec import Spec
from ..scenario.registry import SCENARIO_DIR


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scenario_reference(spec_path: Path, challenge_path: Path) -> str:
    """How the challenge file should name the scenario: its id if shipped, else a relative path."""
    try:
        if spec_path.resolve().parent == SCENARIO_DIR.resolve():
            return spec_path.stem
    except OSError:
        pass
    return os.path.relpath(spec_path.resolve(), challenge_path.resolve().parent)


def render(spec: Spec, spec_path: Path, challenge_path: Path, power: str) -> str:
    ident = re.sub(r"[^A-Za-z0-9_]", "_", challenge_path.stem)
    ident = ident if re.match(r"[A-Za-z]", ident) else f"c_{ident}"
    decides = [e for e in spec.events if power in e.deciders]
    first = decides[0]
    historical = next((o for o in first.options[power] if o.historical), None)
    other = next((o for o in first.options[power] if not o.historical), None)
    name = spec.power_name(power)
    fallback = next(e for e in spec.endings if e.fallback)
    lines = [
        "# A Collective Security challenge: an overlay on a scenario. Check it any time with",
        f"#     python -m game validate {challenge_path.name}",
        "# try it as a student would with",
        f"#     python -m game play --text --challenge {challenge_path.name}",
        "# and read docs/teachers.md for the whole story (writing, handing out, grading).",
        "# The reference list at the bottom names everything objectives can refer to.",
        "",
        "challenge: 1                      # the format marker: always 1",
        f"id: {ident:<29} # a short name (letters, digits, _), stored in results",
        f"title: {_quote(f'{name}: a new challenge')}",
        "author: \"Your name\"",
        f"scenario: {scenario_reference(spec_path, challenge_path):<23} # scenario id, or a path relative to this file",
        f"powers: [{power}]{' ' * max(1, 24 - len(power))}# the power(s) the student plays",
        f"start: {first.id:<26} # an event id or a date; everything before follows history",
        "seed: 1                           # fixed: every student meets the same chances",
        "others: ai                        # after the start the other powers are the AI's ('history': as it happened)",
        "settings: {}                      # fix contested questions, e.g. {setting_id: value} (see the list below)",
        "",
        "briefing: |                       # shown before play",
        f"  You are {name} on {iso(first.date)}: {first.title}.",
        "  Say what the student must achieve and what they should think about.",
        "",
        "objectives:                       # each: a condition over the game, checked at the end or at a date",
        *_first_objective(spec, spec_path, power, name, first.date),
        "    at: end                       # 'end', or a date such as " + iso(first.date),
        "    points: 2",
        "    required: false               # true: failing it fails the challenge whatever the score",
        "  # - id: a_good_ending",
        "  #   text: \"The game ends in ...\"",
        f"  #   ending: [{fallback.id}]        # met if the game ends in one of these endings",
        "  #   points: 1",
        "pass_mark: 2                      # points needed to pass",
        "",
        "constraints:",
        "  forbid: []                      # options the student may not take, e.g.",
    ]
    if other is not None:
        lines.append(f"  #   - {{event: {first.id}, option: {other.id}, reason: \"Not this time.\"}}")
    lines += [
        "  rewind: false                   # may the student go back to an earlier decision?",
        "  justification: true             # must the student write why, at each decision?",
        "  min_words: 5                    # shortest justification accepted",
        "",
        "hints:                            # on request ('h'); with 'event:' shown when that decision comes up",
        f"  - {_quote('Think about who will stand with ' + name + '.')}",
        f"  - {{event: {first.id}, text: {_quote('What did ' + name + ' do in history, and why?')}}}",
        "",
        "debrief: |                        # shown on the result screen",
    ]
    if historical is not None:
        lines.append(f"  In history {name} chose: {historical.text}.")
    lines += ["  What did your choices change, and why?", "", _reference(spec, power)]
    return "\n".join(lines) + "\n"


def _first_objective(spec: Spec, spec_path: Path, power: str, name: str, start: int) -> list[str]:
    """The example objective: the power's stance, unless nothing the student does can change
    it (Germany's stance toward itself); then an ending. `validate` would warn about an
    objective that can never be met or is always met, so the example avoids one."""
    from .load import _reach, objective_verdict  # load builds on this module's callers

    condition = f"stance.{power} < 0"
    reach = _reach(str(spec_path), spec.content_hash)
    if reach is None or objective_verdict(reach, condition, start, spec.end) is None:
        return ["  - id: oppose_germany",
                f"    text: {_quote('Keep ' + name + ' opposed to Germany')}",
                f"    when: {_quote(condition)}   # the scenario's expression language"]
    ending = next((e for e in spec.endings if not e.fallback), spec.endings[0])
    return ["  - id: an_ending",
            f"    text: {_quote('The game ends in: ' + ending.title)}",
            f"    ending: [{ending.id}]          # met if the game ends in one of these endings"]


def _reference(spec: Spec, power: str) -> str:
    out = ["# ---------------------------------------------------------------------------------",
           f"# Reference: {spec.title} ({spec.id}), {iso(spec.start)} to {iso(spec.end)}",
           f"# Decisions of {power} (event id, date: option ids; * = what happened):"]
    for e in spec.events:
        if power in e.deciders:
            options = ", ".join(o.id + ("*" if o.historical else "") for o in e.options[power])
            out.append(f"#   {e.id} ({iso(e.date)}): {options}")
    others = [e for e in spec.events if power not in e.deciders]
    if others:
        out.append("# Other events (possible 'start' points): " +
                   ", ".join(f"{e.id} ({iso(e.date)})" for e in others[:40]))
    out.append("# Powers: " + ", ".join(p.id for p in spec.powers))
    out.append("# Attributes (write stance.France, ...): " + ", ".join(
        f"{a.name} {a.low:g}..{a.high:g}" for a in spec.attributes))
    if spec.globals:
        out.append("# Globals: " + ", ".join(f"{g.name} {g.low:g}..{g.high:g}" for g in spec.globals))
    if spec.flags:
        out.append("# Flags (write flag.name): " + ", ".join(spec.flags))
    if spec.territories:
        out.append("# Territories (write territory.id == Power): " + ", ".join(
            f"{t.id} (held by {t.holder})" for t in spec.territories))
    for s in spec.settings:
        if s.kind == "choice":
            out.append(f"# Setting {s.id}: {' | '.join(s.values)} (default {s.default})")
        else:
            out.append(f"# Setting {s.id}: a number {s.low:g}..{s.high:g} (default {s.default:g})")
    out.append("# Endings (for 'ending:'): " + ", ".join(e.id for e in spec.endings))
    return "\n".join(_wrap_comment(line) for line in out)


def _wrap_comment(line: str, width: int = 100) -> str:
    if len(line) <= width:
        return line
    words, rows, row = line[2:].split(" "), [], "#"
    for word in words:
        if len(row) + 1 + len(word) > width and row != "#":
            rows.append(row)
            row = "#    "
        row = f"{row} {word}" if row not in ("#",) else f"# {word}"
    rows.append(row)
    return "\n".join(rows)
