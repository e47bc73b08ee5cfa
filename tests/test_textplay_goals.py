"""Free play in the terminal offers the powers' historical aims as goals (issue 11 point 5):
shown at the start and with the status, scored at the end; --no-goals plays without them."""

from __future__ import annotations

import io

from game.engine import Game
from game.goals import goals_of
from game.scenario import load_scenario, resolve_scenario
from game.textplay import TextSession, play


def played(goals, answers: str = "s\n" + "1\n" * 200) -> str:
    spec = load_scenario(resolve_scenario(None))
    game = Game(spec, humans=["France"]).run()
    out = io.StringIO()
    play(TextSession(io.StringIO(answers), out, width=88), game, goals=goals)
    return out.getvalue()


def test_the_goals_are_shown_at_the_start_with_the_status_and_scored_at_the_end():
    spec = load_scenario(resolve_scenario(None))
    goals = goals_of(spec, ["France"])
    assert len(goals) == 3
    text = played(goals)
    start, rest = text.split("Choose 1-", 1)
    assert "Your goals, your powers' historical aims" in start
    assert "Keep Czechoslovakia, France's ally since 1924, whole" in start
    assert "Your goals: " in rest.split("-- 7 March 1936")[0]  # 's' at the first decision
    ending = text.split("ENDING, ")[1]
    assert "Your goals (historical aims): " in ending and " of 3 met" in ending


def test_without_goals_nothing_is_shown_or_scored():
    text = played([])
    assert "Your goals" not in text


def test_the_cli_plays_without_goals_when_asked(monkeypatch, capsys):
    from game.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("1\n" * 200))
    assert main(["play", "--text", "--as", "France", "--no-goals"]) == 0
    assert "Your goals" not in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n" * 200))
    assert main(["play", "--text", "--as", "France"]) == 0
    assert " of 3 met" in capsys.readouterr().out
