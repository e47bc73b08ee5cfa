"""Print what a scenario costs per world, counted and measured (issue 15 point 12).
Not part of the test run.

    python benchmarks/cost.py [SCENARIO ...] [--extra-rules N]

For each scenario: the rule checks per world that ``validate`` reports
(game.scenario.cost.checks_per_world), the seconds a one-world history replay takes, and
the seconds per check, which calibrates SECONDS_PER_CHECK. ``--extra-rules N`` adds N
background rules to europe1936 (a copy in a temporary folder) to see the cost grow.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from game.engine import HISTORY, Game  # noqa: E402
from game.scenario import load_scenario  # noqa: E402
from game.scenario.cost import checks_per_world  # noqa: E402

MAIN = REPO / "scenarios" / "europe1936.yaml"
RULE = '''  - id: extra_{i}
    when: "flag.hitler_backed_down and date >= 1938-01-01"
    effects: ["league_credibility += 0.001"]
    text: "Extra rule {i}."
    assumption: "benchmark filler"
'''


def measure(path: Path) -> None:
    spec = load_scenario(path)
    checks = checks_per_world(spec)
    start = time.process_time()
    Game(spec, seed=0, default_controller=HISTORY)
    seconds = time.process_time() - start
    print(f"{path.name}: {path.stat().st_size:,} bytes, {checks:,} checks per world, replay {seconds:.2f} s CPU, "
          f"{seconds / checks * 1e6:.1f} us per check")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenarios", nargs="*", type=Path)
    parser.add_argument("--extra-rules", type=int, default=0)
    args = parser.parse_args()
    for path in args.scenarios or [MAIN]:
        measure(path)
    if args.extra_rules:
        text = MAIN.read_text(encoding="utf-8")
        extra = "".join(RULE.format(i=i) for i in range(args.extra_rules))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"europe1936_plus_{args.extra_rules}.yaml"
            path.write_text(text.replace("\nendings:\n", "\n" + extra + "\nendings:\n", 1), encoding="utf-8")
            measure(path)


if __name__ == "__main__":
    main()
