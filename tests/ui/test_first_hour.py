"""A first hour: F1 explains how to play as well as the keys."""

from __future__ import annotations

import pygame

from .helpers import press, text_on_screen


def test_f1_explains_how_to_play_as_well_as_the_keys(make_app):
    app = make_app()
    press(app, pygame.K_F1, frames=2)
    text = text_on_screen(app)
    assert "How to play" in text and "A decision" in text and "Rewind and what if" in text
    assert "Keys" in text
