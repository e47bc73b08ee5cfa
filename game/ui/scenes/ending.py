"""The ending: its title and text, final stances, and the player's path beside history (or
beside a branch given up by rewinding), turn by turn, every divergence highlighted."""

from __future__ import annotations

import pygame

from ...transcript import long_date
from ..layout import bar_height
from ..paths import compare
from ..text import Block
from .base import HANDLED, Result, Scene


class EndingScene(Scene):
    title = "Ending"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.session = ctx.session
        self.history = self.session.history_game()
        self.compare_to = "history"  # or "branch:<i>"
        self._games = {"history": self.history}

    def _other(self):
        if self.compare_to not in self._games:
            index = int(self.compare_to.split(":")[1])
            self._games[self.compare_to] = self.session.branch_game(self.session.branches[index])
        return self._games[self.compare_to]

    def _other_name(self) -> str:
        if self.compare_to == "history":
            return "History"
        return self.session.branches[int(self.compare_to.split(":")[1])].label or "Branch"

    def ending_blocks(self) -> list[Block]:
        game, spec = self.session.game, self.session.spec
        ending = game.ending()
        blocks: list[Block] = []
        if ending is None:
            blocks.append(Block("title", "The game stopped without an ending"))
        else:
            blocks += [Block("small", f"ENDING · {long_date(ending.date).upper()}"), Block("title", ending.title),
                       Block("text", ending.text)]
        hist = self.history.ending()
        if hist is not None:
            same = ending is not None and hist.id == ending.id
            blocks.append(Block("small", "History ended the same way." if same else f"History's ending: {hist.title}"))
        blocks += [Block("gap", height=6), Block("heading", "Final stances toward Germany"),
                   Block("small", f"Bar: your game. Tick: {self._other_name().lower()}. -1 hostile ... +1 aligned.")]
        mine = game.snapshot()["attributes"]["stance"]
        other = self._other().snapshot()["attributes"]["stance"]
        for power in spec.powers:
            blocks.append(Block("bar", spec.power_name(power.id), value=f"{mine[power.id]:.3f}",
                                hint=f"{other[power.id]:.3f}"))
        return blocks

    def path_blocks(self) -> list[Block]:
        humans = self.session.humans
        other = self._other()
        rows = compare(self.session.game, other, humans)
        differing = sum(r.differs for r in rows)
        name = self._other_name()
        blocks = [Block("title", f"Your path beside {name.lower() if name == 'History' else name}"),
                  Block("small", "Compare with (Left / Right):")]
        options = [("history", "History")] + [(f"branch:{i}", b.label) for i, b in enumerate(self.session.branches)]
        for key, label in options:
            mark = "radio-on" if key == self.compare_to else "radio-off"
            blocks.append(Block("item", label, id=f"cmp:{key}", mark=mark))
        blocks.append(Block("text", f"{differing} of {len(rows)} turns differ (highlighted, marked »)."))
        widths = [0.26, 0.37, 0.37]
        blocks.append(Block("row", columns=["Turn", "Your game", name], widths=widths, bold=True))
        for row in rows:
            date = long_date(row.date)
            mark = "» " if row.differs else ""
            blocks.append(Block("row", columns=[f"{mark}{date}: {row.title}", row.mine or "did not happen",
                                                row.theirs or "did not happen"], widths=widths, highlight=row.differs))
        return blocks

    def build(self) -> None:
        w, h = self.ctx.size
        pad = 12
        bh = bar_height(self.ctx.prefs.font_scale)
        body_h = h - bh - 3 * pad
        left_w = max(360, int((w - 3 * pad) * 0.40))
        self.doc("ending").set_rect((pad, pad, left_w, body_h))
        self.doc("path").set_rect((2 * pad + left_w, pad, w - 3 * pad - left_w, body_h))
        self._refresh()
        y = h - bh - pad
        self.button("menu", "Title menu", (w - pad - 200, y, 200, bh))
        self.button("rewind", "Rewind and try again", (w - 2 * pad - 200 - 280, y, 280, bh),
                    tip="Go back to an earlier decision; this path is kept as a branch")
        self.button("new", "New game", (pad, y, 200, bh))

    def _refresh(self) -> None:
        self.docs["ending"].set_blocks(self.ending_blocks(), keep_scroll=True)
        self.docs["path"].set_blocks(self.path_blocks(), keep_scroll=True)

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            self.focus.focus_key("menu")

    def on_doc(self, doc: str, item: str) -> Result:
        if item.startswith("cmp:"):
            self.compare_to = item[4:]
            self._refresh()
            self.refresh_focus()
        return None

    def on_key(self, event: pygame.event.Event) -> Result:
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            keys = ["history"] + [f"branch:{i}" for i in range(len(self.session.branches))]
            i = keys.index(self.compare_to) + (1 if event.key == pygame.K_RIGHT else -1)
            self.compare_to = keys[i % len(keys)]
            self._refresh()
            return HANDLED
        return None

    def scroll_doc(self):
        return self.docs["path"]

    def on_button(self, key: str) -> Result:
        if key == "menu":
            return self.back()
        if key == "rewind":
            return self.ctx.open_scene("rewind", back_to=self)
        if key == "new":
            return self.ctx.open_scene("new_game")
        return None

    def back(self) -> Result:
        return self.ctx.open_scene("title")
