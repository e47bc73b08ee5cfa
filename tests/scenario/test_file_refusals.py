"""YAML features a data file may not use, and how a wrong value is quoted: refused at the
place they are written, with the value shown short enough to read."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import check_scenario

MINI = (Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
TITLE = 'title: "The Rhineland, 1936"'  # line 3; its value starts at column 8
STANCE = "stance: {min: -1, max: 1, default: 0,"  # line 12; the value of min at column 17


def errors(tmp_path, old: str, new: str) -> list[str]:
    assert old in MINI
    path = tmp_path / "refused.yaml"
    path.write_text(MINI.replace(old, new, 1), encoding="utf-8")
    _, diagnostics = check_scenario(path)
    return [f"{d.line}:{d.col}: {d.message}" for d in diagnostics.errors]


@pytest.mark.parametrize("value, message", [
    ("*nothing", "YAML aliases (*name) are not allowed in data files; write the value out in full"),
    ("&anchor x", "YAML anchors (&name) are not allowed in data files"),
    ("!!python/object:os.system x", "the tag '!!python/object:os.system' is not allowed in data files"),
    ("!custom x", "the tag '!custom' is not allowed in data files"),
])
def test_yaml_extension_is_refused_where_it_is_written(tmp_path, value, message):
    assert errors(tmp_path, TITLE, f"title: {value}") == [f"3:8: {message}"]


def test_standard_tag_is_accepted(tmp_path):
    assert errors(tmp_path, TITLE, "title: !!str 1936") == []


@pytest.mark.parametrize("value, shown", [
    ('"abc"', "'abc'"),
    ("[1, 2]", "[1, 2]"),
    ('"' + "x" * 58 + '"', "'" + "x" * 58 + "'"),
    ('"' + "x" * 59 + '"', "'" + "x" * 56 + "..."),
])
def test_wrong_value_is_quoted_and_cut_at_sixty_characters(tmp_path, value, shown):
    found = errors(tmp_path, STANCE, f"stance: {{min: {value}, max: 1, default: 0,")
    assert found == [f"12:17: 'min' must be a number, found {shown}"]
