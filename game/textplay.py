"""Play the whole game in a terminal: read stdin, write stdout, so a pipe can drive it.

Bad input re-asks; end of input exits cleanly.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterable
from typing import TextIO

from .engine import Decision, Game, IllegalChoice
from .engine.spec import Spec
from .goals import goals_met
from .mapdata import MapFileError, builtin_map, future_states, gone_states, scenario_map
from .text import clean_text
from .transcript import long_date

WIDTH = 88  # when the terminal's width cannot be told
MIN_WIDTH, MAX_WIDTH = 40, 120  # narrower is unreadable; wider lines are hard to follow


def terminal_width() -> int:
    """The terminal's width in columns (88 when it cannot be told, e.g. in a pipe), kept in
    MIN_WIDTH..MAX_WIDTH and one column short so a full line never wraps by itself."""
    columns = shutil.get_terminal_size((WIDTH + 1, 24)).columns - 1
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def or_keys(keys: Iterable[str], names: dict[str, str]) -> str:
    """', or s for the status' / ', or o, s or h' for the re-ask message ('' without keys)."""
    words = [f"{k} for the {names[k]}" if k in names else k for k in keys]
    if not words:
        return ""
    return ", or " + (words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1])


class InputClosed(Exception):
    """stdin reached end of file: the player left."""


class TextSession:
    def __init__(self, stdin: TextIO, stdout: TextIO, width: int | None = None) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.width = width if width is not None else terminal_width()

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def wrap(self, text: str, indent: str = "") -> None:
        for paragraph in text.split("\n"):
            self.say(textwrap.fill(paragraph, self.width, initial_indent=indent, subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False) or "")

    def ask(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise InputClosed
        return clean_text(line).strip()  # undecodable bytes become U+FFFD, never an error later

    def pick(self, prompt: str, count: int, extra: dict[str, Callable[[], None]] | None = None,
             names: dict[str, str] | None = None) -> int:
        """Ask for a number 1..count (or a command key, ``names`` saying what each does); re-ask
        until the answer is valid."""
        extra = extra or {}
        while True:
            answer = self.ask(prompt).lower()
            if answer in extra:
                extra[answer]()
                continue
            if answer.isdigit() and 1 <= int(answer) <= count:
                return int(answer) - 1
            self.say(f"Please type a number from 1 to {count}{or_keys(extra, names or {})}.")


def choose_powers(session: TextSession, spec: Spec) -> list[str]:
    playable = [p for p in spec.powers if p.playable]
    session.say("Which power will you play?")
    for i, power in enumerate(playable, 1):
        session.say(f"  {i}. {power.name}")
    return [playable[session.pick("Your choice: ", len(playable))].id]


def show_decision(session: TextSession, game: Game, decision: Decision) -> None:
    event = decision.event
    session.say("")
    session.say("=" * session.width)
    session.wrap(f"{long_date(game.date)}  |  {event.title}  |  you are {game.spec.power_name(decision.power)}")
    session.say("=" * session.width)
    if event.text:
        session.wrap(event.text)
    for power, text in decision.earlier:
        session.wrap(f"Already decided: {game.spec.power_name(power)}: {text}")
    session.say("")
    for i, option in enumerate(decision.options, 1):
        mark = " (what happened)" if option.historical else ""
        state = "" if option.legal else f"  [not possible: {option.reason}]"
        session.wrap(f"{i}. {option.text}{mark}{state}", indent="  ")
        if option.hint:
            session.wrap(option.hint, indent="       ")


def show_turns(session: TextSession, game: Game, start: int, details: bool = False) -> None:
    """The turns since ``start``: each line with its reason in plain words (``details``: the
    rule, its expression and numbers, and the sources as well)."""
    for turn in game.turns[start:]:
        session.say("")
        session.say(f"-- {long_date(turn.date)}: {turn.title}")
        for entry in turn.log:
            if entry.bare and not details:
                continue
            stamp = f"[{long_date(entry.date)}] " if entry.date != turn.date else ""  # as the headers
            session.wrap(f"{stamp}{entry.text}", indent="   ")
            if entry.plain:
                session.wrap(f"why: {entry.plain}", indent="       ")
            if not details:
                continue
            if entry.rule:
                session.wrap(f"rule: {entry.rule}", indent="       ")
            if entry.why:
                session.wrap(f"details: {entry.why}", indent="       ")
            if entry.sources:
                session.wrap("source: " + " | ".join(entry.sources), indent="       ")


def taken_by(state: str, occupier: str, snapshot: dict, mapdata, spec: Spec) -> str:
    """'taken by Germany', or 'divided between Germany and Hungary' for a state whose land
    went to several."""
    if occupier:
        return f"taken by {spec.power_name(occupier)}"
    country = mapdata.countries.get(state)
    holders = sorted({spec.power_name(snapshot["territory"].get(t, mapdata.territories[t].holder))
                      for t in (country.territories if country else ()) if t in mapdata.territories})
    if len(holders) == 1:
        return f"taken by {holders[0]}"
    return "divided between " + ", ".join(holders[:-1]) + " and " + holders[-1] if holders else "gone"


def show_status(session: TextSession, game: Game) -> None:
    """The world now, in words: each state's main attribute, the states that ceased to exist,
    what has happened (each flag's note) and who holds each territory."""
    spec = game.spec
    snapshot = game.snapshot()
    try:
        mapdata = scenario_map(spec.map, {t.id: t.holder for t in spec.territories})
    except MapFileError:
        mapdata = builtin_map("europe1936")
    gone = gone_states(spec, snapshot, mapdata)
    future = future_states(spec, snapshot, mapdata)  # not yet states (Slovakia before March 1939)
    session.say("")
    session.say(f"{spec.main_attribute().scale()}:")
    for power in spec.powers:
        if power.id in gone or power.id in future:
            continue  # as on the map and in the window's table
        value = snapshot["attributes"]["stance"][power.id]
        session.say(f"  {power.name:<16} {value:+.2f}")
    if gone:
        session.wrap("No longer a state: " + ", ".join(
            f"{spec.power_name(state)} ({taken_by(state, by, snapshot, mapdata, spec)})" for state, by in gone.items()))
    if snapshot["flags"]:
        session.say("What has happened:")
        for flag in snapshot["flags"]:
            session.say(textwrap.fill(spec.flag_notes.get(flag) or flag, session.width, initial_indent="  - ",
                                      subsequent_indent="    ", break_long_words=False, break_on_hyphens=False))
    held = {t.name: spec.power_name(snapshot["territory"][t.id]) for t in spec.territories}
    if held:
        session.wrap("Territories: " + ", ".join(f"{k} ({v})" for k, v in held.items()))


def show_ending(session: TextSession, game: Game) -> None:
    ending = game.ending()
    session.say("")
    session.say("#" * session.width)
    if ending is None:
        session.say("The game stopped without an ending.")
        return
    session.wrap(f"ENDING, {long_date(ending.date)}: {ending.title}")
    session.say("#" * session.width)
    session.wrap(ending.text)
    if game.choices:
        session.say("")
        session.say("Your path beside history:")
        for event_id, power, option_id in game.choices:
            event = game.spec.event(event_id)
            options = event.options[power]
            chosen = next(o for o in options if o.id == option_id)
            history = next((o for o in options if o.historical), None)
            same = history is not None and history.id == option_id
            marker = "  same as history" if same else f"  history: {history.text if history else '-'}"
            session.wrap(f"{event.title} ({game.spec.power_name(power)}): {chosen.text}.{marker}", indent="  ")
    show_status(session, game)


def show_goals(session: TextSession, game: Game, goals: list[str], heading: str) -> None:
    """The goals the player took on (aim keys), each with whether it holds in the world now."""
    scored = goals_met(game.spec, game.state, goals)
    if not scored:
        return
    several = len({power for power, _, _ in scored}) > 1
    session.say("")
    session.wrap(heading.format(met=sum(ok for _, _, ok in scored), total=len(scored)))
    for power, text, ok in scored:
        who = f"{game.spec.power_name(power)}: " if several else ""
        session.wrap(f"{'[x]' if ok else '[ ]'} {who}{text}", indent="  ")


def play(session: TextSession, game: Game, details: bool = False, goals: list[str] | None = None) -> int:
    """Run a game to its end through ``session``; return an exit status. ``goals``: the aims
    (keys) the player took on, shown at the start and with the status, scored at the end."""
    goals = goals or []
    shown = 0
    if goals:
        show_goals(session, game, goals, "Your goals, your powers' historical aims (scored at the end; "
                                         "--no-goals plays without them): {met} of {total} hold now")
    try:
        while not game.is_over():
            show_turns(session, game, shown, details)
            shown = len(game.turns)
            decision = game.decision()
            if decision is None:
                break
            show_decision(session, game, decision)

            def status() -> None:
                show_status(session, game)
                show_goals(session, game, goals, "Your goals: {met} of {total} hold now")

            commands = {"s": status}
            while True:
                index = session.pick(f"Choose 1-{len(decision.options)} (s = status): ",
                                     len(decision.options), commands, {"s": "status"})
                try:
                    game.apply(decision.options[index].id)
                    break
                except IllegalChoice as exc:
                    session.say(f"Not possible: {exc.reason}")
        show_turns(session, game, shown, details)
        show_ending(session, game)
        show_goals(session, game, goals, "Your goals (historical aims): {met} of {total} met")
        return 0
    except InputClosed:
        session.say("")
        session.say("Input ended; leaving the game.")
        return 0
