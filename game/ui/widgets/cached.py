"""A widget's picture kept on a surface and redrawn only when what it shows changes."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import pygame

from ..text import TextCache


class CachedPicture:
    """Re-renders when ``key`` changes; otherwise blits the cached surface.

    It also remembers which strings the render drew and reports them to the text cache on
    every blit, so tests that look for text on screen see it even when the picture is reused.
    """

    def __init__(self, text: TextCache) -> None:
        self.text = text
        self.surface: pygame.Surface | None = None
        self.key: Hashable | None = None
        self.drawn: set[str] = set()

    def get(self, key: Hashable, render: Callable[[], pygame.Surface]) -> pygame.Surface:
        """The picture for ``key`` (rendered if it changed); its strings count as seen."""
        if key != self.key or self.surface is None:
            with self.text.recording() as drawn:
                picture = render()
                if pygame.display.get_surface() is not None:
                    picture = picture.convert()  # faster blits in the window's pixel format
            self.surface, self.key, self.drawn = picture, key, drawn
        self.text.seen.update(self.drawn)
        return self.surface

    def blit(self, target: pygame.Surface, pos: tuple[int, int], key: Hashable,
             render: Callable[[], pygame.Surface]) -> None:
        target.blit(self.get(key, render), pos)
