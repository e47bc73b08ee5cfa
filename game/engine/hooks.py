"""Observers: the public hooks a driver uses to watch a game as it advances.

Pass ``observers=[...]`` to :class:`~game.engine.game.Game`; the engine calls, in order:

* ``on_start(game)`` once, when :meth:`Game.run` is first called, before any event: the
  world is the scenario's starting position (what-if time series, replay's first frame);
* ``before_event(game, event)`` for each calendar event that fires in at least one world,
  after every decision for it is known and before its rules apply (challenge checkpoints);
* ``after_event(game, event)`` once that event has resolved: its options, its rules, the
  background rules and the ending checks have been applied;
* ``on_end(game)`` once, when every world has reached an ending (``game.calendar_ended`` says
  whether the calendar ran out first and the final check chose the ending).

Observers read the game; they must not change ``game.state`` (that would break the
determinism every driver relies on). Subclass :class:`Observer` and override what you need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .game import Game
    from .spec import Event


class Observer:
    """No-op hooks; override the ones you need."""

    def on_start(self, game: Game) -> None:
        """The game is about to advance from its starting position."""

    def before_event(self, game: Game, event: Event) -> None:
        """``event`` is about to resolve (decisions known, rules not yet applied)."""

    def after_event(self, game: Game, event: Event) -> None:
        """``event`` has resolved, with background rules and ending checks."""

    def on_end(self, game: Game) -> None:
        """Every world has an ending."""
