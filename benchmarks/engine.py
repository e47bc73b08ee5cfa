"""Print the engine's speed figures (issue 2, point 16). Not part of the test run.

    python benchmarks/engine.py [SCENARIO] [--worlds N] [--repeat R]

Figures: loading and validating the main scenario (a fresh read, parse and compile each
time; target < 200 ms), one turn for one world (target < 2 ms), and full campaigns per
second at 1 world and at 100,000 worlds (every power played by its AI policy).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from game.engine import AI, Game  # noqa: E402
from game.scenario import (  # noqa: E402
    check_scenario,
    load_scenario,
    yamlread,  # noqa: E402
)

MAIN = REPO / "scenarios" / "europe1936.yaml"
FALLBACK = REPO / "tests" / "fixtures" / "small.yaml"


def timed(fn, repeat: int) -> list[float]:
    """Seconds per call, ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def pick_scenario(name: str | None) -> Path:
    if name:
        return Path(name)
    if MAIN.exists():
        spec, diagnostics = check_scenario(MAIN, lint_warnings=False)
        if spec is not None:
            return MAIN
        print(f"note: {MAIN.name} does not validate yet ({len(diagnostics.errors)} errors); "
              f"using {FALLBACK.relative_to(REPO)}")
    return FALLBACK


def verdict(value: float, target: float) -> str:
    return "ok" if value < target else "SLOW"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", help="scenario file (default: the main scenario)")
    parser.add_argument("--worlds", type=int, default=100_000, help="worlds for the batch figure")
    parser.add_argument("--repeat", type=int, default=9, help="runs per figure (the median is shown)")
    args = parser.parse_args(argv)

    path = pick_scenario(args.scenario)
    size = path.stat().st_size
    parser_kind = "C (ruamel.yaml.clib)" if yamlread.CParser is not None else "pure Python"
    print(f"scenario: {path.relative_to(REPO) if path.is_relative_to(REPO) else path} "
          f"({size:,} bytes, {path.read_text().count(chr(10)):,} lines); YAML parser: {parser_kind}")

    load = statistics.median(timed(lambda: load_scenario(path), args.repeat))
    print(f"load + validate:               {load * 1000:8.1f} ms   (target < 200 ms: {verdict(load, 0.2)})")
    lint = statistics.median(timed(lambda: check_scenario(path), args.repeat))
    print(f"validate with warnings (lint): {lint * 1000:8.1f} ms   (what 'python -m game validate' does)")

    spec = load_scenario(path)
    seeds = iter(range(10**9))
    games: list[Game] = []

    def one_world(trace: bool) -> None:
        games.append(Game(spec, seed=next(seeds), default_controller=AI, trace=trace).run())

    for trace in (True, False):
        games.clear()
        times = timed(lambda trace=trace: one_world(trace), max(args.repeat, 30))
        turns = statistics.mean(int(g.state.turns[0]) for g in games)
        per_campaign = statistics.median(times)
        per_turn = per_campaign / max(turns, 1)
        label = "with chronicle (play)" if trace else "no chronicle"
        print(f"one turn, 1 world, {label:<21} {per_turn * 1000:6.3f} ms   "
              f"(target < 2 ms: {verdict(per_turn, 0.002)}; {turns:.1f} turns a campaign)")
        print(f"campaigns/s at 1 world, {label:<16} {1 / per_campaign:10,.0f}")

    batch = statistics.median(timed(
        lambda: Game(spec, seed=next(seeds), default_controller=AI, worlds=args.worlds).run(),
        max(args.repeat // 3, 1)))
    print(f"campaigns/s at {args.worlds:,} worlds:    {args.worlds / batch:10,.0f}   "
          f"({batch:.2f} s for the batch)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
