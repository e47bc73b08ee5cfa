"""Rewind: pick an earlier decision and take it again. The path given up is kept as a branch
(the ending screen compares it with the new path and with history)."""

from __future__ import annotations

from ...transcript import long_date
from .. import saves
from ..layout import bar_height
from ..text import Block
from .base import Result, Scene


class RewindScene(Scene):
    title = "Rewind"

    def __init__(self, ctx, back_to: Scene) -> None:
        super().__init__(ctx)
        self.back_to = back_to
        self.session = ctx.session

    def blocks(self) -> list[Block]:
        spec, game = self.session.spec, self.session.game
        blocks = [Block("title", "Rewind to an earlier decision"),
                  Block("text", "Choose the decision to take again. The path you leave is kept as a branch, and the "
                                "ending screen sets it beside your new path and history.")]
        if not game.choices and game.decision() is None:
            blocks.append(Block("text", "There is no decision to go back to."))
        for i, (event_id, power, option_id) in enumerate(game.choices):
            event = spec.event(event_id)
            option = next(o for o in event.options[power] if o.id == option_id)
            blocks.append(Block("option", f"{long_date(event.date)}: {event.title}", id=f"at:{i}", number=0,
                                hint=f"{spec.power_name(power)} chose: {option.text}"))
        for branch in self.session.branches:
            blocks.append(Block("small", f"Kept: {branch.label} ({len(branch.choices)} decisions)"))
        return blocks

    def build(self) -> None:
        w, h = self.ctx.size
        col = min(820, w - 60)
        x = (w - col) // 2
        bh = bar_height(self.ctx.prefs.font_scale)
        self.doc("list").set_rect((x, 20, col, h - bh - 50))
        self.docs["list"].set_blocks(self.blocks(), keep_scroll=True)
        self.button("back", "Back (Esc)", (x + col - 220, h - bh - 16, 220, bh))

    def refresh_focus(self, keep: str | None = None) -> None:
        super().refresh_focus(keep)
        if self.focus.current is None:
            ids = self.docs["list"].clickable_ids()
            if ids:
                self.focus.focus_key(f"list:{ids[-1]}")
            else:
                self.focus.focus_key("back")

    def on_doc(self, doc: str, item: str) -> Result:
        index = int(item.split(":")[1])
        self.session.rewind(index)
        try:
            saves.autosave(self.session)
        except OSError:
            pass
        return self.ctx.open_scene("main", note="Rewound. Choose again; the path you left is kept as a branch.",
                                   fresh=False)

    def on_button(self, key: str) -> Result:
        return self.back()

    def back(self) -> Result:
        return self.back_to
