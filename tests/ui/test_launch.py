"""Launch: the title menu is drawn before the scenario is read (benchmarks/frames.py measures
the time to that first frame); the scenario's subtitle and map follow on the next frame."""

from __future__ import annotations

import pygame

from game.ui import scenarios
from game.ui.app import App
from game.ui.scenes.title import TitleScene

from .helpers import text_on_screen

SUBTITLE = "Europe, March 1936 - December 1939"


def test_the_first_title_frame_is_drawn_before_the_scenario_is_read(monkeypatch):
    reads = []
    real = scenarios.load
    monkeypatch.setattr(scenarios, "load", lambda path: reads.append(path) or real(path))
    app = App(size=(1280, 720))
    try:
        assert isinstance(app.scene, TitleScene)
        app.frame()
        assert reads == [] and "New game" in text_on_screen(app) and SUBTITLE not in text_on_screen(app)
        app.frame()
        assert len(reads) == 1 and SUBTITLE in text_on_screen(app)
        app.frame()
        assert len(reads) == 1  # read once, not on every frame
    finally:
        pygame.quit()


def test_a_title_opened_later_shows_the_subtitle_on_its_first_frame(monkeypatch):
    app = App(size=(1280, 720))
    try:
        app.frame()
        app.switch(TitleScene(app.ctx))
        app.scene.rebuild()
        app.frame()
        assert SUBTITLE in text_on_screen(app)
    finally:
        pygame.quit()


def test_a_click_pressed_before_the_subtitle_shows_and_released_after_still_opens_new_game():
    # The press lands on the first frame's menu and the release after the scenario is read: the
    # menu must be the same buttons then, or the click is lost (a real-window test saw it).
    app = App(size=(1280, 720))
    try:
        app.frame()
        where = app.scene.buttons.by_key["new"].rect.center
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=where, rel=(0, 0), buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=where, button=1))
        app.frame()  # the press, then the scenario is read and the subtitle shown
        assert SUBTITLE in text_on_screen(app)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=where, button=1))
        for _ in range(3):
            app.frame()
        assert app.scene.title == "New game"
    finally:
        pygame.quit()
