"""Texts with values in a running game: the engine renders each text when it writes it, so
every driver reads the same words and a replay gives the same bytes."""

from __future__ import annotations

from pathlib import Path

from game.engine import Game
from game.scenario.build import check_scenario_text
from game.scenario.diagnostics import Diagnostics
from game.transcript import chronicle, dumps, game_to_json

MINI = (Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
LINE = 'text: "German troops remain in the Rhineland."'
BRIEFING = 'text: "German troops march into the demilitarised zone."'
ENDING = 'text: "Germany keeps the Rhineland."'


def spec_with(*changes: tuple[str, str]):
    text = MINI
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    diagnostics = Diagnostics("f.yaml")
    spec, _ = check_scenario_text(text.encode(), diagnostics, lint_warnings=False)
    assert spec is not None, [str(d) for d in diagnostics.items]
    return spec


def test_a_line_shows_the_values_as_they_are_when_it_is_written():
    # France's protest has just taken league_credibility from 0.40 to 0.30.
    spec = spec_with((LINE, 'text: "The League stands at {league_credibility | percent}."'))
    game = Game.from_choices(spec, [("rhineland", "France", "protest")], humans=["France"])
    assert "The League stands at 30%." in [entry.text for entry in game.log]


def test_the_briefing_reads_as_the_turn_opens_in_the_decision_and_the_turn_record():
    spec = spec_with((BRIEFING, 'text: "On {date | date} the League stands at {league_credibility | percent}."'))
    game = Game(spec, humans=["France"]).run()
    decision = game.decision()
    assert decision is not None
    assert decision.event.text == "On 7 March 1936 the League stands at 40%."
    game.apply("protest")
    assert game.turns[0].text == "On 7 March 1936 the League stands at 40%."
    assert spec.events[0].text.startswith("On {date | date}")  # the spec keeps what was written


def test_an_ending_text_reads_as_the_world_was_when_the_ending_came():
    spec = spec_with((ENDING, 'text: "{if flag.rhineland_remilitarised}Troops stay; the League at '
                              '{league_credibility | percent}.{else}No troops.{end}"'))
    game = Game.from_choices(spec, [("rhineland", "France", "protest")], humans=["France"])
    ending = game.ending()
    assert ending is not None and ending.text == "Troops stay; the League at 30%."
    assert game_to_json(game)["ending"]["text"] == "Troops stay; the League at 30%."


def test_a_line_that_renders_empty_leaves_only_its_changes():
    spec = spec_with(('text: "With the League discredited, Paris looks for a bargain."',
                      'text: "{if flag.hitler_withdrew}Paris looks for a bargain.{end}"'),
                     ('when: "league_credibility < 0.2"', 'when: "league_credibility < 0.35"'))
    game = Game.from_choices(spec, [("rhineland", "France", "protest")], humans=["France"])
    lines = [entry for entry in game.log if entry.rule == "league_collapse"]
    assert len(lines) == 1 and lines[0].bare and "Paris" not in lines[0].text


def test_many_worlds_each_read_their_own_ending_text_on_their_ending_day():
    spec = spec_with((ENDING, 'text: "{if flag.rhineland_remilitarised}stay{else}gone{end} {date | date}"'),
                     ('text: "The troops march back."', 'text: "back on {date | date}"'))
    game = Game(spec, worlds=50, seed=3).run()
    seen = set()
    for world in range(50):
        ending = game.ending(world)
        assert ending is not None
        seen.add(ending.id)
        if ending.id == "status_quo":  # the fallback, checked when the calendar ends
            held = game.state.tables["flag"][spec.flag_index("rhineland_remilitarised"), world]
            assert ending.text == ("stay" if held else "gone") + " 31 December 1936"
        else:  # reached on the day of the crisis, though the calendar ran on to December
            assert ending.text == "back on 7 March 1936"
    assert seen == {"status_quo", "withdrawal"}


def test_same_seed_and_choices_give_byte_identical_transcripts():
    spec = spec_with((LINE, 'text: "League {league_credibility | percent}, France {stance.France | signed}; '
                            '{if setting.hitler_nerve == \'weak\'}nerve weak{else}nerve firm{end}."'),
                     (ENDING, 'text: "On {date | date}: {stance.France | words}."'))
    runs = [Game.from_choices(spec, [("rhineland", "France", "mobilise")], humans=["France"], seed=7)
            for _ in range(2)]
    assert chronicle(runs[0], details=True) == chronicle(runs[1], details=True)
    assert dumps(game_to_json(runs[0])) == dumps(game_to_json(runs[1]))
    assert "{" not in chronicle(runs[0], details=True)
