"""Regenerate the golden transcripts of the historical replay under tests/golden/.

Run after an intended change to a scenario or to the engine, then review the diff:

    python scripts/regen_golden.py && git diff tests/golden
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from game.engine import HISTORY, Game  # noqa: E402
from game.scenario import list_scenarios, load_scenario  # noqa: E402
from game.transcript import chronicle, dumps, game_to_json  # noqa: E402

GOLDEN = REPO / "tests" / "golden"


def transcripts(path: Path) -> dict[str, str]:
    """The replay of one scenario as a chronicle and as JSON, by golden file name."""
    spec = load_scenario(path)
    game = Game(spec, seed=0, default_controller=HISTORY, historical_chance=True).run()
    data = game_to_json(game)
    data.pop("scenario_sha256")  # the file hash changes with every comment edit
    return {f"{spec.id}_replay.txt": chronicle(game, details=True), f"{spec.id}_replay.json": dumps(data)}


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for path in list_scenarios():
        for name, text in transcripts(path).items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
            print(f"wrote tests/golden/{name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
