"""The core sub-commands: play, replay, simulate, validate, schema, list, presets."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

from ..challenges.load import load_challenge
from ..challenges.model import json_schema as challenge_schema
from ..challenges.play import CardRenderer, play_challenge
from ..challenges.validate import check_challenge_file
from ..engine import HISTORY, Game
from ..scenario import check_scenario
from ..textplay import TextSession
from .common import (
    UsageError,
    load_choices,
    open_scenario,
    parse_powers,
    parse_settings,
    print_output,
    run_window,
    scenario_argument,
    settings_arguments,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help="play in the window, or in the terminal with --text")
    scenario_argument(p)
    p.add_argument("--text", action="store_true", help="play in the terminal (reads stdin)")
    p.add_argument("--as", dest="powers", metavar="POWER[,POWER]", help="the power(s) you play")
    p.add_argument("--challenge", metavar="FILE", help="play a teacher-set challenge")
    p.add_argument("--details", action="store_true",
                   help="with --text: show each consequence's rule, expression, numbers and sources")
    p.add_argument("--no-goals", action="store_true",
                   help="with --text: play without your powers' historical aims as goals")
    settings_arguments(p)
    p.set_defaults(handler=run_play)

    p = sub.add_parser("replay", help="replay the historical path as a dated chronicle")
    scenario_argument(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a chronicle")
    p.add_argument("--details", action="store_true",
                   help="show each consequence's rule, expression, numbers, changes and sources")
    p.add_argument("--no-sources", action="store_true", help="with --details: leave citations out")
    settings_arguments(p)
    p.set_defaults(handler=run_replay)

    p = sub.add_parser("simulate", help="play given powers' choices from a file; the AI plays the rest")
    scenario_argument(p)
    p.add_argument("--as", dest="powers", metavar="POWER[,POWER]",
                   help="the powers whose choices the file gives (default: the file's 'powers:' list)")
    p.add_argument("--choices", metavar="FILE", required=True,
                   help="YAML mapping of event id to option id (or to {POWER: option id}), "
                        "or the name of a probe in scenarios/probes/")
    p.add_argument("--json", action="store_true")
    p.add_argument("--details", action="store_true",
                   help="show each consequence's rule, expression, numbers, changes and sources")
    settings_arguments(p)
    p.set_defaults(handler=run_simulate)

    p = sub.add_parser("validate", help="check scenario or challenge files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--quiet", "-q", action="store_true", help="print problems only")
    p.add_argument("--watch", action="store_true",
                   help="keep watching: check again each time a file is saved (Ctrl+C to stop)")
    p.set_defaults(handler=run_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    p.add_argument("--challenge", action="store_true", help="the challenge format instead")
    p.set_defaults(handler=run_schema)

    p = sub.add_parser("list", help="list the scenarios that ship with the game")
    p.set_defaults(handler=run_list)

    p = sub.add_parser("presets", help="list a scenario's presets (bundles of settings) and their values")
    scenario_argument(p)
    p.set_defaults(handler=run_presets)



def run_play(args: argparse.Namespace) -> int:
    if args.challenge:
        return run_challenge(args)
    if not args.text:
        return run_window(args)
    from ..goals import goals_of
    from ..textplay import TextSession, choose_powers, play

    spec = open_scenario(args.scenario)
    settings = parse_settings(spec, args.settings, args.preset)
    session = TextSession(sys.stdin, sys.stdout)
    session.say(spec.title)
    if spec.summary:
        session.wrap(spec.summary)
    session.say("")
    try:
        powers = parse_powers(spec, args.powers) or choose_powers(session, spec)
    except Exception as exc:  # noqa: BLE001 - InputClosed from the power prompt
        if type(exc).__name__ == "InputClosed":
            session.say("Input ended; leaving the game.")
            return 0
        raise
    game = Game(spec, settings=settings, seed=args.seed, humans=powers).run()
    return play(session, game, details=args.details, goals=[] if args.no_goals else goals_of(spec, powers))


def run_challenge(args: argparse.Namespace) -> int:
    """``play --challenge FILE``: in the window, or in the terminal with --text."""
    challenge = load_challenge(args.challenge)
    if getattr(args, "scenario", None):
        raise UsageError(f"the challenge names its scenario ({challenge.scenario_path.name}); "
                         "leave SCENARIO out")
    if getattr(args, "settings", None) or getattr(args, "preset", None):
        fixed = ", ".join(f"{k}={v}" for k, v in challenge.settings.items()) or "the scenario's defaults"
        raise UsageError(f"the challenge fixes the settings ({fixed}); --set and --preset cannot change them")
    if getattr(args, "powers", None):
        asked = sorted(p.strip().lower() for p in args.powers.split(","))
        if asked != sorted(p.lower() for p in challenge.powers):
            raise UsageError(f"this challenge is played as {', '.join(challenge.powers)}")
    if not getattr(args, "text", False):
        return run_window(args)
    render_card: CardRenderer | None
    try:
        from ..ui.report_card import render_report_card  # pygame: only when a card is drawn

        render_card = render_report_card
    except ImportError:
        render_card = None  # the result file is what counts; the card is a bonus
    # Bytes that are not UTF-8 (a Latin-1 terminal, a pasted binary) must never lose the
    # attempt: they are read as surrogates and stored as U+FFFD (game.text.clean_text).
    for stream, errors in ((sys.stdin, "surrogateescape"), (sys.stdout, "replace")):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # a stand-in stream (tests, embedding) has no encoding to change
        try:
            stream.reconfigure(errors=errors)
        except ValueError:
            pass
    session = TextSession(sys.stdin, sys.stdout)
    return play_challenge(session, challenge, seed=getattr(args, "seed", 0) or 0,
                          render_card=render_card)


def run_replay(args: argparse.Namespace) -> int:
    from ..transcript import chronicle, dumps, game_to_json

    spec = open_scenario(args.scenario)
    settings = parse_settings(spec, args.settings, args.preset)
    game = Game(spec, settings=settings, seed=args.seed, default_controller=HISTORY, historical_chance=True).run()
    if args.json:
        print_output(dumps(game_to_json(game)))
    else:
        print_output(chronicle(game, show_sources=not args.no_sources, details=args.details))
    return 0


def run_simulate(args: argparse.Namespace) -> int:
    from ..transcript import chronicle, dumps, game_to_json

    spec = open_scenario(args.scenario)
    settings = parse_settings(spec, args.settings, args.preset)
    powers, controllers = load_choices(args.choices, spec, parse_powers(spec, args.powers))
    game = Game(spec, settings=settings, seed=args.seed, controllers=controllers).run()
    data = game_to_json(game)
    data["players"] = powers
    missed = choices_not_taken(game, controllers)
    data["not_taken"] = missed
    if args.json:
        print_output(dumps(data))
    else:
        print_output(chronicle(game, details=args.details))
    for item in missed:
        print(f"note: {item['event']}: {item['power']} -> {item['option']} was not taken: {item['why']}",
              file=sys.stderr)
    return 0


def choices_not_taken(game: Game, picks: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """Every choice from the file that the (one-world) game did not take, with the reason:
    the event did not happen, or the option was not available and the AI chose instead."""
    spec = game.spec
    result = []
    for e, event in enumerate(spec.events):
        for power, chosen_by in picks.items():
            option_id = chosen_by.get(event.id)
            if option_id is None:
                continue
            taken = int(game.chosen[e, spec.power_index(power), 0])
            options = event.options[power]
            if taken < 0:
                why = "the event did not happen in this world (its condition was false or the game had ended)"
            elif options[taken].id == option_id:
                continue
            else:
                wanted = next(o for o in options if o.id == option_id)
                reason = wanted.unavailable_reason or (
                    f"its condition '{wanted.available.text}' was false" if wanted.available else "not possible")
                why = f"not available ({reason}); the AI chose '{options[taken].id}' instead"
            result.append({"event": event.id, "power": power, "option": option_id, "why": why})
    return result


WATCH_INTERVAL = 0.5  # seconds between looks at the files' modification times


def run_validate(args: argparse.Namespace) -> int:
    if not args.watch:
        return validate_files(args)
    return watch(args, lambda: validate_files(args))


def _stamps(names: list[str]) -> list[tuple[int, int] | None]:
    stamps: list[tuple[int, int] | None] = []
    for name in names:
        try:
            info = Path(name).stat()
            stamps.append((info.st_mtime_ns, info.st_size))
        except OSError:
            stamps.append(None)
    return stamps


def watch(args: argparse.Namespace, check, interval: float = WATCH_INTERVAL) -> int:
    """Check, then check again whenever a file's modification time or size changes (polling:
    no extra dependency, works on every system). Ctrl+C ends it quietly with the last status."""
    import time

    status = 0
    try:
        stamps = _stamps(args.files)
        while True:
            status = check()
            sys.stderr.flush()
            print(f"watching {len(args.files)} file(s) for changes; Ctrl+C to stop", flush=True)
            while (now := _stamps(args.files)) == stamps:
                time.sleep(interval)
            stamps = now
            print(f"--- {time.strftime('%H:%M:%S')}: changed, checking again", flush=True)
    except KeyboardInterrupt:
        print("stopped watching", flush=True)
        return status


def validate_files(args: argparse.Namespace) -> int:
    worst = 0
    for name in args.files:
        path = Path(name)
        try:
            regular = path.is_file()
        except OSError as exc:  # a name too long for the file system
            print(f"{name}:1:1: error: cannot read file: {exc.strerror or exc}", file=sys.stderr)
            worst = 2
            continue
        if not regular:
            # A path that names no file is a usage error (exit 2), still in FILE:LINE:COL form.
            problem = ("this is a folder, not a file" if path.is_dir() else
                       "this is a pipe or device, not a file" if path.exists() else "no such file")
            print(f"{name}:1:1: error: {problem}", file=sys.stderr)
            worst = 2
            continue
        if _is_challenge(path):
            diagnostics = check_challenge_file(path)
        else:
            spec, diagnostics = check_scenario(path)
            if spec is not None:
                from ..scenario.cost import cost_note

                _, note, over = cost_note(spec)
                if over:
                    diagnostics.warning(1, 1, f"this scenario is costly to play: {note}")
                elif not args.quiet:
                    print(f"{name}: cost: {note}")
        for diagnostic in diagnostics.sorted():
            print(diagnostic, file=sys.stderr if diagnostic.severity == "error" else sys.stdout)
        if diagnostics.errors:
            worst = max(worst, 1)
        elif not args.quiet:
            count = len(diagnostics.warnings)
            suffix = f" ({count} warning{'s' if count != 1 else ''})" if count else ""
            print(f"{name}: ok{suffix}")
    return worst


def _is_challenge(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith("challenge:") for line in head.splitlines())


def run_schema(args: argparse.Namespace) -> int:
    if args.challenge:
        schema = challenge_schema()
    else:
        from ..scenario.model import json_schema

        schema = json_schema()
    print_output(json.dumps(schema, indent=2) + "\n")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per scenario: id, title, where it comes from and its path; none found is an error."""
    from ..scenario.registry import all_scenarios
    from ..userdirs import user_scenarios_dir

    entries = all_scenarios()
    if not entries:
        print(f"error: no scenarios found: none built in (is the game installed completely?) "
              f"and none in {user_scenarios_dir()}", file=sys.stderr)
        return 1
    rows = []
    for entry in entries:
        spec, diagnostics = check_scenario(entry.path, lint_warnings=False)
        ident = spec.id if spec else entry.path.stem
        title = spec.title if spec else f"(invalid: {len(diagnostics.errors)} errors; see 'validate')"
        rows.append((ident, title, entry.origin, str(entry.path)))
    width = max(len(row[0]) for row in rows)
    title_width = max(len(row[1]) for row in rows)
    for ident, title, origin, path in rows:
        print(f"{ident:<{width}}  {title:<{title_width}}  {origin}: {path}")
    print(f"Your own scenarios go in {user_scenarios_dir()}")
    return 0


def run_presets(args: argparse.Namespace) -> int:
    import textwrap

    spec = open_scenario(args.scenario)
    if not spec.presets:
        print_output(f"{spec.title} declares no presets; every setting has its own default.\n")
        return 0
    lines = []
    for preset in spec.presets:
        mark = " (default)" if preset.default else ""
        lines.append(f"{preset.id}{mark}: {preset.title}")
        lines.extend(textwrap.wrap(preset.description, 84, initial_indent="    ", subsequent_indent="    "))
        for key, value in spec.preset_settings(preset.id).items():
            lines.append(f"    {key} = {value:g}" if isinstance(value, float) else f"    {key} = {value}")
        lines.append("")
    print_output("\n".join(lines))
    return 0
