"""Issue 15 points 7, 10 (autosave names) and 13 (stale temporary files): saves and
preferences of the wrong shape never crash the window; every save has its own name."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from game.ui import prefs as prefs_mod
from game.ui import saves
from game.ui.session import Session

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "tests" / "fixtures" / "small.yaml"


@pytest.fixture
def good_save(tmp_path):
    session = Session.start(SMALL, humans=["France"])
    return saves.autosave(session, tmp_path)


@pytest.mark.parametrize("change", [
    {"humans": [1, 2]}, {"humans": None}, {"choices": 5}, {"choices": [[1, 2, 3]]},
    {"settings": None}, {"settings": {"resolve": None}}, {"seed": -1}, {"seed": 10**30},
    {"branches": [{"choices": "x"}]}, {"scenario_path": ["x"]},
])
def test_a_save_of_the_wrong_shape_is_a_save_error_not_a_crash(good_save, change):
    data = json.loads(good_save.read_text())
    data.update(change)
    good_save.write_text(json.dumps(data))
    with pytest.raises(saves.SaveError) as caught:
        saves.load(good_save)
    assert good_save.name in str(caught.value)
    assert saves.summary(good_save) == "Resume the last game"  # the title screen's label


@pytest.mark.parametrize("text", ["[" * 100_000, '{"format": 1, "seed": NaN}', "\xff\xfe", ""])
def test_a_garbled_save_is_a_save_error(tmp_path, text):
    path = tmp_path / "game-x.json"
    path.write_text(text, encoding="latin-1")
    with pytest.raises(saves.SaveError):
        saves.load(path)


def test_a_save_whose_scenario_path_is_a_fifo_does_not_block(good_save, tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    data = json.loads(good_save.read_text())
    data["scenario_path"] = str(fifo)
    data["scenario"] = "no_such_scenario"
    good_save.write_text(json.dumps(data))
    with pytest.raises(saves.SaveError):
        saves.load(good_save)


def test_a_save_that_is_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "game-fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(saves.SaveError, match="pipe"):
        saves.load(fifo)


def test_two_games_started_in_the_same_second_never_share_a_save(tmp_path):
    a = Session.start(SMALL, humans=["France"])
    b = Session.start(SMALL, humans=["France"])
    first, second = saves.autosave(a, tmp_path), saves.autosave(b, tmp_path)
    assert first != second and first.exists() and second.exists()
    names = {saves.new_save_name(tmp_path) for _ in range(200)}
    assert len(names) == 200


def test_temporary_files_left_by_an_interrupted_save_are_removed(good_save, tmp_path):
    stale = tmp_path / f".{good_save.name}.abc123.tmp"
    stale.write_text("{")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / ".game-other.json.def456.tmp"
    fresh.write_text("{")  # a save being written right now by another game: kept
    saves.autosave(Session.start(SMALL, humans=["France"]), tmp_path)
    assert not stale.exists() and fresh.exists()


@pytest.mark.parametrize("text,field,expected", [
    ('{"width": Infinity}', "width", 1280),
    ("[" * 100_000, "width", 1280),
    ('{"fullscreen": "false"}', "fullscreen", False),
    ('{"last_powers": "France"}', "last_powers", ["France"]),
    ('{"last_powers": [1, 2]}', "last_powers", []),
    ('{"width": 1e400}', "width", 1280),
    ('{"width": 99999999999999999999}', "width", 16384),
    ('{"width": null, "font_size": "large"}', "font_size", "large"),
    ('{"replay_seconds": NaN}', "replay_seconds", 2.5),
    ('{"font_size": ["x"]}', "font_size", "normal"),
])
def test_preferences_of_the_wrong_shape_fall_back_field_by_field(tmp_path, text, field, expected):
    path = tmp_path / "prefs.json"
    path.write_text(text)
    assert getattr(prefs_mod.load_prefs(path), field) == expected


def test_preferences_that_are_a_device_or_fifo_are_ignored(tmp_path):
    fifo = tmp_path / "prefs.json"
    os.mkfifo(fifo)
    assert prefs_mod.load_prefs(fifo) == prefs_mod.Prefs()
    assert prefs_mod.load_prefs(Path("/dev/zero")) == prefs_mod.Prefs()
