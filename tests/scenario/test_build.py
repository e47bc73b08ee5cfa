"""The builder's own checks (game/scenario/build.py): each fault in a declaration is one
error with its exact message at the exact LINE:COL, values on a bound are accepted, and the
compiled tables hold each value in its power's row and column.

Each case edits one line of tests/fixtures/mini.yaml, so the place of the fault is known.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from game.scenario.build import check_scenario_text, site
from game.scenario.diagnostics import Diagnostics

MINI = (Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml").read_text()


def edited(old: str, new: str) -> str:
    assert MINI.count(old) == 1, old
    return MINI.replace(old, new)


def check(text: str):
    spec, diagnostics = check_scenario_text(text.encode(), Diagnostics("s.yaml"), lint_warnings=False)
    return spec, [f"{d.line}:{d.col}: {d.severity}: {d.message}" for d in diagnostics.sorted(None)]


WILL = 'will: {min: 0, max: 1, default: 0.5,'
LEAGUE = "league_credibility: {value: 0.4, min: 0, max: 1,"
GERMANY = "Germany: {name: Germany, attributes: {stance: 1, will: 0.8}}"
STANCE = '  stance: {min: -1, max: 1, default: 0, note: "-1 hostile to Germany, +1 aligned with it"}\n'

FAULTS = {
    "end before start": (("end: 1936-12-31", "end: 1936-02-01"), [
        "6:6: error: 'end' must be after 'start'",
        "45:11: error: event date 1936-03-07 is outside the scenario (1936-03-01 to 1936-02-01)"]),
    "end on the start day": (("end: 1936-12-31", "end: 1936-03-01"), [
        "6:6: error: 'end' must be after 'start'",
        "45:11: error: event date 1936-03-07 is outside the scenario (1936-03-01 to 1936-03-01)"]),
    "attribute max not above min": ((WILL, 'will: {min: 1, max: 1, default: 1,'), [
        "13:23: error: attribute 'will': max must be above min",
        "19:58: error: will of Germany must be between 1 and 1",
        "20:59: error: will of France must be between 1 and 1"]),
    "attribute default outside": ((WILL, 'will: {min: 0, max: 1, default: 1.5,'), [
        "13:35: error: default must be between 0 and 1"]),
    "no stance attribute": ((STANCE, ""), [
        "12:3: error: attribute 'stance' is required: the main attribute, which the map colours "
        "(give it a 'title' such as 'Stance toward Germany')",
        "18:41: error: unknown attribute 'stance'; known: will",
        "19:39: error: unknown attribute 'stance'; known: will",
        "20:58: error: unknown attribute 'stance'; known: will",
        "54:22: error: unknown name 'stance'",
        "75:16: error: unknown name 'stance'"]),
    "map with shapes and builtin": (("\nsources:", "\nmap: {builtin: europe1936, shapes: x.geojson}\nsources:"), [
        "8:6: error: a map has either 'shapes' (its own) or 'builtin', not both"]),
    "view without shapes": (("\nsources:", "\nmap: {view: [0, 40, 10, 50]}\nsources:"), [
        "8:13: error: 'view' frames a scenario's own 'shapes'; the built-in map has its own"]),
    "unknown built-in map": (("\nsources:", "\nmap: {builtin: europa}\nsources:"), [
        "8:16: error: no built-in map 'europa' (did you mean 'europe1936'?); built in: europe1936"]),
    "view of three numbers, shapes checked from text": (
        ("\nsources:", "\nmap: {shapes: x.geojson, view: [0, 40, 10]}\nsources:"), [
            "8:15: error: shapes are read beside the scenario file; check the file, not its text",
            "8:32: error: 'view' is [west, south, east, north] in degrees"]),
    "global max not above min": ((LEAGUE, "league_credibility: {value: 0.4, min: 1, max: 1,"), [
        "16:49: error: max must be above min"]),
    "global value outside": ((LEAGUE, "league_credibility: {value: 1.4, min: 0, max: 1,"), [
        "16:31: error: value must be between 0 and 1"]),
    "a power and a global of one name": (("globals:\n", "globals:\n  France: {value: 0, min: 0, max: 1}\n"), [
        "16:3: error: 'France' is both a power and a global; rename one"]),
    "power attribute outside": ((GERMANY, GERMANY.replace("stance: 1,", "stance: 1.5,")), [
        "19:49: error: stance of Germany must be between -1 and 1"]),
    "trust toward an unknown power": (("France: {Britain: 0.6}", "France: {Britian: 0.6}"), [
        "24:12: error: unknown power 'Britian' (did you mean 'Britain'?); powers: Germany, France, Britain"]),
    "trust of an unknown power": (("France: {Britain: 0.6}", "Frnace: {Britain: 0.6}"), [
        "24:3: error: unknown power 'Frnace' (did you mean 'France'?); powers: Germany, France, Britain"]),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_faulty_declaration_is_reported_where_it_is_and_nothing_is_built(fault):
    (old, new), expected = FAULTS[fault]
    spec, diagnostics = check(edited(old, new))
    assert spec is None
    assert diagnostics == expected


def test_values_on_their_bounds_are_accepted_and_stored_in_their_row_and_column():
    text = edited(GERMANY, "Germany: {name: Germany, attributes: {stance: -1, will: 1}}")
    text = text.replace(WILL, 'will: {min: 0, max: 1, default: 1,')
    text = text.replace("France: {Britain: 0.6}", "France: {Britain: -1, Germany: 1}")
    text = text.replace(LEAGUE, "league_credibility: {value: 1, min: 0, max: 1,")
    spec, diagnostics = check(text)
    assert diagnostics == [] and spec is not None
    assert [p.id for p in spec.powers] == ["Germany", "France", "Britain"]
    assert [a.name for a in spec.attributes] == ["stance", "will"]
    # attributes [attribute, power]: Britain has no 'will' of its own, so it takes the default
    assert spec.attr_initial.tolist() == [[-1.0, -0.6, -0.1], [1.0, 0.3, 1.0]]
    # trust [from, to]
    assert spec.trust_initial.tolist() == [[0.0, 0.0, 0.0], [1.0, 0.0, -1.0], [0.0, 0.0, 0.0]]
    assert [(g.name, g.initial, g.low, g.high, g.title) for g in spec.globals] == [
        ("league_credibility", 1.0, 0.0, 1.0, "League credibility")]


def test_the_default_subtitle_is_the_scenario_period_in_words():
    spec, _ = check(MINI)
    assert spec.subtitle == "March 1936 - December 1936"
    spec, _ = check(edited("start: 1936-03-01", "start: 1936-01-15"))
    assert spec.subtitle == "January 1936 - December 1936"
    spec, _ = check(edited('summary: "One crisis, two powers."', 'summary: "x"\nsubtitle: "Own words"'))
    assert spec.subtitle == "Own words"


def test_a_draw_site_is_the_crc32_of_its_id_in_24_bits():
    """Stable across runs and file order: saved games and challenge results replay by it."""
    for name in ("rhineland", "munich", "a", "ü"):
        assert site(name) == zlib.crc32(name.encode("utf-8")) % 2**24
    assert site("rhineland") != site("munich")
    assert max(site(str(i)) for i in range(2000)) > 2**23
