"""Shared fixtures. Tests run headless: no window, no sound."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def small_spec():
    from game.scenario import load_scenario

    return load_scenario(FIXTURES / "small.yaml")


@pytest.fixture(scope="session")
def mini_spec():
    from game.scenario import load_scenario

    return load_scenario(FIXTURES / "mini.yaml")
