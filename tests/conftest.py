"""Shared fixtures. Tests run headless: no window, no sound."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# Every user folder (game/userdirs.py) under one throwaway directory, already while tests are
# collected, so no test reads or writes the real home's scenarios, saves or documents.
os.environ["COLLECTIVE_SECURITY_HOME"] = tempfile.mkdtemp(prefix="collective-security-tests-")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def user_home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty set of user folders for each test (subprocesses inherit it)."""
    home = tmp_path / "user-home"
    monkeypatch.setenv("COLLECTIVE_SECURITY_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def small_spec():
    from game.scenario import load_scenario

    return load_scenario(FIXTURES / "small.yaml")


@pytest.fixture(scope="session")
def mini_spec():
    from game.scenario import load_scenario

    return load_scenario(FIXTURES / "mini.yaml")


# The small sample challenge and an honest result for it, shared by the challenge, grading and
# hardening tests (tests/challenges/, tests/hardening/test_results.py).
@pytest.fixture(scope="module")
def challenge():
    """The small test challenge (tests/challenges/fixtures/small_challenge.yaml)."""
    from game.challenges import load_challenge
    from tests.challenges.helpers import SMALL

    return load_challenge(SMALL)


@pytest.fixture
def genuine(challenge, tmp_path) -> Path:
    """Ada's honest result file: France honours the treaty in the crisis, seed 3."""
    from tests.challenges.helpers import play_path, write_result

    run = play_path(challenge, {"crisis": "honour"}, seed=3, why="we keep our treaty")
    return write_result(run, "Ada", tmp_path / "ada.json")


@pytest.fixture()
def window_app(tmp_path, monkeypatch):
    """Headless game windows in fresh user folders: ``make(challenge=None, size=(1280, 720))``
    opens an App (on a challenge file, if given) and draws its first frame. Shared by the
    challenge and what-if window tests; pygame is closed after the test."""
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("COLLECTIVE_SECURITY_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    pygame = pytest.importorskip("pygame")
    from game.ui.app import App

    def make(challenge=None, size=(1280, 720)):
        window = App(challenge=str(challenge) if challenge else None, size=size)
        window.frame()
        return window

    yield make
    pygame.quit()
