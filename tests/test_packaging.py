"""Packaged data: every file the game reads at run time is found through game/resources.py."""

from __future__ import annotations

import json

from game import resources


def test_built_in_scenarios_include_the_historical_one():
    names = [p.name for p in resources.scenario_files()]
    assert "europe1936.yaml" in names


def test_sample_challenges_are_found():
    challenges = resources.builtin_challenges()
    assert challenges and all(p.suffix == ".yaml" and p.is_file() for p in challenges)


def test_assets_the_game_reads_exist():
    assert json.loads(resources.asset("ui", "theme.json").read_text(encoding="utf-8"))
    assert json.loads(resources.asset("map", "europe1936.json").read_text(encoding="utf-8"))["countries"]


def test_a_missing_asset_is_a_clear_error():
    try:
        resources.asset("ui", "no-such-theme.json")
    except resources.MissingDataError as exc:
        assert "assets/ui/no-such-theme.json" in str(exc) and "reinstall" in str(exc)
    else:
        raise AssertionError("a missing asset must raise MissingDataError")
