"""The command line turns each engine error into its documented message and exit code."""

from __future__ import annotations

import pytest

from game import cli
from game.commands import basic
from game.engine import (
    EngineError,
    ExpressionError,
    IllegalChoice,
    InvalidDate,
    InvalidSetting,
    SetupError,
    UnknownName,
)


@pytest.mark.parametrize("error, status", [
    (UnknownName("no power named 'Narnia'"), 2),
    (InvalidSetting("setting 'x' must be between 0 and 1"), 2),
    (SetupError("human players need a game of exactly one world"), 2),
    (IllegalChoice("choice 3 is for crisis/France, but the game asks aftermath/Germany"), 1),
    (ExpressionError("unknown name 'foo'"), 1),
    (InvalidDate("'1938-02-30' is not a real date"), 1),
    (EngineError("something the engine refused"), 1),
])
def test_engine_errors_become_a_message_and_an_exit_code(monkeypatch, capsys, error, status):
    def fail(args):
        raise error

    monkeypatch.setattr(basic, "run_replay", fail)
    assert cli.main(["replay"]) == status
    out, err = capsys.readouterr()
    assert out == "" and err == f"error: {error}\n"
