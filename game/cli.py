"""The command line: ``python -m game [COMMAND] ...`` (also ``collective-security``).

Without a command the desktop window opens. Every other command is headless.
Exit status: 0 success, 1 invalid input or failed check, 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from . import __version__
from .engine import HISTORY, Game
from .engine.expr import suggest
from .engine.spec import Spec
from .scenario import DataFileError, check_scenario, load_scenario, resolve_scenario
from .scenario.diagnostics import Diagnostics
from .scenario.yamlread import parse_mapping, position, read_bytes

# Commands that live in driver packages, added to the parser only when the package exists.
OPTIONAL_COMMANDS = {
    "whatif": "game.whatif.cli",
    "grade": "game.challenges.cli_grade",
    "new-challenge": "game.challenges.cli_new",
}


class UsageError(Exception):
    """Wrong command-line use: printed, exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", run_window)
    try:
        return handler(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DataFileError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="collective-security",
        description="Collective Security: Europe 1936-1939, a counterfactual diplomacy game.",
        epilog="Run without a command to open the game window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--frames", type=_positive, metavar="N",
                        help="close the window after N frames (a smoke test: "
                             "SDL_VIDEODRIVER=dummy python -m game --frames 30)")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("play", help="play in the window, or in the terminal with --text")
    _scenario_argument(p)
    p.add_argument("--text", action="store_true", help="play in the terminal (reads stdin)")
    p.add_argument("--as", dest="powers", metavar="POWER[,POWER]", help="the power(s) you play")
    p.add_argument("--challenge", metavar="FILE", help="play a teacher-set challenge")
    p.add_argument("--details", action="store_true",
                   help="with --text: show each consequence's rule, expression, numbers and sources")
    _settings_arguments(p)
    p.set_defaults(handler=run_play)

    p = sub.add_parser("replay", help="replay the historical path as a dated chronicle")
    _scenario_argument(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a chronicle")
    p.add_argument("--details", action="store_true",
                   help="show each consequence's rule, expression, numbers, changes and sources")
    p.add_argument("--no-sources", action="store_true", help="with --details: leave citations out")
    _settings_arguments(p)
    p.set_defaults(handler=run_replay)

    p = sub.add_parser("simulate", help="play given powers' choices from a file; the AI plays the rest")
    _scenario_argument(p)
    p.add_argument("--as", dest="powers", metavar="POWER[,POWER]",
                   help="the powers whose choices the file gives (default: the file's 'powers:' list)")
    p.add_argument("--choices", metavar="FILE", required=True,
                   help="YAML mapping of event id to option id (or to {POWER: option id}), "
                        "or the name of a probe in scenarios/probes/")
    p.add_argument("--json", action="store_true")
    p.add_argument("--details", action="store_true",
                   help="show each consequence's rule, expression, numbers, changes and sources")
    _settings_arguments(p)
    p.set_defaults(handler=run_simulate)

    p = sub.add_parser("validate", help="check scenario or challenge files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--quiet", "-q", action="store_true", help="print problems only")
    p.set_defaults(handler=run_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    p.add_argument("--challenge", action="store_true", help="the challenge format instead")
    p.set_defaults(handler=run_schema)

    p = sub.add_parser("list", help="list the scenarios that ship with the game")
    p.set_defaults(handler=run_list)

    p = sub.add_parser("presets", help="list a scenario's presets (bundles of settings) and their values")
    _scenario_argument(p)
    p.set_defaults(handler=run_presets)

    for name, module in OPTIONAL_COMMANDS.items():
        if _available(module):
            importlib.import_module(module).add_parser(sub, name)
    return parser


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not '{text}'")
    return value


def _scenario_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                   help="scenario id or path (default: the historical scenario)")


def _settings_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                   help="choose an assumption (a contested question); repeatable")
    preset_argument(p)
    p.add_argument("--seed", type=int, default=0, help="seed for chance and the AI (default 0)")


def preset_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--preset", metavar="NAME",
                   help="start from a named bundle of settings (one school's reading; see 'presets'); "
                        "--set changes single values on top")


# ------------------------------------------------------------------ shared helpers
def open_scenario(name: str | None) -> Spec:
    try:
        path = resolve_scenario(name)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    return load_scenario(path)


def parse_settings(spec: Spec, pairs: list[str], preset: str | None = None) -> dict[str, Any]:
    """``['key=value', ...]`` on top of ``preset`` -> settings; unknown names are usage errors."""
    result: dict[str, Any] = dict(preset_values(spec, preset)) if preset else {}
    known = [s.id for s in spec.settings]
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise UsageError(f"--set takes KEY=VALUE, not '{pair}'")
        if key not in known:
            raise UsageError(f"unknown setting '{key}'{suggest(key, known)}; settings: {', '.join(known)}")
        setting = spec.setting(key)
        try:
            if setting.kind == "choice":
                if value not in setting.values:
                    raise ValueError(f"setting '{key}' has no value '{value}'{suggest(value, setting.values)}; "
                                     f"allowed: {', '.join(setting.values)}")
                result[key] = value
            else:
                result[key] = float(value)
                setting.encode(result[key])
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return result


def preset_values(spec: Spec, name: str) -> dict[str, Any]:
    """Every setting's value under preset ``name`` (a usage error if there is no such preset)."""
    known = [p.id for p in spec.presets]
    if name not in known:
        listing = ", ".join(known) if known else "this scenario declares none"
        raise UsageError(f"unknown preset '{name}'{suggest(name, known)}; presets: {listing}")
    return spec.preset_settings(name)


def parse_powers(spec: Spec, text: str | None) -> list[str]:
    if not text:
        return []
    known = [p.id for p in spec.powers]
    powers = []
    for name in (part.strip() for part in text.split(",")):
        match = next((p for p in known if p.lower() == name.lower()), None)
        if match is None:
            raise UsageError(f"unknown power '{name}'{suggest(name, known)}; powers: {', '.join(known)}")
        powers.append(match)
    return powers


def print_output(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


# ------------------------------------------------------------------------ commands
def run_window(args: argparse.Namespace) -> int:
    if not _display_available():
        print("error: no screen to open the game window on (DISPLAY is not set); "
              "play in the terminal with 'python -m game play --text'", file=sys.stderr)
        return 2
    try:
        from .ui.app import run as run_app  # imports pygame: only here
    except ImportError as exc:
        print(f"error: the game window is not available ({exc}); try 'python -m game play --text'",
              file=sys.stderr)
        return 2
    return run_app(scenario=getattr(args, "scenario", None),
                   powers=getattr(args, "powers", None),
                   challenge=getattr(args, "challenge", None),
                   frames=getattr(args, "frames", None))


def _display_available() -> bool:
    """False on a Linux machine with no X11 or Wayland display, where SDL would run unseen."""
    if not sys.platform.startswith("linux") or os.environ.get("SDL_VIDEODRIVER"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_play(args: argparse.Namespace) -> int:
    if args.challenge:
        if not _available("game.challenges.play"):
            raise UsageError("challenges are not available in this version")
        module = importlib.import_module("game.challenges.play")
        return module.run_from_cli(args)
    if not args.text:
        return run_window(args)
    from .textplay import TextSession, choose_powers, play

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
    return play(session, game, details=args.details)


def run_replay(args: argparse.Namespace) -> int:
    from .transcript import chronicle, dumps, game_to_json

    spec = open_scenario(args.scenario)
    settings = parse_settings(spec, args.settings, args.preset)
    game = Game(spec, settings=settings, seed=args.seed, default_controller=HISTORY, historical_chance=True).run()
    if args.json:
        print_output(dumps(game_to_json(game)))
    else:
        print_output(chronicle(game, show_sources=not args.no_sources, details=args.details))
    return 0


PROBE_KEYS = ("powers", "note")  # keys of a choices file that are not event ids


def choices_path(name: str) -> Path:
    """A choices file given as a path, or as the name of a probe in scenarios/probes/."""
    from .scenario.registry import SCENARIO_DIR

    path = Path(name)
    if path.exists() or path.suffix in (".yaml", ".yml") or "/" in name:
        return path
    probe = SCENARIO_DIR / "probes" / f"{name}.yaml"
    if probe.exists():
        return probe
    known = sorted(p.stem for p in (SCENARIO_DIR / "probes").glob("*.yaml"))
    raise UsageError(f"no choices file or probe '{name}'{suggest(name, known)}"
                     f"; probes: {', '.join(known) or 'none'}")


def read_choices(path: str, spec: Spec, powers: list[str]) -> dict[str, dict[str, str]]:
    """Read a choices file: {event: option} or {event: {POWER: option}} -> {power: {event: option}}."""
    return load_choices(path, spec, powers)[1]


def load_choices(path: str, spec: Spec, powers: list[str]) -> tuple[list[str], dict[str, dict[str, str]]]:
    """Read a choices file -> (the powers it plays, {power: {event: option}}).

    ``powers`` (from --as) wins; without it the file's own ``powers: [...]`` names them.
    """
    diagnostics = Diagnostics(str(path))
    data = read_bytes(choices_path(str(path)), diagnostics)
    tree = None if data is None else parse_mapping(
        data, diagnostics, "a choices file is a mapping of event id to option id")
    if tree is None:
        raise DataFileError(diagnostics.sorted())
    if not powers:
        powers = _file_powers(tree, spec, diagnostics)
    controllers: dict[str, dict[str, str]] = {power: {} for power in powers}
    event_ids = [e.id for e in spec.events]
    for event_id, value in tree.items():
        if event_id in PROBE_KEYS:
            continue
        where = position(tree, (event_id,), key_position=True)
        if event_id not in event_ids:
            diagnostics.error(*where, f"unknown event '{event_id}'{suggest(str(event_id), event_ids)}")
            continue
        event = spec.event(event_id)
        deciding = [p for p in powers if p in event.deciders]
        if isinstance(value, dict):
            picks = dict(value)
        elif len(deciding) == 1:
            picks = {deciding[0]: value}
        else:
            who = ", ".join(deciding) or "none of the powers you play"
            diagnostics.error(*where, f"in '{event_id}' the deciders you play are: {who}; "
                              "write {POWER: option} for each")
            continue
        for power, option in picks.items():
            if power not in deciding:
                at = position(tree, (event_id, power), key_position=True) if isinstance(value, dict) else where
                diagnostics.error(*at, f"'{power}' does not decide '{event_id}' as one of your powers "
                                  f"(yours here: {', '.join(deciding) or 'none'})")
                continue
            ids = [o.id for o in event.options[power]]
            if option not in ids:
                at = position(tree, (event_id,) if not isinstance(value, dict) else (event_id, power))
                diagnostics.error(*at, f"{power} has no option '{option}' in '{event_id}'"
                                  f"{suggest(str(option), ids)}; options: {', '.join(ids)}")
                continue
            controllers[power][event_id] = str(option)
    if diagnostics.errors:
        raise DataFileError(diagnostics.sorted())
    return powers, controllers


def _file_powers(tree: dict, spec: Spec, diagnostics: Diagnostics) -> list[str]:
    """The ``powers:`` list a probe declares (a list or one name)."""
    if "powers" not in tree:
        diagnostics.error(1, 1, "say which powers play these choices: add 'powers: [POWER, ...]' "
                                "to the file, or give --as POWER")
        return []
    value = tree["powers"]
    names = value if isinstance(value, list) else [value]
    known = [p.id for p in spec.powers]
    result = []
    for i, name in enumerate(names):
        at = position(tree, ("powers", i) if isinstance(value, list) else ("powers",))
        if not isinstance(name, str) or name not in known:
            diagnostics.error(*at, f"unknown power '{name}'{suggest(str(name), known)}; powers: {', '.join(known)}")
            continue
        result.append(name)
    if not result and not diagnostics.errors:
        diagnostics.error(*position(tree, ("powers",)), "'powers' names no power")
    return result


def run_simulate(args: argparse.Namespace) -> int:
    from .transcript import chronicle, dumps, game_to_json

    spec = open_scenario(args.scenario)
    settings = parse_settings(spec, args.settings, args.preset)
    powers, controllers = load_choices(args.choices, spec, parse_powers(spec, args.powers))
    game = Game(spec, settings=settings, seed=args.seed, controllers=controllers).run()
    data = game_to_json(game)
    data["players"] = powers
    if args.json:
        print_output(dumps(data))
    else:
        print_output(chronicle(game, details=args.details))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    worst = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            # A path that names no file is a usage error (exit 2), still in FILE:LINE:COL form.
            problem = "this is a folder, not a file" if path.is_dir() else "no such file"
            print(f"{name}:1:1: error: {problem}", file=sys.stderr)
            worst = 2
            continue
        if _is_challenge(path) and _available("game.challenges.validate"):
            diagnostics = importlib.import_module("game.challenges.validate").check_challenge_file(path)
        else:
            _, diagnostics = check_scenario(path)
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
        if not _available("game.challenges.model"):
            raise UsageError("challenges are not available in this version")
        schema = importlib.import_module("game.challenges.model").json_schema()
    else:
        from .scenario.model import json_schema

        schema = json_schema()
    print_output(json.dumps(schema, indent=2) + "\n")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per scenario: id, title, where it comes from and its path; none found is an error."""
    from .scenario.registry import all_scenarios
    from .userdirs import user_scenarios_dir

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
