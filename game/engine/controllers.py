"""Who takes each power's decisions: the public controller protocol and the stock controllers.

For every event a power decides, the engine asks that power's controller two questions:

1. ``asks(game, event, power)``: should the game stop and wait for a player? Then
   :meth:`Game.decision <game.engine.game.Game.decision>` offers the options and
   :meth:`Game.apply` takes the answer. Only a game of one world may have such a controller.
2. Otherwise ``fixed(game, event, power)``: an option decided in advance, as
   ``(option id, why)``, or None to let the AI policy decide. Where the fixed option is not
   available in a world (or the power has no such option) the AI decides there instead, and the
   log says so.

``game.cursor`` is the index (in ``spec.events``) of the event being decided, so a controller
can depend on where the calendar is (see :class:`ChallengeController`).

Write a new controller by subclassing :class:`Controller` and overriding one or both methods;
give it a ``name`` (shown in JSON transcripts) and set ``human = True`` if it ever asks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import SetupError

if TYPE_CHECKING:
    from .game import Game
    from .spec import Event

HUMAN, AI, HISTORY, RANDOM = "human", "ai", "history", "random"


class Controller:
    """Base controller: never asks, fixes nothing, so the AI policy decides."""

    name: str = AI
    human: bool = False  # True if this controller may ask a player (one-world games only)
    uniform: bool = False  # True: where nothing is fixed, pick evenly among available options, not the AI policy

    def asks(self, game: Game, event: Event, power: str) -> bool:
        """True to stop the game here and ask the player through ``Game.decision()``."""
        return False

    def fixed(self, game: Game, event: Event, power: str) -> tuple[str, str] | None:
        """``(option id, why)`` taken in advance, or None for the AI policy."""
        return None


@dataclass(frozen=True)
class AIController(Controller):
    """The AI policy: option weights times modifiers, sampled per world."""

    name: str = AI


@dataclass(frozen=True)
class RandomController(Controller):
    """A player who picks any available option with equal odds, per world (what-if coverage:
    it reaches options the AI policy's weights would almost never take)."""

    name: str = RANDOM
    uniform: bool = True


@dataclass(frozen=True)
class HumanController(Controller):
    """A player, asked at every decision of the power. With no legal option, the AI decides."""

    name: str = HUMAN
    human: bool = True

    def asks(self, game: Game, event: Event, power: str) -> bool:
        return True


def historical_option(event: Event, power: str) -> str | None:
    """The id of ``power``'s option marked historical in ``event``, or None."""
    return next((o.id for o in event.options.get(power, ()) if o.historical), None)


@dataclass(frozen=True)
class HistoryController(Controller):
    """Takes the historical option; the AI decides where none is marked."""

    name: str = HISTORY

    def fixed(self, game: Game, event: Event, power: str) -> tuple[str, str] | None:
        option = historical_option(event, power)
        return None if option is None else (option, "what happened in history")


@dataclass(frozen=True)
class ScriptedController(Controller):
    """Takes the option given for each event id; the AI decides the events not listed."""

    picks: Mapping[str, str] = field(default_factory=dict)
    name: str = "scripted"

    def fixed(self, game: Game, event: Event, power: str) -> tuple[str, str] | None:
        option = self.picks.get(event.id)
        return None if option is None else (option, "chosen in advance")


@dataclass(frozen=True)
class ChallengeController(Controller):
    """A student's power in a challenge: history decides before event ``start`` (an index
    into ``spec.events``), the student from ``start`` up to (not including) ``stop``, and
    ``after`` (the AI or history) from ``stop`` on."""

    start: int
    stop: int
    after: Controller = field(default_factory=AIController)
    name: str = "challenge"
    human: bool = True

    def asks(self, game: Game, event: Event, power: str) -> bool:
        return self.start <= game.cursor < self.stop

    def fixed(self, game: Game, event: Event, power: str) -> tuple[str, str] | None:
        if game.cursor < self.start:
            return HistoryController().fixed(game, event, power)
        if game.cursor >= self.stop:
            return self.after.fixed(game, event, power)
        return None


STOCK: dict[str, Controller] = {HUMAN: HumanController(), AI: AIController(), HISTORY: HistoryController(),
                                RANDOM: RandomController()}

# What a driver may pass where a controller is expected: a Controller, one of the names
# "human", "ai", "history", "random", or a mapping {event id: option id} (a script).
ControllerLike = Controller | str | Mapping[str, str]


def as_controller(value: ControllerLike) -> Controller:
    """The controller for ``value``; raises SetupError for anything else."""
    if isinstance(value, Controller):
        return value
    if isinstance(value, str):
        if value not in STOCK:
            raise SetupError(f"unknown controller '{value}'; use one of: {', '.join(STOCK)}")
        return STOCK[value]
    if isinstance(value, Mapping):
        return ScriptedController(dict(value))
    raise SetupError(f"a controller is a Controller, a name or a mapping of event ids to options, "
                     f"not {type(value).__name__}")
