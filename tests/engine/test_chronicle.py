"""The chronicle a traced game keeps: one turn record per event, and log entries that say
what changed, who chose what, why, and on which sources."""

from __future__ import annotations

from game.engine import AI, HISTORY, Game

PARKER = "R.A.C. Parker, Chamberlain and Appeasement (1993)"
# The fields pinned here; the plain-language reason and actor tags have their own tests.
FIELDS = ("date", "text", "rule", "sources", "kind", "power", "why", "changes")


def test_history_replay_of_the_small_scenario_is_chronicled_entry_by_entry(small_spec):
    game = Game(small_spec, default_controller=HISTORY).run()
    assert [{k: e.to_json()[k] for k in FIELDS} for e in game.log] == [
        {"date": "1938-09-15", "text": "France: Press Prague to cede", "rule": "crisis.France.press_prague",
         "sources": [PARKER], "kind": "choice", "power": "France", "why": "what happened in history",
         "changes": []},
        {"date": "1938-09-15", "text": "Soviet Union: Aid if France does", "rule": "crisis.USSR.aid_if_france",
         "sources": [PARKER], "kind": "choice", "power": "USSR", "why": "what happened in history",
         "changes": []},
        {"date": "1938-09-15", "text": "stance.France: -0.50 -> -0.30", "rule": "crisis.France.press_prague",
         "sources": [PARKER], "kind": "effect", "power": "France", "why": "",
         "changes": ["stance.France: -0.50 -> -0.30"]},
        {"date": "1938-09-15", "text": "Moscow draws its conclusions from Munich.", "rule": "soviet_gloom",
         "sources": [PARKER], "kind": "effect", "power": None, "why": "because flag.munich",
         "changes": ["stance.USSR: -0.80 -> -0.50", "trust.USSR.France: 0.20 -> -0.30"]},
        {"date": "1938-10-01", "text": "German troops occupy the Sudetenland.", "rule": "crisis.cession",
         "sources": [PARKER], "kind": "effect", "power": None, "why": "because not flag.war",
         "changes": ["territory.sudetenland: Czechoslovakia -> Germany", "flag.munich: no -> yes",
                     "german_strength: 0.50 -> 0.60"]},
        {"date": "1938-12-31", "text": "Ending: Peace for our time", "rule": "ending.peace", "sources": [PARKER],
         "kind": "ending", "power": None, "why": "no other ending applied", "changes": []},
    ]


def test_each_event_that_happens_is_one_numbered_turn(small_spec):
    game = Game(small_spec, default_controller=HISTORY).run()
    assert [(t.turn, t.event, t.title, t.choices) for t in game.turns] == [
        (1, "crisis", "Sudeten crisis", {"France": "press_prague", "USSR": "aid_if_france"}),
    ]
    record = game.turns[0].to_json()
    assert (record["turn"], record["date"], record["event"], record["title"]) == (1, "1938-09-15", "crisis",
                                                                                 "Sudeten crisis")
    assert record["choices"] == {"France": "press_prague", "USSR": "aid_if_france"}
    assert [e["rule"] for e in record["log"]] == [
        "crisis.France.press_prague", "crisis.USSR.aid_if_france", "crisis.France.press_prague", "soviet_gloom",
        "crisis.cession", "ending.peace"]
    assert game.state.turns.tolist() == [1]


def test_war_path_counts_two_turns_and_names_the_ending_condition(small_spec):
    game = Game(small_spec, humans=["France"], seed=0).run()
    game.apply("honour")
    assert [(t.turn, t.event) for t in game.turns] == [(1, "crisis"), (2, "aftermath")]
    assert game.state.turns.tolist() == [2]
    player = game.log[0]
    assert (player.kind, player.power, player.why) == ("choice", "France", "chosen by the player")
    germany = next(e for e in game.log if e.kind == "choice" and e.power == "Germany")
    assert germany.sources == ("Model assumption: Test only.",)
    ending = game.log[-1]
    assert ending.kind == "ending" and ending.rule == f"ending.{game.ending().id}"
    assert ending.why.startswith("because flag.war and german_strength")
    assert ending.text == f"Ending: {game.ending().title}"


def test_every_world_counts_its_own_turns(small_spec):
    """Worlds that go to war live through two events, the others through one."""
    game = Game(small_spec, default_controller=AI, worlds=200, seed=2).run()
    war = game.state.flags[small_spec.flag_index("war")]
    assert set(game.state.turns[war].tolist()) == {2}
    assert set(game.state.turns[~war].tolist()) == {1}
    assert war.any() and (~war).any()


def test_option_views_carry_text_hint_and_history(mini_spec):
    game = Game(mini_spec, humans=["France"]).run()
    protest, mobilise = game.decision().options
    assert (protest.id, protest.text, protest.hint, protest.historical, protest.legal, protest.reason) == (
        "protest", "Protest, but do not mobilise without Britain", "Keeps the peace; Germany gains confidence.",
        True, True, "")
    assert (mobilise.text, mobilise.hint, mobilise.historical) == (
        "Mobilise and march", "Risks war without British support.", False)


def test_ending_result_carries_title_text_and_date(mini_spec):
    game = Game(mini_spec, humans=["France"]).run()
    game.apply("mobilise")
    ending = game.ending()
    assert (ending.id, ending.title, ending.text) == ("withdrawal", "Hitler backs down", "The troops march back.")
    assert ending.date == game.state.ending_date[0]
