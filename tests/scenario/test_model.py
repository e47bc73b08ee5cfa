"""The scenario file's declared shape (game/scenario/model.py): the JSON Schema that
`python -m game schema` prints for authors' editors, and the value conversions the
declarations apply before checking."""

from __future__ import annotations

import datetime as dt

from game.scenario.model import ScenarioDef, _empty_mapping, date_text, json_schema


def test_the_schema_names_its_draft_and_the_scenario_format():
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Collective Security scenario"
    assert schema["properties"] == ScenarioDef.model_json_schema()["properties"]


def test_a_date_that_yaml_read_as_a_date_or_a_time_is_its_day_as_text():
    assert date_text(dt.date(1936, 3, 7)) == "1936-03-07"
    assert date_text(dt.datetime(1936, 3, 7, 10, 30)) == "1936-03-07"
    assert date_text("1936-03-07") == "1936-03-07"
    assert date_text(7) == 7  # not a date: left for the check to refuse


def test_a_key_with_nothing_after_it_is_an_empty_mapping_and_a_mapping_is_kept():
    assert _empty_mapping(None) == {}
    kept = {"France": []}
    assert _empty_mapping(kept) is kept
    assert _empty_mapping([]) == []  # not a mapping: left for the check to refuse
