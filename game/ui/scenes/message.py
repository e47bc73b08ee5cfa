"""A message for the player (e.g. a save that cannot be read), with one OK button."""

from __future__ import annotations

import pygame

from ..layout import bar_height
from ..text import Block
from .base import Result, Scene


class MessageScene(Scene):
    title = "Message"

    def __init__(self, ctx, heading: str, text: str, back_to: Scene) -> None:
        super().__init__(ctx)
        self.heading, self.text, self.back_to = heading, text, back_to

    def build(self) -> None:
        w, h = self.ctx.size
        col = min(720, w - 80)
        x = (w - col) // 2
        doc = self.doc("message")
        doc.set_rect((x, 60, col, h - 200))
        doc.set_blocks([Block("title", self.heading)] + [Block("text", p) for p in self.text.split("\n")])
        bh = bar_height(self.ctx.prefs.font_scale)
        self.button("ok", "OK", (x + col - 200, h - 120, 200, bh))

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        self.focus.focus_key("ok")

    def on_button(self, key: str) -> Result:
        return self.back_to

    def back(self) -> Result:
        return self.back_to

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
