"""The historical replay of every shipped scenario matches its reviewed golden transcript.

After an intended change run `python scripts/regen_golden.py` and review `git diff tests/golden`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from game.scenario import list_scenarios

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("regen_golden", REPO / "scripts" / "regen_golden.py")
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)


@pytest.mark.parametrize("path", list_scenarios(), ids=lambda p: p.stem)
def test_replay_matches_the_golden_transcript(path):
    for name, text in regen.transcripts(path).items():
        golden = REPO / "tests" / "golden" / name
        assert golden.exists(), f"no golden file {name}: run python scripts/regen_golden.py"
        assert text == golden.read_text(encoding="utf-8"), (
            f"{name} differs from the replay; if the change is intended, run "
            "python scripts/regen_golden.py and review git diff tests/golden"
        )
