"""The window's Challenges screens, driven headless with synthetic pygame events."""

from __future__ import annotations

import json

import pytest

pygame = pytest.importorskip("pygame")

from game.challenges import load_challenge  # noqa: E402
from game.challenges.grade import verify  # noqa: E402

from .helpers import SMALL  # noqa: E402


def key(scene, k):
    return scene.process_event(pygame.event.Event(pygame.KEYDOWN, key=k))


def type_text(scene, text):
    return scene.process_event(pygame.event.Event(pygame.TEXTINPUT, text=text))


def test_briefing_play_justify_result_and_save_in_the_window(tmp_path):
    """Enter begins; a forbidden option is refused; the justification and name are typed;
    the saved result verifies and the report card is written."""
    from game.ui.challenge_screens import open_scene

    pygame.init()
    surface = pygame.Surface((1280, 720))
    scene = open_scene(back="title", challenge=str(SMALL), results_dir=tmp_path)
    assert scene.screen == "briefing"
    scene.draw(surface)
    key(scene, pygame.K_RETURN)
    assert scene.screen == "play"
    key(scene, pygame.K_2)
    assert "forbidden by the challenge" in scene.message
    key(scene, pygame.K_1)
    type_text(scene, "because")
    key(scene, pygame.K_RETURN)
    assert "at least 2 words" in scene.message and scene.screen == "play"
    type_text(scene, " of the treaty")
    scene.draw(surface)
    key(scene, pygame.K_RETURN)
    assert scene.screen == "result"
    scene.draw(surface)
    type_text(scene, "Ada")
    key(scene, pygame.K_RETURN)
    result = json.loads((tmp_path / "small_crisis-ada.json").read_text())
    assert result["choices"][0]["justification"] == "because of the treaty"
    assert verify(result, load_challenge(SMALL)).verified
    assert (tmp_path / "small_crisis-ada.png").exists()
    scene.draw(surface)
    assert key(scene, pygame.K_ESCAPE) is None and scene.screen == "list"
    assert key(scene, pygame.K_ESCAPE) == "title"


def test_the_list_shows_shipped_challenges_and_opened_files(tmp_path):
    """scenarios/challenges/ plus any file given; a broken file is listed with its first error."""
    from game.ui.challenge_screens import open_scene

    pygame.init()
    bad = tmp_path / "bad.yaml"
    bad.write_text("challenge: 1\nid: x\n")
    scene = open_scene(extra=[SMALL, bad])
    paths = [entry[0] for entry in scene.entries]
    assert SMALL in paths and bad in paths
    assert "missing required key" in scene.entries[paths.index(bad)][2]
    scene.draw(pygame.Surface((1024, 700)))
    scene.selected = paths.index(bad)
    key(scene, pygame.K_RETURN)
    assert scene.screen == "list" and "has errors" in scene.message


def test_the_digit_that_chooses_an_option_is_not_typed_into_the_justification(tmp_path):
    """Pressing 1 sends KEYDOWN then TEXTINPUT '1'; only the key press counts, as a choice."""
    from game.ui.challenge_screens import open_scene

    pygame.init()
    scene = open_scene(back="title", challenge=str(SMALL), results_dir=tmp_path)
    key(scene, pygame.K_RETURN)
    key(scene, pygame.K_1)
    type_text(scene, "1")
    type_text(scene, "because")
    assert scene.typing == "because"


def test_the_window_saves_results_in_the_user_output_folder_and_says_where(user_home, tmp_path, monkeypatch):
    """Without a results folder given, result and report card go to the user output folder
    (never the current directory), and the message names that folder."""
    from game.ui.challenge_screens import open_scene

    pygame.init()
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    surface = pygame.Surface((1280, 720))
    scene = open_scene(back="title", challenge=str(SMALL))
    key(scene, pygame.K_RETURN)
    key(scene, pygame.K_1)
    type_text(scene, "because of the treaty")
    key(scene, pygame.K_RETURN)
    assert scene.screen == "result"
    scene.draw(surface)
    type_text(scene, "Ada")
    key(scene, pygame.K_RETURN)
    output = user_home / "output"
    assert (output / "small_crisis-ada.json").exists() and (output / "small_crisis-ada.png").exists()
    assert str(output) in scene.message
    assert not list(here.iterdir())
