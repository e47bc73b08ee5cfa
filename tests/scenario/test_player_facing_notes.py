"""A flag's note is what players read under "What has happened" (the window's table, the
terminal's status): it is written for them, so it names no rule (flag.x, setting.x) and says
nothing about the tool's own statistics."""

from __future__ import annotations

import re

import pytest

from game.scenario import load_scenario
from game.scenario.registry import SCENARIO_DIR

SCENARIOS = sorted(SCENARIO_DIR.glob("*.yaml"))
RULE_NAME = re.compile(r"\b(flag|setting|trust|will|stance|territory)\.[a-z_]")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_flag_notes_name_no_rule_and_no_statistics(path):
    spec = load_scenario(path)
    for flag, note in spec.flag_notes.items():
        assert not RULE_NAME.search(note), f"{flag}: {note}"
        assert "what-if" not in note.lower() and "statistic" not in note.lower(), f"{flag}: {note}"
