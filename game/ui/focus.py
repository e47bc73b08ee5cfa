"""Keyboard focus: Tab / Shift+Tab (or the arrow keys) move it, Enter or Space activates.

Anything with a rectangle and an action can take focus: pygame_gui buttons (wrapped in
:class:`ButtonItem`) and the clickable items of a Doc. The focused item is drawn with a
bright outline so keyboard players always see where they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import pygame
import pygame_gui

from .theme import colour


class Focusable(Protocol):
    key: str

    def rect(self) -> pygame.Rect | None: ...

    def activate(self) -> Any: ...

    def set_focused(self, on: bool) -> None: ...


class ButtonItem:
    """A pygame_gui button in the focus ring; activating it posts the same event as a click."""

    def __init__(self, button: pygame_gui.elements.UIButton, key: str = "") -> None:
        self.button = button
        self.key = key or button.text

    def rect(self) -> pygame.Rect | None:
        return self.button.rect if self.button.visible and self.button.is_enabled else None

    def activate(self) -> Any:
        pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {
            "ui_element": self.button, "ui_object_id": self.button.most_specific_combined_id,
            "mouse_button": 1}))
        return None

    def set_focused(self, on: bool) -> None:
        if on:
            self.button.select()
        else:
            self.button.unselect()


class CallbackItem:
    """A focusable region drawn by a custom widget."""

    def __init__(self, key: str, rect: Callable[[], pygame.Rect | None], action: Callable[[], Any]) -> None:
        self.key = key
        self._rect = rect
        self._action = action

    def rect(self) -> pygame.Rect | None:
        return self._rect()

    def activate(self) -> Any:
        return self._action()

    def set_focused(self, on: bool) -> None:
        pass


class FocusRing:
    def __init__(self) -> None:
        self.items: list[Focusable] = []
        self.index = -1
        self.on_move: Callable[[Focusable], None] | None = None
        self.wrap_arrows = True  # False: Up at the first item (Down at the last) stays put

    def set_items(self, items: list[Focusable], keep: str | None = None) -> None:
        """Replace the items, keeping focus on the item with key ``keep`` (or the old key)."""
        old = keep if keep is not None else (self.current.key if self.current else None)
        for item in self.items:
            item.set_focused(False)
        self.items = items
        self.index = -1
        if old is not None:
            for i, item in enumerate(items):
                if item.key == old:
                    self.focus(i)
                    return

    @property
    def current(self) -> Focusable | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def focus(self, index: int) -> None:
        if self.current is not None:
            self.current.set_focused(False)
        self.index = index
        if self.current is not None:
            self.current.set_focused(True)
            if self.on_move is not None:
                self.on_move(self.current)

    def focus_key(self, key: str) -> bool:
        for i, item in enumerate(self.items):
            if item.key == key:
                self.focus(i)
                return True
        return False

    def move(self, step: int) -> None:
        if not self.items:
            return
        n = len(self.items)
        start = self.index if self.index >= 0 else (-1 if step > 0 else 0)
        for k in range(1, n + 1):
            i = (start + step * k) % n
            if self.items[i].rect() is not None:
                self.focus(i)
                return

    def _at_end(self, step: int) -> bool:
        """Whether no shown item follows the current one in direction ``step``."""
        if self.index < 0:
            return False
        following = self.items[self.index + 1:] if step > 0 else self.items[:self.index]
        return all(item.rect() is None for item in following)

    def handle_key(self, event: pygame.event.Event) -> tuple[bool, Any]:
        """(handled, result of an activation) for Tab, Shift+Tab, arrows, Enter and Space."""
        if event.type != pygame.KEYDOWN:
            return False, None
        if event.key == pygame.K_TAB:
            self.move(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True, None
        if event.key in (pygame.K_DOWN, pygame.K_UP):
            step = 1 if event.key == pygame.K_DOWN else -1
            if self.wrap_arrows or not self._at_end(step):
                self.move(step)
            return True, None
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.current is not None:
            return True, self.current.activate()
        return False, None

    def draw(self, surface: pygame.Surface) -> None:
        item = self.current
        rect = item.rect() if item is not None else None
        if rect is None:
            return
        pygame.draw.rect(surface, colour("accent"), rect.inflate(6, 6), width=2, border_radius=6)
