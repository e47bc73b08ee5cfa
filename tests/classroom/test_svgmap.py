"""The browser's map draws what the window's map draws: trust lines and the scenario's
relations (pacts, alliances, guarantees, wars) between capitals, named in the legend."""

from __future__ import annotations

import copy
import html
import re

import pytest

from game.classroom import svgmap
from game.engine import Game
from game.scenario import load_scenario
from game.scenario.registry import all_scenarios


@pytest.fixture(scope="module")
def world():
    path = next(e.path for e in all_scenarios() if e.path.stem == "europe1936")
    spec = load_scenario(path)
    return spec, Game(spec, seed=1).snapshot()


def titles(svg: str, kind: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(rf'<g class="link link-{kind}"><title>([^<]*)</title>', svg)]


def test_a_relation_whose_flag_is_set_is_a_line_named_in_its_title_and_the_legend(world):
    spec, snapshot = world
    snapshot = copy.deepcopy(snapshot)
    snapshot["flags"] = ["axis", "guarantee_poland", "war_1938"]
    drawn = svgmap.draw(spec, snapshot)
    assert titles(drawn.svg, "pact") == ["Germany and Italy: pact (Rome-Berlin Axis)"]
    assert titles(drawn.svg, "guarantee") == ["Britain and Poland: guarantee (British guarantee to Poland)"]
    assert sorted(titles(drawn.svg, "war")) == ["Germany and Czechoslovakia: at war (War of 1938)",
                                               "Germany and France: at war (War of 1938)"]
    words = [k["words"] for k in drawn.legend]
    assert "pact: Rome-Berlin Axis" in words and "at war: War of 1938" in words
    assert "guarantee: British guarantee to Poland" in words


def test_no_flag_no_relation_line_and_the_legend_lists_only_what_is_drawn(world):
    spec, snapshot = world
    drawn = svgmap.draw(spec, snapshot)
    assert not re.search(r"link-(pact|alliance|guarantee|war)", drawn.svg)
    assert {k["kind"] for k in drawn.legend} <= {"stance", "trust", "hatch"}


def test_the_strongest_relation_of_a_pair_is_drawn_with_every_name(world):
    spec, snapshot = world
    snapshot = copy.deepcopy(snapshot)
    snapshot["flags"] = ["axis", "pact_of_steel"]
    drawn = svgmap.draw(spec, snapshot)
    assert titles(drawn.svg, "alliance") == ["Germany and Italy: alliance (Rome-Berlin Axis, Pact of Steel)"]
    assert titles(drawn.svg, "pact") == []


def test_trust_of_half_or_more_is_a_dashed_line_long_dashes_when_mutual(world):
    spec, snapshot = world
    snapshot = copy.deepcopy(snapshot)
    for a, b in (("France", "Britain"), ("Britain", "France")):
        snapshot["trust"][a][b] = 0.7
    snapshot["trust"]["Poland"]["France"], snapshot["trust"]["France"]["Poland"] = 0.6, 0.1
    drawn = svgmap.draw(spec, snapshot)
    lines = titles(drawn.svg, "trust")
    assert "Britain and France: trust >= 0.5 both ways" in lines
    mutual = re.search(r"trust &gt;= 0.5 both ways</title><line [^>]*stroke-dasharray=\"([\d ]+)\"", drawn.svg)
    assert mutual and mutual.group(1) == "10 5"
    assert any("Poland" in t and "one way" in t for t in lines)
    assert "trust >= 0.5" in [k["words"] for k in drawn.legend]
    snapshot["trust"]["France"]["Britain"] = snapshot["trust"]["Britain"]["France"] = 0.49
    assert not any("Britain" in t and "France" in t for t in titles(svgmap.draw(spec, snapshot).svg, "trust"))


def test_a_state_that_ceased_to_exist_has_no_line_of_its_own(world):
    spec, snapshot = world
    snapshot = copy.deepcopy(snapshot)
    snapshot["trust"]["Czechoslovakia"]["France"] = snapshot["trust"]["France"]["Czechoslovakia"] = 0.9
    assert any("Czechoslovakia" in t for t in titles(svgmap.draw(spec, snapshot).svg, "trust"))
    occupations = [r for r in spec.relations if r.kind == "occupation" and "Czechoslovakia" in r.to]
    assert occupations  # the scenario declares the occupation of Czechoslovakia
    snapshot["flags"] = [occupations[0].flag]
    assert not any("Czechoslovakia" in t for t in titles(svgmap.draw(spec, snapshot).svg, "trust"))
