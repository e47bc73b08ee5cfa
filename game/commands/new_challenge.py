"""``python -m game new-challenge PATH [--scenario ID] [--as POWER]``: a commented starting file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..challenges.load import check_challenge, scenario_roots
from ..fileio import write_atomic


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "new-challenge", help="write a commented starting challenge file that validates",
        description="Writes a challenge file built from the scenario (so every id in it exists), "
                    "with comments on every key and a reference list of events, options, flags, "
                    "settings and endings at the bottom.")
    p.add_argument("path", metavar="PATH", help="the challenge file to write (.yaml)")
    p.add_argument("--scenario", default=None, metavar="SCENARIO",
                   help="scenario id or path (default: the historical scenario)")
    p.add_argument("--as", dest="power", default=None, metavar="POWER", help="the power the student plays")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=run_new)


def run_new(args: argparse.Namespace) -> int:
    from ..challenges.template import render
    from ..scenario import resolve_scenario
    from .common import UsageError, open_scenario, parse_powers

    path = Path(args.path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        path = path.with_suffix(".yaml")
    if path.exists() and not args.force:
        raise UsageError(f"{path} exists; choose another name or add --force")
    spec = open_scenario(args.scenario)
    spec_path = resolve_scenario(args.scenario)
    deciders = [p.id for p in spec.powers if p.playable and any(p.id in e.deciders for e in spec.events)]
    if args.power:
        power = parse_powers(spec, args.power)[0]
        if power not in deciders:
            raise UsageError(f"{power} makes no decision in {spec.id}; choose one of: {', '.join(deciders)}")
    elif deciders:
        power = deciders[0]
    else:
        raise UsageError(f"no playable power makes a decision in {spec.id}")
    copied = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        roots = scenario_roots(path)
        if not any(spec_path.resolve().is_relative_to(root) for root in roots):
            # A challenge reads its scenario only from its own folder or the scenario folders:
            # a scenario from elsewhere is copied beside it (the teacher hands out both).
            copied = path.parent / spec_path.name
            if not copied.exists():
                write_atomic(copied, spec_path.read_bytes())
            elif copied.read_bytes() != spec_path.read_bytes():
                raise UsageError(f"{copied} exists and differs from {spec_path}; copy the scenario beside "
                                 "the challenge yourself, or choose another folder")
            spec_path = copied
        write_atomic(path, render(spec, spec_path, path, power))  # complete or not at all
    except OSError as exc:
        print(f"error: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if copied is not None:
        print(f"copied the scenario beside the challenge: {copied} (hand out both files)")
    _, diagnostics = check_challenge(path)
    for diagnostic in diagnostics.sorted():
        print(diagnostic)
    print(f"wrote {path} ({power} in {spec.id}); next: edit it, then")
    print(f"  python -m game validate {path}")
    print(f"  python -m game play --text --challenge {path}")
    return 1 if diagnostics.errors else 0
