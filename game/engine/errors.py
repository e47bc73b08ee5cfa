"""Typed errors the engine raises. Drivers catch these and show the reason.

Every error the engine raises on purpose is an :class:`EngineError`. Those that replace a
built-in error a caller may already catch also derive from it (``UnknownName`` is a
``KeyError``, ``InvalidSetting`` and ``InvalidDate`` are ``ValueError``s). ``str(error)`` is
always the readable message. How the command line reports each one is listed in
docs/architecture.md ("Errors and exit codes").
"""

from __future__ import annotations


class EngineError(Exception):
    """Base class for every error the engine raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ExpressionError(EngineError):
    """An expression or effect in a scenario is not allowed or not understood.

    ``offset`` is the 0-based character offset inside the expression text where the
    problem is, so a loader can turn it into a file line and column.
    """

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


class TemplateError(ExpressionError):
    """A text with values (``{league | percent}``, ``{if flag.x}...{end}``) that cannot be read.

    ``offset`` is the 0-based character offset inside the text, as for ExpressionError.
    ``also`` holds the text's other problems, so that a file's check reports all of them.
    """

    also: tuple[TemplateError, ...] = ()


class IllegalChoice(EngineError):
    """A driver asked the engine to apply a choice that is not legal now.

    ``reason`` is a sentence a player can read.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class GameOver(IllegalChoice):
    """A choice was applied to a game that has already ended."""


class SetupError(EngineError):
    """A game was built with arguments that cannot work (e.g. a human in a many-world game)."""


class NotStarted(SetupError):
    """A game was asked for its decision before :meth:`Game.run` was called."""


class UnknownName(EngineError, KeyError):
    """A power, attribute, flag, event, ending, setting ... that the scenario does not declare."""


class InvalidSetting(EngineError, ValueError):
    """A setting value the scenario does not allow (not one of its values, or out of range)."""


class InvalidDate(EngineError, ValueError):
    """A date that is not a real date in the form YYYY-MM-DD."""
