"""The shipped map JSON and the pure-Python map helpers."""

from __future__ import annotations

import json
import random

import pytest

from game.mapdata import DEFAULT_MAP_PATH, MapData, load_map, point_in_ring

REQUIRED_TERRITORIES = {
    "rhineland": "Germany", "austria": "Austria", "sudetenland": "Czechoslovakia",
    "bohemia_moravia": "Czechoslovakia", "slovakia": "Czechoslovakia",
    "teschen": "Czechoslovakia", "memel": "Lithuania", "carpatho_ukraine": "Czechoslovakia",
    "albania": "Albania", "danzig_corridor": "Poland", "eastern_poland": "Poland",
}
POWERS = ["Germany", "USSR", "Britain", "France", "Italy", "Czechoslovakia", "Poland",
          "Romania", "Hungary", "Lithuania", "Austria", "Albania", "Belgium"]


@pytest.fixture(scope="module")
def m() -> MapData:
    return load_map()


def test_file_is_small_and_loads(m: MapData) -> None:
    assert DEFAULT_MAP_PATH.stat().st_size < 400_000
    assert m.width == 1000
    assert 600 < m.height < 800
    assert load_map(DEFAULT_MAP_PATH).countries.keys() == m.countries.keys()


def test_required_territories_and_holders(m: MapData) -> None:
    assert set(m.territories) == set(REQUIRED_TERRITORIES)
    for tid, holder in REQUIRED_TERRITORIES.items():
        t = m.territories[tid]
        assert t.holder == holder
        assert t.name
        assert t.polygons, tid
        assert t.contains(*t.label), f"label of {tid} is outside it"
        assert tid in m.countries[holder].territories


def test_powers_present_with_capitals(m: MapData) -> None:
    for pid in POWERS:
        c = m.countries[pid]
        assert c.kind == "power"
        assert c.capital is not None
        assert m.capital(pid) == c.capital
    for name in ["Berlin", "Paris", "London", "Rome", "Moscow", "Prague", "Warsaw",
                 "Bucharest", "Vienna", "Budapest", "Munich"]:
        city = m.cities[name]
        assert 0 <= city.x <= m.width and 0 <= city.y <= m.height


def test_polygons_valid_and_in_bounds(m: MapData) -> None:
    for r in m.regions():
        for ring in r.polygons:
            assert len(ring) >= 3, r.id
            for x, y in ring:
                assert -0.01 <= x <= m.width + 0.01 and -0.01 <= y <= m.height + 0.01, r.id
    # countries wholly made of territories have no polygons of their own
    for cid in ("Austria", "Albania", "Czechoslovakia"):
        assert m.countries[cid].polygons == ()


def test_regions_barely_overlap(m: MapData) -> None:
    rng = random.Random(1936)
    regions = list(m.regions())
    samples, overlaps, land = 6000, 0, 0
    for _ in range(samples):
        x, y = rng.uniform(0, m.width), rng.uniform(0, m.height)
        hits = sum(1 for r in regions if r.contains(x, y))
        land += hits > 0
        overlaps += hits > 1
    assert land > samples * 0.3  # it is a map of land, not all sea
    assert overlaps <= samples * 0.002


@pytest.mark.parametrize("city, kind, rid", [
    ("Berlin", "country", "Germany"), ("Prague", "territory", "bohemia_moravia"),
    ("Vienna", "territory", "austria"), ("Paris", "country", "France"),
    ("Moscow", "country", "USSR"), ("Warsaw", "country", "Poland"),
    ("Danzig", "territory", "danzig_corridor"), ("Wilno", "territory", "eastern_poland"),
    ("Lwow", "territory", "eastern_poland"), ("Cologne", "territory", "rhineland"),
    ("Tirana", "territory", "albania"),
    ("Bratislava", "territory", "slovakia"), ("Kaunas", "country", "Lithuania"),
    ("London", "country", "Britain"), ("Rome", "country", "Italy"),
])
def test_hit_test_cities(m: MapData, city: str, kind: str, rid: str) -> None:
    c = m.cities[city]
    hit = m.hit_test(c.x, c.y)
    assert hit is not None, city
    assert (hit.kind, hit.id) == (kind, rid)


def test_hit_test_sea_is_none(m: MapData) -> None:
    # Bay of Biscay, Tyrrhenian Sea, North Sea, Black Sea
    for lon, lat in [(-5.0, 45.5), (12.0, 40.0), (3.0, 56.0), (34.0, 43.5)]:
        x, y = _project(m, lon, lat)
        assert m.hit_test(x, y) is None, (lon, lat)


def test_fit_keeps_aspect_and_centres(m: MapData) -> None:
    for w, h, margin in [(1280, 720, 10), (800, 1000, 0), (1920, 1080, 40)]:
        t = m.fit(w, h, margin)
        x0, y0 = t.to_screen(0, 0)
        x1, y1 = t.to_screen(m.width, m.height)
        assert (x1 - x0) / (y1 - y0) == pytest.approx(m.width / m.height)
        assert x0 >= margin - 1e-6 and y0 >= margin - 1e-6
        assert x1 <= w - margin + 1e-6 and y1 <= h - margin + 1e-6
        # one side fills the available space
        assert (x1 - x0 == pytest.approx(w - 2 * margin)
                or y1 - y0 == pytest.approx(h - 2 * margin))
        assert (x0 + x1) / 2 == pytest.approx(w / 2)
        assert (y0 + y1) / 2 == pytest.approx(h / 2)
        sx, sy = t.to_screen(123.0, 456.0)
        assert t.to_map(sx, sy) == pytest.approx((123.0, 456.0))


def test_hit_test_screen_round_trip(m: MapData) -> None:
    t = m.fit(1280, 720, 16)
    berlin = m.cities["Berlin"]
    hit = m.hit_test_screen(*t.to_screen(berlin.x, berlin.y), t)
    assert hit is not None and hit.id == "Germany"


def test_point_in_ring_basics() -> None:
    sq = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
    assert point_in_ring(5, 5, sq)
    assert not point_in_ring(15, 5, sq)
    assert not point_in_ring(-1, -1, sq)


def test_json_projection_matches_city_positions(m: MapData) -> None:
    # The stored projection parameters reproduce the stored city points, so a
    # renderer can place new lon/lat points itself.
    for c in m.cities.values():
        x, y = _project(m, c.lon, c.lat)
        assert x == pytest.approx(c.x, abs=0.06) and y == pytest.approx(c.y, abs=0.06)


def _project(m: MapData, lon: float, lat: float) -> tuple[float, float]:
    """Reference implementation of the JSON's documented projection."""
    import math
    p = m.projection
    p1, p2, p0 = (math.radians(p[k]) for k in ("lat1", "lat2", "lat0"))
    n = math.log(math.cos(p1) / math.cos(p2)) / math.log(
        math.tan(math.pi / 4 + p2 / 2) / math.tan(math.pi / 4 + p1 / 2))
    f = math.cos(p1) * math.tan(math.pi / 4 + p1 / 2) ** n / n
    rho0 = f / math.tan(math.pi / 4 + p0 / 2) ** n
    rho = f / math.tan(math.pi / 4 + math.radians(lat) / 2) ** n
    theta = n * math.radians(lon - p["lon0"])
    X, Y = rho * math.sin(theta), rho0 - rho * math.cos(theta)
    return (X - p["frame_west"]) * p["scale"], (p["frame_north"] - Y) * p["scale"]


def test_json_has_top_level_sections() -> None:
    raw = json.loads(DEFAULT_MAP_PATH.read_text(encoding="utf-8"))
    assert {"bounds", "projection", "sea", "countries", "territories", "cities"} <= raw.keys()


def test_a_power_that_is_not_yet_a_state_is_neither_on_nor_off_the_map_until_it_holds_land():
    from game.engine import Game
    from game.mapdata import builtin_map, future_states
    from game.scenario import load_scenario, resolve_scenario

    spec = load_scenario(resolve_scenario(None))
    game = Game(spec, humans=["France"]).run()
    europe = builtin_map("europe1936")
    assert future_states(spec, game.snapshot(), europe) == {"Slovakia"}  # part of Czechoslovakia in 1936
    while game.decision() is not None:
        game.apply(game.legal_options()[0])
    assert game.snapshot()["territory"]["slovakia"] == "Slovakia"
    assert future_states(spec, game.snapshot(), europe) == set()
