"""The playing board shared by the main screen, the replay and challenge play: top bar, map (or its text
twin), timeline strip. Composition, not a base class: scenes own a Board and ask it to
lay out, update and draw."""

from __future__ import annotations

import pygame

from ...transcript import long_date
from ..layout import PAD, ChallengeLayout, MainLayout, main_layout
from ..text import Doc
from ..theme import colour
from ..widgets.gauges import GaugePanel, start_values
from ..widgets.map_view import MapView, world_view
from ..widgets.table_view import table_blocks
from ..widgets.timeline_strip import Mark, TimelineStrip


class Board:
    def __init__(self, ctx, table_doc: Doc) -> None:
        self.ctx = ctx
        self.map = MapView(ctx.text, ctx.mapdata)
        self.timeline = TimelineStrip(ctx.text)
        self.gauges = GaugePanel(ctx.text)
        self._shown_gauges: dict[str, float] | None = None  # the gauge values on screen, for the changes
        self.table = table_doc
        self.show_table = False
        self.layout: MainLayout | ChallengeLayout = main_layout(*ctx.size)
        self.map_rect = pygame.Rect(self.layout.map)
        self.title = ""
        self.date_text = ""
        self.right_text = ""
        self._snapshot: dict | None = None
        self._spec = None

    def relayout(self, layout: MainLayout | ChallengeLayout | None = None) -> MainLayout | ChallengeLayout:
        """Place the board in ``layout`` (the main screen's, by default)."""
        width, height = self.ctx.size
        self.layout = layout or main_layout(width, height, self.ctx.prefs.font_scale)
        self._place_map()
        self.timeline.set_rect(self.layout.timeline)
        return self.layout

    def _place_map(self) -> None:
        """The map box: the map (or the table) with the gauges under it or, where that leaves
        the map bigger (a short, wide box: 1024x600, large fonts), in a column beside it."""
        x, y, w, h = self.layout.map
        side_w = self.gauges.column_width()
        side = self.gauges.gauges and self.gauges.height_for(side_w, h) < h and (
            self._map_scale(w - side_w - PAD, h) > 1.05 * self._map_scale(w, h - self.gauges.height_for(w, h // 3)))
        if side:
            self.map_rect = pygame.Rect(x, y, w - side_w - PAD, h)
            self.gauges.set_rect((x + w - side_w, y, side_w, h))
        else:
            gauges_h = self.gauges.height_for(w, h // 3)
            self.map_rect = pygame.Rect(x, y, w, h - gauges_h)
            self.gauges.set_rect((x, y + h - gauges_h, w, gauges_h))
        self.map.set_rect(self.map_rect)
        self.table.set_rect(self.map_rect if self.show_table else (0, 0, 0, 0))

    def _map_scale(self, width: int, height: int) -> float:
        """How large the map is drawn in a box of this size (its legend takes the bottom)."""
        if width <= 0 or height <= 0:
            return 0.0
        return self.map.map.fit(width, height - self.map.legend_height(width), margin=6).scale

    def set_world(self, spec, snapshot: dict, players: tuple[str, ...] | list[str] = ()) -> None:
        if self._spec is not spec:
            self._shown_gauges = None
        self._spec, self._snapshot = spec, snapshot
        before: dict[str, float] | None = self._shown_gauges if self._shown_gauges is not None else start_values(spec)
        if self._shown_gauges is not None and self.gauges.current() == {g.show: g.read(snapshot) for g in spec.gauges}:
            before = None  # the same state drawn again (a rebuild): keep the changes on screen
        if before is not None:
            self.gauges.set_values(spec, snapshot, before)
            self._shown_gauges = self.gauges.current()
        mapdata = self.ctx.map_for(spec)
        if mapdata is not self.map.map:
            self.map.set_map(mapdata)
        view = world_view(spec, snapshot, mapdata, players)
        old = self.map.view
        if old is not None and {(k.a, k.b) for k in view.links if k.kind == "war"} - {
                (k.a, k.b) for k in old.links if k.kind == "war"}:
            getattr(self.ctx, "play", lambda name: None)("war")  # a war has begun on the map
        self.map.set_world(view)
        self._place_map()  # the gauges and the legend (it grows with pacts and wars) decide the map's box
        self.table.set_blocks(table_blocks(spec, snapshot, view), keep_scroll=True)

    def set_marks(self, spec, marks: tuple[Mark, ...]) -> None:
        self.timeline.set_marks(spec.start, spec.end, marks)

    def set_header(self, title: str, date: int, turn: int, right: str) -> None:
        self.title = title
        self.date_text = f"{long_date(date)}   ·   " + (f"turn {turn}" if turn > 0 else "before the first turn")
        self.right_text = right

    def toggle_table(self) -> None:
        self.show_table = not self.show_table
        self.table.set_rect(self.map_rect if self.show_table else (0, 0, 0, 0))

    def draw(self, surface: pygame.Surface) -> None:
        t = self.ctx.text
        x, y, w, h = self.layout.top_bar
        pygame.draw.rect(surface, colour("panel_bg"), (x, y, w, h))
        pygame.draw.line(surface, colour("panel_border"), (x, y + h - 1), (x + w, y + h - 1))
        mid = y + h // 2
        date_img = t.render(self.date_text, 20, colour("ink"), True)
        date_rect = date_img.get_rect(center=(w // 2, mid))
        right_w = (w - date_rect.w) // 2 - 30
        t.blit(surface, t.ellipsize(self.title, 16, right_w), (12, mid), 16, colour("muted_ink"), anchor="midleft")
        surface.blit(date_img, date_rect)
        t.blit(surface, t.ellipsize(self.right_text, 16, right_w), (w - 12, mid), 16, colour("accent"), True,
               anchor="midright")
        if self.show_table:
            self.table.draw(surface)
        else:
            self.map.draw(surface)
            pygame.draw.rect(surface, colour("panel_border"), self.map.rect, 1)
        self.gauges.draw(surface)
        self.timeline.draw(surface)

    def draw_over(self, surface: pygame.Surface) -> None:
        """Above everything else: the focused gauge's explanation."""
        self.gauges.draw_focus_tip(surface)

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        tip = self.gauges.tooltip_at(pos)
        if tip:
            return tip
        if not self.show_table:
            name = self.map.name_at(pos)
            if name:
                return name
        return self.timeline.title_at(pos)
