"""Interface sounds: made by scripts/make_sounds.py, shipped under assets/sounds, played for a
new crisis, a decision, war and the ending, at the player's volume, silent when muted, and
harmless under the dummy audio driver."""

from __future__ import annotations

import importlib.util
import wave
from pathlib import Path

import numpy as np
import pygame

from game import resources
from game.ui.prefs import Prefs, load_prefs
from game.ui.scenes.base import Choice
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.settings import SettingsScene
from game.ui.sound import NAMES, Sounds

from .helpers import press

REPO = Path(__file__).resolve().parents[2]


def synth():
    spec = importlib.util.spec_from_file_location("make_sounds", REPO / "scripts" / "make_sounds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_sounds_are_what_the_script_synthesises():
    make = synth()
    assert set(make.SOUNDS) == set(NAMES)
    for name, function in make.SOUNDS.items():
        with wave.open(str(resources.asset("sounds", f"{name}.wav"))) as shipped:
            assert (shipped.getnchannels(), shipped.getsampwidth(), shipped.getframerate()) == (1, 2, make.RATE)
            frames = np.frombuffer(shipped.readframes(shipped.getnframes()), dtype="<i2").astype(int)
        made = np.frombuffer(make.pcm(function()), dtype="<i2").astype(int)
        assert len(frames) == len(made) and np.max(np.abs(frames - made)) <= 2, name
        assert 0.1 < len(made) / make.RATE < 3  # short interface sounds


def test_sounds_play_under_the_dummy_driver_without_harm():
    pygame.init()
    try:
        sounds = Sounds(Prefs())
        for name in NAMES:
            sounds.play(name)
        assert sounds.played == list(NAMES)
    finally:
        pygame.quit()


def test_muted_or_zero_volume_plays_nothing():
    assert Sounds(Prefs(muted=True)).audible is False
    sounds = Sounds(Prefs(volume=0.0))
    sounds.play("war")
    assert sounds.played == []


def test_a_missing_sound_device_leaves_the_game_silent(monkeypatch):
    def no_device(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: False)
    monkeypatch.setattr(pygame.mixer, "init", no_device)
    sounds = Sounds(Prefs())
    sounds.play("crisis")  # no exception
    assert sounds._ready is False


def test_new_crisis_decision_and_ending_play_their_sounds(make_app):
    app = make_app(powers=["France"])
    played = app.ctx.sounds.played
    app.apply_result(app.scene.advance())  # from "before your first decision" to the crisis
    app.frame()
    assert played[-1] == "crisis"
    game = app.ctx.session.game
    while not game.is_over():
        decision = game.decision()
        option = next(o for o in decision.options if o.legal)
        app.apply_result(app.scene.apply_choice(Choice(option.id)))
        app.frame()
        assert "decision" in played
        if app.scene.mode == "after":
            app.apply_result(app.scene.advance())
            app.frame()
    if not isinstance(app.scene, EndingScene):
        app.apply_result(app.scene.advance())
    assert isinstance(app.scene, EndingScene) and played[-1] == "ending"
    assert "war" in played  # the replay of 1939 ends in war on the map


def test_settings_mute_and_volume_are_saved(make_app):
    app = make_app()
    app.switch(SettingsScene(app.ctx))
    app.frame()
    assert app.scene.focus.focus_key("settings:sound")
    press(app, pygame.K_RIGHT)
    assert app.prefs.muted is True and load_prefs().muted is True
    assert "off (muted)" in app.visible_text()
    assert app.scene.focus.focus_key("settings:volume")
    press(app, pygame.K_LEFT)
    assert app.prefs.volume == 0.4 and load_prefs().volume == 0.4
    played = list(app.ctx.sounds.played)
    app.ctx.play("war")
    assert app.ctx.sounds.played == played  # muted


def test_volume_in_a_preferences_file_is_checked():
    assert Prefs().volume == 0.6
    from game.ui.prefs import _CHECKS

    assert _CHECKS["volume"](7) == 1.0 and _CHECKS["volume"]("loud") is None and _CHECKS["muted"]("yes") is None
