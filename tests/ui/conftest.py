"""Headless window tests: SDL dummy video, user folders in a temporary directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SMALL = str(FIXTURES / "small.yaml")


@pytest.fixture(autouse=True)
def user_dirs(tmp_path, monkeypatch):
    """Saves and preferences go to a fresh folder for every test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def make_app():
    from game.ui.app import App

    apps = []

    def make(**kwargs):
        app = App(**kwargs)
        app.frame()
        app.frame(0.5)  # the player looks at the first screen (a decision card must have been seen)
        apps.append(app)
        return app

    yield make
    import pygame

    pygame.quit()
