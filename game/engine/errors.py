"""Typed errors the engine raises. Drivers catch these and show the reason."""

from __future__ import annotations


class EngineError(Exception):
    """Base class for every error the engine raises on purpose."""


class ExpressionError(EngineError):
    """An expression or effect in a scenario is not allowed or not understood.

    ``offset`` is the 0-based character offset inside the expression text where the
    problem is, so a loader can turn it into a file line and column.
    """

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class IllegalChoice(EngineError):
    """A driver asked the engine to apply a choice that is not legal now.

    ``reason`` is a sentence a player can read.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class GameOver(IllegalChoice):
    """A choice was applied to a game that has already ended."""
