"""The engine's typed errors (game/engine/errors.py): each reads as its message, also after it
crossed a process boundary (pickled, as a worker process sends it back)."""

from __future__ import annotations

import pickle

import pytest

from game.engine.errors import EngineError, ExpressionError, IllegalChoice, SetupError, UnknownName


@pytest.mark.parametrize("error", [SetupError("a human in a many-world game"), UnknownName("no power 'X'"),
                                   IllegalChoice("France has already chosen")])
def test_an_error_reads_as_its_message_before_and_after_pickling(error):
    copy = pickle.loads(pickle.dumps(error))
    assert str(error) == str(copy) == error.args[0] == copy.message
    assert isinstance(copy, EngineError) and type(copy) is type(error)


def test_an_expression_error_keeps_its_offset_and_a_choice_its_reason():
    error = ExpressionError("use == to compare", 12)
    assert (str(error), error.offset) == ("use == to compare", 12)
    assert ExpressionError("an expression must be text").offset == 0  # no place given: its start
    assert IllegalChoice("not now").reason == "not now"
    assert isinstance(UnknownName("x"), KeyError) and str(UnknownName("x")) == "x"  # not KeyError's "'x'"
