"""'What if I chose otherwise?' from an open decision: one plan per option, run in the background.

The window's What-if view uses this (no pygame here, so it is tested headless).

From the current state: a plan for option X replays the recorded human choices so far,
fixes X for the open decision, keeps every other power's controller as in the game (AI,
history or scripted) and lets the AI decide the humans' later decisions. All options use the
game's seed, so world 0 of every plan *is* the player's own world up to now (same key, same
choices, same draws) and the worlds of different options share their chance draws (common
random numbers): differences between the columns come from the option, not from luck.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from ..engine import Game
from .runner import Cancelled, Plan, Result, default_war, run

DEFAULT_WORLDS = 2_000
UI_CHUNK = 250  # small chunks: frequent progress updates and quick cancellation


@dataclass(frozen=True)
class OptionPlan:
    option: str  # option id
    text: str  # the option as the player sees it
    plan: Plan


def option_plans(game: Game, worlds: int = DEFAULT_WORLDS, chunk: int = UI_CHUNK) -> list[OptionPlan]:
    """One plan per legal option of the open decision (empty if no decision is open)."""
    decision = game.decision()
    if decision is None:
        return []
    base: dict = {p: c for p, c in game.controllers.items() if not c.human}
    for power in game.humans:
        base[power] = {event: option for event, who, option in game.choices if who == power}
    plans = []
    for view in decision.options:
        if not view.legal:
            continue
        controllers = dict(base)
        controllers[decision.power] = {**base[decision.power], decision.event.id: view.id}
        plan = Plan(spec=game.spec, settings=dict(game.settings), controllers=controllers,
                    seed=game.seed, worlds=worlds, war=default_war(game.spec), attribute=None,
                    chunk=chunk, label=view.text)
        plans.append(OptionPlan(view.id, view.text, plan))
    return plans


class BackgroundRuns:
    """Run several plans one after another on a worker thread, in small chunks.

    The caller polls ``progress`` (0..1), ``results`` (filled as plans finish), ``done``,
    ``error``; ``cancel()`` stops at the next chunk boundary. numpy releases the GIL in its
    array kernels and the chunks are small, so a 60 FPS window keeps drawing meanwhile.
    """

    def __init__(self, plans: list[Plan], on_finish: Callable[[], None] | None = None) -> None:
        self.plans = plans
        self.results: list[Result | None] = [None] * len(plans)
        self.done = False
        self.cancelled = False
        self.error: BaseException | None = None
        self._worlds_done = 0
        self._total = sum(p.worlds for p in plans) or 1
        self._stop = threading.Event()
        self._on_finish = on_finish
        self._thread = threading.Thread(target=self._work, name="whatif", daemon=True)

    def start(self) -> BackgroundRuns:
        self._thread.start()
        return self

    @property
    def progress(self) -> float:
        return min(1.0, self._worlds_done / self._total)

    def cancel(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _work(self) -> None:
        offset = 0
        try:
            for i, plan in enumerate(self.plans):
                def progress(done: int, total: int, offset=offset) -> None:
                    self._worlds_done = offset + done
                self.results[i] = run(plan, processes=1, progress=progress, cancel=self._stop.is_set)
                offset += plan.worlds
        except Cancelled:
            self.cancelled = True
        except Exception as exc:  # noqa: BLE001 - shown in the view, never crashes the window
            self.error = exc
        finally:
            self.done = True
            if self._on_finish is not None:
                self._on_finish()
