"""The historical scenario scenarios/europe1936.yaml: its replay, its endings, its settings.

Each ending test gives a path of choices (controllers {power: {event id: option id}}; every
other choice is what happened in history) and runs it over many seeded worlds, because most
counterfactual outcomes go through chance rules. The assertion is that the ending is the
most frequent one on that path, which pins the rule without pinning one random draw.
"""

from __future__ import annotations

from collections import Counter

import pytest

from game.engine import HISTORY, Game
from game.engine.dates import iso
from game.scenario import load_scenario
from game.scenario.registry import SCENARIO_DIR

PATH = SCENARIO_DIR / "europe1936.yaml"
WORLDS = 400


@pytest.fixture(scope="module")
def spec():
    return load_scenario(PATH)


def history_with(spec, overrides: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Controllers taking the historical option everywhere, except where ``overrides`` say."""
    controllers: dict[str, dict[str, str]] = {p.id: {} for p in spec.powers}
    for event in spec.events:
        for power, options in event.options.items():
            for option in options:
                if option.historical:
                    controllers[power][event.id] = option.id
    for power, choices in overrides.items():
        controllers[power].update(choices)
    return controllers


def endings(spec, overrides=None, settings=None, worlds=WORLDS, seed=1) -> Counter:
    game = Game(spec, settings=settings or {}, seed=seed, worlds=worlds,
                controllers=history_with(spec, overrides or {}), default_controller=HISTORY).run()
    assert game.is_over()
    return Counter(spec.endings[int(i)].id for i in game.state.ending)


def most_common(counter: Counter) -> str:
    return counter.most_common(1)[0][0]


# ------------------------------------------------------------------ validity and replay
def test_scenario_validates_without_warnings():
    """`python -m game validate` must report neither errors nor warnings."""
    from game.scenario import check_scenario

    spec, diagnostics = check_scenario(PATH)
    assert spec is not None
    assert not diagnostics.errors and not diagnostics.warnings, [str(d) for d in diagnostics.sorted()]


# (date, words that must appear in a chronicle line with that date)
TIMELINE = [
    ("1936-03-07", "stay in the Rhineland"),
    ("1936-03-19", "League Council condemns"),
    ("1936-05-09", "Italy annexes Ethiopia"),
    ("1936-07-15", "lifts its sanctions"),
    ("1936-07-17", "Spanish Civil War"),
    ("1936-07-25", "Army of Africa"),
    ("1936-08-01", "France proposes"),
    ("1936-09-09", "Non-Intervention Committee"),
    ("1936-10-01", "military aid to the Republic"),
    ("1936-10-14", "Belgium declares its return to neutrality"),
    ("1936-11-01", "Rome-Berlin Axis"),
    ("1936-11-25", "Anti-Comintern Pact"),
    ("1937-04-26", "Guernica"),
    ("1937-05-28", "Chamberlain becomes Prime Minister"),
    ("1937-06-12", "Tukhachevsky"),
    ("1937-09-14", "At Nyon"),
    ("1937-11-05", "Hossbach"),
    ("1937-11-06", "Italy joins the Anti-Comintern Pact"),
    ("1937-12-11", "Italy leaves the League"),
    ("1938-02-04", "personal command"),
    ("1938-02-20", "Eden resigns"),
    ("1938-03-12", "German troops cross into Austria"),
    ("1938-03-13", "Anschluss is proclaimed"),
    ("1938-03-17", "ultimatum to open diplomatic relations"),
    ("1938-03-17", "Lithuania gives way"),
    ("1938-03-17", "Litvinov declares"),
    ("1938-03-24", "Britain will not join talks"),
    ("1938-04-16", "Easter agreement"),
    ("1938-04-24", "Karlsbad"),
    ("1938-05-20", "partial mobilisation"),
    ("1938-05-20", "Britain warns Berlin"),
    ("1938-05-30", "Case Green"),
    ("1938-08-03", "Runciman"),
    ("1938-08-18", "Beck resigns"),
    ("1938-09-12", "Nuremberg speech"),
    ("1938-09-15", "Berchtesgaden"),
    ("1938-09-19", "presses Prague to cede"),
    ("1938-09-21", "Prague accepts the Anglo-French proposals"),
    ("1938-09-23", "Czechoslovakia mobilises"),
    ("1938-09-23", "warns Poland"),
    ("1938-09-26", "Great Britain and Russia will certainly stand by France"),
    ("1938-09-29", "Munich Agreement"),
    ("1938-09-30", "Anglo-German declaration"),
    ("1938-09-30", "Prague accepts the Munich terms"),
    ("1938-10-01", "occupy the Sudetenland"),
    ("1938-10-02", "Poland takes Teschen"),
    ("1938-10-05", "Benes resigns"),
    ("1938-11-02", "First Vienna Award"),
    ("1938-11-02", "southern strip of Ruthenia"),
    ("1938-11-09", "pogrom"),
    ("1938-11-16", "Anglo-Italian agreement comes into force"),
    ("1938-11-26", "non-aggression pact of 1932"),
    ("1938-12-06", "Franco-German declaration"),
    ("1939-02-27", "Britain recognises Franco"),
    ("1939-02-27", "France recognises Franco"),
    ("1939-03-10", "chestnuts"),
    ("1939-03-14", "Slovakia declares its independence"),
    ("1939-03-15", "Bohemia and Moravia"),
    ("1939-03-15", "Carpatho-Ukraine"),
    ("1939-03-22", "cede Memel"),
    ("1939-03-17", "Tilea"),
    ("1939-03-18", "Litvinov proposes a conference"),
    ("1939-03-19", "premature"),
    ("1939-03-23", "German troops enter Memel"),
    ("1939-03-31", "guarantee Poland"),
    ("1939-04-01", "Spanish Civil War over"),
    ("1939-04-07", "Italy invades Albania"),
    ("1939-04-13", "guarantee Romania and Greece"),
    ("1939-04-17", "Litvinov proposes"),
    ("1939-04-17", "Merekalov calls on Weizsacker"),
    ("1939-04-26", "conscription"),
    ("1939-04-29", "counter-proposal"),
    ("1939-04-28", "renounces the German-Polish declaration"),
    ("1939-05-03", "Litvinov is dismissed"),
    ("1939-05-22", "Pact of Steel"),
    ("1939-06-15", "talks drag on"),
    ("1939-07-22", "Hudson's talks with Wohlthat"),
    ("1939-08-11", "military mission"),
    ("1939-08-14", "Voroshilov asks"),
    ("1939-08-15", "France presses Beck"),
    ("1939-08-19", "Beck refuses"),
    ("1939-08-23", "not excluded"),
    ("1939-08-19", "trade and credit agreement is signed"),
    ("1939-08-23", "non-aggression pact"),
    ("1939-08-25", "mutual assistance agreement"),
    ("1939-08-25", "halts the attack set for 26 August"),
    ("1939-09-01", "Germany invades Poland"),
    ("1939-09-03", "Britain declares war"),
    ("1939-09-03", "France declares war"),
    ("1939-09-17", "invades eastern Poland"),
    ("1939-09-28", "Boundary and Friendship Treaty"),
    ("1939-09-28", "Estonia signs a mutual-assistance pact"),
    ("1939-10-05", "Latvia signs a mutual-assistance pact"),
    ("1939-10-10", "Lithuania signs a mutual-assistance pact"),
    ("1939-11-30", "Winter War begins"),
    ("1939-12-14", "expels the Soviet Union"),
    ("1939-12-31", "Mannerheim line"),
]


@pytest.fixture(scope="module")
def replay(spec):
    return Game(spec, seed=0, default_controller=HISTORY).run()


@pytest.mark.parametrize("day,words", TIMELINE, ids=[f"{d}:{w}" for d, w in TIMELINE])
def test_replay_records_each_timeline_happening_on_its_date(replay, day, words):
    """Replaying history writes every dated happening of the timeline on its own date."""
    lines = [entry.text for entry in replay.log if iso(entry.date) == day]
    assert any(words.lower() in line.lower() for line in lines), (day, words, lines)


def test_replay_reaches_the_historical_ending(replay):
    """History ends with the pact and the war over Poland."""
    assert replay.ending().id == "historical"


def test_replay_chronicle_is_in_date_order(replay):
    """No chronicle line is dated before the one above it."""
    days = [entry.date for entry in replay.log]
    assert days == sorted(days)


def test_every_effect_line_in_the_replay_is_prose(replay):
    """Chronicle lines are sentences, not raw lists of changed numbers."""
    for entry in replay.log:
        assert "->" not in entry.text, entry.text


def test_historical_ending_is_the_most_frequent_under_ai(spec):
    """With default settings and the AI for every power, history is the modal outcome."""
    game = Game(spec, seed=0, worlds=10_000, default_controller="ai").run()
    counts = Counter(spec.endings[int(i)].id for i in game.state.ending)
    assert most_common(counts) == "historical", counts


def test_at_least_seven_endings_and_one_fallback(spec):
    """The scenario has at least seven endings, exactly one of them the fallback."""
    assert len(spec.endings) >= 7
    assert sum(e.fallback for e in spec.endings) == 1


# ------------------------------------------------------------------ one path per ending
FIRM_1938 = {
    "Britain": {"berchtesgaden": "warn", "munich_call": "stand_firm", "munich": "refuse", "deadline_1938": "refuse"},
    "France": {"berchtesgaden": "stand_by_treaty", "munich": "honour", "deadline_1938": "honour"},
    "Germany": {"hitler_decides": "attack"},
}


def merge(*paths):
    result: dict[str, dict[str, str]] = {}
    for path in paths:
        for power, choices in path.items():
            result.setdefault(power, {}).update(choices)
    return result


def test_ending_hitler_toppled_when_the_west_stands_firm_and_generals_are_ready(spec):
    """coup_1938: a firm Anglo-French stand and ready generals bring Hitler down."""
    counts = endings(spec, FIRM_1938, {"generals": "ready"})
    assert most_common(counts) == "hitler_toppled", counts


def test_ending_hitler_toppled_after_a_rhineland_retreat(spec):
    """coup_1936: France marches in 1936, Hitler retreats, the generals depose him."""
    counts = endings(spec, {"France": {"rhineland": "mobilise"}, "Britain": {"rhineland": "back_france"}},
                     {"hitler_nerve": "withdraw", "generals": "ready"})
    assert counts["hitler_toppled"] > WORLDS * 0.35, counts


def test_ending_war_1938_victory_with_a_strong_red_army_and_open_transit(spec):
    """spring_decision: a full coalition with Soviet help through Poland beats Germany."""
    path = merge(FIRM_1938, {"Poland": {"godesberg": "allow", "w38_poland": "join_allies"},
                             "Romania": {"godesberg": "transit"},
                             "Italy": {"w38_italy": "non_belligerent"}})
    counts = endings(spec, path, {"generals": "loyal", "red_army": 1, "transit": "open",
                                  "soviet_resolve_1938": "firm"})
    assert most_common(counts) == "war_1938_victory", counts


def test_ending_war_1938_long_without_soviet_help(spec):
    """A 1938 war without real Soviet help, and with Italy in, becomes a long war."""
    path = merge(FIRM_1938, {"Poland": {"w38_poland": "neutral"}, "Italy": {"w38_italy": "join_germany"}})
    counts = endings(spec, path, {"generals": "loyal", "red_army": 0, "soviet_resolve_1938": "bluff"})
    assert most_common(counts) == "war_1938_long", counts


def test_ending_soviet_isolation_when_moscow_fights_for_prague_alone(spec):
    """soviet_aid_alone: Prague refuses Munich and a firm Moscow fights without the West."""
    path = {"USSR": {"godesberg": "pledge_firm"}, "Czechoslovakia": {"czech_answer": "fight"},
            "Britain": {"sa_west": "stay_out"}, "France": {"sa_west": "stay_out"}}
    counts = endings(spec, path, {"soviet_resolve_1938": "firm"})
    assert most_common(counts) == "soviet_isolation", counts


def test_ending_soviet_isolation_when_poland_joins_germany(spec):
    """A Polish-German bloc without a German-Soviet pact leaves Moscow alone."""
    counts = endings(spec, {"Poland": {"danzig_demands": "accept"}, "Germany": {"trade_agreement": "leave"}})
    assert most_common(counts) == "soviet_isolation", counts


ALLIANCE_1939 = {
    "Britain": {"western_answer": "accept", "political_talks": "meet_terms", "moscow_talks": "senior"},
    "USSR": {"litvinov_dismissal": "keep", "the_pact": "alliance_west", "soviet_september": "aid_poland"},
}


def test_ending_allied_war_1939_when_the_alliance_is_made_and_hitler_strikes(spec):
    """allies_fight: the triple alliance is signed, Germany invades anyway, all three fight."""
    counts = endings(spec, merge(ALLIANCE_1939, {"Germany": {"invasion": "invade"}}), {"generals": "loyal"})
    assert most_common(counts) == "allied_war_1939", counts


def test_ending_grand_alliance_peace_when_hitler_is_deterred(spec):
    """The triple alliance is signed and Germany holds back."""
    counts = endings(spec, merge(ALLIANCE_1939, {"Germany": {"invasion": "hold"}}))
    assert most_common(counts) == "grand_alliance_peace", counts


def test_ending_grand_alliance_peace_after_hitler_backs_down_in_1938(spec):
    """grand_alliance_1938: a united front in 1938 makes Hitler back down and then lasts."""
    path = merge(FIRM_1938, {"Germany": {"hitler_decides": "back_down", "invasion": "hold"}})
    counts = endings(spec, path)
    assert most_common(counts) == "grand_alliance_peace", counts


def test_ending_west_alone_when_moscow_signs_with_no_one(spec):
    """Moscow stays neutral; Britain and France fight for Poland without it."""
    counts = endings(spec, {"USSR": {"the_pact": "neutral", "soviet_september": "aside"}})
    assert most_common(counts) == "west_alone", counts


def test_ending_pact_war_when_moscow_signs_but_does_not_invade(spec):
    """The pact and the war, but the USSR stands aside in September: not the historical ending."""
    counts = endings(spec, {"USSR": {"soviet_september": "aside"}})
    assert most_common(counts) == "pact_war", counts


def test_ending_partition_without_break_when_moscow_spares_finland(spec):
    """winter_war: the partition as in history, but no attack on Finland and so no expulsion."""
    counts = endings(spec, {"USSR": {"winter_war": "negotiate"}})
    assert most_common(counts) == "partition_without_break", counts


def test_ending_partition_without_break_when_london_will_not_expel(spec):
    """league_expels: the Council expels the USSR only if both Western powers vote for it."""
    counts = endings(spec, {"Britain": {"league_expels": "abstain"}})
    assert most_common(counts) == "partition_without_break", counts


def test_the_historical_ending_needs_both_western_declarations(spec):
    """The historical ending says Britain and France declared war: with France out it is pact_war."""
    counts = endings(spec, {"France": {"declarations": "conference"}})
    assert most_common(counts) == "pact_war", counts


def test_ending_total_appeasement_when_the_west_abandons_poland(spec):
    """abandoned: a second Munich leaves Germany master of the east without general war."""
    counts = endings(spec, {"Britain": {"declarations": "conference"}, "France": {"declarations": "conference"}})
    assert most_common(counts) == "total_appeasement", counts


def test_ending_uneasy_peace_when_hitler_keeps_to_munich(spec):
    """The fallback: Germany neither takes Prague nor invades Poland."""
    counts = endings(spec, {"Germany": {"prague": "keep_munich", "invasion": "hold"}})
    assert most_common(counts) == "uneasy_peace", counts


def test_every_ending_has_a_path(spec):
    """The tests above cover every ending in the file."""
    covered = {"hitler_toppled", "war_1938_victory", "war_1938_long", "soviet_isolation",
               "allied_war_1939", "grand_alliance_peace", "west_alone", "total_appeasement",
               "uneasy_peace", "historical", "pact_war", "partition_without_break"}
    assert {e.id for e in spec.endings} == covered


# ------------------------------------------------------------------ each setting matters
def test_setting_hitler_nerve_decides_the_rhineland_retreat(spec):
    """hitler_nerve_test: a French march makes Hitler retreat far more often if his nerve is weak."""
    path = {"France": {"rhineland": "mobilise"}}
    weak = endings(spec, path, {"hitler_nerve": "withdraw", "generals": "ready"})
    firm = endings(spec, path, {"hitler_nerve": "hold", "generals": "ready"})
    assert weak["hitler_toppled"] > firm["hitler_toppled"] + WORLDS * 0.2, (weak, firm)


def test_setting_soviet_resolve_decides_whether_moscow_fights_without_france(spec):
    """soviet_aid_alone: only a firm Moscow fights for a Prague abandoned by France."""
    path = {"USSR": {"godesberg": "pledge_firm"}, "Czechoslovakia": {"czech_answer": "fight"},
            "Britain": {"sa_west": "stay_out"}, "France": {"sa_west": "stay_out"}}
    firm = endings(spec, path, {"soviet_resolve_1938": "firm"})
    conditional = endings(spec, path, {"soviet_resolve_1938": "conditional"})
    assert firm["soviet_isolation"] > conditional["soviet_isolation"] + WORLDS * 0.5, (firm, conditional)


def test_setting_red_army_changes_the_war_of_1938(spec):
    """coalition_1938: with a road through Romania, a stronger Red Army (a shallower purge, so a
    higher readiness.USSR) makes a German defeat in 1938-39 likelier."""
    path = merge(FIRM_1938, {"Romania": {"godesberg": "transit"}, "Poland": {"w38_poland": "neutral"},
                             "Italy": {"w38_italy": "non_belligerent"}})
    strong = endings(spec, path, {"red_army": 1, "generals": "loyal", "soviet_resolve_1938": "firm"})
    weak = endings(spec, path, {"red_army": 0, "generals": "loyal", "soviet_resolve_1938": "firm"})
    assert strong["war_1938_victory"] > weak["war_1938_victory"] + WORLDS * 0.1, (strong, weak)


def test_setting_transit_changes_the_polish_answer_in_1939(spec):
    """transit_question: with transit open, an AI Poland sometimes lets the Red Army in, and the
    alliance becomes possible."""
    def run(value):
        controllers = history_with(spec, {})
        controllers.pop("Poland")
        controllers["USSR"].pop("the_pact")
        game = Game(spec, settings={"transit": value}, seed=3, worlds=2000,
                    controllers=controllers, default_controller="ai").run()
        flag = spec.flag_index("transit_poland_1939")
        return int(game.state.flags[flag].sum())
    assert run("open") > run("closed") + 100


def test_setting_generals_decides_the_coup_of_1938(spec):
    """coup_1938: ready generals topple Hitler when he orders war; loyal ones do not."""
    ready = endings(spec, FIRM_1938, {"generals": "ready"})
    loyal = endings(spec, FIRM_1938, {"generals": "loyal"})
    assert ready["hitler_toppled"] > loyal["hitler_toppled"] + WORLDS * 0.5, (ready, loyal)


def test_setting_stalin_1939_changes_moscow_choice(spec):
    """the_pact: an AI Stalin with a Western preference chooses the alliance more often."""
    path = {"Britain": ALLIANCE_1939["Britain"]}

    def alliance_count(value):
        controllers = history_with(spec, path)
        for event in ("litvinov_dismissal", "the_pact", "soviet_september", "trade_agreement", "transit_question"):
            controllers["USSR"].pop(event, None)
        game = Game(spec, settings={"stalin_1939": value}, seed=2, worlds=2000,
                    controllers=controllers, default_controller=HISTORY).run()
        return int(game.state.flags[spec.flag_index("grand_alliance")].sum())
    assert alliance_count("west") > alliance_count("germany") + 200


def test_setting_time_to_rearm_changes_deterrence_in_1939(spec):
    """invasion: if delay favoured the West, an AI Hitler facing the alliance strikes less often."""
    def invaded(value):
        controllers = history_with(spec, ALLIANCE_1939)
        controllers["Germany"].pop("invasion")
        game = Game(spec, settings={"time_to_rearm": value}, seed=4, worlds=4000,
                    controllers=controllers, default_controller=HISTORY).run()
        return int(game.state.flags[spec.flag_index("poland_invaded")].sum())
    assert invaded("germany") > invaded("west") + 50


def test_replay_is_the_same_chronicle_on_seeds_0_to_9(capsys):
    """Every chance draw on the historical path is marked 'historical', and replay forces it."""
    from game.cli import main

    texts = set()
    for seed in range(10):
        assert main(["replay", "--seed", str(seed)]) == 0
        texts.add(capsys.readouterr().out)
    assert len(texts) == 1


def test_every_chance_rule_marks_its_historical_outcome():
    from game.scenario import load_scenario

    spec = load_scenario(PATH)
    rules = [*spec.rules, *(r for e in spec.events for r in e.resolve)]
    unmarked = [r.id for r in rules if r.chance is not None and r.historical is None]
    assert unmarked == []
