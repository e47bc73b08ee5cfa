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
CHOICES = """    values:
      weak: "He would have pulled back at once (his own later remark)."
      firm: "He would have held on; the generals' fears were exaggerated."
"""
OPTIONS = "    options:\n      France:\n"
MOBILISE_HINT = '          hint: "Risks war without British support."\n'
LEAGUE_WHEN = '    when: "league_credibility < 0.2"\n'
RESOLVE_WHEN = '        when: "not flag.hitler_withdrew"\n'
RULE_EFFECTS = '    effects: ["stance.France += 0.1"]\n    text: "With'
ENDING_TAIL = "    priority: 0\n    sources: [taylor]\n"


def by(line: str) -> tuple[str, str]:
    """The background rule 'league_collapse' with a 'by:' line (line 77)."""
    return RULE_EFFECTS, RULE_EFFECTS.replace("    text:", f"    by: {line}\n    text:")
WITHDRAWAL_WHEN = '    when: "flag.hitler_withdrew"\n    priority: 10'
TERRITORIES = "\nterritories:"
RELATION = "\nrelations:\n  - {flag: rhineland_remilitarised, label: L, %s}\n\nterritories:"

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
    # settings
    "a setting with values and min": (("    default: weak\n", "    default: weak\n    min: 0\n"), [
        "35:5: error: a setting has either 'values' (a choice) or 'min'/'max' (a number), not both"]),
    "a choice without values": ((CHOICES, "    values: {}\n"), [
        "37:13: error: a choice needs at least one value",
        "58:53: error: unknown setting 'hitler_nerve'"]),
    "a number setting with a word default": ((CHOICES, "    min: 0\n    max: 2\n"), [
        "39:14: error: a number setting needs a number default (or give 'values')",
        "59:53: error: unknown setting 'hitler_nerve'"]),
    "a number setting's default outside": ((CHOICES + "    default: weak\n", "    min: 0\n    max: 2\n    default: 3\n"), [
        "39:14: error: default must be between 0 and 2",
        "59:45: error: cannot compare a number with the text 'weak'"]),
    # events, options and their order
    "an event id twice": (("events:\n", "events:\n  - {id: rhineland, date: 1936-04-01, title: x, text: x, "
                                         "assumption: x}\n"), [
        "45:9: error: event id 'rhineland' is used twice (first on line 44)"]),
    "a power with no options": (("      France:\n        - id: protest", "      Britain: []\n      France:\n"
                                                                          "        - id: protest"), [
        "50:16: error: Britain has no options in this event"]),
    "an order naming a power twice and one without options": ((OPTIONS, "    order: [France, France, Germany]\n" + OPTIONS), [
        "49:21: error: 'France' is listed twice in the order",
        "49:29: error: 'Germany' has no options in this event; the order lists the powers under 'options' (France)"]),
    "an order leaving a power out": ((OPTIONS, "    order: []\n" + OPTIONS), [
        "49:12: error: the order leaves out France; list every power under 'options'"]),
    "two historical options": ((MOBILISE_HINT, MOBILISE_HINT + "          historical: true\n"), [
        "51:9: error: France has 2 historical options (protest, mobilise); at most one"]),
    "an option id twice": (("        - id: mobilise", "        - id: protest"), [
        "57:15: error: option id 'protest' is used twice for France"]),
    # rules and their 'by:' lines
    "a rule id twice": (("rules:\n", 'rules:\n  - {id: league_collapse, effects: [], text: "x", assumption: "x"}\n'), [
        "75:9: error: rule id 'league_collapse' is used twice here"]),
    "else_effects without chance": ((LEAGUE_WHEN, LEAGUE_WHEN + '    else_effects: ["stance.France -= 0.1"]\n'), [
        "76:19: error: 'else_effects' only applies with a 'chance'"]),
    "historical without chance": ((LEAGUE_WHEN, LEAGUE_WHEN + "    historical: fires\n"), [
        "76:17: error: 'historical' marks the outcome of a 'chance'; this rule has none"]),
    "every in a resolve rule": ((RESOLVE_WHEN, RESOLVE_WHEN + "        every: month\n"), [
        "69:16: error: 'every' is for background rules (under 'rules'); an event's 'resolve' rules run when "
        "the event does"]),
    "by: an option without its event in a background rule": (by("{France: protest}"), [
        "77:18: error: write EVENT.OPTION: a background rule belongs to no event ('protest')"]),
    "by: a power that does not decide the event": (by("{Germany: rhineland.protest}"), [
        "77:19: error: Germany does not decide 'rhineland', so no line can say what it chose there"]),
    "by: an unknown option": (by("{France: [rhineland.protets]}"), [
        "77:19: error: France has no option 'protets' in 'rhineland' (did you mean 'protest'?); "
        "its options there: protest, mobilise"]),
    "by: an unknown event": (by("{France: rhinland.protest}"), [
        "77:18: error: unknown event 'rhinland' (did you mean 'rhineland'?); known: rhineland"]),
    "by: an unknown power": (by("{Frnace: rhineland.protest}"), [
        "77:10: error: unknown power 'Frnace' (did you mean 'France'?); powers: Germany, France, Britain"]),
    # endings and aims
    "an ending id twice": (("  - id: status_quo", "  - id: withdrawal"), [
        "87:9: error: ending id 'withdrawal' is used twice"]),
    "a fallback ending with a condition": (("    fallback: true\n", '    fallback: true\n    when: "true"\n'), [
        "91:11: error: the fallback ending applies when no other does; remove 'when'"]),
    "an ending without a condition": ((WITHDRAWAL_WHEN, "    priority: 10"), [
        "81:5: error: ending 'withdrawal' needs a 'when' condition (or 'fallback: true')"]),
    "two fallback endings": ((WITHDRAWAL_WHEN, "    fallback: true\n    priority: 10"), [
        "87:5: error: exactly one ending needs 'fallback: true' (found 2)"]),
    "an aim id twice and aims of an unknown power": ((ENDING_TAIL, ENDING_TAIL + 'aims:\n  France:\n    - {id: a, text: "x", when: "true", assumption: "x"}\n'
        '    - {id: a, text: "y", when: "true", assumption: "x"}\n  Frnace: []\n'), [
        "96:12: error: aim id 'a' is used twice for France",
        "97:3: error: unknown power 'Frnace' (did you mean 'France'?); powers: Germany, France, Britain"]),
    # relations the map draws
    "a pact with 'to'": ((TERRITORIES, RELATION % "kind: pact, powers: [France, Britain], to: [Germany]"), [
        "31:90: error: a pact lists all its members in 'powers', without 'to'"]),
    "an alliance of one power": ((TERRITORIES, RELATION % "kind: alliance, powers: [France, France]"), [
        "31:71: error: an alliance needs at least two powers"]),
    "a war without 'to'": ((TERRITORIES, RELATION % "kind: war, powers: [France]"), [
        "31:53: error: a war needs 'to': the powers it is fought against"]),
    "a guarantee without 'to'": ((TERRITORIES, RELATION % "kind: guarantee, powers: [France]"), [
        "31:53: error: a guarantee needs 'to': the powers it is given to"]),
    "an occupation without 'to'": ((TERRITORIES, RELATION % "kind: occupation, powers: [Germany]"), [
        "31:53: error: an occupation needs 'to': the states occupied"]),
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


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


@pytest.mark.parametrize("month", range(1, 13))
def test_the_default_subtitle_names_every_month_in_english(month):
    text = edited("start: 1936-03-01", f"start: 1936-{month:02d}-01").replace("end: 1936-12-31",
                                                                           f"end: 1937-{month:02d}-28")
    text = text.replace("date: 1936-03-07", f"date: 1936-{month:02d}-07")
    spec, diagnostics = check(text)
    assert diagnostics == []
    assert spec.subtitle == f"{MONTHS[month - 1]} 1936 - {MONTHS[month - 1]} 1937"


@pytest.mark.parametrize("line,expected", [
    ("start: 1936-02-30", "5:8: error: '1936-02-30' is not a real date (day is out of range for month)"),
    ("end: 1936-02-30", "6:6: error: '1936-02-30' is not a real date (day is out of range for month)"),
])
def test_a_start_or_end_that_is_no_date_is_reported_not_a_crash(line, expected):
    """No subtitle can be made from it, and the checks that need both dates are skipped."""
    key = line.split(":")[0]
    spec, diagnostics = check(edited(f"{key}: 1936-{'03-01' if key == 'start' else '12-31'}", line))
    assert spec is None and diagnostics == [expected]


def test_a_draw_site_is_the_crc32_of_its_id_in_24_bits():
    """Stable across runs and file order: saved games and challenge results replay by it."""
    for name in ("rhineland", "munich", "a", "ü"):
        assert site(name) == zlib.crc32(name.encode("utf-8")) % 2**24
    assert site("rhineland") != site("munich")
    assert max(site(str(i)) for i in range(2000)) > 2**23


def test_an_option_without_sources_or_assumption_inherits_its_event_sources():
    """Its own note stays; an option with an assumption keeps it and inherits nothing."""
    own = '          effects: ["stance.France += 0.1", "league_credibility -= 0.1"]\n'
    spec, diagnostics = check(edited(own + "          sources: [taylor]\n", own + '          note: "own note"\n'))
    assert diagnostics == []
    taylor = "A.J.P. Taylor, The Origins of the Second World War (1961)"
    protest, mobilise = spec.events[0].options["France"]
    assert (protest.rule.provenance.note, protest.rule.provenance.sources,
            protest.rule.provenance.assumption) == ("own note", (taylor,), None)
    assert (mobilise.rule.provenance.sources, mobilise.rule.provenance.assumption) == (
        (), "Hitler's reaction follows the chosen setting.")


def test_ids_and_draw_sites_of_events_and_rules():
    """An event's resolve rules are named EVENT.RULE; draw sites hash 'event:'/'rule:' + id, so
    moving a rule in the file keeps its chance numbers."""
    spec, _ = check(MINI)
    event = spec.events[0]
    assert event.draw_site == site("event:rhineland")
    assert [(r.id, r.draw_site) for r in event.resolve] == [
        ("rhineland.remilitarised", site("rule:rhineland.remilitarised"))]
    assert [(r.id, r.draw_site) for r in spec.rules] == [("league_collapse", site("rule:league_collapse"))]
    assert [o.rule.id for o in event.options["France"]] == ["rhineland.France.protest", "rhineland.France.mobilise"]


def test_events_run_in_date_order_and_endings_by_priority():
    text = edited("events:\n", "events:\n  - {id: later, date: 1936-05-01, title: x, text: x, assumption: x}\n"
                               "  - {id: same_day, date: 1936-03-07, title: x, text: x, assumption: x}\n")
    text = text.replace("priority: 10", "priority: -5")
    spec, diagnostics = check(text)
    assert diagnostics == []
    assert [e.id for e in spec.events] == ["same_day", "rhineland", "later"]  # file order breaks ties
    assert [(e.id, e.priority) for e in spec.endings] == [("status_quo", 0), ("withdrawal", -5)]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n"])
def test_a_file_that_is_not_a_mapping_says_what_a_scenario_is(text):
    spec, diagnostics = check(text)
    assert spec is None
    assert diagnostics == ["1:1: error: a scenario file must be a mapping of keys such as 'id', 'powers', 'events'"]


def test_load_scenario_raises_every_error_and_check_scenario_names_the_file(tmp_path):
    from game.scenario import DataFileError, check_scenario, load_scenario

    path = tmp_path / "bad.yaml"
    path.write_text(edited("end: 1936-12-31", "end: 1936-02-01"))
    spec, diagnostics = check_scenario(path)
    assert spec is None and [str(d) for d in diagnostics.sorted()][0] == (
        f"{path}:6:6: error: 'end' must be after 'start'")
    with pytest.raises(DataFileError) as caught:
        load_scenario(path)
    assert [f"{d.line}:{d.col}" for d in caught.value.diagnostics] == ["6:6", "45:11"]


def test_an_attribute_keeps_its_words_and_a_default_on_its_minimum_is_accepted():
    text = edited(STANCE, '  stance: {min: -1, max: 1, default: 0, note: "n", title: "Stance toward Germany", '
                          'min_label: hostile, max_label: aligned}\n')
    spec, diagnostics = check(text.replace(WILL, 'will: {min: 0, max: 1, default: 0,'))
    assert diagnostics == []
    stance, will = spec.attributes
    assert (stance.note, stance.title, stance.min_label, stance.max_label) == (
        "n", "Stance toward Germany", "hostile", "aligned")
    assert (will.low, will.high, will.default) == (0.0, 1.0, 0.0)


def test_every_unknown_name_in_trust_and_power_attributes_is_reported_not_only_the_first():
    text = edited("France: {Britain: 0.6}", "France: {Britian: 0.6, Germny: 0.1}\n  Frnace: {}\n  Brtain: {}")
    text = text.replace(GERMANY, "Germany: {name: Germany, attributes: {stanse: 1, wil: 0.8}}")
    spec, diagnostics = check(text)
    assert spec is None
    assert [d.split(": error: ")[1].split(" (")[0] for d in diagnostics] == [
        "unknown attribute 'stanse'", "unknown attribute 'wil'", "unknown power 'Britian'",
        "unknown power 'Germny'", "unknown power 'Frnace'", "unknown power 'Brtain'"]


@pytest.mark.parametrize("value", ["-1.5", "1.5"])
def test_trust_outside_minus_one_to_one_is_an_error_at_the_value(value):
    spec, diagnostics = check(edited("France: {Britain: 0.6}", f"France: {{Britain: {value}}}"))
    assert spec is None and diagnostics == ["24:21: error: trust must be between -1 and 1"]


def test_a_global_keeps_its_note_and_an_order_names_every_power_with_options():
    text = edited(LEAGUE + ' title: "League credibility"}',
                  LEAGUE + ' title: "League credibility", note: "n"}')
    spec, _ = check(text)
    assert spec.globals[0].note == "n"
    spec, diagnostics = check(edited(OPTIONS, "    order: [Britain]\n    options:\n      Germany:\n"
                                              "        - {id: stay, text: x, assumption: x}\n      France:\n"))
    assert diagnostics == ["49:12: error: the order leaves out Germany, France; list every power under 'options'",
                           "49:13: error: 'Britain' has no options in this event; the order lists the powers "
                           "under 'options' (Germany, France)"]


def test_a_bad_condition_of_an_ending_or_an_aim_is_reported_at_its_column():
    spec, diagnostics = check(edited(WITHDRAWAL_WHEN, WITHDRAWAL_WHEN.replace("withdrew", "withdraw")))
    assert spec is None and diagnostics == [
        "84:17: error: unknown flag 'hitler_withdraw' (did you mean 'hitler_withdrew'?); "
        "flags: rhineland_remilitarised, hitler_withdrew"]
    spec, diagnostics = check(MINI + 'aims:\n  France:\n    - {id: a, text: "x", when: "flag.nope", assumption: "x"}\n')
    assert spec is None and diagnostics == [
        "95:38: error: unknown flag 'nope'; flags: rhineland_remilitarised, hitler_withdrew"]


def test_aims_and_endings_carry_what_the_file_says():
    spec, diagnostics = check(MINI + 'aims:\n  France:\n    - {id: a, text: "Keep the Rhineland free", '
                                     'when: "not flag.rhineland_remilitarised", assumption: "x"}\n')
    assert diagnostics == []
    (aim,) = spec.aims
    assert (aim.id, aim.power, aim.text, aim.when.text, aim.provenance.assumption) == (
        "a", "France", "Keep the Rhineland free", "not flag.rhineland_remilitarised", "x")
    withdrawal, status_quo = spec.endings
    assert (withdrawal.title, withdrawal.text, withdrawal.when.text, withdrawal.fallback) == (
        "Hitler backs down", "The troops march back.", "flag.hitler_withdrew", False)
    assert (status_quo.when, status_quo.fallback, status_quo.provenance.sources) == (
        None, True, ("A.J.P. Taylor, The Origins of the Second World War (1961)",))


def test_aims_after_an_unknown_power_are_still_checked_and_a_bad_source_is_reported_at_its_name():
    # An unknown power's aims are skipped, not the rest of the list: the author sees every
    # fault of the file in one run, each where it is (mutants aims_18 and aims_54).
    spec, diagnostics = check(MINI + 'aims:\n  Frnace: []\n  France:\n'
                                     '    - {id: a, text: "x", when: "flag.nope", sources: [tayler]}\n')
    assert spec is None and diagnostics == [
        "94:3: error: unknown power 'Frnace' (did you mean 'France'?); powers: Germany, France, Britain",
        "96:38: error: unknown flag 'nope'; flags: rhineland_remilitarised, hitler_withdrew",
        "96:55: error: unknown source 'tayler' (did you mean 'taylor'?); known: taylor"]
