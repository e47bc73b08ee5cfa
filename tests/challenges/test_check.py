"""`check`: every route (or a sample), lowest/typical/highest score, a model answer, the
decisions that move the score, chance against choices; validate's fast part."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.challenges import list_challenges, load_challenge
from game.challenges.explore import explore, report
from game.challenges.run import new_game, score
from game.challenges.validate import check_challenge_file

from .helpers import FIXTURES, SMALL

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "scenarios" / "challenges"
RHINELAND = SAMPLES / "france_rhineland_1936.yaml"
SUDETEN = SAMPLES / "france_sudeten_1938.yaml"


def _game(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=REPO, capture_output=True, text=True)


@pytest.fixture(scope="module")
def rhineland():
    return load_challenge(RHINELAND)


def test_check_visits_every_route_of_a_small_tree(rhineland):
    found = explore(rhineland, chance_worlds=0)
    assert found.complete and len(found.routes) == 4
    assert len({r.keys for r in found.routes}) == 4
    assert (found.lowest, found.highest) == (1, 5) and found.lowest <= found.typical <= found.highest


def test_a_route_explored_by_forking_scores_as_a_replay_from_the_start(rhineland):
    """The tree is walked on copies of running games; each leaf must equal a fresh replay."""
    for route in explore(rhineland, chance_worlds=0).routes:
        replayed = new_game(rhineland, rhineland.worlds_seed, route.keys)
        assert replayed.is_over() and score(rhineland, replayed).points == route.score


def test_check_samples_routes_when_the_tree_is_larger_than_the_limit(rhineland):
    found = explore(rhineland, limit=2, chance_worlds=0)
    assert not found.complete and len(found.routes) == 2
    assert "a sample" in report(found)
    assert explore(rhineland, limit=2, chance_worlds=0).routes == found.routes  # same sample every time


def test_check_prints_a_model_answer_that_passes(rhineland):
    found = explore(rhineland, chance_worlds=0)
    model = found.model_answer
    assert model is not None and model.passed and model.score == found.highest
    assert ("rhineland", "France", "mobilise") in model.keys
    text = report(found)
    assert "Model answer" in text and "Mobilise and march into the Rhineland" in text
    assert "A pass is reachable: 2 of 4 routes pass" in text


def test_check_ranks_the_decisions_that_move_the_score(rhineland):
    effects = explore(rhineland, chance_worlds=0).decisions()
    assert effects[0].event == "rhineland" and effects[0].effect == 4
    assert "moves it by 4 points" in report(explore(rhineland, chance_worlds=0))


def test_check_warns_when_chance_moves_the_score_more_than_choices_do(tmp_path):
    """The Sudeten sample with one fixed world: luck decides more than the student."""
    fixed = tmp_path / "fixed.yaml"
    fixed.write_text(SUDETEN.read_text().replace("chance: {worlds: 1000}", "chance: fixed"))
    found = explore(load_challenge(fixed), chance_worlds=100)
    assert found.chance_dominates, (found.chance_spread, found.choice_spread)
    assert "WARNING: chance moves the score more than choices do" in report(found)
    scored = explore(load_challenge(SUDETEN), chance_worlds=100)
    assert "luck does not decide it" in report(scored)


def _impossible(tmp_path: Path) -> Path:
    """The small challenge where the Soviet objective can never hold and the mark needs it."""
    shutil.copy(FIXTURES / "small.yaml", tmp_path / "small.yaml")
    path = tmp_path / "impossible.yaml"
    path.write_text(SMALL.read_text().replace('when: "flag.soviets_fight"',
                                              'when: "flag.soviets_fight and not flag.war"')
                    .replace("pass_mark: 3", "pass_mark: 4"))
    return path


def test_check_says_when_no_route_reaches_the_pass_mark_and_exits_1(tmp_path):
    run = _game("check", str(_impossible(tmp_path)), "--worlds", "20")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "WARNING: no route reaches the pass mark" in run.stdout
    assert "The best route (it does not pass)" in run.stdout
    ok = _game("check", str(RHINELAND), "--worlds", "20")
    assert ok.returncode == 0 and "Model answer" in ok.stdout, ok.stderr


def test_validate_warns_no_route_reaches_the_pass_mark(tmp_path):
    path = _impossible(tmp_path)
    warnings = [str(d) for d in check_challenge_file(path).warnings]
    assert any("no route reaches the pass mark" in w and f"{path}:28:12:" in w for w in warnings), warnings
    assert not any("no route" in str(d) for d in check_challenge_file(SMALL).items)


@pytest.mark.parametrize("path", sorted(list_challenges()), ids=lambda p: p.name)
def test_every_sample_challenge_can_be_passed(path):
    assert not any("no route" in str(d) for d in check_challenge_file(path).items)


def test_check_rejects_a_bad_routes_count():
    run = _game("check", str(RHINELAND), "--routes", "0")
    assert run.returncode == 2 and "from 1 to" in run.stderr


def test_no_route_warning_names_the_required_objective_when_the_points_suffice(tmp_path):
    """Enough points but a required objective that never holds: the warning says which one."""
    rhineland = tmp_path / "required.yaml"
    text = RHINELAND.read_text()
    when = 'when: "trust.Czechoslovakia.France >= 0.5"'
    assert when in text
    # the last objective (1 point) becomes required and can never hold; the others' 4 points still suffice
    text = text.replace(when, 'when: "trust.Czechoslovakia.France >= 0.5 and trust.Czechoslovakia.France < 0.5"')
    rhineland.write_text(text.replace("id: prague_trusts_paris", "id: prague_trusts_paris\n    required: true"))
    challenge = load_challenge(rhineland)
    assert challenge.objectives[-1].required
    found = explore(challenge, chance_worlds=0)
    assert not found.passing and found.best.score >= challenge.pass_mark, (found.best, challenge.pass_mark)
    text = report(found)
    assert "but the required objective 'Czechoslovakia still trusts France" in text, text
