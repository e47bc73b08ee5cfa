"""The window's What-if view, headless: progress, results side by side, cancel."""

from __future__ import annotations

import time

import pytest

pygame = pytest.importorskip("pygame")

from game.engine import Game  # noqa: E402


@pytest.fixture()
def screen():
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode((1280, 720))
    pygame.display.quit()


def test_whatif_view_draws_while_running_then_shows_every_option(small_spec, screen):
    """The view keeps drawing frames while the worlds run, and ends with one column per option."""
    from game.ui.whatif_view import open_scene

    scene = open_scene(Game(small_spec, humans=["France"], seed=2).run(), back="decision", worlds=400)
    frames, deadline = 0, time.monotonic() + 30
    while not scene.runs.done and time.monotonic() < deadline:
        scene.draw(screen)
        frames += 1
        time.sleep(0.005)
    scene.draw(screen)
    assert scene.runs.done and scene.runs.error is None
    assert [o.option for o in scene.options] == ["honour", "press_prague"]
    assert all(r.worlds == 400 for r in scene.runs.results)
    assert scene.update(0.016) is None  # still open until the player leaves


def test_escape_cancels_a_running_whatif_and_goes_back(small_spec, screen):
    from game.ui.whatif_view import open_scene

    scene = open_scene(Game(small_spec, humans=["France"], seed=2).run(), back="decision", worlds=500_000)
    scene.draw(screen)
    assert scene.process_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE)) == "decision"
    scene.runs.join(30)
    assert scene.runs.cancelled and scene.update(0.016) == "decision"
    scene.draw(screen)  # drawing a cancelled view does not fail
