"""The map of Europe: countries and territories coloured by stance, lines for trust and for
the relations the scenario declares (pacts, alliances, guarantees, wars), occupied land.

Everything is rendered once into a cached surface; the cache is rebuilt only when the
window size or the world changes. Colours come from the snapshot and the scenario alone, so
any scenario that uses the map's country ids works:

- a country that is a power in the scenario: its stance toward Germany (diverging scale);
- a territory: the stance colour of its current holder, hatched when it has changed hands,
  cross-hatched when it is occupied (taken in a war, or from a state that no longer exists);
- a state that has ceased to exist (occupied under a relation of kind ``occupation``, or with
  all its land held by others): its remaining land in the occupier's colour, cross-hatched,
  and no label, trust line or relation of its own;
- countries outside the scenario: neutral land;
- a dashed line between capitals where trust between two powers is >= 0.5 (on a light halo,
  so it shows over dark countries);
- a line per relation the scenario declares in ``relations`` whose flag is set.

The legend lists only what is drawn. When the world changes, :class:`MapView` animates the
change (see :mod:`game.ui.widgets.map_motion`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pygame

from ...mapdata import BBox, MapData, future_states, gone_states, new_states, relation_lines
from ..text import TextCache
from ..theme import STANCE_SCALE, colour, stance_colour, stance_word
from .cached import CachedPicture
from .map_motion import Motion

TRUST_LINE = 0.5
HALO = (250, 248, 240)
WAR = (200, 40, 40)
OCCUPIED = (150, 30, 30)
# When two relations join the same pair, the line shows the strongest.
KIND_WORDS = {"pact": "pact", "alliance": "alliance", "guarantee": "guarantee", "war": "at war",
              "occupation": "occupied"}


@dataclass(frozen=True)
class Link:
    """One line on the map: the strongest relation between a and b, and every relation's name."""

    a: str
    b: str
    kind: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class WorldView:
    """What the map shows, derived from a game snapshot (hashable, so caching is exact)."""

    stance: tuple[tuple[str, float], ...]  # (power id, stance) for powers on the map that still exist
    holders: tuple[tuple[str, str], ...]  # (territory id, holder power id)
    trust_links: tuple[tuple[str, str, bool], ...]  # (a, b, both ways)
    links: tuple[Link, ...]  # relations drawn between powers on the map
    names: tuple[tuple[str, str], ...]  # (power id, display name)
    gone: tuple[tuple[str, str], ...] = ()  # (state that ceased to exist, its occupier or "")
    # every relation whose flag is set: (kind, label, powers, to)
    active: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = ()
    players: tuple[str, ...] = ()
    player_trust: tuple[tuple[str, str, float, float], ...] = ()  # (player, other, player->other, other->player)
    scale: tuple[str, str, str] = ("Stance", "-1", "+1")  # legend: the main attribute's title, low end, high end
    off_map: tuple[str, ...] = ()  # "Italy +1.00", "Ogaden (held by Italy)": what has no shape on this map
    future: tuple[str, ...] = ()  # powers that are not yet states (Slovakia before March 1939)

    def gone_ids(self) -> set[str]:
        return {p for p, _ in self.gone}

    def at_war(self) -> set[tuple[str, str]]:
        pairs = set()
        for kind, _label, powers, to in self.active:
            if kind == "war":
                pairs |= {(a, b) for a in powers for b in to} | {(b, a) for a in powers for b in to}
        return pairs


def world_view(spec, snapshot: dict, mapdata: MapData, players: tuple[str, ...] | list[str] = ()) -> WorldView:
    gone = gone_states(spec, snapshot, mapdata)
    future = future_states(spec, snapshot, mapdata)  # not yet states (Slovakia before March 1939)
    powers = [p.id for p in spec.powers if p.id not in future]
    on_map = [p for p in powers if p in mapdata.countries and p not in gone]
    # a new state is drawn as the land it holds, in its own colour (Slovakia from March 1939)
    risen = [p for p in sorted(new_states(spec, mapdata)) if p not in future and p not in gone]
    coloured = on_map + risen
    stance = tuple((p, round(snapshot["attributes"]["stance"][p], 3)) for p in coloured)
    holders = tuple(sorted(snapshot["territory"].items()))
    trust = snapshot.get("trust", {})
    links = []
    for i, a in enumerate(on_map):
        for b in on_map[i + 1:]:
            ab, ba = trust.get(a, {}).get(b, 0.0), trust.get(b, {}).get(a, 0.0)
            if max(ab, ba) >= TRUST_LINE:
                links.append((a, b, min(ab, ba) >= TRUST_LINE))
    flags = set(snapshot.get("flags", []))
    active = [(r.kind, r.label, r.powers, r.to) for r in getattr(spec, "relations", ()) if r.flag in flags]
    drawn = tuple(Link(a, b, kind, labels) for a, b, kind, labels in relation_lines(spec, flags, on_map))
    names = {p.id: p.name for p in spec.powers}
    players = tuple(p for p in players if p in names)
    player_trust = tuple((p, o, round(trust.get(p, {}).get(o, 0.0), 2), round(trust.get(o, {}).get(p, 0.0), 2))
                         for p in players for o in powers if o != p and o not in gone)
    view = WorldView(stance, holders, tuple(links), drawn, tuple(names.items()), tuple(sorted(gone.items())),
                     tuple(active), players, player_trust)
    main = spec.main_attribute()
    off_map = [f"{names[p]} {snapshot['attributes']['stance'][p]:+.2f}" for p in powers
               if p not in mapdata.countries and p not in risen]
    off_map += [f"{t.name} (held by {names.get(snapshot['territory'][t.id], snapshot['territory'][t.id])})"
                for t in spec.territories if t.id not in mapdata.territories]
    return replace(view, scale=(main.label, main.end_low(), main.end_high()), off_map=tuple(off_map),
                   future=tuple(sorted(future)))


class MapView:
    def __init__(self, text: TextCache, mapdata: MapData) -> None:
        self.text = text
        self.map = mapdata
        self.rect = pygame.Rect(0, 0, 100, 100)
        self.view: WorldView | None = None
        self.legend = True
        self.labels = True
        self.dim = 0  # alpha of a dark veil (title screen backdrop)
        self.animate = True
        self._picture = CachedPicture(text)
        self.motion = Motion()
        self.transform = mapdata.fit(100, 100)
        self.renders = 0  # how many times the cache was rebuilt (tests, benchmark)
        self.label_rects: list[tuple[str, pygame.Rect, frozenset]] = []  # (text, rect, owners) of the last render
        self._ids = np.zeros((1, 1), dtype=np.int32)  # region number per pixel (see _region_ids)
        self._region_index: dict[str, int] = {}

    def set_rect(self, rect: pygame.Rect | tuple[int, int, int, int]) -> None:
        self.rect = pygame.Rect(rect)

    def set_map(self, mapdata: MapData) -> None:
        """Draw another map (a scenario with shapes of its own); the cached picture is dropped."""
        self.map = mapdata
        self._picture = CachedPicture(self.text)
        self.transform = mapdata.fit(max(1, self.rect.w), max(1, self.rect.h))

    def set_world(self, view: WorldView | None) -> None:
        if view == self.view:
            return
        old = self.view
        self.view = view
        if self.animate and old is not None and view is not None and self._picture.surface is not None:
            self.motion.start(self, old, view)

    # ---------------------------------------------------------------- facts
    def _holder_of(self, territory_id: str, holders: dict[str, str]) -> str:
        return holders.get(territory_id, self.map.territories[territory_id].holder)

    def _occupied(self, territory_id: str, holder: str, gone: dict[str, str], war: set[tuple[str, str]]) -> bool:
        """Taken in a war from its 1936 holder, or held by the occupier of a state that no longer exists."""
        original = self.map.territories[territory_id].holder
        return holder != original and ((holder, original) in war or gone.get(original) == holder)

    def drawn_kinds(self) -> dict[str, list[str]]:
        """What the picture shows, for the legend: kind -> names (only kinds that are drawn)."""
        view = self.view
        kinds: dict[str, list[str]] = {"scale": []}
        if view is None:
            return kinds
        stance, holders = dict(view.stance), dict(view.holders)
        gone, war = dict(view.gone), view.at_war()
        if any(c.id not in stance and c.id not in gone and c.kind != "context" and c.polygons
               for c in self.map.countries.values()):
            kinds["neutral"] = []
        for tid in self.map.territories:
            holder = self._holder_of(tid, holders)
            if holder != self.map.territories[tid].holder:
                kinds.setdefault("occupied" if self._occupied(tid, holder, gone, war) else "hatch", [])
        if any(occupier and self.map.countries.get(state) and self.map.countries[state].polygons
               for state, occupier in view.gone):
            kinds.setdefault("occupied", [])
        if view.trust_links:
            kinds["trust"] = []
        for link in view.links:
            names = kinds.setdefault(link.kind, [])
            names += [label for label in link.labels if label not in names]
        return kinds

    # ---------------------------------------------------------------- render
    def _render(self, hide: frozenset = frozenset()) -> pygame.Surface:
        """The whole picture; relations in ``hide`` are left out (they are being drawn in)."""
        self.renders += 1
        w, h = self.rect.size
        surface = pygame.Surface((w, h))
        surface.fill(colour("sea"))
        map_h = max(min(h, 40), h - self._legend_height())  # a legend taller than its box is cut, never the map
        self.transform = self.map.fit(w, map_h, margin=6)
        view = self.view
        stance = dict(view.stance) if view else {}
        holders = dict(view.holders) if view else {}
        gone = dict(view.gone) if view else {}
        war = view.at_war() if view else set()
        tf = self.transform
        border = colour("border_line")
        for country in self.map.countries.values():
            occupier = gone.get(country.id)
            if country.id in stance:
                fill = stance_colour(stance[country.id])
            elif occupier and occupier in stance:
                fill = stance_colour(stance[occupier])
            else:
                fill = colour("land_context") if country.kind == "context" else colour("land_neutral")
            for ring in country.polygons:
                pts = tf.ring_to_screen(ring)
                if len(pts) >= 3:
                    pygame.draw.polygon(surface, fill, pts)
                    if occupier:
                        self._hatch(surface, pts, fill, cross=True)
                    pygame.draw.polygon(surface, border, pts, 1)
        changed = []
        for territory in self.map.territories.values():
            holder = self._holder_of(territory.id, holders)
            shown = gone.get(holder) or holder  # land of a vanished state shows its occupier
            fill = stance_colour(stance[shown]) if shown in stance else colour("land_neutral")
            moved = holder != territory.holder
            occupied = self._occupied(territory.id, holder, gone, war) or holder in gone
            for ring in territory.polygons:
                pts = tf.ring_to_screen(ring)
                if len(pts) < 3:
                    continue
                pygame.draw.polygon(surface, fill, pts)
                if moved or occupied:
                    self._hatch(surface, pts, fill, cross=occupied)
                pygame.draw.polygon(surface, colour("territory_line"), pts, 1)
            if moved:
                changed.append(territory)
        if view:
            self._draw_links(surface, hide)
        if self.labels:
            self._region_ids((w, map_h))
            self._draw_labels(surface, stance, holders, dict(view.names) if view else {}, changed)
        if self.legend:
            self._draw_legend(surface, pygame.Rect(0, map_h, w, h - map_h))
        if self.dim:
            veil = pygame.Surface((w, h), pygame.SRCALPHA)
            veil.fill((*colour("window_bg"), self.dim))
            surface.blit(veil, (0, 0))
        return surface

    def _hatch(self, surface: pygame.Surface, pts: list[tuple[float, float]], fill: tuple[int, int, int],
               cross: bool = False) -> None:
        """Diagonal lines inside a polygon: 'changed hands' without relying on colour; crossed
        red lines for occupied land."""
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        box = pygame.Rect(int(min(xs)), int(min(ys)), int(max(xs) - min(xs)) + 2, int(max(ys) - min(ys)) + 2)
        if box.w < 2 or box.h < 2:
            return
        mask = pygame.Surface(box.size, pygame.SRCALPHA)
        local = [(x - box.x, y - box.y) for x, y in pts]
        pygame.draw.polygon(mask, (255, 255, 255, 255), local)
        lines = pygame.Surface(box.size, pygame.SRCALPHA)
        ink = OCCUPIED if cross else tuple(max(0, int(c * 0.55)) for c in fill)
        step = 9 if cross else 7
        for k in range(-box.h, box.w, step):
            pygame.draw.line(lines, (*ink, 255), (k, box.h), (k + box.h, 0), 2)
            if cross:
                pygame.draw.line(lines, (*ink, 255), (k, 0), (k + box.h, box.h), 2)
        lines.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        surface.blit(lines, box.topleft)

    def _capital(self, power: str) -> tuple[float, float] | None:
        point = self.map.capital(power)
        return None if point is None else self.transform.to_screen(*point)

    def _draw_links(self, surface: pygame.Surface, hide: frozenset = frozenset()) -> None:
        assert self.view is not None
        for a, b, both in self.view.trust_links:
            pa, pb = self._capital(a), self._capital(b)
            if pa and pb:
                width = 3 if both else 2
                _dashed(surface, HALO, pa, pb, width + 3, 10 if both else 5)  # a halo: visible over dark land
                _dashed(surface, colour("trust_line"), pa, pb, width, 10 if both else 5)
        for link in self.view.links:
            if link not in hide:
                self.draw_link(surface, link, 1.0)
        for power, _ in self.view.stance:
            point = self._capital(power)
            if point:
                pygame.draw.circle(surface, HALO, point, 4)
                pygame.draw.circle(surface, colour("map_label"), point, 3)

    def draw_link(self, surface: pygame.Surface, link: Link, fraction: float,
                  offset: tuple[int, int] = (0, 0)) -> None:
        """One relation's line from a's capital toward b's, ``fraction`` of the way (drawing in)."""
        pa, pb = self._capital(link.a), self._capital(link.b)
        if not pa or not pb:
            return
        pa = (pa[0] + offset[0], pa[1] + offset[1])
        end = (pa[0] + (pb[0] + offset[0] - pa[0]) * fraction, pa[1] + (pb[1] + offset[1] - pa[1]) * fraction)
        _link_line(surface, link.kind, pa, end, arrow=fraction >= 1.0)

    # ---------------------------------------------------------------- labels
    def _region_ids(self, size: tuple[int, int]) -> None:
        """A picture of the map where each region's pixels hold its number (0 is sea): where
        labels may go is then a lookup, not a point-in-polygon test per pixel."""
        ids = pygame.Surface(size, depth=8)  # palette indices are the region numbers (< 256)
        ids.set_palette([(i, i, i) for i in range(256)])
        ids.fill(0)
        self._region_index = {}
        for number, region in enumerate(self.map.regions(), start=1):
            self._region_index[region.id] = number
            for ring in region.polygons:
                pts = self.transform.ring_to_screen(ring)
                if len(pts) >= 3:
                    pygame.draw.polygon(ids, number, pts)
        self._ids = pygame.surfarray.array2d(ids)

    def _fits(self, rect: pygame.Rect, owners: set[str]) -> bool:
        """A label fits where its glyphs cover only its own land (or sea)."""
        inner = rect.inflate(-4, -round(rect.h * 0.45)).clip(pygame.Rect((0, 0), self._ids.shape))
        if inner.w <= 0 or inner.h <= 0:
            return False
        allowed = np.zeros(len(self._region_index) + 1, dtype=bool)
        allowed[0] = True
        allowed[[self._region_index[o] for o in owners if o in self._region_index]] = True
        return bool(allowed[self._ids[inner.left:inner.right, inner.top:inner.bottom]].all())

    def _draw_labels(self, surface, stance, holders, names, changed) -> None:
        t = self.text
        scale = self.transform.scale
        big = 14 if scale > 0.9 else 12
        ink, halo = colour("map_label"), colour("map_label_halo")
        taken: list[pygame.Rect] = []
        bounds = surface.get_rect()
        self.label_rects = []

        def place(text: str, points, sizes: tuple[int, ...], owners: set[str], bold: bool, italic: bool = False,
                  box: BBox | None = None) -> bool:
            """At the first size and place near ``points`` where it fits inside its own land, or not at all;
            for the smallest size, also anywhere on a grid over ``box`` (long names on narrow states)."""
            screen = [self.transform.to_screen(*point) for point in points]
            for size in sizes:
                strong = bold and size > 10  # small bold text is wider than small regular text
                img = t.render(text, size, ink, strong, italic)
                offsets = [(x + dx * img.get_width(), y + dy * img.get_height()) for x, y in screen
                           for dx, dy in ((0, 0), (0, -0.8), (0, 0.8), (-0.3, 0), (0.3, 0), (-0.3, -0.8), (0.3, 0.8))]
                if box is not None and size == sizes[-1]:
                    x0, y0 = self.transform.to_screen(box.x0, box.y0)
                    x1, y1 = self.transform.to_screen(box.x1, box.y1)
                    offsets += [(x0 + (x1 - x0) * i / 8, y0 + (y1 - y0) * j / 6)
                                for j in range(1, 6) for i in range(1, 8)]
                for cx, cy in offsets:
                    rect = img.get_rect(center=(int(cx), int(cy)))
                    if (bounds.contains(rect) and not any(rect.colliderect(r) for r in taken)
                            and self._fits(rect, owners)):
                        taken.append(rect.inflate(4, 2))
                        self.label_rects.append((text, rect, frozenset(owners)))
                        t.blit_halo(surface, text, rect.center, size, ink, halo, strong, italic)
                        return True
            return False

        for country in self.map.countries.values():
            if country.kind != "power" or country.id not in stance:
                continue
            held = {tid for tid in country.territories if holders.get(tid, country.id) == country.id}
            held |= {tid for tid, holder in holders.items() if holder == country.id}
            label = names.get(country.id, country.name)
            parts = [self.map.territories[tid] for tid in sorted(held) if tid in self.map.territories]
            box = BBox.of([ring for region in [country, *parts] for ring in region.polygons])
            points = [country.label] if country.polygons else []
            points += [((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)]
            points += [p.label for p in sorted(parts, key=lambda r: -r.area)]
            if not place(label, points, (big, big - 2, 10, 9), {country.id} | held, True, box=box) and len(label) > 9:
                place(label[:5] + ".", points, (big, 10), {country.id} | held, True, box=box)  # "Czech."
        for territory in changed:
            place(territory.name, [territory.label], (11, 10, 9), {territory.id}, False, True)
        for country in self.map.countries.values():
            outside = country.kind == "power" and country.id not in stance and bool(country.polygons)
            shown = country.kind == "minor" or outside
            if shown and country.area * scale * scale > 900:
                place(country.name, [country.label], (11, 10), {country.id}, False)

    # ---------------------------------------------------------------- legend
    LEGEND_SIZE = 13
    LEGEND_WORDS = {"neutral": "not in play", "hatch": "changed hands", "occupied": "occupied",
                    "trust": "trust >= 0.5", "pact": "pact", "alliance": "alliance", "guarantee": "guarantee",
                    "war": "at war"}

    def _legend_rows(self, width: int) -> list[list[tuple[str, str, int]]]:
        """Legend entries (only what is drawn) flowed into rows that fit ``width``: (kind, label, width)."""
        t, size = self.text, self.LEGEND_SIZE
        bar_w = t.px(110)
        title, low, high = self._scale()
        limit = max(60, width - 20)
        title_w = t.width(f"{title}:", size, True) + 8
        scale_w = t.width(_flip(low), size) + 6 + bar_w + 6 + t.width(high, size) + 16
        if title_w + scale_w <= limit:
            entries = [("scale", f"{title}:", title_w + scale_w)]
        else:  # a narrow legend (the map beside the gauges): the scale's title on a line of its own
            entries = [("scale_title", f"{title}:", max(title_w, limit)), ("scale", "", scale_w)]
        if self.view is not None and self.view.off_map:
            off = "Off the map: " + ", ".join(self.view.off_map)
            entries += [("off", line, t.width(line, size) + 18) for line in t.wrap(off, size, limit)]
        for kind, names in self.drawn_kinds().items():
            if kind == "scale":
                continue
            label = self.LEGEND_WORDS[kind] + (": " + ", ".join(names) if names else "")
            lines = t.wrap(label, size, limit - t.px(22) - 24)  # a long list of names wraps, never cut
            entries.append((kind, lines[0], t.px(22) + 6 + t.width(lines[0], size) + 18))
            entries += [("more", line, limit + 1) for line in lines[1:]]  # each on a row of its own
        rows: list[list[tuple[str, str, int]]] = [[]]
        used = 0
        for entry in entries:
            if rows[-1] and used + entry[2] > width - 20:
                rows.append([])
                used = 0
            rows[-1].append(entry)
            used += entry[2]
        return rows

    def _scale(self) -> tuple[str, str, str]:
        """The main attribute's title and the words at its ends (from the scenario)."""
        return self.view.scale if self.view is not None else ("Stance", "-1", "+1")

    def _legend_height(self) -> int:
        return self.legend_height(self.rect.w)

    def legend_height(self, width: int) -> int:
        """Pixels the legend takes at the bottom of a picture ``width`` wide (0 without a legend)."""
        if not self.legend:
            return 0
        return len(self._legend_rows(width)) * (self.text.line_height(self.LEGEND_SIZE) + 4) + 10

    def _draw_legend(self, surface: pygame.Surface, box: pygame.Rect) -> None:
        t, size = self.text, self.LEGEND_SIZE
        pygame.draw.rect(surface, colour("panel_bg"), box)
        lh = t.line_height(size)
        ink, muted = colour("ink"), colour("muted_ink")
        y = box.y + 6
        for row in self._legend_rows(box.w):
            x = box.x + 10
            for kind, label, width in row:
                if kind == "scale_title":
                    surface.blit(t.render(label, size, ink, True), (x, y))
                elif kind == "scale":
                    cx = x
                    if label:
                        img = t.render(label, size, ink, True)
                        surface.blit(img, (cx, y))
                        cx += img.get_width() + 8
                    _, low, high = self._scale()
                    left = t.render(_flip(low), size, muted)
                    surface.blit(left, (cx, y))
                    cx += left.get_width() + 6
                    room = box.right - 10 - cx - 6 - t.width(high, size)  # the bar gives way in a narrow legend
                    bar_w = max(t.px(30), min(t.px(110), room))
                    segment = bar_w / len(STANCE_SCALE)
                    for i, c in enumerate(STANCE_SCALE):
                        pygame.draw.rect(surface, c, (int(cx + i * segment), y + 2, math.ceil(segment), lh - 4))
                    pygame.draw.rect(surface, colour("panel_border"), (cx, y + 2, bar_w, lh - 4), 1)
                    surface.blit(t.render(high, size, muted), (cx + bar_w + 6, y))
                elif kind == "off":
                    surface.blit(t.render(label, size, muted), (x, y))
                elif kind == "more":  # the continuation of a wrapped entry, under its text
                    surface.blit(t.render(label, size, ink), (x + t.px(22) + 6, y))
                else:
                    sample = pygame.Rect(x, y + 3, t.px(22), lh - 6)
                    self._legend_sample(surface, kind, sample)
                    surface.blit(t.render(label, size, ink), (sample.right + 6, y))
                x += width
            y += lh + 4

    def _legend_sample(self, surface: pygame.Surface, kind: str, sample: pygame.Rect) -> None:
        left, right = (sample.x, sample.centery), (sample.right, sample.centery)
        if kind in ("neutral", "hatch", "occupied"):
            land = (200, 170, 130) if kind != "neutral" else colour("land_neutral")
            pygame.draw.rect(surface, land, sample)
            clip = surface.get_clip()
            surface.set_clip(sample)
            ink = OCCUPIED if kind == "occupied" else (110, 90, 60)
            if kind != "neutral":
                for k in range(sample.x - sample.h, sample.right, 6):
                    pygame.draw.line(surface, ink, (k, sample.bottom), (k + sample.h, sample.y), 2)
                    if kind == "occupied":
                        pygame.draw.line(surface, ink, (k, sample.y), (k + sample.h, sample.bottom), 2)
            surface.set_clip(clip)
            pygame.draw.rect(surface, colour("border_line"), sample, 1)
        elif kind == "trust":
            pygame.draw.rect(surface, colour("land_neutral"), sample)
            _dashed(surface, colour("trust_line"), left, right, 2, 5)
        else:
            pygame.draw.rect(surface, colour("land_neutral"), sample)
            _link_line(surface, kind, left, right, arrow=True)

    # ------------------------------------------------------------------ API
    def picture_key(self) -> tuple:
        return (self.rect.size, self.view, self.legend, self.labels, self.dim, self.text.scale)

    def picture(self) -> pygame.Surface:
        """The finished picture of the current world (cached)."""
        return self._picture.get(self.picture_key(), self._render)

    def draw(self, surface: pygame.Surface) -> None:
        if self.motion.active(self):
            self.motion.draw(self, surface)
            return
        surface.blit(self.picture(), self.rect.topleft)

    def _ties(self, power: str) -> list[str]:
        """'pact with Italy (Rome-Berlin Axis)', 'at war with Poland (...)', for a hover tip."""
        assert self.view is not None
        names = dict(self.view.names)
        ties = []
        for kind, label, powers, to in self.view.active:
            if power in powers:
                others = [p for p in (powers if kind in ("pact", "alliance") else to) if p != power]
            elif power in to:
                others = list(powers)
            else:
                continue
            word = {"guarantee": "guarantee with", "war": "at war with"}.get(kind, f"{kind} with")
            if kind == "occupation":
                word = "occupied by" if power in to else "occupies"
            ties.append(f"{word} {', '.join(names.get(o, o) for o in others)} ({label})")
        return ties

    def _tip_for_power(self, power: str) -> list[str]:
        assert self.view is not None
        names, stance = dict(self.view.names), dict(self.view.stance)
        lines = [f"{names.get(power, power)}: stance {stance[power]:+.2f} ({stance_word(stance[power])})"]
        trust = [f"{names.get(o, o)} {po:+.2f}, {names.get(o, o)} toward {names.get(p, p)} {op:+.2f}"
                 for p, o, po, op in self.view.player_trust if o == power]
        if trust:
            who = " / ".join(names.get(p, p) for p, o, _, _ in self.view.player_trust if o == power)
            lines.append(f"Trust of {who} in " + "; ".join(trust))
        ties = self._ties(power)
        lines.append("Ties: " + "; ".join(ties) if ties else "Ties: none")
        return lines

    def name_at(self, pos: tuple[int, int]) -> str | None:
        """The hover tip for the country or territory under a screen point: stance, trust with
        the player's powers, ties (pacts, guarantees, wars) and holder."""
        if not self.rect.collidepoint(pos):
            return None
        hit = self.map.hit_test_screen(pos[0] - self.rect.x, pos[1] - self.rect.y, self.transform)
        if hit is None or self.view is None:
            return None
        holders = dict(self.view.holders)
        names = dict(self.view.names)
        stance = dict(self.view.stance)
        gone = dict(self.view.gone)
        if hit.kind == "territory":
            territory = self.map.territories[hit.id]
            holder = holders.get(hit.id, territory.holder)
            first = f"{territory.name}: held by {names.get(holder, holder)}"
            if holder != territory.holder:
                first += f" (held by {names.get(territory.holder, territory.holder)} in 1936)"
            lines = [first]
            if holder in stance:
                lines += self._tip_for_power(holder)
            elif holder in gone:
                lines.append(f"{names.get(holder, holder)} no longer exists")
            return "\n".join(lines)
        country = self.map.countries[hit.id]
        if hit.id in gone:
            occupier = gone[hit.id]
            by = f": occupied by {names.get(occupier, occupier)}" if occupier else ""
            return f"{names.get(hit.id, country.name)} no longer exists{by}"
        if hit.id in stance:
            return "\n".join(self._tip_for_power(hit.id))
        return f"{country.name} (not in play)"


def _link_line(surface: pygame.Surface, kind: str, a, b, arrow: bool = True) -> None:
    """A relation's line: pact solid, alliance double, guarantee with an arrow, war red zig-zag."""
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1:
        return
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    nx, ny = -uy, ux
    ink = colour("pact_line")
    if kind == "war":
        points = [(x0, y0)]
        steps = max(2, int(length // 6))
        for i in range(1, steps):
            s = length * i / steps
            side = 3 if i % 2 else -3
            points.append((x0 + ux * s + nx * side, y0 + uy * s + ny * side))
        points.append((x1, y1))
        pygame.draw.lines(surface, HALO, False, points, 6)
        pygame.draw.lines(surface, WAR, False, points, 3)
    elif kind == "alliance":
        pygame.draw.line(surface, HALO, a, b, 9)
        for side in (-2, 2):
            pygame.draw.line(surface, ink, (x0 + nx * side, y0 + ny * side), (x1 + nx * side, y1 + ny * side), 2)
    else:
        pygame.draw.line(surface, HALO, a, b, 7)
        pygame.draw.line(surface, ink, a, b, 4 if kind == "pact" else 3)
        if kind == "guarantee" and arrow:
            tip = (x1 - ux * 4, y1 - uy * 4)
            back = (tip[0] - ux * 10, tip[1] - uy * 10)
            head = [tip, (back[0] + nx * 6, back[1] + ny * 6), (back[0] - nx * 6, back[1] - ny * 6)]
            pygame.draw.polygon(surface, HALO, head)
            inner = [(p[0] * 0.85 + tip[0] * 0.15, p[1] * 0.85 + tip[1] * 0.15) for p in head]
            pygame.draw.polygon(surface, ink, inner)


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


def _flip(end: str) -> str:
    """'-1 hostile' -> 'hostile -1': the low end reads toward the bar."""
    number, _, word = end.partition(" ")
    return f"{word} {number}" if word else number
