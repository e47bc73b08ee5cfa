"""What the sub-commands share: usage errors, reading a scenario, settings, powers and
choices files from the command line, printing, and opening the window."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..engine.expr import suggest
from ..engine.spec import Spec
from ..scenario import DataFileError, load_scenario, resolve_scenario
from ..scenario.diagnostics import Diagnostics
from ..scenario.yamlread import parse_mapping, position, read_bytes


class UsageError(Exception):
    """Wrong command-line use: printed, exit status 2."""


def scenario_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                   help="scenario id or path (default: the historical scenario)")


def settings_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                   help="choose an assumption (a contested question); repeatable")
    preset_argument(p)
    p.add_argument("--seed", type=seed_value, default=0, help="seed for chance and the AI (default 0)")


def seed_value(text: str) -> int:
    """argparse type for --seed: a whole number from 0 to 2**63-1."""
    from ..limits import MAX_SEED

    try:
        value = int(text.strip(), 10) if len(text) <= 40 else -1
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"a seed is a whole number from 0 to {MAX_SEED:,}")
    return value


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


PROBE_KEYS = ("powers", "note")  # keys of a choices file that are not event ids


def choices_path(name: str) -> Path:
    """A choices file given as a path, or as the name of a probe in scenarios/probes/."""
    from ..scenario.registry import SCENARIO_DIR

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


def run_window(args: argparse.Namespace) -> int:
    if not _display_available():
        print("error: no screen to open the game window on (DISPLAY is not set); "
              "play in the terminal with 'python -m game play --text'", file=sys.stderr)
        return 2
    try:
        from ..ui.app import run as run_app  # imports pygame: only here
    except ImportError as exc:
        print(f"error: the game window is not available ({exc}); try 'python -m game play --text'",
              file=sys.stderr)
        return 2
    scenario, powers = getattr(args, "scenario", None), getattr(args, "powers", None)
    if powers:  # "Britain" or "France,USSR" -> checked power ids, as the terminal game reads them
        powers = parse_powers(open_scenario(scenario), powers)
    return run_app(scenario=scenario,
                   powers=powers,
                   challenge=getattr(args, "challenge", None),
                   frames=getattr(args, "frames", None))


def _display_available() -> bool:
    """False on a Linux machine with no X11 or Wayland display, where SDL would run unseen."""
    if not sys.platform.startswith("linux") or os.environ.get("SDL_VIDEODRIVER"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
