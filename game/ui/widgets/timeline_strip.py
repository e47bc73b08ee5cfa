"""The timeline strip: every crisis of the scenario on a time axis, past, current and coming.

Past events that fired are filled, events that were skipped are crossed, the current one is
ringed and named, coming ones are hollow. Titles are placed where they do not overlap.
Rendered to a cached surface, rebuilt only when the game moves on or the size changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ...engine.dates import from_day
from ..text import TextCache
from ..theme import colour
from .cached import CachedPicture


@dataclass(frozen=True)
class Mark:
    event_id: str
    title: str
    date: int
    state: str  # "past" | "skipped" | "current" | "coming"


def marks_for(game, current_event: str | None = None, as_of_turn: int | None = None) -> tuple[Mark, ...]:
    """The strip's marks now, or (``as_of_turn``: a happening card shown after the fact) as
    they stood then: the crises fired after that turn are still to come."""
    later = {t.event for t in game.turns if as_of_turn is not None and t.turn > as_of_turn}
    fired = {turn.event for turn in game.turns} - later
    coming = {e.id for e in game.upcoming()} | later
    decision = game.decision()
    current = current_event or (decision.event.id if decision else None)
    out = []
    for event in game.spec.events:
        if event.id == current:
            state = "current"
        elif event.id in fired:
            state = "past"
        elif event.id in coming:
            state = "coming"
        else:
            state = "skipped"
        out.append(Mark(event.id, event.title, event.date, state))
    return tuple(out)


class TimelineStrip:
    def __init__(self, text: TextCache) -> None:
        self.text = text
        self.rect = pygame.Rect(0, 0, 100, 60)
        self.start = 0
        self.end = 1
        self.marks: tuple[Mark, ...] = ()
        self._picture = CachedPicture(text)
        self._points: list[tuple[Mark, int]] = []
        self.drawn_titles: list[tuple[str, list[str]]] = []  # (title, its lines) on the strip, for tests

    def set_rect(self, rect) -> None:
        self.rect = pygame.Rect(rect)

    def set_marks(self, start: int, end: int, marks: tuple[Mark, ...]) -> None:
        self.start, self.end, self.marks = start, max(end, start + 1), marks

    def _x(self, day: int, x0: int, x1: int) -> int:
        return int(x0 + (x1 - x0) * (day - self.start) / (self.end - self.start))

    def _render(self) -> pygame.Surface:
        t = self.text
        w, h = self.rect.size
        surface = pygame.Surface((w, h))
        surface.fill(colour("panel_bg"))
        pygame.draw.rect(surface, colour("panel_border"), (0, 0, w, h), 1, border_radius=4)
        size = 13
        lh = t.line_height(size)
        x0, x1 = 18, w - 18
        axis_y = h - lh - 10
        muted, ink, accent = colour("muted_ink"), colour("ink"), colour("accent")
        pygame.draw.line(surface, colour("panel_border"), (x0, axis_y), (x1, axis_y), 2)
        first, last = from_day(self.start), from_day(self.end)
        taken: list[pygame.Rect] = []
        for year in range(first.year, last.year + 2):
            for month in (1, 7):
                import datetime as _dt
                day = (_dt.date(year, month, 1) - _dt.date(1900, 1, 1)).days
                if not self.start <= day <= self.end:
                    continue
                x = self._x(day, x0, x1)
                pygame.draw.line(surface, muted, (x, axis_y - 4), (x, axis_y + 4), 1)
                label = str(year) if month == 1 else "Jul"
                img = t.render(label, size, muted, month == 1)
                rect = img.get_rect(midtop=(x, axis_y + 5))
                rect.clamp_ip(surface.get_rect().inflate(-4, 0))
                surface.blit(img, rect)
        self._points = []
        for mark in self.marks:
            x = self._x(mark.date, x0, x1)
            self._points.append((mark, x))
            if mark.state == "past":
                pygame.draw.circle(surface, ink, (x, axis_y), 5)
            elif mark.state == "skipped":
                pygame.draw.line(surface, muted, (x - 4, axis_y - 4), (x + 4, axis_y + 4), 2)
                pygame.draw.line(surface, muted, (x - 4, axis_y + 4), (x + 4, axis_y - 4), 2)
            elif mark.state == "current":
                pygame.draw.circle(surface, accent, (x, axis_y), 8)
                pygame.draw.circle(surface, colour("panel_bg"), (x, axis_y), 4)
            else:
                pygame.draw.circle(surface, colour("panel_bg"), (x, axis_y), 5)
                pygame.draw.circle(surface, muted, (x, axis_y), 5, 2)
        # Titles: the current event first, then past and coming, wherever they fit. A title is
        # drawn whole, on one line or wrapped on two, or not at all (its mark's tooltip names it):
        # never cut ("The Hossbach conferen..." said nothing).
        order = sorted(self._points, key=lambda p: {"current": 0, "past": 1, "coming": 2, "skipped": 3}[p[0].state])
        rows = max(1, (axis_y - 9) // (lh + 2))  # lines of titles between the top (3 px) and the axis
        self.drawn_titles = []
        for mark, x in order:
            if mark.state == "skipped":
                continue
            colour_ = accent if mark.state == "current" else ink if mark.state == "past" else muted
            bold = mark.state == "current"
            for lines in self._forms(mark.title, size, bold, rows):
                placed = self._place(surface, lines, x, axis_y, rows, taken, size, colour_, bold, w, h)
                if placed:
                    self.drawn_titles.append((mark.title, lines))
                    break
        return surface

    def _forms(self, title: str, size: int, bold: bool, rows: int) -> list[list[str]]:
        """The ways to write ``title``: on one line, then wrapped on two (when there is room)."""
        t = self.text
        forms = [[title]]
        if rows >= 2:
            half = t.width(title, size, bold) // 2 + t.px(24)
            two = t.wrap(title, size, half, bold)
            if len(two) == 2:
                forms.append(two)
        return forms

    def _place(self, surface: pygame.Surface, lines: list[str], x: int, axis_y: int, rows: int,
               taken: list[pygame.Rect], size: int, colour_, bold: bool, w: int, h: int) -> bool:
        """Draw ``lines`` above the mark at ``x`` in the lowest free row; False if none is free."""
        t = self.text
        lh = t.line_height(size)
        width = max(t.width(line, size, bold) for line in lines)
        for row in range(rows - len(lines) + 1):
            bottom = axis_y - 10 - row * (lh + 2)
            rect = pygame.Rect(0, 0, width, len(lines) * lh)
            rect.midbottom = (x, bottom + 2)
            rect.clamp_ip(pygame.Rect(4, 0, w - 8, h))
            if rect.top < 3:
                return False
            if any(rect.inflate(10, 0).colliderect(r) for r in taken):
                continue
            taken.append(rect)
            for i, line in enumerate(lines):
                img = t.render(line, size, colour_, bold)
                surface.blit(img, img.get_rect(midtop=(rect.centerx, rect.y + i * lh)))
            pygame.draw.line(surface, colour("panel_border"), (x, rect.bottom), (x, axis_y - 6), 1)
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        key = (self.rect.size, self.start, self.end, self.marks, self.text.scale)
        self._picture.blit(surface, self.rect.topleft, key, self._render)

    def title_at(self, pos: tuple[int, int]) -> str | None:
        if not self.rect.collidepoint(pos):
            return None
        near = [(abs(self.rect.x + x - pos[0]), x, mark) for mark, x in self._points
                if abs(self.rect.x + x - pos[0]) <= 8]
        if not near:
            return None
        closest = min(near, key=lambda n: n[0])[1]
        states = {"past": "happened", "skipped": "did not happen", "current": "now", "coming": "to come"}
        lines = []
        for _, x, mark in near:  # every crisis at that point (several can share a date)
            if x == closest:
                date = from_day(mark.date)
                lines.append(f"{date.day} {date.strftime('%b')} {date.year}: {mark.title} ({states[mark.state]})")
        return "\n".join(lines)
