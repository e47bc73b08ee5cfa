"""Every broken file in tests/fixtures/bad/ (one fault each, based on mini.yaml) is reported
at the right FILE:LINE:COL with a useful message, and `validate` exits 1 without a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.scenario import DataFileError, check_scenario, load_scenario

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
REPO = Path(__file__).resolve().parents[2]

# file: (LINE:COL of the first error, a fragment of its message)
EXPECTED = {
    "anchor_alias.yaml": ("29:20", "anchors (&name) are not allowed"),
    "bad_colour.yaml": ("20:35", "expected a colour written #rrggbb, found 'red'"),
    "bad_date.yaml": ("46:11", "'1936-02-30' is not a real date"),
    "bad_name.yaml": ("68:13", "'re militarised' is not a valid name"),
    "bad_setting_default.yaml": ("41:14", "default 'waek' is not one of the values (did you mean 'weak'?)"),
    "block_expression.yaml": ("71:16", "unknown flag 'hitler_withdraw' (did you mean 'hitler_withdrew'?)"),
    "comprehension.yaml": ("76:12", "'a list comprehension' is not allowed"),
    "custom_tag.yaml": ("29:20", "the tag '!!python/object/apply:os.system' is not allowed"),
    "date_outside.yaml": ("46:11", "event date 1937-03-07 is outside the scenario"),
    "dunder_attribute.yaml": ("69:25", "'__class__': names starting with '_' are not allowed"),
    "dunder_import.yaml": ("76:12", "'__import__': names starting with '_' are not allowed"),
    "duplicate_event.yaml": ("73:9", "event id 'rhineland' is used twice"),
    "duplicate_key.yaml": ("30:3", "duplicate key 'rhineland_remilitarised' (first on line 28)"),
    "duplicate_option.yaml": ("58:15", "option id 'protest' is used twice for France"),
    "expression_syntax.yaml": ("76:32", "cannot read expression"),
    "lambda.yaml": ("76:12", "'lambda' is not allowed"),
    "long_expression.yaml": ("76:12", "expression is 10000 characters long; the limit is 500"),
    "missing_key.yaml": ("45:5", "missing required key 'date'"),
    "nested_too_deep.yaml": ("5:73", "nested deeper than 64 levels"),
    "no_fallback.yaml": ("82:3", "exactly one ending needs 'fallback: true' (found 0)"),
    "not_a_list.yaml": ("77:14", "'effects' must be a list"),
    "not_utf8.yaml": ("83:21", "save the file as UTF-8 text"),
    "power_operator.yaml": ("76:31", "'**' is not allowed"),
    "setting_default_range.yaml": ("39:14", "default must be between 0 and 1"),
    "trust_range.yaml": ("25:21", "trust must be between -1 and 1"),
    "two_documents.yaml": ("9:1", "one YAML document"),
    "two_historical.yaml": ("52:9", "France has 2 historical options"),
    "unknown_attribute.yaml": ("20:52", "unknown attribute 'wil' (did you mean 'will'?)"),
    "unknown_flag.yaml": ("69:25", "unknown flag 'hitler_withdraw' (did you mean 'hitler_withdrew'?)"),
    "unknown_global.yaml": ("76:12", "unknown name 'league_credibilty' (did you mean 'league_credibility'?)"),
    "unknown_holder.yaml": ("32:40", "unknown power 'Germny' (did you mean 'Germany'?)"),
    "unknown_key.yaml": ("49:5", "unknown key 'sorces' (did you mean 'sources'?)"),
    "unknown_power.yaml": ("51:7", "unknown power 'Frnace' (did you mean 'France'?)"),
    "unknown_setting.yaml": ("61:53", "unknown setting 'hitler_nerv' (did you mean 'hitler_nerve'?)"),
    "unknown_setting_value.yaml": ("61:69", "setting 'hitler_nerve' has no value 'waek' (did you mean 'weak'?)"),
    "unknown_source.yaml": ("57:21", "unknown source 'tailor' (did you mean 'taylor'?)"),
    "unknown_territory.yaml": ("70:69", "unknown territory 'rhinland' (did you mean 'rhineland'?)"),
    "wrong_format.yaml": ("2:9", "'format' must be 1"),
    "wrong_type.yaml": ("86:15", "'priority' must be a whole number, found 'high'"),
    "yaml_syntax.yaml": ("4:8", "the list opened with '[' here is not closed"),
}


def test_every_bad_file_has_an_expectation():
    """A file added to fixtures/bad/ must say where its fault is (and every listed file exists)."""
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_reported_at_its_line_and_column(name):
    """The first error names the fault's exact place and says what is wrong."""
    place, fragment = EXPECTED[name]
    spec, diagnostics = check_scenario(BAD / name)
    assert spec is None
    first = diagnostics.sorted()[0]
    assert first.severity == "error"
    assert f"{first.line}:{first.col}" == place, str(first)
    assert fragment in first.message, str(first)
    assert str(first).startswith(f"{BAD / name}:{place}: error: ")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loading_a_bad_file_raises_only_data_file_error(name):
    """The game's own loader refuses a bad file with DataFileError, listing the same problem."""
    with pytest.raises(DataFileError) as info:
        load_scenario(BAD / name)
    assert any(f"{d.line}:{d.col}" == EXPECTED[name][0] for d in info.value.diagnostics)


def test_validate_reports_every_bad_file_in_one_run():
    """`validate FILE...` checks all files, prints FILE:LINE:COL: error lines, exits 1, no traceback."""
    files = [str(BAD / name) for name in sorted(EXPECTED)]
    run = subprocess.run([sys.executable, "-m", "game", "validate", *files],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    for name, (place, _) in EXPECTED.items():
        assert f"{BAD / name}:{place}: error: " in run.stderr, name
    for line in run.stderr.splitlines():
        assert re.match(r"^.+:\d+:\d+: (error|warning): .+$", line), line


def test_every_error_at_once_a_misspelt_key_does_not_stop_the_checks_of_the_rest(tmp_path):
    """An unknown key is reported and left out; the expressions of the rest are still checked."""
    text = (BAD.parent / "mini.yaml").read_text()
    text = text.replace("summary:", "sumary:", 1).replace('when: "league_credibility < 0.2"',
                                                          'when: "league_credibilty < 0.2"', 1)
    path = tmp_path / "two.yaml"
    path.write_text(text)
    spec, diagnostics = check_scenario(path)
    messages = [f"{d.line}:{d.col}: {d.message}" for d in diagnostics.errors]
    assert spec is None
    assert any(m.startswith("4:1: unknown key 'sumary'") for m in messages), messages
    assert any(m.startswith("75:12: unknown name 'league_credibilty'") for m in messages), messages
