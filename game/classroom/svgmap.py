"""The map as SVG for the browser: the window's map data (game/mapdata.py) and the same
stance colour scale (game/colours.py), so a class sees the world as the window draws it.

A country that is a power in the scenario takes the colour of its stance toward Germany; a
territory takes its holder's colour, hatched when it has changed hands (so the change does
not rest on colour alone); other land is neutral. Every region carries a ``<title>`` with its
name, stance in words and holder, which screen readers and hovering read.
"""

from __future__ import annotations

import json
from functools import lru_cache
from html import escape

from .. import resources
from ..colours import STANCE_SCALE, stance_colour, stance_word
from ..engine.spec import Spec
from ..mapdata import MapData, Ring, load_map


@lru_cache(maxsize=1)
def the_map() -> MapData:
    return load_map()


@lru_cache(maxsize=1)
def palette() -> dict[str, str]:
    """The window's named colours (assets/ui/theme.json, its #palette block)."""
    with resources.asset("ui", "theme.json").open(encoding="utf-8") as handle:
        data = json.load(handle)
    return dict(data.get("#palette", {}).get("colours", {}))


def hex_of(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


@lru_cache(maxsize=512)
def _path(rings: tuple[Ring, ...]) -> str:
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + "Z")
    return "".join(parts)


def scale_stops() -> list[str]:
    """The colour scale's stops, hostile to aligned (for the legend)."""
    return [hex_of(c) for c in STANCE_SCALE]


def render(spec: Spec, snapshot: dict, label: str = "Map of Europe") -> str:
    """An ``<svg>`` element for ``snapshot`` (from ``Game.snapshot()``); all text escaped."""
    m = the_map()
    colours = palette()
    stance = snapshot.get("attributes", {}).get("stance", {})
    powers = {p.id: p.name for p in spec.powers}
    holders = snapshot.get("territory", {})
    out = [f'<svg class="map" viewBox="0 0 {m.width:g} {m.height:g}" role="img" '
           f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
           f'<title>{escape(label)}</title>',
           '<defs><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#000" '
           'stroke-opacity="0.45" stroke-width="3"/></pattern></defs>',
           f'<rect width="100%" height="100%" fill="{escape(colours.get("sea", "#8fa9bf"))}"/>']
    border = escape(colours.get("border_line", "#3f3a33"))
    for country in m.countries.values():
        if country.id in stance and country.id in powers:
            value = float(stance[country.id])
            fill = hex_of(stance_colour(value))
            title = f"{powers[country.id]}: {stance_word(value)} toward Germany ({value:+.2f})"
        else:
            fill = colours.get("land_context" if country.kind == "context" else "land_neutral", "#d8d2bf")
            title = country.name
        d = _path(country.polygons)
        if d:
            out.append(f'<path d="{d}" fill="{escape(fill)}" stroke="{border}" stroke-width="0.8">'
                       f'<title>{escape(title)}</title></path>')
    line = escape(colours.get("territory_line", "#2b2722"))
    for territory in m.territories.values():
        holder = str(holders.get(territory.id, territory.holder))
        fill = hex_of(stance_colour(float(stance[holder]))) if holder in stance else colours.get("land_neutral", "#ddd")
        moved = holder != territory.holder
        held = powers.get(holder, holder)
        title = f"{territory.name}: held by {held}" + (" (changed hands)" if moved else "")
        d = _path(territory.polygons)
        if not d:
            continue
        out.append(f'<path d="{d}" fill="{escape(fill)}" stroke="{line}" stroke-width="0.8">'
                   f'<title>{escape(title)}</title></path>')
        if moved:
            out.append(f'<path d="{d}" fill="url(#hatch)" stroke="none" aria-hidden="true"/>')
    for country in m.countries.values():
        if country.kind != "power" or country.id not in powers:
            continue
        x, y = country.label
        out.append(f'<text x="{x:.0f}" y="{y:.0f}" class="map-label" text-anchor="middle" aria-hidden="true">'
                   f'{escape(powers[country.id])}</text>')
    out.append("</svg>")
    return "".join(out)


def legend() -> list[tuple[str, str]]:
    """(colour, words) for the legend under the map."""
    return [(hex_of(stance_colour(v)), word) for v, word in
            ((-1.0, "hostile to Germany"), (-0.4, "cool"), (0.0, "neutral"), (0.4, "friendly"), (1.0, "aligned"))]
