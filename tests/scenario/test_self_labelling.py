"""A scenario labels itself: subtitle and period, what the main attribute means, and its map
(the built-in Europe map or GeoJSON shapes of its own beside the file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.mapdata import MapFileError, parse_shapes
from game.scenario import check_scenario, load_scenario

BASE = """\
format: 1
id: horn
title: "The Horn"
start: 1935-03-01
end: 1936-05-31
attributes:
  stance: {min: -1, max: 1, title: "Stance toward Italy", min_label: hostile, max_label: accommodating}
powers:
  Italy: {name: Italy}
  Ethiopia: {name: Ethiopia}
territories:
  ogaden: {name: Ogaden, holder: Ethiopia}
  harar: {name: Harar, holder: Ethiopia}
events:
  - id: e
    date: 1935-10-03
    title: "War"
endings:
  - id: end
    title: "End"
    fallback: true
    assumption: "test"
"""


def _square(lon: float, lat: float, size: float = 1.0) -> list:
    return [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]


SHAPES = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"id": "Ethiopia", "name": "Ethiopia", "kind": "power",
                                       "capital": [38.7, 9.0], "capital_name": "Addis Ababa"},
     "geometry": {"type": "Polygon", "coordinates": _square(36, 6, 6)}},
    {"type": "Feature", "properties": {"id": "ogaden", "name": "Ogaden"},
     "geometry": {"type": "MultiPolygon", "coordinates": [_square(43, 5, 2)]}},
]}


def _write(tmp_path: Path, text: str, shapes: dict | str | None = None) -> Path:
    path = tmp_path / "horn.yaml"
    path.write_text(text, encoding="utf-8")
    if shapes is not None:
        (tmp_path / "horn.geojson").write_text(shapes if isinstance(shapes, str) else json.dumps(shapes),
                                               encoding="utf-8")
    return path


def test_subtitle_defaults_to_the_months_of_start_and_end(tmp_path):
    spec = load_scenario(_write(tmp_path, BASE))
    assert spec.subtitle == "March 1935 - May 1936"
    spec = load_scenario(_write(tmp_path, BASE.replace('title: "The Horn"', 'title: "The Horn"\nsubtitle: "East Africa"')))
    assert spec.subtitle == "East Africa"


def test_main_attribute_title_and_scale_words_come_from_the_file(tmp_path):
    main = load_scenario(_write(tmp_path, BASE)).main_attribute()
    assert main.scale() == "Stance toward Italy (-1 hostile ... +1 accommodating)"
    plain = load_scenario(_write(tmp_path, BASE.replace(
        'title: "Stance toward Italy", min_label: hostile, max_label: accommodating', 'default: 0')))
    assert plain.main_attribute().scale() == "Stance (-1 ... +1)"


def test_the_built_in_europe_map_is_the_default(tmp_path):
    spec, diagnostics = check_scenario(_write(tmp_path, BASE))
    assert spec is not None and spec.map.builtin == "europe1936" and spec.map.shapes is None
    # Neither territory is drawn on the Europe map: each one is a warning at its line.
    warnings = [str(d) for d in diagnostics.warnings]
    assert any(":12:3: warning: territory 'ogaden' has no shape on the map" in w for w in warnings)
    assert any(":13:3: warning: territory 'harar' has no shape" in w for w in warnings)


def test_own_shapes_beside_the_file_are_read_and_a_missing_territory_warns(tmp_path):
    text = BASE.replace("powers:", "map:\n  shapes: horn.geojson\n  view: [30, 0, 50, 16]\npowers:")
    spec, diagnostics = check_scenario(_write(tmp_path, text, SHAPES))
    assert spec is not None and spec.map.shapes == str((tmp_path / "horn.geojson").resolve())
    assert spec.map.view == (30, 0, 50, 16)
    warnings = [str(d) for d in diagnostics.warnings]
    assert [w for w in warnings if "no shape" in w] == [
        f"{tmp_path / 'horn.yaml'}:16:3: warning: territory 'harar' has no shape on the map; the window "
        "lists it off the map (add a feature with this id to the shapes)"]


def test_parse_shapes_projects_territories_countries_and_capitals() -> None:
    mapdata = parse_shapes(json.dumps(SHAPES).encode(), {"ogaden": "Ethiopia"}, (30, 0, 50, 16))
    assert set(mapdata.countries) == {"Ethiopia"} and set(mapdata.territories) == {"ogaden"}
    assert mapdata.territories["ogaden"].holder == "Ethiopia"
    assert mapdata.width == 1000 and 700 < mapdata.height < 900  # 16 x 20 degrees near 8N
    x, y = mapdata.capital("Ethiopia")
    assert mapdata.hit_test(x, y).id == "Ethiopia"
    assert mapdata.cities["Addis Ababa"].capital_of == "Ethiopia"


@pytest.mark.parametrize("shapes, message", [
    ("{not json", "is not GeoJSON"),
    ({"type": "Feature"}, "must be a GeoJSON FeatureCollection"),
    ({"type": "FeatureCollection", "features": [{"properties": {}, "geometry": None}]}, "needs properties.id"),
    ({"type": "FeatureCollection", "features": [
        {"properties": {"id": "x"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}]}, "Polygon or a MultiPolygon"),
    ({"type": "FeatureCollection", "features": [
        {"properties": {"id": "x"}, "geometry": {"type": "Polygon", "coordinates": [[[500, 1], [2, 2], [3, 3]]]}}]},
     "is not a longitude/latitude"),
    ({"type": "FeatureCollection", "features": [
        {"properties": {"id": "x"}, "geometry": {"type": "MultiPolygon", "coordinates": []}}]}, "has no polygons"),
])
def test_broken_shapes_are_an_error_at_the_map_line(tmp_path, shapes, message):
    text = BASE.replace("powers:", "map:\n  shapes: horn.geojson\npowers:")
    spec, diagnostics = check_scenario(_write(tmp_path, text, shapes))
    assert spec is None
    errors = [str(d) for d in diagnostics.errors]
    assert len(errors) == 1 and ":9:11: error:" in errors[0] and message in errors[0], errors


@pytest.mark.parametrize("name", ["/etc/passwd.geojson", "../horn.geojson", "horn.txt"])
def test_shapes_must_be_a_geojson_file_beside_the_scenario(tmp_path, name):
    text = BASE.replace("powers:", f"map:\n  shapes: {name}\npowers:")
    spec, diagnostics = check_scenario(_write(tmp_path, text, SHAPES))
    assert spec is None
    message = str(diagnostics.errors[0])
    assert ":9:11: error:" in message and ("beside the scenario" in message or "must be GeoJSON" in message)


def test_unknown_builtin_map_lists_the_known_ones(tmp_path):
    spec, diagnostics = check_scenario(_write(tmp_path, BASE.replace("powers:", "map: {builtin: europe1963}\npowers:")))
    assert spec is None
    assert "no built-in map 'europe1963' (did you mean 'europe1936'?); built in: europe1936" in str(diagnostics.errors[0])


def test_parse_shapes_never_raises_anything_but_map_file_error() -> None:
    for data in (b"", b"[]", b'{"type": "FeatureCollection", "features": [1]}',
                 b'{"type": "FeatureCollection", "features": [{"properties": {"id": "a", "label": 3},'
                 b' "geometry": {"type": "Polygon", "coordinates": [[[1,1],[2,2],[1,2]]]}}]}'):
        with pytest.raises(MapFileError):
            parse_shapes(data, {})
