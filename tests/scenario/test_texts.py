"""Which texts of a scenario may hold values (game/scenario/texts.py): a placeholder in each
kind of text is compiled and a bad one reported where it is; a brace in a title, an option's
label or hint is refused there."""

from __future__ import annotations

import pytest

from tests.scenario.test_build import MINI, check

UNKNOWN = "error: unknown name 'x'; names: league_credibility,"
SHOWN_OUTSIDE = "is shown outside the moment it is read (in lists, the timeline, the rewind list)"
RESOLVE_TEXT = '        text: "German troops remain in the Rhineland."\n'
RULE_TEXT = '    text: "With the League discredited, Paris looks for a bargain."\n'
PROTEST_HINT = '          hint: "Keeps the peace; Germany gains confidence."\n'

CASES = {
    "an event's text": (('    text: "German troops march', '    text: "{x} German troops march'), "47:13", UNKNOWN),
    "an option's log": ((PROTEST_HINT, PROTEST_HINT + '          log: "{x}"\n'), "54:18", UNKNOWN),
    "a resolve rule's text": ((RESOLVE_TEXT, RESOLVE_TEXT.replace('"German', '"{x} German')), "70:17", UNKNOWN),
    "a resolve rule's else_text": ((RESOLVE_TEXT, RESOLVE_TEXT + '        else_text: "{x}"\n'), "71:22", UNKNOWN),
    "a rule's text": ((RULE_TEXT, RULE_TEXT.replace('"With', '"{x} With')), "77:13", UNKNOWN),
    "a rule's else_text": ((RULE_TEXT, RULE_TEXT + '    else_text: "{x}"\n'), "78:18", UNKNOWN),
    "an ending's text": (('    text: "The troops march back."', '    text: "{x} The troops march back."'), "83:13",
                         UNKNOWN),
    "an event's title": (('    title: "The Rhineland"\n', '    title: "The {x} Rhineland"\n'), "46:17",
                         f"error: a title {SHOWN_OUTSIDE}"),
    "an option's label": (('          text: "Mobilise and march"', '          text: "Mobilise {x}"'), "58:27",
                          f"error: an option's label {SHOWN_OUTSIDE}"),
    "an option's hint": (('          hint: "Risks war', '          hint: "{x} Risks war'), "59:18",
                         f"error: an option's hint {SHOWN_OUTSIDE}"),
    "an ending's title": (('    title: "Hitler backs down"', '    title: "Hitler {x}"'), "82:20",
                          f"error: a title {SHOWN_OUTSIDE}"),
}


@pytest.mark.parametrize(("change", "place", "message"), CASES.values(), ids=list(CASES))
def test_a_placeholder_is_checked_where_it_is_written(change, place, message):
    old, new = change
    assert MINI.count(old) == 1
    spec, diagnostics = check(MINI.replace(old, new))
    assert spec is None and len(diagnostics) == 1 and diagnostics[0].startswith(f"{place}: {message}")


def test_an_option_log_shows_its_values_in_the_chronicle():
    from game.engine import HISTORY, Game

    spec, diagnostics = check(MINI.replace(PROTEST_HINT, PROTEST_HINT + '          log: "League at {league_credibility | percent}."\n'))
    assert diagnostics == []
    game = Game(spec, default_controller=HISTORY).run()
    assert "League at 30%." in [entry.text for entry in game.log]
