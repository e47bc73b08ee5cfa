"""The pure rule engine: no pygame, no file I/O, no printing.

Drivers (desktop play, terminal play, replay, challenges, grading, what-if) all go
through :class:`Game`, which advances one world or many with the same code. Their public
extension points are controllers (:mod:`.controllers`) and observers (:mod:`.hooks`).
"""

from .controllers import (
    AI,
    HISTORY,
    HUMAN,
    RANDOM,
    AIController,
    ChallengeController,
    Controller,
    ControllerLike,
    HistoryController,
    HumanController,
    RandomController,
    ScriptedController,
    as_controller,
    historical_option,
)
from .errors import (
    EngineError,
    ExpressionError,
    GameOver,
    IllegalChoice,
    InvalidDate,
    InvalidSetting,
    NotStarted,
    SetupError,
    TemplateError,
    UnknownName,
)
from .game import Decision, EndingResult, Game, OptionView
from .hooks import Observer
from .log import LogEntry, TurnRecord
from .spec import Spec

__all__ = [
    "AI", "AIController", "ChallengeController", "Controller", "ControllerLike", "Decision",
    "EndingResult", "EngineError", "ExpressionError", "Game", "GameOver", "HISTORY", "HUMAN", "RANDOM",
    "HistoryController", "HumanController", "IllegalChoice", "InvalidDate", "InvalidSetting",
    "LogEntry", "NotStarted", "Observer", "OptionView", "RandomController", "ScriptedController", "SetupError", "Spec",
    "TemplateError",
    "TurnRecord", "UnknownName", "as_controller", "historical_option",
]
