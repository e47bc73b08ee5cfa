"""Print what texts with values cost (issue 13 point 4). Not part of the test run.

    python benchmarks/templates.py [SCENARIO ...]

For each scenario: how many texts hold values, the time to compile them (validate does
this once), the time to render one, and a one-world history replay with and without
rendering (the same compiled scenario, its templates removed), so the difference is what
rendering costs a driver. Many-world runs (what-if) render nothing: only the traced world
writes lines.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from game.engine import HISTORY, Game  # noqa: E402
from game.engine.state import WorldState  # noqa: E402
from game.engine.template import compile_template, render  # noqa: E402
from game.scenario import load_scenario  # noqa: E402

REPLAYS = 20


def replay_seconds(spec) -> float:
    start = time.process_time()
    for _ in range(REPLAYS):
        Game(spec, seed=0, default_controller=HISTORY, historical_chance=True).run()
    return (time.process_time() - start) / REPLAYS


def measure(path: Path) -> None:
    spec = load_scenario(path)
    texts = list(spec.templates)
    print(f"{spec.id}: {len(texts)} texts hold values")
    if not texts:
        return
    start = time.process_time()
    for text in texts:
        compile_template(text, spec)
    compiled = (time.process_time() - start) / len(texts)
    state = WorldState.initial(spec, spec.encode_settings(spec.resolve_settings({})), 1)
    start = time.process_time()
    rounds = 2000
    for _ in range(rounds):
        for template in spec.templates.values():
            render(template, state)
    rendered = (time.process_time() - start) / (rounds * len(texts))
    with_values = replay_seconds(spec)
    without = replay_seconds(replace(spec, templates={}))
    print(f"  compile {compiled * 1e3:.2f} ms per text; render {rendered * 1e6:.0f} us per text")
    print(f"  history replay {with_values * 1e3:.1f} ms with values, {without * 1e3:.1f} ms with the texts "
          f"as written ({REPLAYS} replays each, process time)")


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or [REPO / "scenarios" / name for name in ("abyssinia1935.yaml", "europe1936.yaml")]
    for path in paths:
        measure(path)


if __name__ == "__main__":
    main(sys.argv[1:])
