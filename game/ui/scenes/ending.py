"""The ending: the final map, its title and text, the decisions that most changed it (measured
with the what-if engine on a worker thread, :mod:`game.ui.debrief`), the settings in force,
final stances, and the player's path beside history (or beside a branch given up by
rewinding, with that branch's own ending), the turns that differ shown, the others folded."""

from __future__ import annotations

import pygame

from ...transcript import long_date
from ...whatif.branch import BackgroundRuns
from ...whatif.turning_points import TurningPoint, chance_draws, debrief_plans, turning_points
from ..debrief import aims_blocks, settings_blocks, turning_blocks
from ..layout import bar_height
from ..paths import compare
from ..text import Block
from ..widgets.map_view import MapView, world_view
from .base import HANDLED, Result, Scene


class EndingScene(Scene):
    title = "Ending"

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.session = ctx.session
        self.history = self.session.history_game()
        self.compare_to = "history"  # or "branch:<i>"
        self._games = {"history": self.history}
        self.unfold = False  # show the turns that match the compared path too
        self.map = MapView(ctx.text, ctx.mapdata)
        game = self.session.game
        self.map.set_world(world_view(game.spec, game.snapshot(), ctx.mapdata))
        self.chance = 0.0  # share of worlds reaching this ending with all the player's choices
        self.points: list[TurningPoint] | None = None  # None while measuring
        self.draws = chance_draws(game) if game.ending() is not None else []  # found once, measured in the runs
        self.runs = BackgroundRuns(debrief_plans(game, draws=self.draws) if game.ending() is not None else []).start()

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
        progress = None if self.points is not None else self.runs.progress
        error = str(self.runs.error) if self.runs.error is not None else ""
        blocks += [Block("gap", height=6)] + aims_blocks(game, self.session.goals)
        blocks += [Block("gap", height=6)] + turning_blocks(game, self.chance, self.points or [], progress, error)
        blocks += [Block("gap", height=6)] + settings_blocks(game)
        main = spec.main_attribute()
        blocks += [Block("gap", height=6), Block("heading", f"At the end: {_lower_first(main.label)}"),
                   Block("small", f"Bar: your game. Tick: {self._other_name().lower()}. "
                                  f"{main.end_low()} ... {main.end_high()}.")]
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
        blocks = [Block("title", f"Your path beside {name.lower() if name == 'History' else name}")]
        theirs = other.ending()
        blocks.append(Block("text", f"{name}'s ending: {theirs.title}" if theirs is not None else
                            f"{name} has no ending yet (it stopped at a decision).", bold=True))
        blocks.append(Block("small", "Compare with (Left / Right):"))
        options = [("history", "History")] + [(f"branch:{i}", b.label) for i, b in enumerate(self.session.branches)]
        for key, label in options:
            mark = "radio-on" if key == self.compare_to else "radio-off"
            blocks.append(Block("item", label, id=f"cmp:{key}", mark=mark))
        blocks.append(Block("text", f"{differing} of {len(rows)} turns differ (highlighted, marked »)."))
        same = len(rows) - differing
        if same:
            blocks.append(Block("link", f"Fold the {same} turns that match (M)" if self.unfold else
                                f"Show the {same} turns that match too (M)", id="fold"))
        widths = [0.26, 0.37, 0.37]
        blocks.append(Block("row", columns=["Turn", "Your game", name], widths=widths, bold=True))
        for row in rows:
            if not row.differs and not self.unfold:
                continue
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
        # The final map gets room for its legend (long at the end: pacts, guarantees, wars) and a
        # picture of at least 40% of the height, up to 66%; the text below scrolls.
        legend_h = self.map.legend_height(left_w)
        map_h = int(min(body_h * 0.66, max(body_h * 0.38, legend_h + body_h * 0.4)))
        self.map.set_rect((pad, pad, left_w, map_h))
        self.doc("ending").set_rect((pad, 2 * pad + map_h, left_w, body_h - map_h - pad))
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

    def update(self, dt: float) -> Result:
        if self.points is None and self.runs.done:
            results = self.runs.results
            if self.runs.error is None and all(r is not None for r in results):
                self.chance, self.points = turning_points(self.session.game, [r for r in results if r is not None],
                                                          draws=self.draws)
            else:
                self.points = []
            self._refresh()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        self.map.draw(surface)
        super().draw(surface)

    def toggle_fold(self) -> None:
        self.unfold = not self.unfold
        self._refresh()
        self.refresh_focus()

    def on_doc(self, doc: str, item: str) -> Result:
        if item == "fold":
            self.toggle_fold()
            return None
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
        if event.key == pygame.K_m:
            self.toggle_fold()
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
            self.runs.cancel()
            return self.ctx.open_scene("new_game")
        return None

    def back(self) -> Result:
        self.runs.cancel()  # the measurement stops when the player leaves
        return self.ctx.open_scene("title")



def _lower_first(text: str) -> str:
    """'Stance toward Germany' -> 'stance toward Germany' (proper names further on stay)."""
    return text[:1].lower() + text[1:]
