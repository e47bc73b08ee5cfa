"""The window's What-if scene, headless: progress while the worlds run, then the bars of
every option in the chart area, and cancel."""

from __future__ import annotations

import time

import pytest

pygame = pytest.importorskip("pygame")

from game.engine import Game  # noqa: E402


@pytest.fixture()
def app(window_app):
    return window_app()


def pixels_of(surface: pygame.Surface, rect: pygame.Rect, colour) -> int:
    """How many pixels of ``rect`` have exactly ``colour``."""
    area = surface.subsurface(rect)
    mask = pygame.mask.from_threshold(area, colour, (1, 1, 1, 255))
    return mask.count()


def open_whatif(app, spec, worlds):
    from game.ui.scenes.title import TitleScene
    from game.ui.scenes.whatif import WhatIfScene

    scene = WhatIfScene(app.ctx, Game(spec, humans=["France"], seed=2).run(), back_to=TitleScene(app.ctx), worlds=worlds)
    app.switch(scene)
    return scene


def test_whatif_shows_progress_then_one_bar_per_option_in_the_chart(app, small_spec):
    """When the worlds are done the chart area holds the bars of every option, each in its own
    colour (a chart that is not drawn fails this)."""
    scene = open_whatif(app, small_spec, worlds=400)
    deadline = time.monotonic() + 60
    while not scene.finished and time.monotonic() < deadline:
        app.frame()
        time.sleep(0.005)
    app.frame()
    app.frame()
    assert scene.finished and [o.option for o in scene.options] == ["honour", "press_prague"]
    assert scene.bar is None  # the progress bar gave way to the chart
    area = scene.chart_area
    assert area.width > 400 and area.height > 200
    for k in range(len(scene.options)):
        bars = pixels_of(app.ctx.screen, area, scene.style.series_colour(k))
        assert bars > 50, f"option {k + 1} has no bar in the chart ({bars} pixels)"
    shown = app.visible_text()
    assert "How the worlds end (share of worlds, 95% interval)" in shown
    assert scene.buttons.by_key["back"].text == "Back (Esc)"
    assert app.scene is scene  # still open until the player leaves


def test_a_running_whatif_shows_progress_and_escape_cancels_it(app, small_spec):
    from game.ui.scenes.title import TitleScene

    scene = open_whatif(app, small_spec, worlds=500_000)
    app.frame()
    assert scene.bar is not None and scene.status.text.startswith("Running worlds: ")
    assert scene.buttons.by_key["back"].text == "Cancel (Esc)"
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    app.frame()
    assert isinstance(app.scene, TitleScene)
    scene.runs.join(30)
    assert scene.runs.cancelled and not scene.finished
