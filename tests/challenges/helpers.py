"""Helpers for the challenge tests: play a path, write a result, tamper with it."""

from __future__ import annotations

import io
import json
from pathlib import Path

from game.challenges.result import build_result, save_result
from game.challenges.run import ChallengeRun

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SMALL = FIXTURES / "small_challenge.yaml"


WHY = "because it keeps the peace and our allies with us, as the treaty says"


def play_path(challenge, picks: dict[str, str], seed: int = 0, why: str = WHY) -> ChallengeRun:
    """Play to the end taking ``picks[event]`` (or the first allowed option) at each decision."""
    run = ChallengeRun(challenge, seed)
    while not run.is_over():
        decision = run.decision()
        allowed = [o.id for o in decision.options if o.legal]
        option = picks.get(decision.event.id, allowed[0])
        run.apply(option, why)
    return run


def write_result(run: ChallengeRun, student: str, path: Path) -> Path:
    return save_result(build_result(run, student), path)


def edit(path: Path, change) -> Path:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=2))
    return path


def text_session(lines: list[str]):
    from game.textplay import TextSession

    out = io.StringIO()
    return TextSession(io.StringIO("\n".join(lines) + "\n"), out), out
