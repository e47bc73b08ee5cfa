"""``python -m game whatif``: outcome distributions over many worlds, from the command line."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

import numpy as np

from ..engine.errors import ExpressionError
from ..engine.spec import Spec
from ..limits import MAX_WORLDS, available_memory, human_bytes, state_bytes_per_world
from ..outputs import check_output_path
from ..whatif.report import json_report, text_report
from ..whatif.runner import (
    DEFAULT_CHUNK,
    Plan,
    compile_war,
    default_attribute,
    default_processes,
    default_war,
    history_before,
    merge_controllers,
    run,
)
from .common import seed_value

NUMBER_POINTS = 5  # values tried across a number setting's range by --vary KEY
MAX_PROCESSES = 256


def worlds_value(text: str) -> int:
    """argparse type for --worlds: 1 to MAX_WORLDS (the memory check follows, with the scenario)."""
    try:
        value = int(text.replace("_", "").replace(",", "")) if len(text) <= 30 else MAX_WORLDS + 1
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:30]}' is not a whole number") from None
    return value  # the range is checked with the other values (a usage error, exit 2)


def processes_value(text: str) -> int:
    try:
        value = int(text) if len(text) <= 10 else 0
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:10]}' is not a whole number") from None
    if not 1 <= value <= MAX_PROCESSES:
        raise argparse.ArgumentTypeError(f"--processes must be at least 1 and at most {MAX_PROCESSES}")
    return value


def memory_needed(spec: Spec, worlds: int, processes: int, chunk: int = DEFAULT_CHUNK) -> int:
    """Bytes a run needs at its peak: a key per world, and each worker's chunk of worlds
    (state, a copy per checkpoint and the temporaries of one rule, about 4x the state)."""
    per_world = state_bytes_per_world(spec)
    return worlds * 8 + min(worlds, chunk) * per_world * 4 * max(1, processes)


def check_memory(spec: Spec, worlds: int, processes: int) -> None:
    """A usage error, before anything is allocated, when the run cannot fit in memory."""
    from .common import UsageError

    need = memory_needed(spec, worlds, processes)
    free = available_memory()
    if free is not None and need > free * 0.8:
        raise UsageError(f"--worlds {worlds:,} with {processes} process(es) needs about {human_bytes(need)} of "
                         f"memory; {human_bytes(free)} is free. Use fewer worlds or --processes 1")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "whatif", help="run many worlds and report how often each outcome happens",
        description="Run N worlds (chance and every AI policy sampled per world) and report the "
                    "distribution of endings with 95% confidence intervals, the share of worlds "
                    "in general war by each month, and the mean and spread of each power's "
                    "stance over time.")
    p.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                   help="scenario id or path (default: the historical scenario)")
    p.add_argument("--as", dest="powers", metavar="POWER[,POWER]",
                   help="powers whose choices come from --choices (the AI plays the rest)")
    p.add_argument("--choices", metavar="FILE",
                   help="YAML mapping of event id to option id, or the name of a probe in "
                        "scenarios/probes/ (its 'powers:' list says who plays; --as overrides)")
    p.add_argument("--from", dest="from_event", metavar="EVENT",
                   help="follow history for every event before EVENT, then the AI (and your choices)")
    p.add_argument("--worlds", type=worlds_value, default=10_000, metavar="N",
                   help=f"worlds per run, 1 to {MAX_WORLDS:,} (default 10,000)")
    p.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                   help="choose an assumption (a contested question); repeatable")
    from .common import preset_argument

    preset_argument(p)
    p.add_argument("--vary", metavar="KEY[=V1,V2,...]",
                   help="repeat the run for every value of a setting (a number setting: "
                        f"{NUMBER_POINTS} points across its range, or the values given)")
    p.add_argument("--seed", type=seed_value, default=0, help="seed for chance and the AI (default 0)")
    p.add_argument("--war", metavar="CONDITION",
                   help="what counts as general war, as a scenario condition "
                        "(default: flag.general_war, or another war flag the scenario declares)")
    p.add_argument("--attribute", metavar="NAME",
                   help="attribute (one line per power) or global followed over time (default: stance)")
    p.add_argument("--coverage", action="store_true",
                   help="list dead content instead: events never reached, options never chosen, rules "
                        "never fired and endings never reached, over N worlds with the AI and N with "
                        "random players")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument("--plot", metavar="OUT.png", help="also write a PNG chart of the results")
    p.add_argument("--processes", type=processes_value, default=None, metavar="P",
                   help="worker processes (default: every core); results do not depend on it")
    p.set_defaults(handler=run_command)
    return p


def vary_values(spec: Spec, text: str) -> tuple[str, list[str]]:
    """``KEY`` or ``KEY=V1,V2`` -> (key, ['KEY=V1', ...]) for parse_settings."""
    from ..engine.expr import suggest
    from .common import UsageError

    key, sep, values = text.partition("=")
    key = key.strip()
    known = [s.id for s in spec.settings]
    if key not in known:
        raise UsageError(f"unknown setting '{key}'{suggest(key, known)}; settings: {', '.join(known)}")
    setting = spec.setting(key)
    if sep:
        chosen = [v.strip() for v in values.split(",") if v.strip()]
        if not chosen:
            raise UsageError(f"--vary {key}= needs values, like --vary {key}=a,b")
    elif setting.kind == "choice":
        chosen = list(setting.values)
    else:
        chosen = [f"{x:g}" for x in np.linspace(setting.low, setting.high, NUMBER_POINTS)]
    return key, [f"{key}={v}" for v in chosen]


def build_plans(args: argparse.Namespace, spec: Spec) -> tuple[list[Plan], str]:
    """The plans the command runs (one, or one per --vary value) and a note on who plays."""
    from .common import UsageError, choices_path, load_choices, parse_powers, parse_settings

    if not 1 <= args.worlds <= MAX_WORLDS:
        raise UsageError(f"--worlds must be at least 1 and at most {MAX_WORLDS:,}")
    settings = parse_settings(spec, args.settings, args.preset)
    notes = []
    layers = []
    if args.from_event:
        ids = [e.id for e in spec.events]
        if args.from_event not in ids:
            from ..engine.expr import suggest

            raise UsageError(f"unknown event '{args.from_event}'{suggest(args.from_event, ids)}")
        layers.append(history_before(spec, args.from_event))
        notes.append(f"every power follows history before '{args.from_event}'")
    if args.powers and not args.choices:
        raise UsageError("--as needs --choices FILE: the choices those powers make")
    if args.choices:
        powers, picks = load_choices(args.choices, spec, parse_powers(spec, args.powers))
        if args.from_event:
            start = [e.id for e in spec.events].index(args.from_event)
            early = {e.id for e in spec.events[:start]}
            ignored = sorted({event for p in picks.values() for event in p if event in early})
            if ignored:
                print(f"warning: --from {args.from_event}: history decides {', '.join(ignored)}; "
                      "those choices are ignored", file=sys.stderr)
            picks = {p: {e: o for e, o in m.items() if e not in early} for p, m in picks.items()}
        layers.append(picks)
        notes.append(f"{', '.join(powers)} play{'s' if len(powers) == 1 else ''} the choices in "
                     f"{choices_path(args.choices).name}")
    controllers = merge_controllers(*layers)
    notes.append(("the AI decides everything else" if notes else "the AI decides every choice")
                 + ", sampling its policy in every world")

    war = args.war if args.war is not None else default_war(spec)
    try:
        compile_war(spec, war)
    except ExpressionError as exc:
        raise UsageError(f"--war '{war}': {exc}") from None
    attribute = args.attribute or default_attribute(spec)
    followable = [a.name for a in spec.attributes] + [g.name for g in spec.globals]
    if attribute and attribute not in followable:
        from ..engine.expr import suggest

        raise UsageError(f"unknown attribute or global '{attribute}'{suggest(attribute, followable)}; "
                         f"attributes: {', '.join(a.name for a in spec.attributes)}; "
                         f"globals: {', '.join(g.name for g in spec.globals) or 'none'}")
    base = Plan(spec=spec, settings=settings, controllers=controllers, seed=args.seed,
                worlds=args.worlds, war=war or None, attribute=attribute, chunk=DEFAULT_CHUNK)
    if not args.vary:
        return [base], "Players: " + "; ".join(notes)
    key, pairs = vary_values(spec, args.vary)
    plans = []
    for pair in pairs:
        value = parse_settings(spec, [pair])
        plans.append(replace(base, settings={**settings, **value}, label=pair))
    return plans, "Players: " + "; ".join(notes)


def run_coverage(args: argparse.Namespace, spec: Spec) -> int:
    """``whatif --coverage``: the dead-content list (AI-only and random players)."""
    from ..whatif.coverage import coverage, coverage_json, coverage_report
    from .common import UsageError, parse_settings, print_output

    for flag, given in (("--vary", args.vary), ("--plot", args.plot), ("--choices", args.choices),
                        ("--as", args.powers), ("--from", args.from_event)):
        if given:
            raise UsageError(f"--coverage plays every power with the AI and then at random; {flag} does not apply")
    if not 1 <= args.worlds <= MAX_WORLDS:
        raise UsageError(f"--worlds must be at least 1 and at most {MAX_WORLDS:,}")
    settings = parse_settings(spec, args.settings, args.preset)
    result = coverage(spec, settings, worlds=args.worlds, seed=args.seed)
    if args.json:
        import json

        print_output(json.dumps(coverage_json(result), indent=2) + "\n")
    else:
        print_output(coverage_report(result))
    return 0


def run_command(args: argparse.Namespace) -> int:
    from .common import UsageError, open_scenario, print_output

    if args.plot:
        check_output_path(args.plot, "--plot")  # before hours of work, not after
    spec = open_scenario(args.scenario)
    if args.coverage:
        return run_coverage(args, spec)
    plans, note = build_plans(args, spec)
    if args.processes is not None and args.processes < 1:
        raise UsageError("--processes must be at least 1")
    processes = args.processes or default_processes()
    check_memory(spec, args.worlds, processes)
    results = [run(plan, processes=processes) for plan in plans]
    # The report first: a chart that cannot be written must not lose it.
    if args.json:
        print_output(json_report(results, {"players": note}))
    else:
        print_output(text_report(results, note))
    if args.plot:
        from ..ui.whatif_chart import save_chart  # pygame, imported only when asked

        try:
            save_chart(results, args.plot, subtitle=note)
        except OSError as exc:
            print(f"error: cannot write {args.plot}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"wrote {args.plot}", file=sys.stderr)
    return 0
