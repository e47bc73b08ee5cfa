"""Scenes open one another by name through AppContext.open_scene, never by importing each
other (tests/test_import_graph.py checks there is no loop): every name used is one the
window knows, and each opens the scene class it says."""

from __future__ import annotations

import re
from pathlib import Path

from game.ui.app import scene_classes

SCENES = Path(__file__).resolve().parents[2] / "game" / "ui" / "scenes"


def test_every_scene_name_a_scene_opens_is_known_to_the_window():
    used = {name for path in SCENES.glob("*.py")
            for name in re.findall(r"open_scene\(\s*\"(\w+)\"", path.read_text(encoding="utf-8"))}
    assert used, "no scene opens another by name: the pattern no longer matches the code"
    assert sorted(used - set(scene_classes())) == []


def test_scene_names_open_the_scene_they_name():
    names = {name: cls.__name__ for name, cls in scene_classes().items()}
    assert names["title"] == "TitleScene" and names["main"] == "MainScene"
    assert names["ending"] == "EndingScene" and names["new_game"] == "NewGameScene"
    assert names["whatif_pick"] == "WhatIfPickScene" and names["challenges"] == "ChallengeListScene"
