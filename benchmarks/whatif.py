"""What-if throughput: full 1936-1939 campaigns per second, batch path vs looping one world.

    python benchmarks/whatif.py [SCENARIO] [--worlds 100000] [--loop 300] [--million]

Prints, in one run:
  * campaigns/s of the batch path (game.whatif.run, every core) at --worlds worlds,
  * campaigns/s of the one-world path looped over --loop worlds (trace off, and as played),
  * their ratio,
  * with --million: the time and peak memory (parent + largest worker, resident set) of
    1,000,000 worlds, run in chunks.

SCENARIO defaults to the historical scenario; if it does not load yet, a synthetic
scenario of the same size class (8 powers, ~40 events, ~30 background rules) is used and
the output says so.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from game.engine import Game  # noqa: E402
from game.engine.chance import world_keys  # noqa: E402
from game.scenario import DataFileError, load_scenario, resolve_scenario  # noqa: E402
from game.whatif.runner import Plan, default_attribute, default_processes, default_war, run  # noqa: E402


def synthetic_scenario_text(events: int = 40, rules: int = 30, seed: int = 1) -> str:
    """A made-up 1936-1939 scenario of realistic size, for when the real one is not ready."""
    rng = np.random.default_rng(seed)
    powers = ["Germany", "USSR", "Britain", "France", "Italy", "Czechoslovakia", "Poland", "Romania"]
    flags = [f"f{i}" for i in range(30)] + ["general_war"]
    lines = ["format: 1", "id: synthetic", "title: Synthetic benchmark scenario",
             "start: 1936-03-07", "end: 1939-09-03",
             "attributes:", "  stance: {min: -1, max: 1, default: 0}",
             "  readiness: {min: 0, max: 1, default: 0.5}", "  resolve: {min: 0, max: 1, default: 0.5}",
             "globals:", "  tension: {value: 0.2, min: 0, max: 1}", "  german_strength: {value: 0.4, min: 0, max: 1}",
             "  league: {value: 0.6, min: 0, max: 1}",
             "powers:"]
    lines += [f"  {p}: {{name: {p}}}" for p in powers]
    lines += ["flags:"] + [f"  {f}: {{}}" for f in flags]
    lines += ["settings:", "  soviet_resolve:", "    title: Soviet resolve",
              "    values: {firm: Firm, bluff: Bluff}", "    default: firm",
              "  red_army:", "    title: Red Army", "    min: 0", "    max: 1", "    default: 0.5",
              "events:"]
    days = np.sort(rng.integers(0, 1270, size=events))
    import datetime as dt
    for e in range(events):
        date = (dt.date(1936, 3, 8) + dt.timedelta(days=int(days[e]))).isoformat()
        deciders = rng.choice(powers, size=int(rng.integers(1, 4)), replace=False)
        lines += [f"  - id: e{e}", f"    date: {date}", f"    title: Event {e}",
                  "    assumption: synthetic"]
        if e % 3 == 2:
            lines.append(f"    when: \"not flag.f{rng.integers(30)} or tension > 0.3\"")
        lines.append("    options:")
        for p in deciders:
            lines.append(f"      {p}:")
            for o in range(3):
                a, b = rng.choice(powers, 2, replace=False)
                lines += [f"        - id: o{o}", f"          text: Option {o}",
                          f"          historical: {'true' if o == 0 else 'false'}",
                          "          effects:",
                          f"            - \"stance.{p} += {rng.uniform(-0.2, 0.2):.2f}\"",
                          f"            - \"trust.{a}.{b} -= {rng.uniform(0, 0.2):.2f}\"",
                          f"            - \"flag.f{rng.integers(30)} = true\"",
                          "          ai:", f"            weight: {rng.uniform(0.5, 2):.2f}",
                          "            modifiers:",
                          f"              - {{when: \"stance.{a} > {rng.uniform(-0.5, 0.5):.2f}\", factor: 2, why: x}}",
                          "              - {when: \"german_strength > 0.5 and setting.soviet_resolve == 'firm'\", "
                          "factor: 0.5, why: y}"]
                if o == 2:
                    lines += [f"          available: \"readiness.{p} >= 0.3\""]
        lines += ["    resolve:",
                  f"      - id: r{e}", "        chance: \"clip(0.3 + 0.4 * setting.red_army - tension, 0, 1)\"",
                  "        effects: [\"tension += 0.05\", \"german_strength += 0.02\"]",
                  "        else_effects: [\"league -= 0.03\"]", "        assumption: synthetic"]
    lines.append("rules:")
    for r in range(rules):
        a = rng.choice(powers)
        lines += [f"  - id: bg{r}",
                  f"    when: \"flag.f{rng.integers(30)} and stance.{a} < {rng.uniform(-0.5, 0.5):.2f}\"",
                  f"    effects: [\"readiness.{a} += 0.05\", \"flag.f{rng.integers(30)} = true\"]",
                  "    assumption: synthetic"]
        if r % 4 == 0:
            lines.append("    chance: \"0.2 + 0.5 * tension\"")
    lines += ["  - id: war_rule", "    when: \"tension > 0.4 and german_strength > 0.5\"",
              "    effects: [\"flag.general_war = true\"]", "    assumption: synthetic",
              "endings:"]
    for k in range(6):
        lines += [f"  - id: end{k}", f"    title: Ending {k}", f"    priority: {100 - k}",
                  f"    when: \"flag.f{k} and flag.f{k + 6} and date >= 1939-01-01\"", "    assumption: synthetic"]
    lines += ["  - id: war", "    title: General war", "    priority: 200", "    when: \"flag.general_war\"",
              "    assumption: synthetic",
              "  - id: peace", "    title: Uneasy peace", "    fallback: true", "    assumption: synthetic"]
    return "\n".join(lines) + "\n"


def load(name: str | None):
    try:
        path = resolve_scenario(name)
        return load_scenario(path), str(path)
    except (FileNotFoundError, DataFileError) as exc:
        if name:
            raise
        reason = type(exc).__name__
        text = synthetic_scenario_text()
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
            handle.write(text)
        return load_scenario(handle.name), f"SYNTHETIC stand-in (historical scenario not loadable: {reason})"


def peak_mb() -> tuple[float, float]:
    """(parent, largest child) peak resident set, MB (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?")
    parser.add_argument("--worlds", type=int, default=100_000)
    parser.add_argument("--loop", type=int, default=300, help="worlds for the one-world loop")
    parser.add_argument("--processes", type=int, default=None)
    parser.add_argument("--chunk", type=int, default=None)
    parser.add_argument("--million", action="store_true", help="also run 1,000,000 worlds and report memory")
    args = parser.parse_args()

    spec, where = load(args.scenario)
    processes = args.processes or default_processes()
    print(f"scenario: {spec.id} ({where}); {len(spec.events)} events, {len(spec.rules)} background rules, "
          f"{len(spec.powers)} powers, {len(spec.endings)} endings")
    print(f"cores used: {processes}")
    plan = Plan(spec, worlds=args.worlds, war=default_war(spec), attribute=default_attribute(spec),
                seed=1, **({"chunk": args.chunk} if args.chunk else {}))

    run(Plan(spec, worlds=2000, war=plan.war, attribute=plan.attribute), processes=1)  # warm-up
    t = time.perf_counter()
    result = run(plan, processes=processes)
    batch_s = time.perf_counter() - t
    batch_rate = args.worlds / batch_s
    print(f"batch path:   {args.worlds:>9,} worlds in {batch_s:6.2f} s = {batch_rate:>10,.0f} campaigns/s "
          f"(chunks of {plan.chunk:,}, {processes} process(es), monthly tallies included)")

    keys = world_keys(2, args.loop)
    t = time.perf_counter()
    for key in keys:
        Game(spec, keys=[key], trace=False).run()
    loop_s = time.perf_counter() - t
    loop_rate = args.loop / loop_s
    t = time.perf_counter()
    for key in keys[: max(1, args.loop // 3)]:
        Game(spec, keys=[key]).run()  # traced, as in play
    traced_rate = max(1, args.loop // 3) / (time.perf_counter() - t)
    print(f"one-world loop: {args.loop:>7,} worlds in {loop_s:6.2f} s = {loop_rate:>10,.0f} campaigns/s "
          f"(1 process, trace off; {traced_rate:,.0f}/s with the play log on)")
    print(f"ratio batch / loop: {batch_rate / loop_rate:,.0f}x "
          f"(per core: {batch_rate / processes / loop_rate:,.0f}x)")
    war = result.war_share()
    if war is not None:
        print(f"sanity: general war by the end in {war[-1]:.1%} of worlds")

    if args.million:
        big = Plan(spec, worlds=1_000_000, war=plan.war, attribute=plan.attribute, seed=3)
        t = time.perf_counter()
        run(big, processes=processes)
        big_s = time.perf_counter() - t
        own, child = peak_mb()
        total = own + child * (processes if processes > 1 else 0)
        print(f"1,000,000 worlds in {big_s:.1f} s = {1_000_000 / big_s:,.0f} campaigns/s; peak resident "
              f"memory: parent {own:.0f} MB, largest worker {child:.0f} MB, "
              f"at most {total:.0f} MB together ({processes} workers)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
