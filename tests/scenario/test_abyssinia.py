"""The second shipped scenario, the Abyssinian crisis of 1935-36: history, its contested
question, and every driver (replay, text play, simulate, what-if, coverage, a challenge) on it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from game.engine import HISTORY, Game
from game.engine.dates import iso
from game.scenario import check_scenario, list_scenarios, load_scenario
from game.whatif.coverage import coverage
from game.whatif.runner import Plan, run

PATH = next(p for p in list_scenarios() if p.stem == "abyssinia1935")


@pytest.fixture(scope="module")
def spec():
    return load_scenario(PATH)


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          timeout=300)


def test_abyssinia_validates_without_warnings_on_its_own_map():
    spec, diagnostics = check_scenario(PATH)
    assert spec is not None and not diagnostics.errors and not diagnostics.warnings, diagnostics.sorted()
    assert spec.map.shapes is not None and spec.map.shapes.endswith("abyssinia1935.geojson")
    assert spec.main_attribute().label == "Stance toward Italy"


def test_abyssinia_history_ends_with_the_fall_of_addis_ababa(spec):
    game = Game(spec, default_controller=HISTORY, historical_chance=True).run()
    ending = game.ending()
    assert ending.id == "empire" and iso(ending.date) == "1936-05-05"
    snapshot = game.snapshot()
    assert snapshot["territory"]["tigray"] == "Italy" and snapshot["territory"]["ogaden"] == "Italy"
    dated = {entry.text: iso(entry.date) for entry in game.log}
    assert dated["Mekele and the rest of Tigray are in Italian hands."] == "1935-11-01"  # monthly rule
    assert dated["Sanctions come into force on 18 November: no arms, credit or imports from Italy; "
                 "oil, coal and steel are not on the list."] == "1935-11-18"  # 'after: 39 days'


def test_abyssinia_empire_ending_says_whether_sanctions_were_ever_applied(spec):
    """Texts with values: without British leadership there are no sanctions, and the ending
    does not say they were lifted."""
    history = Game(spec, default_controller=HISTORY, historical_chance=True).run().ending()
    assert history is not None and "Sanctions are lifted in July." in history.text
    game = Game(spec, default_controller=HISTORY, historical_chance=True,
                controllers={"Britain": {"sanctions_vote": "token"}}).run()
    ending = game.ending()
    assert ending is not None and ending.id == "empire"
    assert "The League never applied sanctions." in ending.text and "lifted" not in ending.text


def test_abyssinia_addis_briefing_and_stalemate_ending_follow_the_advance(spec):
    """Where the Italian advance falls short, the briefing does not say Badoglio reached the
    capital, and the ending names what Italy does hold."""
    game = Game(spec, settings={"ethiopian_resistance": 1.0}, default_controller=HISTORY, historical_chance=True,
                controllers={"Ethiopia": {"maychew": "withdraw"}}).run()
    addis = next(turn for turn in game.turns if turn.event == "addis")
    assert addis.text == "Badoglio's columns have not reached Addis Ababa; the Emperor holds his capital."
    ending = game.ending()
    assert ending is not None and ending.id == "stalemate"
    assert ending.text.startswith("By July 1936 the Italian armies have not taken the capital, though Tigray is "
                                  "theirs.")
    history = Game(spec, default_controller=HISTORY, historical_chance=True).run()
    assert next(t for t in history.turns if t.event == "addis").text.startswith("Badoglio's column reaches Addis")


def test_abyssinia_oil_embargo_question_follows_the_setting(spec):
    """Britain presses for oil and France supports it: how often Italy halts depends on the
    contested setting (the scenario's one open question)."""
    controllers = {"Britain": {"sanctions_vote": "lead", "oil": "press", "hoare_laval": "refuse"},
                   "France": {"sanctions_vote": "follow", "oil": "support"}}
    shares = {}
    for value in ("decisive", "marginal"):
        plan = Plan(spec, settings={"oil_embargo_effect": value}, controllers=controllers, worlds=2000, war="flag.war")
        rows = {row.id: row.share for row in run(plan, processes=1).endings()}
        shares[value] = rows["italy_halted"]
    assert shares["decisive"] > 0.35 and shares["decisive"] > 3 * shares["marginal"], shares


def test_abyssinia_has_no_dead_content_under_the_believer_reading(spec):
    result = coverage(spec, spec.preset_settings("believer"), worlds=1000)
    assert (result.dead_events(), result.dead_options(), result.dead_rules(), result.dead_endings()) == (
        [], [], [], [])


def test_abyssinia_runs_in_replay_text_play_simulate_and_whatif(tmp_path):
    replay = _cli("replay", "abyssinia1935")
    assert replay.returncode == 0 and "ENDING (5 May 1936): The Italian empire" in replay.stdout
    play = _cli("play", "--text", "abyssinia1935", "--as", "Ethiopia", stdin="1\n" * 10)
    assert play.returncode == 0, play.stderr
    assert "Stance toward Italy (-1 hostile ... +1 accommodating)" in play.stdout or "ENDING" in play.stdout
    choices = tmp_path / "choices.yaml"
    choices.write_text("powers: [Britain]\nsanctions_vote: lead\noil: press\nhoare_laval: refuse\n", encoding="utf-8")
    simulate = _cli("simulate", "abyssinia1935", "--choices", str(choices), "--json")
    assert simulate.returncode == 0, simulate.stderr
    assert json.loads(simulate.stdout)["scenario"] == "abyssinia1935"
    whatif = _cli("whatif", "abyssinia1935", "--worlds", "300", "--attribute", "italian_advance", "--json")
    assert whatif.returncode == 0, whatif.stderr
    data = json.loads(whatif.stdout)
    assert data["war"] == "flag.war" and "italian_advance" in data["runs"][0]


def test_abyssinia_challenge_is_played_and_graded(tmp_path):
    from game.challenges.load import load_challenge
    from game.resources import builtin_challenges

    path = next(p for p in builtin_challenges() if p.stem == "britain_sanctions_1935")
    challenge = load_challenge(path)
    assert challenge.scenario_path.resolve() == PATH.resolve()
    justification = "Britain must lead the League as it promised at Geneva in September"
    # Britain decides three times (sanctions, oil, the Hoare-Laval plan): history each time.
    lines = [""] + ["1", justification] * 3 + ["Ada", str(tmp_path / "ada.json")]
    done = _cli("play", "--challenge", str(path), "--text", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    assert "CHALLENGE RESULT:" in done.stdout
    grade = _cli("grade", str(tmp_path / "ada.json"), "--challenge", str(path))
    assert grade.returncode == 0, grade.stderr
    assert "Ada" in grade.stdout
