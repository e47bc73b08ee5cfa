"""The defects of issue 11, each pinned by the behaviour a player expects."""

from __future__ import annotations

import json

import pygame
import pytest

from game.ui import app as app_module
from game.ui.layout import window_geometry
from game.ui.prefs import MIN_SIZE, Prefs, prefs_path
from game.ui.scenes.new_game import NewGameScene
from game.ui.scenes.replay import ReplayScene
from game.ui.scenes.title import TitleScene

from .conftest import SMALL
from .helpers import click_button, click_doc_item, look, press, text_on_screen


# ------------------------------------------------------------------ the window
def test_window_is_at_most_nine_tenths_of_the_desktop_and_centred():
    assert window_geometry((1920, 1080), (1920, 1080), MIN_SIZE) == (96, 54, 1728, 972)
    assert window_geometry((1920, 1080), (1280, 720), MIN_SIZE) == (320, 180, 1280, 720)


def test_window_on_a_1024x600_desktop_fills_it_and_is_never_off_screen():
    x, y, w, h = window_geometry((1024, 600), (1280, 720), MIN_SIZE)
    assert (x, y, w, h) == (0, 0, 1024, 600)


def test_window_opens_centred_on_the_desktop(make_app, monkeypatch):
    monkeypatch.setattr(app_module, "desktop_size", lambda: (1920, 1080))
    app = make_app(prefs=Prefs(width=1920, height=1080))
    assert app.window_rect == (96, 54, 1728, 972)
    assert app.ctx.size == (1728, 972)


def test_a_window_of_an_exact_size_is_centred_and_never_off_screen(make_app, monkeypatch):
    """Screenshots and benchmarks ask for an exact size: a 1920x1080 window on a 1920x1080 desktop."""
    monkeypatch.setattr(app_module, "desktop_size", lambda: (1920, 1080))
    assert make_app(size=(1920, 1080)).window_rect == (0, 0, 1920, 1080)
    assert make_app(size=(1280, 720)).window_rect == (320, 180, 1280, 720)


def test_window_remembers_its_size(make_app, monkeypatch):
    monkeypatch.setattr(app_module, "desktop_size", lambda: (1920, 1080))
    app = make_app()
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1100, h=650, size=(1100, 650)))
    app.frame()
    assert json.loads(prefs_path().read_text())["width"] == 1100  # saved at once, not only on a clean exit
    again = make_app()
    assert again.ctx.size == (1100, 650)


# ------------------------------------------------------------------ the title
def test_up_from_the_first_title_entry_does_not_reach_quit(make_app):
    app = make_app()
    press(app, pygame.K_UP)
    assert app.scene.focus.current.key == "new"


def test_quitting_from_the_title_asks_first(make_app):
    app = make_app()
    app.scene.focus.focus_key("quit")
    press(app, pygame.K_RETURN, frames=2)
    assert app.running and "Quit Collective Security?" in text_on_screen(app)
    press(app, pygame.K_ESCAPE, frames=2)
    assert app.running and isinstance(app.scene, TitleScene)


# ------------------------------------------------------------------ the game
def test_a_decision_needs_its_card_to_have_been_shown(make_app):
    app = make_app(powers=["France"])  # the Rhineland, then Spain: France decides twice in a row
    look(app)
    press(app, pygame.K_1, frames=2)
    scene = app.scene
    assert scene.mode == "after"
    # Skip to the next decision and press Enter at once, as a player pressing twice would.
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_s, mod=0, unicode="s", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1, mod=0, unicode="1", scancode=0))
    app.frame()
    assert scene.mode == "decide" and len(app.ctx.session.choices) == 1
    look(app)
    press(app, pygame.K_RETURN, frames=2)
    assert len(app.ctx.session.choices) == 2


def test_happenings_between_decisions_are_cards_one_at_a_time(make_app):
    app = make_app(powers=["France"])
    look(app)
    press(app, pygame.K_1, frames=2)
    scene = app.scene
    assert scene.mode == "after" and "What followed" in text_on_screen(app)
    titles = []
    while scene.mode == "after":
        turn = scene.happenings.current
        titles.append(turn.title)
        assert turn.title in text_on_screen(app)
        assert "current" in {m.state for m in scene.board.timeline.marks if m.event_id == turn.event}
        press(app, pygame.K_RETURN, frames=2)
    assert titles[:2] == ["The Rhineland", "Ethiopia annexed"] and "Rising in Spain" in titles
    look(app)
    press(app, pygame.K_1, frames=2)  # Spain decided: the Axis and the Anti-Comintern Pact come as cards
    seen = [t.title for t in scene.happenings.turns]
    assert "The Axis" in seen and "The Hossbach conference" in seen
    press(app, pygame.K_s, frames=2)
    assert scene.mode == "decide"


def test_header_dates_the_card_on_screen(make_app):
    app = make_app(powers=["France"])
    look(app)
    press(app, pygame.K_1, frames=2)
    board = app.scene.board
    assert board.date_text.startswith("7 March 1936") and board.date_text.endswith("turn 1")
    press(app, pygame.K_RETURN, frames=2)
    assert board.date_text.startswith("9 May 1936") and board.date_text.endswith("turn 2")


def test_replay_header_and_turn_counter_agree(make_app):
    app = make_app(scenario=SMALL)
    app.switch(ReplayScene(app.ctx))
    app.frame()
    board = app.scene.board
    assert board.date_text.endswith("before the first turn") and board.right_text.startswith("Turn 0 of")
    press(app, pygame.K_RIGHT, frames=2)
    assert board.date_text.endswith("turn 1") and board.right_text.startswith("Turn 1 of")


def test_new_game_starts_with_no_power_ticked_and_says_so_on_start(make_app):
    app = make_app(scenario=SMALL)
    scene = app.scene
    assert isinstance(scene, NewGameScene) and scene.powers == []
    click_button(app, "start")
    assert isinstance(app.scene, NewGameScene)
    assert any("Tick the power you want to play" in t for t in app.visible_text())
    click_doc_item(app, "setup", "power:Germany")
    click_doc_item(app, "setup", "power:Germany")  # unticking the only power works too
    assert scene.powers == []


@pytest.mark.parametrize("key", ["table", "menu"])
def test_toolbar_follows_the_font_size(make_app, key):
    normal = make_app(scenario=SMALL, powers=["France"], size=(1920, 1080))
    small = normal.scene.buttons.by_key[key].font.size("Hg")[1]
    large = make_app(scenario=SMALL, powers=["France"], size=(1920, 1080), prefs=Prefs(font_size="largest"))
    assert large.scene.buttons.by_key[key].font.size("Hg")[1] > small * 1.2


def test_see_the_ending_follows_the_font_size(make_app):
    sizes = []
    for font in ("normal", "largest"):
        app = make_app(scenario=SMALL, powers=["France"], size=(1920, 1080), prefs=Prefs(font_size=font))
        press(app, pygame.K_1, frames=2)
        while "See the ending" not in app.scene.buttons.by_key["continue"].text:
            press(app, pygame.K_RETURN, frames=2)
        sizes.append(app.scene.buttons.by_key["continue"].font.size("Hg")[1])
    assert sizes[1] > sizes[0] * 1.2


def test_whatif_from_the_title_lets_the_player_choose_whose_decision(make_app):
    app = make_app()
    app.apply_result(app.scene.on_button("whatif"))
    app.frame()
    ids = app.scene.docs["list"].clickable_ids()
    first = app.scene.power
    assert "power:USSR" in ids and all(i.endswith(f":{first}") for i in ids if i.startswith("at:"))
    click_doc_item(app, "list", "power:USSR")
    ids = app.scene.docs["list"].clickable_ids()
    at = [i for i in ids if i.startswith("at:")]
    assert at and all(i.endswith(":USSR") for i in at)
