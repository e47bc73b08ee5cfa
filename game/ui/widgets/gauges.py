"""The gauges under the map: the quantities that drive the story, as the scenario's
``gauges`` section names them, each with a bar and the change since the last state shown.

The panel takes two snapshots (before and now) and draws one cell per gauge: label, bar,
and the change (+ green, - red; nothing when it did not move). Hovering over a cell or
giving it keyboard focus shows the gauge's one-sentence explanation.
"""

from __future__ import annotations

from typing import Any

import pygame

from ..text import TextCache
from ..theme import colour
from .cached import CachedPicture

SIZE = 13  # label size (scaled by the font preference)
MIN_CELL = 170  # narrowest cell, in pixels at normal font size
UP, DOWN = (124, 204, 142), (240, 124, 112)
EPSILON = 0.005


def start_values(spec) -> dict[str, float]:
    """Each gauge's value at the start of the scenario (before any turn): what the first
    screen compares against."""
    values = {}
    powers = [p.id for p in spec.powers]
    attributes = [a.name for a in spec.attributes]
    by_global = {g.name: g.initial for g in spec.globals}
    for gauge in spec.gauges:
        kind = gauge.path[0]
        if kind == "globals":
            values[gauge.show] = float(by_global[gauge.path[1]])
        elif kind == "attributes":
            values[gauge.show] = float(spec.attr_initial[attributes.index(gauge.path[1]), powers.index(gauge.path[2])])
        else:
            values[gauge.show] = float(spec.trust_initial[powers.index(gauge.path[1]), powers.index(gauge.path[2])])
    return values


def delta_text(change: float, low: float, high: float) -> str:
    """'+0.05' / '-0.10' (or '+1' on a count-like range); '' when it did not move."""
    if abs(change) < EPSILON:
        return ""
    if high - low > 2:
        return f"{change:+.0f}" if abs(change - round(change)) < EPSILON else f"{change:+.1f}"
    return f"{change:+.2f}".replace("-", "\u2212")


class GaugeItem:
    """One gauge in the scene's focus ring; focus shows its explanation."""

    def __init__(self, panel: GaugePanel, index: int) -> None:
        self.panel = panel
        self.index = index
        self.key = f"gauge:{index}"

    def rect(self) -> pygame.Rect | None:
        cells = self.panel.cells()
        return cells[self.index] if self.index < len(cells) and self.panel.rect.h > 0 else None

    def activate(self) -> Any:
        return None

    def set_focused(self, on: bool) -> None:
        if on:
            self.panel.focused = self.index
        elif self.panel.focused == self.index:
            self.panel.focused = None


class GaugePanel:
    def __init__(self, text: TextCache) -> None:
        self.text = text
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.gauges: tuple = ()
        self.values: tuple[float, ...] = ()
        self.changes: tuple[float, ...] = ()
        self.focused: int | None = None
        self._picture = CachedPicture(text)

    # -------------------------------------------------------------- layout
    def row_height(self) -> int:
        return self.text.line_height(SIZE) + 10

    def columns(self, width: int, height: int | None = None) -> int:
        """As many columns as cells of MIN_CELL fit; more when ``height`` holds too few rows."""
        count = len(self.gauges) or 1
        cols = max(1, min(count, width // self.text.px(MIN_CELL)))
        if height is not None:
            rows = max(1, (height - 4) // self.row_height())
            cols = max(cols, min(count, -(-count // rows)))
        return cols

    def column_width(self) -> int:
        """The width of a single column of cells (the panel beside the map)."""
        return self.text.px(MIN_CELL + 30)

    def height_for(self, width: int, limit: int) -> int:
        """Pixels the panel needs at ``width``, at most ``limit`` (0 without gauges)."""
        if not self.gauges:
            return 0
        rows = -(-len(self.gauges) // self.columns(width, limit))
        return min(limit, rows * self.row_height() + 4)

    def set_rect(self, rect) -> None:
        self.rect = pygame.Rect(rect)

    def cells(self) -> list[pygame.Rect]:
        cols = self.columns(self.rect.w, self.rect.h)
        w, h = self.rect.w // cols, self.row_height()
        return [pygame.Rect(self.rect.x + (i % cols) * w, self.rect.y + 2 + (i // cols) * h, w, h)
                for i in range(len(self.gauges))]

    # ---------------------------------------------------------------- data
    def set_values(self, spec, now: dict, before: dict[str, float] | None) -> None:
        """Read each gauge from the snapshot ``now``; ``before`` holds the values last shown."""
        self.gauges = tuple(spec.gauges)
        self.values = tuple(g.read(now) for g in self.gauges)
        self.changes = tuple((v - before[g.show]) if before and g.show in before else 0.0
                             for g, v in zip(self.gauges, self.values))

    def current(self) -> dict[str, float]:
        return {g.show: v for g, v in zip(self.gauges, self.values)}

    # ---------------------------------------------------------------- draw
    def _render(self) -> pygame.Surface:
        """Each cell: the label, the change at the right, and the bar as a strip underneath."""
        t = self.text
        surface = pygame.Surface(self.rect.size)
        surface.fill(colour("panel_bg"))
        origin = self.rect.topleft
        delta_w = t.width("\u22120.00", SIZE, True) + 4
        lh = t.line_height(SIZE)
        for gauge, value, change, cell in zip(self.gauges, self.values, self.changes, self.cells()):
            cell = cell.move(-origin[0], -origin[1])
            mid = cell.y + 2 + lh // 2
            t.blit(surface, t.ellipsize(gauge.label, SIZE, cell.w - delta_w - 16), (cell.x + 8, mid), SIZE,
                   colour("ink"), anchor="midleft")
            text = delta_text(change, gauge.low, gauge.high)
            if text:
                t.blit(surface, text, (cell.right - 8, mid), SIZE, UP if change > 0 else DOWN, True, anchor="midright")
            bar = pygame.Rect(cell.x + 8, cell.y + lh + 2, cell.w - 16, 5)
            span = gauge.high - gauge.low
            fraction = 0.0 if span <= 0 else max(0.0, min(1.0, (value - gauge.low) / span))
            pygame.draw.rect(surface, colour("panel_alt_bg"), bar)
            if gauge.low < 0 < gauge.high:  # a two-sided scale (trust): fill from the zero mark
                zero = bar.x + round(bar.w * (-gauge.low / span))
                end = bar.x + round(bar.w * fraction)
                pygame.draw.rect(surface, colour("accent") if end >= zero else DOWN,
                                 (min(zero, end), bar.y, abs(end - zero), bar.h))
                pygame.draw.line(surface, colour("ink"), (zero, bar.y - 2), (zero, bar.bottom + 1))
            else:
                pygame.draw.rect(surface, colour("accent"), (bar.x, bar.y, round(bar.w * fraction), bar.h))
        return surface

    def draw(self, surface: pygame.Surface) -> None:
        if not self.gauges or self.rect.h <= 0:
            return
        key = (self.rect.size, self.rect.topleft, self.values, self.changes, self.text.scale)
        self._picture.blit(surface, self.rect.topleft, key, self._render)

    def draw_focus_tip(self, surface: pygame.Surface) -> None:
        """The focused gauge's explanation, in a box just above it (keyboard players' tooltip)."""
        if self.focused is None or self.focused >= len(self.gauges):
            return
        cell = self.cells()[self.focused]
        t = self.text
        width = min(surface.get_width() - 20, t.px(460))
        lines = t.wrap(self.explanation(self.focused), 14, width - 16)
        lh = t.line_height(14)
        box = pygame.Rect(0, 0, width, lh * len(lines) + 10)
        box.midbottom = (cell.centerx, cell.y - 4)
        box.clamp_ip(surface.get_rect())
        pygame.draw.rect(surface, colour("dark_bg"), box, border_radius=4)
        pygame.draw.rect(surface, colour("accent"), box, 1, border_radius=4)
        for i, line in enumerate(lines):
            t.blit(surface, line, (box.x + 8, box.y + 5 + i * lh), 14, colour("ink"))

    # ---------------------------------------------------------------- query
    def explanation(self, index: int) -> str:
        gauge, value = self.gauges[index], self.values[index]
        shown = f"{value:.0f}" if gauge.high - gauge.low > 2 else f"{value:+.2f}" if gauge.low < 0 else f"{value:.2f}"
        change = delta_text(self.changes[index], gauge.low, gauge.high)
        return f"{gauge.label} {shown}{f' ({change} last turn)' if change else ''}: {gauge.explain}"

    def index_at(self, pos: tuple[int, int]) -> int | None:
        if not self.rect.collidepoint(pos):
            return None
        for i, cell in enumerate(self.cells()):
            if cell.collidepoint(pos):
                return i
        return None

    def tooltip_at(self, pos: tuple[int, int]) -> str | None:
        index = self.index_at(pos)
        return None if index is None else self.explanation(index)

    def focus_items(self) -> list[GaugeItem]:
        return [GaugeItem(self, i) for i in range(len(self.gauges))]
