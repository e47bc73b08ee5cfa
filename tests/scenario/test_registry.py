"""Finding scenario files (game/scenario/registry.py): the built-in ones first, the default
first among them, then the player's own, each with where it comes from; an id is a file's
name or its declared 'id:', the built-in one winning."""

from __future__ import annotations

import pytest

from game import userdirs
from game.scenario.registry import (
    BUILT_IN,
    SCENARIO_DIR,
    USER,
    all_scenarios,
    default_scenario_path,
    resolve_scenario,
)


def own(name: str, text: str):
    folder = userdirs.user_scenarios_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_the_built_in_scenarios_come_first_the_default_leading_then_the_players_own():
    mine = own("zz_mine.yaml", "id: mine\n")
    entries = [(entry.path, entry.origin) for entry in all_scenarios()]
    built_in = sorted(p for p in SCENARIO_DIR.glob("*.yaml") if p.stem != "europe1936")
    assert entries == [(default_scenario_path(), BUILT_IN), *((p, BUILT_IN) for p in built_in), (mine, USER)]
    assert default_scenario_path() == SCENARIO_DIR / "europe1936.yaml"


def test_a_scenario_is_found_by_its_file_name_or_its_declared_id_the_built_in_one_first():
    mine = own("my_file.yml", "# my own\nid: 'my_crisis'\ntitle: x\n")
    assert resolve_scenario(None) == resolve_scenario("") == default_scenario_path()
    assert resolve_scenario("abyssinia1935") == SCENARIO_DIR / "abyssinia1935.yaml"
    assert resolve_scenario("my_file") == mine
    assert resolve_scenario("my_crisis") == mine
    assert resolve_scenario("some/path.yaml").as_posix() == "some/path.yaml"  # a path is taken as it is
    assert resolve_scenario("some/path.yml").as_posix() == "some/path.yml"
    own("europe1936.yaml", "id: europe1936\n")  # a stray copy does not change what the id means
    assert resolve_scenario("europe1936") == default_scenario_path()


def test_a_file_that_is_not_utf8_does_not_stop_the_search_by_id():
    folder = userdirs.user_scenarios_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_broken.yaml").write_bytes(b"id: \xff\xfe\n")
    mine = own("b_mine.yaml", "id: my_crisis\n")
    assert resolve_scenario("my_crisis") == mine


def test_an_unknown_id_names_the_ones_there_are():
    own("my_file.yaml", "id: my_crisis\n")
    with pytest.raises(FileNotFoundError) as caught:
        resolve_scenario("my_cris")
    known = ", ".join(entry.path.stem for entry in all_scenarios())
    assert str(caught.value) == f"no scenario 'my_cris' (known: {known})" and "my_file" in known
