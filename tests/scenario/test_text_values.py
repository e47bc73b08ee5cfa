"""Validation of texts with values (issue 13 point 4): unknown names, malformed placeholders
and unknown formats are errors at FILE:LINE:COL, the column of the fault inside the text."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import Game
from game.scenario.build import check_scenario_text
from game.scenario.diagnostics import Diagnostics
from game.transcript import chronicle

MINI = (Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
LINE = 'text: "German troops remain in the Rhineland."'  # line 70, the text starts at column 15


def errors(*changes: tuple[str, str]) -> list[str]:
    text = MINI
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    diagnostics = Diagnostics("f.yaml")
    spec, _ = check_scenario_text(text.encode(), diagnostics, lint_warnings=True)
    found = [str(d) for d in diagnostics.sorted() if d.severity == "error"]
    assert (spec is None) == bool(found)
    return found


def test_a_text_with_good_values_and_conditions_is_valid():
    assert errors((LINE, 'text: "League {league_credibility | percent}; {if flag.hitler_withdrew}out'
                         '{else}in{end}; {{braces}}"')) == []


def test_unknown_name_is_reported_at_the_name_with_the_names_there_are():
    assert errors((LINE, 'text: "Troops stay; the League at {league | percent}."')) == [
        "f.yaml:70:44: error: unknown name 'league' (did you mean 'flag'?); names: league_credibility, Germany, France, Britain, date, "
        "stance, will, flag, territory, trust, setting"]


def test_unknown_format_is_reported_at_the_format_with_the_formats_there_are():
    assert errors((LINE, 'text: "At {league_credibility | percnt}."')) == [
        "f.yaml:70:41: error: unknown format 'percnt' (did you mean 'percent'?); formats: number, percent, signed, "
        "whole, words, date"]


def test_unclosed_placeholder_is_reported_at_its_opening_brace():
    assert errors((LINE, 'text: "Troops stay {league_credibility."')) == [
        "f.yaml:70:28: error: this '{' is never closed: end the placeholder with '}', or write '{{' to show a brace"]


def test_unclosed_conditional_is_reported_at_its_if():
    assert errors((LINE, 'text: "Troops {if flag.hitler_withdrew}leave."')) == [
        "f.yaml:70:23: error: this '{if ...}' is never closed: add '{end}' after its text"]


def test_unknown_flag_in_a_condition_lists_the_flags():
    assert errors((LINE, 'text: "{if flag.withdrew}x{end}"')) == [
        "f.yaml:70:25: error: unknown flag 'withdrew' (did you mean 'hitler_withdrew'?); flags: "
        "rhineland_remilitarised, hitler_withdrew"]


def test_every_fault_in_one_text_is_reported_not_just_the_first():
    found = errors((LINE, 'text: "At {league_credibility | percnt}, {stance.Frnce}, {if flag.withdrew}x{end} } {}."'))
    assert [f.split(": error: ")[1].split(" ")[:2] for f in found] == [
        ["unknown", "format"], ["unknown", "power"], ["unknown", "flag"], ["a", "'}'"], ["an", "empty"]]
    assert [f.split(":")[2] for f in found] == sorted((f.split(":")[2] for f in found), key=int)  # in text order


def test_a_fault_on_a_later_line_of_a_folded_text_is_found_on_that_line():
    assert errors((LINE, 'text: >-\n          German troops remain\n          at {stance.Frnce}.')) == [
        "f.yaml:72:22: error: unknown power 'Frnce' (did you mean 'France'?); powers: Germany, France, Britain"]


def test_every_text_that_is_written_at_a_moment_is_checked():
    assert errors(('text: "Germany keeps the Rhineland."', 'text: "{x}"'),
                  ('text: "With the League discredited, Paris looks for a bargain."', 'text: "{y}"'))[:2] == [
        "f.yaml:77:13: error: unknown name 'y'; names: league_credibility, Germany, France, Britain, date, "
        "stance, will, flag, territory, trust, setting",
        "f.yaml:89:13: error: unknown name 'x'; names: league_credibility, Germany, France, Britain, date, "
        "stance, will, flag, territory, trust, setting"]


def test_a_brace_in_a_title_or_option_label_is_an_error():
    assert errors(('title: "The Rhineland"', 'title: "The {x}"'),
                  ('text: "Mobilise and march"', 'text: "Mobilise at {league_credibility}"')) == [
        "f.yaml:46:17: error: a title is shown outside the moment it is read (in lists, the timeline, the rewind "
        "list), so it cannot hold values or braces; put values in a text, an option's log or a rule's text",
        "f.yaml:58:30: error: an option's label is shown outside the moment it is read (in lists, the timeline, "
        "the rewind list), so it cannot hold values or braces; put values in a text, an option's log or a rule's "
        "text"]


def test_validate_reports_a_bad_placeholder_as_file_line_col_and_exits_1(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "bad_text.yaml"
    path.write_text(MINI.replace(LINE, 'text: "At {league_credibility | percnt}."', 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "game", "validate", str(path)], capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{path}:70:41: error: unknown format 'percnt' (did you mean 'percent'?)" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


TEXTS = st.lists(st.sampled_from([
    "{", "}", "{{", "}}", "{if ", "{elif ", "{else}", "{end}", " | ", "percent", "words", "date",
    "league_credibility", "stance.France", "flag.hitler_withdrew", "territory.rhineland", "'", "\\n", "\n",
    "Britain's", "x", " ", "\u00e9", "\u201c", "\n",
]), max_size=12).map("".join) | st.text(max_size=40)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_any_text_in_a_file_gives_diagnostics_with_a_place_never_a_crash(text):
    """A random text in a briefing, a rule line and an ending: the file validates or is refused
    with errors inside the file, and a valid file replays with no brace left unread."""
    quoted = json.dumps(text)  # a JSON string is a YAML double-quoted scalar
    source = MINI.replace(LINE, f"text: {quoted}", 1).replace(
        'text: "Germany keeps the Rhineland."', f"text: {quoted}", 1)
    diagnostics = Diagnostics("f.yaml")
    spec, _ = check_scenario_text(source.encode(), diagnostics, lint_warnings=True)
    lines = source.count("\n") + 2
    for d in diagnostics.items:
        assert 1 <= d.line <= lines and d.col >= 1, str(d)
    if spec is not None:
        game = Game.from_choices(spec, [("rhineland", "France", "protest")], humans=["France"])
        assert isinstance(chronicle(game), str)
