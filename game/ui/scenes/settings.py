"""Settings (font size, fullscreen, replay speed, sound and volume; saved at once) and the keys list (F1)."""

from __future__ import annotations

import pygame

from ..howto import how_to_play_blocks
from ..keys import KEYS
from ..layout import bar_height
from ..prefs import FONT_SCALES
from ..text import Block
from .base import HANDLED, Result, Scene

SPEEDS = [1.0, 1.5, 2.5, 4.0, 6.0]
VOLUMES = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]


def keys_blocks() -> list[Block]:
    blocks: list[Block] = []
    group = None
    for where, key, what in KEYS:
        if where != group:
            group = where
            blocks.append(Block("heading", where))
        blocks.append(Block("row", columns=[key, what], widths=[0.36, 0.64]))
    return blocks


class SettingsScene(Scene):
    title = "Settings"

    def __init__(self, ctx, back_to: Scene | None = None) -> None:
        super().__init__(ctx)
        self.back_to = back_to

    def blocks(self) -> list[Block]:
        p = self.ctx.prefs
        return [
            Block("title", "Settings"),
            Block("small", "Saved at once. Left / Right or Enter change the focused setting."),
            Block("item", "Font size", id="font", value=p.font_size, mark="value",
                  hint="Size of all text: " + ", ".join(FONT_SCALES)),
            Block("item", "Fullscreen", id="fullscreen", value="on" if p.fullscreen else "off", mark="value",
                  hint="Also F11, anywhere"),
            Block("item", "Replay speed", id="speed", value=f"{p.replay_seconds:g} s per turn", mark="value",
                  hint="How long each turn stays on screen when the history replay plays"),
            Block("item", "Sound", id="sound", value="off (muted)" if p.muted else "on", mark="value",
                  hint="Short sounds for a new crisis, a decision, war and the ending"),
            Block("item", "Volume", id="volume", value=f"{round(p.volume * 100)}%", mark="value",
                  hint="Loudness of the sounds"),
            Block("gap", height=10),
            Block("title", "Keys"),
        ] + keys_blocks()

    def build(self) -> None:
        w, h = self.ctx.size
        col = min(820, w - 60)
        x = (w - col) // 2
        bh = bar_height(self.ctx.prefs.font_scale)
        doc = self.doc("settings")
        doc.set_rect((x, 20, col, h - bh - 50))
        doc.set_blocks(self.blocks(), keep_scroll=True)
        self.button("back", "Back", (x + col - 220, h - bh - 16, 220, bh))

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            self.focus.move(1)

    def change(self, item: str, step: int) -> None:
        p, app = self.ctx.prefs, self.ctx.app
        if item == "font":
            names = list(FONT_SCALES)
            app.set_font_scale(names[(names.index(p.font_size) + step) % len(names)])
        elif item == "fullscreen":
            app.set_fullscreen(not p.fullscreen)
        elif item == "sound":
            p.muted = not p.muted
            self.ctx.save_prefs()
            self.ctx.play("decision")  # a sample at the new setting (silent when muted)
        elif item == "volume":
            i = min(range(len(VOLUMES)), key=lambda k: abs(VOLUMES[k] - p.volume))
            p.volume = VOLUMES[(i + step) % len(VOLUMES)]
            self.ctx.save_prefs()
            self.ctx.play("decision")
        elif item == "speed":
            i = min(range(len(SPEEDS)), key=lambda k: abs(SPEEDS[k] - p.replay_seconds))
            p.replay_seconds = SPEEDS[(i + step) % len(SPEEDS)]
            self.ctx.save_prefs()
        self.docs["settings"].set_blocks(self.blocks(), keep_scroll=True)

    def on_doc(self, doc: str, item: str) -> Result:
        self.change(item, 1)
        return None

    def on_key(self, event: pygame.event.Event) -> Result:
        current = self.focus.current
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT) and current and current.key.startswith("settings:"):
            self.change(current.key.split(":", 1)[1], 1 if event.key == pygame.K_RIGHT else -1)
            return HANDLED
        return None

    def on_button(self, key: str) -> Result:
        return self.back()

    def back(self) -> Result:
        return self.back_to or self.ctx.open_scene("title")


class KeysScene(Scene):
    """F1: how to play, then the keys."""

    title = "Keys"

    def __init__(self, ctx, back_to: Scene) -> None:
        super().__init__(ctx)
        self.back_to = back_to

    def build(self) -> None:
        w, h = self.ctx.size
        col = min(820, w - 60)
        x = (w - col) // 2
        bh = bar_height(self.ctx.prefs.font_scale)
        doc = self.doc("keys")
        doc.set_rect((x, 20, col, h - bh - 50))
        doc.set_blocks(how_to_play_blocks() + [Block("gap", height=10), Block("title", "Keys")] + keys_blocks())
        self.button("back", "Back (Esc)", (x + col - 220, h - bh - 16, 220, bh))

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        self.focus.focus_key("back")

    def on_button(self, key: str) -> Result:
        return self.back_to

    def back(self) -> Result:
        return self.back_to
