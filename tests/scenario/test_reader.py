"""The YAML reader and the validator's warnings.

The reader uses ruamel's C parser when installed and the pure-Python parser otherwise:
both must give the same tree, the same positions and the same errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import check_scenario, list_scenarios, yamlread
from game.scenario.diagnostics import Diagnostics

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MINI = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")


def shape(node):
    """Values, types and positions of a parsed tree, for comparison."""
    if isinstance(node, dict):
        lc = node.lc
        return ("map", lc.line, lc.col, [(k, lc.key(k), lc.value(k), shape(v)) for k, v in node.items()])
    if isinstance(node, list):
        lc = node.lc
        return ("seq", lc.line, lc.col, [(lc.item(i), shape(v)) for i, v in enumerate(node)])
    return (type(node).__name__, node)


FILES = [FIXTURES / "mini.yaml", FIXTURES / "small.yaml", *list_scenarios()]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_c_and_pure_parsers_give_the_same_tree(path, monkeypatch):
    """With or without ruamel.yaml.clib, a file reads to the same values at the same places."""
    if yamlread.CParser is None:
        pytest.skip("ruamel.yaml.clib is not installed")
    data = path.read_bytes()
    fast = yamlread.parse_yaml(data, Diagnostics("f"))
    monkeypatch.setattr(yamlread, "CParser", None)
    pure = yamlread.parse_yaml(data, Diagnostics("f"))
    assert shape(fast) == shape(pure)


@pytest.mark.parametrize("path", sorted((FIXTURES / "bad").glob("*.yaml")), ids=lambda p: p.name)
def test_bad_files_read_the_same_without_the_c_parser(path, monkeypatch):
    """Errors and their places do not depend on how the game was installed."""
    with_c = [str(d) for d in check_scenario(path)[1].sorted()]
    monkeypatch.setattr(yamlread, "CParser", None)
    without_c = [str(d) for d in check_scenario(path)[1].sorted()]
    assert with_c == without_c


def test_yaml_1_2_core_schema():
    """YAML 1.2: 'no', 'on', 'y' stay text; dates stay text; numbers, booleans and null resolve."""
    tree = yamlread.parse_yaml(
        b"a: no\nb: on\nc: y\nd: 1936-03-07\ne: 0x1F\nf: 1_000\ng: .inf\nh: true\ni: ~\nj: '1'\nk: 1.5e3\n",
        Diagnostics("f"))
    assert dict(tree) == {"a": "no", "b": "on", "c": "y", "d": "1936-03-07", "e": 31, "f": 1000,
                          "g": float("inf"), "h": True, "i": None, "j": "1", "k": 1500.0}


@pytest.mark.parametrize("text, place", [
    ('when: "flag.x"', (1, 13)),
    ("when: 'a and flag.x'", (1, 19)),
    ("when: a and flag.x", (1, 18)),
    ("when: >-\n  a and\n  flag.x\n", (3, 8)),
    ("when: |\n    a and\n      flag.x\n", (3, 12)),
    ("when: a and\n  flag.x\n", (2, 8)),
])
def test_offsets_inside_a_string_map_to_the_file(text, place):
    """Character offsets in an expression become file positions for every scalar style."""
    tree = yamlread.parse_yaml(text.encode(), Diagnostics("f"))
    offset = str(tree["when"]).index("x")
    assert yamlread.text_position(tree, ("when",), offset) == place


def warnings_for(tmp_path, old: str, new: str, text: str = MINI) -> list[str]:
    assert old in text
    path = tmp_path / "warn.yaml"
    path.write_text(text.replace(old, new, 1))
    spec, diagnostics = check_scenario(path)
    assert spec is not None, [str(d) for d in diagnostics.errors]
    return [f"{d.line}:{d.col}: {d.message}" for d in diagnostics.warnings]


def test_event_that_needs_a_flag_nothing_sets_is_unreachable(tmp_path):
    """An event whose condition needs a flag that no effect sets is a warning at its 'when'."""
    text = MINI.replace("  hitler_withdrew: {}\n", "  hitler_withdrew: {}\n  never_set: {}\n")
    found = warnings_for(tmp_path, '    sources: [taylor]\n    options:',
                         '    when: "flag.never_set"\n    sources: [taylor]\n    options:', text)
    assert "49:11: event 'rhineland' can never happen: flag.never_set is never set to true" in found, found


def test_ending_for_a_territory_nobody_can_take_is_unreachable(tmp_path):
    """An ending needing a holder that no effect ever gives is a warning, not an error."""
    found = warnings_for(tmp_path, 'when: "flag.hitler_withdrew"', 'when: "territory.rhineland == France"')
    assert ("84:11: ending 'withdrawal' can never be reached: "
            "no effect ever gives territory.rhineland to France") in found


def test_unused_setting_and_uncited_rule_are_warnings(tmp_path):
    """A setting no rule reads, and a rule with effects but no sources or assumption, are warnings."""
    found = warnings_for(tmp_path, '    assumption: "A weak League pushes France toward accommodation."\n', "")
    assert any("'league_collapse' changes the world but cites no sources" in w for w in found), found
