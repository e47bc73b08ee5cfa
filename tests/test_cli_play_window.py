"""`play --as POWER` in the window reads power names as the terminal game does."""

from __future__ import annotations

import pytest

from game.cli import main


@pytest.mark.parametrize("asked, powers", [("Britain", ["Britain"]), ("france,ussr", ["France", "USSR"])])
def test_play_as_a_power_opens_the_window_with_that_power(monkeypatch, asked, powers):
    import game.ui.app as app

    seen = {}
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setattr(app, "run", lambda **kwargs: seen.update(kwargs) or 0)
    assert main(["play", "--as", asked]) == 0
    assert seen["powers"] == powers


def test_play_as_an_unknown_power_is_a_usage_error(monkeypatch, capsys):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    assert main(["play", "--as", "Narnia"]) == 2
    assert "unknown power 'Narnia'" in capsys.readouterr().err
