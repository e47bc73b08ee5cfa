"""The title menu: Continue, New game, Replay history, [Challenges], [What-if], Settings, Quit."""

from __future__ import annotations

import pygame

from .. import saves
from ..layout import bar_height
from ..theme import colour
from ..widgets.map_view import MapView
from .base import QUIT, Result, Scene


def _front_scenario(name: str | None):
    """The scenario the title presents (the one named on the command line, or the default):
    its subtitle and map; None if it cannot be loaded (New game then shows why)."""
    from ...scenario import DataFileError, resolve_scenario
    from ..scenarios import load

    try:
        return load(str(resolve_scenario(name)))
    except (DataFileError, OSError):
        return None


class TitleScene(Scene):
    title = "Title"

    def __init__(self, ctx, message: str = "", launch: bool = False) -> None:
        super().__init__(ctx)
        self.message = message
        # At launch the menu is drawn first, on the built-in map, and the scenario (its subtitle
        # and map) is read on the next frame: reading and checking it took most of the time
        # from launch to the first frame (0.28 s before the title showed it, 0.73 s after).
        self.spec = None
        self._front_pending = launch
        self._drawn = False
        self.backdrop = MapView(ctx.text, ctx.mapdata)
        if not launch:
            self._show_front()
        self.backdrop.legend = False
        self.backdrop.labels = False
        self.backdrop.dim = 150
        self.save_path = saves.latest()

    def _show_front(self) -> None:
        self.spec = _front_scenario(self.ctx.scenario)
        mapdata = self.ctx.map_for(self.spec) if self.spec is not None else self.ctx.mapdata
        if mapdata is not self.backdrop.map:
            self.backdrop.set_map(mapdata)

    def update(self, dt: float) -> Result:
        if self._front_pending and self._drawn:
            self._front_pending = False
            self._show_front()
            # Only the subtitle changes: the menu stays, so a click made meanwhile is not lost
            # between its press and its release (rebuilding here lost one; CI saw it).
            self.subtitle.set_text(self.spec.subtitle if self.spec is not None else "")
        return super().update(dt)

    def entries(self) -> list[tuple[str, str, str]]:
        """(key, label, tooltip) of the menu, in order."""
        out = []
        if self.save_path is not None:
            out.append(("continue", "Continue", self._save_summary()))
        out += [("new", "New game", "Choose a scenario, your power(s) and the historians' assumptions"),
                ("replay", "Replay history", "Watch what really happened, turn by turn, with the reasons")]
        out.append(("challenges", "Challenges", "Play a teacher-set challenge"))
        out.append(("whatif", "What-if", "Many worlds at once: how each option of a decision changes the odds"))
        out += [("settings", "Settings", "Font size, fullscreen, keys"), ("quit", "Quit", "Close the game (Ctrl+Q)")]
        return out

    def _save_summary(self) -> str:
        if self.save_path is None:
            return "Resume the last game"
        return saves.summary(self.save_path)  # a save of the wrong shape gives the plain label

    def build(self) -> None:
        w, h = self.ctx.size
        self.backdrop.set_rect((0, 0, w, h))
        entries = self.entries()
        scale = self.ctx.prefs.font_scale
        footer = self.ctx.text.line_height(14) + 16
        title_h = round(64 * scale)
        sub_h = round(30 * scale)
        head = title_h + sub_h + 24
        gap = 8 if h < 700 else 10
        avail = h - footer - head - 40
        bh = max(round(30 * scale), min(bar_height(scale), avail // len(entries) - gap))
        col_w = min(round(420 * max(1.0, scale * 0.9)), w - 80)
        total = head + len(entries) * (bh + gap)
        top = max(16, (h - footer - total) // 2)
        x = (w - col_w) // 2
        panel_w = min(w - 40, max(col_w + 60, round(560 * scale)))
        px = (w - panel_w) // 2
        self.label("Collective Security", (px, top, panel_w, title_h), "@title")
        subtitle = self.spec.subtitle if self.spec is not None else ""
        self.subtitle = self.label(subtitle, (px, top + title_h, panel_w, sub_h), "@subtitle")
        y = top + head
        for key, label, tip in entries:
            self.button(key, label, (x, y, col_w, bh), tip=tip)
            y += bh + gap
        self.panel = pygame.Rect(px, top - 16, panel_w, y - top + 20)

    def refresh_focus(self, keep: str | None = None) -> None:
        self.focus.wrap_arrows = False  # Up from the first entry must not land on Quit
        super().refresh_focus(keep)
        if self.focus.current is None:
            self.focus.move(1)

    def on_button(self, key: str) -> Result:
        if key == "quit":
            return self.ctx.open_scene("confirm", heading="Quit Collective Security?",
                                       text="Your game is saved after every turn; Continue on the title menu "
                                            "resumes it.", yes=("Quit", QUIT), no=("Stay", TitleScene(self.ctx)))
        if key == "new":
            return self.ctx.open_scene("new_game")
        if key == "replay":
            return self.ctx.open_scene("replay")
        if key == "settings":
            return self.ctx.open_scene("settings")
        if key == "continue":
            return self.resume()
        if key == "challenges":
            return self.ctx.open_scene("challenges", back_to=TitleScene(self.ctx))
        if key == "whatif":
            return self.open_whatif()
        return None

    def open_whatif(self) -> Result:
        """Choose the decision to explore: the saved game's open one, or any in the scenario."""
        return self.ctx.open_scene("whatif_pick", back_to=TitleScene(self.ctx), save_path=self.save_path)

    def resume(self) -> Result:
        if self.save_path is None:
            return None
        try:
            loaded = saves.load(self.save_path)
        except saves.SaveError as exc:
            return self.ctx.open_scene("message", heading="This save cannot be resumed",
                                       text=f"{exc}\n\nThe file was left untouched at:\n{self.save_path}\n\n"
                                       "You can start a new game; it will be saved in a new file.",
                                       back_to=TitleScene(self.ctx))
        self.ctx.session = loaded.session
        return self.ctx.open_scene("main", note=loaded.note)

    def back(self) -> Result:
        return None

    def draw(self, surface: pygame.Surface) -> None:
        self._drawn = True
        self.backdrop.draw(surface)
        veil = pygame.Surface(self.panel.size, pygame.SRCALPHA)
        veil.fill((*colour("panel_bg"), 215))
        surface.blit(veil, self.panel.topleft)
        pygame.draw.rect(surface, colour("panel_border"), self.panel, 1, border_radius=8)
        w, h = surface.get_size()
        t = self.ctx.text
        hint = "Tab or arrows: move   Enter: choose   F1: keys   F11: fullscreen"
        t.blit(surface, hint, (w // 2, h - 14), 14, colour("muted_ink"), anchor="midbottom")
        if self.message:
            t.blit(surface, self.message, (w // 2, 12), 15, colour("accent"), anchor="midtop")
        super().draw(surface)
