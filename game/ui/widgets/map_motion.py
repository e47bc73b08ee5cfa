"""The map's animation when the world changes: stances fade to their new colours, land that
changed hands (or a state that ceased to exist) pulses, new relations draw in from one
capital to the other.

Cheap by design: the old and the new picture are each rendered once (the new one also
without the new relations, which are then drawn growing on top), so an animating frame is
a few blits and a few lines, never a re-render of the map.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from .map_view import Link, MapView, WorldView

FADE_MS = 700  # stances fade to their new colour
DRAW_MS = 900  # new relations draw in
PULSE_MS = 1800  # changed land pulses (two and a bit beats)
BEAT_MS = 800
PULSE = (255, 246, 200)


class Motion:
    def __init__(self, clock: Callable[[], int] = pygame.time.get_ticks) -> None:
        self.clock = clock
        self.start_ms: int | None = None
        self.old: pygame.Surface | None = None
        self.base: pygame.Surface | None = None
        self.mask: pygame.Surface | None = None
        self.new_links: tuple[Link, ...] = ()
        self.changed: tuple[str, ...] = ()  # territory ids and vanished states' ids that pulse
        self.prepared = False

    def start(self, widget: MapView, old: WorldView, new: WorldView) -> None:
        picture = widget._picture.surface
        if picture is None or picture.get_size() != widget.rect.size:
            self.start_ms = None
            return
        self.old = picture.copy()
        seen = {(link.a, link.b, link.kind) for link in old.links}
        self.new_links = tuple(link for link in new.links if (link.a, link.b, link.kind) not in seen)
        before, after = dict(old.holders), dict(new.holders)
        moved = [tid for tid, holder in after.items() if before.get(tid) != holder]
        vanished = [state for state in new.gone_ids() - old.gone_ids()]
        self.changed = tuple(moved + vanished)
        self.start_ms = self.clock()
        self.prepared = False

    def elapsed(self) -> int:
        return 0 if self.start_ms is None else self.clock() - self.start_ms

    def active(self, widget: MapView) -> bool:
        if self.start_ms is None or self.old is None or self.old.get_size() != widget.rect.size:
            return False
        if self.elapsed() >= max(FADE_MS, DRAW_MS if self.new_links else 0, PULSE_MS if self.changed else 0):
            self.start_ms = None
            self.old = self.base = self.mask = None
            return False
        return True

    def _prepare(self, widget: MapView) -> None:
        full = widget.picture()
        self.base = full
        if self.new_links:
            base = widget._render(hide=frozenset(self.new_links))
            self.base = base.convert() if pygame.display.get_surface() is not None else base
        self.mask = self._mask(widget) if self.changed else None
        self.prepared = True

    def _mask(self, widget: MapView) -> pygame.Surface:
        mask = pygame.Surface(widget.rect.size, pygame.SRCALPHA)
        tf = widget.transform
        for region_id in self.changed:
            region = widget.map.territories.get(region_id) or widget.map.countries.get(region_id)
            for ring in region.polygons if region else ():
                pts = tf.ring_to_screen(ring)
                if len(pts) >= 3:
                    pygame.draw.polygon(mask, (*PULSE, 255), pts)
                    pygame.draw.polygon(mask, (40, 30, 20, 255), pts, 2)
        return mask

    def draw(self, widget: MapView, surface: pygame.Surface) -> None:
        if not self.prepared:
            self._prepare(widget)
        assert self.old is not None and self.base is not None
        e = self.elapsed()
        full = widget.picture()
        drawing = bool(self.new_links) and e < DRAW_MS
        target = self.base if drawing else full
        fade = min(1.0, e / FADE_MS)
        clip = surface.get_clip()
        surface.set_clip(widget.rect)
        if fade < 1.0:
            surface.blit(self.old, widget.rect.topleft)
            target.set_alpha(round(255 * fade))
            surface.blit(target, widget.rect.topleft)
            target.set_alpha(None)
        else:
            surface.blit(target, widget.rect.topleft)
        if drawing:
            for link in self.new_links:
                widget.draw_link(surface, link, min(1.0, e / DRAW_MS), widget.rect.topleft)
        if self.mask is not None and e < PULSE_MS:
            beat = 0.5 - 0.5 * math.cos(2 * math.pi * e / BEAT_MS)
            self.mask.set_alpha(round(150 * beat))
            surface.blit(self.mask, widget.rect.topleft)
        surface.set_clip(clip)
