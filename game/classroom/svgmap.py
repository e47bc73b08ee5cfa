"""The map as SVG for the browser: the window's map data (game/mapdata.py) and the same
stance colour scale (game/colours.py), so a class sees the world as the window draws it.

A country that is a power in the scenario takes the colour of its stance toward Germany; a
territory takes its holder's colour, hatched when it has changed hands (so the change does
not rest on colour alone); other land is neutral. Every region carries a ``<title>`` with its
name, stance in words and holder, which screen readers and hovering read.

Between capitals it draws what the window's map draws (game/ui/widgets/map_view.py, which
this module cannot import: it needs pygame), from the same data: a dashed line where trust
between two powers is >= 0.5 (long dashes when it is mutual), and one line per pair for the
relations the scenario declares in ``relations:`` whose flag is set, the strongest kind when
two join the same pair (pact solid, alliance double, guarantee with an arrow, war a red
zig-zag). Each line carries a ``<title>`` naming its relations, and the legend lists only
what is drawn, with the relations' names.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from markupsafe import Markup

from .. import resources
from ..colours import STANCE_SCALE, stance_colour, stance_word
from ..engine.spec import Spec
from ..mapdata import MapData, Ring, gone_states, load_map, relation_lines


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


TRUST_LINE = 0.5  # as the window's map
HALO = "#faf8f0"
WAR = "#c82828"
LEGEND_WORDS = {"hatch": "changed hands", "trust": "trust >= 0.5", "pact": "pact", "alliance": "alliance",
                "guarantee": "guarantee", "war": "at war"}


@dataclass(frozen=True)
class Link:
    """A line between two capitals: trust, or the strongest relation of the pair and all their names."""

    a: str
    b: str
    kind: str
    labels: tuple[str, ...] = ()
    mutual: bool = False  # trust: both ways >= 0.5


@dataclass
class Drawn:
    """The map's ``<svg>`` and its legend (only what is drawn): dicts of kind, words, sample SVG."""

    svg: str
    legend: list[dict] = field(default_factory=list)


def links(spec: Spec, snapshot: dict, on_map: list[str]) -> tuple[list[Link], list[Link]]:
    """(trust lines, relation lines) between the powers in ``on_map``, as the window draws them."""
    trust = snapshot.get("trust", {})
    trusted = []
    for i, a in enumerate(on_map):
        for b in on_map[i + 1:]:
            ab, ba = float(trust.get(a, {}).get(b, 0.0)), float(trust.get(b, {}).get(a, 0.0))
            if max(ab, ba) >= TRUST_LINE:
                trusted.append(Link(a, b, "trust", mutual=min(ab, ba) >= TRUST_LINE))
    flags = set(snapshot.get("flags", []))
    relations = [Link(a, b, kind, labels) for a, b, kind, labels in relation_lines(spec, flags, on_map)]
    return trusted, relations


def _line_svg(link: Link, a: tuple[float, float], b: tuple[float, float], names: dict[str, str],
              colours: dict[str, str]) -> str:
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1:
        return ""
    who = f"{names.get(link.a, link.a)} and {names.get(link.b, link.b)}"
    if link.kind == "trust":
        title = f"{who}: trust >= 0.5" + (" both ways" if link.mutual else " one way")
        dash = "10 5" if link.mutual else "5 5"
        ink = escape(colours.get("trust_line", "#1b3f2e"))
        body = (f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{HALO}" stroke-width="5" '
                f'stroke-dasharray="{dash}"/><line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" '
                f'stroke="{ink}" stroke-width="2.5" stroke-dasharray="{dash}"/>')
    else:
        title = f"{who}: {LEGEND_WORDS[link.kind]} ({', '.join(link.labels)})"
        body = _relation_svg(link.kind, a, b, escape(colours.get("pact_line", "#1f1a33")))
    return f'<g class="link link-{link.kind}"><title>{escape(title)}</title>{body}</g>'


def _relation_svg(kind: str, a: tuple[float, float], b: tuple[float, float], ink: str) -> str:
    """A relation's line, styled as the window's (_link_line): pact solid, alliance double,
    guarantee with an arrow at the guaranteed end, war a red zig-zag."""
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    nx, ny = -uy, ux
    if kind == "war":
        steps = max(2, int(length // 6))
        points = [(x0, y0)] + [(x0 + ux * length * i / steps + nx * (3 if i % 2 else -3),
                                y0 + uy * length * i / steps + ny * (3 if i % 2 else -3)) for i in range(1, steps)]
        points.append((x1, y1))
        d = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        return (f'<polyline points="{d}" fill="none" stroke="{HALO}" stroke-width="6"/>'
                f'<polyline points="{d}" fill="none" stroke="{WAR}" stroke-width="3"/>')
    if kind == "alliance":
        out = f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{HALO}" stroke-width="9"/>'
        for side in (-2, 2):
            out += (f'<line x1="{x0 + nx * side:.1f}" y1="{y0 + ny * side:.1f}" x2="{x1 + nx * side:.1f}" '
                    f'y2="{y1 + ny * side:.1f}" stroke="{ink}" stroke-width="2"/>')
        return out
    out = (f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{HALO}" stroke-width="7"/>'
           f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{ink}" '
           f'stroke-width="{4 if kind == "pact" else 3}"/>')
    if kind == "guarantee":
        tip = (x1 - ux * 4, y1 - uy * 4)
        back = (tip[0] - ux * 10, tip[1] - uy * 10)
        head = [tip, (back[0] + nx * 6, back[1] + ny * 6), (back[0] - nx * 6, back[1] - ny * 6)]
        d = " ".join(f"{x:.1f},{y:.1f}" for x, y in head)
        out += f'<polygon points="{d}" fill="{ink}" stroke="{HALO}" stroke-width="1.5"/>'
    return out


def render(spec: Spec, snapshot: dict, label: str = "Map of Europe") -> str:
    """The map's ``<svg>`` element alone (see :func:`draw`)."""
    return draw(spec, snapshot, label).svg


def draw(spec: Spec, snapshot: dict, label: str = "Map of Europe") -> Drawn:
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
    hatched = False
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
            hatched = True
            out.append(f'<path d="{d}" fill="url(#hatch)" stroke="none" aria-hidden="true"/>')
    gone = gone_states(spec, snapshot, m)  # a state that ceased to exist has no line of its own (as the window)
    on_map = [p.id for p in spec.powers if p.id in m.countries and p.id not in gone and m.capital(p.id) is not None]
    trusted, relations = links(spec, snapshot, on_map)
    for link in (*trusted, *relations):
        a, b = m.capital(link.a), m.capital(link.b)
        assert a is not None and b is not None
        out.append(_line_svg(link, a, b, powers, colours))
    for power in on_map:
        x, y = m.capital(power) or (0.0, 0.0)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{escape(colours.get("map_label", "#1d1b18"))}" '
                   f'stroke="{HALO}" stroke-width="1.5" aria-hidden="true"/>')
    for country in m.countries.values():
        if country.kind != "power" or country.id not in powers:
            continue
        x, y = country.label
        out.append(f'<text x="{x:.0f}" y="{y:.0f}" class="map-label" text-anchor="middle" aria-hidden="true">'
                   f'{escape(powers[country.id])}</text>')
    out.append("</svg>")
    kinds: dict[str, list[str]] = {}
    if hatched:
        kinds["hatch"] = []
    if trusted:
        kinds["trust"] = []
    for link in relations:
        names = kinds.setdefault(link.kind, [])
        names += [label for label in link.labels if label not in names]
    return Drawn("".join(out), legend() + [{"kind": kind, "words": LEGEND_WORDS[kind] + (": " + ", ".join(names)
                                                                                          if names else ""),
                                            "sample": Markup(legend_sample(kind, colours))}
                                           for kind, names in kinds.items()])


def legend() -> list[dict]:
    """The stance scale's entries of the legend: a swatch and its words."""
    return [{"kind": "stance", "words": word, "sample": Markup(
                f'<svg width="22" height="14" aria-hidden="true" focusable="false"><rect width="22" height="14" '
                f'fill="{hex_of(stance_colour(v))}" stroke="#333"/></svg>')}
            for v, word in ((-1.0, "hostile to Germany"), (-0.4, "cool"), (0.0, "neutral"), (0.4, "friendly"),
                            (1.0, "aligned"))]


def legend_sample(kind: str, colours: dict[str, str]) -> str:
    """A small picture of a line or hatch for the legend, drawn as on the map."""
    land = escape(colours.get("land_neutral", "#d8d2bf"))
    if kind == "hatch":
        body = '<path d="M0,14L14,0M-4,4L4,-4M10,18L18,10M8,14L22,0" stroke="#555" stroke-width="3"/>'
    elif kind == "trust":
        ink = escape(colours.get("trust_line", "#1b3f2e"))
        body = f'<line x1="1" y1="7" x2="21" y2="7" stroke="{ink}" stroke-width="2.5" stroke-dasharray="5 3"/>'
    else:
        body = _relation_svg(kind, (1.0, 7.0), (21.0, 7.0), escape(colours.get("pact_line", "#1f1a33")))
    return (f'<svg width="22" height="14" aria-hidden="true" focusable="false"><rect width="22" height="14" '
            f'fill="{land}" stroke="#333"/>{body}</svg>')
