"""Terminal play uses the terminal's real width and breaks lines between words."""

from __future__ import annotations

import io
import os

from game import textplay
from game.engine import Game
from game.scenario import load_scenario, resolve_scenario
from game.textplay import TextSession, show_status


def test_terminal_width_is_the_terminals(monkeypatch):
    monkeypatch.setattr(textplay.shutil, "get_terminal_size", lambda fallback=None: os.terminal_size((61, 20)))
    assert textplay.terminal_width() == 60
    assert TextSession(io.StringIO(), io.StringIO()).width == 60
    monkeypatch.setattr(textplay.shutil, "get_terminal_size", lambda fallback=None: os.terminal_size((300, 20)))
    assert textplay.terminal_width() == textplay.MAX_WIDTH


def test_status_lines_break_between_words_within_the_width():
    spec = load_scenario(resolve_scenario(None))
    game = Game(spec, humans=["France"]).run()
    out = io.StringIO()
    show_status(TextSession(io.StringIO(), out, width=50), game)
    lines = out.getvalue().splitlines()
    territories = lines[next(i for i, line in enumerate(lines) if line.startswith("Territories:")):]
    assert len(territories) > 1 and all(len(line) <= 50 for line in territories)
    words = set(" ".join(territories).split())
    for territory in spec.territories:  # no name cut in two
        for word in territory.name.split():
            assert any(word in w for w in words), word


def test_reask_names_what_the_extra_key_does():
    out = io.StringIO()
    session = TextSession(io.StringIO("9\n1\n"), out)
    assert session.pick("? ", 2, {"s": lambda: None}, {"s": "status"}) == 0
    assert "Please type a number from 1 to 2, or s for the status." in out.getvalue()
