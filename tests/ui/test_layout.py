"""Nothing overlaps or is cut off, from 1024x600 up, at every font size; README keys in sync."""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame
import pytest

from game.ui.keys import KEYS
from game.ui.prefs import FONT_SCALES, Prefs

from .conftest import SMALL
from .helpers import press

README = Path(__file__).resolve().parents[2] / "README.md"


def boxes(app) -> list[tuple[str, pygame.Rect]]:
    out = [(f"button:{k}", b.rect) for k, b in app.scene.buttons.by_key.items()]
    out += [(f"doc:{n}", d.rect) for n, d in app.scene.docs.items() if d.rect.w > 1]
    return out


def check(app) -> None:
    window = app.ctx.screen.get_rect()
    items = boxes(app)
    for name, rect in items:
        assert window.contains(rect), f"{name} {rect} is outside the {window.size} window"
    for (a, ra), (b, rb) in itertools.combinations(items, 2):
        assert not ra.colliderect(rb), f"{a} {ra} overlaps {b} {rb}"
    for key, button in app.scene.buttons.by_key.items():
        font = getattr(button, "font", None)
        if font is not None:
            assert font.size(button.text)[0] <= button.rect.w - 8, f"'{button.text}' is cut off"


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720), (1920, 1080)])
@pytest.mark.parametrize("font", list(FONT_SCALES))
def test_screens_fit(make_app, size, font):
    from game.ui.scenes.ending import EndingScene
    from game.ui.scenes.new_game import NewGameScene
    from game.ui.scenes.settings import SettingsScene

    app = make_app(size=size, prefs=Prefs(font_size=font), scenario=SMALL, powers=["France"])
    check(app)  # main screen
    press(app, pygame.K_t, frames=2)
    check(app)  # its text twin
    for scene in (NewGameScene(app.ctx, scenario=SMALL), SettingsScene(app.ctx), EndingScene(app.ctx)):
        app.switch(scene)
        app.frame()
        check(app)
    from game.ui.scenes.title import TitleScene

    app.switch(TitleScene(app.ctx))
    app.frame()
    check(app)


def test_readme_lists_every_key():
    text = README.read_text(encoding="utf-8")
    for where, key, what in KEYS:
        assert f"| {where} | {key} | {what} |" in text
