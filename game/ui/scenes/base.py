"""What every scene shares: the app context, buttons in the focus ring, Docs, tooltips, keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from ..focus import ButtonItem, FocusRing
from ..text import Doc
from ..theme import colour

if TYPE_CHECKING:
    from ..app import AppContext


@dataclass(frozen=True)
class Choice:
    """A scene's answer that the engine must apply: the deciding power takes ``option``."""

    option: str


class Quit:
    """Returned by a scene to close the window."""


QUIT = Quit()
HANDLED = object()  # on_key's answer for a key it used that changes no scene

Result = Any  # Scene | Choice | Quit | None


@dataclass
class Buttons:
    by_element: dict[Any, str] = field(default_factory=dict)
    by_key: dict[str, pygame_gui.elements.UIButton] = field(default_factory=dict)


class Scene:
    """Base class. Subclasses override build(), on_button(), on_key(), draw() as needed."""

    title = ""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.focus = FocusRing()
        self.focus.on_move = self._focus_moved
        self.buttons = Buttons()
        self.docs: dict[str, Doc] = {}
        self.tooltip: str | None = None

    # ------------------------------------------------------------ building
    def build(self) -> None:
        """Create the pygame_gui elements for the current window size (manager already cleared)."""

    def rebuild(self) -> None:
        keep = self.focus.current.key if self.focus.current else None
        self.ctx.manager.clear_and_reset()
        self.buttons = Buttons()
        self.build()
        self.refresh_focus(keep)

    def button(self, key: str, text: str, rect: tuple[int, int, int, int] | pygame.Rect,
               style: str = "@menu_button", tip: str | None = None) -> pygame_gui.elements.UIButton:
        element = pygame_gui.elements.UIButton(pygame.Rect(rect), text, manager=self.ctx.manager,
                                               object_id=ObjectID(class_id=style, object_id=f"#{key}"),
                                               tool_tip_text=tip)
        font = element.font
        if " (" in text and font is not None and font.size(text)[0] > element.rect.w - 8:
            element.set_text(text.split(" (")[0])  # large fonts in a small window: drop the "(Key)" hint
        self.buttons.by_element[element] = key
        self.buttons.by_key[key] = element
        return element

    def label(self, text: str, rect, style: str = "@heading") -> pygame_gui.elements.UILabel:
        return pygame_gui.elements.UILabel(pygame.Rect(rect), text, manager=self.ctx.manager,
                                           object_id=ObjectID(class_id=style))

    def doc(self, name: str) -> Doc:
        if name not in self.docs:
            self.docs[name] = Doc(self.ctx.text, on_activate=self._doc_handler(name))
        return self.docs[name]

    def _doc_handler(self, name: str) -> Callable[[str], Result]:
        return lambda item: self.on_doc(name, item)

    def focus_order(self) -> list:
        """Focusable items in reading order; by default docs first, then buttons."""
        items: list = []
        for name, doc in self.docs.items():
            items += doc.focus_items(prefix=f"{name}:")
        items += [ButtonItem(b, key) for key, b in self.buttons.by_key.items()]
        return items

    def refresh_focus(self, keep: str | None = None) -> None:
        self.focus.set_items(self.focus_order(), keep)

    def _focus_moved(self, item) -> None:
        for name, doc in self.docs.items():
            prefix = f"{name}:"
            doc.set_focused(item.key[len(prefix):] if item.key.startswith(prefix) else None)

    # ------------------------------------------------------------- events
    def handle(self, event: pygame.event.Event) -> Result:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            key = self.buttons.by_element.get(event.ui_element)
            if key is not None:
                return self.on_button(key)
            return None
        for doc in self.docs.values():
            handled, result = doc.handle(event)
            if handled:
                return result
        if event.type == pygame.KEYDOWN:
            result = self.on_key(event)
            if result is HANDLED:
                return None
            if result is not None:
                return result
            if event.key == pygame.K_ESCAPE:
                return self.back()
            if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
                scrolled = self.scroll_doc()
                if scrolled is not None:
                    scrolled.scroll_by((1 if event.key == pygame.K_PAGEDOWN else -1) * (scrolled.rect.h - 40))
                    return None
            handled, result = self.focus.handle_key(event)
            if handled:
                return result
        if event.type == pygame.MOUSEMOTION:
            self.tooltip = self.tooltip_at(event.pos)
        return None

    def on_button(self, key: str) -> Result:
        return None

    def on_doc(self, doc: str, item: str) -> Result:
        return None

    def on_key(self, event: pygame.event.Event) -> Result:
        return None

    def back(self) -> Result:
        return None

    def scroll_doc(self) -> Doc | None:
        """The Doc that PageUp / PageDown scroll."""
        return next(iter(self.docs.values()), None)

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        return None

    # ------------------------------------------------------------ drawing
    def update(self, dt: float) -> Result:
        return None

    def draw(self, surface: pygame.Surface) -> None:
        for doc in self.docs.values():
            if doc.rect.w > 1:
                doc.draw(surface)

    def draw_over(self, surface: pygame.Surface) -> None:
        self.focus.draw(surface)
        if self.tooltip:
            self.draw_tooltip(surface, self.tooltip, pygame.mouse.get_pos())

    def draw_tooltip(self, surface: pygame.Surface, text: str, pos: tuple[int, int]) -> None:
        """A box by the pointer; long tips wrap, and a newline starts a new line."""
        t = self.ctx.text
        limit = min(surface.get_width() - 30, t.px(460))
        lines = [line for part in text.split("\n") for line in t.wrap(part, 14, limit)]
        lh = t.line_height(14)
        width = max(t.width(line, 14) for line in lines)
        rect = pygame.Rect(pos[0] + 14, pos[1] + 18, width + 14, lh * len(lines) + 8)
        rect.clamp_ip(surface.get_rect())
        pygame.draw.rect(surface, colour("dark_bg"), rect, border_radius=4)
        pygame.draw.rect(surface, colour("accent"), rect, 1, border_radius=4)
        for i, line in enumerate(lines):
            t.blit(surface, line, (rect.x + 7, rect.y + 4 + i * lh), 14, colour("ink"))

    def draw_heading(self, surface: pygame.Surface, text: str, pos: tuple[int, int], size: int = 28) -> pygame.Rect:
        return self.ctx.text.blit(surface, text, pos, size, colour("ink"), bold=True)
