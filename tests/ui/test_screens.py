"""Each screen driven headless by posted events, checked on state and on what is drawn."""

from __future__ import annotations

import json

import pygame
import pytest

from game.ui import saves
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.main import MainScene
from game.ui.scenes.message import MessageScene
from game.ui.scenes.new_game import NewGameScene
from game.ui.scenes.replay import ReplayScene
from game.ui.scenes.title import TitleScene

from .conftest import SMALL
from .helpers import click_button, click_doc_item, colours, look, press, text_on_screen


def test_title_menu_lists_entries_and_is_drawn(make_app):
    app = make_app()
    assert isinstance(app.scene, TitleScene)
    keys = [k for k, _, _ in app.scene.entries()]
    assert keys[:2] == ["new", "replay"] and keys[-2:] == ["settings", "quit"]
    assert "continue" not in keys  # no save yet
    text = text_on_screen(app)
    for label in ("Collective Security", "New game", "Replay history", "Settings", "Quit"):
        assert label in text
    assert colours(app.ctx.screen) > 20
    # Visible focus starts on the first entry; Enter opens it.
    assert app.scene.focus.current.key == "new"
    press(app, pygame.K_RETURN, frames=2)
    assert isinstance(app.scene, NewGameScene)


def test_title_keyboard_moves_focus_and_quits(make_app):
    app = make_app()
    press(app, pygame.K_UP)  # does not wrap from the first entry to Quit
    assert app.scene.focus.current.key == "new"
    for _ in range(10):
        press(app, pygame.K_DOWN)
    assert app.scene.focus.current.key == "quit"
    press(app, pygame.K_RETURN, frames=2)
    assert app.running and "Quit Collective Security?" in text_on_screen(app)
    press(app, pygame.K_RETURN, frames=2)  # the safe answer has the focus: back to the title
    assert app.running and isinstance(app.scene, TitleScene)
    app.scene.focus.focus_key("quit")
    press(app, pygame.K_RETURN, frames=2)
    click_button(app, "yes")
    assert not app.running


def test_new_game_powers_settings_and_start(make_app):
    app = make_app(scenario=SMALL)
    scene = app.scene
    assert isinstance(scene, NewGameScene)
    assert "Soviet resolve" in text_on_screen(app)
    assert scene.powers == []  # nothing ticked for a first game
    click_doc_item(app, "setup", "power:Germany")
    click_doc_item(app, "setup", "power:France")
    click_doc_item(app, "setup", "power:USSR")
    assert scene.powers == ["Germany", "France", "USSR"]
    click_doc_item(app, "setup", "power:Germany")
    assert scene.powers == ["France", "USSR"]
    assert scene.focus.focus_key("settings:setting:resolve")
    press(app, pygame.K_RIGHT)
    assert scene.settings["resolve"] == "bluff"
    assert "bluff" in text_on_screen(app)
    click_button(app, "start")
    assert isinstance(app.scene, MainScene)
    session = app.ctx.session
    assert session.humans == ["France", "USSR"] and session.settings["resolve"] == "bluff"


def test_new_game_offers_presets_and_a_preset_sets_every_question(make_app):
    features = str(SMALL).replace("small.yaml", "features.yaml")
    app = make_app(scenario=features)
    scene = app.scene
    assert "Readings (presets)" in text_on_screen(app) and "Sceptic" in text_on_screen(app)
    assert scene.settings == {"resolve": "firm", "red_army": 0.6}  # the default preset, 'middle'
    click_doc_item(app, "settings", "preset:sceptic")
    assert scene.settings == {"resolve": "bluff", "red_army": 0.2}
    click_doc_item(app, "setup", "power:France")
    click_button(app, "start")
    assert app.ctx.session.settings == {"resolve": "bluff", "red_army": 0.2}


def test_main_screen_shows_card_map_and_timeline(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    scene = app.scene
    assert isinstance(scene, MainScene) and scene.mode == "decide"
    text = text_on_screen(app)
    for label in ("Sudeten crisis", "Honour the treaty", "Press Prague to cede", "what happened in history",
                  "15 September 1938   ·   turn 1", "Stance toward Germany:", "France", "Aftermath"):
        assert label in text, label
    assert colours(app.ctx.screen) > 40
    # The map is cached: more frames do not re-render it.
    renders = scene.board.map.renders
    for _ in range(5):
        app.frame()
    assert scene.board.map.renders == renders


def test_number_key_plays_a_turn_and_why_shows_sources(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    press(app, pygame.K_1, frames=2)
    scene = app.scene
    assert app.ctx.session.choices == [("crisis", "France", "honour")]
    assert scene.mode == "after"
    text = text_on_screen(app)
    assert "What followed" in text and "France: Honour the treaty  (you)" in text
    assert not any(t.startswith("Source:") for t in app.visible_text())
    press(app, pygame.K_w, frames=2)
    assert any(t.startswith("Source: R.A.C. Parker") for t in app.visible_text())
    # Autosaved after the turn.
    data = json.loads(saves.latest().read_text())
    assert data["choices"] == [["crisis", "France", "honour"]] and data["scenario"] == "small"


def test_illegal_option_is_explained_not_crash(make_app):
    app = make_app(scenario=SMALL, powers=["USSR"])
    decision = app.ctx.session.game.decision()
    assert [o.legal for o in decision.options] == [True, False]
    press(app, pygame.K_2, frames=2)
    assert app.ctx.session.choices == []
    assert any("The Red Army is not ready" in t for t in app.visible_text())


def test_hot_seat_hands_over_between_powers(make_app):
    app = make_app(scenario=SMALL, powers=["France", "USSR"])
    assert app.scene.mode == "handover"
    assert "France to play" in text_on_screen(app)
    press(app, pygame.K_RETURN, frames=2)
    assert app.scene.mode == "decide"
    look(app)
    press(app, pygame.K_1, frames=2)
    assert app.scene.mode == "handover" and "Soviet Union to play" in text_on_screen(app)


def test_text_twin_of_the_map(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    press(app, pygame.K_t, frames=2)
    assert app.scene.board.show_table
    text = text_on_screen(app)
    for label in ("Power", "Stance", "Territories", "Sudetenland", "Czechoslovakia", "-0.50 cool"):
        assert label in text, label
    press(app, pygame.K_t, frames=2)
    assert not app.scene.board.show_table


def play_to_end(app) -> None:
    for _ in range(20):
        scene = app.scene
        if isinstance(scene, EndingScene):
            return
        if scene.mode == "decide":
            press(app, pygame.K_1, frames=2)
        else:
            press(app, pygame.K_RETURN, frames=2)
    raise AssertionError("the game did not end")


def test_ending_screen_compares_with_history(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    play_to_end(app)
    scene = app.scene
    text = text_on_screen(app)
    ending = app.ctx.session.game.ending()
    assert ending.title in text
    assert "Your path beside history" in text and "At the end: stance toward Germany" in text
    highlighted = [b for b in scene.docs["path"].blocks if b.kind == "row" and b.highlight]
    assert highlighted and highlighted[0].columns[0].startswith("» ")
    assert colours(app.ctx.screen) > 20


def test_rewind_keeps_the_abandoned_branch(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    play_to_end(app)
    click_button(app, "rewind")
    click_doc_item(app, "list", "at:0")
    assert isinstance(app.scene, MainScene) and app.scene.mode == "decide"
    session = app.ctx.session
    assert session.choices == [] and len(session.branches) == 1
    assert session.branches[0].choices[0] == ("crisis", "France", "honour")
    press(app, pygame.K_2, frames=2)  # choose differently this time
    play_to_end(app)
    scene = app.scene
    assert "cmp:branch:0" in scene.docs["path"].clickable_ids()
    press(app, pygame.K_RIGHT, frames=2)
    assert scene.compare_to == "branch:0"
    assert any(t.startswith("Your path beside Branch 1") for t in app.visible_text())
    saved = json.loads(saves.latest().read_text())
    assert len(saved["branches"]) == 1


def test_continue_resumes_exactly(make_app):
    app = make_app(scenario=SMALL, powers=["France"])
    press(app, pygame.K_2, frames=2)
    before = app.ctx.session.game.snapshot()
    app2 = make_app()
    assert "continue" in [k for k, _, _ in app2.scene.entries()]
    click_button(app2, "continue")
    assert isinstance(app2.scene, MainScene)
    session = app2.ctx.session
    assert session.choices == [("crisis", "France", "press_prague")]
    assert session.game.snapshot() == before


@pytest.mark.parametrize("content, words", [
    ("{not json", "not valid JSON"),
    ('{"format": 0, "choices": []}', "save format 0"),
    ('{"format": 1}', "missing or wrong"),
])
def test_bad_save_gives_a_message_and_is_left_alone(make_app, content, words):
    folder = saves.saves_dir()
    folder.mkdir(parents=True)
    path = folder / "game-broken.json"
    path.write_text(content)
    app = make_app()
    click_button(app, "continue")
    assert isinstance(app.scene, MessageScene)
    assert any(words in t for t in app.visible_text()), text_on_screen(app)
    assert path.read_text() == content
    press(app, pygame.K_RETURN, frames=2)
    assert isinstance(app.scene, TitleScene)
    # The game goes on: a new game saves to another file, the bad one stays.
    click_button(app, "new")
    assert isinstance(app.scene, NewGameScene)


def test_replay_play_pause_step(make_app):
    app = make_app()
    click_button(app, "replay")
    scene = app.scene
    assert isinstance(scene, ReplayScene) and scene.step == 0
    assert scene.last >= 2
    press(app, pygame.K_RIGHT, frames=2)
    assert scene.step == 1
    first = scene.game.turns[0]
    assert first.title in app.visible_text()
    press(app, pygame.K_LEFT)
    assert scene.step == 0
    press(app, pygame.K_SPACE)
    assert scene.playing
    scene.update(app.ctx.prefs.replay_seconds + 0.01)
    assert scene.step == 1
    press(app, pygame.K_SPACE)
    assert not scene.playing
    press(app, pygame.K_END, frames=2)
    assert scene.step == scene.last
    assert colours(app.ctx.screen) > 40


def test_settings_font_size_and_fullscreen_persist(make_app):
    from game.ui.prefs import load_prefs

    app = make_app()
    click_button(app, "settings")
    scene = app.scene
    assert scene.focus.focus_key("settings:font")
    press(app, pygame.K_RIGHT, frames=2)
    assert app.ctx.prefs.font_size == "large" and app.ctx.text.scale > 1
    assert load_prefs().font_size == "large"
    press(app, pygame.K_F11, frames=2)
    assert load_prefs().fullscreen
    press(app, pygame.K_F11, frames=2)
    assert not load_prefs().fullscreen


def test_f1_shows_keys_and_escape_returns(make_app):
    app = make_app()
    press(app, pygame.K_F1, frames=2)
    assert "Keys" in app.visible_text() and "number keys" not in app.visible_text()
    assert any("take that option" in t for t in app.visible_text())
    press(app, pygame.K_ESCAPE, frames=2)
    assert isinstance(app.scene, TitleScene)
