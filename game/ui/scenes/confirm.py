"""A question with two answers (for example "Quit?"), the safe answer focused first."""

from __future__ import annotations

from typing import Any

from ..layout import bar_height
from ..text import Block
from .base import Result, Scene


class ConfirmScene(Scene):
    title = "Confirm"

    def __init__(self, ctx, heading: str, text: str, yes: tuple[str, Any], no: tuple[str, Any]) -> None:
        """``yes`` and ``no`` are (button label, what choosing it returns); Esc answers ``no``."""
        super().__init__(ctx)
        self.heading, self.text, self.yes, self.no = heading, text, yes, no

    def build(self) -> None:
        w, h = self.ctx.size
        col = min(720, w - 80)
        x = (w - col) // 2
        bh = bar_height(self.ctx.prefs.font_scale)
        doc = self.doc("question")
        doc.set_rect((x, 60, col, h - 200))
        doc.set_blocks([Block("title", self.heading), Block("text", self.text)])
        bw = min(240, (col - 20) // 2)
        self.button("no", f"{self.no[0]} (Esc)", (x, h - 120, bw, bh), style="@center_button")
        self.button("yes", self.yes[0], (x + col - bw, h - 120, bw, bh), style="@center_button")

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            self.focus.focus_key("no")  # Enter pressed twice by accident keeps the player in

    def on_button(self, key: str) -> Result:
        return self.yes[1] if key == "yes" else self.no[1]

    def back(self) -> Result:
        return self.no[1]
