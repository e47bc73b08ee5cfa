"""The pure rule engine: no pygame, no file I/O, no printing.

Drivers (desktop play, terminal play, replay, challenges, grading, what-if) all go
through :class:`Game`, which advances one world or many with the same code.
"""

from .errors import EngineError, ExpressionError, GameOver, IllegalChoice
from .game import AI, HISTORY, HUMAN, Decision, EndingResult, Game, OptionView
from .log import LogEntry, TurnRecord
from .spec import Spec

__all__ = [
    "AI", "HISTORY", "HUMAN", "Decision", "EndingResult", "EngineError", "ExpressionError",
    "Game", "GameOver", "IllegalChoice", "LogEntry", "OptionView", "Spec", "TurnRecord",
]
