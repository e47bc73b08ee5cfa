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
    entry = getattr(app.scene, "entry", None)
    if entry is not None:
        out.append(("text entry", entry.rect))
    chart = getattr(app.scene, "chart_area", None)
    if chart is not None and chart.w > 1:
        out.append(("chart", chart))
    return out


def check(app) -> None:
    window = app.ctx.screen.get_rect()
    items = boxes(app)
    for name, rect in items:
        assert window.contains(rect), f"{name} {rect} is outside the {window.size} window"
    for (a, ra), (b, rb) in itertools.combinations(items, 2):
        assert not ra.colliderect(rb), f"{a} {ra} overlaps {b} {rb}"
    for button in app.scene.buttons.by_key.values():
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


CHALLENGE = Path(__file__).resolve().parents[1] / "challenges" / "fixtures" / "small_challenge.yaml"


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720), (1920, 1080)])
@pytest.mark.parametrize("font", list(FONT_SCALES))
def test_challenge_and_whatif_screens_fit(make_app, size, font):
    """Briefing, play (what happened, the decision, the justification box), result, list,
    and the what-if scene with its chart."""
    from game.engine import Game
    from game.ui.scenes.challenges import ChallengeListScene, ChallengeResultScene
    from game.ui.scenes.title import TitleScene
    from game.ui.scenes.whatif import WhatIfScene

    app = make_app(size=size, prefs=Prefs(font_size=font), challenge=str(CHALLENGE))
    check(app)  # briefing
    press(app, pygame.K_RETURN, frames=2)
    play = app.scene
    check(app)
    while play.mode == "after":
        press(app, pygame.K_RETURN, frames=2)
    check(app)  # the decision
    play.choose(next(o.id for o in play.run.decision().options if o.legal))
    app.frame()
    assert play.entry is not None
    check(app)  # with the justification box and its message
    play.entry.set_text("because of the treaty with Prague")
    play.confirm()
    check(app)
    while not play.run.is_over():
        play.advance()
        play.choose(next(o.id for o in play.run.decision().options if o.legal))
        play.entry.set_text("because of the treaty with Prague")
        play.confirm()
    app.switch(ChallengeResultScene(app.ctx, play.run, back_to=TitleScene(app.ctx)))
    app.frame()
    check(app)
    app.switch(ChallengeListScene(app.ctx, back_to=TitleScene(app.ctx)))
    app.frame()
    check(app)
    scene = WhatIfScene(app.ctx, Game(play.run.challenge.spec, humans=["France"], seed=1).run(),
                        back_to=TitleScene(app.ctx), worlds=200)
    app.switch(scene)
    scene.runs.join(60)
    app.frame()
    app.frame()
    assert scene.finished
    check(app)


def test_readme_lists_every_key():
    text = README.read_text(encoding="utf-8")
    for where, key, what in KEYS:
        assert f"| {where} | {key} | {what} |" in text
