"""The map of Europe: countries and territories coloured by stance, lines for trust and pacts.

Everything is rendered once into a cached surface; the cache is rebuilt only when the
window size or the world (stances, holders, flags, trust) changes. Colours come from
the snapshot alone, so any scenario that uses the map's country ids works:

- a country that is a power in the scenario: its stance toward Germany (diverging scale);
- a territory: the stance colour of its current holder, hatched when it has changed hands;
- countries outside the scenario: neutral land;
- a dashed line between capitals where trust between two powers is >= 0.5 (solid if both ways);
- a heavy line for a set flag whose name says pact/alliance/treaty/axis and names two powers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pygame

from ...mapdata import MapData
from ..text import TextCache
from ..theme import STANCE_SCALE, colour, stance_colour
from .cached import CachedPicture

TRUST_LINE = 0.5
PACT_WORDS = ("pact", "alliance", "treaty", "axis", "entente", "agreement")


@dataclass(frozen=True)
class WorldView:
    """What the map shows, derived from a game snapshot (hashable, so caching is exact)."""

    stance: tuple[tuple[str, float], ...]  # (power id, stance) for powers on the map
    holders: tuple[tuple[str, str], ...]  # (territory id, holder power id)
    trust_links: tuple[tuple[str, str, bool], ...]  # (a, b, both ways)
    pacts: tuple[tuple[str, str, str], ...]  # (a, b, flag)
    names: tuple[tuple[str, str], ...]  # (power id, display name)


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^a-z]+", text.lower()) if t]


def _power_matches(token: str, power_id: str, name: str) -> bool:
    words = _tokens(power_id) + _tokens(name)
    return any(len(token) >= 4 and (w.startswith(token) or token.startswith(w)) and len(w) >= 4 for w in words)


def world_view(spec, snapshot: dict, mapdata: MapData) -> WorldView:
    powers = [p.id for p in spec.powers]
    on_map = [p for p in powers if p in mapdata.countries]
    stance = tuple((p, round(snapshot["attributes"]["stance"][p], 3)) for p in on_map)
    holders = tuple(sorted(snapshot["territory"].items()))
    links = []
    trust = snapshot.get("trust", {})
    for i, a in enumerate(on_map):
        for b in on_map[i + 1:]:
            ab, ba = trust.get(a, {}).get(b, 0.0), trust.get(b, {}).get(a, 0.0)
            if max(ab, ba) >= TRUST_LINE:
                links.append((a, b, min(ab, ba) >= TRUST_LINE))
    pacts = []
    names = {p.id: p.name for p in spec.powers}
    for flag in snapshot.get("flags", []):
        tokens = _tokens(flag)
        if not any(word in tokens for word in PACT_WORDS):
            continue
        matched = [p for p in on_map if any(_power_matches(t, p, names[p]) for t in tokens if t not in PACT_WORDS)]
        if len(matched) == 2:
            pacts.append((matched[0], matched[1], flag))
    return WorldView(stance, holders, tuple(links), tuple(pacts), tuple(names.items()))


class MapView:
    def __init__(self, text: TextCache, mapdata: MapData) -> None:
        self.text = text
        self.map = mapdata
        self.rect = pygame.Rect(0, 0, 100, 100)
        self.view: WorldView | None = None
        self.legend = True
        self.labels = True
        self.dim = 0  # alpha of a dark veil (title screen backdrop)
        self._picture = CachedPicture(text)
        self.transform = mapdata.fit(100, 100)
        self.renders = 0  # how many times the cache was rebuilt (tests, benchmark)

    def set_rect(self, rect: pygame.Rect | tuple[int, int, int, int]) -> None:
        self.rect = pygame.Rect(rect)

    def set_world(self, view: WorldView | None) -> None:
        self.view = view

    # ---------------------------------------------------------------- render
    def _render(self) -> pygame.Surface:
        self.renders += 1
        w, h = self.rect.size
        surface = pygame.Surface((w, h))
        surface.fill(colour("sea"))
        map_h = h - self._legend_height()
        self.transform = self.map.fit(w, map_h, margin=6)
        stance = dict(self.view.stance) if self.view else {}
        holders = dict(self.view.holders) if self.view else {}
        names = dict(self.view.names) if self.view else {}
        tf = self.transform
        border = colour("border_line")
        for country in self.map.countries.values():
            fill = stance_colour(stance[country.id]) if country.id in stance else (
                colour("land_context") if country.kind == "context" else colour("land_neutral"))
            for ring in country.polygons:
                pts = tf.ring_to_screen(ring)
                if len(pts) >= 3:
                    pygame.draw.polygon(surface, fill, pts)
                    pygame.draw.polygon(surface, border, pts, 1)
        changed = []
        for territory in self.map.territories.values():
            holder = holders.get(territory.id, territory.holder)
            fill = stance_colour(stance[holder]) if holder in stance else colour("land_neutral")
            moved = holder != territory.holder
            for ring in territory.polygons:
                pts = tf.ring_to_screen(ring)
                if len(pts) < 3:
                    continue
                pygame.draw.polygon(surface, fill, pts)
                if moved:
                    self._hatch(surface, pts, fill)
                pygame.draw.polygon(surface, colour("territory_line"), pts, 1)
            if moved:
                changed.append(territory)
        if self.view:
            self._draw_links(surface)
        if self.labels:
            self._draw_labels(surface, stance, holders, names, changed)
        if self.legend:
            self._draw_legend(surface, pygame.Rect(0, map_h, w, h - map_h))
        if self.dim:
            veil = pygame.Surface((w, h), pygame.SRCALPHA)
            veil.fill((*colour("window_bg"), self.dim))
            surface.blit(veil, (0, 0))
        return surface

    def _hatch(self, surface: pygame.Surface, pts: list[tuple[float, float]], fill: tuple[int, int, int]) -> None:
        """Diagonal lines inside a polygon: 'changed hands' without relying on colour."""
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        box = pygame.Rect(int(min(xs)), int(min(ys)), int(max(xs) - min(xs)) + 2, int(max(ys) - min(ys)) + 2)
        if box.w < 2 or box.h < 2:
            return
        mask = pygame.Surface(box.size, pygame.SRCALPHA)
        local = [(x - box.x, y - box.y) for x, y in pts]
        pygame.draw.polygon(mask, (255, 255, 255, 255), local)
        lines = pygame.Surface(box.size, pygame.SRCALPHA)
        dark = tuple(max(0, int(c * 0.55)) for c in fill)
        step = 7
        for k in range(-box.h, box.w, step):
            pygame.draw.line(lines, (*dark, 255), (k, box.h), (k + box.h, 0), 2)
        lines.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        surface.blit(lines, box.topleft)

    def _capital(self, power: str) -> tuple[float, float] | None:
        point = self.map.capital(power)
        return None if point is None else self.transform.to_screen(*point)

    def _draw_links(self, surface: pygame.Surface) -> None:
        assert self.view is not None
        for a, b, both in self.view.trust_links:
            pa, pb = self._capital(a), self._capital(b)
            if pa and pb:
                _dashed(surface, colour("trust_line"), pa, pb, 3 if both else 2, 10 if both else 5)
        for a, b, _flag in self.view.pacts:
            pa, pb = self._capital(a), self._capital(b)
            if pa and pb:
                pygame.draw.line(surface, (250, 248, 240), pa, pb, 7)
                pygame.draw.line(surface, colour("pact_line"), pa, pb, 4)
        for power, _ in self.view.stance:
            point = self._capital(power)
            if point:
                pygame.draw.circle(surface, (250, 248, 240), point, 4)
                pygame.draw.circle(surface, colour("map_label"), point, 3)

    def _draw_labels(self, surface, stance, holders, names, changed) -> None:
        t = self.text
        scale = self.transform.scale
        big = 14 if scale > 0.9 else 12
        ink, halo = colour("map_label"), colour("map_label_halo")
        taken: list[pygame.Rect] = []

        def place(text: str, point, size: int, bold: bool, italic: bool = False) -> None:
            x, y = self.transform.to_screen(*point)
            img = t.render(text, size, ink, bold, italic)
            rect = img.get_rect(center=(int(x), int(y)))
            if not surface.get_rect().contains(rect) or any(rect.colliderect(r) for r in taken):
                return
            taken.append(rect.inflate(4, 2))
            t.blit_halo(surface, text, rect.center, size, ink, halo, bold, italic)

        for country in self.map.countries.values():
            if country.kind != "power" or country.id not in stance:
                continue
            if not country.polygons and not any(holders.get(tid, country.id) == country.id
                                                for tid in country.territories):
                continue  # all its land is held by others: the state is gone from the map
            label = names.get(country.id, country.name)
            point = country.label
            if not country.polygons and country.territories:
                point = self.map.territories[country.territories[0]].label if len(country.territories) == 1 else point
            place(label, point, big, True)
        for territory in changed:
            place(territory.name, territory.label, 11, False, True)
        for country in self.map.countries.values():
            shown = country.kind == "minor" or (country.kind == "power" and country.id not in stance)
            if shown and country.area * scale * scale > 900:
                place(country.name, country.label, 11, False)

    LEGEND_SIZE = 13

    def _legend_rows(self, width: int) -> list[list[tuple[str, str, int]]]:
        """Legend entries flowed into rows that fit ``width``: (kind, label, pixel width)."""
        t, size = self.text, self.LEGEND_SIZE
        bar_w = t.px(110)
        entries = [("scale", "Stance toward Germany:", t.width("Stance toward Germany:", size, True) + 8
                    + t.width("hostile -1", size) + bar_w + t.width("+1 aligned", size) + 16),
                   ("swatch", "not in play", 0), ("hatch", "changed hands", 0), ("trust", "trust >= 0.5", 0),
                   ("pact", "pact", 0)]
        entries = [(k, label, w or (t.px(22) + 6 + t.width(label, size) + 18)) for k, label, w in entries]
        rows: list[list[tuple[str, str, int]]] = [[]]
        used = 0
        for entry in entries:
            if rows[-1] and used + entry[2] > width - 20:
                rows.append([])
                used = 0
            rows[-1].append(entry)
            used += entry[2]
        return rows

    def _legend_height(self) -> int:
        if not self.legend:
            return 0
        return len(self._legend_rows(self.rect.w)) * (self.text.line_height(self.LEGEND_SIZE) + 4) + 10

    def _draw_legend(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        t, size = self.text, self.LEGEND_SIZE
        pygame.draw.rect(surface, colour("panel_bg"), box)
        lh = t.line_height(size)
        ink, muted = colour("ink"), colour("muted_ink")
        y = box.y + 6
        for row in self._legend_rows(box.w):
            x = box.x + 10
            for kind, label, width in row:
                if kind == "scale":
                    cx = x
                    img = t.render(label, size, ink, True)
                    surface.blit(img, (cx, y))
                    cx += img.get_width() + 8
                    left = t.render("hostile -1", size, muted)
                    surface.blit(left, (cx, y))
                    cx += left.get_width() + 6
                    bar_w = t.px(110)
                    segment = bar_w / len(STANCE_SCALE)
                    for i, c in enumerate(STANCE_SCALE):
                        pygame.draw.rect(surface, c, (int(cx + i * segment), y + 2, math.ceil(segment), lh - 4))
                    pygame.draw.rect(surface, colour("panel_border"), (cx, y + 2, bar_w, lh - 4), 1)
                    surface.blit(t.render("+1 aligned", size, muted), (cx + bar_w + 6, y))
                else:
                    sample = pygame.Rect(x, y + 3, t.px(22), lh - 6)
                    pygame.draw.rect(surface, colour("land_neutral") if kind != "hatch" else (200, 170, 130), sample)
                    if kind == "swatch":
                        pygame.draw.rect(surface, colour("border_line"), sample, 1)
                    elif kind == "hatch":
                        clip = surface.get_clip()
                        surface.set_clip(sample)
                        for k in range(sample.x - sample.h, sample.right, 6):
                            pygame.draw.line(surface, (110, 90, 60), (k, sample.bottom), (k + sample.h, sample.y), 2)
                        surface.set_clip(clip)
                    elif kind == "trust":
                        ends = (sample.x, sample.centery), (sample.right, sample.centery)
                        _dashed(surface, colour("trust_line"), *ends, 2, 5)
                    else:
                        ends = (sample.x, sample.centery), (sample.right, sample.centery)
                        pygame.draw.line(surface, colour("pact_line"), *ends, 4)
                    surface.blit(t.render(label, size, ink), (sample.right + 6, y))
                x += width
            y += lh + 4

    # ------------------------------------------------------------------ API
    def draw(self, surface: pygame.Surface) -> None:
        key = (self.rect.size, self.view, self.legend, self.labels, self.dim, self.text.scale)
        self._picture.blit(surface, self.rect.topleft, key, self._render)

    def name_at(self, pos: tuple[int, int]) -> str | None:
        """The country or territory under a screen point (for tooltips), with its holder."""
        if not self.rect.collidepoint(pos):
            return None
        hit = self.map.hit_test_screen(pos[0] - self.rect.x, pos[1] - self.rect.y, self.transform)
        if hit is None:
            return None
        holders = dict(self.view.holders) if self.view else {}
        names = dict(self.view.names) if self.view else {}
        stance = dict(self.view.stance) if self.view else {}
        if hit.kind == "territory":
            territory = self.map.territories[hit.id]
            holder = holders.get(hit.id, territory.holder)
            return f"{territory.name}: held by {names.get(holder, holder)}"
        country = self.map.countries[hit.id]
        if hit.id in stance:
            return f"{names.get(hit.id, country.name)}: stance {stance[hit.id]:+.2f}"
        return f"{country.name} (not in play)"


def _dashed(surface, c, a, b, width: int, dash: int) -> None:
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1:
        return
    n = int(length // dash)
    for i in range(0, n, 2):
        s, e = i / n, min(1.0, (i + 1) / n)
        start = (x0 + (x1 - x0) * s, y0 + (y1 - y0) * s)
        end = (x0 + (x1 - x0) * e, y0 + (y1 - y0) * e)
        pygame.draw.line(surface, c, start, end, width)
