"""Screens from other modules of the window, run inside its loop.

Providers:

    game.ui.challenge_screens.open_scene(back=..., challenge=None, **kwargs)
        the Challenges list, or a challenge's briefing when ``challenge`` is a file
    game.ui.whatif_view.open_scene(game, back=..., **kwargs)
        "What if?" statistics for ``game``'s open decision

A provider's scene is self-contained: ``process_event(event)``, ``update(dt)`` and
``draw(surface)``, each returning ``back`` (the object it was given) when it closes.
:class:`ForeignScene` runs such a scene inside this window's loop and returns to the
screen that opened it. Extra keyword arguments (``app_context`` here) may be ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from .scenes.base import Result, Scene

if TYPE_CHECKING:
    from .app import AppContext

class _Back:
    """The ``back`` token handed to a provider: when it comes back, its screens are closed."""


class ForeignScene(Scene):
    """Runs a provider's self-contained scene in the window loop."""

    def __init__(self, ctx: AppContext, inner: Any, back_token: _Back, back_to: Scene) -> None:
        super().__init__(ctx)
        self.inner, self.token, self.back_to = inner, back_token, back_to
        self.title = type(inner).__name__

    def _follow(self, result: Any) -> Result:
        if result is self.token:
            return self.back_to
        if result is not None and hasattr(result, "process_event") and result is not self.inner:
            self.inner = result  # the provider moved to another of its own screens
        return None

    def handle(self, event: pygame.event.Event) -> Result:
        return self._follow(self.inner.process_event(event))

    def update(self, dt: float) -> Result:
        return self._follow(self.inner.update(dt))

    def draw(self, surface: pygame.Surface) -> None:
        self.inner.draw(surface)

    def draw_over(self, surface: pygame.Surface) -> None:
        pass


def open_challenges(ctx: AppContext, back_to: Scene, challenge: str | None = None) -> Scene | None:
    from . import challenge_screens  # imported when first opened: it draws its own screens

    token = _Back()
    inner = challenge_screens.open_scene(back=token, challenge=challenge, app_context=ctx)
    return ForeignScene(ctx, inner, token, back_to)


def open_whatif(ctx: AppContext, game: Any, back_to: Scene) -> Scene | None:
    if game is None or game.decision() is None:
        return None
    from . import whatif_view  # imported when first opened

    token = _Back()
    inner = whatif_view.open_scene(game, back=token, app_context=ctx)
    return ForeignScene(ctx, inner, token, back_to)
