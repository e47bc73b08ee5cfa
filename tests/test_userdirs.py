"""The player's folders (game/userdirs.py) and what the game finds in them."""

from __future__ import annotations

import shutil
from pathlib import Path

from game import userdirs
from game.challenges import list_challenges
from game.scenario import registry

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_user_folder_lies_under_COLLECTIVE_SECURITY_HOME(user_home):
    """The tests' variable moves every folder; nothing points at the real home."""
    folders = [userdirs.user_data_dir(), userdirs.user_config_dir(), userdirs.user_scenarios_dir(),
               userdirs.user_challenges_dir(), userdirs.saves_dir(), userdirs.user_output_dir()]
    assert all(folder.is_relative_to(user_home) for folder in folders), folders
    assert len(set(folders)) == len(folders)


def test_without_the_variable_folders_come_from_platformdirs(monkeypatch):
    """Unset: data and config in the platform's app folders, output under Documents."""
    monkeypatch.delenv(userdirs.HOME_VARIABLE)
    assert userdirs.user_data_dir().name == userdirs.APP_NAME
    assert userdirs.user_config_dir().name == userdirs.APP_NAME
    assert userdirs.user_output_dir().name == userdirs.OUTPUT_FOLDER
    assert userdirs.user_scenarios_dir().parent == userdirs.user_data_dir()


def test_folders_are_named_not_created(user_home):
    """Asking where a folder is never creates it; ensure() does."""
    folder = userdirs.user_output_dir()
    assert not folder.exists()
    assert userdirs.ensure(folder).is_dir()


def test_a_player_scenario_is_listed_after_the_built_in_ones(user_home):
    folder = userdirs.ensure(userdirs.user_scenarios_dir())
    shutil.copy(FIXTURES / "small.yaml", folder / "mine.yaml")
    (folder / "notes.txt").write_text("not a scenario")
    entries = registry.all_scenarios()
    assert [e.origin for e in entries][-1] == registry.USER
    assert entries[-1].path == folder / "mine.yaml"
    assert {e.origin for e in entries[:-1]} == {registry.BUILT_IN}


def test_a_player_scenario_resolves_by_stem_and_by_id(user_home):
    folder = userdirs.ensure(userdirs.user_scenarios_dir())
    shutil.copy(FIXTURES / "small.yaml", folder / "mine.yaml")
    assert registry.resolve_scenario("mine") == folder / "mine.yaml"
    assert registry.resolve_scenario("small") == folder / "mine.yaml"  # the id inside the file


def test_a_built_in_id_wins_over_a_player_file_of_the_same_name(user_home):
    folder = userdirs.ensure(userdirs.user_scenarios_dir())
    shutil.copy(FIXTURES / "small.yaml", folder / f"{registry.DEFAULT_SCENARIO}.yaml")
    assert registry.resolve_scenario(registry.DEFAULT_SCENARIO) == registry.default_scenario_path()


def test_a_player_challenge_is_listed_after_the_samples(user_home):
    samples = list_challenges()
    folder = userdirs.ensure(userdirs.user_challenges_dir())
    shutil.copy(samples[0], folder / "homework.yaml")
    assert list_challenges() == [*samples, folder / "homework.yaml"]


def test_new_game_offers_the_players_own_scenarios(user_home):
    """The window's scenario list (New game, Replay) is built-in plus the user folder."""
    from game.ui import scenarios

    folder = userdirs.ensure(userdirs.user_scenarios_dir())
    shutil.copy(FIXTURES / "small.yaml", folder / "mine.yaml")
    offered = scenarios.available()
    assert [path for path, _, _ in offered][-1] == folder / "mine.yaml"
    assert offered[-1][1] is not None and offered[-1][1].id == "small"
    assert registry.default_scenario_path() in [path for path, _, _ in offered]


def test_the_default_scenario_is_listed_first_among_the_built_in_ones():
    """New game and What-if open on the first scenario: the main one, not the alphabetically first."""
    from game.scenario.registry import default_scenario_path, list_scenarios

    assert list_scenarios()[0] == default_scenario_path()
    assert len(list_scenarios()) >= 2
