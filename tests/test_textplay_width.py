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


def _status_after(human: str, answer: int) -> str:
    """The status at the end of a game where ``human`` always takes option ``answer`` (or the
    last legal one)."""
    spec = load_scenario(resolve_scenario(None))
    game = Game(spec, humans=[human]).run()
    while game.decision() is not None:
        legal = game.legal_options()
        game.apply(legal[min(answer, len(legal)) - 1])
    out = io.StringIO()
    show_status(TextSession(io.StringIO(), out, width=88), game)
    return out.getvalue()


def test_status_leaves_out_states_that_ceased_to_exist_and_names_who_took_them():
    text = _status_after("France", 1)  # the historical path: Austria and Czechoslovakia are gone by 1939
    table = text.split("No longer a state:")[0]
    assert "Austria" not in table and "Czechoslovakia" not in table
    assert "Austria (taken by Germany)" in " ".join(text.split())


def test_status_tells_what_has_happened_in_words_not_flag_names():
    text = _status_after("France", 1)
    assert "What has happened:" in text
    assert "  - The Munich Agreement is signed." in text
    assert "munich_signed" not in text


def test_status_at_the_start_does_not_list_a_state_that_does_not_exist_yet():
    spec = load_scenario(resolve_scenario(None))
    out = io.StringIO()
    show_status(TextSession(io.StringIO(), out, width=88), Game(spec, humans=["France"]).run())
    assert "Slovakia  " not in out.getvalue()  # independent only from March 1939
    assert "Slovakia (Czechoslovakia)" in " ".join(out.getvalue().split())  # its land, in the territories line
