"""The scenario's `gauges` and `relations` sections: what the window shows as gauges and
what the map draws between powers come from the file, and every mistake is reported at
its FILE:LINE:COL."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import check_scenario, load_scenario, resolve_scenario

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "small.yaml"

GOOD = """
gauges:
  - show: german_strength
    label: "German strength"
    explain: "German military and economic weight."
  - show: readiness.USSR
    label: "Soviet readiness"
    explain: "How ready the Red Army is."
  - show: trust.USSR.France
    label: "Soviet trust in France"
    explain: "Does Moscow believe Paris?"
relations:
  - {flag: munich, kind: pact, powers: [Germany, France], label: "Munich"}
  - {flag: war, kind: war, powers: [Germany], to: [Czechoslovakia, France], label: "The war"}
"""


def spec_with(tmp_path, extra: str):
    path = tmp_path / "s.yaml"
    path.write_text(SMALL.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return check_scenario(path)


def first_error(tmp_path, extra: str) -> str:
    spec, diagnostics = spec_with(tmp_path, extra)
    assert spec is None
    error = diagnostics.sorted()[0]
    line = len(SMALL.read_text(encoding="utf-8").splitlines())
    return f"{error.line - line}:{error.col}: {error.message}"


def test_gauges_read_a_global_an_attribute_and_trust(tmp_path):
    spec, _ = spec_with(tmp_path, GOOD)
    assert [g.show for g in spec.gauges] == ["german_strength", "readiness.USSR", "trust.USSR.France"]
    snapshot = {"globals": {"german_strength": 0.7}, "attributes": {"readiness": {"USSR": 0.4}},
                "trust": {"USSR": {"France": -0.2}}}
    assert [g.read(snapshot) for g in spec.gauges] == [0.7, 0.4, -0.2]
    assert (spec.gauges[2].low, spec.gauges[2].high) == (-1.0, 1.0)
    assert spec.gauges[0].explain == "German military and economic weight."


def test_relations_pair_up_powers(tmp_path):
    spec, _ = spec_with(tmp_path, GOOD)
    pact, war = spec.relations
    assert pact.pairs() == (("Germany", "France"),)
    assert war.pairs() == (("Germany", "Czechoslovakia"), ("Germany", "France"))


@pytest.mark.parametrize("extra, expected", [
    ("gauges:\n  - {show: german_strenght, explain: x}\n",
     "2:12: unknown global 'german_strenght' (did you mean 'german_strength'?)"),
    ("gauges:\n  - {show: readines.USSR, label: a, explain: x}\n",
     "2:12: unknown attribute 'readines' (did you mean 'readiness'?)"),
    ("gauges:\n  - {show: readiness.Frnace, label: a, explain: x}\n",
     "2:12: unknown power 'Frnace' (did you mean 'France'?)"),
    ("gauges:\n  - {show: trust.USSR, label: a, explain: x}\n",
     "2:12: 'trust.USSR': trust is written trust.POWER.POWER"),
    ("gauges:\n  - {show: german_strength}\n", "2:5: missing required key 'explain'"),
    ("gauges:\n  - {show: readiness.USSR, explain: x}\n", "2:5: gauge 'readiness.USSR' needs a label"),
    ("relations:\n  - {flag: munch, kind: pact, powers: [Germany, France], label: a}\n",
     "2:12: unknown flag 'munch' (did you mean 'munich'?)"),
    ("relations:\n  - {flag: war, kind: war, powers: [Germany], to: [Frnace], label: a}\n",
     "2:52: unknown power 'Frnace' (did you mean 'France'?)"),
    ("relations:\n  - {flag: war, kind: war, powers: [Germany], label: a}\n", "2:23: a war needs 'to'"),
    ("relations:\n  - {flag: war, kind: pact, powers: [Germany], label: a}\n",
     "2:37: a pact needs at least two powers"),
    ("relations:\n  - {flag: war, kind: treaty, powers: [Germany], label: a}\n",
     "2:23: 'kind' must be 'pact', 'alliance', 'guarantee', 'war' or 'occupation'"),
])
def test_unknown_names_in_gauges_and_relations_are_reported_at_their_position(tmp_path, extra, expected):
    assert first_error(tmp_path, extra).startswith(expected)


def test_europe1936_declares_gauges_and_relations_the_story_needs():
    spec = load_scenario(resolve_scenario(None))
    shown = {g.show for g in spec.gauges}
    assert {"german_strength", "hitler_prestige", "league_credibility"} <= shown
    assert all(g.explain.endswith(".") and g.explain.count(". ") == 0 for g in spec.gauges)  # one sentence
    kinds = {r.flag: r.kind for r in spec.relations}
    assert kinds["nazi_soviet_pact"] == "pact" and kinds["guarantee_poland"] == "guarantee"
    assert kinds["general_war_1939"] == "war" and "occupation" in kinds.values()
