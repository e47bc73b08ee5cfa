"""Screens that other packages add to the window, found only when they are installed.

Contract for a provider module (``game.ui.challenge_screens`` for challenges,
``game.ui.whatif_view`` for what-if statistics):

    def open_scene(app_context: game.ui.app.AppContext, **kwargs) -> game.ui.scenes.base.Scene

It returns a Scene subclass (see game/ui/scenes/base.py: build / handle / draw; return the
next Scene from a handler to switch, e.g. ``game.ui.hooks.title(ctx)`` to go back to the
menu). ``open_scene`` is called with ``challenge=PATH`` when the window was started with
``python -m game play --challenge PATH``. The title menu shows an entry only when
``importlib.util.find_spec`` finds the module; nothing here is a placeholder screen.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import AppContext
    from .scenes.base import Scene

CHALLENGES = "game.ui.challenge_screens"
WHATIF = "game.ui.whatif_view"


def available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def open_scene(module: str, ctx: "AppContext", **kwargs: Any) -> "Scene | None":
    if not available(module):
        return None
    return importlib.import_module(module).open_scene(ctx, **kwargs)


def open_challenge(ctx: "AppContext", path: str) -> "Scene | None":
    return open_scene(CHALLENGES, ctx, challenge=path)


def title(ctx: "AppContext") -> "Scene":
    """The title menu, for provider screens that go back."""
    from .scenes.title import TitleScene

    return TitleScene(ctx)
