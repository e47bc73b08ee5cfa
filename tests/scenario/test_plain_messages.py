"""Messages an author or teacher can act on (issue 12 point 3, issue 13 point 1): each common
mistake in a scenario file is reported once, in plain words, at the line and column of the
actual fault, saying what to type instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario.build import check_scenario_text
from game.scenario.diagnostics import Diagnostics

MINI = (Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml").read_text(encoding="utf-8")


def errors(old: str, new: str, text: str = MINI, encoding: str = "utf-8") -> list[str]:
    assert old in text, old
    diagnostics = Diagnostics("f.yaml")
    check_scenario_text(text.replace(old, new, 1).encode(encoding), diagnostics, lint_warnings=False)
    return [f"{d.line}:{d.col}: {d.message}" for d in diagnostics.errors]


def only_error(old: str, new: str, **kwargs) -> str:
    found = errors(old, new, **kwargs)
    assert len(found) == 1, found  # one fault gives one error
    return found[0]


def test_one_space_too_many_names_the_line_and_the_key_it_should_line_up_with():
    message = only_error('    title: "The Rhineland"', '     title: "The Rhineland"')
    assert message.startswith("46:1: line 46: 'title:' is indented 1 space more than 'date:' on line 45")


def test_one_space_too_few_says_which_line_to_line_up_with():
    message = only_error('    title: "The Rhineland"', '   title: "The Rhineland"')
    assert message.startswith("46:1: line 46: 'title:' is indented 3 spaces, which lines up with no line")
    assert "'date:' on line 45 (4 spaces)" in message


def test_missing_space_after_colon_points_at_that_line_not_the_next():
    message = only_error("    date: 1936-03-07", "    date:1936-03-07")
    assert message == "45:10: line 45: put a space after the colon: 'date: 1936-03-07'"


def test_missing_space_after_colon_on_the_last_key_of_a_mapping():
    message = only_error('    sources: [taylor]\n    options:', '    sources: [taylor]\n    options:\n    x:1')
    assert message.startswith("50:7: line 50: put a space after the colon")


def test_tab_in_indentation_says_use_spaces():
    message = only_error('    title: "The Rhineland"', '\ttitle: "The Rhineland"')
    assert message == "46:1: line 46 starts with a tab: indent with spaces (YAML does not allow tabs for indentation)"


def test_colon_inside_unquoted_text_says_put_it_in_quotes():
    message = only_error('summary: "One crisis, two powers."', "summary: One crisis: two powers")
    assert message == ("4:10: line 4: the text after 'summary:' contains a colon and a space; put the whole "
                       "text in quotes: summary: \"One crisis: two powers\"")


def test_curly_quotes_around_text_say_use_straight_quotes():
    message = only_error('summary: "One crisis, two powers."', "summary: \u201cOne crisis: two powers\u201d")
    assert message.startswith("4:10: line 4: use straight quotes (\") around the text")


def test_unclosed_quote_in_yaml_points_at_the_opening_quote():
    message = only_error('summary: "One crisis, two powers."', 'summary: "One crisis, two powers.')
    assert message.startswith("4:10: the quote \" opened here is never closed")


def test_unclosed_flow_list_points_at_the_opening_bracket():
    message = only_error("    sources: [taylor]\n    options:", "    sources: [taylor\n    options:")
    assert message.startswith("48:14: the list opened with '[' here is not closed")


def test_text_after_a_closing_quote_says_put_it_inside():
    message = only_error('summary: "One crisis, two powers."', 'summary: "One crisis," two powers.')
    assert message.startswith("4:24: line 4: there is text after the closing quote")


def test_a_word_without_colon_says_add_one():
    message = only_error("    sources: [taylor]\n", "    sources: [taylor]\n    historical\n")
    assert message.startswith("42:5: line 42: 'historical' needs a colon and a space after it")


def test_utf16_file_says_save_as_utf8():
    message = only_error("format: 1", "format: 1", encoding="utf-16")
    assert message.startswith("1:1: the file is saved as UTF-16 text: save it as UTF-8 text")


def test_latin1_file_names_the_character_and_says_save_as_utf8():
    message = only_error('"German troops march', '"Les troupes allemandes marchent \u00e9', encoding="latin-1")
    assert message.startswith("47:44: '\u00e9' is saved in an older encoding (Latin-1 or Windows-1252): "
                              "save the file as UTF-8 text")


@pytest.mark.parametrize("written, col, words", [
    ("league_credibility = 0.2", 31, "use == to compare"),
    ("league_credibility < 0.2 && flag.hitler_withdrew", 37, "use 'and' instead of '&&'"),
    ("league_credibility < 0.2 || flag.hitler_withdrew", 37, "use 'or' instead of '||'"),
    ("!flag.hitler_withdrew", 12, "use 'not' instead of '!'"),
    ("flag.hitler_withdrew & flag.hitler_withdrew", 33, "use 'and' instead of '&'"),
    ("league_credibility => 0.2", 31, "write '>=' for 'at least'"),
    ("setting.hitler_nerve == 'weak and flag.hitler_withdrew", 36, "the quote ' opened here is never closed"),
    ("setting.hitler_nerve == \u2018weak\u2019", 36, "use straight quotes (')"),
])
def test_condition_mistakes_from_other_languages_are_named(written, col, words):
    message = only_error('when: "league_credibility < 0.2"', f'when: "{written}"')
    assert message.startswith(f"75:{col}: {words}"), message


def test_equals_in_an_effect_value_is_named():
    message = only_error('"flag.rhineland_remilitarised = true"',
                         '"flag.rhineland_remilitarised = flag.hitler_withdrew = true"')
    assert message.startswith("69:72: an effect sets one value: use == to compare"), message
